"""Page furniture drawn in page callbacks: header band, running header, footer.

All of it is decoration or pagination (artifacts for screen readers), except
the band's words, which are content read first.
"""

from __future__ import annotations

from collections.abc import Callable

from ..labels import Labels
from ..model import Handout
from ..places import BandPlace
from ..plan import Box
from ..render.document import PAGE_TOTAL_FORM
from ..render.primitives import Canvas, colors, simpleSplit, stringWidth
from ..render.tagging import DECORATION, FOOTER, HEADER, Tag, marked
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


def draw_header_band(canv: Canvas, theme: Theme, x: float, y: float, w: float, h: float) -> None:
    """Page 1's branded band: logo, clinic name, tagline and quick contacts.

    The band itself is decoration (an artifact); its words are content, read
    first, and the logo is a Figure when the clinic gave it alt text (else it
    is decoration: the clinic's name is printed beside it).
    """
    pal, fonts = theme.colors, theme.fonts
    canv.saveState()
    canv.setFillColor(pal.solid)
    if pal.outline is not None:
        canv.setStrokeColor(pal.outline)
        canv.setLineWidth(0.75)
    canv.roundRect(x, y, w, h, 6, stroke=int(pal.outline is not None), fill=1)
    canv.setFillColor(pal.accent)
    canv.rect(x, y, w, 3, stroke=0, fill=1)
    pad = 14
    text_x = x + pad
    if theme.logo is not None:
        size = h - 2 * pad
        draw_logo_badge(canv, theme, x + pad, y + pad, size)
        text_x += size + 12
    canv.setFillColor(pal.on_primary)
    # The contacts take the right of the band (at most 45 %); the name and
    # tagline fit what is left: the name shrinks first, then both are cut.
    lines = [
        (_fit(line, font, size, w * 0.45), font, size)
        for i, line in enumerate(contact_summary(theme))
        for font, size in [(fonts.bold, 10.5) if i == 0 else (fonts.regular, 9.5)]
    ]
    contacts_w = max((stringWidth(t, f, s) for t, f, s in lines), default=0.0)
    room = x + w - pad - contacts_w - 16 - text_x
    name_lines, name_size = _fit_name(theme.clinic.name, theme.heads.bold, room)
    canv.setFont(theme.heads.bold, name_size)  # the brand name in the heading face
    # Lines that wrap are one paragraph each: a screen reader reads one name, one tagline.
    with marked(canv, Tag("P")):
        for i, line in enumerate(name_lines):
            canv.drawString(text_x, y + h / 2 + 4 + (len(name_lines) - 1 - i) * name_size, line)
    words_w = max(stringWidth(line, theme.heads.bold, name_size) for line in name_lines)
    if theme.clinic.tagline:
        tag_lines, tag_size = _wrap_fit(theme.clinic.tagline, fonts.regular, room, 10.5, 9.0)
        canv.setFont(fonts.regular, tag_size)
        with marked(canv, Tag("P", lang=theme.word_language("tagline"))):
            for i, line in enumerate(tag_lines):
                canv.drawString(text_x, y + h / 2 - 13 - i * (tag_size + 1), line)
        words_w = max(words_w, *(stringWidth(t, fonts.regular, tag_size) for t in tag_lines))
    line_h = 13
    top = y + h / 2 + (len(lines) * line_h) / 2 - 9
    boxes = []
    for i, (line, font, size) in enumerate(lines):  # phone, website, address: one fact each
        canv.setFont(font, size)
        with marked(canv, Tag("P")):
            canv.drawRightString(x + w - pad, top - i * line_h, line)
        width = stringWidth(line, font, size)
        boxes.append(Box(x + w - pad - width, top - i * line_h - 0.25 * size, width, 1.2 * size))
    canv.restoreState()
    record_band(canv, Box(x, y, w, h), text_x + words_w, tuple(boxes))


def record_band(canv: Canvas, band: Box, words_right: float, contacts: tuple[Box, ...]) -> None:
    """Tell the document's place recorder where page 1's band and its words are."""
    places = getattr(canv, "places", None)  # only the document's canvas records
    if places is not None:
        page = canv.getPageNumber() - 1
        places.band(BandPlace(page, band, words_right, contacts))


