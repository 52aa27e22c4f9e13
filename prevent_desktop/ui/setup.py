"""First run: choose a passphrase (zxcvbn feedback, weak ones refused), see the recovery key once, then create.

The vault is created only after the DSO has seen the recovery key and ticked "I have written it down": a vault
never depends on a recovery key nobody saw (a crash or kill before that point leaves no vault at all).

Enter in any field of the first page submits it. An error is about the fields it names and goes as soon as one of
them changes (a "too weak" verdict never stays beside a passphrase it no longer describes). The two passphrases are
compared as the key slots see them (Unicode NFC, ``domain.passphrases``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from prevent_desktop.domain.passphrases import same_passphrase
from prevent_desktop.errors import KnownError
from prevent_desktop.paths import DataPaths
from prevent_desktop.ui.forms.ui_setup import Ui_SetupWindow
from prevent_desktop.ui.style import ERROR_STYLE, RECOVERY_KEY_STYLE, TITLE_STYLE
from prevent_desktop.ui.workers import run_task

STRENGTH_WORDS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"]
EMPTY_HINT = "Type a passphrase: several unrelated words are strong and easy to remember."


class SetupWindow(QWidget):
    """Emits ``created(session)`` after the user confirms the recovery key is written down."""

    created = Signal(object)

    def __init__(self, paths: DataPaths, parent: QWidget | None = None, kdf: Any = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.kdf = kdf
        self.session: Any = None
        self.ui = Ui_SetupWindow()
        self.ui.setupUi(self)
        self.ui.titleLabel.setStyleSheet(TITLE_STYLE)
        self.ui.recoveryTitle.setStyleSheet(TITLE_STYLE)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.recoveryKeyLabel.setStyleSheet(RECOVERY_KEY_STYLE)
        self.ui.errorLabel.hide()
        self.ui.progressBar.hide()
        self.ui.recoveryErrorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.recoveryErrorLabel.hide()
        self.ui.recoveryProgress.hide()
        self._passphrase = ""
        self._name = ""
        self._error_fields: tuple[QWidget, ...] = ()  # the fields the error shown is about
        self.ui.printButton.clicked.connect(self.print_recovery_key)
        self.ui.passphraseEdit.textChanged.connect(self.update_strength)
        self.ui.nameEdit.textChanged.connect(self.update_strength)
        self.ui.createButton.clicked.connect(self.try_create)
        for edit in (self.ui.nameEdit, self.ui.passphraseEdit, self.ui.confirmEdit):
            # A QWidget has no default button: Enter in any field submits the page, as in a dialog.
            edit.returnPressed.connect(self.try_create)
            edit.textChanged.connect(lambda _text, edit=edit: self._field_changed(edit))
        self.ui.writtenCheck.toggled.connect(self.ui.continueButton.setEnabled)
        self.ui.continueButton.clicked.connect(self._continue)
        # The empty passphrase's verdict, without loading zxcvbn (~100 ms) before the window is painted.
        self.ui.strengthBar.setValue(0)
        self.ui.strengthBar.setFormat(STRENGTH_WORDS[0])
        self.ui.strengthLabel.setText(EMPTY_HINT)

    def update_strength(self) -> None:
        from prevent_desktop.services.vault_service import passphrase_strength

        score, hint = passphrase_strength(self.ui.passphraseEdit.text(), [self.ui.nameEdit.text()])
        self.ui.strengthBar.setValue(score)
        self.ui.strengthBar.setFormat(STRENGTH_WORDS[score])
        self.ui.strengthLabel.setText(hint)

    def show_error(self, message: str, focus: QWidget | None = None, about: tuple[QWidget, ...] = ()) -> None:
        """Show ``message``; it stays until one of the fields it is ``about`` changes (default: the passphrase
        fields) or the next attempt."""
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
        self._error_fields = about or (self.ui.passphraseEdit, self.ui.confirmEdit)
        (focus or self.ui.passphraseEdit).setFocus()

    def _field_changed(self, edit: QWidget) -> None:
        if edit in self._error_fields and self.ui.errorLabel.isVisible():
            self.ui.errorLabel.hide()
            self.ui.errorLabel.clear()
            self._error_fields = ()

    def try_create(self) -> None:
        """Page 1 → the recovery key page: everything that can refuse the vault is checked first (on the worker:
        the profile is loaded, zxcvbn scores), and nothing is written."""
        from prevent_desktop.services.vault_service import (
            MIN_PASSPHRASE_SCORE,
            check_new_vault,
            new_recovery_key,
            passphrase_strength,
        )

        name = self.ui.nameEdit.text().strip()
        passphrase = self.ui.passphraseEdit.text()
        if not self.ui.createButton.isEnabled():  # already checking (Enter pressed twice)
            return
        if not name:
            self.show_error(
                "Type your name: it is written on every record you make.", self.ui.nameEdit, (self.ui.nameEdit,)
            )
            return
        score, hint = passphrase_strength(passphrase, [name])
        if score < MIN_PASSPHRASE_SCORE:
            # The verdict depends on the name too (zxcvbn is told it): a change to either makes it stale.
            self.show_error(
                f"That passphrase is too weak. {hint}", about=(self.ui.passphraseEdit, self.ui.nameEdit)
            )
            return
        if not same_passphrase(passphrase, self.ui.confirmEdit.text()):
            self.show_error("The two passphrases differ. Type the same passphrase twice.", self.ui.confirmEdit)
            return
        self.ui.errorLabel.hide()
        self.ui.progressBar.show()
        self.ui.createButton.setEnabled(False)
        paths = self.paths

        def work() -> str:
            check_new_vault(paths, passphrase, user_name=name)
            return new_recovery_key()

        self._passphrase, self._name = passphrase, name
        run_task(work, self._show_key, self._failed, receiver=self)

    def _show_key(self, recovery: str) -> None:
        self.ui.progressBar.hide()
        self.ui.createButton.setEnabled(True)
        self.ui.passphraseEdit.clear()
        self.ui.confirmEdit.clear()
        self.ui.recoveryKeyLabel.setText(recovery)
        self.ui.pages.setCurrentWidget(self.ui.recoveryPage)
        self.ui.writtenCheck.setFocus()

    def _continue(self) -> None:
        """The key has been seen: now create the vault with it (Argon2id and seeding on the worker)."""
        from prevent_desktop.services.vault_service import create_vault

        recovery = self.ui.recoveryKeyLabel.text()
        paths, kdf, passphrase, name = self.paths, self.kdf, self._passphrase, self._name
        self.ui.recoveryErrorLabel.hide()
        self.ui.recoveryProgress.show()
        self.ui.continueButton.setEnabled(False)
        self.ui.writtenCheck.setEnabled(False)

        def work() -> bytearray:
            # Key derivation and seeding on the general pool; the worker's connection is closed here (a connection
            # belongs to the thread that opened it) and the UI thread opens its own with the key.
            session, _recovery = create_vault(paths, passphrase, user_name=name, kdf=kdf, recovery_key=recovery)
            try:
                return session.vault.key_copy()
            finally:
                session.close()

        run_task(work, self._created, self._create_failed, receiver=self)

    def _created(self, key: bytearray) -> None:
        from prevent_desktop.services.background import open_session

        try:
            self.session = open_session(self.paths, bytes(key))  # the UI thread's own connection
        except KnownError as exc:
            self._create_failed(exc)
            return
        finally:
            for i in range(len(key)):
                key[i] = 0
        self._passphrase = ""
        self.ui.recoveryProgress.hide()
        self.ui.recoveryKeyLabel.clear()
        self.created.emit(self.session)

    def _create_failed(self, exc: BaseException) -> None:
        self.ui.recoveryProgress.hide()
        self.ui.writtenCheck.setEnabled(True)
        self.ui.continueButton.setEnabled(self.ui.writtenCheck.isChecked())
        text = str(exc) if isinstance(exc, KnownError) else "The vault could not be created (an unexpected error)."
        self._recovery_message(text + " Nothing was created; the key above is not in use yet.")
        if not isinstance(exc, KnownError):
            raise exc

    def _failed(self, exc: BaseException) -> None:
        self.ui.progressBar.hide()
        self.ui.createButton.setEnabled(True)
        if isinstance(exc, KnownError):
            self.show_error(str(exc))
        else:
            self.show_error("The vault could not be created because of an unexpected error.")
            raise exc

    def print_recovery_key(self) -> None:
        """Print the key from memory, the job name neutral. If the printer chosen writes a FILE (no printer: Qt's
        "Print to File (PDF)"; or a PDF/XPS driver), the DSO is warned that it is not encrypted, and where it
        goes, before anything is written (``ui/printing.py``)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from prevent_desktop.ui.printing import NEUTRAL_TITLE

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(NEUTRAL_TITLE)
        printer.setCreator(NEUTRAL_TITLE)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("recoveryPrintDialog")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._print_chosen(printer))
        self.print_dialog, self._printer = dialog, printer  # kept alive while the dialog is open
        dialog.show()

    def _print_chosen(self, printer: Any) -> None:
        from prevent_desktop.ui.printing import ask_before_file, printer_destination

        key = self.ui.recoveryKeyLabel.text()
        where = printer_destination(printer)
        if where is None:
            paint_recovery_sheet(printer, key)
            return
        self.file_warning = ask_before_file(
            self, "the recovery key", where, lambda: self._print_to_file(printer, where, key)
        )

    def _print_to_file(self, printer: Any, where: str, key: str) -> None:
        """Qt's own PDF output is made in memory and written atomically (0600, never through a link); a driver
        that asks for the file itself gets the pages."""
        import os

        from prevent_desktop.services.exports import write_document
        from prevent_desktop.ui.printing import render_pdf

        if not where:
            paint_recovery_sheet(printer, key)
            return
        if os.path.isdir(where):
            self._recovery_message(f"{where} is a folder: print again and give a file name.")
            return
        try:
            write_document(render_pdf(lambda device: paint_recovery_sheet(device, key)), where, None)
        except KnownError as exc:
            self._recovery_message(f"The recovery sheet was not saved: {exc}")
            return
        self._recovery_message(f"Saved, NOT encrypted, as {where}. Print it, then delete the file.", error=False)

    def _recovery_message(self, text: str, *, error: bool = True) -> None:
        self.ui.recoveryErrorLabel.setStyleSheet(ERROR_STYLE if error else "")
        self.ui.recoveryErrorLabel.setText(text)
        self.ui.recoveryErrorLabel.show()


