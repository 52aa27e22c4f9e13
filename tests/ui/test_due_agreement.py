"""Defect 6: the Policies page, Home and the policy-register PDF agree on due and overdue — on the due day of a
day-precision review and through the due month of a month-precision one — because all three ask domain.due.

Real parts: a real vault, the page's real widgets (model through the table view), Home's attention items, and the
PDF built by the real export service and read back with pdftotext. ``today`` is fixed, never the clock's."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime

import pytest

from prevent_desktop.services import exports, home, policies
from prevent_desktop.ui.pages.policies import COL_STATUS, PoliciesPage

DAY_POLICY = "Alpha policy"  # last reviewed 26 Nov 2025: due 26 Nov 2026
MONTH_POLICY = "Bravo policy"  # last reviewed Nov 2025: due during Nov 2026
FIXTURE_DAYS = {
    # today: (day policy overdue?, month policy overdue?)
    date(2026, 11, 1): (False, False),  # the first day of the due month
    date(2026, 11, 26): (False, False),  # the due day itself
    date(2026, 11, 27): (True, False),  # the day after the due day; still in the due month
    date(2026, 11, 30): (True, False),  # the last day of the due month
    date(2026, 12, 1): (True, True),  # the month after
}


def _pdf_status(text: str, name: str) -> str:
    line = next(ln for ln in text.splitlines() if name in ln)
    return "overdue" if "OVERDUE" in line else "due" if "Due soon" in line else "ok" if "On track" in line else line


@pytest.mark.parametrize("today", list(FIXTURE_DAYS), ids=str)
def test_page_home_and_pdf_agree_on_the_due_day_and_in_the_due_month(qtbot, session, today: date) -> None:  # type: ignore[no-untyped-def]
    for name, last in ((DAY_POLICY, "2025-11-26"), (MONTH_POLICY, "2025-11")):
        policies.add_policy(session, name, owner="DSO", last_review=last, interval_months=12)
    # This policy's own next review, month precision: due during Nov 2026.
    policies.record_version(session, "4", "2019-03", "11/2025", "11/2026")
    expected = dict(zip((DAY_POLICY, MONTH_POLICY), FIXTURE_DAYS[today], strict=True))

    # 1. The Policies page, read from its table view.
    page = PoliciesPage(session, today=lambda: today)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    view = page.table.model()
    shown = {view.index(r, 0).data(): view.index(r, COL_STATUS).data() for r in range(view.rowCount())}
    page_says = {name: {"Overdue": "overdue", "Due soon": "due"}.get(shown[name], shown[name]) for name in expected}
    page_version_overdue = page.meta["next"].text().endswith("Overdue")

    # 2. Home.
    items = [i for i in home.attention_items(session, today) if i.area == "Policies"]
    home_says = {name: next((i.severity for i in items if i.text.startswith(name)), "ok") for name in expected}
    home_version_overdue = any(i.severity == "overdue" and i.text.startswith("Prevent Strategy") for i in items)

    # 3. The policy-register PDF, through the export service, read back.
    pdf, _info = exports.build_document(session, "policy-register", now=datetime.combine(today, datetime.min.time()))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pdf_says = {name: _pdf_status(text, name) for name in expected}
    pdf_version_overdue = bool(re.search(r"Nov 2026 — OVERDUE", text))

    want = {name: "overdue" if overdue else "due" for name, overdue in expected.items()}
    assert page_says == want
    assert home_says == want
    assert pdf_says == want
    version_overdue = today >= date(2026, 12, 1)
    assert page_version_overdue == home_version_overdue == pdf_version_overdue == version_overdue
