"""Large print: every handout, for a patient with low vision, in one wide column.

Body text is 18 pt (headings larger), lines at most 6 in long, margins 1 in.
The furniture is redrawn for it rather than scaled: a taller header band with
the clinic's name, tagline and contacts stacked on their own lines, a footer
and running header at 14 pt, and a closing card that stacks the call to
action above the contacts. The fine print is set at the body size: the full
disclaimer carries the crisis line. Any handout can be printed this way,
whatever its `formats:` list says (`build --format large-print`, the print
station); brochures have no large-print form.
"""

from __future__ import annotations

from dataclasses import replace

from .. import markup
from ..formats import Format, Geometry, PrintSpec
from ..model import Handout
from ..options import RenderOptions
from ..plan import Box, PageSpec, Plan
from ..render.primitives import Canvas, Flowable, Spacer, inch, simpleSplit
from ..render.tagging import FOOTER, HEADER, Tag, marked
from ..render.textflow import draw_line, draw_text, shrink_to_fit, text_lines
from ..theme import Styles, Theme
from .blocks import key_points, section_flowables
from .boxes import Panel
from .closing import contact_lines, contact_title, fine_print, review_paragraph
from .furniture import (
    contact_summary,
    draw_logo_badge,
    draw_page_number,
    page_total_drawer,
    record_band,
    review_line,
)
from .handout import metadata, opening
from .text import StoryContext, para

BODY_SIZE = 18.0
FURNITURE_SIZE = 14.0  # header band details, running header and footer
MARGIN = 1.0 * inch
MAX_LINE = 6.0 * inch  # longer lines are hard to track back to the next one
EDGE = 0.5 * inch
BAND_HEIGHT = 1.8 * inch
FOOTER_HEIGHT = 1.3 * inch
RUNNING_HEADER = 0.65 * inch


def geometry(options: RenderOptions) -> Geometry:
    width, height = options.pagesize
    col = min(width - 2 * MARGIN, MAX_LINE)
    band = Box(EDGE, height - EDGE - BAND_HEIGHT, width - 2 * EDGE, BAND_HEIGHT)
    footer = Box(MARGIN, EDGE, col, FOOTER_HEIGHT - 0.15 * inch)
    bottom = EDGE + FOOTER_HEIGHT
    running = Box(MARGIN, height - EDGE - RUNNING_HEADER, col, RUNNING_HEADER)
    return Geometry(
        page=(width, height),
        trim=Box(0, 0, width, height),
        frames={
            "first": {"first": Box(MARGIN, bottom, col, band.y - 0.3 * inch - bottom)},
            "later": {"later": Box(MARGIN, bottom, col, running.y - 0.2 * inch - bottom)},
        },
        bands={"header": band, "running_header": running, "footer": footer},
    )


def styles(theme: Theme) -> Styles:
    """The brand's styles at 18 pt, with fine print at the body size too."""
    st = theme.styles(BODY_SIZE)
    small = st.small.clone("small", fontSize=BODY_SIZE, leading=st.body.leading)
    return replace(st, small=small)


def lay_out(handout: Handout, theme: Theme, options: RenderOptions) -> Plan:
    shape = geometry(options).mirrored_if(theme.rtl)  # its 6 in column hangs from the right
    later = shape.frames["later"]["later"]
    st = styles(theme)
    ctx = StoryContext(theme, st, handout, later.width, options, frame_height=later.height)
    story: list[Flowable] = opening(ctx)
    story += key_points(ctx)
    story += section_flowables(ctx)
    story += _closing(ctx)
    return Plan(
        story=story,
        pages=_pages(handout, theme, shape),
        page_size=shape.page,
        meta=metadata(handout, theme),
        initial_font=theme.fonts.regular,
        name=handout.id,
        loc=handout.loc,
        tagging=options.tags,
        page_total=page_total_drawer(theme, FURNITURE_SIZE),
        continuation="later",
    )


# ------------------------------------------------------------------ closing


def _closing(ctx: StoryContext) -> list[Flowable]:
    """The call to action, then the contacts, one above the other, then the fine print."""
    theme, st = ctx.theme, ctx.styles
    pad = st.body.fontSize * 0.8
    out: list[Flowable] = [Spacer(1, st.body.fontSize * 0.6)]
    h = ctx.handout
    if h.call_to_action:
        white = theme.colors.on_primary.hexval().replace("0x", "#")
        cta = para(h.call_to_action, ctx, (*h.loc, "call_to_action"), st.cta, white)
        out += [Panel([cta], fill=theme.colors.primary, padding=pad, rtl=ctx.rtl), Spacer(1, pad)]
    contact = contact_lines(ctx)
    if contact:
        heading = contact_title(ctx, st.box_title)
        out += [Panel([heading, *contact], fill=theme.colors.light, padding=pad, rtl=ctx.rtl)]
    return [*out, Spacer(1, pad), *fine_print(ctx), review_paragraph(ctx)]


# ------------------------------------------------------------------ furniture


def _pages(handout: Handout, theme: Theme, shape: Geometry) -> list[PageSpec]:
    band, footer, running = (shape.bands[k] for k in ("header", "footer", "running_header"))
    title = markup.plain(handout.title)

    def on_first(canv: Canvas) -> None:
        _band(canv, theme, band)
        _footer(canv, theme, handout, footer)

    def on_later(canv: Canvas) -> None:
        _running_header(canv, theme, title, running)
        _footer(canv, theme, handout, footer)

    return [
        PageSpec("first", shape.frames["first"], on_first),
        PageSpec("later", shape.frames["later"], on_later),
    ]