def paint_recovery_sheet(printer: Any, key: str) -> None:
    """One page: what the key is for, the key in large type, where to keep it (on a printer or a PDF writer)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont, QPainter

    painter = QPainter(printer)
    try:
        dpi = printer.resolution()
        page = printer.pageLayout().paintRectPixels(dpi)  # a QPrinter or an in-memory QPdfWriter
        margin = dpi * 0.8
        width = page.width() - 2 * margin
        y = margin

        def block(text: str, points: float, bold: bool = False, mono: bool = False) -> None:
            nonlocal y
            font = QFont("DejaVu Sans Mono" if mono else "DejaVu Sans")
            font.setPointSizeF(points)
            font.setBold(bold)
            painter.setFont(font)
            # The key is never wrapped (a break at a dash reads as a missing character).
            flags = int(Qt.TextFlag.TextSingleLine) if mono else int(Qt.TextFlag.TextWordWrap)
            rect = QRectF(margin, y, width, page.height())
            used = painter.boundingRect(rect, flags, text)
            painter.drawText(rect, flags, text)
            y += used.height() + dpi * 0.25

        block("Prevent Desktop — recovery key", 20, bold=True)
        block(
            "This key opens the Prevent Desktop vault if the passphrase is forgotten. Anyone holding it and the vault "
            "files can read every record: keep this sheet locked away, apart from the computer.",
            11,
        )
        block(key, 14, bold=True, mono=True)
        block("Made on: ____________________    Kept by: ____________________", 11)
    finally:
        painter.end()
