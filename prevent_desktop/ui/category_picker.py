"""The type of concern (concern category) in the GUI: one picker widget for any form, and the small dialog that
changes a case's category.

* :class:`CategoryPicker`: a labelled choice of the organisation's categories ("Not recorded" first, retired ones
  not offered unless the case already has one), with the chosen category's description under it. Put it in a form
  with :meth:`CategoryPicker.place_in` (a ``QGridLayout`` or ``QFormLayout``); read it with :meth:`value`.
* :func:`change_category`: opens :class:`ChangeCategoryDialog` for a case (window-modal, non-blocking); OK saves
  through ``services.cases.categories.set_category`` (audited, a chronology entry) and calls ``on_saved``.

The dialog holds a choice, never typed text, so it keeps no draft (``ui/draft_keeper.py``): closing it loses
nothing that was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain import categories as rules
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases import categories
from prevent_desktop.services.session import Session
from prevent_desktop.ui.style import ERROR_STYLE

LABEL_TEXT = "&Type of concern:"
NOTE_STYLE = "color: #444444;"


class CategoryPicker(QWidget):
    """The category choice and its description; ``label`` is the field's label (its buddy is the choice)."""

    changed = Signal(str)  # the chosen category id ("" = not recorded)

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, current: str = rules.NOT_RECORDED,
        label_text: str = LABEL_TEXT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("categoryPicker")
        cats = categories.categories(session)
        self._descriptions = {c.id: c.description for c in cats.items}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.combo = QComboBox(self)
        self.combo.setObjectName("categoryCombo")
        self.combo.setAccessibleName("Type of concern")
        for cid, text in rules.choices(cats, current):
            self.combo.addItem(text, cid)
        self.description = QLabel("", self)
        self.description.setObjectName("categoryDescription")
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        self.description.setStyleSheet(NOTE_STYLE)
        # room for two wrapped lines, so a form that is short of height never clips it (the longest fit in two)
        self.description.setMinimumHeight(self.description.fontMetrics().lineSpacing() * 2 + 2)
        self.description.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.combo)
        layout.addWidget(self.description)
        self.label = QLabel(label_text, parent if parent is not None else self)
        self.label.setBuddy(self.combo)
        self.set_value(current)
        self._show_description()
        self.combo.currentIndexChanged.connect(self._changed)

    def value(self) -> str:
        """The chosen category id; "" = not recorded."""
        return str(self.combo.currentData() or "")

    def set_value(self, category_id: str) -> None:
        index = self.combo.findData(category_id)
        self.combo.setCurrentIndex(index if index >= 0 else 0)

    def place_in(self, layout: QLayout, after: QWidget | None = None) -> None:
        """Add the label and the picker as the last row of a form's grid or form layout; ``after``: the field the
        choice follows in the Tab order."""
        if isinstance(layout, QFormLayout):
            layout.addRow(self.label, self)
        elif isinstance(layout, QGridLayout):
            row = layout.rowCount()
            layout.addWidget(self.label, row, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(self, row, 1)
        else:
            layout.addWidget(self.label)
            layout.addWidget(self)
        if after is not None:
            QWidget.setTabOrder(after, self.combo)

    def _changed(self, _index: int) -> None:
        self._show_description()
        self.changed.emit(self.value())

    def _show_description(self) -> None:
        text = self._descriptions.get(self.value(), "")
        if not self.value():
            text = "Choose the type that fits best; it can be changed later from the case."
        self.description.setText(text)
        self.combo.setAccessibleDescription(text)


class ChangeCategoryDialog(QDialog):
    """Change one case's type of concern. The title names the kind of record, never the person."""

    def __init__(self, session: Session, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.current, self.version = categories.case_category(session, case_id)
        self.saved_version: int | None = None
        self.on_saved: Callable[[], object] | None = None  # called after a save (e.g. the case page reloads)
        self.setWindowTitle("Change the type of concern")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.picker = CategoryPicker(session, self, current=self.current)
        self.picker.place_in(form)
        note = QLabel(f"Now: {categories.label(session, self.current)}. The change is recorded in the case's "
                      "chronology with your name and the time.", self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = QLabel("", self)
        self.error.setObjectName("categoryError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.picker.combo.setFocus()

    def save(self) -> None:
        try:
            self.saved_version = categories.set_category(self.session, self.case_id, self.version, self.picker.value())
        except KnownError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.error.setFocus()
            return
        self.accept()
        if self.on_saved is not None:
            self.on_saved()


def change_category(
    parent: QWidget, session: Session, case_id: int, on_saved: Callable[[], object] | None = None
) -> ChangeCategoryDialog:
    """Open the change dialog for ``case_id`` (window-modal, non-blocking) and return it; after a save,
    ``on_saved()`` runs (e.g. the case page reloads). A case that no longer exists raises ``KnownError``."""
    dialog = ChangeCategoryDialog(session, case_id, parent)
    if on_saved is not None:
        dialog.on_saved = on_saved
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