def _lines(text: str, font: str, size: float, width: float, floor: float, most: int):
    """`text` wrapped to `width` in at most `most` lines, stepping down to `floor`."""
    while True:
        lines = simpleSplit(text, font, size, width)
        if len(lines) <= most or size <= floor:
            return lines, size
        size -= 1.0


def _band(canv: Canvas, theme: Theme, band: Box) -> None:
    """Page 1: the clinic's name beside the logo, then its tagline, then its contacts
    (mirrored on a right-to-left page: the logo at the right, the lines ending there)."""
    pal, fonts, rtl = theme.colors, theme.fonts, theme.rtl
    canv.saveState()
    canv.setFillColor(pal.primary)
    canv.roundRect(band.x, band.y, band.width, band.height, 8, stroke=0, fill=1)
    canv.setFillColor(pal.accent)
    canv.rect(band.x, band.y, band.width, 4, stroke=0, fill=1)
    pad = 16.0
    top = band.top - pad
    x = band.x + pad
    if theme.logo is not None:
        size = 0.8 * inch
        logo = Box(x, top - size, size, size).mirrored_if(rtl, band)
        draw_logo_badge(canv, theme, logo.x, logo.y, size)
        x += size + 14
    room = band.right - pad - x
    lines_at = Box(x, band.y, room, band.height).mirrored_if(rtl, band)
    canv.setFillColor(pal.on_primary)
    blocks = [(theme.clinic.name, theme.heads.bold, 24.0, 18.0)]
    if theme.clinic.tagline:
        blocks.append((theme.clinic.tagline, fonts.regular, 16.0, FURNITURE_SIZE))
    contacts = "  \u00b7  ".join(contact_summary(theme))
    if contacts:
        blocks.append((contacts, fonts.bold, 15.0, FURNITURE_SIZE))
    y = top
    words = (band.right - pad, band.right - pad) if rtl else (band.x + pad, band.x + pad)
    for text, font, size, floor in blocks:  # set by the text engine, never cut short
        lines, size = shrink_to_fit(text, font, room, size, floor, 2, theme.fallback)
        with marked(canv, Tag("P")):
            for line in lines:
                y -= size * 1.05
                if rtl:
                    draw_line(canv, line, lines_at.right, y, right=True)
                    words = (min(words[0], lines_at.right - line.width), words[1])
                else:
                    draw_line(canv, line, lines_at.x, y)
                    words = (words[0], max(words[1], lines_at.x + line.x + line.width))
        y -= size * 0.35
    canv.restoreState()
    # Every line is the band's own (its contacts are not printed again below).
    record_band(canv, band, words, ())


def _running_header(canv: Canvas, theme: Theme, title: str, box: Box) -> None:
    """Later pages: the title, and the clinic's name above it, each on its own line
    (from the right margin on a right-to-left page)."""
    pal, fonts, rtl = theme.colors, theme.fonts, theme.rtl
    size = FURNITURE_SIZE
    with marked(canv, HEADER):
        canv.saveState()
        canv.setFillColor(pal.primary)
        name, fallback = theme.clinic.name, theme.fallback
        start = box.right if rtl else box.x
        draw_text(canv, name, fonts.bold, size, start, box.top - size, rtl, fallback)
        canv.setFillColor(pal.text)
        line = text_lines(title, fonts.regular, size, box.width, fallback=fallback)[0]
        draw_line(canv, line, start, box.top - 2.2 * size, rtl)  # the title's first line
        canv.setStrokeColor(pal.rule)
        canv.setLineWidth(1)
        canv.line(box.x, box.y, box.right, box.y)
        canv.restoreState()


def _footer(canv: Canvas, theme: Theme, handout: Handout, box: Box) -> None:
    """The short disclaimer, the crisis line, which handout this is and Page N of M, at 14 pt."""
    pal, fonts = theme.colors, theme.fonts
    labels = theme.labels
    size, lead = FURNITURE_SIZE, FURNITURE_SIZE * 1.25
    with marked(canv, FOOTER):
        canv.saveState()
        canv.setStrokeColor(pal.rule)
        canv.setLineWidth(1)
        canv.line(box.x, box.top, box.right, box.top)
        fb = theme.fallback
        y = box.top - lead
        canv.setFillColor(pal.text)
        disclaimer, _ = _lines(
            theme.clinic.footer_disclaimer, fonts.regular, size, box.width, size, 9
        )
        for line in disclaimer[:2]:
            draw_text(canv, line, fonts.regular, size, box.x, y, fallback=fb)
            y -= lead
        if theme.clinic.crisis_line:
            draw_text(canv, theme.clinic.crisis_line, fonts.bold, size, box.x, y, fallback=fb)
            y -= lead
        draw_text(
            canv, review_line(handout, labels), fonts.regular, size, box.x, box.y, fallback=fb
        )
        canv.setFillColor(pal.primary)
        page = labels.page_number(canv.getPageNumber())
        draw_page_number(canv, page, labels, fonts.bold, size, box.right, box.y, fb)
        canv.restoreState()


FORMAT = Format(
    name="large-print",
    suffix="-large-print",
    spec=PrintSpec(
        min_body_size=BODY_SIZE,
        header_first=EDGE + BAND_HEIGHT,
        header=EDGE + RUNNING_HEADER,
        footer=EDGE + FOOTER_HEIGHT,
        brand_fine_print=False,  # the full disclaimer is body text here
        min_furniture_size=FURNITURE_SIZE,
    ),
    geometry=geometry,
    lay_out=lay_out,
    body_size=BODY_SIZE,
    every_handout=True,
)
