"""The one status rule (domain/case_status.py): every status follows from the events recorded on the case.

The pure rule is replayed over random event sequences (hypothesis), each step checked against what the step means;
then the real services are driven in random orders on a real vault, and after every call the stored status (kept
for queries) must equal the rule's result over the events read back from the vault, and what each step promises.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from prevent_desktop.domain import case_status as cs
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseFilter
from prevent_desktop.domain.case_status import CaseEvent, CaseState, case_state, next_step, refusal, step
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.cases import actions, changes, queries, referral_draft
from prevent_desktop.storage import cases as store
from tests import factories
from tests.helpers.clock import TODAY

EVENTS = st.one_of(
    st.sampled_from([CaseEvent(k) for k in (cs.REFERRAL_STARTED, cs.REFERRAL_READY, cs.REVIEW_DONE, cs.CLOSED,
                                            cs.REOPENED, cs.CONCERN)]),
    st.sampled_from(sorted(rules.DECISIONS)).map(lambda k: CaseEvent(cs.DECISION, k)),
    st.sampled_from(sorted(rules.OUTCOMES)).map(lambda k: CaseEvent(cs.OUTCOME, k)),
)


def dated(events: list[CaseEvent]) -> list[CaseEvent]:
    start = date(2026, 1, 5)
    return [CaseEvent(e.kind, e.detail, (start + timedelta(days=i)).isoformat()) for i, e in enumerate(events)]


def test_every_decision_and_outcome_moves_the_status_somewhere() -> None:
    assert set(cs.DECISION_STATUS) == set(rules.DECISIONS)
    assert set(cs.OUTCOME_STATUS) == set(rules.OUTCOMES)
    assert set(cs.DECISION_STATUS.values()) | set(cs.OUTCOME_STATUS.values()) <= set(cs.STATUSES)
    assert all(code.partition(":")[0] in cs.EVENT_KINDS for code in cs.EVENT_CODES)


@pytest.mark.parametrize(("events", "status"), [
    ([], "concern"),
    ([CaseEvent(cs.REFERRAL_STARTED)], "drafting"),
    ([CaseEvent(cs.REFERRAL_STARTED), CaseEvent(cs.REFERRAL_READY)], "ready"),
    ([CaseEvent(cs.DECISION, "police_prevent")], "referred"),
    # issue 15: "accepted for assessment" used to leave the case at "Referred (awaiting answer)"
    ([CaseEvent(cs.DECISION, "police_prevent"), CaseEvent(cs.OUTCOME, "gateway_accepted")], "assessment"),
    ([CaseEvent(cs.DECISION, "channel"), CaseEvent(cs.OUTCOME, "channel_adopted")], "channel"),
    ([CaseEvent(cs.DECISION, "police_prevent"), CaseEvent(cs.OUTCOME, "prevent_case_management")], "case_management"),
    ([CaseEvent(cs.DECISION, "police_prevent"), CaseEvent(cs.OUTCOME, "police_nfa")], "monitoring"),
    ([CaseEvent(cs.DECISION, "channel"), CaseEvent(cs.OUTCOME, "exit"), CaseEvent(cs.REVIEW_DONE)], "monitoring"),
    ([CaseEvent(cs.DECISION, "channel"), CaseEvent(cs.OUTCOME, "exit"), CaseEvent(cs.REVIEW_DONE),
      CaseEvent(cs.REVIEW_DONE)], "closed"),
    ([CaseEvent(cs.DECISION, "nfa")], "closed"),
    ([CaseEvent(cs.DECISION, "nfa"), CaseEvent(cs.REOPENED)], "reopened"),
    ([CaseEvent(cs.DECISION, "nfa"), CaseEvent(cs.REOPENED), CaseEvent(cs.DECISION, "channel")], "referred"),
    ([CaseEvent(cs.DECISION, "nfa"), CaseEvent(cs.DECISION, "channel")], "closed"),  # refused: reopen first
    ([CaseEvent(cs.DECISION, "internal_support"), CaseEvent(cs.CLOSED)], "closed"),
    ([CaseEvent(cs.DECISION, "signposted"), CaseEvent(cs.REFERRAL_READY)], "signposted"),  # refused after a decision
])
def test_known_paths(events: list[CaseEvent], status: str) -> None:
    assert case_state(dated([CaseEvent(cs.CONCERN), *events])).status == status


@settings(max_examples=400, deadline=None)
@given(st.lists(EVENTS, max_size=25))
def test_replaying_any_sequence_follows_each_step(events: list[CaseEvent]) -> None:
    """Each event either is refused (nothing changes) or does what it says; the closing date is kept exactly while
    the case is closed."""
    state = CaseState(cs.INITIAL)
    for e in dated([CaseEvent(cs.CONCERN), *events]):
        after = step(state, e)
        why = refusal(state.status, e)
        if why:
            assert after == state
        elif e.kind == cs.DECISION:
            assert after.status == cs.DECISION_STATUS[e.detail]
        elif e.kind == cs.OUTCOME:
            assert after.status == cs.OUTCOME_STATUS[e.detail]
        elif e.kind == cs.REVIEW_DONE:
            closes = state.status == "monitoring" and state.reviews_pending <= 1
            assert after.status == ("closed" if closes else state.status)
        elif e.kind == cs.CLOSED:
            assert after.status == "closed"
        elif e.kind == cs.REOPENED:
            assert (state.status, after.status, after.reopened_on) == ("closed", "reopened", e.on)
        elif e.kind == cs.REFERRAL_STARTED:
            assert after.status == "drafting"
        elif e.kind == cs.REFERRAL_READY:
            assert after.status == "ready"
        assert after.status in cs.STATUSES
        assert bool(after.closed_on) == (after.status == "closed")
        if after.status == "closed" and state.status != "closed":
            assert after.closed_on == e.on
        if state.status == "closed" and after.status == "closed":
            assert after.closed_on == state.closed_on
        # a closed case takes no decision, outcome or second closing; only a closed one is reopened
        if state.status == "closed":
            assert refusal(state.status, CaseEvent(cs.DECISION, "channel")) == "closed"
        assert (refusal(state.status, CaseEvent(cs.REOPENED)) == "") == (state.status == "closed")
        state = after
    assert case_state(dated([CaseEvent(cs.CONCERN), *events])) == state


def test_next_step_sentences() -> None:
    today = date(2026, 12, 1)
    ns = next_step(CaseState("concern"), today=today, chase_days=14)
    assert (ns.text, ns.action, ns.button) == ("Record a decision", "decision", "Record a decision…")
    ns = next_step(CaseState("referred"), today=today, chase_days=14, last_referral=("police_prevent", "2026-11-30"))
    assert (ns.text, ns.action, ns.overdue) == ("Chase the police answer by 14 Dec", "outcome", False)
    ns = next_step(CaseState("referred"), today=today, chase_days=14, last_referral=("channel", "2026-10-01"))
    assert ns.text == "Chase the Channel answer: it was due by 15 Oct" and ns.overdue
    ns = next_step(CaseState("monitoring"), today=today, chase_days=14,
                   open_reviews=[("12-month review after exit", "2027-09-03"),
                                 ("6-month review after exit", "2027-03-03")])
    assert (ns.text, ns.action) == ("Review due 3 Mar 2027 (6-month review after exit)", "review")
    ns = next_step(CaseState("closed", closed_on="2026-11-02"), today=today, chase_days=14)
    assert ns.action == "reopen" and ns.text.startswith("Closed on 2 Nov.")
    ns = next_step(CaseState("reopened", reopened_on="2026-11-30"), today=today, chase_days=14)
    assert (ns.text, ns.action) == ("Reopened on 30 Nov: record a decision", "decision")
    ns = next_step(CaseState("drafting"), today=today, chase_days=14, gaps=3)
    assert (ns.text, ns.action) == ("Finish the referral: 3 item(s) still needed", "referral")


# ----------------------------------------------------------------------------------------------------
# The services on a real vault: after every call the stored status is the rule's result
# ----------------------------------------------------------------------------------------------------


def stored_status_is_the_rules(session: Any, case_id: int) -> str:
    stored = store.get_case(session.conn, case_id)
    assert stored is not None
    by_rule = case_state(store.case_events(session.conn, case_id))
    assert (stored.status, stored.closed_at) == (by_rule.status, by_rule.closed_on)
    shown = queries.case_detail(session, case_id)
    assert (shown.status, shown.status_label, shown.read_only) == (
        by_rule.status, cs.status_label(by_rule.status), by_rule.status == "closed")
    assert queries.count(session, CaseFilter(status=by_rule.status, person_id=shown.person.id)) == 1
    return by_rule.status


class CaseMachine(RuleBasedStateMachine):
    """One case per run, driven through the services in any order the DSO could click."""

    session: Any = None

    @initialize()
    def log(self) -> None:
        self.case_id = factories.log_case(self.session, surname=f"Machine{id(self) % 100000}")
        self.expected = "concern"

    def version(self) -> int:
        return queries.case_detail(self.session, self.case_id).version

    def attempt(self, call: Any, expected: str) -> None:
        before = stored_status_is_the_rules(self.session, self.case_id)
        try:
            call()
        except ValidationError:
            self.expected = before  # refused with a sentence: nothing moved
        else:
            self.expected = expected

    @rule()
    def save_referral(self) -> None:
        d = referral_draft.load(self.session, self.case_id)
        after = "drafting" if self.expected in ("concern", "reopened") else self.expected
        self.attempt(lambda: referral_draft.save(self.session, self.case_id, d.version, d.answers, d.points), after)

    @rule()
    def mark_ready(self) -> None:
        self.attempt(lambda: referral_draft.mark_ready(self.session, self.case_id, self.version(), "gaps: later"),
                     "ready")

    @rule(kind=st.sampled_from(sorted(rules.DECISIONS)))
    def decide(self, kind: str) -> None:
        self.attempt(lambda: actions.record_decision(self.session, self.case_id, self.version(), kind, "reason"),
                     cs.DECISION_STATUS[kind])

    @rule(kind=st.sampled_from(sorted(rules.OUTCOMES)))
    def outcome(self, kind: str) -> None:
        self.attempt(lambda: actions.record_outcome(self.session, self.case_id, self.version(), kind, ""),
                     cs.OUTCOME_STATUS[kind])

    @rule()
    def review(self) -> None:
        due = [r for r in queries.case_detail(self.session, self.case_id).reviews if not r.done_on]
        if not due:
            return
        last = len(due) == 1 and self.expected == "monitoring"
        self.attempt(lambda: actions.complete_review(self.session, self.case_id, due[0].id, "seen"),
                     "closed" if last else self.expected)

    @rule()
    def close(self) -> None:
        self.attempt(lambda: actions.close_case(self.session, self.case_id, self.version(), "done"), "closed")

    @rule()
    def reopen(self) -> None:
        self.attempt(lambda: actions.reopen_case(self.session, self.case_id, self.version(), "late news"),
                     "reopened")

    @rule()
    def note_and_addendum(self) -> None:  # always allowed, closed or not; they never move the status
        entry = actions.add_note(self.session, self.case_id, "late information")
        actions.add_addendum(self.session, self.case_id, entry, "correction")

    @invariant()
    def status_is_the_rules(self) -> None:
        if hasattr(self, "case_id"):
            assert stored_status_is_the_rules(self.session, self.case_id) == self.expected
            assert changes.state_of(self.session, self.case_id).status == self.expected


@pytest.mark.usefixtures("clock")
def test_stored_status_equals_the_rule_after_every_service_call(session: Any) -> None:
    CaseMachine.session = session
    run_state_machine_as_test(CaseMachine, settings=settings(
        max_examples=25, stateful_step_count=14, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))


@pytest.mark.usefixtures("clock")
def test_accepted_for_assessment_moves_the_status_on(session: Any) -> None:
    """Issue 15: recording "Police gateway: accepted for assessment" left the case at "Referred (awaiting
    answer)"; Home kept asking to chase an answer that had come."""
    case_id = factories.log_case(session, decision="police_prevent", decided_on=TODAY.isoformat())
    v = queries.case_detail(session, case_id).version
    actions.record_outcome(session, case_id, v, "gateway_accepted", "")
    d = queries.case_detail(session, case_id)
    assert (d.status, d.status_label) == ("assessment", "Accepted for police assessment")


