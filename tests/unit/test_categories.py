"""Concern categories (type of concern): profile data, the rules, a case's category through the real services on a
real vault (audited, chronology), the list filter, and the cases export/import."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from prevent_desktop.domain import categories as rules
from prevent_desktop.domain.case_records import CaseFilter
from prevent_desktop.domain.cases import ConcurrencyError
from prevent_desktop.domain.profile import (
    ConcernCategories,
    ConcernCategory,
    ProfileError,
    default_profile_path,
    load_profile,
    load_profile_text,
)
from prevent_desktop.errors import ValidationError
from prevent_desktop.services import cases_io
from prevent_desktop.services.cases import categories
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.storage import profile_store
from tests import factories

pytestmark = pytest.mark.usefixtures("clock")

HOME_OFFICE_TERMS = (
    "Islamist", "Extreme right-wing", "Left-wing, anarchist or single-issue", "Conflicted", "School massacre",
    "Incel", "Vulnerability present but no ideology or counter-terrorism risk",
    "No risk, vulnerability or ideology present", "Other",
)


def audit_rows(session: Any, action: str) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in session.conn.execute(
        "SELECT entity, entity_id, detail FROM audit_log WHERE action = ? ORDER BY id", (action,)).fetchall()]


# ---------------------------------------------------------------------------------------------- profile


def test_the_shipped_profile_lists_the_home_office_types_of_concern() -> None:
    cats = load_profile(default_profile_path()).concern_categories
    assert tuple(c.label for c in cats.active) == HOME_OFFICE_TERMS
    assert "Home Office" in cats.source
    muu = cats.get("mixed-unclear-unstable")
    assert muu is not None and muu.retired  # the statistics' older heading: kept for old cases, not offered
    assert len({c.id for c in cats.items}) == len(cats.items)
    assert all(c.description for c in cats.items)


def _profile_with(categories_toml: str) -> str:
    text = default_profile_path().read_text("utf-8")
    start = text.index("[concern_categories]")
    end = text.index("[annual_summary]")
    return text[:start] + categories_toml + "\n" + text[end:]


def test_a_repeated_category_id_is_refused_with_its_line() -> None:
    bad = _profile_with(
        '[concern_categories]\n[[concern_categories.items]]\nid = "islamist"\nlabel = "Islamist"\n'
        '[[concern_categories.items]]\nid = "islamist"\nlabel = "Again"\n'
    )
    with pytest.raises(ProfileError) as err:
        load_profile_text(bad, "p.toml")
    assert any("concern_categories.items[1].id: duplicate category id 'islamist'" in p for p in err.value.problems)
    assert err.value.issues[0].line is not None


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ('id = "Islamist"\nlabel = "X"', "is not a valid id"),
        ('id = "x"\nlabel = ""', "must not be empty"),
        ('id = "x"\nlabel = "X"\nretired = "yes"', "expected true or false"),
        ('id = "' + "a" * 41 + '"\nlabel = "X"', "longer than 40 characters"),
    ],
)
def test_a_bad_category_is_named_by_its_path(item: str, message: str) -> None:
    bad = _profile_with(f"[concern_categories]\n[[concern_categories.items]]\n{item}\n")
    with pytest.raises(ProfileError) as err:
        load_profile_text(bad, "p.toml")
    assert any(p.path.startswith("concern_categories.items[0]") and message in p.message for p in err.value.issues)


def test_a_profile_written_before_categories_still_loads() -> None:
    stripped = _profile_with("")
    stripped = stripped.replace('[annual_summary]\nyear_start_month = 9\ntitle = "Annual Prevent summary"\n', "")
    assert "concern_categories" not in tomllib.loads(stripped) and "annual_summary" not in tomllib.loads(stripped)
    profile = load_profile_text(stripped, "older.toml")
    assert profile.concern_categories == ConcernCategories()
    assert profile.annual_summary.year_start_month == 9


# ------------------------------------------------------------------------------------------------ rules

CATS = ConcernCategories(items=(
    ConcernCategory("islamist", "Islamist"),
    ConcernCategory("old", "Old heading", retired=True),
))


def test_labels_never_show_a_bare_id() -> None:
    assert rules.category_label(CATS, "islamist") == "Islamist"
    assert rules.category_label(CATS, "old") == "Old heading (retired)"
    assert rules.category_label(CATS, "") == "Not recorded"
    assert rules.category_label(CATS, "far-away_kind") == "Far away kind (not in this organisation's list)"


def test_a_retired_category_is_offered_only_to_the_case_that_has_it() -> None:
    assert rules.choices(CATS) == [("", "Not recorded"), ("islamist", "Islamist")]
    assert rules.choices(CATS, "old")[-1] == ("old", "Old heading (retired)")
    assert rules.check_category(CATS, "old", current="old") == "old"  # keeping it is allowed
    with pytest.raises(ValidationError, match="'Old heading' is retired; choose a current category"):
        rules.check_category(CATS, "old")
    with pytest.raises(ValidationError, match="'nope' is not one of this organisation's categories"):
        rules.check_category(CATS, "nope")


# ----------------------------------------------------------------------------------------------- service


def test_logging_a_concern_records_its_category(session: Any) -> None:
    case_id = factories.log_case(session, category="extreme-right-wing")
    detail = case_queries.case_detail(session, case_id)
    assert (detail.category, detail.category_label) == ("extreme-right-wing", "Extreme right-wing")
    assert case_queries.list_all(session)[0].category == "extreme-right-wing"


def test_a_concern_with_an_unknown_category_is_refused_and_nothing_is_saved(session: Any) -> None:
    with pytest.raises(ValidationError, match="Type of concern: 'jihad' is not one of"):
        factories.log_case(session, category="jihad")
    with pytest.raises(ValidationError, match="is retired"):
        factories.log_case(session, category="mixed-unclear-unstable")
    assert case_queries.list_all(session) == []


def test_changing_the_category_is_audited_and_in_the_chronology(session: Any) -> None:
    case_id = factories.log_case(session)
    version = case_queries.case_detail(session, case_id).version
    version = categories.set_category(session, case_id, version, "islamist")
    version = categories.set_category(session, case_id, version, "conflicted")
    assert categories.set_category(session, case_id, version, "conflicted") == version  # no change, no entry
    entries = [e for e in case_queries.case_detail(session, case_id).chronology if e.kind == "category"]
    assert [e.text for e in entries] == [
        "Type of concern recorded: Islamist.",
        "Type of concern changed from Islamist to Conflicted.",
    ]
    assert all(e.author == session.user for e in entries)
    assert audit_rows(session, "case.category") == [
        ("case", str(case_id), "from=- to=islamist"), ("case", str(case_id), "from=islamist to=conflicted"),
    ]
    with pytest.raises(ConcurrencyError):
        categories.set_category(session, case_id, version - 1, "islamist")  # another window's stale version


def test_a_closed_case_can_still_be_categorised(session: Any) -> None:
    case_id = factories.log_case(session, decision="nfa")
    detail = case_queries.case_detail(session, case_id)
    assert detail.status == "closed"
    categories.set_category(session, case_id, detail.version, "other")
    assert case_queries.case_detail(session, case_id).category == "other"


def test_retiring_a_category_keeps_old_cases_values(session: Any) -> None:
    old_case = factories.log_case(session, category="incel")
    categories.retire_category(session, "incel")
    assert "incel" not in [cid for cid, _ in categories.choices(session)]
    assert case_queries.case_detail(session, old_case).category_label == "Incel (retired)"
    with pytest.raises(ValidationError, match="is retired"):
        factories.log_case(session, category="incel")
    # the case that has it may keep it when saved again, and offer it back
    assert ("incel", "Incel (retired)") in categories.choices(session, "incel")
    categories.retire_category(session, "incel", retired=False)
    assert "incel" in [cid for cid, _ in categories.choices(session)]
    assert [r[0:2] for r in audit_rows(session, "category.retire")] == [("category", "incel")]


def test_a_relabelled_category_shows_its_new_words_everywhere(session: Any) -> None:
    case_id = factories.log_case(session, category="school-massacre")
    categories.rename_category(session, "school-massacre", "School massacre or mass-casualty fixation")
    assert case_queries.case_detail(session, case_id).category_label == "School massacre or mass-casualty fixation"
    assert case_queries.case_detail(session, case_id).category == "school-massacre"  # the id never changes
    with pytest.raises(ValidationError, match="at most 120 characters"):
        categories.rename_category(session, "school-massacre", "x" * 121)
    with pytest.raises(ValidationError, match="There is no concern category 'nope'"):
        categories.rename_category(session, "nope", "X")


def test_an_added_category_is_offered_and_its_id_is_checked(session: Any) -> None:
    categories.add_category(session, "violence-fixated", "Fascination with extreme violence")
    case_id = factories.log_case(session, category="violence-fixated")
    assert case_queries.case_detail(session, case_id).category_label == "Fascination with extreme violence"
    with pytest.raises(ValidationError, match="already a concern category"):
        categories.add_category(session, "islamist", "Again")
    with pytest.raises(ValidationError, match="is not a valid id"):
        categories.add_category(session, "Bad Id", "X")


def test_a_vault_made_before_categories_reads_the_shipped_list(session: Any) -> None:
    session.conn.execute("DELETE FROM profile_doc WHERE section IN ('concern_categories', 'annual_summary')")
    assert profile_store.get(session.conn, "concern_categories") is None
    assert [c.label for c in categories.categories(session).active] == list(HOME_OFFICE_TERMS)
    assert categories.annual_summary_settings(session).year_start_month == 9
    categories.rename_category(session, "other", "Something else")  # the first edit writes the vault's own copy
    stored = profile_store.get(session.conn, "concern_categories")
    assert [i["label"] for i in stored["items"]][-2] == "Something else"


# ----------------------------------------------------------------------------------------------- filter


def test_the_list_filters_by_category_and_by_none_recorded(session: Any) -> None:
    a = factories.log_case(session, category="islamist", surname="Alpha")
    b = factories.log_case(session, category="islamist", surname="Bravo")
    c = factories.log_case(session, category="incel", surname="Charlie")
    d = factories.log_case(session, surname="Delta")
    ids = lambda f: [r.id for r in case_queries.list_page(session, f)]  # noqa: E731
    assert ids(CaseFilter(category="islamist")) == [b, a]
    assert ids(CaseFilter(category="incel")) == [c]
    assert ids(CaseFilter(category="")) == [d]  # not recorded
    assert sorted(ids(CaseFilter())) == sorted([a, b, c, d])  # None: any
    assert case_queries.count(session, CaseFilter(category="islamist")) == 2
    assert ids(CaseFilter(category="islamist", query="Bravo")) == [b]  # with a search, too
    assert case_queries.list_filtered(session, CaseFilter(category="islamist")) == case_queries.list_page(
        session, CaseFilter(category="islamist"))


# --------------------------------------------------------------------------------------- export / import


def test_export_and_import_keep_each_cases_category(session: Any, vault_factory: Any, tmp_path: Path) -> None:
    factories.log_case(session, category="conflicted", surname="One")
    factories.log_case(session, surname="Two")
    data = cases_io.export_data(session)
    assert [c["category"] for c in data["cases"]] == ["conflicted", ""]
    other = vault_factory("other")
    cases_io.import_data(other, json.loads(json.dumps(data)))
    assert sorted(r.category for r in case_queries.list_all(other)) == ["", "conflicted"]


def test_an_older_file_without_categories_imports_as_not_recorded(session: Any, vault_factory: Any) -> None:
    factories.log_case(session, category="islamist")
    data = cases_io.export_data(session)
    for case in data["cases"]:
        del case["category"]
    other = vault_factory("other")
    assert cases_io.import_data(other, data) == 1
    assert case_queries.list_all(other)[0].category == ""


def test_a_category_from_another_organisation_is_kept_and_marked(session: Any, vault_factory: Any) -> None:
    factories.log_case(session)
    data = cases_io.export_data(session)
    data["cases"][0]["category"] = "their-own-kind"
    other = vault_factory("other")
    cases_io.import_data(other, data)
    row = case_queries.list_all(other)[0]
    assert row.category == "their-own-kind"
    assert case_queries.case_detail(other, row.id).category_label == (
        "Their own kind (not in this organisation's list)")


@pytest.mark.parametrize("bad", ["Islamist", "x" * 41, 7, "a b"])
def test_a_malformed_category_in_a_file_is_refused_with_its_path(session: Any, bad: Any) -> None:
    factories.log_case(session)
    data = cases_io.export_data(session)
    data["cases"][0]["category"] = bad
    with pytest.raises(ValidationError, match=r"cases\[0\]\.category"):
        cases_io.validate(data)
