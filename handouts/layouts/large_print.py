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

from dataclasses import dataclass, replace

from .. import markup
from ..formats import Format, Geometry, PrintSpec
from ..model import Handout
from ..options import RenderOptions
from ..plan import Box, PageSpec, Plan
from ..render.document import LayoutProblem
from ..render.primitives import Canvas, CondPageBreak, Flowable, Spacer, inch
from ..render.tagging import FOOTER, HEADER, Tag, marked
from ..render.textflow import draw_line, shrink_to_fit, text_lines
from ..theme import Styles, Theme
from .blocks import key_points, section_flowables, smallest_split
from .boxes import Panel
from .closing import contact_lines, contact_title, edition_codes, end_print
from .footer import draw_page_number, page_total_drawer, page_width, review_line
from .furniture import contact_summary, draw_logo_badge, record_band
from .handout import metadata, next_step, opening, with_closing
from .spacing import tighten
from .text import StoryContext, para

BODY_SIZE = 18.0
FURNITURE_SIZE = 14.0  # header band details, running header and footer
MARGIN = 1.0 * inch
MAX_LINE = 6.0 * inch  # longer lines are hard to track back to the next one
EDGE = 0.5 * inch
BAND_HEIGHT = 1.8 * inch
FOOTER_HEIGHT = 1.3 * inch
RUNNING_LEAD = 1.2 * FURNITURE_SIZE
RUNNING_ROWS = 4  # the name and the title, two lines each at most


def running_header_height(rows: int) -> float:
    """The running header's height for `rows` lines: the first line's ascent,
    a lead a line after it, and room below the last for its descent and the rule
    (0.65 in for the usual two: the name above the title)."""
    return FURNITURE_SIZE + (rows - 1) * RUNNING_LEAD + 16.0


def geometry(options: RenderOptions, running_rows: int = 2) -> Geometry:
    """Page 1 under the band, later pages under a running header of
    `running_rows` lines (a long title takes two), all in one 6 in column."""
    width, height = options.pagesize
    col = min(width - 2 * MARGIN, MAX_LINE)
    band = Box(EDGE, height - EDGE - BAND_HEIGHT, width - 2 * EDGE, BAND_HEIGHT)
    footer = Box(MARGIN, EDGE, col, FOOTER_HEIGHT - 0.15 * inch)
    bottom = EDGE + FOOTER_HEIGHT
    tall = running_header_height(running_rows)
    running = Box(MARGIN, height - EDGE - tall, col, tall)
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


# Large print's tightening, loosest first: (spacing, every box's padding).
# The body stays at 18 pt; only the room between and inside blocks gives,
# boxes included: at 18 pt one callout is a fifth of a page.
# The last step lets the contact card split (it moves on whole before that): a
# card halved across pages reads worse than one kept whole, but better than a
# page of fine print alone.
TIGHTENING = ((1.0, 1.0), (0.85, 1.0), (0.7, 1.0), (0.7, 0.5), (0.6, 0.5), (0.6, 0.5))
WHOLE_CARD_STEPS = len(TIGHTENING) - 1


def lay_out(handout: Handout, theme: Theme, options: RenderOptions, step: int = 0) -> Plan:
    """The large-print plan; it asks to be laid out tighter while its last page
    would hold only the fine print."""
    spacing, padding = TIGHTENING[step]
    running = running_text(theme, handout, geometry(options).bands["running_header"].width)
    shape = geometry(options, sum(map(len, running)))
    shape = shape.mirrored_if(theme.rtl)  # its 6 in column hangs from the right
    later = shape.frames["later"]["later"]
    st = styles(theme)
    ctx = StoryContext(theme, st, handout, later.width, options, frame_height=later.height)
    problem = footer_problem(theme, handout, shape.bands["footer"]) or _running_problem(
        theme, handout, running
    )
    if problem is not None:
        raise problem
    story: list[Flowable] = [*opening(ctx), *key_points(ctx), *section_flowables(ctx)]
    story, revise = with_closing(
        story,
        _closing_card(ctx, whole=step < WHOLE_CARD_STEPS),
        end_print(ctx),
        ctx,
        later.y,
        next_step(lambda at: lay_out(handout, theme, options, at), step, TIGHTENING),
        card_may_close=True,
    )
    return Plan(
        story=tighten(story, spacing, padding),
        pages=_pages(handout, theme, shape, running),
        page_size=shape.page,
        meta=metadata(handout, theme),
        initial_font=theme.fonts.regular,
        name=handout.id,
        loc=handout.loc,
        tagging=options.tags,
        page_total=page_total_drawer(theme, FURNITURE_SIZE),
        grayscale=theme.grayscale,
        revise=revise,
        continuation="later",
    )


