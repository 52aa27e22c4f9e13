"""What Home lists: one item needing attention today, from any area (each area's service makes its own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AttentionItem:
    area: str  # "Cases", "Contacts", "Action plan", "Policies"
    severity: str  # "overdue", "due", "info"
    text: str
    case_id: int | None = None  # Home opens this case directly
