"""Vault menu dialogs: audit log (read-only), change passphrase, new recovery key; restore from a backup.

Small composite dialogs built in code. Each is parented to the main window, so locking closes it; none shows
personal data in its title.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
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

from prevent_desktop.errors import KnownError
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.style import ERROR_STYLE, RECOVERY_KEY_STYLE


class AuditLogModel(RecordTableModel[Any]):
    """Read-only: no setData, no editable flags."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("#", lambda e: str(e.id)),
                Column("When", lambda e: _when(e.at)),
                Column("Who", lambda e: e.actor),
                Column("What", lambda e: e.action),
                Column("Record", lambda e: f"{e.entity} {e.entity_id}".strip()),
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
        from prevent_desktop.services.vault_service import verify_audit
        from prevent_desktop.storage import audit

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
            self.status.setText(f"The chain of {audit.count(session.conn)} entries is intact (checked just now).")
        layout.addWidget(self.status)
        self.model = AuditLogModel(self)
        self.model.set_rows(audit.entries(session.conn))
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


class ChangePassphraseDialog(QDialog):
    def __init__(self, session: Any, parent: QWidget | None = None, kdf: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kdf = kdf
        self.setWindowTitle("Change passphrase")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.new_edit = QLineEdit(self)
        self.new_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_edit.setAccessibleName("New passphrase")
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName("Repeat the new passphrase")
        new_label = QLabel("&New passphrase", self)
        new_label.setBuddy(self.new_edit)
        confirm_label = QLabel("&Repeat it", self)
        confirm_label.setBuddy(self.confirm_edit)
        form.addRow(new_label, self.new_edit)
        form.addRow(confirm_label, self.confirm_edit)
        layout.addLayout(form)
        self.error = AlertLabel(self)  # announced, and read in full
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Change passphrase")
        self.buttons.accepted.connect(self.try_change)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def try_change(self) -> None:
        from prevent_desktop.services.vault_service import change_passphrase

        new = self.new_edit.text()
        if new != self.confirm_edit.text():
            self.show_error("The two passphrases differ; nothing was changed.")
            return
        try:
            change_passphrase(self.session, new, self.kdf)
        except KnownError as exc:
            self.show_error(str(exc))
            return
        self.new_edit.clear()
        self.confirm_edit.clear()
        self.accept()


class RecoveryKeyDialog(QDialog):
    """Confirm, then make a new recovery key (the old one stops working) and show it once."""

    def __init__(self, session: Any, parent: QWidget | None = None, kdf: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kdf = kdf
        self.setWindowTitle("New recovery key")
        layout = QVBoxLayout(self)
        self.info = QLabel(
            "Make a new recovery key? The old one stops working at once. The new key is shown once: "
            "write it down or print it and keep it locked away.",
            self,
        )
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.key_label = QLabel(self)
        self.key_label.setStyleSheet(RECOVERY_KEY_STYLE)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleDescription("New recovery key")  # its name is the key itself
        self.key_label.hide()
        layout.addWidget(self.key_label)
        self.written = QCheckBox("I have &written the new recovery key down", self)
        self.written.hide()
        layout.addWidget(self.written)
        self.buttons = QDialogButtonBox(self)
        self.make_button = self.buttons.addButton("&Make new key", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.make_button.clicked.connect(self.make_key)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    def make_key(self) -> None:
        from prevent_desktop.services.vault_service import regenerate_recovery_key

        if self.key_label.isVisible():
            self.key_label.clear()
            self.accept()
            return
        key = regenerate_recovery_key(self.session, self.kdf)
        self.info.setText("Your new recovery key (shown once):")
        self.key_label.setText(key)
        self.key_label.show()
        self.written.show()
        self.cancel_button.hide()
        self.make_button.setText("&Done")
        self.make_button.setEnabled(False)
        self.written.toggled.connect(self.make_button.setEnabled)

    def done(self, result: int) -> None:
        self.key_label.clear()
        super().done(result)


class RestoreDialog(QDialog):
    """Offered on the unlock screen when the vault is damaged: pick a backup (newest good first), type the
    passphrase valid when it was made, restore. The damaged files are moved aside, never overwritten."""

    def __init__(self, paths: Any, problem: str, parent: QWidget | None = None, jobs: Any = None) -> None:
        super().__init__(parent)
        from prevent_desktop.storage.backup import list_backups, read_backup
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
            f"<p>{html.escape(problem)}</p><p>Choose a backup to restore. The damaged files are kept in "
            f"<b>{html.escape(str(paths.damaged))}</b>, never overwritten.</p>"
        )
        layout.addWidget(intro)
        list_label = QLabel("&Backups (newest first)", self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups, newest first")
        list_label.setBuddy(self.list)
        layout.addWidget(list_label)
        layout.addWidget(self.list)
        for path in list_backups(paths.backups):
            try:
                info = read_backup(path).info
                item = QListWidgetItem(f"{info.describe()} — {info.kind}", self.list)
            except KnownError:
                item = QListWidgetItem(f"{path.name} — damaged, cannot be used", self.list)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
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
        from prevent_desktop.storage.vault import Secret

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
