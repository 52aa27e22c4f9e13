"""What Home lists: the things that need the DSO today, typed, from every area (each area's service makes its own;
``services/home.py`` gathers them in ``SOURCES``). The GUI's Home and ``prevent-desktop home`` show the same list.

An item says which area it belongs to, what kind of thing it is, how urgent, the date it is about, a reference
(a case reference, a plan row number, an id: never a name or free text) and the record Enter opens (``target``).
The sentence (``text``) is for the screen only; the CLI prints everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Home's groups, in the order they are shown: damage to the vault itself (rare), then cases (people before paperwork).
AREAS: tuple[str, ...] = ("Vault", "Cases", "Action plan", "Policies", "Contacts", "Backups")

# Every kind of item, per area, in the order Home lists them within the area. "more" closes a kind whose list was
# cut at the limit: it says how many more there are (``more``; ``capped`` when the count itself stopped counting).
KINDS: dict[str, tuple[str, ...]] = {
    "Vault": ("vault_damaged",),  # the background check of the whole vault found damage
    "Cases": (
        "concern_undecided",  # a concern with no decision yet (oldest first)
        "draft_unfinished",  # a referral draft begun and not marked ready
        "referral_ready",  # a referral marked ready and not sent (no referral decision recorded)
        "answer_to_chase",  # referred, no answer for longer than the chase-days setting
        "review_due",  # a review due in the next days or overdue
        "task_due",  # a case task due in the next days or overdue
    ),
    "Action plan": ("plan_review_overdue", "plan_row_overdue", "plan_row_red", "plan_row_due", "plan_row_unrated"),
    "Policies": ("policy_review", "policy_never_reviewed", "policy_overdue", "policy_due"),
    "Contacts": ("contact_no_number", "contact_unverified"),
    "Backups": ("backup_failed", "backup_none", "backup_old"),
}
MORE = "more"
SEVERITIES: tuple[str, ...] = ("overdue", "due", "info")
SEVERITY_LABELS = {"overdue": "Overdue", "due": "Due", "info": "Note"}


@dataclass(frozen=True)
class AttentionItem:
    area: str  # one of AREAS
    kind: str  # one of KINDS[area], or MORE
    severity: str  # "overdue", "due", "info"
    text: str  # the sentence Home shows (never printed by the CLI)
    date: str = ""  # ISO date the item is about ("" when none)
    reference: str = ""  # a case reference, "row 3", an id; for MORE the kind it continues
    target: int | str | None = None  # the record Enter opens (case id, plan row id, policy id, contact id)
    more: int = 0  # MORE only: how many more are not listed
    capped: bool = False  # MORE only: there are at least ``more`` more (counting stopped there)

    @property
    def case_id(self) -> int | None:
        """The case this item opens (case items only)."""
        return self.target if self.area == "Cases" and isinstance(self.target, int) else None

    @property
    def count(self) -> int:
        """How many things needing attention this line stands for."""
        return self.more if self.kind == MORE else 1


def more_item(area: str, of_kind: str, more: int, capped: bool, text: str, target: str | None = None) -> AttentionItem:
    return AttentionItem(area, MORE, "info", text, reference=of_kind, target=target, more=more, capped=capped)


def order_items(items: Iterable[AttentionItem]) -> list[AttentionItem]:
    """Home's order: by area (``AREAS``), then by kind within the area (``KINDS``; a MORE line right after the
    kind it continues), then as each source listed them (the source orders by date)."""

    def key(item: AttentionItem) -> tuple[int, int, int]:
        area = AREAS.index(item.area) if item.area in AREAS else len(AREAS)
        kinds = KINDS.get(item.area, ())
        kind = item.reference if item.kind == MORE else item.kind
        rank = kinds.index(kind) if kind in kinds else len(kinds)
        return area, rank, 1 if item.kind == MORE else 0

    return sorted(items, key=key)  # stable: the source's own order within a kind


@dataclass(frozen=True)
class GroupCount:
    area: str
    count: int  # things needing attention (listed or not)
    capped: bool  # "at least": some kind's count stopped at the limit

    @property
    def shown(self) -> str:
        return f"{self.count:,}+" if self.capped else f"{self.count:,}"


def group_counts(items: Sequence[AttentionItem]) -> list[GroupCount]:
    """Each area with something in it, in Home's order, with how many things it stands for."""
    counts: dict[str, list[int]] = {}
    for item in items:
        entry = counts.setdefault(item.area, [0, 0])
        entry[0] += item.count
        entry[1] |= int(item.capped)
    ordered = sorted(counts, key=lambda a: AREAS.index(a) if a in AREAS else len(AREAS))
    return [GroupCount(a, counts[a][0], bool(counts[a][1])) for a in ordered]
