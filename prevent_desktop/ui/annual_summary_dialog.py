"""Choose the year of the annual Prevent summary, then preview, save or print it in the Export dialog.

The years offered are the vault's reporting years (``services.exports.summary_years``: the profile says the month a
year starts in, September by default), newest first; the year that has not ended yet says so. The summary holds
counts only (no names, no references): the Export dialog marks it as a document without case data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from prevent_desktop.domain import dates
from prevent_desktop.services import exports
from prevent_desktop.services.session import Session
from prevent_desktop.ui import export_hooks


class SummaryYearDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Annual Prevent summary")
        today = today or dates.today()
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Counts of the year's concerns by type of concern, decision, outcome, role and month, with charts. "
            "Anonymised: no names or case references; numbers from 1 to 4 are shown as \u201cfewer than 5\u201d.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.year = QComboBox(self)
        self.year.setObjectName("summaryYearCombo")
        self.year.setAccessibleName("Reporting year")
        chosen = 0
        for i, y in enumerate(exports.summary_years(session, today)):
            ongoing = y.end >= today
            self.year.addItem(f"{y.label} ({y.period}{', to date' if ongoing else ''})", y.label)
            if ongoing and i == 0:
                chosen = 1  # the last year that has ended, when there is one
        self.year.setCurrentIndex(min(chosen, self.year.count() - 1))
        label = QLabel("&Year:", self)
        label.setBuddy(self.year)
        form.addRow(label, self.year)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Preview…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.year.setFocus()
        self.export: Any = None  # the Export dialog opened for the chosen year

    def chosen_year(self) -> str:
        return str(self.year.currentData())

    def accept(self) -> None:
        """Open the Export dialog (preview, save, print) for the chosen year, beside this dialog's parent."""
        super().accept()
        owner = self.parentWidget() or self
        self.export = export_hooks.request_export(owner, self.session, "annual-summary", year=self.chosen_year())


def choose_year_and_export(parent: QWidget, session: Session) -> SummaryYearDialog:
    """Ask for the year (window-modal, non-blocking); OK opens the Export dialog for that year's summary."""
    dialog = SummaryYearDialog(session, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
