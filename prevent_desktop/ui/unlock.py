"""The unlock window: passphrase (or recovery key), the slow half of the unlock use case off the UI thread
(``services.unlocking.unlock_key``: the vault lock first, then Argon2id), inline errors; and the
new-passphrase prompt the controller opens after an unlock with the recovery key (``NewPassphraseDialog``)."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from prevent_desktop.domain.passphrases import same_passphrase
from prevent_desktop.errors import KnownError, TooManyAttempts, VaultDamaged, WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.ui.forms.ui_unlock import Ui_UnlockWindow
from prevent_desktop.ui.style import ERROR_STYLE, TITLE_STYLE
from prevent_desktop.ui.workers import run_task

LATER_WARNING_STYLE = "color: #7a4a00; font-weight: bold;"  # a consequence to weigh (the words say it too)
DIALOG_TITLE_STYLE = "font-size: 14pt; font-weight: bold;"


class UnlockWindow(QWidget):
    """Emits ``unlocked(UnlockedKey)`` once the key is unwrapped (the vault lock held); opening the database is
    the caller's job (``services.vault_service.open_unlocked``)."""

    unlocked = Signal(object)

    def __init__(self, paths: DataPaths, parent: QWidget | None = None, jobs: object = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.jobs = jobs  # the controller's vault job queue (ui/jobs.py): a restore runs on it
        self.ui = Ui_UnlockWindow()
        self.ui.setupUi(self)
        self.ui.titleLabel.setStyleSheet(TITLE_STYLE)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.hide()
        self.ui.progressBar.hide()
        self.ui.locationLabel.setText(f"Vault: {paths.root}")
        self.ui.unlockButton.clicked.connect(self.try_unlock)
        self.ui.passphraseEdit.returnPressed.connect(self.try_unlock)
        self.ui.recoveryCheck.toggled.connect(self._mode_changed)
        self._busy = False
        # Back-off after repeated wrong passphrases: a visible countdown, the button disabled meanwhile.
        self.countdown = QTimer(self)
        self.countdown.setTimerType(Qt.TimerType.PreciseTimer)
        self.countdown.setInterval(250)  # re-reads the remaining wait: a timer firing early never unlocks early
        self.countdown.timeout.connect(self._tick)
        self._wait_left = 0
        self._base_error = ""
        # Offered when the vault is damaged: restore from the newest good backup.
        self.restore_button = QPushButton("&Restore from a backup…", self)
        self.restore_button.setAccessibleName("Restore the vault from a backup")
        self.restore_button.hide()
        self.restore_button.clicked.connect(self.offer_restore)
        self.ui.buttonLayout.insertWidget(0, self.restore_button)
        self._damage = ""
        # What happens to the vault meanwhile ("Locking — finishing the backup…"): never personal data.
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("noticeLabel")
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.hide()
        self.ui.outerLayout.insertWidget(self.ui.outerLayout.indexOf(self.ui.errorLabel), self.notice_label)
        self._start_backoff_if_needed()

    def _mode_changed(self, recovery: bool) -> None:
        self.ui.passphraseLabel.setText("&Recovery key" if recovery else "&Passphrase")
        self.ui.passphraseEdit.setAccessibleName("Recovery key" if recovery else "Passphrase")
        self.ui.passphraseEdit.setPlaceholderText("XXXXX-XXXXX-…" if recovery else "Vault passphrase")
        self.ui.passphraseEdit.clear()
        self.ui.passphraseEdit.setFocus()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.ui.passphraseEdit.setFocus()

    def set_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def notice(self) -> str:
        return self.notice_label.text() if self.notice_label.isVisible() else ""

    def show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
        self.ui.passphraseEdit.selectAll()
        self.ui.passphraseEdit.setFocus()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ui.progressBar.setVisible(busy)
        self.ui.unlockButton.setEnabled(not busy)
        self.ui.passphraseEdit.setEnabled(not busy)
        self.ui.recoveryCheck.setEnabled(not busy)
        if busy:
            self.ui.errorLabel.hide()

    def try_unlock(self) -> None:
        if self._busy or self.waiting:
            return
        text = self.ui.passphraseEdit.text()
        if not text:
            self.show_error("Type your passphrase first.")
            return
        recovery = self.ui.recoveryCheck.isChecked()
        self.set_busy(True)
        paths = self.paths
        # The vault lock and the key derivation off the UI thread; even the module that does them is imported
        # there (services/unlocking.py: light, so the derivation starts at once while ui/warmup.py loads the rest).
        run_task(lambda: _unlock(paths, text, recovery), self._done, self._failed, receiver=self)

    def _done(self, unlocked: object) -> None:
        self.set_busy(False)
        self.ui.passphraseEdit.clear()
        self.unlocked.emit(unlocked)

    # -- back-off --------------------------------------------------------------------------------------------
    def _start_backoff_if_needed(self, message: str = "") -> None:
        from prevent_desktop.services.unlock_backoff import unlock_wait_seconds

        wait = unlock_wait_seconds(self.paths)
        if wait <= 0:
            return
        self._wait_left = math.ceil(wait)
        self._base_error = message
        self.ui.unlockButton.setEnabled(False)
        self._show_countdown()
        self.countdown.start()

    def _show_countdown(self) -> None:
        text = f"Too many wrong attempts: try again in {self._wait_left} s."
        self.show_error(f"{self._base_error} {text}".strip())

    def _tick(self) -> None:
        from prevent_desktop.services.unlock_backoff import unlock_wait_seconds

        wait = unlock_wait_seconds(self.paths)
        if wait <= 0:
            self.countdown.stop()
            self.ui.unlockButton.setEnabled(True)
            self.show_error("You can try again now.")
            return
        if math.ceil(wait) != self._wait_left:
            self._wait_left = math.ceil(wait)
            self._show_countdown()

    @property
    def waiting(self) -> bool:
        return self.countdown.isActive()

    # -- damage ----------------------------------------------------------------------------------------------
    def show_damage(self, message: str) -> None:
        """A damaged (or rolled-back) vault: the message, and the way out (restore from a backup)."""
        self._damage = message
        self.show_error(message)
        self.restore_button.show()

    def offer_restore(self) -> None:
        from prevent_desktop.ui.vault_dialogs import RestoreDialog

        self.restore_dialog = RestoreDialog(self.paths, self._damage, self, jobs=self.jobs)
        self.restore_dialog.finished.connect(self._restore_finished)
        self.restore_dialog.open()

    def _restore_finished(self, _result: int) -> None:
        dialog = self.restore_dialog
        if dialog.restored:
            self.restore_button.hide()
            self.ui.errorLabel.setText(dialog.message + " Unlock it now.")
            self.ui.errorLabel.setStyleSheet("")
            self.ui.errorLabel.show()

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, TooManyAttempts):
            self.show_error(str(exc))
            self._start_backoff_if_needed()
        elif isinstance(exc, WrongPassphrase):
            self.show_error(str(exc))
            self._start_backoff_if_needed("Wrong passphrase.")
        elif isinstance(exc, VaultDamaged):
            from prevent_desktop.services.backup_service import damaged_hint

            self.show_damage(str(exc) + damaged_hint(self.paths, gui=True))
        elif isinstance(exc, KnownError):
            self.show_error(str(exc))
        else:
            self.show_error(
                "The vault could not be opened because of an unexpected error. Nothing was changed."
            )
            raise exc