# ------------------------------------------------------------------ closing


def _closing_card(ctx: StoryContext, whole: bool = True) -> list[Flowable]:
    """The call to action, then the contacts (with the codes to the handout's other
    languages), one above the other; the fine print follows.

    The call to action goes on a page only with room for the start of the
    contacts after it (their title and first line): at 18 pt it would read
    as a heading left at the page's foot.
    """
    theme, st = ctx.theme, ctx.styles
    pad = st.body.fontSize * 0.8
    out: list[Flowable] = [Spacer(1, st.body.fontSize * 0.6)]
    h = ctx.handout
    contact = contact_lines(ctx)
    card = None
    if contact:
        heading = contact_title(ctx, st.box_title)
        codes = edition_codes(ctx, ctx.column_width - 2 * pad)
        card = Panel(
            [heading, *contact, *codes],
            fill=theme.colors.light,
            padding=pad,
            rtl=ctx.rtl,
            whole_below=ctx.frame_height if whole else 0.0,  # on, whole, rather than halved
        )
    if h.call_to_action:
        white = theme.colors.on_primary.hexval().replace("0x", "#")
        cta = para(h.call_to_action, ctx, (*h.loc, "call_to_action"), st.cta, white)
        pal = theme.colors  # the brand's solid, or outlined paper in grayscale
        panel = Panel([cta], fill=pal.solid, border=pal.outline, padding=pad, rtl=ctx.rtl)
        if card is not None:
            width = ctx.column_width
            needed = panel.wrap(width, 1e6)[1] + pad + smallest_split(card, width)
            out.append(CondPageBreak(needed))
        out += [panel, Spacer(1, pad)]
    if card is not None:
        out.append(card)
    return [*out, Spacer(1, pad)]


# ------------------------------------------------------------------ furniture


def _pages(
    handout: Handout, theme: Theme, shape: Geometry, running: tuple[tuple, tuple]
) -> list[PageSpec]:
    band, footer, box = (shape.bands[k] for k in ("header", "footer", "running_header"))

    def on_first(canv: Canvas) -> None:
        _band(canv, theme, band)
        _footer(canv, theme, handout, footer)

    def on_later(canv: Canvas) -> None:
        _running_header(canv, theme, running, box)
        _footer(canv, theme, handout, footer)

    return [
        PageSpec("first", shape.frames["first"], on_first),
        PageSpec("later", shape.frames["later"], on_later),
    ]


def _band(canv: Canvas, theme: Theme, band: Box) -> None:
    """Page 1: the clinic's name beside the logo, then its tagline, then its contacts
    (mirrored on a right-to-left page: the logo at the right, the lines ending there)."""
    pal, fonts, rtl = theme.colors, theme.fonts, theme.rtl
    canv.saveState()
    canv.setFillColor(pal.solid)  # outlined paper in grayscale, with black words
    if pal.outline is not None:
        canv.setStrokeColor(pal.outline)
        canv.setLineWidth(0.75)
    canv.roundRect(
        band.x, band.y, band.width, band.height, 8, stroke=int(pal.outline is not None), fill=1
    )
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
    under_words, contact_rows = y, []
    for i, (text, font, size, floor) in enumerate(blocks):  # by the text engine, never cut
        lines, size = shrink_to_fit(text, font, room, size, floor, 2, theme.fallback)
        contact = bool(contacts) and i == len(blocks) - 1
        with marked(canv, Tag("P")):
            for line in lines:
                y -= size * 1.05
                x0 = lines_at.right - line.width if rtl else lines_at.x + line.x
                if rtl:
                    draw_line(canv, line, lines_at.right, y, right=True)
                else:
                    draw_line(canv, line, lines_at.x, y)
                if contact:
                    contact_rows.append(Box(x0, y - 0.25 * size, line.width, 1.2 * size))
                else:
                    words = (min(words[0], x0), max(words[1], x0 + line.width))
                    under_words = y - 0.3 * size
        y -= size * 0.35
    canv.restoreState()
    # The contact rows are printed again in the closing card: a "Prepared for"
    # card may take their room under the name and tagline.
    foot = band.y + 4 + 4  # above the accent stripe
    below = Box(lines_at.x, foot, room, under_words - 4 - foot) if contact_rows else None
    record_band(canv, band, words, tuple(contact_rows), below)


