"""Page furniture with a very long organisation name (issue 13, Low): fitting the header is bounded work — the
text considered is capped and the cut is bisected — so a 20,000-character name costs what a short one does.
Work is counted (stringWidth calls and characters measured), never timed."""

from __future__ import annotations

import subprocess
from datetime import datetime
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics

from prevent_desktop.reports import flowables, page
from prevent_desktop.reports.fonts import FONT_REGULAR, register_fonts
from prevent_desktop.reports.page import FURNITURE_MAX_CHARS, DocumentMeta, build_pdf, fit
from prevent_desktop.reports.styles import default_styles

LONG_NAME = ("Kent and Medway Training Partnership for Apprentices " * 400)[:20_000]
SHORT_NAME = "MKC Training Services Ltd"


class Counter:
    def __init__(self, real: Any) -> None:
        self.real, self.calls, self.chars = real, 0, 0

    def __call__(self, text: str, *args: Any, **kwargs: Any) -> float:
        self.calls += 1
        self.chars += len(text)
        return float(self.real(text, *args, **kwargs))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter:
    register_fonts()
    counter = Counter(page.stringWidth)
    monkeypatch.setattr(page, "stringWidth", counter)
    return counter


def test_fit_of_a_20000_character_name_is_a_few_short_measurements(counted: Counter) -> None:
    shown = fit(LONG_NAME, FONT_REGULAR, 8, 240)
    assert shown.endswith("…") and LONG_NAME.startswith(shown[:-1])
    assert pdfmetrics.stringWidth(shown, FONT_REGULAR, 8) <= 240
    assert counted.calls <= 10  # bisection over at most FURNITURE_MAX_CHARS characters: ~log2(200) + 1
    assert counted.chars <= 10 * (FURNITURE_MAX_CHARS + 1)
    # The longest prefix that fits: one more character would not.
    longer = LONG_NAME[: len(shown)].rstrip() + "…"
    assert pdfmetrics.stringWidth(longer, FONT_REGULAR, 8) > 240 or len(shown) - 1 >= FURNITURE_MAX_CHARS


def test_short_text_is_kept_whole(counted: Counter) -> None:
    assert fit(SHORT_NAME, FONT_REGULAR, 8, 240) == SHORT_NAME
    assert counted.calls == 1


def _document(name: str) -> bytes:
    meta = DocumentMeta(title="Policy register", organisation=name, generated_at=datetime(2026, 11, 26, 14, 5))
    return build_pdf(meta, [flowables.para("One paragraph.", default_styles().body)])


def test_a_20000_character_organisation_name_costs_what_a_short_one_does(counted: Counter) -> None:
    _document(SHORT_NAME)
    short = (counted.calls, counted.chars)
    counted.calls = counted.chars = 0
    pdf = _document(LONG_NAME)
    assert counted.calls <= short[0] + 12 and counted.chars <= short[1] + 12 * (FURNITURE_MAX_CHARS + 1)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    header = next(line for line in text.decode().splitlines() if "Kent and Medway" in line)
    assert "…" in header and len(header.strip()) < FURNITURE_MAX_CHARS + len("Policy register") + 20


def test_a_long_unbreakable_right_to_left_word_wraps_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    register_fonts()
    counter = Counter(pdfmetrics.stringWidth)
    monkeypatch.setattr(pdfmetrics, "stringWidth", counter)
    word = "سلام" * 2_500  # 10,000 characters with no space
    lines = flowables._wrap_logical(word, FONT_REGULAR, 9, 200)
    assert "".join(lines) == word and len(lines) > 10
    assert counter.chars <= 2 * len(word) + 10  # one measurement per character, not per prefix
