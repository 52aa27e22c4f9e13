"""Keyboard, screen readers and small screens (issue 15), checked on every window, dialog and menu the app opens
(tests/helpers/windows.py), each built with a real vault through the real controller:

* mnemonics (Alt+letter) are unique within each window and within each menu;
* every control and focus stop has an accessible name (read through ``QAccessible``, as a screen reader reads it),
  every field has a label (``setBuddy``: a labelled-by relation), and a label's name is its text;
* Tab leaves every table, every control is reached by Tab, and Tab follows the reading order;
* at 1366×768 every window fits the screen and each button and field lies inside its window, uncut;
* at 150 % and 200 % text nothing is clipped and every window still fits the screen (content scrolls).

Each window is built once per text size and every check runs on it. Known failures in windows another branch is
rewriting are listed in ``KNOWN`` by (check, window) and that window's test is marked
``xfail(strict=True, raises=KnownProblems)``: only those checks may fail; a problem in any other check fails the
test, and so does a listed check that passes (the fix has landed: remove its entry).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

from prevent_desktop.ui import a11y
from prevent_desktop.ui.a11y import ElidedLabel
from tests.helpers.windows import MENUS, WINDOWS, Screen, Walk
from tests.support.screen import WORK_AREA

# Windows draws a frame round each window; offscreen Qt reports a 2 px one. A window's own area must leave room for
# a real one (the policy's allowance, ui/a11y.py DEFAULT_FRAME: left, top = title bar, right, bottom).
FRAME = a11y.DEFAULT_FRAME
TOLERANCE = 6  # px: widgets on one row differ by a few pixels

DRAFTS = "another branch is rewriting this window; fix after merge"
# (check, screen) -> what is wrong. Only windows another branch is rewriting may be listed: they are marked
# xfail(strict=True), so the test fails once the fix lands and the entry must go. (The wizard's and Log a concern's
# entries went with the wizard branch: labels above their fields, forms that scroll, labels read as their text.)
KNOWN: dict[tuple[str, str], str] = {}


def no_problems(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)




# -- what a window holds ----------------------------------------------------------------------------------------
def shown(window: QWidget) -> Iterator[QWidget]:
    """The widgets of ``window`` that are shown (not in a hidden page or tab, not another window)."""
    for w in window.findChildren(QWidget):
        if w.window() is window and w.isVisibleTo(window):
            yield w


def inner_part(w: QWidget) -> bool:
    """A piece of a composite control (a spin box's or combo's line edit, a scroll bar, a header)."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return True
        parent = parent.parentWidget()
    return isinstance(w, QScrollBar | QHeaderView | QMenuBar | QTabBar)


def describe(w: QWidget) -> str:
    text = ""
    if isinstance(w, QAbstractButton | QLabel):
        text = w.text()
    elif isinstance(w, QGroupBox):
        text = w.title()
    name = w.objectName() or ""
    return f"{type(w).__name__}({name!r}, {text[:50]!r})" if text else f"{type(w).__name__}({name!r})"


def accessible(w: QWidget, which: QAccessible.Text = QAccessible.Text.Name) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    assert iface is not None and iface.isValid(), describe(w)
    return " ".join(iface.text(which).split())


def tab_stops(window: QWidget) -> list[QWidget]:
    """What Tab should reach: shown, enabled widgets that take focus by Tab (one radio button per group)."""
    stops: list[QWidget] = []
    for w in shown(window):
        if inner_part(w) or not w.isEnabled() or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if w.focusProxy() is not None:
            continue
        if isinstance(w, QRadioButton) and w.group() is not None and not w.isChecked() and any(
            b.isChecked() for b in w.group().buttons()
        ):
            continue
        stops.append(w)
    return stops


def interactive(window: QWidget) -> list[QWidget]:
    """Controls a screen reader lists: every button (the clear buttons too), field, list and focus stop."""
    kinds = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit)
    return [w for w in shown(window) if not inner_part(w) and (
        isinstance(w, kinds) or w.focusPolicy() & Qt.FocusPolicy.TabFocus)]


def layout_rect(w: QWidget, window: QWidget) -> QRect:
    """``w``'s rectangle in ``window``'s coordinates as laid out, whatever a scroll area is scrolled to."""
    x = y = 0
    current: QWidget | None = w
    while current is not None and current is not window:
        parent = current.parentWidget()
        scroller = parent.parentWidget() if parent is not None else None
        content_of_scroll = isinstance(scroller, QScrollArea) and scroller.widget() is current
        if not content_of_scroll:
            x, y = x + current.x(), y + current.y()
        current = parent
    return QRect(x, y, w.width(), w.height())


