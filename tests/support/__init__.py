"""Test-only helpers that run in the test process or in the subprocesses the tests start (never shipped)."""
