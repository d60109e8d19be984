"""Bi-fold brochure: a landscape sheet folded once into a four-page booklet.

Letter folds to 5.5 x 8.5 in, A4 to A5. Page 1 of the PDF is the outside of
the sheet: back cover | front cover; page 2 is the inside: booklet pages
2 | 3 (print duplex, flip on the short edge). Each inside half is laid out
as a page of its own, with the handout's running header and footer. A
right-to-left booklet opens the other way, its spine at the right of the
front cover: front | back outside, pages 3 | 2 inside.
"""

from __future__ import annotations

from dataclasses import replace

from .. import markup
from ..formats import Format, Geometry, PrintSpec
from ..model import Handout
from ..options import RenderOptions
from ..plan import Box, PageSpec, Plan
from ..render.primitives import FrameBreak, NextPageTemplate, Spacer
from ..theme import Theme
from .blocks import key_points, section_flowables
from .brochure import (
    BODY_SIZE,
    COVER_PAD,
    MARGIN,
    NO_LIFT,
    REGION_NAMES,
    Lift,
    Sheet,
    back_flowables,
    brochure_plan,
    cover_flowables,
    fit_policy,
    in_region,
    landscape,
    lifted,
)
from .closing import call_to_action
from .footer import BASE_HEIGHT, EMERGENCY_LEAD, MAX_LINES, draw_footer, footer_problem
from .furniture import draw_running_header, running_header_problem
from .text import StoryContext

HEADER = 0.45 * 72  # running header above the text
# The footer below it: a booklet page is narrow, so it always keeps room for
# the emergency words' longest (their lines decide nothing else here).
FOOTER = BASE_HEIGHT + EMERGENCY_LEAD * (MAX_LINES - 1)
# How far the page furniture reaches in from the trim (for print checks).
FURNITURE_TOP = MARGIN + HEADER
FURNITURE_BOTTOM = MARGIN + FOOTER


def _sheet(options: RenderOptions, rtl: bool = False) -> Sheet:
    width, height = landscape(options)
    return Sheet(width, height, (width / 2,), options.print_shop, rtl)


def geometry(options: RenderOptions, rtl: bool = False) -> Geometry:
    """Outside: back cover | front cover; inside: booklet pages 2 | 3 (mirrored when `rtl`)."""
    sheet = _sheet(options, rtl)
    pages = {f"page{i + 2}": sheet.frame(i, top=HEADER, bottom=FOOTER) for i in (0, 1)}
    bands = {}
    for i in (0, 1):
        x0, x1 = sheet.panel(i)
        x, w = x0 + MARGIN, x1 - x0 - 2 * MARGIN
        bands[f"running_header{i + 2}"] = Box(
            x, sheet.origin + sheet.height - FURNITURE_TOP, w, HEADER
        )
        bands[f"footer{i + 2}"] = Box(x, sheet.origin + MARGIN, w, FOOTER)
    return Geometry(
        page=sheet.pagesize,
        trim=sheet.trim,
        frames={
            "outside": {"back": sheet.frame(0), "front": sheet.frame(1, pad=COVER_PAD)},
            "inside": pages,
        },
        bands=bands,
        panels=sheet.panels,
        folds=sheet.fold_lines,
    )


REGIONS = {
    "back": frozenset({"back"}),
    "cover": frozenset({"front"}),
    "inside": frozenset({"page2", "page3"}),
}


def lay_out(handout: Handout, theme: Theme, options: RenderOptions) -> Plan:
    return _plan(handout, theme, options, BODY_SIZE)


def _plan(
    handout: Handout, theme: Theme, options: RenderOptions, size: float, lift: Lift = NO_LIFT
) -> Plan:
    """The bi-fold at body `size`, its inside pages shortened by `lift` (see `lifted`)."""
    sheet = _sheet(options, theme.rtl)
    shape = geometry(options, theme.rtl)
    title = markup.plain(handout.title)
    problem = footer_problem(theme, shape.bands["footer2"].width) or running_header_problem(
        theme, title, shape.bands["running_header2"].width, handout.language, handout.loc
    )
    if problem is not None:
        raise problem
    frames = dict(shape.frames)
    full = frames["inside"]["page2"]
    frames["inside"] = lifted(frames["inside"], *lift)
    labels = theme.labels

    def on_outside(canv) -> None:
        sheet.mark(canv)
        sheet.fill_panel(canv, 1, theme.colors.solid, theme.colors.outline)

    def on_inside(canv) -> None:
        sheet.mark(canv)
        for n in (2, 3):
            head, foot = shape.bands[f"running_header{n}"], shape.bands[f"footer{n}"]
            draw_running_header(
                canv, theme, title, head.x, head.top - 9, head.width, handout.language
            )
            label = labels.page_number(n) + "4"
            draw_footer(canv, theme, handout, foot, label)

    pages = [
        PageSpec("outside", frames["outside"], on_outside),
        PageSpec("inside", frames["inside"], on_inside),
    ]
    ctx = StoryContext(
        theme, theme.styles(size), handout, full.width, options, full.height, split_write_ins=False
    )
    back = call_to_action(ctx)
    if back:
        back.append(Spacer(1, size * 1.2))
    back += back_flowables(ctx, frames["outside"]["back"].width)
    cover_width = frames["outside"]["front"].width
    story = [
        # Drawn back, cover, inside; read cover, inside, back.
        NextPageTemplate("inside"),
        *in_region("back", back),
        FrameBreak(),
        *in_region("cover", cover_flowables(ctx, title_size=30, width=cover_width)),
        FrameBreak(),
        NextPageTemplate("overflow"),
        *in_region("inside", [*key_points(ctx), *section_flowables(ctx, panel_breaks=True)]),
    ]
    fit = fit_policy(
        handout,
        REGIONS,
        size,
        ctx.styles.body.leading,
        REGION_NAMES,
        lambda smaller: _plan(handout, theme, options, smaller),
    )
    # Balanced: the renderer shortens the inside pages while it fits (render.document).
    fit = replace(
        fit, balance=lambda share, last: _plan(handout, theme, options, size, (share, last))
    )
    return brochure_plan(handout, theme, options, sheet, story, pages, fit)


FORMAT = Format(
    name="bifold",
    suffix="-bifold",
    spec=PrintSpec(
        min_body_size=10.0,
        header=FURNITURE_TOP,
        footer=FURNITURE_BOTTOM,
        inside_panels=2,
        panel_top=FURNITURE_TOP,
        panel_bottom=FURNITURE_BOTTOM,
    ),
    geometry=geometry,
    lay_out=lay_out,
    body_size=BODY_SIZE,
    folded=True,
    regions=REGION_NAMES,
)
