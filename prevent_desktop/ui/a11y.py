"""Keyboard, screen-reader and small-screen rules that hold for every window, in one place.

``install(app)`` puts one ``WindowPolicy`` on the application, as a ``QProxyStyle`` over its own style (the
controller does it before the first window; the main window too, for code that builds it alone). As Qt polishes
each widget, before it is first shown, the policy applies the rules a widget's own code would otherwise have to
remember:

* **Tab never traps.** Every table, tree and list has ``tabKeyNavigation`` off: arrow keys move within it, Tab
  and Shift+Tab leave it (Qt's ``QTableView`` default wraps Tab from cell to cell, so the buttons after a table
  could not be reached by Tab).
* **Visible focus in every table and grid.** On focus from the keyboard a view with no current cell gets one (the
  first, selected), and a focused view has a highlighted border (``FOCUS_STYLE``).
* **No unnamed focus stop.** A scroll area with no accessible name takes no focus (its contents still do, and Qt
  scrolls them into view), so a screen reader never lands on a nameless "scroll pane".
* **Named clear buttons.** A line edit's clear button is named "Clear" (it has no text of its own).
* **Windows fit what they hold.** A dialog shorter than its contents need at its width (large text, or an error
  that has just appeared) grows to fit them.
* **Windows fit the screen.** A window is shrunk and moved, before it is first shown, so that its frame lies inside the
  screen's available area (a dialog sized for a big monitor otherwise hangs off a 1366×768 laptop screen, with its
  Save and Close buttons out of reach). Its minimum size is its layout's: content that cannot shrink scrolls.

Errors and warnings are announced (``announce``, ``AlertLabel``): Qt's ``QAccessibleAnnouncementEvent`` where the
Qt version has it (6.8+), else an Alert event on the label. A label's accessible name is its text (no short
"Error message" name that hides what it says).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QWidget

if TYPE_CHECKING:  # made when first needed: PySide6 builds each binding type at its first use, 0.5-4 ms each
    from PySide6.QtWidgets import QAbstractItemView, QScrollArea, QToolButton

log = logging.getLogger(__name__)

FOCUS_STYLE = (
    "QTableView:focus, QTreeView:focus, QListView:focus { border: 2px solid palette(highlight); }"
)
CLEAR_BUTTON_NAME = "Clear"
# Frame allowance when the platform has not told us the window frame yet (a Windows title bar at 100 %).
DEFAULT_FRAME = (8, 32, 8, 8)  # left, top, right, bottom
_KEYBOARD_FOCUS = {
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
    Qt.FocusReason.OtherFocusReason,
    Qt.FocusReason.ActiveWindowFocusReason,
}


class WindowPolicy(QObject):
    """Applies the rules above to each widget as Qt polishes it (``PolicyStyle`` calls ``polish``), and watches
    the focus of item views; ``announced`` reports each announcement (what a screen reader is told), so it can be
    checked without one."""

    announced = Signal(QObject, str)

    def polish(self, widget: QWidget) -> None:
        try:
            if widget.isWindow():
                grow_to_fit(widget)
                fit_to_screen(widget)
                # Again at its first show, when its children are polished too (their fonts and styles set): a
                # wrapped label is only as tall as its final font makes it.
                if not widget.inherits("QMainWindow"):
                    widget.installEventFilter(self)
            # Qt's class names, not isinstance: the Python types of views, scroll areas and tool buttons are made
            # when a window first has one, not for the unlock window, which has none (start-up, issue 11).
            if widget.inherits("QAbstractItemView"):
                _polish_view(cast("QAbstractItemView", widget))
                widget.installEventFilter(self)  # its focus-in (below): only views pay for the filter
            elif widget.inherits("QScrollArea"):
                _polish_scroll_area(cast("QScrollArea", widget))
            elif widget.inherits("QToolButton") and _inherits(widget.parent(), "QLineEdit"):
                _polish_clear_button(cast("QToolButton", widget))
        except Exception as exc:  # a rule must never take the window down with it
            log.error("window policy: %s on %s", type(exc).__name__, type(widget).__name__)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
            obj.removeEventFilter(self)  # the first show only
            try:
                grow_to_fit(obj)
                fit_to_screen(obj)
            except Exception as exc:  # an error in an event filter would abort the application
                log.error("window policy: %s on %s", type(exc).__name__, type(obj).__name__)
        elif event.type() == QEvent.Type.FocusIn and obj.inherits("QAbstractItemView"):
            try:
                _ensure_current(cast("QAbstractItemView", obj), event)
            except Exception as exc:  # an error in an event filter would abort the application
                log.error("window policy: %s on %s", type(exc).__name__, type(obj).__name__)
        return False


class PolicyStyle(QProxyStyle):
    """The application's own style with the policy added: Qt calls a style's ``polish`` once for every widget
    before it is first shown (widgets with a style sheet too: their style forwards to this one), so the rules cost
    nothing per event."""

    def __init__(self, base: str, rules: WindowPolicy) -> None:
        super().__init__(base)
        self.rules = rules

    def polish(self, target: Any) -> Any:  # polish(QWidget), polish(QApplication), polish(QPalette) -> QPalette
        result = super().polish(target)
        if isinstance(target, QWidget):
            self.rules.polish(target)
        return result


def install(app: QApplication | None = None) -> WindowPolicy | None:
    """Put the policy on the application once (later calls return the same one); None without an application.
    Call it before the first window is made."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return None
    existing = policy(app)
    if existing is not None:
        return existing
    rules = WindowPolicy(app)
    rules.setObjectName("windowPolicy")
    app.setStyle(PolicyStyle(app.style().name(), rules))
    return rules