# -- mnemonics ---------------------------------------------------------------------------------------------------
def mnemonic_sources(window: QWidget) -> list[tuple[str, str]]:
    """(letter, what) for every Alt+letter the window registers: buttons, labels with a buddy, group boxes, tabs,
    menu-bar titles."""
    found: list[tuple[str, str]] = []
    for w in shown(window):
        if isinstance(w, QAbstractButton) and not isinstance(w.parentWidget(), QMenuBar | QTabBar):
            found.append((a11y.mnemonic(w.text()), describe(w)))
        elif isinstance(w, QLabel) and w.buddy() is not None:
            found.append((a11y.mnemonic(w.text()), describe(w)))
        elif isinstance(w, QGroupBox):
            found.append((a11y.mnemonic(w.title()), describe(w)))
        elif isinstance(w, QTabBar):
            found += [(a11y.mnemonic(w.tabText(i)), f"tab {w.tabText(i)!r}") for i in range(w.count())]
        elif isinstance(w, QMenuBar):
            found += [(a11y.mnemonic(a.text()), f"menu {a.text()!r}") for a in w.actions() if a.isVisible()]
    return [(letter, what) for letter, what in found if letter]


def clashes(sources: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, what in sources:
        by_letter.setdefault(letter, []).append(what)
    return {letter: whats for letter, whats in by_letter.items() if len(whats) > 1}


@pytest.mark.parametrize("screen", MENUS, ids=str)
def test_mnemonics_are_unique_within_each_menu(walk: Walk, screen: Screen) -> None:
    menu: QMenu = walk.open(screen)
    sources = [(a11y.mnemonic(a.text()), a.text()) for a in menu.actions() if a.isVisible() and a.text()]
    assert all(letter for letter, _text in sources), sources  # every item has one
    assert clashes(sources) == {}


def test_the_clashes_found_before_are_caught() -> None:
    """Today's main window had Alt+V on the Vault menu and on "Review o&verdue"; the check sees such a pair."""
    assert clashes([("v", "menu '&Vault'"), ("v", "QCheckBox('Review o&verdue')"), ("c", "x")]) == {
        "v": ["menu '&Vault'", "QCheckBox('Review o&verdue')"]
    }
    assert a11y.mnemonic("Save && close") == "" and a11y.mnemonic("Sa&ve") == "v"


# -- names and labels --------------------------------------------------------------------------------------------
def unnamed(window: QWidget) -> list[str]:
    """Controls and focus stops a screen reader would announce with no name."""
    return [f"no name: {describe(w)}" for w in interactive(window) if not accessible(w)]


def _plain(text: str) -> str:
    return " ".join(text.split())


def hidden_label_text(window: QWidget) -> list[str]:
    """Labels a screen reader does not read as they read: the accessible name must hold the label's text (it may add
    to it: "Number: 01634 822 386"), or the text must be the description. A short name such as "Error message"
    hides what the label says."""
    hidden = []
    for label in (w for w in shown(window) if isinstance(w, QLabel) and w.text().strip()):
        says = _plain(a11y.plain_text(label))
        name, description = accessible(label), accessible(label, QAccessible.Text.Description)
        if says not in name and says != description:
            hidden.append(f"label read as {name!r}: {describe(label)}")
    return hidden


def unlabelled(window: QWidget) -> list[str]:
    """Editable fields no label is the buddy of (a screen reader's "labelled by" relation)."""
    found = []
    for w in shown(window):
        if inner_part(w) or not w.isEnabled():
            continue
        editable = isinstance(w, QComboBox | QAbstractSpinBox) or (
            isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit) and not w.isReadOnly()
        )
        if editable and not QAccessible.queryAccessibleInterface(w).relations(QAccessible.RelationFlag.Label):
            found.append(f"no label: {describe(w)}")
    return found


