"""Page furniture drawn in page callbacks: the header band and the running header.

The footer has a module of its own (`footer`).

All of it is decoration or pagination (artifacts for screen readers), except
the band's words, which are content read first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..places import BandPlace
from ..plan import Box
from ..render.document import LayoutProblem
from ..render.primitives import Canvas, colors
from ..render.tagging import DECORATION, HEADER, Tag, marked
from ..render.textflow import draw_line, shrink_to_fit
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
    is decoration: the clinic's name is printed beside it). A right-to-left
    handout's band is mirrored: logo and name at the right, contacts at the left.
    """
    pal, rtl = theme.colors, theme.rtl
    band = Box(x, y, w, h)
    canv.saveState()
    canv.setFillColor(pal.solid)
    if pal.outline is not None:
        canv.setStrokeColor(pal.outline)
        canv.setLineWidth(0.75)
    canv.roundRect(x, y, w, h, 6, stroke=int(pal.outline is not None), fill=1)
    canv.setFillColor(pal.accent)
    canv.rect(x, y, w, 3, stroke=0, fill=1)
    side = h - 2 * BAND_PAD
    logo = Box(x + BAND_PAD, y + BAND_PAD, side, side).mirrored_if(rtl, band)
    if theme.logo is not None:
        draw_logo_badge(canv, theme, logo.x, logo.y, side)
    canv.setFillColor(pal.on_primary)
    laid = band_text(theme, w, h)
    name_lines, name_size = laid.name
    tag_lines, tag_size = laid.tagline
    words_w = max((line.width for line in (*name_lines, *tag_lines)), default=0.0)
    words = Box(x + laid.text_x, y, words_w, h).mirrored_if(rtl, band)

    def draw_word_line(line, baseline: float) -> None:  # from where the band's words start
        if rtl:
            draw_line(canv, line, words.right, baseline, right=True)
        else:
            draw_line(canv, line, words.x, baseline)

    # Lines that wrap are one paragraph each: a screen reader reads one name, one tagline.
    with marked(canv, Tag("P")):  # the brand name in the heading face
        for i, line in enumerate(name_lines):
            draw_word_line(line, y + h / 2 + 4 + (len(name_lines) - 1 - i) * name_size)
    if tag_lines:
        with marked(canv, Tag("P", lang=theme.word_language("tagline"))):
            for i, line in enumerate(tag_lines):
                draw_word_line(line, y + h / 2 - 13 - i * (tag_size + 1))
    top = y + h / 2 + (len(laid.contacts) * CONTACT_LEADING) / 2 - 9
    boxes = []
    for i, (line, size) in enumerate(laid.contacts):  # phone, website, address: one fact each
        baseline = top - i * CONTACT_LEADING
        # Each ends at the band's far edge: the right, or the left when mirrored.
        at = Box(x + w - BAND_PAD - line.width, baseline - 0.25 * size, line.width, 1.2 * size)
        at = at.mirrored_if(rtl, band)
        with marked(canv, Tag("P")):
            draw_line(canv, line, at.right, baseline, right=True)
        boxes.append(at)
    canv.restoreState()
    start = logo if theme.logo is not None else words
    record_band(canv, band, (min(start.x, words.x), max(start.right, words.right)), tuple(boxes))


def record_band(
    canv: Canvas,
    band: Box,
    words: tuple[float, float],
    contacts: tuple[Box, ...],
    below: Box | None = None,
) -> None:
    """Tell the document's place recorder where page 1's band and its own words
    (logo, name and tagline: from, to) are, its contact lines, and the room under
    the words a card may take."""
    places = getattr(canv, "places", None)  # only the document's canvas records
    if places is not None:
        page = canv.getPageNumber() - 1
        places.band(BandPlace(page, band, words, contacts, below))


def _fit_name(theme: Theme, room: float) -> tuple[tuple, float]:
    """The clinic's name on one line, shrinking to 14 pt, else on two lines (down to 11 pt).

    A brand name is never cut short: past the floor it takes the lines it needs.
    """
    name, font, fallback = theme.clinic.name, theme.heads.bold, theme.fallback
    lines, size = shrink_to_fit(name, font, room, 19.0, 14.0, 1, fallback)
    if len(lines) == 1:
        return lines, size
    return shrink_to_fit(name, font, room, 16.0, 11.0, 2, fallback)


