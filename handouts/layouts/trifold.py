"""Tri-fold brochure: a landscape sheet folded in three, printed on both sides.

Page 1 is the outside of the sheet: fold-in flap | back panel | front cover.
Page 2 is the inside: panels 1, 2, 3, read left to right (print duplex,
flip on the short edge). The fold-in panel is a little narrower than the
others (3.625 in against 3.6875 in on Letter, 97 mm against 100 mm on A4) so
it tucks in without buckling; on the inside it is the right-hand panel.
A right-to-left brochure folds the other way, so both sides are mirrored:
cover | back | flap outside, panels 3, 2, 1 inside (panel 1 at the right,
the fold-in panel at the left).
"""

from __future__ import annotations

from dataclasses import replace

from ..formats import Format, Geometry, PrintSpec
from ..model import Handout
from ..options import RenderOptions
from ..plan import PageSpec, Plan
from ..render.primitives import FrameBreak, NextPageTemplate, Spacer, inch, mm
from ..theme import Theme
from .blocks import key_points, section_flowables, section_story
from .brochure import (
    BODY_SIZE,
    COVER_PAD,
    MARGIN,
    NO_LIFT,
    REGION_NAMES,
    Lift,
    Sheet,
    back_flowables,
    block_gap,
    brochure_plan,
    cover_flowables,
    fit_policy,
    in_region,
    landscape,
    lifted,
)
from .closing import call_to_action
from .text import StoryContext

# (fold-in panel, other panels) per paper
PANELS = {"letter": (3.625 * inch, 3.6875 * inch), "a4": (97 * mm, 100 * mm)}


def sheets(options: RenderOptions, rtl: bool = False) -> tuple[Sheet, Sheet]:
    """Outside (flap, back, cover) and inside (1, 2, 3, fold-in last), from the
    left, or from the right when `rtl`."""
    width, height = landscape(options)
    narrow, wide = PANELS[options.paper]
    outside = Sheet(width, height, (narrow, narrow + wide), options.print_shop, rtl)
    inside = Sheet(width, height, (wide, 2 * wide), options.print_shop, rtl)
    return outside, inside


def geometry(options: RenderOptions, rtl: bool = False) -> Geometry:
    """Outside: flap | back | cover; inside: panels 1-3 (the fold-in panel last);
    mirrored when `rtl`."""
    outside, inside = sheets(options, rtl)
    return Geometry(
        page=outside.pagesize,
        trim=outside.trim,
        frames={
            "outside": {
                "flap": outside.frame(0),
                "back": outside.frame(1),
                "cover": outside.frame(2, pad=COVER_PAD),
            },
            "inside": {f"panel{i + 1}": inside.frame(i) for i in range(3)},
        },
        panels=outside.panels,
        folds=outside.fold_lines,
    )


REGIONS = {
    "flap": frozenset({"flap"}),
    "back": frozenset({"back"}),
    "cover": frozenset({"cover"}),
    "inside": frozenset({"panel1", "panel2", "panel3"}),
}


def lay_out(handout: Handout, theme: Theme, options: RenderOptions) -> Plan:
    return _plan(handout, theme, options, BODY_SIZE)


def _plan(
    handout: Handout, theme: Theme, options: RenderOptions, size: float, lift: Lift = NO_LIFT
) -> Plan:
    """The tri-fold at body `size`, its inside panels shortened by `lift` (see `lifted`)."""
    outside, inside = sheets(options, theme.rtl)
    shape = geometry(options, theme.rtl)
    frames = dict(shape.frames)
    full = frames["inside"]["panel1"]
    frames["inside"] = lifted(frames["inside"], *lift)
    flap_index = next((i for i, s in enumerate(handout.sections) if s.flap), None)

    def on_outside(canv) -> None:
        outside.mark(canv)
        outside.fill_panel(canv, 2, theme.colors.solid, theme.colors.outline)

    pages = [
        PageSpec("outside", frames["outside"], on_outside),
        PageSpec("inside", frames["inside"], inside.mark),
    ]
    narrowest = min(box.width for fs in frames.values() for box in fs.values())
    ctx = StoryContext(
        theme, theme.styles(size), handout, narrowest, options, full.height, split_write_ins=False
    )
    # The flap is the first panel seen on opening the cover: a size up.
    big = replace(ctx, styles=theme.styles(size + 1))
    cta = call_to_action(big)
    if flap_index is None:
        flap, lead = key_points(big), []
    else:
        flap, lead = section_story(big, flap_index), key_points(ctx)
    if cta:  # after the key points at the gap between blocks, not at the foot
        flap += [Spacer(1, block_gap(big)), cta[0]]
    skip = () if flap_index is None else (flap_index,)
    cover_width = frames["outside"]["cover"].width
    story = [
        # Drawn flap, back, cover, inside; read cover, flap, inside, back (READING_ORDER).
        NextPageTemplate("inside"),
        *in_region("flap", flap),
        FrameBreak(),
        *in_region("back", back_flowables(ctx, frames["outside"]["back"].width)),
        FrameBreak(),
        *in_region("cover", cover_flowables(ctx, title_size=26, width=cover_width)),
        FrameBreak(),
        NextPageTemplate("overflow"),
        *in_region("inside", [*lead, *section_flowables(ctx, skip=skip, panel_breaks=True)]),
    ]
    leading = ctx.styles.body.leading
    fit = fit_policy(
        handout,
        REGIONS,
        size,
        leading,
        REGION_NAMES,
        lambda smaller: _plan(handout, theme, options, smaller),
    )
    # Balanced: the renderer shortens the inside panels while it fits (render.document).
    fit = replace(
        fit, balance=lambda share, last: _plan(handout, theme, options, size, (share, last))
    )
    return brochure_plan(handout, theme, options, outside, story, pages, fit)


FORMAT = Format(
    name="trifold",
    suffix="-trifold",
    spec=PrintSpec(min_body_size=10.0, inside_panels=3, panel_top=MARGIN, panel_bottom=MARGIN),
    geometry=geometry,
    lay_out=lay_out,
    body_size=BODY_SIZE,
    folded=True,
    regions=REGION_NAMES,
    edition_codes=1,  # the narrow back panel has room for one, the others named beside it
)
