"""The page footer of every paged document: the emergency words, what it is, Page N of M.

The short disclaimer carries the emergency instructions ("in an emergency
call 911, in a crisis call or text 988"), and the clinic's crisis line
follows it: a patient in trouble reads them at the foot of any page, so they
print at 10 pt at least, wrapped over the footer's full width and never cut
short. The footer is as tall as they need: each layout asks
`footer_height` before it places its frames, and `footer_problem` refuses
words that would take more than `MAX_LINES` lines. Under them, in smaller
type, which handout this is and when it was reviewed (or a booklet's page
label), and "Page N of M" at the reading end.

All of it is page furniture (an artifact for screen readers): the fine
print at the end of the document carries the same words as tagged content.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from math import inf

from ..engine import layout
from ..engine.direction import needs_bidi
from ..engine.scripts import Fallback
from ..labels import Labels
from ..model import Handout
from ..plan import Box
from ..render.document import PAGE_TOTAL_FORM, LayoutProblem
from ..render.primitives import Canvas, stringWidth
from ..render.tagging import FOOTER, marked
from ..render.textflow import draw_line, draw_text, face_of, text_lines, text_width
from ..theme import Theme

EMERGENCY_SIZE = 10.0  # pt: the short disclaimer and crisis line, never smaller
EMERGENCY_LEAD = 12.0
NOTE_SIZE = 8.0  # the handout's id and review date: for staff
PAGE_SIZE = 9.0  # "Page N of M"
MAX_LINES = 2  # of emergency words: past this the footer would crowd the page
# One line of emergency words over the note line, the rule above them, and the
# gap to the text frame: what today's footers always had room for.
BASE_HEIGHT = 36.0


def emergency_lines(theme: Theme, width: float) -> tuple[layout.Line, ...]:
    """The short disclaimer (in the text colour) then the crisis line (bold, in
    the brand colour), broken to `width` at 10 pt: as many lines as they take."""
    fonts, pal, clinic = theme.fonts, theme.colors, theme.clinic
    # Right to left on such a page, unless the clinic's words print untranslated
    # (the field they come from: the short disclaimer, else the disclaimer).
    field = clinic.footer_disclaimer_loc(theme.language)[-1]
    own = theme.word_language(str(field)) is None
    return _balanced(
        (clinic.footer_disclaimer, fonts.regular, pal.text),
        (clinic.crisis_line, fonts.bold, pal.primary),
        theme.language,
        theme.fallback,
        width,
        "rtl" if theme.rtl and own else "auto",
    )


@functools.lru_cache(maxsize=256)
def _balanced(
    disclaimer: tuple, crisis: tuple, language: str, fallback: Fallback, width: float, way: str
) -> tuple[layout.Line, ...]:
    """The lines, as even as their count allows: two lines of 60 % and 40 % read as
    one instruction, where a full line and a last word ("al 988.") read as two.
    Cached: every page of every handout of a brand draws the same footer."""
    spans = [_span(*disclaimer)]
    if crisis[0]:
        spans.append(_span("  " + crisis[0], *crisis[1:], weight="bold"))

    def lines(at: float) -> tuple[layout.Line, ...]:
        options = layout.Options(at, language, fallback=fallback, hyphenate=False, direction=way)
        return tuple(layout.layout(spans, options).lines)

    best = lines(width)
    narrow, wide = width / 2, width  # the narrowest width that keeps the count
    for _ in range(8):
        middle = (narrow + wide) / 2
        if len(lines(middle)) <= len(best):
            wide = middle
        else:
            narrow = middle
    return best if len(best) < 2 else lines(wide)


def _span(text: str, font: str, paint, weight: str = "regular") -> layout.Span:
    style = layout.TextStyle(face_of(font), EMERGENCY_SIZE, paint, weight=weight)
    return layout.Span(text, layout.interned(style))


def footer_height(theme: Theme, width: float) -> float:
    """Points from the footer's baseline to the bottom of the text frame above it."""
    lines = min(len(emergency_lines(theme, width)), MAX_LINES)
    return BASE_HEIGHT + EMERGENCY_LEAD * (max(lines, 1) - 1)


def footer_problem(theme: Theme, width: float) -> LayoutProblem | None:
    """What to shorten when the emergency words need more lines than the footer has."""
    taken = len(emergency_lines(theme, width))
    if taken <= MAX_LINES:
        return None
    clinic = theme.clinic
    what = (
        "the short disclaimer and the crisis line take"
        if clinic.crisis_line
        else ("the short disclaimer takes")
    )
    return LayoutProblem(
        clinic.footer_disclaimer_loc(theme.language),
        f"{what} {taken} lines in the page footer at "
        f"{EMERGENCY_SIZE:g} pt (the smallest emergency words print); there is room "
        f"for {MAX_LINES}",
        f"shorten it to the emergency instructions: about {_room_in_characters(theme, width)} "
        "characters fit (it prints on every page; the full disclaimer is at the end)",
    )


