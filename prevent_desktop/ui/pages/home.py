"""Home: a dashboard of what needs the DSO today, cases first.

One group per area (Cases, Action plan, Policies, Contacts, Backups), each with its count, collapsible with the
keyboard (Left/Right or -/+ on a group; Enter on a group toggles it); Enter or a double-click on an item opens its
very record (the case, the plan row, the policy, the contact's editor; a backup item backs up now). The items come
from ``services/home.py`` (the same list ``prevent-desktop home`` prints).

Home works its list out once when it is first shown and again each time it is shown after another area (never in
``__init__``: the main window builds every page before the first paint); every source is bounded, so this stays
cheap in a 100,000-case vault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from prevent_desktop.domain import dates
from prevent_desktop.domain.attention import MORE, SEVERITY_LABELS, AttentionItem, GroupCount
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.services import home as home_service
from prevent_desktop.services.session import Session
from prevent_desktop.ui.pages.base import PageHeading
from prevent_desktop.ui.workers import NEXT_TURN_MS, reading_vault

Index = QModelIndex | QPersistentModelIndex
SEVERITY_COLOUR = {"overdue": "#f4cccc", "due": "#fff2cc", "info": "#e8eef7"}
HEADERS = ("Status", "Date", "Reference", "What needs attention")
COL_STATUS, COL_DATE, COL_REF, COL_TEXT = range(4)


class HomeModel(QAbstractItemModel):
    """Two levels: a row per group (its area and count; its first column spans the row), under it a row per item
    (status, date, reference, the sentence).

    Internal ids: 0 for a group row, group number + 1 for an item row (so ``parent()`` needs no lookup). Each
    row's texts are worked out once in ``set_items``; ``data()`` only looks them up. (A Python model, not
    QStandardItemModel: PySide6 6.12 on Python 3.11 drops a reference to None on every call of a void method such
    as ``QStandardItem.setData``, so filling one would crash the process after a few refreshes.)"""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.groups: list[GroupCount] = []
        self.items: list[list[AttentionItem]] = []
        self._group_texts: list[tuple[str, str]] = []
        self._item_texts: list[list[tuple[str, ...]]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._heading = QFont(self._bold)
        self._heading.setPointSizeF(self._heading.pointSizeF() * 1.1)
        self._brushes = {k: QBrush(QColor(v)) for k, v in SEVERITY_COLOUR.items()}
        self._black = QBrush(QColor("#000000"))

    def set_items(self, items: list[AttentionItem], groups: list[GroupCount]) -> None:
        self.beginResetModel()
        self.groups = list(groups)
        self.items = [[i for i in items if i.area == g.area] for g in self.groups]
        self._group_texts = []
        for g in self.groups:
            things = "thing needs" if g.count == 1 and not g.capped else "things need"
            self._group_texts.append((f"{g.area} ({g.shown})", f"{g.area}: {g.shown} {things} attention"))
        self._item_texts = [[self._texts(i) for i in group] for group in self.items]
        self.endResetModel()

    @staticmethod
    def _texts(item: AttentionItem) -> tuple[str, ...]:
        more = item.kind == MORE
        status = "More" if more else SEVERITY_LABELS.get(item.severity, item.severity)
        accessible = ("" if more else status + ": ") + item.text
        return status, uk_date(item.date), "" if more else item.reference, item.text, accessible

    def item(self, index: Index) -> AttentionItem | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.items[index.internalId() - 1][index.row()]

    def group_index(self, area: str) -> QModelIndex:
        for row, g in enumerate(self.groups):
            if g.area == area:
                return self.index(row, 0)
        return QModelIndex()

    def area_of(self, index: Index) -> str:
        if not index.isValid():
            return ""
        group = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self.groups[group].area if 0 <= group < len(self.groups) else ""

    # -- the tree ------------------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not parent.isValid():
            if 0 <= row < len(self.groups) and 0 <= column < len(HEADERS):
                return self.createIndex(row, column, 0)
            return QModelIndex()
        if parent.internalId() == 0 and parent.column() == 0:
            group = parent.row()
            if 0 <= group < len(self.items) and 0 <= row < len(self.items[group]) and 0 <= column < len(HEADERS):
                return self.createIndex(row, column, group + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.items[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = index.column()
        if index.internalId() == 0:
            if col != 0:
                return None
            title, accessible = self._group_texts[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return title
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return accessible
            if role == Qt.ItemDataRole.FontRole:
                return self._heading
            return None
        group = index.internalId() - 1
        texts = self._item_texts[group][index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return texts[col]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return texts[4] if col == COL_TEXT else texts[col]
        if col == COL_STATUS:
            severity = self.items[group][index.row()].severity
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._brushes.get(severity)
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._black
            if role == Qt.ItemDataRole.FontRole and severity == "overdue":
                return self._bold
        return None


_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class HomePage(QWidget):
    title = "Home"
    help_text = (
        "What needs you today, cases first. Enter opens the item's record; Left and Right (or - and +) close and "
        "open a group."
    )
    item_requested = Signal(object)  # an AttentionItem to open
    vault_damaged = Signal()  # a page the list needs failed its check (the list worked out after unlock)

    def __init__(
        self, session: Session, parent: QWidget | None = None, today: Callable[[], date] = dates.today
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.refreshes = 0  # how many times the list was worked out (the first show costs one)
        self.collapsed: set[str] = set()
        self._shown_once = False
        # Set by the main window the controller shows at unlock: the first list is worked out on the turn after
        # the window's first paint (issue 11: no turn of the UI thread longer than 50 ms during unlock).
        self.defer_first_refresh = False
        self._steps: list[Callable[[], list[AttentionItem]]] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = PageHeading(self.title, self)
        layout.addWidget(self.heading)
        self.summary = QLabel(self.help_text, self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.help = QLabel(self.help_text, self)
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.help)
        self.model = HomeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("What needs attention, by group")
        self.tree.setAccessibleDescription(self.help_text)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)  # laid out without measuring each row
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setExpandsOnDoubleClick(False)  # a double-click on a group toggles it once (see _activated)
        self.tree.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move within it
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((COL_STATUS, 110), (COL_DATE, 100), (COL_REF, 130)):
            header.resizeSection(col, width)
        layout.addWidget(self.tree, 1)
        self.table = self.tree  # the page's main list (other code and tests look for ``table``)
        self.tree.activated.connect(self._activated)
        self.tree.doubleClicked.connect(self._activated)
        self.tree.collapsed.connect(lambda i: self.collapsed.add(self.model.area_of(i)))
        self.tree.expanded.connect(lambda i: self.collapsed.discard(self.model.area_of(i)))

    # -- data ----------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._steps = None  # a list being worked out in steps is superseded
        items = self._work_out(lambda: home_service.attention_items(self.session, self.today()))
        if items is not None:
            self._show(items)

    def _work_out(self, compute: Callable[[], list[AttentionItem]]) -> list[AttentionItem] | None:
        """``compute()``, or None when a page it reads fails its check (``reading_vault``: the owner locks); a list
        being worked out in steps then stops."""
        items = reading_vault(self.vault_damaged, compute)
        if items is None:
            self._steps = None
        return items

    def _show(self, items: list[AttentionItem]) -> None:
        self.refreshes += 1
        groups = home_service.summary(items)
        current = self.tree.currentIndex()
        keep = (self.model.area_of(current), current.row() if current.parent().isValid() else -1)
        self.tree.setUpdatesEnabled(False)
        try:
            self.model.set_items(items, groups)
            for row in range(len(groups)):
                self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            collapsed = set(self.collapsed)
            self.tree.expandAll()  # one layout, then close the groups the user closed
            for row, g in enumerate(groups):
                if g.area in collapsed:
                    self.tree.collapse(self.model.index(row, 0))
            self.collapsed = collapsed
        finally:
            self.tree.setUpdatesEnabled(True)
        if groups:
            parts = " · ".join(f"{g.area}: {g.shown}" for g in groups)
            self.summary.setText(f"Needs attention — {parts}")
        else:
            self.summary.setText("Nothing needs your attention today.")
        self._restore_current(*keep)

    def _restore_current(self, area: str, row: int) -> None:
        group = self.model.group_index(area) if area else QModelIndex()
        if not group.isValid():
            group = self.model.index(0, 0)
        if not group.isValid():
            return
        index = group
        if row >= 0 and self.tree.isExpanded(group) and self.model.rowCount(group):
            index = self.model.index(min(row, self.model.rowCount(group) - 1), 0, group)
        self.tree.setCurrentIndex(index)

    def item_at(self, area: str, row: int) -> QModelIndex:
        return self.model.index(row, 0, self.model.group_index(area))

    # -- opening -------------------------------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item = self.model.item(index)
        if item is None:  # a group: Enter opens or closes it
            group = index.siblingAtColumn(0)
            self.tree.setExpanded(group, not self.tree.isExpanded(group))
            return
        self.item_requested.emit(item)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if event.spontaneous() and self._shown_once:
            return  # the window came back (un-minimised): nothing changed meanwhile
        if not self.session.vault.is_open:  # a window being torn down at lock may still get a show event
            return
        first = not self._shown_once
        self._shown_once = True
        if first and self.defer_first_refresh:  # the unlock: the window paints first, the list fills next turn
            QTimer.singleShot(NEXT_TURN_MS, self, self._first_refresh)
            return
        self.refresh()

    def _first_refresh(self) -> None:
        """The first list after unlock, one source per turn of the event loop (none of them long)."""
        if self.session.vault.is_open and self.refreshes == 0:
            self._steps = list(home_service.attention_steps(self.session, self.today()))
            self._next_step()

    def _next_step(self) -> None:
        steps = self._steps
        if not steps or not self.session.vault.is_open:  # superseded by a refresh, or the vault locked
            return
        items = self._work_out(steps.pop(0))
        if items is None:
            return
        if steps:
            QTimer.singleShot(NEXT_TURN_MS, self, self._next_step)
        else:
            self._steps = None
            self._show(items)


def open_item(window: Any, item: AttentionItem) -> None:
    """Open what a Home item is about in the main window ``window`` (its ``show_area`` and ``pages``)."""
    page = window.show_area(item.area) if item.area in window.pages else None
    if item.area == "Cases" and page is not None:
        if item.kind == MORE and isinstance(item.target, str):  # "…and N more": the list, filtered by status
            combo = page.status
            combo.setCurrentIndex(max(0, combo.findData(item.target)))
            page.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif item.case_id is not None:
            page.open_case(item.case_id)
    elif item.area == "Action plan" and page is not None:
        if isinstance(item.target, int):
            page.model.reload()  # the page may have been built before the row changed
            page.select_row_id(item.target)
        page.table.setFocus(Qt.FocusReason.OtherFocusReason)
    elif item.area == "Policies" and page is not None:
        if isinstance(item.target, int):
            page.model.reload()
            _select_policy(page, item.target)
        page.table.setFocus(Qt.FocusReason.OtherFocusReason)
    elif item.area == "Contacts" and page is not None:
        page.tabs.setCurrentIndex(0)
        if isinstance(item.target, str):
            page.show_retired.setChecked(False)
            page.filter.clear()
            page.reload(item.target)
            if item.kind == "contact_no_number" and page.selected() is not None:
                page.edit_selected()
                return
        page.table.setFocus(Qt.FocusReason.OtherFocusReason)
    elif item.area == "Backups":
        action = window.findChild(QAction, "actionBackupNow")
        if action is not None and action.isEnabled():
            action.trigger()


def _select_policy(page: Any, policy_id: int) -> None:
    """Select the associated policy ``policy_id`` in the Policies page's register (filters cleared)."""
    page.filter.clear()
    page.group_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(0)
    model, proxy = page.model, page.proxy
    for row in range(model.rowCount()):
        if model.record(row).id == policy_id:
            index = proxy.mapFromSource(model.index(row, 0))
            if index.isValid():
                page.table.setCurrentIndex(index)
                page.table.scrollTo(index)
            return