RUNNING_SIZE = 9.0
RUNNING_FLOOR = 7.5  # the smallest the running header prints, as the band's contacts
RUNNING_LEAD = 1.15
RUNNING_ROWS = 2  # what the slim running headers have room for
_GAP = 18.0  # between the name and the title


@dataclass(frozen=True)
class RunningText:
    """The running header's words laid out: the clinic's name and the title.

    Each takes one line, stepping down to `RUNNING_FLOOR`, else two; the
    title has the room the name leaves. Never cut short: past the floor they
    take the lines they need, and `running_header_problem` refuses more than
    the header has.
    """

    name: tuple  # engine lines
    name_size: float
    title: tuple
    title_size: float

    @property
    def rows(self) -> int:
        return max(len(self.name), len(self.title))

    @property
    def lead(self) -> float:
        return max(self.name_size, self.title_size) * RUNNING_LEAD


def _one_or_two_lines(text: str, font: str, room: float, fallback, language: str):
    """`text` on one line from 9 pt down to the floor, else on two from 8 pt."""
    lines, size = shrink_to_fit(
        text, font, room, RUNNING_SIZE, RUNNING_FLOOR, 1, fallback, language
    )
    if len(lines) == 1:
        return lines, size
    return shrink_to_fit(text, font, room, 8.0, RUNNING_FLOOR, RUNNING_ROWS, fallback, language)


def running_text(theme: Theme, title: str, w: float, language: str) -> RunningText:
    """The clinic's name and `title` (in `language`) beside it.

    The name takes at most 45 % of `w`, or 65 % when it would need more than
    two lines there (a long name on a narrow booklet page); the title the rest.
    """
    fonts, fallback = theme.fonts, theme.fallback
    for share in (0.45, 0.65):
        name = _one_or_two_lines(theme.clinic.name, fonts.bold, w * share, fallback, theme.language)
        if len(name[0]) <= RUNNING_ROWS:
            break
    room = max(w - max((line.width for line in name[0]), default=0.0) - _GAP, w * 0.3)
    return RunningText(*name, *_one_or_two_lines(title, fonts.regular, room, fallback, language))


def running_header_problem(
    theme: Theme, title: str, w: float, language: str, loc
) -> LayoutProblem | None:
    """What to shorten when the name or the title (at `loc`) needs more lines than
    the running header has, even at its smallest size."""
    laid = running_text(theme, title, w, language)
    for lines, where, hint in (
        (laid.name, (*theme.clinic.loc, "name"), "shorten clinic.name"),
        (laid.title, (*loc, "title"), "shorten the title"),
    ):
        if len(lines) > RUNNING_ROWS:
            what = "the clinic's name" if lines is laid.name else "the title"
            return LayoutProblem(
                where,
                f"{what} takes {len(lines)} lines in the running header of later pages at "
                f"{RUNNING_FLOOR:g} pt (the smallest it prints); there is room for {RUNNING_ROWS}",
                hint,
            )
    return None


def draw_running_header(
    canv: Canvas, theme: Theme, title: str, x: float, y: float, w: float, language: str
) -> None:
    """Later pages: clinic name and title on a slim line (a pagination artifact).

    `y` is the first line's baseline; a second line goes below it, and the
    rule under the last.
    """
    with marked(canv, HEADER):
        _running_header(canv, theme, running_text(theme, title, w, language), x, y, w)


def _running_header(canv: Canvas, theme: Theme, laid: RunningText, x: float, y: float, w: float):
    """The clinic's name where lines start (the right, right to left), the title opposite."""
    pal, rtl = theme.colors, theme.rtl
    start, end = (x + w, x) if rtl else (x, x + w)
    canv.saveState()
    for lines, colour, at, right in (
        (laid.name, pal.primary, start, rtl),
        (laid.title, pal.muted, end, not rtl),
    ):
        canv.setFillColor(colour)
        for i, line in enumerate(lines):  # flush with `at`, whatever the line's own alignment
            draw_line(canv, line, at if right else at - line.x, y - i * laid.lead, right)
    canv.setStrokeColor(pal.rule)
    canv.setLineWidth(0.75)
    rule = y - (laid.rows - 1) * laid.lead - 6
    canv.line(x, rule, x + w, rule)
    canv.restoreState()
