"""Settings dialog: one field per vault setting, validated by the service, all saved or none."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

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
        self.switches: dict[str, QCheckBox] = {}
        values = settings.current(session)
        for spec in settings.SETTINGS:
            if spec.boolean:
                box = QCheckBox(spec.label, self)
                box.setObjectName(f"setting_{spec.key.replace('.', '_')}")
                box.setAccessibleName(spec.label)
                box.setChecked(values[spec.key] == "1")
                self.ui.form.addRow("", box)
                self.switches[spec.key] = box
                continue
            edit = QLineEdit(values[spec.key], self)
            edit.setObjectName(f"setting_{spec.key.replace('.', '_')}")
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
            values = {k: e.text() for k, e in self.fields.items()}
            values.update({k: "1" if b.isChecked() else "0" for k, b in self.switches.items()})
            self.changed = settings.update(self.session, values)
        except KnownError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.errorLabel.show()
            return
        self.accept()
