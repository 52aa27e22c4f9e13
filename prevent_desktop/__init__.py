"""Prevent Desktop: an offline, encrypted Prevent record for a Designated Safeguarding Officer."""

__version__ = "0.1.0"
APP_NAME = "PreventDesktop"