def policy(app: QObject | None = None) -> WindowPolicy | None:
    app = app or QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    style = app.style()
    return style.rules if isinstance(style, PolicyStyle) else None


# -- the rules ----------------------------------------------------------------------------------------------------
def _inherits(obj: QObject | None, class_name: str) -> bool:
    return obj is not None and obj.inherits(class_name)


def _polish_view(view: QAbstractItemView) -> None:
    view.setTabKeyNavigation(False)
    if view.focusPolicy() != Qt.FocusPolicy.NoFocus and FOCUS_STYLE not in view.styleSheet():
        view.setStyleSheet(f"{view.styleSheet()}\n{FOCUS_STYLE}".strip())


def _first_index(view: QAbstractItemView) -> QModelIndex:
    model = view.model()
    if model is None:
        return QModelIndex()
    root = view.rootIndex()
    for row in range(model.rowCount(root)):
        if _row_hidden(view, row):
            continue
        columns = 1 if view.inherits("QListView") else model.columnCount(root)  # a list's model hides columnCount
        for column in range(columns):
            if _column_hidden(view, column):
                continue
            index = model.index(row, column, root)
            if index.flags() & Qt.ItemFlag.ItemIsEnabled:
                return index
        return QModelIndex()
    return QModelIndex()


def _row_hidden(view: QAbstractItemView, row: int) -> bool:
    hidden = getattr(view, "isRowHidden", None)
    if hidden is None:
        return False
    try:
        return bool(hidden(row))
    except TypeError:  # QTreeView.isRowHidden(row, parent)
        return bool(hidden(row, view.rootIndex()))


def _column_hidden(view: QAbstractItemView, column: int) -> bool:
    hidden = getattr(view, "isColumnHidden", None)
    return bool(hidden(column)) if hidden is not None else False


def _ensure_current(view: QAbstractItemView, event: QEvent) -> None:
    """Focus from the keyboard always shows where it is: the first cell becomes current (and selected)."""
    reason = event.reason() if isinstance(event, QtGui.QFocusEvent) else Qt.FocusReason.OtherFocusReason
    if reason not in _KEYBOARD_FOCUS or view.currentIndex().isValid() or view.selectionModel() is None:
        return
    index = _first_index(view)
    if index.isValid():
        view.setCurrentIndex(index)  # selects it too, by the view's selection behaviour


def _polish_scroll_area(area: QScrollArea) -> None:
    if not area.accessibleName():
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def _polish_clear_button(button: QToolButton) -> None:
    if not button.accessibleName():
        button.setAccessibleName(CLEAR_BUTTON_NAME)
    if not button.toolTip():
        button.setToolTip("Clear the text")


