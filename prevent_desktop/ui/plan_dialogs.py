"""Small dialogs of the action plan: reason prompt, row history, evidence (list and in-app viewer), plan review,
RAG definitions, duty checklists and the duties-coverage view. The ones that take free text (a reason, an evidence
note, a review) keep it as a draft in the vault as it is typed (``ui/draft_keeper.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain.dates import today, uk_date, uk_datetime
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.domain.plan import (
    MAX_EVIDENCE_BYTES,
    RAG_ORDER,
    DutyCoverage,
    Evidence,
    HistoryEntry,
    Rag,
    Review,
    parse_when,
)
from prevent_desktop.errors import KnownError
from prevent_desktop.services import plan
from prevent_desktop.services.session import Session
from prevent_desktop.ui.draft_keeper import DraftKeeper
from prevent_desktop.ui.forms.ui_plan_review_dialog import Ui_PlanReviewDialog
from prevent_desktop.ui.models import Column, RecordTableModel

MAX_PDF_PAGES = 30


def _table(model: Any, parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class ReasonDialog(QDialog):
    """Ask why (a RAG change, retiring a row) or what (an evidence note). OK stays disabled until a reason is typed.

    With ``session`` and ``kind`` the text is kept as a draft (``context``: the row it is for) until OK; with
    ``action`` OK saves it first (a KnownError keeps the dialog open, with the message)."""

    def __init__(
        self,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        session: Session | None = None,
        kind: str = "",
        context: dict[str, Any] | None = None,
        draft: Draft | None = None,
        action: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reasonDialog")
        layout = QVBoxLayout(self)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.prompt)
        label = QLabel("&Reason:", self)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("Reason")
        label.setBuddy(self.reason)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.error = QLabel(self)
        self.error.setObjectName("reasonError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("QLabel { color: #8b0000; font-weight: bold; }")
        self.error.setVisible(False)
        layout.insertWidget(layout.count() - 1, self.error)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        self.action = action
        self.keeper: DraftKeeper | None = None
        if session is not None and kind:
            self.keeper = DraftKeeper(self, session, kind, {"reason": self.reason}, context=context)
            self.keeper.failed.connect(self.show_error)
            if draft is not None:
                self.keeper.restore(draft)
        self.resize(460, self.sizeHint().height())

    def text(self) -> str:
        return self.reason.text().strip()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def accept(self) -> None:
        if self.action is not None:
            try:
                self.action(self.text())
            except KnownError as exc:
                self.show_error(str(exc))
                return
        if self.keeper is not None:  # the caller takes the reason now (or ``action`` saved it)
            self.keeper.finish()
        super().accept()

    def reject(self) -> None:  # Esc, Cancel, the close button: typed text is never dropped without asking
        if self.keeper is None or self.keeper.allow_close():
            super().reject()


HISTORY_COLUMNS: list[Column[HistoryEntry]] = [
    Column("When", lambda e: uk_datetime(e.changed_at)),
    Column("Who", lambda e: e.changed_by),
    Column("What", lambda e: plan.FIELD_LABELS.get(e.field, e.field)),
    Column("Was", lambda e: _history_value(e.field, e.old_value)),
    Column("Now", lambda e: _history_value(e.field, e.new_value)),
    Column("Reason", lambda e: e.reason),
]


def _history_value(field: str, value: str) -> str:
    if field == "rag":
        return Rag(value).shown if value in {r.value for r in Rag} else value
    if field == "when_text":
        try:
            return parse_when(value).shown
        except ValueError:
            return value
    if field == "reviewed":
        return uk_date(value)
    return value


class HistoryDialog(QDialog):
    """Every change to one row, newest first: date, author, what, old and new value, reason."""

    def __init__(self, session: Session, row_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        record = plan.row(session, row_id)
        self.setWindowTitle(f"History of row {record.no}")
        self.setObjectName("historyDialog")
        layout = QVBoxLayout(self)
        heading = QLabel(f"{record.no}. {record.area}: every change, newest first.", self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(heading)
        self.model: RecordTableModel[HistoryEntry] = RecordTableModel(HISTORY_COLUMNS, plan.history(session, row_id))
        self.table = _table(self.model, self, "Row history")
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(820, 380)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.0f} KB" if n < 1048576 else f"{n / 1048576:.1f} MB"


EVIDENCE_COLUMNS: list[Column[Evidence]] = [
    Column("Added", lambda e: uk_datetime(e.added_at)),
    Column("By", lambda e: e.added_by),
    Column("Kind", lambda e: "Note" if e.kind == "note" else "File"),
    Column("Evidence", lambda e: e.note if e.kind == "note" else e.filename + (f" — {e.note}" if e.note else "")),
    Column("Size", lambda e: _size(e.size) if e.kind == "file" else ""),
]


class EvidenceDialog(QDialog):
    """A row's evidence: notes and files kept encrypted in the vault; view, add, remove."""

    choose_file: Callable[[QWidget], str] = staticmethod(  # type: ignore[assignment,unused-ignore]
        lambda parent: QFileDialog.getOpenFileName(parent, "Attach evidence")[0]
    )

    def __init__(self, session: Session, row_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.row_id = row_id
        record = plan.row(session, row_id)
        self.setWindowTitle(f"Evidence for row {record.no}")
        self.setObjectName("evidenceDialog")
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"{record.no}. {record.area}. Files are stored encrypted inside the vault "
            f"(at most {MAX_EVIDENCE_BYTES // 1048576} MB each).",
            self,
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.model: RecordTableModel[Evidence] = RecordTableModel(EVIDENCE_COLUMNS)
        self.table = _table(self.model, self, "Evidence")
        self.table.doubleClicked.connect(lambda _i: self.view_selected())
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_note_button = QPushButton("Add &note…", self)
        self.attach_button = QPushButton("&Attach file…", self)
        self.view_button = QPushButton("&View", self)
        self.remove_button = QPushButton("&Remove…", self)
        for b in (self.add_note_button, self.attach_button, self.view_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QPushButton("&Close", self)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.add_note_button.clicked.connect(lambda _checked=False: self.add_note())
        self.attach_button.clicked.connect(self.attach)
        self.view_button.clicked.connect(self.view_selected)
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_selected())
        close.clicked.connect(self.accept)
        self.viewer: EvidenceViewer | None = None
        self.reload()
        self.resize(760, 360)

    def reload(self) -> None:
        self.model.set_rows(plan.evidence(self.session, self.row_id))
        self.table.resizeColumnsToContents()

    def selected(self) -> Evidence | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows and self.model.rowCount() == 1:
            return self.model.record(0)
        return self.model.record(rows[0].row()) if rows else None

    def add_note(self, draft: Draft | None = None) -> ReasonDialog:
        dialog = ReasonDialog(
            "Evidence note", "Write the evidence note:", self, session=self.session, kind="plan.evidence_note",
            context={"row_id": self.row_id}, draft=draft,
            action=lambda text: plan.add_evidence_note(self.session, self.row_id, text),
        )
        self.note_dialog = dialog
        dialog.accepted.connect(lambda: self._saved("Saved."))
        dialog.open()
        return dialog

    def attach(self) -> None:
        chosen = type(self).choose_file(self)
        if chosen:
            self.attach_path(Path(chosen))

    def attach_path(self, path: Path) -> bool:
        return self._guard(
            lambda: plan.add_evidence_from_path(self.session, self.row_id, path), f"Attached {path.name}."
        )

    def _saved(self, done: str) -> None:
        self.message.setText(done)
        self.reload()

    def _guard(self, action: Callable[[], object], done: str = "Saved.") -> bool:
        try:
            action()
        except KnownError as exc:
            self.message.setText(str(exc))
            return False
        except OSError:
            self.message.setText("The file could not be read; nothing was attached.")
            return False
        self.message.setText(done)
        self.reload()
        return True

    def view_selected(self) -> None:
        item = self.selected()
        if item is None:
            self.message.setText("Select the evidence to view.")
            return
        data = item.note.encode("utf-8") if item.kind == "note" else plan.evidence_bytes(self.session, item.id)
        name = item.filename or "Note"
        mime = "text/plain" if item.kind == "note" else item.mime
        self.viewer = EvidenceViewer(self.session, name, mime, data, self)
        self.viewer.open()

    def remove_selected(self, draft: Draft | None = None) -> ReasonDialog | None:
        wanted = draft.context.get("evidence_id") if draft is not None else None
        item = next((e for e in plan.evidence(self.session, self.row_id) if e.id == wanted), None) if wanted \
            else self.selected()
        if item is None:
            self.message.setText("Select the evidence to remove.")
            return None
        evidence_id = item.id
        dialog = ReasonDialog(
            "Remove evidence", "Why is this evidence no longer needed?", self, session=self.session,
            kind="plan.evidence_remove", context={"row_id": self.row_id, "evidence_id": evidence_id}, draft=draft,
            action=lambda text: plan.retire_evidence(self.session, evidence_id, text),
        )
        self.remove_dialog = dialog
        dialog.accepted.connect(lambda: self._saved("Removed."))
        dialog.open()
        return dialog


def pdf_pages(data: bytes, scale: float = 1.4, limit: int = MAX_PDF_PAGES) -> list[QImage]:
    """Render a PDF held in memory (pypdfium2); nothing is written to disk."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    images: list[QImage] = []
    try:
        for i in range(min(len(doc), limit)):
            page = doc[i]
            bitmap = page.render(scale=scale, rev_byteorder=True)
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            fmt = QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBX8888
            image = QImage(bytes(bitmap.buffer), width, height, stride, fmt).copy()
            images.append(image)
            bitmap.close()
            page.close()
    finally:
        doc.close()
    return images


class EvidenceViewer(QDialog):
    """Shows images, text and PDFs from memory. Anything else can be opened in another program via a copy in
    the private 0700 folder under the data dir, wiped on lock and on exit."""

    def __init__(self, session: Session, name: str, mime: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.name = name
        self.data = data
        self.setWindowTitle("Evidence viewer")
        self.setObjectName("evidenceViewer")
        layout = QVBoxLayout(self)
        title = QLabel(name, self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        self.kind = self._show(mime, data, layout)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(820, 640)

    def _show(self, mime: str, data: bytes, layout: QVBoxLayout) -> str:
        if mime.startswith("image/"):
            image = QImage.fromData(data)
            if not image.isNull():
                label = QLabel(self)
                label.setPixmap(QPixmap.fromImage(image))
                label.setAccessibleName("Evidence image")
                scroll = QScrollArea(self)
                scroll.setWidget(label)
                layout.addWidget(scroll, 1)
                return "image"
        if mime == "application/pdf" or data[:5] == b"%PDF-":
            try:
                pages = pdf_pages(data)
            except Exception:  # a damaged PDF: fall through to "open elsewhere"
                pages = []
            if pages:
                holder = QWidget(self)
                column = QVBoxLayout(holder)
                for i, image in enumerate(pages, start=1):
                    label = QLabel(holder)
                    label.setPixmap(QPixmap.fromImage(image))
                    label.setAccessibleName(f"Page {i}")
                    column.addWidget(label)
                scroll = QScrollArea(self)
                scroll.setWidget(holder)
                layout.addWidget(scroll, 1)
                return "pdf"
        if mime.startswith("text/") or mime in ("application/json", "application/xml"):
            text = QPlainTextEdit(self)
            text.setReadOnly(True)
            text.setPlainText(data.decode("utf-8", errors="replace"))
            text.setAccessibleName("Evidence text")
            layout.addWidget(text, 1)
            return "text"
        note = QLabel(
            "This kind of file cannot be shown inside the app. You can open it in another program: a copy is "
            "written to a private folder in the vault's data folder and wiped when the vault locks or the app "
            "closes.",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.open_button = QPushButton("&Open in another program", self)
        self.open_button.clicked.connect(self.open_externally)
        layout.addWidget(self.open_button)
        layout.addStretch(1)
        return "external"

    def open_externally(self) -> Path:
        path = plan.write_private_temp(self.session.vault.paths, self.name, self.data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path


class ReviewDialog(QDialog):
    """Record a review of the whole plan: date, reviewer, notes (forms/plan_review_dialog.ui)."""

    def __init__(self, session: Session, parent: QWidget | None = None, draft: Draft | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.ui = Ui_PlanReviewDialog()
        self.ui.setupUi(self)
        self.setObjectName("reviewDialog")
        self.date_edit = self.ui.dateEdit
        self.reviewer = self.ui.reviewerEdit
        self.notes = self.ui.notesEdit
        self.message = self.ui.messageLabel
        day = today()
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.reviewer.setText(session.user)
        save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Record review")
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.review_id: int | None = None
        self.keeper = DraftKeeper(self, session, "plan.review",
                                  {"date": self.date_edit, "reviewer": self.reviewer, "notes": self.notes})
        self.keeper.failed.connect(self.message.setText)
        if draft is not None:
            self.keeper.restore(draft)

    def save(self) -> None:
        day = self.date_edit.date().toPython()
        assert isinstance(day, date)
        try:
            self.review_id = plan.review_plan(self.session, day.isoformat(), self.reviewer.text(),
                                              self.notes.toPlainText())
        except KnownError as exc:
            self.message.setText(str(exc))
            return
        self.keeper.finish()
        self.accept()

    def reject(self) -> None:  # Esc, Cancel, the close button: typed text is never dropped without asking
        if self.keeper.allow_close():
            super().reject()


class RagDefinitionsDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("RAG definitions")
        form = QFormLayout(self)
        self.edits: dict[Rag, QLineEdit] = {}
        for rag, text in plan.rag_definitions(session).items():
            edit = QLineEdit(text, self)
            edit.setAccessibleName(f"Definition of {rag.label}")
            label = QLabel(f"&{rag.label}:", self)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.edits[rag] = edit
        self.message = QLabel(self)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def save(self) -> None:
        try:
            for rag in RAG_ORDER:
                plan.set_rag_definition(self.session, rag, self.edits[rag].text())
        except KnownError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class ChecklistDialog(QDialog):
    """Tick the items that apply (which duties a row evidences, or which rows evidence a duty)."""

    def __init__(self, title: str, prompt: str, items: list[tuple[Any, str, bool]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.setAccessibleName(title)
        label.setBuddy(self.list)
        for key, text, checked in items:
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def checked(self) -> list[Any]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out


def _coverage_rows(c: DutyCoverage) -> str:
    return "; ".join(f"{no}. {area} ({rag.shown})" for no, area, rag in c.rows) or "—"


COVERAGE_COLUMNS: list[Column[DutyCoverage]] = [
    Column("Section 4 duty", lambda c: c.title),
    Column("Evidenced by action-plan rows", _coverage_rows),
    Column("Coverage", lambda c: f"Warning: {c.warning}" if c.warning else "Covered (a Green row)"),
]


class CoverageModel(RecordTableModel[DutyCoverage]):
    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 2 and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            warn = bool(self.record(index.row()).warning)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#FCE8B2" if warn else "#C8E6C9"))
            return QBrush(QColor("#5A3E00" if warn else "#0B4F12"))
        return super().data(index, role)


class CoverageDialog(QDialog):
    """Each section-4 duty and the rows that evidence it, with a warning where no row is Green or none exists."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Duties coverage")
        self.setObjectName("coverageDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Section 4 says these duties are monitored through the action plan. Each duty should be evidenced by "
            "at least one row rated Green.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = CoverageModel(COVERAGE_COLUMNS)
        self.table = _table(self.model, self, "Duties coverage")
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton("C&hoose rows for this duty…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        close = QPushButton("&Close", self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.descriptions = {d.id: d.description for d in plan.duties(session)}
        self.reload()
        self.resize(900, 420)

    def reload(self) -> None:
        self.model.set_rows(plan.coverage(self.session))
        self.table.resizeColumnsToContents()
        if self.table.columnWidth(1) > 480:
            self.table.setColumnWidth(1, 480)
        self.table.resizeRowsToContents()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # the stretched last column has its width only once shown

    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "Duties coverage", "Select a duty first.")
            return
        duty = self.model.record(rows[0].row())
        items = [
            (r.id, f"{r.no}. {r.area} — {r.action or 'no action yet'}", duty.duty_id in r.duties)
            for r in plan.rows(self.session)
        ]
        dialog = ChecklistDialog(
            "Rows evidencing a duty",
            f"{duty.title}: {self.descriptions.get(duty.duty_id, '')}\n\nTick the rows that evidence this duty.",
            items,
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            plan.set_duty_rows(self.session, duty.duty_id, dialog.checked())
            self.reload()


REVIEW_COLUMNS: list[Column[Review]] = [
    Column("Reviewed on", lambda r: uk_date(r.reviewed_on)),
    Column("Reviewer", lambda r: r.reviewer),
    Column("Notes", lambda r: r.notes),
]
