"""Settings dialog: one field per vault setting, validated by the service, all saved or none."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from prevent_desktop.errors import KnownError
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.ui.forms.ui_settings_dialog import Ui_SettingsDialog
from prevent_desktop.ui.style import ERROR_STYLE


class SettingsDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.hide()
        self.fields: dict[str, QLineEdit] = {}
        values = settings.current(session)
        for spec in settings.SETTINGS:
            edit = QLineEdit(values[spec.key], self)
            edit.setObjectName(f"setting_{spec.key}")
            edit.setAccessibleName(spec.label)
            label = QLabel(spec.label, self)
            label.setBuddy(edit)
            self.ui.form.addRow(label, edit)
            self.fields[spec.key] = edit
        self.changed: list[str] = []
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        try:
            self.changed = settings.update(self.session, {k: e.text() for k, e in self.fields.items()})
        except KnownError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.errorLabel.show()
            return
        self.accept()