def colour_only(window: QWidget) -> list[str]:
    """Table cells given a colour (RAG, overdue, stale) must say in words what the colour means."""
    found = []
    for view in (w for w in shown(window) if isinstance(w, QAbstractItemView) and not inner_part(w)):
        model = view.model()
        if model is None or isinstance(view, QHeaderView):
            continue
        columns = 1 if not hasattr(view, "isColumnHidden") else model.columnCount(view.rootIndex())
        for row in range(min(model.rowCount(view.rootIndex()), 200)):
            for column in range(columns):
                index = model.index(row, column, view.rootIndex())
                coloured = any(index.data(role) is not None for role in (
                    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole))
                if coloured and not str(index.data(Qt.ItemDataRole.DisplayRole) or "").strip():
                    found.append(f"colour with no words: {describe(view)} row {row} column {column}")
    return found


def mnemonic_clashes(window: QWidget) -> list[str]:
    return [f"Alt+{letter.upper()}: {' / '.join(whats)}" for letter, whats in clashes(mnemonic_sources(window)).items()]


# -- the keyboard ------------------------------------------------------------------------------------------------
def tab_cycle(qtbot: Any, window: QWidget, limit: int = 300) -> list[QWidget]:
    """Press Tab from the focus widget until focus comes back to it (or leaves the window): the stops in order.
    Tab that stays on a widget for a few presses (a date edit moving from day to month) is not a new stop."""
    if not tab_stops(window):
        return []
    window.activateWindow()
    first = QApplication.focusWidget()
    if first is None or first.window() is not window:
        window.focusNextChild()
        first = QApplication.focusWidget()
    assert first is not None, "nothing in the window takes the focus"
    order, stayed = [first], 0
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is order[-1] and stayed < 8:
            stayed += 1
            continue
        stayed = 0
        if now is None or now is first or now.window() is not window:
            break
        order.append(now)
    return order


def table_traps(qtbot: Any, window: QWidget) -> list[str]:
    """Tables Tab does not leave, and tables that show no current cell when they get the focus by Tab."""
    problems = []
    for view in (w for w in tab_stops(window) if isinstance(w, QAbstractItemView)):
        view.setFocus(Qt.FocusReason.TabFocusReason)
        model = view.model()
        if model is not None and model.rowCount(view.rootIndex()) > 0 and not view.currentIndex().isValid():
            problems.append(f"no current cell on focus: {describe(view)}")
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is view:
            problems.append(f"Tab stays in {describe(view)}")
    return problems


def scroll_areas(w: QWidget, window: QWidget) -> list[QWidget]:
    """The scroll areas holding ``w``, outermost first."""
    found = []
    parent = w.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            found.insert(0, parent)
        parent = parent.parentWidget()
    return found


def compared(a: QWidget, b: QWidget, window: QWidget) -> tuple[QRect, QRect]:
    """Where ``a`` and ``b`` are, for reading order: inside the scroll areas they share, as laid out (whatever the
    scrolling); a widget in a scroll area the other is not in counts as that scroll area (its visible part)."""
    outer_a, outer_b = scroll_areas(a, window), scroll_areas(b, window)
    shared = 0
    while shared < min(len(outer_a), len(outer_b)) and outer_a[shared] is outer_b[shared]:
        shared += 1
    a = outer_a[shared] if len(outer_a) > shared else a
    b = outer_b[shared] if len(outer_b) > shared else b
    return layout_rect(a, window), layout_rect(b, window)


def backwards(a: QRect, b: QRect) -> str:
    """"up" or "left" when going from ``a`` to ``b`` goes against the reading order; "" otherwise. Up into a column
    to the right (``b`` starts right of where ``a`` ends) is reading order."""
    if b.top() < a.top() - TOLERANCE and b.left() < a.right() - TOLERANCE:
        return "up"
    same_row = b.top() < a.bottom() - TOLERANCE and a.top() < b.bottom() - TOLERANCE
    if same_row and b.right() <= a.left() + TOLERANCE:
        return "left"
    return ""


def tab_order_problems(qtbot: Any, window: QWidget) -> list[str]:
    """Focus stops Tab never reaches, and steps against the reading order. Round the whole ring of stops exactly
    one step goes back (from the last stop to the first); more than one means Tab jumps back somewhere."""
    order = tab_cycle(qtbot, window)
    problems = [f"not reached by Tab: {describe(w)}" for w in tab_stops(window) if w not in order]
    if not order:
        return problems
    steps = []
    for before, after in itertools.pairwise([*order, order[0]]):
        way = backwards(*compared(before, after, window))
        if way:
            steps.append(f"Tab goes back {way}: {describe(before)} -> {describe(after)}")
    if len(steps) > 1:
        problems += steps
    return problems


