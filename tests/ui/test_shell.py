"""The shell driven through real widgets: first run, unlock (right and wrong), lock, auto-lock, navigation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.setup import SetupWindow
from prevent_desktop.ui.unlock import UnlockWindow
from tests.conftest import PASSPHRASE
from tests.helpers.unlocking import wait_for_main


def unlock_with(qtbot, window: UnlockWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    window.ui.passphraseEdit.clear()
    qtbot.keyClicks(window.ui.passphraseEdit, text)
    qtbot.keyClick(window.ui.passphraseEdit, Qt.Key.Key_Return)


def test_first_run_refuses_weak_passphrase_then_creates_and_shows_recovery_key(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    window = controller.start()
    assert isinstance(window, SetupWindow)
    qtbot.keyClicks(window.ui.nameEdit, "Sam Example")
    qtbot.keyClicks(window.ui.passphraseEdit, "password")
    assert window.ui.strengthBar.value() < 3
    assert window.ui.strengthLabel.text()
    qtbot.keyClicks(window.ui.confirmEdit, "password")
    qtbot.mouseClick(window.ui.createButton, Qt.MouseButton.LeftButton)
    assert "too weak" in window.ui.errorLabel.text()
    assert not controller.paths.database.exists()

    window.ui.passphraseEdit.clear()
    window.ui.confirmEdit.clear()
    qtbot.keyClicks(window.ui.passphraseEdit, PASSPHRASE)
    assert window.ui.strengthBar.value() >= 3
    qtbot.keyClicks(window.ui.confirmEdit, PASSPHRASE + "x")
    qtbot.mouseClick(window.ui.createButton, Qt.MouseButton.LeftButton)
    assert "differ" in window.ui.errorLabel.text()

    window.ui.confirmEdit.clear()
    qtbot.keyClicks(window.ui.confirmEdit, PASSPHRASE)
    qtbot.mouseClick(window.ui.createButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.ui.pages.currentWidget() is window.ui.recoveryPage, timeout=10000)
    key = window.ui.recoveryKeyLabel.text()
    assert len(key.split("-")) == 8
    assert not window.ui.continueButton.isEnabled()
    # The recovery key is shown BEFORE the vault exists: a crash now leaves no vault whose key nobody saw.
    assert not controller.paths.exists()
    window.ui.writtenCheck.setChecked(True)
    qtbot.mouseClick(window.ui.continueButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)
    from prevent_desktop.services.vault_service import Secret, open_session
    from prevent_desktop.ui.workers import wait_for_all

    controller.lock()
    wait_for_all(10_000)
    with open_session(controller.paths, Secret.recovery(key)) as reopened:  # the key shown is the one in force
        assert reopened.user == "Sam Example"
    assert controller.paths.database.exists()


def test_unlock_wrong_then_right_passphrase(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    window = controller.start()
    assert isinstance(window, UnlockWindow)
    before = controller.paths.database.read_bytes()
    unlock_with(qtbot, window, "wrong passphrase entirely")
    qtbot.waitUntil(lambda: window.ui.errorLabel.isVisible(), timeout=10000)
    assert "Wrong passphrase" in window.ui.errorLabel.text()
    assert window.ui.passphraseEdit.hasFocus() or window.ui.passphraseEdit.isEnabled()
    assert controller.paths.database.read_bytes() == before
    assert controller.is_locked

    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)
    assert not controller.is_locked
    assert "Vault unlocked" in controller.main_window.vault_label.text()
    assert controller.main_window.org_label.text() == "MKC Training Services Ltd"
    assert controller.main_window.windowTitle() == "Prevent Desktop"


def test_unlock_with_recovery_key(qtbot, controller, session_and_recovery) -> None:  # type: ignore[no-untyped-def]
    session, recovery = session_and_recovery
    session.close()
    window = controller.start()
    window.ui.recoveryCheck.setChecked(True)
    unlock_with(qtbot, window, recovery)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)


def open_main(qtbot, controller) -> MainWindow:  # type: ignore[no-untyped-def]
    window = controller.start()
    unlock_with(qtbot, window, PASSPHRASE)
    return wait_for_main(qtbot, controller)


def test_navigation_shows_seeded_data_in_every_area(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    assert [main.ui.navList.item(i).text() for i in range(main.ui.navList.count())] == [
        "Home",
        "Cases",
        "Contacts",
        "Action plan",
        "Policies",
    ]
    expected_min_rows = {"Home": 1, "Cases": 0, "Contacts": 13, "Action plan": 12, "Policies": 16}
    for row, (title, minimum) in enumerate(expected_min_rows.items()):
        main.ui.navList.setFocus()
        main.ui.navList.setCurrentRow(row)
        assert main.current_area() == title
        page = main.ui.stack.currentWidget()
        table = page.findChild(QAbstractItemView)
        assert table is not None
        assert table.model().rowCount() >= minimum, title
    # Keyboard navigation moves between areas too.
    main.ui.navList.setCurrentRow(0)
    qtbot.keyClick(main.ui.navList, Qt.Key.Key_Down)
    assert main.current_area() == "Cases"
    contacts = main.show_area("Contacts")
    texts = [contacts.model.index(r, 1).data() for r in range(contacts.model.rowCount())]
    assert "Dr John Dynes" in texts


def test_after_unlock_the_cases_page_is_ready_before_the_dso_goes_there(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the unlock builds Cases, hidden, on a turn of its own after the main window's first paint, so
    going there at once only shows and paints it (it fell in the same turn as one of Home's steps, and the UI
    thread stalled 47-78 ms at 100,000 cases). A main window made any other way builds a page when first shown."""
    from prevent_desktop.services.vault_service import Secret, open_session

    paths = session.vault.paths
    session.close()
    main = open_main(qtbot, controller)
    assert main.current_area() == "Home"
    qtbot.waitUntil(lambda: "Cases" in main.pages.built(), timeout=5000)
    assert sorted(main.pages.built()) == ["Cases", "Home"]  # and nothing else
    cases = main.pages.built()["Cases"]
    assert not cases.isVisible() and cases.model.rowCount() >= 0
    assert main.show_area("Cases") is cases and cases.isVisible()
    controller.auto_backups = False
    controller.lock()
    other = MainWindow(open_session(paths, Secret.passphrase(PASSPHRASE)), controller.settings)
    qtbot.addWidget(other)
    other.show()
    qtbot.wait(50)
    assert list(other.pages.built()) == ["Home"]
    other.session.close()


