"""Editors for the action-plan grid: long text, RAG (a combo showing each level's definition), "When" (a date or
a recurrence) and "Who" (free text or a contact). All work from the keyboard: F2 or typing opens the editor,
arrows choose, Enter commits, Escape cancels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from prevent_desktop.domain.plan import RAG_ORDER, Rag, Recurrence

Index = QModelIndex | QPersistentModelIndex


class LongTextDelegate(QStyledItemDelegate):
    """A multi-line editor: Enter saves, Shift+Enter starts a new line, Escape cancels."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
        editor.setMinimumHeight(72)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QPlainTextEdit)
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect  # type: ignore[attr-defined,unused-ignore]  # the stubs vary between PySide6 releases
        editor.setGeometry(rect.x(), rect.y(), rect.width(), max(rect.height(), 72))

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            isinstance(editor, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


class RagDelegate(QStyledItemDelegate):
    """A combo of the four levels; each item's tooltip is the level's definition."""

    def __init__(self, definitions: dict[Rag, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.definitions = definitions

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("RAG rating")
        for rag in RAG_ORDER:
            combo.addItem(rag.label, rag.value)
            combo.setItemData(combo.count() - 1, self.definitions.get(rag, ""), Qt.ItemDataRole.ToolTipRole)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        i = editor.findData(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class _EditableComboDelegate(QStyledItemDelegate):
    choices: tuple[str, ...] = ()
    placeholder = ""
    accessible = ""

    def items(self) -> list[str]:
        return list(self.choices)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(self.items())
        combo.setAccessibleName(self.accessible)
        line = combo.lineEdit()
        assert isinstance(line, QLineEdit)
        line.setPlaceholderText(self.placeholder)
        completer = QCompleter(self.items(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setEditText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        line = editor.lineEdit()
        if line is not None:
            line.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class WhenDelegate(_EditableComboDelegate):
    """A date (DD/MM/YYYY or MM/YYYY) typed in, or a recurrence picked from the list."""

    choices = ("", *(r.value for r in Recurrence))
    placeholder = "DD/MM/YYYY, or Annual / Termly / Quarterly / Monthly / Weekly"
    accessible = "When: a date or a recurrence"


class WhoDelegate(_EditableComboDelegate):
    """Free text, or one of the contacts (then the row is linked to that contact)."""

    placeholder = "A role, team or contact"
    accessible = "Who"

    def __init__(self, contacts: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.contacts = contacts

    def items(self) -> list[str]:
        return ["", *self.contacts]


def install(view: Any, definitions: dict[Rag, str], contacts: list[str]) -> list[QStyledItemDelegate]:
    """Set the delegates on the grid's columns; returns them (the view does not own delegates)."""
    from prevent_desktop.ui.plan_model import COL_ACTION, COL_AREA, COL_RAG, COL_WHEN, COL_WHO

    delegates: list[QStyledItemDelegate] = [
        LongTextDelegate(view),
        LongTextDelegate(view),
        WhoDelegate(contacts, view),
        WhenDelegate(view),
        RagDelegate(definitions, view),
    ]
    for column, delegate in zip((COL_AREA, COL_ACTION, COL_WHO, COL_WHEN, COL_RAG), delegates, strict=True):
        view.setItemDelegateForColumn(column, delegate)
    return delegates
