"""The Qt binding itself must not corrupt the interpreter.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call that returns nothing (``setText``,
``index.data()`` with no value, ...). On Python before 3.12 ``None`` is not immortal, so a long session ends in
"Fatal Python error: none_dealloc" — a crash with the vault open. pyproject.toml keeps that release out; this test
fails on any binding with the same fault.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: its count never moves")
def test_void_calls_do_not_drop_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    index = QModelIndex()
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("x")  # returns None
        assert index.data() is None  # returns None
    after = sys.getrefcount(None)
    assert after >= before - 20, f"the Qt binding lost {before - after} references to None in 400 calls"
