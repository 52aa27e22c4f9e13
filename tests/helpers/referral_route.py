"""A whole referral typed with the keyboard, for a 16-year-old learner: the same answers whatever the wizard
asks, so the keys it takes (``tests/helpers/keys.py``) compare one version of the wizard with another.

What a person does on each page: Tab to each question still empty (a pre-filled answer is kept), type the answer
(a yes/no list takes its first letter), move on (Enter in a one-line field or a list, Alt+N in a multi-line
field), and on the completeness page Tab to "Mark referral ready" and Space.

Only widgets the wizard shows are used, through the focus, so the route runs on an older wizard too (one that
asked points 8, 10 and 11 again and left the referrer empty): there every question it asks is answered with the
same text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from tests.helpers.keys import Keyboard

# Field id -> answer (a yes/no question: (letter, explanation)). The DSO's own details are in the profile.
ANSWERS: dict[str, Any] = {
    "addresses": "1 Synthetic Road, Testtown (current)",
    "parent_carer_details": "Mother: Ann Haddad, 07700 900123",
    "parent_carer_discussions": ("y", "Spoke to her mother on 16/03."),
    "parental_support": "Mother is supportive.",
    "describe_concerns": "Said violence against a group was justified.",
    "complex_needs": "Dyslexia (known).",
    "referrer_forename": "Sam",
    "referrer_surname": "Example",
    "referrer_role_organisation": "Designated Safeguarding Officer, MKC Training Services Ltd",
    "referrer_relationship": "DSO at her college",
    "referrer_phone": "020 7946 0999",
    "referrer_email": "sam.example@example.org",
    "discussed_with_lead": ("y", "I am the lead."),
    "individual_informed": ("n", "Police advice first."),
    "direct_action_taken": ("n", "None yet."),
    "others_informed": ("y", "Her mother."),
    "parallel_mash": ("y", "Made the same day."),
    "parallel_mash_date": "16/03/2026",
    "parallel_mash_reference": "MASH-123",
}
# Annex B2 point -> answer; a point that is a field of the form has that field's answer.
POINTS: dict[int, str] = {
    1: "Tutor heard it in class.", 2: "In class on 16/03.", 3: "Repeated it twice.", 4: "Praised a banned group.",
    5: "None known.", 6: "None known.", 7: "None known.", 8: ANSWERS["complex_needs"], 9: "None known.",
    10: "Spoke to her mother on 16/03.", 11: ANSWERS["parental_support"], 12: "Extremist ideology.",
    13: "Further radicalisation.",
}
DSO_PROFILE = {"user_name": "Sam Example", "dso_role": "Designated Safeguarding Officer",
               "dso_phone": "020 7946 0999", "dso_email": "sam.example@example.org"}


def tab_to(keys: Keyboard, widget: QWidget, limit: int = 80) -> None:
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        keys.key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName() or type(widget).__name__}: {keys.log[-10:]}")


def move_on(keys: Keyboard, wizard: Any) -> None:
    """Enter from a one-line field or a list; Alt+N (Next) from a multi-line field, where Enter is a new line (the
    wizard's Ctrl+Enter is as many keys)."""
    before = wizard.currentId()
    if isinstance(QApplication.focusWidget(), QPlainTextEdit):
        keys.key(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    else:
        keys.key(Qt.Key.Key_Return)
    assert wizard.currentId() != before, f"did not move on from {wizard.currentPage().title()}: {keys.log[-6:]}"


def empty(widget: QWidget) -> bool:
    if isinstance(widget, QPlainTextEdit):
        return not widget.toPlainText().strip()
    if isinstance(widget, QLineEdit):
        return not widget.text().strip()
    return False


def answer(keys: Keyboard, editor: Any) -> None:
    value = ANSWERS.get(editor.field.id)
    if value is None:
        return
    widget = editor.widget
    if isinstance(value, tuple):  # yes/no and explanation
        choice = widget.answer
        if choice.currentData():
            return
        tab_to(keys, choice)
        keys.type(value[0])
        assert isinstance(choice, QComboBox) and choice.currentData() == {"y": "yes", "n": "no"}[value[0]]
        tab_to(keys, widget.text)
        keys.type(value[1])
        return
    if not empty(widget):
        return  # filled in already (from the concern, the person record or the profile): kept
    tab_to(keys, widget)
    keys.type(value)


def fill_referral(wizard: Any, keys: Keyboard) -> None:
    """From the wizard just opened to the referral marked ready."""
    danger = wizard.safety.danger
    if not (danger.yes.isChecked() or danger.no.isChecked()):  # asked again
        tab_to(keys, danger.yes)
        keys.key(Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # N&o
        assert danger.no.isChecked()
    move_on(keys, wizard)
    for page in wizard.sections:
        assert wizard.currentPage() is page, (wizard.currentPage().title(), page.title())
        for editor in page.editors:
            if editor.widget.isVisibleTo(page):
                answer(keys, editor)
        move_on(keys, wizard)
    points = wizard.points
    assert wizard.currentPage() is points
    for no, (_label, edit, _p) in sorted(points.points.items()):
        if edit.isVisibleTo(points) and empty(edit):
            tab_to(keys, edit)
            keys.type(POINTS[no])
    move_on(keys, wizard)
    complete = wizard.complete
    assert wizard.currentPage() is complete
    tab_to(keys, complete.mark_ready)
    keys.key(Qt.Key.Key_Space)
