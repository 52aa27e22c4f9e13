"""F1: the offline help page. Its text ships with the program (``resources/help/help.html``, package data); the
keyboard-shortcut tables are made from the shortcuts the main window and its areas register, so the page never
lists a key that does nothing or misses one that does something."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from prevent_desktop.resources import resource_path

SHORTCUTS_MARKER = "<!-- SHORTCUTS -->"
Section = tuple[str, list[tuple[str, str]]]


def help_source() -> str:
    return resource_path("help", "help.html").read_text(encoding="utf-8")


def shortcut_tables(sections: list[Section]) -> str:
    """One table per section: (heading, [(keys, what they do), ...]); every text escaped."""
    parts: list[str] = []
    for heading, rows in sections:
        parts.append(f"<h3>{html.escape(heading)}</h3>")
        parts.append('<table width="100%" cellpadding="4" cellspacing="0" border="1">')
        parts.append("<tr><th align='left'>Keys</th><th align='left'>What they do</th></tr>")
        for keys, what in rows:
            parts.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>")
        parts.append("</table>")
    return "\n".join(parts)


def help_html(sections: list[Section]) -> str:
    source = help_source()
    if SHORTCUTS_MARKER not in source:  # a damaged install: still show the keys
        return source + shortcut_tables(sections)
    return source.replace(SHORTCUTS_MARKER, shortcut_tables(sections))


class HelpDialog(QDialog):
    """The help page in a read-only browser that follows no link (nothing opens outside the program)."""

    def __init__(self, sections: list[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Prevent Desktop help")
        self.setObjectName("helpDialog")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpText")
        self.browser.setAccessibleName("Help")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.browser.setHtml(help_html(sections))
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 640)
        self.browser.setFocus()

    def text(self) -> str:
        return self.browser.toPlainText()
