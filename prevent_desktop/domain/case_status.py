"""A case's status: one rule, from the events recorded on the case.

Everything that moves a case along is recorded as an **event** on the chronology entry that records it
(``chronology.event``; the chronology is append-only, so the events are too): the concern, the referral started
and marked ready, each decision and outcome, each review done, closing and reopening. :func:`case_state` replays a
case's events in the order they were recorded and says where the case stands::

    concern ─ referral started ─ referral ready ─ decision ─┬─ referred ─ outcome ─┬─ assessment / Channel /
                                                            │                     │  case management …
                                                            ├─ internal support   └─ exit, NFA … ─ monitoring
                                                            ├─ signposted                (the 6- and 12-month
                                                            └─ NFA ─────────────── closed ◄── reviews done)
                                                                                     │  ▲
                                                                         reopened ◄──┘  └── closed (with a reason)

Every screen, document, command and query that needs a status asks this rule: the ``cases.status`` column is a copy
kept for the list filters and Home's queries, written only by ``services.cases.changes.add_entry`` when it records
an event, so it always equals ``case_state(events).status``. :func:`refusal` says which events a status refuses
(a decision on a closed case: reopen it first), for the services and the replay alike. :func:`next_step` turns a
state into the sentence the case page leads with ("Chase the police answer by 14 Dec").

Pure: no I/O, no clock (``today`` is passed in).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from prevent_desktop.domain.dates import MONTH_ABBR

REVIEW_MONTHS = (6, 12)  # an exit schedules these reviews; the case is monitored until they are done

STATUSES: dict[str, str] = {
    "concern": "Concern logged",
    "drafting": "Referral in progress",
    "ready": "Referral ready to send",
    "referred": "Referred (awaiting answer)",
    "assessment": "Accepted for police assessment",
    "channel": "Channel support",
    "case_management": "Prevent case management",
    "support": "Internal support plan",
    "signposted": "Signposted",
    "monitoring": "Monitoring (reviews due)",
    "closed": "Closed",
    "reopened": "Reopened (decision needed)",
}

# What each decision and outcome moves the case to (every decision and outcome kind of ``domain.cases`` is here:
# a test checks it). An exit outcome starts the monitoring reviews; the last review done closes the case.
DECISION_STATUS: dict[str, str] = {
    "police_prevent": "referred",
    "channel": "referred",
    "internal_support": "support",
    "signposted": "signposted",
    "nfa": "closed",
}
OUTCOME_STATUS: dict[str, str] = {
    "gateway_accepted": "assessment",
    "gateway_declined": "monitoring",
    "channel_adopted": "channel",
    "channel_not_adopted": "monitoring",
    "prevent_case_management": "case_management",
    "police_nfa": "monitoring",
    "exit": "monitoring",
}
EXIT_OUTCOMES = frozenset(k for k, status in OUTCOME_STATUS.items() if status == "monitoring")
REFERRAL_DECISIONS = frozenset(k for k, status in DECISION_STATUS.items() if status == "referred")
# Where no decision has been recorded yet (or a reopened case waits for a new one): the referral can be worked on.
BEFORE_DECISION = frozenset({"concern", "drafting", "ready", "reopened"})
INITIAL = "concern"

# The kinds of event, as stored (``decision`` and ``outcome`` carry their kind: "decision:nfa").
CONCERN = "concern"
REFERRAL_STARTED = "referral_started"
REFERRAL_READY = "referral_ready"
DECISION = "decision"
OUTCOME = "outcome"
REVIEW_DONE = "review_done"
CLOSED = "closed"
REOPENED = "reopened"
EVENT_KINDS = (CONCERN, REFERRAL_STARTED, REFERRAL_READY, DECISION, OUTCOME, REVIEW_DONE, CLOSED, REOPENED)
# Every stored event code: what the import schema allows in ``chronology[].event`` ("" = an entry that is no event).
EVENT_CODES: tuple[str, ...] = (
    CONCERN, REFERRAL_STARTED, REFERRAL_READY,
    *(f"{DECISION}:{k}" for k in DECISION_STATUS), *(f"{OUTCOME}:{k}" for k in OUTCOME_STATUS),
    REVIEW_DONE, CLOSED, REOPENED,
)


@dataclass(frozen=True)
class CaseEvent:
    kind: str  # one of EVENT_KINDS
    detail: str = ""  # the decision's or outcome's kind
    on: str = ""  # ISO date it took effect (the decision's date, the review's, the day of closing)

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.detail}" if self.detail else self.kind

    @classmethod
    def decode(cls, code: str, on: str = "") -> CaseEvent:
        kind, _, detail = code.partition(":")
        return cls(kind, detail, on[:10])


@dataclass(frozen=True)
class CaseState:
    status: str
    closed_on: str = ""  # ISO date the case closed ("" while open)
    reopened_on: str = ""  # ISO date of the last reopening ("" if never, or closed again since)
    reviews_pending: int = 0  # monitoring reviews scheduled by exits and not yet done


class RefusedEvent(ValueError):
    """An event the case's status does not allow (the services turn it into a sentence)."""


