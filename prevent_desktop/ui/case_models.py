"""Models for the cases area: the lazy case list (pages fetched from SQL as the view scrolls) and the chronology."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseFilter, CaseRow, ChronologyEntry, SearchCursor
from prevent_desktop.domain.categories import category_label
from prevent_desktop.domain.dates import uk_date, uk_datetime
from prevent_desktop.services.cases import categories as case_categories
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.session import Session

Index = QModelIndex | QPersistentModelIndex

CASE_HEADERS = ("Reference", "Person", "Role", "Status", "Date of concern", "Next review", "Type of concern")


class CaseListModel(QAbstractTableModel):
    """Newest concern first (search results: newest matching text first); ``fetchMore`` reads the next page
    from where the last one ended (keyset paging, or the search index position), so 100,000 cases open
    instantly and a search that matches most of them shows its first page as fast as one that matches few."""

    FIRST_PAGE = 50  # a filter's first page: more than a maximised window shows (the view asks for more if not)
    PAGE = 200  # each later page, as the view scrolls
    COUNT_CAP = 500  # a filtered count stops here: "500+ cases match"

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[CaseRow] = []
        self._filter = CaseFilter()
        self._more = True
        self._categories = case_categories.categories(session)  # re-read at each filter: labels may be edited
        self._next: tuple[str, int] | SearchCursor | None = None

    # --- filtering -------------------------------------------------------------------------------
    def set_filter(self, f: CaseFilter) -> None:
        self.beginResetModel()
        self._categories = case_categories.categories(self.session)
        self._filter = f
        self._rows = []
        self._more = True
        self._next = None
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        self.set_filter(self._filter)

    @property
    def filter(self) -> CaseFilter:
        return self._filter

    def total(self, cap: int | None = None) -> int:
        """How many cases the filter lists; with ``cap``, at most ``cap + 1`` (counting stops there)."""
        return case_queries.count(self.session, self._filter, cap)

    # --- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CASE_HEADERS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or not self._more:
            return
        # The first page is read while the DSO waits for the list (at unlock, at each keystroke's search): its rows
        # are mostly pages not yet in SQLCipher's cache, ~0.1 ms each at 100,000 cases, so it holds a screenful.
        limit = self.FIRST_PAGE if not self._rows else self.PAGE
        page = case_queries.next_page(self.session, self._filter, self._next, limit)
        self._next = page.next
        self._more = page.next is not None
        if not page.rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(r, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def _text(self, r: CaseRow, column: int) -> str:
        if column == 0:
            return r.ref
        if column == 1:
            return r.person
        if column == 2:
            return r.role.capitalize()
        if column == 3:
            return rules.status_label(r.status)
        if column == 4:
            return uk_date(r.opened_at[:10])
        if column == 5:
            return uk_date(r.next_review)
        if column == 6:
            return category_label(self._categories, r.category)
        return ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(CASE_HEADERS):
            return CASE_HEADERS[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def case_id(self, row: int) -> int:
        return self._rows[row].id

    def row_record(self, row: int) -> CaseRow:
        return self._rows[row]


CHRON_HEADERS = ("No.", "Happened", "Recorded", "By", "Kind", "Entry")


class ChronologyModel(QAbstractTableModel):
    """Flat list: each entry followed by its addenda (shown as "Addendum to No. N")."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ChronologyEntry] = []

    def set_entries(self, entries: list[ChronologyEntry]) -> None:
        self.beginResetModel()
        self._rows = []
        for e in entries:
            self._rows.append(e)
            self._rows.extend(e.addenda)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CHRON_HEADERS)

    def entry(self, row: int) -> ChronologyEntry:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        e = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            col = index.column()
            if col == 0:
                return str(e.id)
            if col == 1:
                happened = uk_date(e.occurred_at[:10])
                return f"{happened} (backdated)" if e.backdated else happened
            if col == 2:
                return uk_datetime(e.recorded_at)
            if col == 3:
                return e.author
            if col == 4:
                label = rules.chronology_label(e.kind)
                return f"{label} to No. {e.amends_id}" if e.amends_id is not None else label
            if col == 5:
                return e.text if len(e.text) <= 2000 else e.text[:2000] + " …"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return CHRON_HEADERS[section] if 0 <= section < len(CHRON_HEADERS) else None
        return None