# -- fit ---------------------------------------------------------------------------------------------------------
def outermost_scroller(w: QWidget, window: QWidget) -> QWidget:
    """``w``, or the outermost scroll area holding it (what must be on screen for ``w`` to be reachable)."""
    result, parent = w, w.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            result = parent
        parent = parent.parentWidget()
    return result


def cut_off(window: QWidget) -> list[str]:
    """Buttons and fields outside the window, cut by a parent, or smaller than they need to show their text."""
    problems = []
    inside = window.rect()
    for w in interactive(window):
        target = outermost_scroller(w, window)
        rect = QRect(target.mapTo(window, target.rect().topLeft()), target.size())
        if not inside.contains(rect):
            problems.append(f"{describe(w)} at {rect.getRect()} outside the window {inside.getRect()}")
            continue
        for area in scroll_areas(w, window):  # an axis a scroll area never scrolls must show the widget whole
            box = layout_rect(w, area.widget())
            fixed_h = area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            fixed_v = area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if (fixed_h and box.right() >= area.viewport().width()) or (
                    fixed_v and box.bottom() >= area.viewport().height()):
                problems.append(f"{describe(w)} cut off by a scroll area that does not scroll that way")
        parent = w.parentWidget()
        if parent is not None and not isinstance(parent.parentWidget(), QAbstractScrollArea):
            if not parent.rect().contains(w.geometry()) and not isinstance(parent, QAbstractScrollArea):
                problems.append(f"{describe(w)} cut by its parent {describe(parent)}")
        if isinstance(w, QAbstractButton) and not isinstance(w, QToolButton) and w.text():
            need = w.minimumSizeHint()
            if w.width() < need.width() or w.height() < need.height():
                problems.append(f"{describe(w)} is {w.width()}x{w.height()}, needs {need.width()}x{need.height()}")
    return problems


def clipped_labels(window: QWidget) -> list[str]:
    problems = []
    for label in (w for w in shown(window) if isinstance(w, QLabel | QCheckBox | QRadioButton)):
        if isinstance(label, QLabel) and (not label.text() or (label.pixmap() is not None and not label.text())):
            continue
        if isinstance(label, ElidedLabel):  # shortens itself by design; its full text is its name and tooltip
            if label.accessibleName() != label.full_text():
                problems.append(f"{describe(label)}: its accessible name is not its full text")
            continue
        if isinstance(label, QLabel) and label.wordWrap():
            need_height = label.heightForWidth(label.width())
            if need_height > label.height() + 1:
                problems.append(f"{describe(label)}: {label.height()} px high, its text needs {need_height}")
        else:
            need = label.sizeHint()
            if need.width() > label.width() + 1 or need.height() > label.height() + 1:
                problems.append(f"{describe(label)}: {label.width()}x{label.height()}, needs "
                                f"{need.width()}x{need.height()}")
    return problems


def off_screen(window: QWidget) -> list[str]:
    """The window with a Windows frame round it (title bar included) must lie inside the screen's work area."""
    area = window.screen().availableGeometry()
    framed = window.geometry().adjusted(-FRAME[0], -FRAME[1], FRAME[2], FRAME[3])
    if area.contains(framed):
        return []
    need = window.minimumSizeHint().expandedTo(window.minimumSize())
    return [f"window with its frame {framed.getRect()} is outside the screen's work area {area.getRect()} "
            f"(it cannot shrink below {need.width()}x{need.height()})"]


def test_the_tests_run_on_a_1366x768_laptop_screen(qapp: QApplication) -> None:
    area = qapp.primaryScreen().availableGeometry()
    assert (area.width(), area.height()) == WORK_AREA, "run the tests with the test command (offscreen)"


@pytest.fixture
def text_scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    """The application's text ``request.param`` times its normal size (as a user's 150 % or 200 % text setting
    makes it) while the test's windows are built."""
    font = QFont(qapp.font())
    bigger = QFont(font)
    bigger.setPointSizeF(font.pointSizeF() * request.param)
    qapp.setFont(bigger)
    yield request.param
    qapp.setFont(font)


# -- the walk ---------------------------------------------------------------------------------------------------
class KnownProblems(AssertionError):
    """Problems listed in ``KNOWN``: the only failure an xfail mark here expects (any other fails the test)."""


