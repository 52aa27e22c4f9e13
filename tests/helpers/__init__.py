"""Test helpers: template vaults, the fail-on-log check, the clock (see each module)."""