def _room_in_characters(theme: Theme, width: float) -> int:
    """Roughly how many characters of the brand's text fill MAX_LINES lines."""
    sample = "the quick brown fox jumps over the lazy dog "
    per_char = text_width(sample, theme.fonts.regular, EMERGENCY_SIZE) / len(sample)
    return int(MAX_LINES * width / per_char * 0.9)


def draw_footer(
    canv: Canvas,
    theme: Theme,
    handout: Handout,
    box: Box,
    page_label: str | None = None,
) -> None:
    """A handout's footer. A booklet page passes its own `page_label` (the PDF
    page number is not the booklet's)."""
    draw_page_footer(canv, theme, review_line(handout, theme.labels), box, page_label)


def draw_page_footer(
    canv: Canvas,
    theme: Theme,
    note: str,
    box: Box,
    page_label: str | None = None,
) -> None:
    """The footer of any document in `box` (its baseline at `box.y`): mirrored,
    reading end first, when the words are right to left."""
    with marked(canv, FOOTER):
        _footer(canv, theme, note, box, page_label)


def _footer(
    canv: Canvas,
    theme: Theme,
    note: str,
    box: Box,
    page_label: str | None,
) -> None:
    pal, fonts, labels, fb = theme.colors, theme.fonts, theme.labels, theme.fallback
    words = emergency_lines(theme, box.width)[:MAX_LINES]  # footer_problem refused more
    rtl = theme.rtl  # mirrored: the words from the right, the page number at the left
    start, end = (box.right, box.x) if rtl else (box.x, box.right)
    canv.saveState()
    top = box.y + EMERGENCY_LEAD * (len(words) + 1)
    canv.setStrokeColor(pal.rule)
    canv.setLineWidth(0.75)
    canv.line(box.x, top, box.right, top)
    for i, line in enumerate(words):
        draw_line(canv, line, start, top - EMERGENCY_LEAD * (i + 1), rtl)
    canv.setFillColor(pal.muted)
    way = "rtl" if rtl else "auto"  # the handout's id opens the note, at its reading start
    for line in text_lines(note, fonts.regular, NOTE_SIZE, inf, theme.language, fb, way):
        draw_line(canv, line, start, box.y + 1, rtl)
    canv.setFillColor(pal.primary)
    if page_label:
        draw_text(canv, page_label, fonts.bold, PAGE_SIZE, end, box.y + 1, not rtl, fallback=fb)
    else:
        page = labels.page_number(canv.getPageNumber())
        draw_page_number(canv, page, labels, fonts.bold, PAGE_SIZE, end, box.y + 1, fb, rtl)
    canv.restoreState()


def draw_page_number(
    canv: Canvas,
    page: str,
    labels: Labels,
    font: str,
    size: float,
    at: float,
    y: float,
    fallback: Fallback,
    left: bool = False,
) -> None:
    """ "Page N of " in the page's language (shaped, in its script's font), then the
    total, a form filled in when the page count is known: after the words in the
    reading direction (to their left in Arabic or Hebrew). Ends at `at`, or
    starts there when `left` (a right-to-left footer's page number)."""
    # The engine sets a line without its trailing space ("Page 1 of "): add it back.
    trailing = len(page) - len(page.rstrip())
    words_w = text_width(page, font, size, fallback) + trailing * stringWidth(" ", font, size)
    total_w = stringWidth("99", font, size)
    canv.saveState()
    if needs_bidi(page):
        right = at + words_w + total_w if left else at
        draw_text(canv, page, font, size, right, y, True, fallback=fallback)
        canv.translate(right - words_w - total_w, y)
    else:
        start = at if left else at - page_width(labels, font, size, fallback)
        draw_text(canv, page, font, size, start, y, fallback=fallback)
        canv.translate(start + words_w, y)
    canv.doForm(PAGE_TOTAL_FORM)
    canv.restoreState()


def page_width(labels: Labels, font: str, size: float, fallback: Fallback | None = None) -> float:
    """Room for "Page 99 of 99": the page number's words and the widest total."""
    return text_width(labels.page_number(99), font, size, fallback) + stringWidth("99", font, size)


def review_line(handout: Handout, labels: Labels) -> str:
    """Which handout this is and when a clinician last checked it."""
    reviewed = labels.reviewed.format(date=labels.date(handout.reviewed))
    return f"{handout.id}  \u00b7  {reviewed}"


def page_total_drawer(theme: Theme, size: float = PAGE_SIZE) -> Callable[[Canvas, int], None]:
    """Draws the page total of "Page n of N", at the footer's page-number size.

    Set by the engine like the words before it, so the document embeds one
    subset of the bold face, not a second one (ReportLab's) for the digits.
    """

    # Its slot is two digits wide: right to left, the total ends next to the words
    # ("صفحة 1 من 2"), not a digit's width away from them.
    end = stringWidth("99", theme.fonts.bold, size) if theme.rtl else 0.0

    def draw(canv: Canvas, total: int) -> None:
        canv.setFillColor(theme.colors.primary)
        text = str(total)
        draw_text(canv, text, theme.fonts.bold, size, end, 0, theme.rtl, theme.fallback)

    return draw
