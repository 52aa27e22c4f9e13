"""The set-up form through real widgets (issue 15, "Set-up and the CLI"): Enter submits from any field, a stale
error goes when the passphrase changes, and the repeat check compares as the key slots do (Unicode NFC)."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import Secret, open_session
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.ui.printing import file_destination
from prevent_desktop.ui.setup import SetupWindow
from tests.conftest import PASSPHRASE


@pytest.fixture
def setup_window(qtbot, paths: DataPaths) -> SetupWindow:  # type: ignore[no-untyped-def]
    window = SetupWindow(paths, kdf=TEST_KDF)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_into(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.clear()
    qtbot.keyClicks(edit, text)


@pytest.mark.parametrize("field", ["nameEdit", "passphraseEdit", "confirmEdit"])
def test_enter_in_any_field_submits_the_form(qtbot, setup_window: SetupWindow, field: str) -> None:  # type: ignore[no-untyped-def]
    ui = setup_window.ui
    type_into(qtbot, ui.nameEdit, "Sam Example")
    type_into(qtbot, ui.passphraseEdit, PASSPHRASE)
    type_into(qtbot, ui.confirmEdit, PASSPHRASE)
    qtbot.keyClick(getattr(ui, field), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ui.pages.currentWidget() is ui.recoveryPage, timeout=10_000)
    assert not setup_window.paths.exists()  # the key page comes first: nothing is written yet


def test_enter_shows_the_first_problem_and_a_stale_error_clears_when_the_passphrase_changes(
    qtbot, setup_window: SetupWindow  # type: ignore[no-untyped-def]
) -> None:
    ui = setup_window.ui
    qtbot.keyClick(ui.passphraseEdit, Qt.Key.Key_Return)
    assert ui.errorLabel.isVisible() and "Type your name" in ui.errorLabel.text()
    qtbot.keyClicks(ui.nameEdit, "Sam Example")  # the name error is about the name: typing one clears it
    assert not ui.errorLabel.isVisible()

    type_into(qtbot, ui.passphraseEdit, "password")
    type_into(qtbot, ui.confirmEdit, "password")
    qtbot.keyClick(ui.confirmEdit, Qt.Key.Key_Return)
    assert ui.errorLabel.isVisible() and "too weak" in ui.errorLabel.text()
    qtbot.keyClick(ui.passphraseEdit, Qt.Key.Key_1)  # one more character: the verdict above is stale
    assert not ui.errorLabel.isVisible() and ui.errorLabel.text() == ""

    type_into(qtbot, ui.passphraseEdit, PASSPHRASE)
    type_into(qtbot, ui.confirmEdit, PASSPHRASE + "x")
    qtbot.keyClick(ui.nameEdit, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert "differ" in ui.errorLabel.text() and ui.confirmEdit.hasFocus()
    qtbot.keyClick(ui.confirmEdit, Qt.Key.Key_Backspace)
    assert not ui.errorLabel.isVisible()
    assert ui.pages.currentWidget() is ui.passphrasePage and not setup_window.paths.exists()


def test_repeat_passphrase_typed_decomposed_matches_the_composed_one(qtbot, setup_window: SetupWindow) -> None:  # type: ignore[no-untyped-def]
    """"café" with a composed é in one field and e + combining acute in the other is the same passphrase (the key
    slots normalise to NFC); the vault made opens with either spelling."""
    composed = "café orbit lantern meadow 47"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    ui = setup_window.ui
    type_into(qtbot, ui.nameEdit, "Sam Example")
    ui.passphraseEdit.setText(composed)  # as a keyboard sends it: keyClicks cannot type a combining mark alone
    ui.confirmEdit.setText(decomposed)
    qtbot.keyClick(ui.confirmEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ui.pages.currentWidget() is ui.recoveryPage, timeout=10_000)
    assert not ui.errorLabel.isVisible()
    created: list[object] = []
    setup_window.created.connect(created.append)
    ui.writtenCheck.setChecked(True)
    qtbot.mouseClick(ui.continueButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(created), timeout=10_000)
    created[0].close()  # type: ignore[attr-defined]
    for spelling in (composed, decomposed):
        with open_session(setup_window.paths, Secret.passphrase(spelling)) as session:
            assert session.user == "Sam Example"


# -- the recovery sheet printed to a file ----------------------------------------------------------------------
def at_recovery_page(qtbot, window: SetupWindow) -> str:  # type: ignore[no-untyped-def]
    ui = window.ui
    type_into(qtbot, ui.nameEdit, "Sam Example")
    type_into(qtbot, ui.passphraseEdit, PASSPHRASE)
    type_into(qtbot, ui.confirmEdit, PASSPHRASE)
    qtbot.keyClick(ui.confirmEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ui.pages.currentWidget() is ui.recoveryPage, timeout=10_000)
    return ui.recoveryKeyLabel.text()


def print_to_file(qtbot, window: SetupWindow, target: Path) -> QMessageBox:  # type: ignore[no-untyped-def]
    from tests.helpers.printing import print_to_file as choose_file_printer

    return choose_file_printer(qtbot, window, window.ui.printButton, "recoveryPrintDialog", target)


def test_printing_the_sheet_to_a_file_warns_first_and_cancel_writes_nothing(qtbot, setup_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    at_recovery_page(qtbot, setup_window)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "recovery-sheet.pdf"
    box = print_to_file(qtbot, setup_window, target)
    assert "NOT encrypted" in box.text() and str(target) in box.text()
    assert not target.exists()  # warned BEFORE anything is written
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not target.exists() and not any(target.parent.iterdir())


def test_printing_the_sheet_to_a_file_writes_it_only_when_confirmed(qtbot, setup_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = at_recovery_page(qtbot, setup_window)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "recovery-sheet.pdf"
    box = print_to_file(qtbot, setup_window, target)
    save = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert target.exists() and target.stat().st_mode & 0o777 == 0o600  # written like every file the app writes
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert key in text.replace(" ", "") and "recovery key" in text
    assert sorted(p.name for p in target.parent.iterdir()) == ["recovery-sheet.pdf"]  # no temp file left
    assert "NOT encrypted" in setup_window.ui.recoveryErrorLabel.text()
    assert not setup_window.paths.exists()  # printing never creates the vault


def test_paper_and_file_printers_are_told_apart() -> None:
    assert file_destination("HP LaserJet 400", "") is None
    assert file_destination("", "/home/dso/sheet.pdf") == "/home/dso/sheet.pdf"
    for driver in ("Microsoft Print to PDF", "Microsoft XPS Document Writer", "OneNote (Desktop)", "PDF"):
        assert file_destination(driver, "") == ""  # the driver asks where: still warned

