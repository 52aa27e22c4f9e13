"""A keyboard that counts: every key a person presses to do something, sent through Qt as a keyboard sends it
(to the widget that has the focus, whichever that is).

One count per key pressed: a character is one key, plus Shift for a capital or a shifted symbol on a UK keyboard;
a chord counts each of its keys (Ctrl+Enter is two, Alt+O is two). Auto-repeat is never used."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

# Characters a UK keyboard types with Shift.
SHIFTED = set('!"£$%^&*()_+{}:@~<>?|')
MODIFIER_KEYS = (
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.MetaModifier,
)


def keys_for(text: str) -> int:
    """How many key presses typing ``text`` takes."""
    return sum(1 + (ch.isupper() or ch in SHIFTED) for ch in text)


class Keyboard:
    """Sends keys to the focus widget and counts them (``presses``); ``log`` says what was pressed, in order."""

    def __init__(self) -> None:
        self.presses = 0
        self.log: list[str] = []

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, f"no widget has the focus after {self.log}"
        return widget

    def key(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
            times: int = 1) -> None:
        held = sum(1 for m in MODIFIER_KEYS if modifiers & m)
        for _ in range(times):
            QTest.keyClick(self.focus(), key, modifiers)
            if held:  # an Alt+letter "clicks" a button after Qt's 100 ms animation: wait as a person would
                QTest.qWait(150)
            self.presses += 1 + held
            self.log.append(key.name.removeprefix("Key_") if not held else f"{held}+{key.name.removeprefix('Key_')}")

    def type(self, text: str) -> None:
        for ch in text:
            QTest.keyClicks(self.focus(), ch)
        self.presses += keys_for(text)
        self.log.append(repr(text))