def refusal(status: str, event: CaseEvent) -> str:
    """Why ``status`` refuses ``event`` ("" when it is allowed): a closed case takes no decision, outcome or
    closing until it is reopened; only a closed case is reopened; the referral is started and marked ready only
    before a decision (or after a reopening). Reviews, notes, addenda and files are always allowed."""
    kind = event.kind
    if kind in (DECISION, OUTCOME, CLOSED) and status == "closed":
        return "closed"
    if (kind == DECISION and event.detail not in DECISION_STATUS) or (
        kind == OUTCOME and event.detail not in OUTCOME_STATUS
    ):
        return "unknown"
    if kind == REOPENED and status != "closed":
        return "open"
    if kind in (REFERRAL_STARTED, REFERRAL_READY) and status not in BEFORE_DECISION:
        return "decided"
    if kind == REFERRAL_STARTED and status not in ("concern", "reopened"):
        return "started"
    if kind == CONCERN and status != INITIAL:
        return "started"
    if kind not in EVENT_KINDS:
        return "unknown"
    return ""


def step(state: CaseState, event: CaseEvent) -> CaseState:
    """The state after ``event``; an event the state refuses (only in a file made elsewhere) changes nothing."""
    if refusal(state.status, event):
        return state
    status, pending, reopened_on = state.status, state.reviews_pending, state.reopened_on
    kind = event.kind
    if kind == REFERRAL_STARTED:
        status = "drafting"
    elif kind == REFERRAL_READY:
        status = "ready"
    elif kind == DECISION:
        status = DECISION_STATUS[event.detail]
    elif kind == OUTCOME:
        status = OUTCOME_STATUS[event.detail]
        if event.detail in EXIT_OUTCOMES:
            pending += len(REVIEW_MONTHS)
    elif kind == REVIEW_DONE:
        pending = max(0, pending - 1)
        if status == "monitoring" and pending == 0:
            status = "closed"
    elif kind == CLOSED:
        status = "closed"
    elif kind == REOPENED:
        status, reopened_on = "reopened", event.on
    closed_on = ""
    if status == "closed":
        closed_on = state.closed_on if state.status == "closed" else event.on
        reopened_on = reopened_on if state.status == "closed" else ""
    return CaseState(status, closed_on, reopened_on, pending)


def case_state(events: Iterable[CaseEvent]) -> CaseState:
    """Replay a case's events, oldest first: the one rule for its status."""
    state = CaseState(INITIAL)
    for event in events:
        state = step(state, event)
    return state


def status_label(status: str) -> str:
    return STATUSES.get(status, status.replace("_", " ").capitalize())


# ----------------------------------------------------------------------------------------------------
# The next step, as the case page's header says it
# ----------------------------------------------------------------------------------------------------

# What the next step's button does (the case page maps each to its dialog).
ACTIONS = {
    "decision": "Record a decision…",
    "referral": "Continue the referral…",
    "outcome": "Record the answer…",
    "review": "Record the review…",
    "reopen": "Reopen the case…",
}


@dataclass(frozen=True)
class NextStep:
    text: str  # "Chase the police answer by 14 Dec"
    action: str  # a key of ACTIONS
    overdue: bool = False

    @property
    def button(self) -> str:
        return ACTIONS[self.action]


def short_date(iso: str, today: date) -> str:
    """ "14 Dec" this year, "14 Dec 2025" another year."""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {MONTH_ABBR[day.month]}" + ("" if day.year == today.year else f" {day.year}")


def next_step(
    state: CaseState,
    *,
    today: date,
    chase_days: int,
    gaps: int = 0,
    last_referral: tuple[str, str] | None = None,
    open_reviews: Sequence[tuple[str, str]] = (),
) -> NextStep:
    """What the DSO does next on a case at ``state``. ``last_referral``: (decision kind, ISO date) of the last
    referral decision; ``open_reviews``: (label, ISO due date) of each review not yet done; ``gaps``: what the
    referral form still needs."""
    status = state.status
    due = sorted(open_reviews, key=lambda r: r[1])
    if status == "concern":
        return NextStep("Record a decision", "decision")
    if status == "reopened":
        when = f" on {short_date(state.reopened_on, today)}" if state.reopened_on else ""
        return NextStep(f"Reopened{when}: record a decision", "decision")
    if status == "drafting":
        need = f": {gaps} item(s) still needed" if gaps else ": it can be marked ready"
        return NextStep(f"Finish the referral{need}", "referral")
    if status == "ready":
        return NextStep("Send the referral, then record the decision", "decision")
    if status == "referred":
        who = "the Channel" if last_referral and last_referral[0] == "channel" else "the police"
        if last_referral:
            chase = date.fromisoformat(last_referral[1][:10]) + timedelta(days=chase_days)
            if chase < today:
                return NextStep(f"Chase {who} answer: it was due by {short_date(chase.isoformat(), today)}",
                                "outcome", overdue=True)
            return NextStep(f"Chase {who} answer by {short_date(chase.isoformat(), today)}", "outcome")
        return NextStep(f"Record {who} answer when it comes", "outcome")
    if due:
        label, due_on = due[0]
        overdue = due_on[:10] < today.isoformat()
        text = (f"Review overdue since {short_date(due_on, today)}" if overdue
                else f"Review due {short_date(due_on, today)}")
        return NextStep(f"{text} ({label})" if label else text, "review", overdue=overdue)
    if status == "assessment":
        return NextStep("Record the outcome of the police assessment", "outcome")
    if status in ("channel", "case_management", "support", "signposted", "monitoring"):
        return NextStep("Record the outcome when the support ends", "outcome")
    if status == "closed":
        when = f" on {short_date(state.closed_on, today)}" if state.closed_on else ""
        return NextStep(f"Closed{when}. Reopen it if new information needs action", "reopen")
    return NextStep("Record a decision", "decision")
