"""Page furniture drawn in page callbacks: header band, running header, footer.

All of it is decoration or pagination (artifacts for screen readers), except
the band's words, which are content read first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..engine.direction import needs_bidi
from ..engine.scripts import Fallback
from ..labels import Labels
from ..model import Handout
from ..places import BandPlace
from ..plan import Box
from ..render.document import PAGE_TOTAL_FORM, LayoutProblem
from ..render.primitives import Canvas, colors, stringWidth
from ..render.tagging import DECORATION, FOOTER, HEADER, Tag, marked
from ..render.textflow import draw_line, draw_text, shrink_to_fit, text_width
from ..theme import Theme

# ------------------------------------------------------------------ page furniture


def contact_summary(theme: Theme) -> list[str]:
    c = theme.clinic.contact
    website = c.website.split("://", 1)[-1].rstrip("/") if c.website else None
    return [v for v in (c.phone, website, c.address) if v]


def draw_logo_badge(canv: Canvas, theme: Theme, x: float, y: float, size: float) -> None:
    """The logo on a white rounded tile, so it reads on the brand colour.

    The logo is a Figure when the clinic gave it alt text, else decoration
    (the clinic's name is always printed beside it).
    """
    if theme.logo is None:
        return
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.roundRect(x, y, size, size, 6, stroke=0, fill=1)
    alt = theme.clinic.logo_alt
    figure = Tag("Figure", alt=alt, lang=theme.word_language("logo_alt"))
    with marked(canv, figure if alt else DECORATION):
        theme.logo.draw(canv, x + 4, y + 4, size - 8, size - 8)
    canv.restoreState()


@dataclass(frozen=True)
class BandText:
    """The header band's words laid out: what draws them and what checks they fit."""

    text_x: float  # where the name and tagline start, from the band's left
    name: tuple[tuple, float]  # (lines, size)
    tagline: tuple[tuple, float]
    contacts: list  # (line, size): one each (a contact too long for one line takes two)


def band_text(theme: Theme, w: float, h: float) -> BandText:
    """The band's name, tagline and contacts, fitted to a band `w` by `h`.

    The contacts take the right of the band (at most 45 %), each stepping
    down in size (to 7.5 pt) before it wraps; the name and tagline fit what
    is left: the name shrinks first, then wraps. Nothing is cut short.
    """
    fonts, fallback = theme.fonts, theme.fallback
    text_x = BAND_PAD + (h - 2 * BAND_PAD + 12 if theme.logo is not None else 0)
    contacts = [
        (line, fitted[1])
        for i, text in enumerate(contact_summary(theme))
        for font, size in [(fonts.bold, 10.5) if i == 0 else (fonts.regular, 9.5)]
        for fitted in [shrink_to_fit(text, font, w * 0.45, size, 7.5, 1, fallback)]
        for line in fitted[0]
    ]
    contacts_w = max((line.width for line, _ in contacts), default=0.0)
    room = max(w - BAND_PAD - contacts_w - 16 - text_x, 1.0)
    tagline = theme.clinic.tagline
    tag = shrink_to_fit(tagline, fonts.regular, room, 10.5, 9, 2, fallback) if tagline else ((), 9)
    return BandText(text_x, _fit_name(theme, room), tag, contacts)


BAND_PAD = 14
CONTACT_LEADING = 13


def header_band_problem(theme: Theme, w: float, h: float) -> LayoutProblem | None:
    """What to shorten when the band's words do not fit even at their smallest sizes.

    The name may take two lines at 11 pt and the tagline two at 9 pt; the
    contacts one line each at 7.5 pt (a long one two) while they fit the
    band's height. Past that the band would overlap itself: the build
    refuses it rather than cut a word.
    """
    laid = band_text(theme, w, h)
    clinic = theme.clinic
    where = "the header band"
    beside = "or the phone, website and address beside it"
    for field, what, lines, floor in (
        ("name", "the clinic's name", laid.name[0], 11),
        ("tagline", "the tagline", laid.tagline[0], 9),
    ):
        if len(lines) > 2:
            return LayoutProblem(
                (*clinic.loc, field),
                f"{what} takes {len(lines)} lines in {where} at {floor} pt "
                "(the smallest it prints); there is room for 2",
                f"shorten clinic.{field}, {beside}",
            )
    # Centred on the band, n lines keep clear of its edge and its 3 pt accent
    # bar (cap height above, descenders below) while n * leading <= h - 5.
    if len(laid.contacts) * CONTACT_LEADING > h - 5:
        return LayoutProblem(
            (*clinic.loc, "contact"),
            f"the phone, website and address take {len(laid.contacts)} lines in {where} "
            f"at 7.5 pt (the smallest they print); there is room for "
            f"{int((h - 5) // CONTACT_LEADING)}",
            "shorten the address (the street and town are enough)",
        )
    return None


def draw_header_band(canv: Canvas, theme: Theme, x: float, y: float, w: float, h: float) -> None:
    """Page 1's branded band: logo, clinic name, tagline and quick contacts.

    The band itself is decoration (an artifact); its words are content, read
    first, and the logo is a Figure when the clinic gave it alt text (else it
    is decoration: the clinic's name is printed beside it).
    """
    pal = theme.colors
    canv.saveState()
    canv.setFillColor(pal.solid)
    if pal.outline is not None:
        canv.setStrokeColor(pal.outline)
        canv.setLineWidth(0.75)
    canv.roundRect(x, y, w, h, 6, stroke=int(pal.outline is not None), fill=1)
    canv.setFillColor(pal.accent)
    canv.rect(x, y, w, 3, stroke=0, fill=1)
    if theme.logo is not None:
        draw_logo_badge(canv, theme, x + BAND_PAD, y + BAND_PAD, h - 2 * BAND_PAD)
    canv.setFillColor(pal.on_primary)
    laid = band_text(theme, w, h)
    text_x = x + laid.text_x
    name_lines, name_size = laid.name
    # Lines that wrap are one paragraph each: a screen reader reads one name, one tagline.
    with marked(canv, Tag("P")):  # the brand name in the heading face
        for i, line in enumerate(name_lines):
            draw_line(canv, line, text_x, y + h / 2 + 4 + (len(name_lines) - 1 - i) * name_size)
    tag_lines, tag_size = laid.tagline
    if tag_lines:
        with marked(canv, Tag("P", lang=theme.word_language("tagline"))):
            for i, line in enumerate(tag_lines):
                draw_line(canv, line, text_x, y + h / 2 - 13 - i * (tag_size + 1))
    words_w = max((line.width for line in (*name_lines, *tag_lines)), default=0.0)
    top = y + h / 2 + (len(laid.contacts) * CONTACT_LEADING) / 2 - 9
    boxes = []
    right = x + w - BAND_PAD
    for i, (line, size) in enumerate(laid.contacts):  # phone, website, address: one fact each
        baseline = top - i * CONTACT_LEADING
        with marked(canv, Tag("P")):
            draw_line(canv, line, right, baseline, right=True)
        boxes.append(Box(right - line.width, baseline - 0.25 * size, line.width, 1.2 * size))
    canv.restoreState()
    record_band(canv, Box(x, y, w, h), text_x + words_w, tuple(boxes))


def record_band(canv: Canvas, band: Box, words_right: float, contacts: tuple[Box, ...]) -> None:
    """Tell the document's place recorder where page 1's band and its words are."""
    places = getattr(canv, "places", None)  # only the document's canvas records
    if places is not None:
        page = canv.getPageNumber() - 1
        places.band(BandPlace(page, band, words_right, contacts))


def _fit_name(theme: Theme, room: float) -> tuple[tuple, float]:
    """The clinic's name on one line, shrinking to 14 pt, else on two lines (down to 11 pt).

    A brand name is never cut short: past the floor it takes the lines it needs.
    """
    name, font, fallback = theme.clinic.name, theme.heads.bold, theme.fallback
    lines, size = shrink_to_fit(name, font, room, 19.0, 14.0, 1, fallback)
    if len(lines) == 1:
        return lines, size
    return shrink_to_fit(name, font, room, 16.0, 11.0, 2, fallback)


def draw_running_header(
    canv: Canvas, theme: Theme, title: str, x: float, y: float, w: float
) -> None:
    """Later pages: clinic name and title on a slim line (a pagination artifact)."""
    with marked(canv, HEADER):
        _running_header(canv, theme, title, x, y, w)


def _running_header(canv: Canvas, theme: Theme, title: str, x: float, y: float, w: float) -> None:
    pal, fonts = theme.colors, theme.fonts
    canv.saveState()
    canv.setFillColor(pal.primary)
    draw_text(canv, theme.clinic.name, fonts.bold, 9, x, y, fallback=theme.fallback)
    canv.setFillColor(pal.muted)
    draw_text(canv, _fit(title, fonts.regular, 9, w * 0.6), fonts.regular, 9, x + w, y, True)
    canv.setStrokeColor(pal.rule)
    canv.setLineWidth(0.75)
    canv.line(x, y - 6, x + w, y - 6)
    canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, or its longest prefix that fits with an ellipsis.

    A binary search: trimming one character at a time measured a 10,000
    character footer 10,000 times on every page.
    """
    if text_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits; text[:high] + "…" does not
    while high - low > 1:
        mid = (low + high) // 2
        if text_width(text[:mid] + "\u2026", font, size) <= width:
            low = mid
        else:
            high = mid
    return text[:low].rstrip() + "\u2026"


FOOTER_SIZE = 8.0


def draw_footer(
    canv: Canvas,
    theme: Theme,
    handout: Handout,
    x: float,
    y: float,
    w: float,
    page_label: str | None = None,
    number: int | None = None,
) -> None:
    """Every page: short disclaimer, id and review date, Page N of M (artifacts).

    A booklet page passes its own `page_label` (the PDF page number is not
    the booklet's); it sits on the second line, leaving the disclaimer the
    full width of a narrow page. A page drawn outside the document (the
    print station's notes page) passes its `number`.
    """
    note = review_line(handout, theme.labels)
    draw_page_footer(canv, theme, note, theme.labels, x, y, w, page_label, number)


def draw_page_footer(
    canv: Canvas,
    theme: Theme,
    note: str,
    labels: Labels,
    x: float,
    y: float,
    w: float,
    page_label: str | None = None,
    number: int | None = None,
) -> None:
    """The footer of any document: disclaimer, a note on what it is, page N of M."""
    with marked(canv, FOOTER):
        _footer(canv, theme, note, labels, x, y, w, page_label, number)


def _footer(
    canv: Canvas,
    theme: Theme,
    note: str,
    labels: Labels,
    x: float,
    y: float,
    w: float,
    page_label: str | None,
    number: int | None,
) -> None:
    pal, fonts = theme.colors, theme.fonts
    canv.saveState()
    canv.setStrokeColor(pal.rule)
    canv.setLineWidth(0.75)
    canv.line(x, y + 24, x + w, y + 24)
    canv.setFillColor(pal.muted)
    canv.setFont(fonts.regular, FOOTER_SIZE)
    label_w = 0 if page_label else max(70, page_width(labels, fonts.bold, 9, theme.fallback) + 10)
    # The crisis line takes the right end of whichever line the page number leaves free.
    crisis = theme.clinic.crisis_line
    crisis_w = text_width(crisis, fonts.bold, FOOTER_SIZE) + 12 if crisis else 0
    first_w = w - label_w - (crisis_w if page_label else 0)
    second_w = w - (0 if page_label else crisis_w)
    fb = theme.fallback
    disclaimer = _fit(theme.clinic.footer_disclaimer, fonts.regular, FOOTER_SIZE, first_w)
    draw_text(canv, disclaimer, fonts.regular, FOOTER_SIZE, x, y + 12, fallback=fb)
    line = _fit(note, fonts.regular, FOOTER_SIZE, second_w)
    draw_text(canv, line, fonts.regular, FOOTER_SIZE, x, y + 1, fallback=fb)
    if crisis:
        canv.setFillColor(pal.primary)
        at = y + (12 if page_label else 1)
        draw_text(canv, crisis, fonts.bold, FOOTER_SIZE, x + w, at, True, fallback=fb)
    canv.setFillColor(pal.primary)
    if page_label:
        draw_text(canv, page_label, fonts.bold, 9, x + w, y + 1, True, fallback=fb)
        canv.restoreState()
        return
    page = labels.page_number(number or canv.getPageNumber())
    draw_page_number(canv, page, labels, fonts.bold, 9, x + w, y + 12, theme.fallback)
    canv.restoreState()


def draw_page_number(
    canv: Canvas,
    page: str,
    labels: Labels,
    font: str,
    size: float,
    right: float,
    y: float,
    fallback: Fallback,
) -> None:
    """ "Page N of " in the page's language (shaped, in its script's font), then the
    total, a form filled in when the page count is known: after the words in the
    reading direction (to their left in Arabic or Hebrew). Ends at `right`."""
    # The engine sets a line without its trailing space ("Page 1 of "): add it back.
    trailing = len(page) - len(page.rstrip())
    words_w = text_width(page, font, size, fallback) + trailing * stringWidth(" ", font, size)
    canv.saveState()
    if needs_bidi(page):
        draw_text(canv, page, font, size, right, y, True, fallback=fallback)
        canv.translate(right - words_w - stringWidth("99", font, size), y)
    else:
        start = right - page_width(labels, font, size, fallback)
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


def page_total_drawer(theme: Theme, size: float = 9) -> Callable[[Canvas, int], None]:
    """Draws the page total of "Page n of N", at the footer's page-number size.

    Set by the engine like the words before it, so the document embeds one
    subset of the bold face, not a second one (ReportLab's) for the digits.
    """

    def draw(canv: Canvas, total: int) -> None:
        canv.setFillColor(theme.colors.primary)
        draw_text(canv, str(total), theme.fonts.bold, size, 0, 0, fallback=theme.fallback)

    return draw
