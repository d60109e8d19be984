"""The emergency words at the foot of every page: 10 pt at least, whole, never cut.

The short disclaimer ("in an emergency call 911, in a crisis call or text
988") and the clinic's crisis line print in every page footer. They used to
print at 8 pt and were cut with "…" when long (the Spanish A4 handout lost
the crisis number itself). Now the footer wraps them at 10 pt and grows to
hold them; words that would take more than two lines are refused, saying
what to shorten. Large print's 14 pt footer is tested in test_large_print.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    SPANISH_WORDS,
    build_into,
    handout,
    library,
    long_handout,
    pdf_layout,
    section,
    write_content,
)
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine
from pypdf import PdfReader
from tagcheck import read

from handouts.api import open_project
from handouts.diagnostics import Severity
from handouts.formats import FORMATS
from handouts.layouts.footer import EMERGENCY_SIZE
from handouts.options import RenderOptions

ENGLISH = (
    "For education only, not medical advice; in an emergency call 911, "
    "in a crisis call or text 988."
)
SPANISH = (
    "Solo para informarle, no es consejo médico; en una emergencia llame al 911, "
    "en una crisis llame o envíe un texto al 988."
)
# Two lines on a letter handout, three on a booklet page: refused there only.
TWO_LINES = (
    "This sheet is for learning only and is not medical advice from your doctor; in an "
    "emergency call 911 now, and in a crisis call or text 988 at any hour of the day."
)
CRISIS = "Crisis line: call or text 988 at any time."
ARABIC = (
    "للتعليم فقط وليست نصيحة طبية؛ في حالة الطوارئ اتصل بالرقم 911، "
    "وفي الأزمة اتصل أو أرسل رسالة إلى 988. وإذا كان لديك سؤال فاتصل بالعيادة."
)

FOOTED = ("handout", "bifold")  # the formats whose pages carry this footer


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _lines(path: Path, page: int) -> list[tuple[LTTextLine, list[LTChar]]]:
    out = []
    for box in pdf_layout(path)[page]:  # parsed once for all its pages' calls
        if isinstance(box, LTTextContainer):
            for line in box:
                if isinstance(line, LTTextLine):
                    chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                    out.append((line, chars))
    return out


def footer_words(path: Path, page: int, words: str) -> list[tuple[LTTextLine, list[LTChar]]]:
    """The lines at the page's foot that hold the footer's emergency words, in
    reading order (a booklet sheet's left footer first), each top first."""
    wanted = _squeeze(words)
    found = [
        (ln, cs)
        for ln, cs in _lines(path, page)
        if ln.y0 < 100 and len(cs) > 3 and _squeeze(ln.get_text()) in wanted
    ]
    return sorted(found, key=lambda item: (item[0].x0 >= 396, -item[0].y0))


def _baselines(found) -> dict[int, tuple[float, float]]:
    """(left, right) of each printed line, by baseline."""
    out: dict[int, tuple[float, float]] = {}
    for _, chars in found:
        for c in chars:
            y = round(c.matrix[5])  # the baseline (fonts differ in descent)
            left, right = out.get(y, (c.x0, c.x1))
            out[y] = (min(left, c.x0), max(right, c.x1))
    return out


def _pages_with_footer(path: Path, fmt: str) -> list[int]:
    pages = len(PdfReader(path).pages)
    return [1] if fmt == "bifold" else list(range(pages))  # a booklet's inside sheet


def _spanish(**words: str) -> dict:
    return {"es": {**SPANISH_WORDS["es"], **words}}


CASES = [
    # (format, paper, language, short disclaimer, crisis line)
    ("handout", "letter", "en", ENGLISH, None),
    ("handout", "a4", "en", ENGLISH, None),
    ("handout", "letter", "es", SPANISH, None),
    ("handout", "a4", "es", SPANISH, None),
    ("handout", "letter", "en", TWO_LINES, None),
    ("handout", "letter", "en", ENGLISH, CRISIS),
    ("bifold", "letter", "en", ENGLISH, None),
    ("bifold", "a4", "es", SPANISH, None),
    ("bifold", "letter", "en", ENGLISH, CRISIS),
]


@pytest.mark.parametrize(("fmt", "paper", "lang", "short", "crisis"), CASES)
def test_every_page_footer_prints_the_whole_emergency_words_at_10_pt(
    tmp_path, fmt, paper, lang, short, crisis
):
    clinic = {"disclaimer_short": ENGLISH if lang == "es" else short}
    if lang == "es":
        clinic["translations"] = _spanish(disclaimer_short=short)
    if crisis:
        clinic["crisis_line"] = crisis
    h = long_handout("long", 6) if fmt == "handout" else handout("fold", formats=[fmt])
    h["language"] = lang
    report = build_into(tmp_path, library(h, **clinic), paper=paper)
    assert not [d for d in report.diagnostics if d.severity == Severity.ERROR], report.diagnostics
    path = report.outputs[0].path
    words = short + (crisis or "")
    pages = _pages_with_footer(path, fmt)
    assert fmt == "bifold" or len(pages) >= 2
    for page in pages:
        found = footer_words(path, page, words)
        text = "".join(_squeeze(ln.get_text()) for ln, _ in found)
        # Whole (a booklet sheet has two footers, side by side: each whole).
        assert text == _squeeze(words) * (2 if fmt == "bifold" else 1), (page, text)
        assert "\u2026" not in text
        sizes = {round(c.size, 2) for _, chars in found for c in chars}
        assert min(sizes) >= EMERGENCY_SIZE, sizes  # sizes rounded: 9.999999 is 10
        if crisis:
            crisis_chars = [c for _, cs in found for c in cs if c.get_text() in "Crisis"]
            assert any("Bold" in c.fontname for c in crisis_chars)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("short", [ENGLISH, TWO_LINES])
def test_the_text_stops_above_the_footer_however_many_lines_it_takes(tmp_path, paper, short):
    report = build_into(
        tmp_path, library(long_handout("long", 8), disclaimer_short=short), paper=paper
    )
    path = report.outputs[0].path
    for page in range(len(PdfReader(path).pages)):
        found = footer_words(path, page, short)
        footer_top = max(ln.y1 for ln, _ in found)
        body = [ln for ln, cs in _lines(path, page) if ln.y0 > footer_top + 1 and cs]
        lowest = min(ln.y0 for ln in body)
        # The rule sits between them, with room on both sides.
        assert lowest - footer_top >= 12, (page, lowest, footer_top)
        lines = _baselines(found)
        assert len(lines) == (1 if short == ENGLISH else 2)
        # Two lines are balanced: no line of the instructions stands as a last word.
        widths = [right - left for left, right in lines.values()]
        assert min(widths) >= 0.6 * max(widths), widths


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_footer_is_as_tall_as_its_words_and_the_frames_start_above_it(tmp_path, paper):
    """On the plan: one line keeps the page's old frames; two cost one line of text."""
    options = RenderOptions(paper=paper)
    for short, lines in ((ENGLISH, 1), (TWO_LINES, 2)):
        content = write_content(
            tmp_path / str(lines), library(handout("a"), disclaimer_short=short)
        )
        project, _ = open_project(content)
        h = project.library.handouts[0]
        plan = FORMATS["handout"].lay_out(h, project.theme_for(h, options), options)
        bottoms = {box.y for page in plan.pages for box in page.frames.values()}
        assert bottoms == {72.0 + 12.0 * (lines - 1)}, (short, bottoms)


LONG = TWO_LINES + " Our team answers the phone every day, and a nurse calls you back soon."


@pytest.mark.parametrize(
    ("lang", "field"),
    [("en", "clinic.disclaimer_short"), ("es", "clinic.translations.es.disclaimer_short")],
)
@pytest.mark.parametrize("fmt", FOOTED)
def test_emergency_words_too_long_for_two_lines_are_refused_saying_what_to_shorten(
    tmp_path, fmt, lang, field
):
    h = handout("fold", formats=[fmt], language=lang)
    clinic = {"disclaimer_short": LONG if lang == "en" else ENGLISH}
    if lang == "es":
        clinic["translations"] = _spanish(disclaimer_short=LONG)
    report = build_into(tmp_path, library(h, **clinic))
    errors = [str(d) for d in report.diagnostics if d.severity == Severity.ERROR]
    assert len(errors) == 1, report.diagnostics
    line = errors[0]
    assert "content.yaml:" in line and f"{field}:" in line, line  # the field to shorten
    assert "the short disclaimer takes" in line
    assert "lines in the page footer at 10 pt" in line and "there is room for 2" in line
    assert "characters fit" in line
    assert report.outputs == []


def test_a_booklet_page_is_narrower_so_only_the_bifold_refuses_three_lines(tmp_path):
    h = handout("both", formats=["handout", "bifold"])
    report = build_into(tmp_path, library(h, disclaimer_short=TWO_LINES))
    errors = [str(d) for d in report.diagnostics if d.severity == Severity.ERROR]
    assert len(errors) == 1 and "bifold" in errors[0], errors
    assert [o.path.name for o in report.outputs] == ["both.pdf"]


@pytest.mark.parametrize("fmt", ["handout", "trifold", "bifold", "large-print"])
def test_the_crisis_line_is_tagged_content_in_every_format(tmp_path, fmt):
    """The footers are furniture a screen reader skips: the fine print reads it out."""
    h = handout("crisis", formats=[fmt] if fmt != "large-print" else ["handout"])
    report = build_into(
        tmp_path, library(h, crisis_line=CRISIS), formats=(fmt,) if fmt == "large-print" else ()
    )
    path = next(o.path for o in report.outputs)
    tree = read(path)
    tagged = _squeeze(tree.text(tree.root))
    assert _squeeze(CRISIS) in tagged, fmt


# (format, the footer's left and right edges on letter, room for the page total):
# large print's 6 in column hangs from the right margin on a right-to-left page.
MIRRORED = [("handout", 54, 558, 20), ("large-print", 108, 540, 30)]


@pytest.mark.parametrize(("fmt", "margin", "right", "slot"), MIRRORED)
def test_a_right_to_left_footer_is_mirrored(tmp_path, fmt, margin, right, slot):
    words = {"disclaimer_short": ARABIC, "disclaimer": ARABIC}
    h = handout("rtl", section("اليد", "اغسل يديك كثيرًا بالماء والصابون."), language="ar")
    report = build_into(tmp_path, library(h, translations={"ar": words}), formats=(fmt,))
    path = report.outputs[0].path
    lines = _baselines(footer_words(path, 0, ARABIC))
    assert len(lines) == 2, lines  # the words wrap at the footer's width: each line
    # Each line ends at the right edge, ragged on the left.
    assert all(abs(r - right) < 2 for _, r in lines.values()), lines
    assert max(left for left, _ in lines.values()) > margin + 20, lines
    # "Page 1 of 1" sits at the left, the reading end of an Arabic line: its words
    # end the line, with the total (a form filled in later) in the slot before them.
    low = [ln for ln, cs in _lines(path, 0) if ln.y0 < 45 and cs]
    page = next(ln for ln in low if "صفحة" in ln.get_text())
    assert margin <= page.x0 < margin + slot, page
    # Which handout this is, and its review date, at the right, the id first (rightmost).
    bottom = _baselines([(ln, cs) for ln, cs in _lines(path, 0) if ln.y0 < 45])
    assert abs(max(r for _, r in bottom.values()) - right) < 2, bottom
    ids = [c for ln, cs in _lines(path, 0) if ln.y0 < 45 for c in cs if c.get_text() in "rtl"]
    assert ids and min(c.x0 for c in ids) > right - 30, [c.x0 for c in ids]


def test_the_catalogue_footer_prints_the_emergency_words_at_10_pt(tmp_path):
    report = build_into(tmp_path, library(handout("a"), handout("b"), disclaimer_short=SPANISH))
    catalogue = tmp_path / "out" / "catalogue.pdf"
    assert report.outputs
    for page in range(len(PdfReader(catalogue).pages)):
        found = footer_words(catalogue, page, SPANISH)
        assert "".join(_squeeze(ln.get_text()) for ln, _ in found) == _squeeze(SPANISH)
        assert min(round(c.size, 2) for _, cs in found for c in cs) >= EMERGENCY_SIZE


FIRST_SENTENCE = "This handout is general information, not medical advice."  # helpers.CLINIC


@pytest.mark.parametrize("short", [ENGLISH, None])  # None: the disclaimer's first sentence
@pytest.mark.parametrize("fmt", ["handout", "large-print"])
def test_untranslated_emergency_words_keep_their_own_direction_on_a_mirrored_page(
    tmp_path, fmt, short
):
    """The clinic's English words in an Arabic handout: at the right margin, but read
    left to right, their full stop at their end (not '.For education ...')."""
    h = handout("rtl", section("اليد", "اغسل يديك كثيرًا بالماء والصابون."), language="ar")
    clinic = {"disclaimer_short": short} if short else {}
    report = build_into(tmp_path, library(h, **clinic), formats=(fmt,))
    path = report.outputs[0].path
    words = short or FIRST_SENTENCE
    lines = _baselines(footer_words(path, 0, words))
    assert lines, "the footer's words"
    chars = [
        c
        for ln, cs in footer_words(path, 0, words)
        for c in cs
        if round(c.matrix[5]) == min(lines)  # the last line of the words
    ]
    last = max(chars, key=lambda c: c.x1)
    assert last.get_text() == ".", "".join(c.get_text() for c in sorted(chars, key=lambda c: c.x0))