def test_ctrl_l_locks_and_clears(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    contacts_page = main.show_area("Contacts")
    assert contacts_page.model.rowCount() > 0
    main.activateWindow()
    main.ui.actionLock.trigger()
    assert controller.is_locked
    assert isinstance(controller.window, UnlockWindow)
    assert controller.main_window is None
    qtbot.waitUntil(lambda: not main.isVisible())
    # Ctrl+L is the action's shortcut.
    assert main.ui.actionLock.shortcut().toString() == "Ctrl+L"


def test_idle_auto_lock(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    open_main(qtbot, controller)
    assert controller.idle_timer.isActive()
    controller.idle_timer.start(120)  # the setting is whole minutes; the timer is what locks
    qtbot.waitUntil(lambda: controller.is_locked, timeout=5000)
    assert isinstance(controller.window, UnlockWindow)


def test_default_auto_lock_is_five_minutes(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    open_main(qtbot, controller)
    assert controller.idle_timer.interval() == 5 * 60_000


def test_user_input_restarts_idle_timer(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    controller.idle_timer.start(600)  # the setting is whole minutes; input restarts the timer at its interval
    for _ in range(4):
        qtbot.wait(250)
        qtbot.keyClick(main.ui.navList, Qt.Key.Key_Down)
    assert not controller.is_locked
    qtbot.waitUntil(lambda: controller.is_locked, timeout=5000)


def test_demo_vault_shows_banner(qtbot, paths, settings, demo_session) -> None:  # type: ignore[no-untyped-def]
    main = MainWindow(demo_session, settings)
    qtbot.addWidget(main)
    main.show()
    assert main.ui.demoBanner.isVisible()
    assert "DEMO" in main.vault_label.text()


def test_settings_hold_geometry_only(qtbot, controller, session, isolated_qsettings: Path) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    main.ui.actionLock.trigger()
    controller.settings.sync()
    assert controller.settings.allKeys() == ["main_window/geometry"]


def test_settings_dialog_saves_and_restarts_idle_timer(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from prevent_desktop.ui.settings_dialog import SettingsDialog

    session.close()
    main = open_main(qtbot, controller)
    dialog = SettingsDialog(controller.session, main)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.fields["autolock_minutes"]
    field.clear()
    qtbot.keyClicks(field, "abc")
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.ui.errorLabel.isVisible() and "number" in dialog.ui.errorLabel.text()
    from prevent_desktop.services import settings

    assert settings.get(controller.session, settings.AUTOLOCK_MINUTES) == 5  # nothing was saved
    field.clear()
    qtbot.keyClicks(field, "15")
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.changed == ["autolock_minutes"]
    main.settings_changed.emit(dialog.changed)
    assert controller.idle_timer.interval() == 15 * 60_000


def test_home_lists_attention_and_opens_area(clock, qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    home = main.show_area("Home")
    assert home.summary.text().startswith("Needs attention")
    assert {"Policies", "Contacts"} <= {g.area for g in home.model.groups}
    contacts = home.model.group_index("Contacts")
    row = next(r for r in range(home.model.rowCount(contacts))
               if home.model.item(home.item_at("Contacts", r)).kind == "contact_unverified")
    home.tree.setFocus()
    home.tree.setCurrentIndex(home.item_at("Contacts", row))
    qtbot.keyClick(home.tree, Qt.Key.Key_Return)
    assert main.current_area() == "Contacts"
    assert main.pages["Contacts"].selected().id == home.model.item(home.item_at("Contacts", row)).target


def test_setup_hint_matches_the_service_without_loading_it_first() -> None:
    from prevent_desktop.services.vault_service import EMPTY_PASSPHRASE_HINT, passphrase_strength
    from prevent_desktop.ui.setup import EMPTY_HINT

    assert EMPTY_HINT == EMPTY_PASSPHRASE_HINT == passphrase_strength("")[1]


def test_home_opens_the_case_an_item_is_about(clock, qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from prevent_desktop.domain import case_records
    from prevent_desktop.services.cases import actions as case_actions
    from prevent_desktop.services.cases import intake
    from prevent_desktop.services.cases import queries as case_queries

    case_id = intake.log_concern(
        session,
        case_records.ConcernInput(
            forenames="Zoë",
            surname="Example",
            dob="",
            subject_role="learner",
            raised_by_role="staff",
            raiser_name="Tutor",
            concern_date=(clock.today - timedelta(days=60)).strftime("%d/%m/%Y"),
            what_happened="Synthetic concern",
        ),
    )
    version = case_queries.case_detail(session, case_id).version
    case_actions.record_decision(
        session,
        case_id,
        version,
        "police_prevent",
        "Synthetic reason",
        on=(clock.today - timedelta(days=40)).strftime("%d/%m/%Y"),
    )
    session.close()
    main = open_main(qtbot, controller)
    home = main.show_area("Home")
    chase = home.model.item(home.item_at("Cases", 0))
    assert (chase.kind, chase.target) == ("answer_to_chase", case_id)
    home.tree.setFocus()
    home.tree.setCurrentIndex(home.item_at("Cases", 0))
    qtbot.keyClick(home.tree, Qt.Key.Key_Return)
    assert main.current_area() == "Cases"
    view = main.pages["Cases"].case_view
    qtbot.waitUntil(view.isVisible)
    assert view.case_id == case_id
    view.close()


def test_recovery_key_sheet_prints_from_memory(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from PySide6.QtPrintSupport import QPrinter

    from prevent_desktop.storage.keyslots import new_recovery_key
    from prevent_desktop.ui.setup import paint_recovery_sheet

    key = new_recovery_key()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    # Stand-in for a real printer in the test: Qt's PDF engine (the product never sets an output file).
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "sheet.pdf"))
    paint_recovery_sheet(printer, key)
    text = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True).stdout
    assert key in text.replace(" ", "")
    assert "recovery key" in text
