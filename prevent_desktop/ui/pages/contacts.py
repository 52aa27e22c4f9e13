"""Contacts: the key contacts grouped as in the policy, instant search, "Who do I call for...", copy and read
aloud, add/edit/retire with history, import/export, and the printed contacts card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain import contacts as contact_rules
from prevent_desktop.domain.contact_records import ContactRow, ImportPreview
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.errors import KnownError
from prevent_desktop.services import settings
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.contacts import editing as contact_editing
from prevent_desktop.services.contacts import settings as contact_settings
from prevent_desktop.services.contacts import transfer as contact_transfer
from prevent_desktop.services.session import Session
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.contact_editor import ContactEditor
from prevent_desktop.ui.contacts_models import (
    STALE_BACKGROUND,
    Channel,
    ChannelsModel,
    ContactDirectoryModel,
    ContactFilterProxy,
    GroupColumnDelegate,
    HistoryModel,
    channels,
)
from prevent_desktop.ui.contacts_widgets import CopyTableView, ReadAloudDialog, WhoToCallPanel, copy_channel
from prevent_desktop.ui.export_hooks import request_export
from prevent_desktop.ui.pages.base import PageHeading

Confirm = Callable[[QWidget, str, str], bool]


def ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def _plain(parent: QWidget, text: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ContactDetail(QWidget):
    """One contact: who, every number and email (copy / read aloud), when to use, notes, verification, history."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.contact: ContactRow | None = None
        self._dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.title = _plain(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = _plain(self)
        self.organisation = _plain(self)
        self.group = _plain(self)
        self.verified = _plain(self)
        self.flags = _plain(self)
        for w in (self.title, self.subtitle, self.organisation, self.group, self.verified, self.flags):
            layout.addWidget(w)
        self.channels_label = QLabel("&Numbers and emails:", self)
        self.channels = CopyTableView("Numbers and emails", self)
        self.channels_model = ChannelsModel(self)
        self.channels.setModel(self.channels_model)
        self.channels_label.setBuddy(self.channels)
        self.channels.setMaximumHeight(140)
        layout.addWidget(self.channels_label)
        layout.addWidget(self.channels)
        row = QHBoxLayout()
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setToolTip("Copy the selected number or email (Ctrl+C)")
        self.aloud_button = QPushButton("Read a&loud…", self)
        row.addWidget(self.copy_button)
        row.addWidget(self.aloud_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.feedback = AlertLabel(self, assertive=False)  # "Copied the desk number…", told as it changes
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.feedback)
        self.when_heading = QLabel("<b>When to use</b>", self)
        self.when = _plain(self)
        self.notes_heading = QLabel("<b>Notes</b>", self)
        self.notes = _plain(self)
        for w in (self.when_heading, self.when, self.notes_heading, self.notes):
            layout.addWidget(w)
        self.history_box = QGroupBox("Histor&y of changes", self)
        box = QVBoxLayout(self.history_box)
        self.history = CopyTableView("History of changes", self.history_box)
        self.history_model = HistoryModel(self)
        self.history.setModel(self.history_model)
        self.history.copy_requested.connect(lambda: None)  # history is never copied to the clipboard
        box.addWidget(self.history)
        layout.addWidget(self.history_box, 1)
        self.copy_button.clicked.connect(self.copy_selected)
        self.channels.copy_requested.connect(self.copy_selected)
        self.aloud_button.clicked.connect(self.read_aloud)
        self.channels.doubleClicked.connect(lambda *_: self.read_aloud())
        self.show_contact(None)

    def show_contact(
        self, c: ContactRow | None, today: date | None = None, stale_months: int = settings.CONTACT_STALE_MONTHS.default
    ) -> None:
        self.contact = c
        self.feedback.clear()
        enabled = c is not None
        for w in (self.copy_button, self.aloud_button, self.channels, self.history_box):
            w.setEnabled(enabled)
        if c is None:
            self.title.setText("No contact selected")
            for label in (self.subtitle, self.organisation, self.group, self.verified, self.flags, self.when,
                          self.notes):
                label.clear()
            self.channels_model.clear()
            self.history_model.clear()
            return
        self.title.setText(c.display_name)
        self.subtitle.setText(c.role if c.name else "")
        self.subtitle.setVisible(bool(c.name))
        self.organisation.setText(c.organisation)
        self.group.setText(f"Group: {c.group_title}")
        day = today or date.today()
        when = uk_date(c.last_verified, "never")
        if contact_rules.is_stale(c, day, stale_months):
            self.verified.setText(f"⚠ Last verified: {when}. Not verified in {stale_months} months: check it.")
            self.verified.setStyleSheet(f"background: {STALE_BACKGROUND.name()}; padding: 3px;")
        else:
            self.verified.setText(f"Last verified: {when}")
            self.verified.setStyleSheet("")
        flags = []
        if c.retired:
            flags.append(f"RETIRED on {uk_date(c.retired_at)}: no longer offered in \u201cwho do I call\u201d")
        if c.out_of_hours:
            flags.append("Available out of hours")
        flags.append("Public line" if c.public_line else "Copied numbers are cleared from the clipboard")
        self.flags.setText(" · ".join(flags))
        self.channels_model.set_rows(channels(c))
        self.channels.resizeColumnsToContents()
        self.channels.select_row(0)
        self.when.setText(c.when_to_use or "—")
        self.notes.setText(c.notes or "—")
        self.history_model.set_rows(contact_editing.history(self.session, c.id))
        self.history.resizeColumnsToContents()

    def selected_channel(self) -> Channel | None:
        row = self.channels.current_row()
        if 0 <= row < self.channels_model.rowCount():
            ch: Channel = self.channels_model.record(row)
            return ch
        return None

    def copy_selected(self) -> None:
        ch = self.selected_channel()
        self.feedback.setText(copy_channel(self.session, ch) if ch else "This contact has no number or email.")

    def read_aloud(self) -> None:
        ch = self.selected_channel()
        if ch is None or ch.kind != "phone":
            self.feedback.setText("Select a telephone number to read aloud.")
            return
        self._dialog = ReadAloudDialog(ch, self)
        self._dialog.open()


class ContactsPage(QWidget):
    title = "Contacts"
    help_text = (
        "Who to call, with every number kept on this computer so it works with no network. Type to search any "
        "field or any part of a number; Ctrl+C copies the selected number."
    )
    # Keys the page's tables handle (listed on the F1 help page).
    keys = (
        ("Ctrl+C", "In the contacts table or a contact's numbers: copy the selected number (cleared from the "
                   "clipboard after a while unless it is a public line)"),
        ("Enter", "In the search box: go to the contacts table"),
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.confirm: Confirm = ask
        self.editor: ContactEditor | None = None
        self.today = date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = PageHeading(self.title, self)
        layout.addWidget(self.heading)
        self.help = QLabel(self.help_text, self)
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Contacts views")
        layout.addWidget(self.tabs, 1)

        # --- Directory tab (created first: its table is the page's main table) ---
        directory = QWidget()
        d = QVBoxLayout(directory)
        search_row = QHBoxLayout()
        self.filter_label = QLabel("&Search:", directory)
        self.filter = QLineEdit(directory)
        self.filter.setPlaceholderText("Name, role, organisation, notes… or any part of a number (e.g. 822386)")
        self.filter.setAccessibleName("Search contacts")
        self.filter.setClearButtonEnabled(True)
        self.filter_label.setBuddy(self.filter)
        self.show_retired = QCheckBox("Show re&tired", directory)
        self.show_retired.setAccessibleName("Show retired contacts")
        self.count_label = QLabel(directory)
        search_row.addWidget(self.filter_label)
        search_row.addWidget(self.filter, 1)
        search_row.addWidget(self.show_retired)
        search_row.addWidget(self.count_label)
        d.addLayout(search_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, directory)
        self.model = ContactDirectoryModel(self)
        self.proxy = ContactFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = CopyTableView("Contacts table")
        self.table.setModel(self.proxy)
        self.group_delegate = GroupColumnDelegate(self.table)
        self.table.setItemDelegateForColumn(0, self.group_delegate)
        self.table.setWordWrap(False)  # one line per contact; the detail pane shows everything in full
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.detail = ContactDetail(session)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([830, 410])
        d.addWidget(self.splitter, 1)

        actions = QHBoxLayout()
        self.add_button = QPushButton("&Add…", directory)
        self.edit_button = QPushButton("&Edit…", directory)
        self.retire_button = QPushButton("&Retire…", directory)
        self.verify_button = QPushButton("&Mark verified today", directory)
        self.import_button = QPushButton("&Import…", directory)
        self.export_button = QPushButton("E&xport…", directory)
        self.print_button = QToolButton(directory)
        self.print_button.setText("&Print contacts card…")
        self.print_button.setAccessibleName("Print contacts card")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        menu.addAction("One A4 page", lambda: self.print_card("a4"))
        menu.addAction("Folded card (A5 / pocket size)", lambda: self.print_card("fold"))
        self.print_button.setMenu(menu)
        for b in (self.add_button, self.edit_button, self.retire_button, self.verify_button):
            actions.addWidget(b)
        actions.addStretch(1)
        for tool in (self.import_button, self.export_button, self.print_button):
            actions.addWidget(tool)
        d.addLayout(actions)
        self.tabs.addTab(directory, "&Directory")

        # --- Who do I call for... ---
        # Built when first shown, so the page opens fast and the directory table is the page's first table.
        self._who: WhoToCallPanel | None = None
        self.who_scroll = QScrollArea()
        self.who_scroll.setWidgetResizable(True)
        self.tabs.addTab(self.who_scroll, "&Who do I call for…")
        self.tabs.currentChanged.connect(lambda index: self.who if index == 1 else None)

        self.filter.textChanged.connect(self.set_query)
        self.filter.returnPressed.connect(lambda: self.table.setFocus(Qt.FocusReason.OtherFocusReason))
        self.show_retired.toggled.connect(lambda *_: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.table.copy_requested.connect(self.copy_selected)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button.clicked.connect(self.edit_selected)
        self.retire_button.clicked.connect(self.retire_or_restore)
        self.verify_button.clicked.connect(self.verify_selected)
        self.import_button.clicked.connect(self.import_contacts)
        self.export_button.clicked.connect(self.export_contacts)
        self.reload()

    @property
    def who(self) -> WhoToCallPanel:
        if self._who is None:
            self._who = WhoToCallPanel(self.session)
            self.who_scroll.setWidget(self._who)
        return self._who

    # --- data ---------------------------------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = self.selected()
        keep = select_id or (current.id if current is not None else None)
        self.model.today = self.today
        self.model.stale_months = contact_settings.stale_months(self.session)
        self.model.set_rows(contact_directory.directory(self.session, include_retired=self.show_retired.isChecked()))
        self.table.setColumnHidden(2, True)  # the role: in the Who tooltip and the detail pane
        self.fit_columns()
        self._update_count()
        self.select(keep)
        if self._who is not None:
            self._who.reload()

    def fit_columns(self) -> None:
        # Measuring every row is slow for long lists (1,000 contacts: seconds); a sample sizes the columns.
        self.table.horizontalHeader().setResizeContentsPrecision(200)
        self.table.resizeColumnsToContents()
        limits = {0: 150, 1: 185, 3: 135, 4: 175, 5: 90, 6: 90}
        for col, limit in limits.items():
            if self.table.columnWidth(col) > limit:
                self.table.setColumnWidth(col, limit)
        if self.model.rowCount() <= 300:
            self.table.resizeRowsToContents()

    def set_query(self, text: str) -> None:
        current = self.selected()
        self.proxy.set_query(text)
        self._update_count()
        self.select(current.id if current else None)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{total} contacts" if shown == total else f"{shown} of {total} match")

    def selected(self) -> ContactRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        if not source.isValid():
            return None
        row: ContactRow = self.model.record(source.row())
        return row

    def select(self, contact_id: str | None) -> None:
        row = self.model.row_of(contact_id) if contact_id else -1
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if not index.isValid() and self.proxy.rowCount() > 0:
            index = self.proxy.index(0, 0)
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(index, flags)
        else:
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()
        self.show_selected()

    def show_selected(self) -> None:
        c = self.selected()
        self.detail.show_contact(c, self.today, self.model.stale_months)
        for b in (self.edit_button, self.retire_button, self.verify_button):
            b.setEnabled(c is not None)
        self.retire_button.setText("&Restore" if c is not None and c.retired else "&Retire…")

    def focus_search(self) -> bool:
        """Ctrl+F (the main window's Find): the directory's search box."""
        self.tabs.setCurrentIndex(0)
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()
        return True

    def copy_selected(self) -> None:
        """Ctrl+C in the contacts table copies the selected contact's first number (or email)."""
        c = self.selected()
        found = channels(c) if c else []
        if not found:
            self.detail.feedback.setText("Nothing to copy.")
            return
        self.detail.channels.select_row(0)
        self.detail.copy_selected()

    # --- changes ------------------------------------------------------------------------------------------

    def _error(self, exc: KnownError) -> None:
        QMessageBox.warning(self, "Contacts", str(exc))

    def add_contact(self) -> ContactEditor:
        return self._open_editor(None)

    def edit_selected(self) -> ContactEditor | None:
        c = self.selected()
        return self._open_editor(c) if c else None

    def _open_editor(self, c: ContactRow | None) -> ContactEditor:
        self.editor = ContactEditor(self.session, c, self)
        editor = self.editor
        editor.accepted.connect(lambda: self.reload(editor.saved_id))
        editor.open()
        return editor

    def retire_or_restore(self) -> None:
        c = self.selected()
        if c is None:
            return
        try:
            if c.retired:
                contact_editing.restore_contact(self.session, c.id)
            else:
                if not self.confirm(
                    self,
                    "Retire contact",
                    f"Retire \u201c{c.display_name}\u201d? It stays in the history and can be restored, but it is "
                    "no longer offered in \u201cWho do I call for…\u201d.",
                ):
                    return
                contact_editing.retire_contact(self.session, c.id)
        except KnownError as exc:
            self._error(exc)
            return
        self.reload(c.id if self.show_retired.isChecked() else None)

    def verify_selected(self) -> None:
        c = self.selected()
        if c is None:
            return
        try:
            contact_editing.mark_verified(self.session, c.id)
        except KnownError as exc:
            self._error(exc)
            return
        self.reload(c.id)

    # --- import / export / print --------------------------------------------------------------------------

    def import_file(self, path: Path) -> ImportPreview | None:
        """Preview, confirm, import (all rows or none). Returns what was imported, or None."""
        try:
            data = path.read_bytes()
            preview = contact_transfer.preview_import(self.session, data, path.name)
        except OSError as exc:
            self._error(KnownError(f"Cannot read {path.name} ({exc.strerror or type(exc).__name__})."))
            return None
        except KnownError as exc:
            self._error(exc)
            return None
        lines = [f"{path.name}: {preview.summary}."]
        lines += [f"Add: {cid}" for cid in preview.added]
        lines += [f"Change: {cid} ({', '.join(f)})" for cid, f in preview.changed.items()]
        if not preview.added and not preview.changed:
            QMessageBox.information(self, "Import contacts", lines[0] + " Nothing to import.")
            return None
        if not self.confirm(self, "Import contacts", "\n".join(lines[:30]) + "\n\nImport these changes?"):
            return None
        try:
            done = contact_transfer.apply_import(self.session, data, path.name)
        except KnownError as exc:
            self._error(exc)
            return None
        self.reload()
        return done

    def import_contacts(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import contacts", "", "Contacts (*.csv *.vcf);;CSV (*.csv);;vCard (*.vcf)"
        )
        if name:
            self.import_file(Path(name))

    def export_to(self, path: Path) -> bool:
        try:
            contact_transfer.export_to_file(self.session, path)
        except KnownError as exc:
            self._error(exc)
            return False
        return True

    def export_contacts(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export contacts", "contacts.csv", "CSV for Excel (*.csv);;vCard (*.vcf)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".vcf"):
            path = path.with_suffix(".vcf" if "vcf" in chosen else ".csv")
        if self.export_to(path):
            QMessageBox.information(self, "Export contacts", f"Exported the contacts to {path.name}.")

    def print_card(self, variant: str) -> None:
        request_export(self, self.session, "contacts-card", variant=variant)

    def clear(self) -> None:
        self.filter.clear()
        self.model.clear()
        self.detail.show_contact(None)
