"""The GUI's crash handler: an unexpected error shows a dialog with a copyable, redacted report.

The report holds versions, the stack (file names, lines, functions) and the exception TYPE only; the message,
which may quote record text, is withheld. It is logged the same way. The database is never half-written: every
save is one transaction, rolled back when the exception passed through it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6 import QtWidgets
from PySide6.QtWidgets import QApplication

from prevent_desktop.logs import redacted_report

log = logging.getLogger(__name__)
_showing = False


def crash_dialog(report: str, parent: Any = None) -> QtWidgets.QMessageBox:
    box_type = QtWidgets.QMessageBox  # made at the first crash, not at start-up (issue 11)
    box = box_type(box_type.Icon.Critical, "Unexpected error", "", parent=parent)
    box.setObjectName("crashDialog")
    box.setText(
        "Prevent Desktop hit an unexpected error (a bug). Nothing half-saved was kept: every save is one "
        "transaction, and an interrupted one is rolled back.\n\nIf it happens again, copy the report below "
        "(Show Details…) for IT support. It holds no personal data."
    )
    box.setDetailedText(report)
    return box


def handle_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    show: Callable[[str], None] | None = None,
) -> str:
    global _showing
    report = redacted_report(exc_type, tb)
    log.error("unexpected error:\n%s", report)
    if issubclass(exc_type, KeyboardInterrupt):
        return report
    if show is not None:
        show(report)
    elif QApplication.instance() is not None and not _showing:
        _showing = True
        try:
            crash_dialog(report).exec()
        finally:
            _showing = False
    else:
        sys.stderr.write(report)
    return report


def install_crash_handler(controller: Any = None) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        handle_exception(exc_type, exc, tb)

    sys.excepthook = hook
