"""Home as a dashboard, through real widgets (issue 15 "Home: what needs me today, cases first"; issue 11's Home
causes): cases first, groups with counts, collapsible by keyboard, Enter opens the very record, tasks due, computed
once on first show, the same list as `prevent-desktop home`. Real vaults on disk; ``today`` is the clock's."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication

from prevent_desktop.domain.attention import MORE, AttentionItem
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import home as home_service
from prevent_desktop.services.cases import tasks
from prevent_desktop.services.demo import fill_demo
from prevent_desktop.services.session import Session
from prevent_desktop.storage.vault import Secret, Vault
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.pages.base import TablePage
from prevent_desktop.ui.pages.home import HomePage
from tests.conftest import PASSPHRASE, run_cli
from tests.factories import log_case, make_policy, uk

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def rows(page: HomePage) -> list[tuple[str, AttentionItem | None]]:
    """What the tree shows, top to bottom: ("Cases (3)", None) for a group, then (its text, item) per row."""
    shown: list[tuple[str, AttentionItem | None]] = []
    for g in range(page.model.rowCount()):
        group = page.model.index(g, 0)
        shown.append((page.model.data(group), None))
        for r in range(page.model.rowCount(group)):
            item = page.model.item(page.model.index(r, 0, group))
            shown.append((page.model.data(page.model.index(r, 3, group)), item))
    return shown


def shown_items(page: HomePage) -> list[AttentionItem]:
    return [i for _t, i in rows(page) if i is not None]


@pytest.fixture
def main(clock: Any, qtbot: Any, session: Session, settings: QSettings) -> MainWindow:
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    return window


def show(qtbot: Any, window: Any) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)


def grab(window: Any, name: str) -> None:
    """Refresh docs/screenshots only when asked, so a test run leaves git clean."""
    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS") == "1":
        QApplication.processEvents()
        window.grab().save(str(SHOTS / name))


def test_a_fresh_vault_with_one_undecided_concern_shows_the_cases_group_first(
    clock: Any, qtbot: Any, session: Session, settings: QSettings
) -> None:
    """Issue 15: "46 things need attention (Action plan: 16, Policies: 17, Contacts: 13)" and no case line."""
    case_id = log_case(session, today=clock.today - timedelta(days=5))
    main = MainWindow(session, settings)
    qtbot.addWidget(main)
    show(qtbot, main)
    home = main.pages["Home"]
    assert isinstance(home, HomePage)
    shown = rows(home)
    assert shown[0] == ("Cases (1)", None)
    first = shown[1][1]
    assert first is not None and (first.kind, first.target) == ("concern_undecided", case_id)
    assert "has no decision yet" in shown[1][0]
    assert [g.area for g in home.model.groups] == ["Cases", "Action plan", "Policies", "Contacts", "Backups"]
    assert home.summary.text().startswith("Needs attention — Cases: 1 · Action plan: ")
    assert home.tree.currentIndex() == home.model.index(0, 0)  # the keyboard starts at the cases
    grab(main, "home-fresh.png")


def test_home_is_worked_out_once_on_first_show_and_again_when_shown_again(
    main: MainWindow, qtbot: Any, monkeypatch: Any
) -> None:
    """Issue 11: Home refreshed twice on first show after unlock (``__init__`` and ``showEvent``)."""
    calls: list[date] = []
    real = home_service.attention_items

    def counting(session: Session, today: date | None = None) -> list[AttentionItem]:
        calls.append(today or date.min)
        return real(session, today)

    monkeypatch.setattr(home_service, "attention_items", counting)
    fresh = MainWindow(main.session, main.settings)  # built after the spy: __init__ works nothing out
    qtbot.addWidget(fresh)
    assert calls == []
    show(qtbot, fresh)
    assert len(calls) == 1
    fresh.showMinimized()
    fresh.showNormal()  # the window coming back is not a reason to work it out again
    qtbot.wait(20)
    fresh.show_area("Cases")
    fresh.show_area("Home")  # coming back after another area: worked out again (something may have changed)
    assert len(calls) == 2
    assert fresh.pages["Home"].refreshes == 2


def test_demo_vault_groups_counts_and_more_lines(clock: Any, qtbot: Any, demo_session: Session,
                                                 settings: QSettings) -> None:
    """Issue 15: in the demo vault undecided concerns and referrals marked ready but never sent were missing."""
    fill_demo(demo_session, 300, today=clock.today)
    main = MainWindow(demo_session, settings)
    qtbot.addWidget(main)
    show(qtbot, main)
    home = main.pages["Home"]
    items = home_service.attention_items(demo_session, clock.today)
    assert shown_items(home) == items  # the page shows the service's list, in its order
    counts = home_service.summary(items)
    assert [home.model.data(home.model.index(g, 0)) for g in range(home.model.rowCount())] == [
        f"{c.area} ({c.shown})" for c in counts]
    cases = [i for i in items if i.area == "Cases"]
    kinds = [i.kind for i in cases if i.kind != MORE]
    for kind in ("concern_undecided", "draft_unfinished", "referral_ready", "answer_to_chase"):
        assert kind in kinds
    assert kinds == sorted(kinds, key=lambda k: ["concern_undecided", "draft_unfinished", "referral_ready",
                                                 "answer_to_chase", "review_due", "task_due"].index(k))
    undecided = [i.date for i in cases if i.kind == "concern_undecided"]
    assert undecided == sorted(undecided)  # oldest first
    more = next(i for i in cases if i.kind == MORE and i.reference == "concern_undecided")
    assert more.more == demo_session.conn.execute(
        "SELECT count(*) FROM cases WHERE status = 'concern'").fetchone()[0] - len(undecided)
    assert counts[0].area == "Cases" and counts[0].count == sum(i.count for i in cases)
    grab(main, "home-demo.png")


def test_groups_collapse_and_expand_by_keyboard(main: MainWindow, qtbot: Any, session: Session) -> None:
    log_case(session)
    show(qtbot, main)
    home = main.pages["Home"]
    tree = home.tree
    tree.setFocus()
    cases = home.model.group_index("Cases")
    tree.setCurrentIndex(cases)
    assert tree.isExpanded(cases)
    qtbot.keyClick(tree, Qt.Key.Key_Left)
    assert not tree.isExpanded(cases)
    qtbot.keyClick(tree, Qt.Key.Key_Right)
    assert tree.isExpanded(cases)
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on a group opens or closes it
    assert not tree.isExpanded(cases)
    qtbot.keyClick(tree, Qt.Key.Key_Plus)
    assert tree.isExpanded(cases)
    plan = home.model.group_index("Action plan")
    tree.setCurrentIndex(plan)
    qtbot.keyClick(tree, Qt.Key.Key_Minus)
    assert not tree.isExpanded(plan)
    main.show_area("Cases")
    main.show_area("Home")  # worked out again: a closed group stays closed
    assert not tree.isExpanded(home.model.group_index("Action plan"))
    assert tree.isExpanded(home.model.group_index("Cases"))
    assert not tree.tabKeyNavigation()  # Tab leaves the list


def _enter_on(qtbot: Any, home: HomePage, kind: str) -> AttentionItem:
    for g in range(home.model.rowCount()):
        group = home.model.index(g, 0)
        home.tree.expand(group)
        for r in range(home.model.rowCount(group)):
            index = home.model.index(r, 0, group)
            item = home.model.item(index)
            if item is not None and item.kind == kind:
                home.tree.setFocus()
                home.tree.setCurrentIndex(index)
                qtbot.keyClick(home.tree, Qt.Key.Key_Return)
                return item
    raise AssertionError(f"no {kind} item on Home")


def test_enter_opens_the_very_record(main: MainWindow, qtbot: Any, session: Session, clock: Any) -> None:
    case_id = log_case(session, referral=True, ready=True, today=clock.today - timedelta(days=8))
    policy_id = make_policy(session, "Synthetic overdue policy", last_review="2020-01")
    show(qtbot, main)
    home = main.pages["Home"]

    item = _enter_on(qtbot, home, "referral_ready")
    assert main.current_area() == "Cases" and item.target == case_id
    view = main.pages["Cases"].case_view
    qtbot.waitUntil(view.isVisible)
    assert view.case_id == case_id
    view.close()

    main.show_area("Home")
    item = _enter_on(qtbot, home, "contact_no_number")
    contacts = main.pages["Contacts"]
    assert main.current_area() == "Contacts"
    qtbot.waitUntil(lambda: contacts.editor is not None and contacts.editor.isVisible())
    assert contacts.editor.contact.id == item.target == "kent-police-prevent-team"
    contacts.editor.reject()

    main.show_area("Home")
    item = _enter_on(qtbot, home, "plan_row_unrated")
    plan = main.pages["Action plan"]
    assert main.current_area() == "Action plan" and plan.current_row_id() == item.target

    main.show_area("Home")
    item = next(i for i in shown_items(home) if i.kind == "policy_overdue" and i.target == policy_id)
    for g in range(home.model.rowCount()):
        group = home.model.index(g, 0)
        for r in range(home.model.rowCount(group)):
            if home.model.item(home.model.index(r, 0, group)) == item:
                home.tree.setCurrentIndex(home.model.index(r, 0, group))
    home.tree.setFocus()
    qtbot.keyClick(home.tree, Qt.Key.Key_Return)
    policies = main.pages["Policies"]
    assert main.current_area() == "Policies"
    current = policies.model.record(policies.proxy.mapToSource(policies.table.currentIndex()).row())
    assert current.id == policy_id


def test_a_task_added_in_the_case_view_shows_on_home_when_due(main: MainWindow, qtbot: Any, session: Session,
                                                               clock: Any) -> None:
    case_id = log_case(session, decision="internal_support")
    show(qtbot, main)
    home = main.pages["Home"]
    assert not any(i.kind == "task_due" for i in shown_items(home))
    cases = main.show_area("Cases")
    cases.open_case(case_id)
    view = cases.case_view
    qtbot.waitUntil(view.isVisible)
    view.tabs.setCurrentWidget(view.tasks)
    panel = view.tasks
    qtbot.keyClicks(panel.what, "Chase the MASH reference")
    qtbot.keyClicks(panel.due, uk(clock.today + timedelta(days=2)))
    qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert panel.error.text() == ""
    assert [t.text for t in panel.model.tasks] == ["Chase the MASH reference"]
    view.close()
    main.show_area("Home")
    due = [i for i in shown_items(home) if i.kind == "task_due"]
    assert [(i.target, i.date, i.severity) for i in due] == [
        (case_id, (clock.today + timedelta(days=2)).isoformat(), "due")]
    assert "“Chase the MASH reference” is due" in due[0].text
    # ticked off with Space in the case's Tasks tab: gone from Home
    main.show_area("Cases")
    cases.open_case(case_id)
    view = cases.case_view
    qtbot.waitUntil(view.isVisible)
    view.tabs.setCurrentWidget(view.tasks)
    panel = view.tasks
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 1))
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert panel.model.tasks[0].done and panel.model.tasks[0].done_by == session.user
    assert panel.toggle_button.text() == "&Mark not done"
    view.close()
    main.show_area("Home")
    assert not any(i.kind == "task_due" for i in shown_items(home))
    task_id = tasks.tasks_of_case(session, case_id)[0].id
    assert tasks.reopen_task(session, task_id).done is False


def test_the_task_panel_keeps_bad_input_and_says_why(qtbot: Any, session: Session) -> None:
    from prevent_desktop.ui.case_tasks import CaseTasksPanel

    panel = CaseTasksPanel(session, log_case(session))
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.what, "Ring back")
    qtbot.keyClicks(panel.due, "31/02/2026")
    panel.add_button.click()
    assert "Due date: 31/02/2026 is not a real date" in panel.error.text()
    assert panel.what.text() == "Ring back" and panel.model.tasks == []


def test_gui_home_and_cli_list_the_same_items_in_the_same_order(qtbot: Any, cli_demo_vault: Path) -> None:
    today = date(2026, 3, 18)
    env = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}
    ref = json.loads(run_cli("cases", "list", "--json", data_dir=cli_demo_vault, env=env).stdout)[0]["ref"]
    assert run_cli("cases", "task-add", ref, "Synthetic task", "--due", "2026-03-20",
                   data_dir=cli_demo_vault, env=env).returncode == 0
    cli = run_cli("home", "--json", "--today", today.isoformat(), data_dir=cli_demo_vault, env=env)
    assert cli.returncode == 0, cli.stderr
    cli_items = json.loads(cli.stdout)["items"]

    session = Session(Vault.unlock(DataPaths(cli_demo_vault), Secret.passphrase(PASSPHRASE)))
    try:
        page = HomePage(session, today=lambda: today)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        gui = [(i.area, i.kind, i.severity, i.date, i.reference, i.target, i.more) for i in shown_items(page)]
    finally:
        session.close()
    assert gui == [(i["area"], i["kind"], i["severity"], i["date"], i["reference"], i["target"], i.get("more", 0))
                   for i in cli_items]
    assert any(i[1] == "task_due" for i in gui) and gui[0][0] == "Cases"


class CountingModel(QAbstractTableModel):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n
        self.reads = 0

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.n

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            self.reads += 1
            return f"row {index.row()} column {index.column()} with some text to measure"
        return None


def test_fit_columns_reads_a_sample_not_every_row(qtbot: Any) -> None:
    """Issue 11: fit_columns resized every row and column to contents (0.67 s for Home in a 100k vault)."""
    model = CountingModel(20_000)
    page = TablePage(model)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    model.reads = 0
    page.fit_columns()
    assert 0 < model.reads < 3 * 3 * 250  # about 200 sampled rows x 3 columns, not 20,000 x 3 (twice)
    assert all(page.table.columnWidth(c) <= 360 for c in range(3))
