"""Text bound for a spreadsheet: the one rule against formula injection ("CSV injection"), and its inverse.

A spreadsheet (Excel, LibreOffice, Google Sheets) treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` as
a formula, and strips a leading tab or carriage return before looking. A contact note such as
``=HYPERLINK("http://…")`` or ``=cmd|'/C calc'!A0`` would then run when the DSO opens the export. Every export
that a spreadsheet may open (the contacts CSV, the contacts vCard — address books convert it to CSV —, the
action-plan CSV) passes each text value through ``neutralise``.

``neutralise`` puts an apostrophe in front of such a value; it also doubles a value that already begins with an
apostrophe followed by one of those characters or another apostrophe, so the mapping can be undone without
ambiguity: ``restore(neutralise(x)) == x`` for every ``x``. Import (contacts CSV and vCard) applies ``restore``
to every value it reads, so an exported file imports back exactly as it was. ``restore`` leaves every other
value alone, so a hand-made file with "'Tis" keeps its apostrophe, and a cell a person wrote as "'+44 800 …"
(the apostrophe Excel users type to keep a number as text) is read as "+44 800 …".

``dialable=True`` is for a vCard ``TEL`` value only: a number made of digits and the separators the contact
rules accept (``+``, space, brackets, ``-``) cannot call a function, and an apostrophe in front of "+44 …" would
stop a phone dialling it; anything else in a ``TEL`` is neutralised like any other text.
"""

from __future__ import annotations

import re

FORMULA_STARTS = frozenset("=+-@\t\r")
PREFIX = "'"
_DIALABLE = re.compile(r"^\+?[0-9][0-9 ()-]*$")


def needs_neutralising(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula, or when it would be mistaken for a neutralised
    value (an apostrophe followed by a formula character or another apostrophe)."""
    if text[:1] in FORMULA_STARTS:
        return True
    return text[:1] == PREFIX and (text[1:2] in FORMULA_STARTS or text[1:2] == PREFIX)


def neutralise(text: str, *, dialable: bool = False) -> str:
    """The value as it goes into a cell: prefixed with an apostrophe when a spreadsheet would run it."""
    if dialable and _DIALABLE.match(text):
        return text
    return PREFIX + text if needs_neutralising(text) else text


def restore(text: str) -> str:
    """The inverse of ``neutralise``, for a value read back from an export (or a hand-made file)."""
    if text[:1] == PREFIX and (text[1:2] in FORMULA_STARTS or text[1:2] == PREFIX):
        return text[1:]
    return text
