"""Small widgets shared by the contacts panel: a table whose Ctrl+C goes through the clipboard guard, the
"read aloud" view, and the "Who do I call for..." panel."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain.contact_records import WhoToCall
from prevent_desktop.errors import KnownError
from prevent_desktop.services.contacts import routing as contact_routing
from prevent_desktop.services.contacts import settings as contact_settings
from prevent_desktop.services.session import Session
from prevent_desktop.ui.clipboard import guard
from prevent_desktop.ui.contacts_models import Channel, WhoToCallModel


class CopyTableView(QTableView):
    """A read-only, row-selecting table whose Ctrl+C is handed to the page (so copies are tagged and cleared)
    instead of Qt's built-in copy of the current cell."""

    copy_requested = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def current_row(self) -> int:
        index = self.currentIndex()
        if not index.isValid():
            rows = self.selectionModel().selectedRows() if self.selectionModel() else []
            return rows[0].row() if rows else -1
        return index.row()

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            index = self.model().index(row, 0)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.selectionModel().setCurrentIndex(index, flags)


def copy_channel(session: Session, channel: Channel) -> str:
    """Copy a number / address; a contact that is not a public line is tagged and cleared after the setting's
    timeout. Returns the feedback to show."""
    seconds = contact_settings.clipboard_clear_seconds(session)
    guard().copy(channel.value, sensitive=channel.sensitive, clear_after_s=seconds)
    if channel.sensitive and seconds > 0:
        return f"Copied {channel.label.lower()}. The clipboard is cleared in {seconds} seconds."
    return f"Copied {channel.label.lower()}."