def running_text(theme: Theme, handout: Handout, width: float) -> tuple[tuple, tuple]:
    """The running header's lines at 14 pt: the clinic's name, then the title
    (each wraps rather than shrink: 14 pt is large print's smallest)."""
    fonts, fallback = theme.fonts, theme.fallback
    name = text_lines(
        theme.clinic.name, fonts.bold, FURNITURE_SIZE, width, theme.language, fallback
    )
    title = markup.plain(handout.title)
    return name, text_lines(title, fonts.regular, FURNITURE_SIZE, width, handout.language, fallback)


def _running_problem(
    theme: Theme, handout: Handout, running: tuple[tuple, tuple]
) -> LayoutProblem | None:
    """What to shorten when the name or the title takes more than two lines at 14 pt."""
    for lines, loc, what in (
        (running[0], (*theme.clinic.loc, "name"), "the clinic's name"),
        (running[1], (*handout.loc, "title"), "the title"),
    ):
        if len(lines) > RUNNING_ROWS // 2:
            return LayoutProblem(
                loc,
                f"{what} takes {len(lines)} lines in large print's running header at "
                f"{FURNITURE_SIZE:g} pt; there is room for {RUNNING_ROWS // 2}",
                f"shorten {'clinic.name' if loc[-1] == 'name' else 'the title'}",
            )
    return None


def _running_header(canv: Canvas, theme: Theme, running: tuple[tuple, tuple], box: Box) -> None:
    """Later pages: the clinic's name, and the title below it, each from its own
    line (from the right margin on a right-to-left page)."""
    pal, rtl = theme.colors, theme.rtl
    start = box.right if rtl else box.x
    with marked(canv, HEADER):
        canv.saveState()
        y = box.top - FURNITURE_SIZE
        for lines, colour in zip(running, (pal.primary, pal.text), strict=True):
            canv.setFillColor(colour)
            for line in lines:  # flush with the margin, whatever the line's own alignment
                draw_line(canv, line, start if rtl else start - line.x, y, rtl)
                y -= RUNNING_LEAD
        canv.setStrokeColor(pal.rule)
        canv.setLineWidth(1)
        canv.line(box.x, box.y, box.right, box.y)
        canv.restoreState()


FOOTER_LEAD = FURNITURE_SIZE * 1.25


@dataclass(frozen=True)
class FooterText:
    """The footer's words laid out at 14 pt: what draws them and what checks they fit.

    Top down: the short disclaimer, the crisis line, then the review line
    beside "Page N of M" at the foot, or on a row of its own above it when
    the two do not fit side by side (a long date in Spanish).
    """

    disclaimer: tuple  # engine lines
    crisis: tuple
    review: tuple
    review_apart: bool

    @property
    def rows(self) -> int:
        apart = len(self.review) if self.review_apart else 0
        return len(self.disclaimer) + len(self.crisis) + apart + 1


