"""Settings dialog: one field per setting the DSO can change, built from the settings' one declaration
(``services.settings``): its label, what values it allows and its default; validated by the service, all saved or
none."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
        self._switch_specs: dict[str, settings.BoolSetting] = {}
        values = settings.current(session)
        for spec in settings.EDITABLE:
            name = f"setting_{spec.key.replace('.', '_')}"
            if isinstance(spec, settings.BoolSetting):
                box = QCheckBox(spec.label, self)
                box.setObjectName(name)
                box.setAccessibleName(spec.label)
                box.setToolTip(spec.describe())
                box.setChecked(spec.read(values[spec.key]))
                self.ui.form.addRow("", box)
                self.switches[spec.key] = box
                self._switch_specs[spec.key] = spec
                continue
            edit = QLineEdit(values[spec.key], self)
            edit.setObjectName(name)
            edit.setAccessibleName(spec.label)
            edit.setAccessibleDescription(spec.describe())
            edit.setToolTip(spec.describe())
            edit.setPlaceholderText(spec.text(spec.default))
            label = QLabel(spec.label, self)
            label.setBuddy(edit)
            self.ui.form.addRow(label, edit)
            self.fields[spec.key] = edit
        self.changed: list[str] = []
        self._size_the_form()
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)

    def _size_the_form(self) -> None:
        """The fields as wide as their widest row (never a sideways scroll) and the window tall enough to show them
        all; with large text the screen is the limit (ui/a11y.py shrinks the window to it) and they scroll."""
        scroll, contents = self.ui.formScroll, self.ui.formContents.sizeHint()
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(contents.width() + scroll.verticalScrollBar().sizeHint().width())
        layout = self.layout()
        if layout is not None:
            others = layout.totalSizeHint().height() - scroll.sizeHint().height()
            self.resize(max(self.width(), layout.totalSizeHint().width()), others + contents.height())

    def save(self) -> None:
        try:
            values = {k: e.text() for k, e in self.fields.items()}
            values.update({k: self._switch_specs[k].text(b.isChecked()) for k, b in self.switches.items()})
            self.changed = settings.update(self.session, values)
        except KnownError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.errorLabel.show()
            return
        self.accept()