def _fit_name(name: str, font: str, room: float) -> tuple[list[str], float]:
    """The clinic's name on one line, shrinking to 14 pt, else on two lines.

    A brand name is never cut short when it can wrap: a long one takes two
    lines (down to 12 pt) before anything is trimmed.
    """
    size = 19.0
    while size > 14 and stringWidth(name, font, size) > room:
        size -= 0.5
    if stringWidth(name, font, size) <= room:
        return [name], size
    return _wrap_fit(name, font, room, 16.0, 12.0)


def _wrap_fit(
    text: str, font: str, room: float, size: float, smallest: float, max_lines: int = 2
) -> tuple[list[str], float]:
    """`text` in at most `max_lines` lines, shrinking from `size` to `smallest`.

    Only text longer than that (far beyond a real name or tagline) is cut,
    with an ellipsis.
    """
    while True:
        lines = simpleSplit(text, font, size, room)
        if len(lines) <= max_lines or size <= smallest:
            break
        size -= 0.5
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_fit(line, font, size, room) for line in lines], size


def draw_running_header(
    canv: Canvas, theme: Theme, title: str, x: float, y: float, w: float
) -> None:
    """Later pages: clinic name and title on a slim line (a pagination artifact)."""
    with marked(canv, HEADER):
        _running_header(canv, theme, title, x, y, w)


def _running_header(canv: Canvas, theme: Theme, title: str, x: float, y: float, w: float) -> None:
    pal, fonts = theme.colors, theme.fonts
    canv.saveState()
    canv.setFont(fonts.bold, 9)
    canv.setFillColor(pal.primary)
    canv.drawString(x, y, theme.clinic.name)
    canv.setFont(fonts.regular, 9)
    canv.setFillColor(pal.muted)
    canv.drawRightString(x + w, y, _fit(title, fonts.regular, 9, w * 0.6))
    canv.setStrokeColor(pal.rule)
    canv.setLineWidth(0.75)
    canv.line(x, y - 6, x + w, y - 6)
    canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, or its longest prefix that fits with an ellipsis.

    A binary search: trimming one character at a time measured a 10,000
    character footer 10,000 times on every page.
    """
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits; text[:high] + "…" does not
    while high - low > 1:
        mid = (low + high) // 2
        if stringWidth(text[:mid] + "\u2026", font, size) <= width:
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
    label_w = 0 if page_label else max(70, page_width(labels, fonts.bold, 9) + 10)
    # The crisis line takes the right end of whichever line the page number leaves free.
    crisis = theme.clinic.crisis_line
    crisis_w = stringWidth(crisis, fonts.bold, FOOTER_SIZE) + 12 if crisis else 0
    first_w = w - label_w - (crisis_w if page_label else 0)
    second_w = w - (0 if page_label else crisis_w)
    canv.drawString(
        x, y + 12, _fit(theme.clinic.footer_disclaimer, fonts.regular, FOOTER_SIZE, first_w)
    )
    canv.drawString(x, y + 1, _fit(note, fonts.regular, FOOTER_SIZE, second_w))
    if crisis:
        canv.setFont(fonts.bold, FOOTER_SIZE)
        canv.setFillColor(pal.primary)
        canv.drawRightString(x + w, y + (12 if page_label else 1), crisis)
    canv.setFont(fonts.bold, 9)
    canv.setFillColor(pal.primary)
    if page_label:
        canv.drawRightString(x + w, y + 1, page_label)
        canv.restoreState()
        return
    page = labels.page_number(number or canv.getPageNumber())
    start = x + w - page_width(labels, fonts.bold, 9)
    canv.drawString(start, y + 12, page)
    canv.translate(start + stringWidth(page, fonts.bold, 9), y + 12)
    canv.doForm(PAGE_TOTAL_FORM)
    canv.restoreState()


def page_width(labels: Labels, font: str, size: float) -> float:
    """Room for "Page 99 of 99": the page number's words and the widest total."""
    return stringWidth(labels.page_number(99) + "99", font, size)


def review_line(handout: Handout, labels: Labels) -> str:
    """Which handout this is and when a clinician last checked it."""
    reviewed = labels.reviewed.format(date=labels.date(handout.reviewed))
    return f"{handout.id}  \u00b7  {reviewed}"


def page_total_drawer(theme: Theme, size: float = 9) -> Callable[[Canvas, int], None]:
    """Draws the page total of "Page n of N", at the footer's page-number size."""

    def draw(canv: Canvas, total: int) -> None:
        canv.setFont(theme.fonts.bold, size)
        canv.setFillColor(theme.colors.primary)
        canv.drawString(0, 0, str(total))

    return draw