def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` as wide as its layout would like and tall enough for what it holds at that width (wrapped
    text included), when it is smaller: a dialog sized for normal text is too small for large text, or once an
    error appears in it. ``fit_to_screen`` then keeps it on the screen (a main window's pages scroll instead)."""
    layout = window.layout()
    if layout is None or window.inherits("QMainWindow"):
        return
    layout.activate()
    wide = layout.totalSizeHint().width()  # e.g. a form in a scroll area, wider with large text
    if wide > window.width():
        QWidget.resize(window, wide, window.height())
    if layout.hasHeightForWidth():
        need = layout.totalHeightForWidth(window.width())
    else:
        need = layout.totalMinimumSize().height()
    if need > window.height():
        QWidget.resize(window, window.width(), need)


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` (never below its minimum size) and move it so that it and its frame are inside its
    screen's available area. The frame is what the platform reports, but at least ``DEFAULT_FRAME`` (a platform
    may not know it before the window is first shown)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    reported = (inner.left() - frame.left(), inner.top() - frame.top(), frame.right() - inner.right(),
                frame.bottom() - inner.bottom())
    left, top, right, bottom = (max(r, d) for r, d in zip(reported, DEFAULT_FRAME, strict=True))
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = min(window.width(), max(area.width() - left - right, minimum.width()))
    height = min(window.height(), max(area.height() - top - bottom, minimum.height()))
    if (width, height) != (window.width(), window.height()):
        QWidget.resize(window, width, height)  # QWidget's own (a subclass may have a resize() of its own)
    x = max(min(inner.x(), area.left() + area.width() - right - width), area.left() + left)
    y = max(min(inner.y(), area.top() + area.height() - bottom - height), area.top() + top)
    if (x, y) != (inner.x(), inner.y()):
        QWidget.move(window, x - reported[0], y - reported[1])  # move() places the frame


# -- announcements ------------------------------------------------------------------------------------------------
def announce(widget: QObject, text: str, *, assertive: bool = True) -> Any:
    """Tell a screen reader ``text`` now (an error or a warning: assertive interrupts what it is reading).
    Returns the accessibility event sent."""
    accessible = QtGui.QAccessible
    announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)  # Qt 6.8+
    if announcement is not None:
        event = announcement(widget, text)
        politeness = accessible.AnnouncementPoliteness
        event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    else:  # pragma: no cover - Qt before 6.8: an alert on the widget, whose name is its text
        event = QtGui.QAccessibleEvent(widget, accessible.Event.Alert)
    accessible.updateAccessibility(event)
    current = policy()
    if current is not None:
        current.announced.emit(widget, text)
    return event


class AlertLabel(QLabel):
    """A label for an error or a warning (or, with ``assertive=False``, a status message): its text is announced
    when it appears or changes while shown (once per turn of the event loop: ``setText`` then ``show`` is one
    announcement). Its accessible name is its text. Forms use it as a promoted QLabel (``<customwidgets>``)."""

    def __init__(self, *args: Any, assertive: bool = True) -> None:
        super().__init__(*args)
        self._pending = False
        self.assertive = assertive
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._schedule()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if visible:
            self._schedule()

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._announce)

    def _announce(self) -> None:
        self._pending = False
        if self.text() and self.isVisible():
            window = self.window()
            if window is not self:
                grow_to_fit(window)  # the message is read in full, not cut off by a window sized without it
                fit_to_screen(window)
            announce(self, plain_text(self), assertive=self.assertive)


class ElidedLabel(QLabel):
    """One line that shortens itself in the middle ("/home/…/vault") when there is no room, instead of making its
    window too wide to fit the screen (a long path at 200 % text). The full text stays in its accessible name and
    tooltip."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> Any:
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), self.fontMetrics().horizontalAdvance("…") * 12))
        return hint

    def sizeHint(self) -> Any:
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self._full) + 2 * self.margin() + 4)
        return hint

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, max(self.width() - 4, 0))
        QLabel.setText(self, shown if self.width() > 0 else self._full)


def plain_text(label: QLabel) -> str:
    """What a label says, as a screen reader reads it (rich text and mnemonics removed)."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    ):
        doc = QtGui.QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    elif label.buddy() is not None:
        text = strip_mnemonic(text)
    return text


def strip_mnemonic(text: str) -> str:
    """"Sa&ve && close" -> "Save & close"."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "&" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def mnemonic(text: str) -> str:
    """The Alt+ letter a text gives ("Sa&ve" -> "v"); "" when it has none ("&&" is a literal ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return ""