class ReadAloudDialog(QDialog):
    """The number large, digit by digit in groups, for reading out on the phone."""

    def __init__(self, channel: Channel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Read aloud")
        layout = QVBoxLayout(self)
        who = QLabel(f"{channel.contact.display_name} — {channel.label}", self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setWordWrap(True)
        layout.addWidget(who)
        self.grouped = QLabel(channel.grouped, self)
        self.aloud = QLabel(channel.aloud, self)
        for label, scale in ((self.grouped, 2.2), (self.aloud, 1.6)):
            font = QFont(label.font())
            font.setPointSizeF(font.pointSizeF() * scale)
            font.setBold(label is self.grouped)
            label.setFont(font)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.grouped.setAccessibleName(f"Number: {channel.grouped}")
        self.aloud.setAccessibleName(f"Read aloud as: {channel.aloud}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class WhoToCallPanel(QWidget):
    """Pick the situation; see whom to call, in order, with numbers (domain.routing over the vault's contacts)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result: WhoToCall | None = None
        self._dialog: QDialog | None = None
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.situation_label = QLabel("&Situation:", self)
        self.situations = QListView(self)
        self.situations.setAccessibleName("Situation")
        self.situations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.situation_label.setBuddy(self.situations)
        self.situation_model = QStringListModel(self)
        self.situations.setModel(self.situation_model)
        self.situations.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.situation_ids: list[str] = []
        # One control for the time of day: the situations name none, so nothing can contradict it.
        self.when_box = QGroupBox("When", self)
        when = QVBoxLayout(self.when_box)
        self.in_hours = QRadioButton("I&n hours", self.when_box)
        self.in_hours.setAccessibleName("In hours")
        self.out_of_hours = QRadioButton("&Out of hours (evenings, nights, weekends)", self.when_box)
        self.out_of_hours.setAccessibleName("Out of hours")
        self.in_hours.setChecked(True)
        self.when_group = QButtonGroup(self)
        for b in (self.in_hours, self.out_of_hours):
            self.when_group.addButton(b)
            when.addWidget(b)
        left.addWidget(self.situation_label)
        left.addWidget(self.situations)
        left.addWidget(self.when_box)
        left.addStretch(1)
        outer.addLayout(left, 2)

        right = QVBoxLayout()
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.when_note = QLabel(self)
        self.when_note.setTextFormat(Qt.TextFormat.PlainText)
        self.when_note.setVisible(False)
        self.precedence = QLabel(self)
        self.precedence.setTextFormat(Qt.TextFormat.PlainText)
        self.precedence.setWordWrap(True)
        self.precedence.setStyleSheet("background: #fff4ce; border: 1px solid #c19c00; padding: 4px;")
        self.refer = QLabel(self)
        self.refer.setTextFormat(Qt.TextFormat.PlainText)
        self.refer.setWordWrap(True)
        self.guidance = QLabel(self)
        self.guidance.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance.setWordWrap(True)
        self.calls_label = QLabel("C&all, in this order:", self)
        self.table = CopyTableView("Contacts to call, in order", self)
        big = QFont(self.table.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.table.setFont(big)
        self.model = WhoToCallModel(self)
        self.table.setModel(self.model)
        self.calls_label.setBuddy(self.table)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("&Copy number", self)
        self.aloud_button = QPushButton("Read a&loud…", self)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.aloud_button)
        buttons.addStretch(1)
        self.feedback = QLabel(self)
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.refs = QLabel(self)
        self.refs.setTextFormat(Qt.TextFormat.PlainText)
        self.refs.setWordWrap(True)
        for w in (self.title, self.when_note, self.precedence, self.calls_label, self.table):
            right.addWidget(w)
        right.addLayout(buttons)
        for w in (self.feedback, self.refer, self.guidance, self.refs):
            right.addWidget(w)
        right.addStretch(1)
        outer.addLayout(right, 5)

        self.situations.selectionModel().currentRowChanged.connect(lambda *_: self.refresh())
        self.out_of_hours.toggled.connect(lambda *_: self.refresh())
        self.copy_button.clicked.connect(self.copy_selected)
        self.table.copy_requested.connect(self.copy_selected)
        self.aloud_button.clicked.connect(self.read_aloud)
        self.table.doubleClicked.connect(lambda *_: self.read_aloud())
        self.reload()

    def reload(self) -> None:
        current = self.current_situation()
        sits = contact_routing.situations(self.session)
        self.situation_ids = [s.id for s in sits]
        self.situation_model.setStringList([s.label for s in sits])
        rows = max(1, len(sits))
        self.situations.setFixedHeight(self.situations.sizeHintForRow(0) * rows + 2 * self.situations.frameWidth() + 4)
        self.select(current or (self.situation_ids[0] if self.situation_ids else ""))

    def current_situation(self) -> str:
        row = self.situations.currentIndex().row()
        return self.situation_ids[row] if 0 <= row < len(self.situation_ids) else ""

    def select(self, situation_id: str, out_of_hours: bool | None = None) -> None:
        if out_of_hours is not None:
            for b in (self.in_hours, self.out_of_hours):
                b.blockSignals(True)
            (self.out_of_hours if out_of_hours else self.in_hours).setChecked(True)
            for b in (self.in_hours, self.out_of_hours):
                b.blockSignals(False)
        if situation_id in self.situation_ids:
            index = self.situation_model.index(self.situation_ids.index(situation_id), 0)
            if self.situations.currentIndex() == index:
                self.refresh()
            else:
                self.situations.setCurrentIndex(index)

    def refresh(self) -> None:
        sid = self.current_situation()
        if not sid:
            return
        try:
            self.result = contact_routing.who_to_call(self.session, sid, out_of_hours=self.out_of_hours.isChecked())
        except KnownError as exc:  # e.g. the stored routing no longer validates: say so, never crash the panel
            self.result = None
            self.title.setText(f"The routing data cannot be used: {exc}")
            self.model.clear()
            return
        r = self.result
        if not r.situation.out_of_hours_contacts:
            when = ""
            self.when_note.setText(
                "The policy names no separate out-of-hours contacts for this: the same ones apply."
                if r.out_of_hours else ""
            )
        else:
            when = " — out of hours" if r.out_of_hours else " — in hours"
            self.when_note.setText("")
        self.when_note.setVisible(bool(self.when_note.text()))
        self.title.setText(f"{r.situation.label}{when}")
        self.precedence.setText(r.route.precedence_note or "")
        self.precedence.setVisible(bool(r.route.precedence_note))
        refer = ", ".join(r.route.refer_to)
        self.refer.setText(f"Refer to: {refer}" if refer else "")
        self.guidance.setText("\n".join(f"• {g}" for g in r.route.guidance))
        self.model.set_contacts(r.contacts)
        self.calls_label.setText(
            "C&all, in this order:"
            if r.contacts
            else "No current contact for this situation (the ones the policy names are retired): add or restore one."
        )
        self.refs.setText(f"Policy: {', '.join(r.route.policy_refs)}" if r.route.policy_refs else "")
        last = self.model.columnCount() - 1
        for col in range(last):  # the last column (when to use) takes the rest of the width
            self.table.resizeColumnToContents(col)
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 240))
        self.table.resizeRowsToContents()
        rows_height = sum(self.table.rowHeight(i) for i in range(self.model.rowCount()))
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + rows_height
            + 2 * self.table.frameWidth()
            + self.table.horizontalScrollBar().sizeHint().height()
        )
        self.table.select_row(0)
        self.feedback.clear()

    def selected_channel(self) -> Channel | None:
        row = self.table.current_row()
        if row < 0 or row >= self.model.rowCount():
            return None
        ch: Channel = self.model.record(row).channel
        return ch if ch.value else None

    def copy_selected(self) -> None:
        ch = self.selected_channel()
        self.feedback.setText(copy_channel(self.session, ch) if ch else "Select a number to copy.")

    def read_aloud(self) -> None:
        ch = self.selected_channel()
        if ch is None or ch.kind != "phone":
            self.feedback.setText("Select a telephone number to read aloud.")
            return
        self._dialog = ReadAloudDialog(ch, self)
        self._dialog.open()
