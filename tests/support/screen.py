"""The screen UI tests run on: Qt's offscreen platform with one screen the size of the area windows get on a DSO's
1366x768 Windows laptop, 768 px less the 40 px taskbar (Qt's own offscreen default is 800x800; it has no taskbar,
so the screen itself is the work area). Windows are sized and fitted as there (tests/ui/test_accessibility.py)."""

from __future__ import annotations

import os
from pathlib import Path

SCREEN_FILE = Path(__file__).resolve().parent / "laptop-screen.json"
WIDTH, HEIGHT = 1366, 768  # the laptop's screen
TASKBAR = 40
WORK_AREA = (WIDTH, HEIGHT - TASKBAR)  # what the offscreen screen is (laptop-screen.json)


def laptop_platform(current: str | None) -> str:
    """The QT_QPA_PLATFORM to use: the offscreen platform with the laptop screen, unless another platform (a real
    X server) was asked for. A drive letter would end Qt's ':'-separated options, so Windows gets a relative name."""
    if current not in (None, "", "offscreen"):
        return str(current)
    name = str(SCREEN_FILE) if ":" not in str(SCREEN_FILE) else os.path.relpath(SCREEN_FILE)
    return f"offscreen:configfile={name}"