def footer_text(theme: Theme, handout: Handout, width: float) -> FooterText:
    """The footer's lines for `handout`, broken to `width` by the text engine
    (one home for the drawing and the check that they fit)."""
    fonts, fb, lang = theme.fonts, theme.fallback, theme.language
    clinic, size = theme.clinic, FURNITURE_SIZE

    def lines(text: str | None, font: str, words: str | None = None) -> tuple:
        """Right to left on such a page (the id opening the review line stays at
        its start), unless they are the clinic's words printing untranslated."""
        own = theme.rtl and (words is None or theme.word_language(words) is None)
        way = "rtl" if own else "auto"
        return text_lines(text, font, size, width, lang, fb, way) if text else ()

    review = lines(review_line(handout, theme.labels), fonts.regular)
    page_w = page_width(theme.labels, fonts.bold, size, fb) + size
    beside = len(review) == 1 and review[0].width + page_w <= width
    return FooterText(
        lines(
            clinic.footer_disclaimer,
            fonts.regular,
            str(clinic.footer_disclaimer_loc(theme.language)[-1]),
        ),
        lines(clinic.crisis_line, fonts.bold, "crisis_line"),
        review,
        not beside,
    )


def footer_rows(box: Box) -> int:
    """Rows of 14 pt the footer holds: one at its foot, the rest a leading apart
    from its top rule down, clear of the foot row."""
    return int(box.height // FOOTER_LEAD)


def footer_problem(theme: Theme, handout: Handout, box: Box) -> LayoutProblem | None:
    """What to shorten when the short disclaimer would not fit the footer whole.

    It carries the emergency and crisis numbers, so it is never cut short:
    a disclaimer too long for the rows the crisis line and the review line
    leave is refused, naming the field it came from.
    """
    laid = footer_text(theme, handout, box.width)
    room = footer_rows(box)
    if laid.rows <= room:
        return None
    left = max(room - (laid.rows - len(laid.disclaimer)), 0)
    others = [
        what
        for what, on in (("the crisis line", laid.crisis), ("the review line", laid.review_apart))
        if on
    ]
    beside = f" beside {' and '.join(others)}" if others else ""
    return LayoutProblem(
        theme.clinic.footer_disclaimer_loc(theme.language),
        f"the short disclaimer takes {len(laid.disclaimer)} lines in the footer at "
        f"{FURNITURE_SIZE:g} pt (the smallest it prints); there is room for {left}{beside}",
        f"shorten it to {max(left, 1)} lines of about {int(box.width / FURNITURE_SIZE * 1.9)} "
        "characters: it prints on every page, and the full disclaimer is at the end",
    )


def _footer(canv: Canvas, theme: Theme, handout: Handout, box: Box) -> None:
    """The short disclaimer, the crisis line, which handout this is and Page N of M, at 14 pt.

    Every word prints: `footer_problem` refused the handout before layout
    if they would not fit.
    """
    pal, fonts = theme.colors, theme.fonts
    labels, fb = theme.labels, theme.fallback
    laid = footer_text(theme, handout, box.width)
    with marked(canv, FOOTER):
        canv.saveState()
        canv.setStrokeColor(pal.rule)
        canv.setLineWidth(1)
        canv.line(box.x, box.top, box.right, box.top)
        canv.setFillColor(pal.text)
        # Mirrored on a right-to-left page: lines from the right, the page number at the left.
        start, end, rtl = (box.right, box.x, True) if theme.rtl else (box.x, box.right, False)
        above = [*laid.disclaimer, *laid.crisis, *(laid.review if laid.review_apart else ())]
        for i, line in enumerate(above, start=1):
            draw_line(canv, line, start, box.top - i * FOOTER_LEAD, rtl)
        if not laid.review_apart:
            draw_line(canv, laid.review[0], start, box.y, rtl)
        canv.setFillColor(pal.primary)
        page = labels.page_number(canv.getPageNumber())
        draw_page_number(canv, page, labels, fonts.bold, FURNITURE_SIZE, end, box.y, fb, rtl)
        canv.restoreState()


FORMAT = Format(
    name="large-print",
    suffix="-large-print",
    spec=PrintSpec(
        min_body_size=BODY_SIZE,
        header_first=EDGE + BAND_HEIGHT,
        header=EDGE + running_header_height(2),  # taller for a long title (see print_spec)
        footer=EDGE + FOOTER_HEIGHT,
        brand_fine_print=False,  # the full disclaimer is body text here
        min_furniture_size=FURNITURE_SIZE,
        paged=True,
    ),
    geometry=geometry,
    lay_out=lay_out,
    body_size=BODY_SIZE,
    every_handout=True,
)
