"""Whatever a DSO types into search, it answers (maybe with nothing) and never raises."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevent_desktop.services.cases import queries as case_queries
from tests import factories


def _case(session: Any, surname: str, text: str) -> int:
    return factories.log_case(session, surname=surname, what_happened=text)


def test_hyphens_quotes_and_references_search(session: Any) -> None:
    first = _case(session, "Al-Saʼdi", "Watched ZZ-ALPHA-7 videos")
    ref = case_queries.case_detail(session, first).ref
    assert [r.id for r in case_queries.search(session, "ZZ-ALPHA-7")] == [first]
    assert [r.id for r in case_queries.search(session, "Al-Saʼdi")] == [first]
    assert [r.id for r in case_queries.search(session, ref)] == [first]
    for odd in ('"', '"unclosed', "a AND OR NOT", "NEAR(a b)", "*", "---", "col:value", "(", "^x", "'"):
        assert isinstance(case_queries.search(session, odd), list)
    assert case_queries.search(session, "---") == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_text_is_a_valid_search(session: Any, query: str) -> None:
    assert isinstance(case_queries.search(session, query), list)