@pytest.mark.usefixtures("clock")
def test_reopen_needs_a_closed_case_and_a_reason_and_is_recorded(session: Any) -> None:
    case_id = factories.log_case(session, decision="nfa")
    d = queries.case_detail(session, case_id)
    assert d.status == "closed" and d.closed_at == TODAY.isoformat()
    with pytest.raises(ValidationError, match="required"):
        actions.reopen_case(session, case_id, d.version, "  ")
    v = actions.reopen_case(session, case_id, d.version, "The tutor reported new remarks")
    d = queries.case_detail(session, case_id)
    assert (d.status, d.closed_at, d.read_only) == ("reopened", "", False)
    assert d.chronology[-1].text == "Case reopened. Reason: The tutor reported new remarks"
    assert d.chronology[-1].event == "reopened"
    audit = session.conn.execute("SELECT action, detail FROM audit_log WHERE action = 'case.reopen'").fetchall()
    assert [tuple(r) for r in audit] == [("case.reopen", "")]  # ids only: the reason stays in the case
    with pytest.raises(ValidationError, match="only a closed case"):
        actions.reopen_case(session, case_id, v, "again")
    actions.record_decision(session, case_id, v, "channel", "New information: refer")
    assert queries.case_detail(session, case_id).status == "referred"


@pytest.mark.usefixtures("clock")
def test_a_closed_case_still_takes_notes_addenda_and_reviews(session: Any) -> None:
    """Policy 3.13 keeps the record even for a false alarm, and late information must be recordable: a note on a
    closed case used to be refused ("closed, so it is read-only")."""
    case_id = factories.log_case(session, decision="nfa")
    entry = actions.add_note(session, case_id, "Late information from the tutor")
    actions.add_addendum(session, case_id, entry, "It was Tuesday, not Monday")
    d = queries.case_detail(session, case_id)
    assert d.status == "closed"
    assert [a.text for a in d.chronology[-1].addenda] == ["It was Tuesday, not Monday"]


