"""The in-app viewer for files kept in the vault (action-plan evidence, case attachments): images, PDFs and text are
shown from memory (nothing is written to disk to show them). Anything else is offered to its caller's ``other``
action: the action plan opens it in another program through the private folder wiped on lock; a case attachment
is saved out only when asked, after a warning that the saved copy is not encrypted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

MAX_PDF_PAGES = 30
UNENCRYPTED_WARNING = (
    "The saved copy is NOT encrypted: anyone who can open the folder you choose can read it. Save it only "
    "somewhere kept as safely as the vault, and delete it when you are done. The file stays, encrypted, in the "
    "vault."
)


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


def unencrypted_warning(parent: QWidget, name: str) -> QMessageBox:
    """The question asked before a kept file is saved out (Cancel is the default)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Save an unencrypted copy?",
                      f"Save a copy of {name} outside the vault?\n\n{UNENCRYPTED_WARNING}", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    save = box.addButton("&Save unencrypted copy…", QMessageBox.ButtonRole.AcceptRole)
    save.setObjectName("saveCopyButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def ask_unencrypted(parent: QWidget, name: str) -> bool:
    box = unencrypted_warning(parent, name)
    box.exec()
    return box.clickedButton() is box.findChild(QPushButton, "saveCopyButton")


class FileViewer(QDialog):
    """One kept file, shown from memory. ``other`` (label, action) is the button offered for a kind the app cannot
    show; ``kind`` says what was shown: "image", "pdf", "text" or "other"."""

    def __init__(self, name: str, mime: str, data: bytes, parent: QWidget | None = None, *, title: str,
                 what: str = "File", other: tuple[str, str, Callable[[], object]] | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.data = data
        self.what = what
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        heading = QLabel(name, self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.other_button: QPushButton | None = None
        self.kind = self._show(mime, data, layout, other)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(820, 640)

    def _scroll(self, content: QWidget, name: str) -> QScrollArea:
        scroll = QScrollArea(self)
        scroll.setAccessibleName(name)
        scroll.setWidget(content)
        return scroll

    def _show(self, mime: str, data: bytes, layout: QVBoxLayout,
              other: tuple[str, str, Callable[[], object]] | None) -> str:
        if mime.startswith("image/"):
            image = QImage.fromData(data)
            if not image.isNull():
                label = QLabel(self)
                label.setPixmap(QPixmap.fromImage(image))
                label.setAccessibleName(f"{self.what} image")
                layout.addWidget(self._scroll(label, f"{self.what} image"), 1)
                return "image"
        if mime == "application/pdf" or data[:5] == b"%PDF-":
            try:
                pages = pdf_pages(data)
            except Exception:  # a damaged PDF: fall through to the other way
                pages = []
            if pages:
                holder = QWidget(self)
                column = QVBoxLayout(holder)
                for i, image in enumerate(pages, start=1):
                    label = QLabel(holder)
                    label.setPixmap(QPixmap.fromImage(image))
                    label.setAccessibleName(f"Page {i}")
                    column.addWidget(label)
                layout.addWidget(self._scroll(holder, f"{self.what} pages"), 1)
                return "pdf"
        if mime.startswith("text/") or mime in ("application/json", "application/xml"):
            text = QPlainTextEdit(self)
            text.setReadOnly(True)
            text.setPlainText(data.decode("utf-8", errors="replace"))
            text.setAccessibleName(f"{self.what} text")
            layout.addWidget(text, 1)
            return "text"
        if other is not None:
            explanation, button_text, action = other
            note = QLabel(explanation, self)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            layout.addWidget(note)
            self.other_button = QPushButton(button_text, self)
            self.other_button.clicked.connect(lambda _checked=False: action())
            layout.addWidget(self.other_button)
        layout.addStretch(1)
        return "other"


class SaveCopy:
    """"Save a copy…" for a kept file: the warning (Cancel by default), then where to save it, then the write and
    the caller's record of it (``saved``: audit, chronology). The two questions are hooks tests replace."""

    confirm: Callable[[QWidget, str], bool] = staticmethod(  # type: ignore[assignment,unused-ignore]
        lambda parent, name: ask_unencrypted(parent, name)
    )
    choose_target: Callable[[QWidget, str], str] = staticmethod(  # type: ignore[assignment,unused-ignore]
        lambda parent, name: QFileDialog.getSaveFileName(parent, "Save an unencrypted copy", name)[0]
    )

    def __init__(self, parent: QWidget, name: str, data: bytes, saved: Callable[[Path], object]) -> None:
        self.parent, self.name, self.data, self.saved = parent, name, data, saved

    def __call__(self) -> Path | None:
        if not type(self).confirm(self.parent, self.name):
            return None
        chosen = type(self).choose_target(self.parent, self.name)
        if not chosen:
            return None
        target = Path(chosen)
        self.saved(target)
        return target
