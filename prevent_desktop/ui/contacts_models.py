"""Table models for the contacts panel: the directory, one contact's numbers, its history, who to call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from prevent_desktop.domain import contacts as contact_rules
from prevent_desktop.domain.contact_records import ContactRow, HistoryRow
from prevent_desktop.domain.contacts import grouped_for_reading, read_aloud
from prevent_desktop.domain.dates import uk_date, uk_datetime
from prevent_desktop.services import settings

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_BACKGROUND = QColor("#ffe9a8")  # amber; the Status text says the same
RETIRED_FOREGROUND = QColor("#6b6b6b")


@dataclass(frozen=True)
class Channel:
    """One way to reach a contact: a phone number, an email address or an online route (described in words)."""

    contact: ContactRow
    kind: str  # "phone", "email", "web"
    label: str
    value: str

    @property
    def grouped(self) -> str:
        return grouped_for_reading(self.value) if self.kind == "phone" else self.value

    @property
    def aloud(self) -> str:
        return read_aloud(self.value) if self.kind == "phone" else self.value

    @property
    def sensitive(self) -> bool:
        return not self.contact.public_line


def channels(c: ContactRow) -> list[Channel]:
    out = [Channel(c, "phone", label or "Telephone", number) for label, number in c.phones]
    out += [Channel(c, "email", "Email", e) for e in c.emails]
    if c.web:
        out.append(Channel(c, "web", "Online", c.web))
    return out


def status_text(c: ContactRow, today: date, months: int) -> str:
    if c.retired:
        return f"Retired {uk_date(c.retired_at)}"
    if contact_rules.is_stale(c, today, months):
        return "⚠ Check it"
    return "OK"


class _ListModel(QAbstractTableModel):
    headers: Sequence[str] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def record(self, row: int) -> Any:
        return self._rows[row]

    def _valid(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self.headers)


class ContactDirectoryModel(_ListModel):
    """Every contact, in the policy's group order (the row order); sorting by Group keeps that order."""

    headers = ("Group", "Who", "Role", "Organisation", "Numbers", "Last verified", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.stale_months = settings.CONTACT_STALE_MONTHS.default  # until reload() reads the vault
        self.search_keys: list[tuple[str, list[str]]] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.search_keys = [contact_rules.search_key(c) for c in rows]
        super().set_rows(rows)

    def _text(self, c: ContactRow, column: int) -> str:
        if column == 0:
            return c.group_title
        if column == 1:
            return c.display_name
        if column == 2:
            return c.role
        if column == 3:
            return c.organisation
        if column == 4:
            nums = [f"{lb}: {n}" if lb else n for lb, n in c.phones]
            return "\n".join(nums or list(c.emails) or ([c.web] if c.web else []))
        if column == 5:
            return uk_date(c.last_verified, "never")
        return status_text(c, self.today, self.stale_months)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        c: ContactRow = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(c, col)
        if role == SORT_ROLE:
            if col == 0:
                return index.row()
            if col == 5:
                return c.last_verified
            return self._text(c, col).casefold()
        if role == Qt.ItemDataRole.BackgroundRole and col == 6 and not c.retired:
            if contact_rules.is_stale(c, self.today, self.stale_months):
                return QBrush(STALE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and c.retired:
            return QBrush(RETIRED_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and c.phones:
            return "\n".join(grouped_for_reading(n) for _, n in c.phones)
        if role == Qt.ItemDataRole.ToolTipRole and col in (0, 1, 3):
            return (c.group_title, c.role, c.organisation)[(0, 1, 3).index(col)]
        if role == Qt.ItemDataRole.ToolTipRole and col == 6 and not c.retired:
            if contact_rules.is_stale(c, self.today, self.stale_months):
                return f"Not verified in the last {self.stale_months} months: call to check, then Mark verified today."
        return None

    def row_of(self, contact_id: str) -> int:
        for i, c in enumerate(self._rows):
            if c.id == contact_id:
                return i
        return -1


class ContactFilterProxy(QSortFilterProxyModel):
    """Instant search over every field and any digit run of a number (the same rule as the CLI's search)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.query = ""
        self.setSortRole(SORT_ROLE)

    def set_query(self, text: str) -> None:
        if hasattr(self, "endFilterChange"):  # Qt 6.10+; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.query = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.query = text
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ContactDirectoryModel) or not self.query.strip():
            return True
        return contact_rules.matches_key(model.search_keys[source_row], self.query)


class ChannelsModel(_ListModel):
    headers = ("Label", "Number / address", "Read aloud as")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        ch: Channel = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (ch.label, ch.value, ch.grouped)[index.column()]
        return None


class HistoryModel(_ListModel):
    headers = ("When", "Who", "Field", "Old value", "New value", "Reason")
    FIELD_NAMES: ClassVar[dict[str, str]] = {
        "group_id": "Group",
        "name": "Name",
        "role": "Role",
        "organisation": "Organisation",
        "phones": "Numbers",
        "emails": "Emails",
        "web": "Online route",
        "when_to_use": "When to use",
        "notes": "Notes",
        "out_of_hours": "Out of hours",
        "public_line": "Public line",
        "last_verified": "Last verified",
        "retired_at": "Retired",
    }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        h: HistoryRow = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            values: tuple[Callable[[], str], ...] = (
                lambda: uk_datetime(h.changed_at),
                lambda: h.changed_by,
                lambda: self.FIELD_NAMES.get(h.field, h.field),
                lambda: h.old_value.replace("\n", "; "),
                lambda: h.new_value.replace("\n", "; "),
                lambda: h.reason,
            )
            return values[index.column()]()
        return None


@dataclass(frozen=True)
class CallStep:
    order: int
    channel: Channel


class WhoToCallModel(_ListModel):
    """The contacts to use, in the routing's order, one row per number (or email / online route)."""

    headers = ("#", "Who", "Organisation", "Number / route", "Read aloud as", "When to use")

    def set_contacts(self, contacts: Sequence[ContactRow]) -> None:
        """One row per number (or route), numbered 1, 2, 3… in the order to try them."""
        rows = [ch for c in contacts for ch in (channels(c) or [Channel(c, "none", "", "")])]
        self.set_rows([CallStep(i, ch) for i, ch in enumerate(rows, start=1)])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        s: CallStep = self._rows[index.row()]
        c = s.channel.contact
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            ch = s.channel
            value = f"{ch.label}: {ch.value}" if ch.value else "Number not yet recorded — add it"
            return (
                str(s.order),
                c.display_name if not c.name else f"{c.name} ({c.role})",
                c.organisation,
                value,
                ch.aloud if ch.kind == "phone" else "",
                c.when_to_use,
            )[index.column()]
        return None


class GroupColumnDelegate(QStyledItemDelegate):
    """Shows a group's title on its first row only, so the list reads as the policy's groups (the title is still
    in every row's data, tooltip and accessible text)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        if index.row() > 0 and model.index(index.row() - 1, index.column()).data() == index.data():
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            widget = opt.widget
            style = widget.style() if widget is not None else None
            if style is not None:
                style.drawControl(style.ControlElement.CE_ItemViewItem, opt, painter, widget)
                return
        super().paint(painter, option, index)
