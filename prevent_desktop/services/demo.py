"""Fill a DEMO vault with realistic synthetic cases (seeded, so runs are repeatable) across every state.

Built for speed: rows are generated in Python and written with ``executemany`` in one transaction
(100,000 cases in a few seconds). Only vaults created with ``init --demo`` accept it.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.dates import add_months
from prevent_desktop.errors import KnownError
from prevent_desktop.services.session import Session
from prevent_desktop.storage import annual_summary as summary_store
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction

FORENAMES = [
    "Zoë", "Łukasz", "Ahmed", "Aisha", "Oliver", "Amelia", "Mohammed", "Olivia", "Jack", "Isla", "Harry", "Ava",
    "Siobhán", "Dawit", "Chloé", "Kofi", "Priya", "Jakub", "Mateusz", "Fatima", "Liam", "Emily", "Noah", "Grace",
    "Tomás", "Björn", "Yusuf", "Niamh", "Rhys", "Ffion", "Chen", "Mei", "Arjun", "Oluwaseun", "Ngozi", "Zainab",
    "Ioana", "Andrei", "Kai", "Leah",
]
SURNAMES = [
    "Al-Saʼdi", "Kowalski", "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson",
    "Khan", "Patel", "Ó Briain", "Nowak", "Wiśniewski", "Okafor", "Mensah", "Hughes", "Roberts", "Walker",
    "Wright", "Thompson", "Müller", "Haile", "Rahman", "Begum", "Ali", "Hussain", "Lewis", "Clarke", "Jackson",
    "Green", "Hall", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris",
]
ROLES = ["learner", "learner", "learner", "apprentice", "apprentice", "soldier", "soldier", "staff", "visitor", "other"]
RAISERS = ["staff", "staff", "staff", "learner", "soldier", "other"]
CONCERNS = [
    "Shared a video praising a banned group in the class group chat; two learners reported it.",
    "Said in a tutorial that violence against a named community was justified; tutor recorded the words used.",
    "Searching for extremist material on a college computer; IT filtering alert on {d}.",
    "Withdrawn and talking about a new online 'mentor' who tells them not to trust staff.",
    "Drew symbols associated with a far-right group on workbook; explained as a joke.",
    "Expressed support for a school shooter during a break; peers upset.",
    "Family member reports sudden change in behaviour and contact with an unknown group.",
    "Colleague heard them share conspiracy material about a minority group during lunch.",
    "Posted threats on social media towards a public figure; screenshot provided.",
    "Asked repeatedly about how to obtain weapons for 'a cause'.",
]
# The demo's concern texts -> a concern category (words each contains; the first that matches wins). About one
# in ten texts matches none, so the demo also shows cases whose category is not recorded.
DEMO_CATEGORIES = (
    ("banned group", "islamist"),
    ("named community", "extreme-right-wing"),
    ("far-right", "extreme-right-wing"),
    ("school shooter", "school-massacre"),
    ("online 'mentor'", "vulnerability-no-ideology"),
    ("conspiracy material", "conflicted"),
    ("public figure", "other"),
    ("weapons", "left-wing-anarchist-single-issue"),
    ("IT filtering alert", "islamist"),
)
NOTES = [
    "Spoke with the tutor; account confirmed.",
    "Phoned the police Prevent team for advice; discussed the concern.",
    "Met the learner with the programme leader; they engaged well.",
    "Parent contacted; supportive and aware of the change in behaviour.",
    "Chain of command informed; welfare officer engaged.",
    "HR Advisor consulted about the staff member.",
]
REASONS = {
    "police_prevent": "Indicators need specialist assessment; discussed with the police Prevent team.",
    "channel": "Police advised a Channel referral for multi-agency support.",
    "internal_support": "Low-level concern: mentoring and tutorial support in house, reviewed monthly.",
    "signposted": "Welfare concern rather than Prevent: signposted to MASH / early help.",
    "nfa": "False alarm: the remark was quoted from a film; no Prevent concern. Kept on record (policy 3.13).",
}


def fill_demo(session: Session, n: int, seed: int = 20240601, today: date | None = None) -> int:
    if not session.demo:
        raise KnownError("This is not a DEMO vault: synthetic cases go only into a vault made with init --demo.")
    if not 1 <= n <= 1_000_000:
        raise KnownError("Give a number of cases from 1 to 1,000,000.")
    rnd = random.Random(seed)
    day = today or date.today()
    conn = session.conn
    user = session.user
    now = now_iso()
    base_person, base_case, base_entry = store.last_ids(conn)
    people: list[tuple[Any, ...]] = []
    cases: list[tuple[Any, ...]] = []
    fts: list[tuple[Any, ...]] = []
    chron: list[tuple[Any, ...]] = []
    decisions: list[tuple[Any, ...]] = []
    outcomes: list[tuple[Any, ...]] = []
    reviews: list[tuple[Any, ...]] = []
    person_ids: list[tuple[int, str]] = []
    names: dict[int, str] = {}
    statuses = list(rules.STATUSES)
    entry_id = base_entry
    seq_by_year: dict[int, int] = {}
    for ref in store.all_refs(conn):
        if (year_seq := rules.ref_sequence(ref)) is not None:
            seq_by_year[year_seq[0]] = max(seq_by_year.get(year_seq[0], 0), year_seq[1])
    for i in range(n):
        opened = day - timedelta(days=rnd.randint(0, 6 * 365))
        if person_ids and rnd.random() < 0.08:
            person_id, role = rnd.choice(person_ids)  # a repeat concern about the same person
        else:
            person_id = base_person + len(people) + 1
            role = rnd.choice(ROLES)
            age = rnd.randint(16, 19) if role in ("learner", "apprentice") else rnd.randint(18, 60)
            dob = opened - timedelta(days=age * 365 + rnd.randint(0, 364))
            fore, sur = rnd.choice(FORENAMES), rnd.choice(SURNAMES)
            people.append((person_id, fore, sur, dob.isoformat(), role, rules.name_key(fore, sur), now, now))
            person_ids.append((person_id, role))
            names[person_id] = f"{fore} {sur}"
        case_id = base_case + i + 1
        seq_by_year[opened.year] = seq_by_year.get(opened.year, 0) + 1
        ref = rules.case_ref(opened.year, seq_by_year[opened.year])
        status = rnd.choice(statuses)
        text = rnd.choice(CONCERNS).format(d=opened.strftime("%d/%m/%Y"))
        raiser = rnd.choice(RAISERS)
        answers = {"subject_role": role, "describe_concerns": text}
        points = {"1": "Reported by a member of staff.", "2": text} if status != "concern" else {}
        exit_date = closed_at = ""
        entry_id += 1
        chron.append((entry_id, case_id, opened.isoformat(), now, user, "concern", text, None))
        for _ in range(rnd.choice((0, 0, 1, 1, 2))):
            entry_id += 1
            when = min(day, opened + timedelta(days=rnd.randint(0, 20))).isoformat()
            chron.append((entry_id, case_id, when, now, user, "note", rnd.choice(NOTES), None))
        if status in ("referred", "support", "signposted", "case_management", "closed"):
            kind = {
                "referred": rnd.choice(["police_prevent", "channel"]),
                "support": rnd.choice(["internal_support", "channel"]),
                "signposted": "signposted",
                "case_management": "police_prevent",
                "closed": rnd.choice(["nfa", "police_prevent", "internal_support"]),
            }[status]
            decided = min(day, opened + timedelta(days=rnd.randint(1, 10)))
            decisions.append((case_id, kind, REASONS[kind], decided.isoformat(), user, now))
            entry_id += 1
            chron.append((entry_id, case_id, decided.isoformat(), now, user, "decision",
                          f"{rules.DECISIONS[kind]}. Reason: {REASONS[kind]}", None))
            if status == "case_management":
                outcomes.append((case_id, "prevent_case_management", decided.isoformat(), "", user, now))
            if status == "closed":
                closed_at = decided.isoformat()
                if kind != "nfa":
                    ended = min(day, decided + timedelta(days=rnd.randint(20, 200)))
                    exit_date = closed_at = ended.isoformat()
                    okind = rnd.choice(["police_nfa", "exit", "channel_not_adopted"])
                    outcomes.append((case_id, okind, ended.isoformat(), "", user, now))
                    entry_id += 1
                    chron.append((entry_id, case_id, ended.isoformat(), now, user, "outcome",
                                  rules.OUTCOMES[okind] + ".", None))
                    for months in rules.REVIEW_MONTHS:
                        due = add_months(ended, months)
                        done = due.isoformat() if due < day - timedelta(days=30) and rnd.random() < 0.8 else ""
                        reviews.append((case_id, f"{months}-month review after exit", due.isoformat(), done,
                                        "Reviewed: no further concerns." if done else "", user if done else ""))
        cases.append((case_id, ref, person_id, status, opened.isoformat(), text[:200], text, raiser, "",
                      0, "NRF-2024", json.dumps(answers, ensure_ascii=False), json.dumps(points, ensure_ascii=False),
                      exit_date, closed_at, now, now))
        fts.append((case_id, store.case_search_body(names[person_id], ref, text[:200], text, json.dumps(answers),
                                                     json.dumps(points))))
    # A large page cache for the bulk write. Most of the remaining time is system time spent in SQLCipher's
    # memory security (see docs/notes/cases.md).
    with store.large_page_cache(conn), transaction(conn):
        store.bulk_insert(conn, people, cases, fts, chron, decisions, outcomes, reviews)
        summary_store.assign_demo_categories(conn, base_case + 1, DEMO_CATEGORIES)
        session.audit("demo.fill", "case", "", f"count={n}")
    return n