@pytest.mark.usefixtures("clock")
def test_import_takes_the_status_from_the_events_and_infers_them_for_older_files(
    session: Any, vault_factory: Any
) -> None:
    from prevent_desktop.services import cases_io

    paths = {
        "assessment": factories.log_case(session, referral=True, ready=True, decision="police_prevent",
                                         outcome="gateway_accepted"),
        "closed": factories.log_case(session, decision="nfa"),
        "monitoring": factories.log_case(session, decision="channel", outcome="exit"),
    }
    reopened = factories.log_case(session, decision="nfa")
    actions.reopen_case(session, reopened, queries.case_detail(session, reopened).version, "new information")
    paths["reopened"] = reopened
    data = cases_io.export_data(session)
    assert {c["status"] for c in data["cases"]} == set(paths)
    lying = [dict(c, status="concern") for c in data["cases"]]  # a file's status is not believed over its events
    other = vault_factory("lying")
    try:
        cases_io.import_data(other, {**data, "cases": lying})
        assert sorted(r.status for r in queries.list_all(other)) == sorted(paths)
    finally:
        other.close()
    older = [dict(c, chronology=[{k: v for k, v in e.items() if k != "event"} for e in c["chronology"]])
             for c in data["cases"] if c["id"] != reopened]  # written before events were kept (no reopening then)
    old = vault_factory("older")
    try:
        cases_io.import_data(old, {**data, "cases": older})
        got = {r.ref: r.status for r in queries.list_all(old)}
        assert got == {c["ref"]: c["status"] for c in data["cases"] if c["id"] != reopened}
        for case_id in store.all_case_ids(old.conn):
            stored_status_is_the_rules(old, case_id)
    finally:
        old.close()
