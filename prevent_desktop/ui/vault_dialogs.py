"""Vault menu dialogs: audit log (read-only), change passphrase, new recovery key; restore from a backup; the
rollback warning.

Small composite dialogs built in code. Each is parented to the main window, so locking closes it; none shows
personal data in its title. Argon2id (and re-making the backups) runs on a worker thread (``run_task``) with a
busy state; the database part of a change runs on the UI thread, which owns the connection. A new recovery key
is shown, and the DSO confirms it is written down, BEFORE anything is committed.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain.passphrases import same_passphrase
from prevent_desktop.errors import KnownError
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.style import ERROR_STYLE, RECOVERY_KEY_STYLE
from prevent_desktop.ui.workers import run_task


class AuditLogModel(RecordTableModel[Any]):
    """Read-only: no setData, no editable flags."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("#", lambda e: str(e.id)),
                Column("When", lambda e: _when(e.at)),
                Column("Who", lambda e: e.actor),
                Column("What", lambda e: e.label, lambda e: e.action),  # words (domain/audit_actions.py); id as tip
                Column("Record", lambda e: e.record),  # a case by its reference
                Column("Detail", lambda e: e.detail),
            ],
            parent=parent,
        )

    def flags(self, index: Any) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _when(iso: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


class AuditLogDialog(QDialog):
    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from prevent_desktop.services.audit_service import readable_entries
        from prevent_desktop.services.vault_service import audit_count, verify_audit

        self.setWindowTitle("Audit log")
        self.resize(900, 500)
        layout = QVBoxLayout(self)
        problems = verify_audit(session)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        if problems:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText("Warning: the audit log is NOT intact. " + " ".join(problems[:5]))
        else:
            self.status.setText(f"The chain of {audit_count(session)} entries is intact (checked just now).")
        layout.addWidget(self.status)
        self.model = AuditLogModel(self)
        self.model.set_rows(readable_entries(session))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit log entries, newest first")
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def done(self, result: int) -> None:
        self.model.clear()
        super().done(result)


def _label(text: str, parent: QWidget, style: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def _password_edit(name: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class _KeyChangeDialog(QDialog):
    """The shared mechanics: a busy state while the worker runs, the new recovery key shown (and confirmed)
    before the commit, the commit on the UI thread, and nothing committed once the dialog is closed."""

    def __init__(self, session: Any, parent: QWidget | None, kdf: Any, jobs: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kdf = kdf
        self.jobs = jobs  # the controller's vault-job queue: the commit (the re-encryption) runs there
        self.committing = False
        self._closed = False
        self.recovery_key = ""
        self.report: Any = None
        self.layout_ = QVBoxLayout(self)
        self.buttons: QDialogButtonBox  # each dialog makes its own (its OK button's words differ)

    def _add_key_area(self) -> None:
        self.key_label = QLabel(self)
        self.key_label.setStyleSheet(RECOVERY_KEY_STYLE)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleDescription("New recovery key")  # its name is the key itself
        self.key_label.hide()
        self.layout_.addWidget(self.key_label)
        self.written = QCheckBox("I have &written the new recovery key down", self)
        self.written.hide()
        self.layout_.addWidget(self.written)

    def _add_status_area(self) -> None:
        self.error = AlertLabel(self)  # announced, and read in full
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.layout_.addWidget(self.error)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Working")
        self.progress.hide()
        self.layout_.addWidget(self.progress)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()

    @property
    def busy(self) -> bool:
        return self.progress.isVisible()

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.buttons.setEnabled(not busy)
        if busy:
            self.error.hide()

    def show_new_key(self) -> None:
        """Make the new recovery key and show it; nothing is committed until the DSO confirms."""
        from prevent_desktop.services.vault_service import new_recovery_key

        self.recovery_key = new_recovery_key()
        self.key_label.setText(self.recovery_key)
        self.key_label.show()
        self.written.setChecked(False)
        self.written.show()
        self.adjustSize()

    def start_revocation(self, passphrase: str, *, new_passphrase: bool) -> None:
        """Worker: check/wrap (Argon2id), safety backup, re-made backups. Then the commit on the UI thread."""
        from prevent_desktop.services.backup_service import prepare_revocation

        session = self.session
        paths, key, user, kdf = session.vault.paths, session.vault.key, session.user, self.kdf
        recovery = self.recovery_key
        self.set_busy(True)
        run_task(
            lambda: prepare_revocation(
                paths, key, passphrase=passphrase, recovery_key=recovery, new_passphrase=new_passphrase, user=user,
                kdf=kdf,
            ),
            self._commit_revocation,
            self._failed,
            receiver=self,
        )

    def _commit_revocation(self, plan: Any) -> None:
        """The commit re-encrypts the whole file (``PRAGMA rekey``): a vault job on its own connection, the UI's
        connection closed meanwhile and opened again under the new key after; the dialog (window-modal) shows its
        progress and cannot be closed until it has finished. The window never freezes."""
        from prevent_desktop.services.backup_service import (
            commit_revocation,
            detach_for_revocation,
            discard_revocation,
            reattach_after_revocation,
        )

        if self._closed or not self.session.vault.is_open:  # closed (or locked) meanwhile: nothing changes
            discard_revocation(plan)
            return
        session = self.session
        self.committing = True
        self.error.setText("Re-encrypting the vault and its backups…")
        self.error.setStyleSheet("")
        self.error.show()
        key = detach_for_revocation(session)

        def finished() -> None:
            self.committing = False
            self.error.setStyleSheet(ERROR_STYLE)
            try:
                reattach_after_revocation(session, plan)
            except KnownError as exc:
                self._failed(exc)

        def done(report: Any) -> None:
            finished()
            self.report = report
            self.set_busy(False)
            self.error.hide()
            self.revoked()

        def failed(exc: KnownError) -> None:
            finished()
            self._failed(exc)

        self.jobs.submit(
            "the re-encryption",
            lambda ctx: commit_revocation(ctx.session, plan),
            key=key,
            receiver=self,
            on_done=done,
            on_error=failed,
        )

    def revoked(self) -> None:
        raise NotImplementedError

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.set_busy(False)
        self.show_error(str(exc) if isinstance(exc, KnownError) else "The change failed unexpectedly; nothing changed.")
        if not isinstance(exc, KnownError):
            raise exc

    def done(self, result: int) -> None:
        if self.committing and self.isVisible():  # Esc or the close button while the vault is re-encrypted
            return
        self._closed = True
        if hasattr(self, "key_label"):
            self.key_label.clear()
        self.recovery_key = ""
        super().done(result)


class ChangePassphraseDialog(_KeyChangeDialog):
    """A plain change rewrites the passphrase slot (the consequence is stated); ticking "may be known to
    someone" makes it the full revocation: new database key, every backup re-made, a new recovery key."""

    def __init__(self, session: Any, parent: QWidget | None = None, kdf: Any = None, jobs: Any = None) -> None:
        super().__init__(session, parent, kdf, jobs)
        from prevent_desktop.services.vault_service import PASSPHRASE_ONLY_CONSEQUENCE

        self.setWindowTitle("Change passphrase")
        layout = self.layout_
        form = QFormLayout()
        self.new_edit = _password_edit("New passphrase", self)
        self.confirm_edit = _password_edit("Repeat the new passphrase", self)
        new_label = QLabel("&New passphrase", self)
        new_label.setBuddy(self.new_edit)
        confirm_label = QLabel("&Repeat it", self)
        confirm_label.setBuddy(self.confirm_edit)
        form.addRow(new_label, self.new_edit)
        form.addRow(confirm_label, self.confirm_edit)
        layout.addLayout(form)
        # A check box's text never wraps: the short question here, what it does in the wrapped line below it.
        self.revoke_check = QCheckBox("The old passphrase may be &known to someone", self)
        self.revoke_check.setAccessibleDescription(
            "Re-encrypt the vault and its backups, and make a new recovery key"
        )
        layout.addWidget(self.revoke_check)
        self._plain_consequence = PASSPHRASE_ONLY_CONSEQUENCE
        self.consequence = _label(PASSPHRASE_ONLY_CONSEQUENCE, self)
        layout.addWidget(self.consequence)
        self.revoke_check.toggled.connect(self._mode_changed)
        self._add_key_area()
        self._add_status_area()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Change passphrase")
        self.buttons.accepted.connect(self.try_change)
        self.buttons.rejected.connect(self.reject)
        self.written.toggled.connect(lambda on: self.ok_button.setEnabled(on or not self.key_label.isVisible()))
        layout.addWidget(self.buttons)

    def _mode_changed(self, revoke: bool) -> None:
        self.consequence.setText(
            "The vault and every backup in its backups folder are re-encrypted under a new key, and a new recovery "
            "key is made (shown next, before anything changes). The old passphrase and the old recovery key then "
            "open nothing the app keeps; a backup copied elsewhere before now still opens with them."
            if revoke
            else self._plain_consequence
        )

    def try_change(self) -> None:
        if self.report is not None:
            self.accept()
            return
        new = self.new_edit.text()
        if not same_passphrase(new, self.confirm_edit.text()):  # as the key slots compare (NFC)
            self.show_error("The two passphrases differ; nothing was changed.")
            return
        if self.revoke_check.isChecked():
            if not self.key_label.isVisible():
                from prevent_desktop.services.vault_service import require_strong

                try:
                    require_strong(new, [self.session.user])  # refused before a recovery key is shown
                except KnownError as exc:
                    self.show_error(str(exc))
                    return
                self.show_new_key()
                self.new_edit.setEnabled(False)
                self.confirm_edit.setEnabled(False)
                self.revoke_check.setEnabled(False)
                self.ok_button.setText("&Re-encrypt with the new key")
                self.ok_button.setEnabled(False)
                self.adjustSize()
                return
            self.start_revocation(new, new_passphrase=True)
            return
        self._start_plain(new)

    def _start_plain(self, new: str) -> None:
        from prevent_desktop.services.vault_service import prepare_passphrase

        session = self.session
        paths, key, user, kdf = session.vault.paths, session.vault.key, session.user, self.kdf
        self.set_busy(True)
        run_task(
            lambda: prepare_passphrase(paths, key, new, user, kdf), self._commit_plain, self._failed, receiver=self
        )

    def _commit_plain(self, slot: Any) -> None:
        from prevent_desktop.services.vault_service import commit_passphrase

        if self._closed or not self.session.vault.is_open:
            return
        try:
            commit_passphrase(self.session, slot)
        except KnownError as exc:
            self._failed(exc)
            return
        self.set_busy(False)
        self.new_edit.clear()
        self.confirm_edit.clear()
        self.accept()

    def revoked(self) -> None:
        self.new_edit.clear()
        self.confirm_edit.clear()
        self.key_label.clear()
        self.key_label.hide()
        self.written.hide()
        self.consequence.setText("Passphrase changed. " + self.report.summary())
        self.ok_button.setText("&Done")
        self.ok_button.setEnabled(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.adjustSize()


class RecoveryKeyDialog(_KeyChangeDialog):
    """A new recovery key is always the full revocation: the vault and every backup it keeps are re-encrypted
    under a new key, so the old recovery key opens none of them. The key is shown, and confirmed written down,
    before anything changes; the passphrase (which stays) is asked for and checked."""

    def __init__(self, session: Any, parent: QWidget | None = None, kdf: Any = None, jobs: Any = None) -> None:
        super().__init__(session, parent, kdf, jobs)
        self.setWindowTitle("New recovery key")
        layout = self.layout_
        self.info = _label(
            "Make a new recovery key? The vault and every backup in its backups folder are re-encrypted under a "
            "new key, so the old recovery key opens none of them. A backup copied elsewhere before now still "
            "opens with the old key, and shows the vault as it was then. The new key is shown once, before "
            "anything changes: write it down or print it and keep it locked away.",
            self,
        )
        layout.addWidget(self.info)
        form = QFormLayout()
        self.passphrase_edit = _password_edit("Your passphrase (it stays the same)", self)
        passphrase_label = QLabel("Your &passphrase", self)
        passphrase_label.setBuddy(self.passphrase_edit)
        form.addRow(passphrase_label, self.passphrase_edit)
        layout.addLayout(form)
        self._add_key_area()
        self._add_status_area()
        self.buttons = QDialogButtonBox(self)
        self.make_button = self.buttons.addButton("&Make new key", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.make_button.clicked.connect(self.make_key)
        self.cancel_button.clicked.connect(self.reject)
        self.written.toggled.connect(self.make_button.setEnabled)
        layout.addWidget(self.buttons)

    def make_key(self) -> None:
        if self.report is not None:
            self.accept()
            return
        if not self.passphrase_edit.text():
            self.show_error("Type your passphrase: it stays in force under the new key.")
            return
        if not self.key_label.isVisible():
            self.show_new_key()
            self.info.setText("Your new recovery key (shown once). It is put in force when you confirm below:")
            self.make_button.setText("&Put the new key in force")
            self.make_button.setEnabled(False)
            self.adjustSize()
            return
        self.start_revocation(self.passphrase_edit.text(), new_passphrase=False)

    def revoked(self) -> None:
        self.passphrase_edit.clear()
        self.passphrase_edit.setEnabled(False)
        self.key_label.clear()
        self.key_label.hide()
        self.written.hide()
        self.info.setText("The new recovery key is in force. " + self.report.summary())
        self.cancel_button.hide()
        self.make_button.setText("&Done")
        self.make_button.setEnabled(True)
        self.adjustSize()


class RollbackDialog(QDialog):
    """Unlock found the vault older than its anchor. Emits ``chosen`` with "restore", "accept" or "lock". Keeping
    the state needs a tick first: it is an explicit decision, recorded in the audit log."""

    chosen = Signal(str)

    def __init__(self, message: str, parent: QWidget | None = None, details: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The vault is older than expected")
        self.setModal(True)
        self.resize(640, 300)
        layout = QVBoxLayout(self)
        layout.addWidget(_label("Records made since the last lock or backup may be missing", self, ERROR_STYLE))
        self.message = _label(message, self)
        layout.addWidget(self.message)
        self.details = _label("What was found: " + "; ".join(details or []) + ".", self) if details else None
        if self.details is not None:
            layout.addWidget(self.details)
        self.understood = QCheckBox(
            "I understand that records made since then may be &missing, and want to keep working with this state",
            self,
        )
        layout.addWidget(self.understood)
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            "&Restore the newest backup…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button = self.buttons.addButton(
            "&Keep working with this state", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.lock_button = self.buttons.addButton("&Lock", QDialogButtonBox.ButtonRole.RejectRole)
        self.accept_button.setEnabled(False)
        self.understood.toggled.connect(self.accept_button.setEnabled)
        self.restore_button.clicked.connect(lambda: self._choose("restore"))
        self.accept_button.clicked.connect(lambda: self._choose("accept"))
        self.lock_button.clicked.connect(lambda: self._choose("lock"))
        self.restore_button.setDefault(True)
        layout.addWidget(self.buttons)
        self._choice = ""

    def _choose(self, choice: str) -> None:
        self._choice = choice
        if choice == "lock":
            self.reject()
        else:
            self.accept()

    def done(self, result: int) -> None:
        choice = self._choice or "lock"  # Esc or the window's close button: lock, change nothing
        super().done(result)
        self.chosen.emit(choice)


class RestoreDialog(QDialog):
    """Offered on the unlock screen when the vault is damaged: pick a backup (newest good first), type the
    passphrase valid when it was made, restore. The damaged files are moved aside, never overwritten."""

    def __init__(self, paths: Any, problem: str, parent: QWidget | None = None, jobs: Any = None) -> None:
        super().__init__(parent)
        from prevent_desktop.services.backup_service import backup_choices
        from prevent_desktop.ui.jobs import VaultJobs

        self.paths = paths
        self.jobs = jobs if jobs is not None else VaultJobs(paths, self)  # the restore is a vault job
        self.restored = False
        self.setWindowTitle("Restore from a backup")
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(self)
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        intro.setText(
            f"<p>{html.escape(problem)}</p><p>Choose a backup to restore. The vault files in place are kept "
            "first, never overwritten: as a backup if they open with the passphrase you type, otherwise moved to "
            f"<b>{html.escape(str(paths.damaged))}</b>.</p>"
        )
        layout.addWidget(intro)
        list_label = QLabel("&Backups (newest first)", self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups, newest first")
        list_label.setBuddy(self.list)
        layout.addWidget(list_label)
        layout.addWidget(self.list)
        for choice in backup_choices(paths):
            item = QListWidgetItem(choice.label, self.list)
            if not choice.usable:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setData(Qt.ItemDataRole.UserRole, str(choice.path))
        for row in range(self.list.count()):
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentRow(row)
                break
        other = QPushButton("&Other backup file…", self)
        other.clicked.connect(self.choose_file)
        layout.addWidget(other)
        form = QFormLayout()
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setAccessibleName("Passphrase valid when the backup was made")
        secret_label = QLabel("&Passphrase", self)
        secret_label.setBuddy(self.secret_edit)
        form.addRow(secret_label, self.secret_edit)
        layout.addLayout(form)
        self.error = AlertLabel(self)  # announced, and read in full
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Restore")
        self.buttons.accepted.connect(self.try_restore)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        # Non-native dialog: no recent-file lists (OpenSavePidlMRU) on Windows.
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup", "", "Backups (*.pdbackup)", options=QFileDialog.Option.DontUseNativeDialog
        )
        if name:
            item = QListWidgetItem(Path(name).name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.setCurrentItem(item)

    def selected(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def try_restore(self) -> None:
        from prevent_desktop.services.backup_service import restore_backup
        from prevent_desktop.services.vault_service import Secret

        file = self.selected()
        if file is None:
            self.error.setText("Choose a backup first.")
            self.error.show()
            return
        secret = Secret.passphrase(self.secret_edit.text())
        paths = self.paths
        self.progress.show()
        self.buttons.setEnabled(False)
        self.error.hide()
        # On the vault job queue: never while an automatic backup (queued at lock) still reads the old file.
        self.jobs.submit(
            "the restore",
            lambda _ctx: restore_backup(paths, file, secret, replace=True),
            receiver=self,
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, message: str) -> None:
        self.progress.hide()
        self.secret_edit.clear()
        self.restored = True
        self.message = message
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.error.setText(str(exc) if isinstance(exc, KnownError) else "The restore failed unexpectedly.")
        self.error.show()
        if not isinstance(exc, KnownError):
            raise exc
