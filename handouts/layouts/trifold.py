"""Tri-fold brochure: a landscape sheet folded in three, printed on both sides.

Page 1 is the outside of the sheet: fold-in flap | back panel | front cover.
Page 2 is the inside: panels 1, 2, 3, read left to right (print duplex,
flip on the short edge). The fold-in panel is a little narrower than the
others (3.625 in against 3.6875 in on Letter, 97 mm against 100 mm on A4) so
it tucks in without buckling; on the inside it is the right-hand panel.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Handout
from ..options import RenderOptions
from ..render.document import Rendered
from ..render.primitives import FrameBreak, NextPageTemplate, PageTemplate, TopPadder, inch, mm
from ..theme import Theme
from .blocks import key_points, section_flowables, section_story
from .brochure import (
    COVER_PAD,
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
from .text import StoryContext

# (fold-in panel, other panels) per paper
PANELS = {"letter": (3.625 * inch, 3.6875 * inch), "a4": (97 * mm, 100 * mm)}


def sheets(options: RenderOptions) -> tuple[Sheet, Sheet]:
    """Outside (flap, back, cover) and inside (1, 2, 3, fold-in last)."""
    width, height = landscape(options)
    narrow, wide = PANELS[options.paper]
    outside = Sheet(width, height, (narrow, narrow + wide), options.print_shop)
    inside = Sheet(width, height, (wide, 2 * wide), options.print_shop)
    return outside, inside


def render_trifold(handout: Handout, theme: Theme, options: RenderOptions) -> Rendered:
    outside, inside = sheets(options)
    flap_index = next((i for i, s in enumerate(handout.sections) if s.flap), None)

    def attempt(size: float):
        frames = {
            "outside": [
                outside.frame(0, "flap"),
                outside.frame(1, "back"),
                outside.frame(2, "cover", pad=COVER_PAD),
            ],
            "inside": [inside.frame(i, f"panel{i + 1}") for i in range(3)],
        }
        narrowest = min(f._width for fs in frames.values() for f in fs)

        def on_outside(canv, doc):
            outside.mark(canv)
            outside.fill_panel(canv, 2, theme.colors.primary)

        templates = [
            PageTemplate("outside", frames["outside"], onPage=on_outside),
            PageTemplate("inside", frames["inside"], onPage=lambda canv, doc: inside.mark(canv)),
            overflow_template(inside),
        ]
        ctx = StoryContext(
            theme,
            theme.styles(size),
            handout,
            narrowest,
            options,
            frame_height=frames["inside"][0]._height,
        )
        # The flap is the first panel seen on opening the cover: a size up.
        big = replace(ctx, styles=theme.styles(size + 1))
        cta = call_to_action(big)
        if flap_index is None:
            flap, lead = key_points(big), []
        else:
            flap, lead = section_story(big, flap_index), key_points(ctx)
        if cta:
            flap.append(TopPadder(cta[0]))
        skip = () if flap_index is None else (flap_index,)
        story = [
            # Drawn flap, back, cover, inside; read cover, inside, flap, back.
            NextPageTemplate("inside"),
            *region("flap", 2, flap),
            FrameBreak(),
            *region("back", 3, back_flowables(ctx)),
            FrameBreak(),
            *region(
                "cover", 0, cover_flowables(ctx, title_size=26, width=frames["outside"][2]._width)
            ),
            FrameBreak(),
            NextPageTemplate("overflow"),
            *region("inside", 1, [*lead, *section_flowables(ctx, skip=skip, panel_breaks=True)]),
        ]
        allowed = {
            "flap": frozenset({"flap"}),
            "back": frozenset({"back"}),
            "cover": frozenset({"cover"}),
            "inside": frozenset({"panel1", "panel2", "panel3"}),
        }
        return lay_out(
            handout,
            theme,
            story,
            templates,
            outside,
            allowed,
            ctx.styles.body.leading,
            options.tags,
        )

    return fit(handout, attempt)
