"""The unlock window: passphrase (or recovery key), key derivation off the UI thread, inline errors."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from prevent_desktop.errors import KnownError, WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.ui.forms.ui_unlock import Ui_UnlockWindow
from prevent_desktop.ui.style import ERROR_STYLE, TITLE_STYLE
from prevent_desktop.ui.workers import run_task


class UnlockWindow(QWidget):
    """Emits ``unlocked(key, secret_kind)`` once the key is unwrapped; opening the database is the caller's job."""

    unlocked = Signal(bytes, str)

    def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
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

    def _mode_changed(self, recovery: bool) -> None:
        self.ui.passphraseLabel.setText("&Recovery key" if recovery else "&Passphrase")
        self.ui.passphraseEdit.setAccessibleName("Recovery key" if recovery else "Passphrase")
        self.ui.passphraseEdit.setPlaceholderText("XXXXX-XXXXX-…" if recovery else "Vault passphrase")
        self.ui.passphraseEdit.clear()
        self.ui.passphraseEdit.setFocus()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.ui.passphraseEdit.setFocus()

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
        if self._busy:
            return
        from prevent_desktop.storage.vault import Secret, unwrap_key

        text = self.ui.passphraseEdit.text()
        if not text:
            self.show_error("Type your passphrase first.")
            return
        recovery = self.ui.recoveryCheck.isChecked()
        secret = Secret.recovery(text) if recovery else Secret.passphrase(text)
        self.set_busy(True)
        paths = self.paths
        run_task(lambda: unwrap_key(paths, secret), lambda key: self._done(key, secret.kind), self._failed)

    def _done(self, key: bytes, kind: str) -> None:
        self.set_busy(False)
        self.ui.passphraseEdit.clear()
        self.unlocked.emit(key, kind)

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self.show_error(str(exc))
        elif isinstance(exc, KnownError):
            self.show_error(str(exc))
        else:
            self.show_error(
                "The vault could not be opened because of an unexpected error. Nothing was changed."
            )
            raise exc