def judge(screen: Screen, results: dict[str, list[str]]) -> None:
    """Fail on any problem not in ``KNOWN``, and on a ``KNOWN`` entry that no longer fails (fixed: remove it);
    raise ``KnownProblems`` (the marked, expected failure) when only known problems remain."""
    unexpected = [f"[{check}] {p}" for check, found in results.items() if (check, screen.id) not in KNOWN
                  for p in found]
    fixed = [f"[{check}] fixed: remove its KNOWN entry" for check, found in results.items()
             if (check, screen.id) in KNOWN and not found]
    no_problems(unexpected + fixed)
    known = [f"[{check}] {p}" for check, found in results.items() if (check, screen.id) in KNOWN for p in found]
    if known:
        raise KnownProblems("\n".join(known))


def walk_params(checks: tuple[str, ...], scales: tuple[tuple[float, str], ...] = ((1.0, ""),)) -> list[Any]:
    out = []
    for scale, pct in scales:
        for s in WINDOWS:
            keys = [f"{check} {pct}".strip() for check in checks]
            why = [KNOWN[(k, s.id)] for k in keys if (k, s.id) in KNOWN]
            marks = [pytest.mark.xfail(strict=True, raises=KnownProblems, reason=f"{DRAFTS}: {'; '.join(why)}")]
            values = (scale, s) if pct else (s,)
            out.append(pytest.param(*values, id=f"{pct}-{s.id}" if pct else s.id, marks=marks if why else ()))
    return out


@pytest.mark.parametrize("screen", walk_params(("screen reader", "fit", "keyboard")))
def test_every_window_for_screen_readers_keyboards_and_a_1366x768_screen(walk: Walk, screen: Screen) -> None:
    """Screen reader: every control and focus stop has a name, every field a label, every label is read as it
    reads, no two Alt+letters in the window are the same, no table cell speaks by colour alone. Fit: the window
    (with a title bar) is inside the 1366×768 laptop's work area and each button and field lies inside the window,
    uncut. Keyboard: Tab leaves every table (arrow keys move within it), a table given the focus shows its current
    cell, and Tab reaches every control in reading order."""
    window = walk.open(screen)
    results = {
        "screen reader": mnemonic_clashes(window) + unnamed(window) + hidden_label_text(window)
        + unlabelled(window) + colour_only(window),
        "fit": off_screen(window) + cut_off(window),
    }
    results["keyboard"] = table_traps(walk.qtbot, window) + tab_order_problems(walk.qtbot, window)  # moves focus
    judge(screen, results)


@pytest.mark.parametrize(("text_scale", "screen"), walk_params(("text",), ((1.5, "150%"), (2.0, "200%"))),
                         indirect=["text_scale"])
def test_large_text_is_never_clipped_and_windows_still_fit(text_scale: float, walk: Walk, screen: Screen) -> None:
    """At 150 % and 200 % text no label, check box or button is cut and every window still fits the screen (what
    cannot shrink scrolls)."""
    window = walk.open(screen)
    pct = f"{round(text_scale * 100)}%"
    judge(screen, {f"text {pct}": off_screen(window) + cut_off(window) + clipped_labels(window)})


def test_judge_fails_on_a_new_problem_and_on_a_known_one_that_is_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """What keeps the xfail marks honest: only the listed checks may fail, and a listed check that passes fails.
    (``KNOWN`` is empty now; the test lists an entry of its own.)"""
    monkeypatch.setitem(KNOWN, ("keyboard", WINDOWS[0].id), "a listed problem (this test's own)")
    check, screen_id = next(key for key in KNOWN if key[0] != "fit")
    known_screen = next(s for s in WINDOWS if s.id == screen_id)
    with pytest.raises(KnownProblems):
        judge(known_screen, {check: ["a known problem"], "fit": []})
    with pytest.raises(AssertionError) as new:
        judge(known_screen, {check: ["a known problem"], "fit": ["a new problem"]})
    assert not isinstance(new.value, KnownProblems) and "[fit] a new problem" in str(new.value)
    with pytest.raises(AssertionError) as fixed:
        judge(known_screen, {check: []})
    assert not isinstance(fixed.value, KnownProblems) and "fixed: remove its KNOWN entry" in str(fixed.value)
    judge(next(s for s in WINDOWS if not any(key[1] == s.id for key in KNOWN)), {"fit": []})
