"""The one- or two-page handout: branded band on page 1, running header after.

Page 1 carries the clinic's header band, then the title, the key-points box
and the sections; later pages get a slim running header. Every page has the
footer; the document ends with the call to action, contacts and fine print.
"""

from __future__ import annotations

from .. import markup
from ..model import Handout
from ..options import RenderOptions
from ..render.document import Frame, Metadata, Rendered, render
from ..render.primitives import NextPageTemplate, PageTemplate, inch
from ..theme import Theme
from .blocks import key_points, section_flowables
from .closing import closing_flowables
from .furniture import draw_footer, draw_header_band, draw_running_header, page_total_drawer
from .text import StoryContext, para

MARGIN_X = 0.75 * inch
EDGE = 0.5 * inch  # furniture stays this far from the trim: office printers
BAND_HEIGHT = 1.05 * inch
FOOTER_TOP = EDGE + 0.5 * inch
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


def _templates(handout: Handout, theme: Theme, width: float, height: float) -> list[PageTemplate]:
    col = width - 2 * MARGIN_X
    band_y = height - EDGE - BAND_HEIGHT
    first = Frame(
        MARGIN_X,
        FOOTER_TOP,
        col,
        band_y - 0.22 * inch - FOOTER_TOP,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        MARGIN_X,
        FOOTER_TOP,
        col,
        _later_height(height),
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    title = markup.plain(handout.title)

    def on_first(canv, doc):
        draw_header_band(canv, theme, EDGE, band_y, width - 2 * EDGE, BAND_HEIGHT)
        draw_footer(canv, theme, handout, MARGIN_X, EDGE, col)

    def on_later(canv, doc):
        draw_running_header(canv, theme, title, MARGIN_X, height - EDGE - 0.2 * inch, col)
        draw_footer(canv, theme, handout, MARGIN_X, EDGE, col)

    return [
        PageTemplate("first", [first], onPage=on_first),
        PageTemplate("later", [later], onPage=on_later),
    ]


def _later_height(page_height: float) -> float:
    """The text frame of pages 2 on: the tallest anything can be."""
    return page_height - EDGE - RUNNING_HEADER - FOOTER_TOP


def render_handout(handout: Handout, theme: Theme, options: RenderOptions) -> Rendered:
    width, height = options.pagesize
    styles = theme.styles(12.0)
    ctx = StoryContext(
        theme, styles, handout, width - 2 * MARGIN_X, options, frame_height=_later_height(height)
    )
    loc = handout.loc
    title = para(handout.title, ctx, (*loc, "title"), styles.title, role="H1")
    story = [NextPageTemplate("later"), title]
    if handout.subtitle:
        story.append(para(handout.subtitle, ctx, (*loc, "subtitle"), styles.subtitle))
    story += key_points(ctx)
    story += section_flowables(ctx)
    story += closing_flowables(ctx)
    return render(
        story,
        _templates(handout, theme, width, height),
        pagesize=options.pagesize,
        meta=metadata(handout, theme),
        initial_font=theme.fonts.regular,
        page_total_drawer=page_total_drawer(theme),
        tagging=options.tags,
    )
