"""Bi-fold brochure: a landscape sheet folded once into a four-page booklet.

Letter folds to 5.5 x 8.5 in, A4 to A5. Page 1 of the PDF is the outside of
the sheet: back cover | front cover; page 2 is the inside: booklet pages
2 | 3 (print duplex, flip on the short edge). Each inside half is laid out
as a page of its own, with the handout's running header and footer.
"""

from __future__ import annotations

from .. import markup
from ..labels import labels_for
from ..model import Handout
from ..options import RenderOptions
from ..render.document import Rendered
from ..render.primitives import FrameBreak, NextPageTemplate, PageTemplate, Spacer
from ..theme import Theme
from .blocks import key_points, section_flowables
from .brochure import (
    COVER_PAD,
    MARGIN,
    Sheet,
    back_flowables,
    cover_flowables,
    fit,
    landscape,
    lay_out,
    overflow_template,
    region,
)
from .closing import call_to_action
from .furniture import draw_footer, draw_running_header
from .text import StoryContext

HEADER = 0.45 * 72  # running header above the text
FOOTER = 0.5 * 72  # footer below it
# How far the page furniture reaches in from the trim (for print checks).
FURNITURE_TOP = MARGIN + HEADER
FURNITURE_BOTTOM = MARGIN + FOOTER


def render_bifold(handout: Handout, theme: Theme, options: RenderOptions) -> Rendered:
    width, height = landscape(options)
    sheet = Sheet(width, height, (width / 2,), options.print_shop)
    title = markup.plain(handout.title)
    labels = labels_for(handout.language)

    def on_outside(canv, doc):
        sheet.mark(canv)
        sheet.fill_panel(canv, 1, theme.colors.primary)

    def on_inside(canv, doc):
        sheet.mark(canv)
        for i in (0, 1):
            x0, x1 = sheet.panel(i)
            x, w = x0 + MARGIN, x1 - x0 - 2 * MARGIN
            top = sheet.origin + height - MARGIN - 9
            draw_running_header(canv, theme, title, x, top, w)
            label = labels.page.format(n=i + 2) + "4"
            draw_footer(canv, theme, handout, x, sheet.origin + MARGIN, w, label)

    def attempt(size: float):
        pages = [sheet.frame(i, f"page{i + 2}", top=HEADER, bottom=FOOTER) for i in (0, 1)]
        cover_frame = sheet.frame(1, "front", pad=COVER_PAD)
        templates = [
            PageTemplate(
                "outside",
                [sheet.frame(0, "back"), cover_frame],
                onPage=on_outside,
            ),
            PageTemplate("inside", pages, onPage=on_inside),
            overflow_template(sheet),
        ]
        ctx = StoryContext(
            theme, theme.styles(size), handout, pages[0]._width, options, pages[0]._height
        )
        back = call_to_action(ctx)
        if back:
            back.append(Spacer(1, size * 1.2))
        back += back_flowables(ctx)
        story = [
            # Drawn back, cover, inside; read cover, inside, back.
            NextPageTemplate("inside"),
            *region("back", 2, back),
            FrameBreak(),
            *region("cover", 0, cover_flowables(ctx, title_size=30, width=cover_frame._width)),
            FrameBreak(),
            NextPageTemplate("overflow"),
            *region("inside", 1, [*key_points(ctx), *section_flowables(ctx, panel_breaks=True)]),
        ]
        allowed = {
            "back": frozenset({"back"}),
            "cover": frozenset({"front"}),
            "inside": frozenset({"page2", "page3"}),
        }
        return lay_out(
            handout, theme, story, templates, sheet, allowed, ctx.styles.body.leading, options.tags
        )

    return fit(handout, attempt)
