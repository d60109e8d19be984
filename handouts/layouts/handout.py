"""The one- or two-page handout: branded band on page 1, running header after.

Page 1 carries the clinic's header band, then the title, the key-points box
and the sections; later pages get a slim running header. Every page has the
footer; the document ends with the call to action, contacts and fine print.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import markup
from ..formats import Format, Geometry, PrintSpec
from ..model import Handout
from ..options import RenderOptions
from ..plan import Box, Metadata, PageSpec, Plan
from ..render.document import Note
from ..render.primitives import NextPageTemplate, Spacer, inch
from ..theme import Theme
from .blocks import key_points, picture_holes, section_flowables
from .closing import closing_card, end_print
from .footer import BASE_HEIGHT, draw_footer, footer_height, footer_problem, page_total_drawer
from .furniture import (
    draw_header_band,
    draw_running_header,
    header_band_problem,
    running_header_problem,
)
from .spacing import Mark, kept_with_next, tighten
from .text import StoryContext, para

MARGIN_X = 0.75 * inch
EDGE = 0.5 * inch  # furniture stays this far from the trim: office printers
BAND_HEIGHT = 1.05 * inch
FOOTER_TOP = EDGE + BASE_HEIGHT  # the text's foot above a one-line footer
RUNNING_HEADER = 0.5 * inch


def metadata(handout: Handout, theme: Theme) -> Metadata:
    title = markup.plain(handout.title)
    subject = markup.plain(handout.subtitle) if handout.subtitle else title
    return Metadata(
        title=title,
        author=theme.clinic.name,
        subject=f"Patient information: {subject}",
        keywords=handout.tags,
        language=handout.language,
    )


def geometry(options: RenderOptions, theme: Theme | None = None) -> Geometry:
    """Page 1 under the header band, later pages under a slim running header,
    both above a footer as tall as the `theme`'s emergency words need (one line
    without a theme)."""
    width, height = options.pagesize
    col = width - 2 * MARGIN_X
    foot = EDGE + (footer_height(theme, col) if theme else BASE_HEIGHT)
    band = Box(EDGE, height - EDGE - BAND_HEIGHT, width - 2 * EDGE, BAND_HEIGHT)
    first = Box(MARGIN_X, foot, col, band.y - 0.22 * inch - foot)
    later = Box(MARGIN_X, foot, col, height - EDGE - RUNNING_HEADER - foot)
    return Geometry(
        page=(width, height),
        trim=Box(0, 0, width, height),
        frames={"first": {"first": first}, "later": {"later": later}},
        bands={
            "header": band,
            "running_header": Box(MARGIN_X, height - EDGE - RUNNING_HEADER, col, RUNNING_HEADER),
            "footer": Box(MARGIN_X, EDGE, col, foot - EDGE),
        },
    )


def _pages(handout: Handout, theme: Theme, shape: Geometry) -> list[PageSpec]:
    band, footer = shape.bands["header"], shape.bands["footer"]
    running = shape.bands["running_header"]
    title, language = markup.plain(handout.title), handout.language

    def on_first(canv) -> None:
        draw_header_band(canv, theme, band.x, band.y, band.width, band.height)
        draw_footer(canv, theme, handout, footer)

    def on_later(canv) -> None:
        draw_running_header(
            canv, theme, title, running.x, running.top - 0.2 * inch, running.width, language
        )
        draw_footer(canv, theme, handout, footer)

    return [
        PageSpec("first", shape.frames["first"], on_first),
        PageSpec("later", shape.frames["later"], on_later),
    ]


# Tightening that may bring the closing card and fine print back from a last
# page of their own, loosest first: (spacing, the key points' padding). Type
# never shrinks: spacing goes to 70 %, then the key points' padding to half.
TIGHTENING = ((1.0, 1.0), (0.85, 1.0), (0.7, 1.0), (0.7, 0.5))
Tightening = Sequence[tuple[float, float]]


def opening(ctx: StoryContext) -> list:
    """Later pages from here on; the title (the document's H1), then the subtitle."""
    h, st = ctx.handout, ctx.styles
    out = [NextPageTemplate("later"), para(h.title, ctx, (*h.loc, "title"), st.title, role="H1")]
    if h.subtitle:
        out.append(para(h.subtitle, ctx, (*h.loc, "subtitle"), st.subtitle))
    return out


def next_step(
    lay_out_at: Callable[[int], Plan], step: int, steps: Tightening
) -> Callable[[], Plan] | None:
    """The layout one step tighter, or None when `step` is the tightest allowed."""
    return (lambda: lay_out_at(step + 1)) if step + 1 < len(steps) else None


def with_closing(
    story: list,
    card: list,
    fine: list,
    ctx: StoryContext,
    bottom: float,
    tighter: Callable[[], Plan] | None,
    *,
    card_may_close: bool = False,
) -> tuple[list, Callable[[int], Plan | tuple[Note, ...] | None]]:
    """`story` ending with the closing `card` and the `fine` print, and a `revise`
    that keeps the closing from standing alone.

    While the last page holds nothing but the closing (its card, or only its
    fine print), `revise` asks for the `tighter` plan; when there is none it
    names the page and what to shorten, with any picture that left a hole.
    With `card_may_close` (large print, whose card fills much of a page) the
    card may open the last page; only the fine print may not stand alone.
    Marks say where the text before the closing ended, where the closing
    started (it moves with the closing's first block) and where the card
    ended. `bottom` is the frames' foot, for the room left.
    """
    mark: dict[str, tuple[int, float]] = {}
    # The card's mark goes where its words end, before the space after them: a
    # spacer that no longer fits the page would carry the mark to the next one.
    words = len(card)
    while words > 1 and isinstance(card[words - 1], Spacer):
        words -= 1
    story = [*story, Mark("before_closing", mark, bottom), *kept_with_next(card[:1])]
    story += [Mark("closing", mark, bottom, keep_with_next=True), *card[1:words]]
    story += [Mark("before_fine_print", mark, bottom), *card[words:], *fine]
    handout = ctx.handout
    watched = "before_fine_print" if card_may_close else "before_closing"

    def revise(pages: int) -> Plan | tuple[Note, ...] | None:
        page, free = mark.get(watched, (pages, 0.0))
        closing_page = mark.get("closing", (pages, 0.0))[0]
        alone = page < pages  # the last page holds nothing but what is watched
        if alone and tighter is not None:
            return tighter()
        notes = picture_holes(story, ctx)
        if alone:
            what = "the closing card and the fine print"
            if closing_page < pages:
                what = "the end of the closing: the fine print"
            notes.append(
                Note(
                    (*handout.loc, "sections"),
                    f"page {pages} holds only {what} "
                    f"({free / inch:.1f} in was left free at the foot of page {page})",
                    "shorten the text before the closing by a few lines to bring them back "
                    f"to page {page}",
                    rule="pagination",
                )
            )
        return tuple(notes) or None

    return story, revise


def lay_out(handout: Handout, theme: Theme, options: RenderOptions, step: int = 0) -> Plan:
    """The handout's plan; it asks to be laid out tighter if its closing stands alone."""
    spacing, padding = TIGHTENING[step]
    shape = geometry(options, theme).mirrored_if(theme.rtl)
    band, footer = shape.bands["header"], shape.bands["footer"]
    running = shape.bands["running_header"]
    problem = (
        header_band_problem(theme, band.width, band.height)
        or footer_problem(theme, footer.width)
        or running_header_problem(
            theme, markup.plain(handout.title), running.width, handout.language, handout.loc
        )
    )
    if problem is not None:
        raise problem
    later = shape.frames["later"]["later"]
    styles = theme.styles(FORMAT.body_size)
    ctx = StoryContext(theme, styles, handout, later.width, options, frame_height=later.height)
    story = [*opening(ctx), *key_points(ctx, padding), *section_flowables(ctx)]
    story, revise = with_closing(
        story,
        closing_card(ctx),
        end_print(ctx),
        ctx,
        footer.top,
        next_step(lambda at: lay_out(handout, theme, options, at), step, TIGHTENING),
    )

    return Plan(
        story=tighten(story, spacing),
        pages=_pages(handout, theme, shape),
        page_size=shape.page,
        meta=metadata(handout, theme),
        initial_font=theme.fonts.regular,
        name=handout.id,
        loc=handout.loc,
        tagging=options.tags,
        page_total=page_total_drawer(theme),
        grayscale=theme.grayscale,
        revise=revise,
        continuation="later",
    )


FORMAT = Format(
    name="handout",
    suffix="",
    spec=PrintSpec(
        min_body_size=12.0,
        header_first=EDGE + BAND_HEIGHT,
        header=EDGE + RUNNING_HEADER,
        footer=FOOTER_TOP,
        paged=True,
    ),
    geometry=geometry,
    lay_out=lay_out,
)