def _unlock(paths: DataPaths, text: str, recovery: bool) -> object:
    """On the worker."""
    from prevent_desktop.services.unlocking import unlock_with_text

    return unlock_with_text(paths, text, recovery=recovery)


class NewPassphraseDialog(QDialog):
    """After an unlock with the recovery key (the DSO has probably forgotten the passphrase): set a new one, with
    set-up's strength rule and NFC comparison, or put it off. Setting it rewrites the passphrase slot
    (``vault_service.prepare_passphrase`` on a worker, ``commit_passphrase`` here, audited "after a recovery-key
    unlock"); putting it off — Later, Esc, closing, or a lock meanwhile — is audited too
    (``postpone_new_passphrase``). Nothing is committed once the dialog has closed."""

    def __init__(self, session: Any, parent: QWidget | None = None, kdf: Any = None) -> None:
        super().__init__(parent)
        from prevent_desktop.ui.forms.ui_new_passphrase import Ui_NewPassphraseDialog
        from prevent_desktop.ui.setup import EMPTY_HINT, STRENGTH_WORDS

        self.session = session
        self.kdf = kdf
        self.changed = False
        self._closed = False
        self.ui = Ui_NewPassphraseDialog()
        self.ui.setupUi(self)
        self.ui.titleLabel.setStyleSheet(DIALOG_TITLE_STYLE)
        self.ui.laterWarning.setStyleSheet(LATER_WARNING_STYLE)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        for label in (self.ui.introLabel, self.ui.consequenceLabel, self.ui.laterWarning, self.ui.errorLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.ui.errorLabel.hide()
        self.ui.progressBar.hide()
        self.ui.strengthBar.setFormat(STRENGTH_WORDS[0])
        self.ui.strengthLabel.setText(EMPTY_HINT)
        self.ui.newEdit.textChanged.connect(self._passphrase_changed)
        self.ui.confirmEdit.textChanged.connect(self._hide_error)
        self.ui.setButton.clicked.connect(self.try_set)
        self.ui.laterButton.clicked.connect(self.reject)
        self.ui.newEdit.setFocus()
        self.adjustSize()

    def _passphrase_changed(self, text: str) -> None:
        from prevent_desktop.services.vault_service import passphrase_strength
        from prevent_desktop.ui.setup import STRENGTH_WORDS

        score, hint = passphrase_strength(text, [self.session.user])
        self.ui.strengthBar.setValue(score)
        self.ui.strengthBar.setFormat(STRENGTH_WORDS[score])
        self.ui.strengthLabel.setText(hint)
        self._hide_error()  # a "too weak" or "differ" verdict is about the text it was given

    def _hide_error(self) -> None:
        self.ui.errorLabel.hide()
        self.ui.errorLabel.clear()

    def show_error(self, text: str, focus: QWidget | None = None) -> None:
        self.ui.errorLabel.setText(text)
        self.ui.errorLabel.show()
        (focus or self.ui.newEdit).setFocus()

    def try_set(self) -> None:
        from prevent_desktop.services.vault_service import (
            MIN_PASSPHRASE_SCORE,
            passphrase_strength,
            prepare_passphrase,
        )

        if not self.ui.setButton.isEnabled():  # the worker is already deriving
            return
        new = self.ui.newEdit.text()
        if not new:
            self.show_error("Type a new passphrase, or choose Later.")
            return
        score, hint = passphrase_strength(new, [self.session.user])
        if score < MIN_PASSPHRASE_SCORE:  # set-up's rule (prepare_passphrase checks it again)
            self.show_error(f"That passphrase is too weak. {hint}")
            return
        if not same_passphrase(new, self.ui.confirmEdit.text()):
            self.show_error("The two passphrases differ. Type the same passphrase twice.", self.ui.confirmEdit)
            return
        session = self.session
        paths, key, user, kdf = session.vault.paths, session.vault.key, session.user, self.kdf
        self._set_busy(True)
        run_task(lambda: prepare_passphrase(paths, key, new, user, kdf), self._commit, self._failed, receiver=self)

    def _set_busy(self, busy: bool) -> None:
        self.ui.progressBar.setVisible(busy)
        self.ui.setButton.setEnabled(not busy)
        self.ui.newEdit.setEnabled(not busy)
        self.ui.confirmEdit.setEnabled(not busy)

    def _commit(self, slot: Any) -> None:
        from prevent_desktop.services.vault_service import AFTER_RECOVERY, commit_passphrase

        if self._closed or not self.session.vault.is_open:  # put off (or locked) meanwhile: nothing changes
            return
        try:
            commit_passphrase(self.session, slot, detail=AFTER_RECOVERY)
        except KnownError as exc:
            self._failed(exc)
            return
        self.changed = True
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self._set_busy(False)
        self.show_error(str(exc) if isinstance(exc, KnownError) else "The passphrase was not changed (a bug).")
        if not isinstance(exc, KnownError):
            raise exc

    def done(self, result: int) -> None:
        if not self._closed:
            self._closed = True
            self.ui.newEdit.clear()
            self.ui.confirmEdit.clear()
            if not self.changed:
                self._record_postponed()
        super().done(result)

    def _record_postponed(self) -> None:
        from prevent_desktop.services.vault_service import postpone_new_passphrase

        if self.session.vault.is_open:
            try:
                postpone_new_passphrase(self.session)
            except KnownError:  # the vault is closing or busy: the next recovery unlock asks again anyway
                pass
