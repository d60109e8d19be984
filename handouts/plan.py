"""What a layout hands the renderer: a plan of pages, as data.

A layout decides what goes where; `handouts.render.document.render(plan)`
is the only code that runs ReportLab's document build. Between the two sits
this plan: the story (flowables, built from content by the layouts), the
page templates as geometry in points, the document's metadata, the order in
which a reader meets the regions of a folded sheet, and a fit policy that
says which body sizes the renderer may try before it reports an overflow.

Layout tests assert on plans (which frame a region may use, where a panel
starts, the reading order) without drawing a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .diagnostics import Loc


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in PDF points, from the page's lower left corner."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def mirrored(self, within: Box) -> Box:
        """This box mirrored about the vertical centre line of `within` (a page, a band).

        A right-to-left layout is its left-to-right twin seen in a mirror:
        what starts at the left margin starts at the right one, the first
        panel of a sheet is its rightmost.
        """
        return Box(within.x + within.right - self.right, self.y, self.width, self.height)

    def mirrored_if(self, rtl: bool, within: Box) -> Box:
        """`mirrored(within)` on a right-to-left page, else this box."""
        return self.mirrored(within) if rtl else self


@dataclass(frozen=True)
class PageSpec:
    """One page template: its text frames (id -> box) and its furniture.

    `draw` paints what is not content (header band, footer, panel fills,
    print marks) on every page made from this template.
    """

    name: str
    frames: Mapping[str, Box]
    draw: Callable[[Any], None] | None = None
    size: tuple[float, float] | None = None  # the plan's page size unless given


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: Sequence[str]
    language: str


# How far apart (a share of the panel's height) a brochure's inside panels may
# end once balanced; beyond it the layout notes why (render.document._balanced).
PANEL_TOLERANCE = 0.15


@dataclass(frozen=True)
class FitPolicy:
    """Where each region of a folded sheet may print, and what to try when it does not fit.

    `regions` maps a region (flap, back, cover, inside) to the frames it may
    use; anything drawn elsewhere is overflow. `smaller(size)` lays the
    content out again at a smaller body size, None when shrinking is not
    allowed or not possible: the renderer keeps asking until it fits.
    """

    regions: Mapping[str, frozenset[str]]
    size: float  # the body size of this plan
    normal_size: float  # the size the format prints at when the content fits
    leading: float  # body line height: turns overflow heights into lines
    smaller: Callable[[], Plan | None] = field(default=lambda: None)
    # The same plan with the inside panels a share (0 to 1) of their height
    # shorter (all, or all but the last when the flag is False), for
    # balancing them (brochures), or None; and how far apart their ends may be.
    balance: Callable[[float, bool], Plan] | None = None
    panel_tolerance: float = PANEL_TOLERANCE
    region_names: Mapping[str, str] = field(default_factory=dict)  # "on the fold-in flap"
    fixed_regions: frozenset[str] = frozenset()  # set at their own sizes (the cover)


@dataclass(frozen=True)
class Plan:
    """Everything the renderer needs for one PDF."""

    story: Sequence[Any]
    pages: Sequence[PageSpec]
    page_size: tuple[float, float]
    meta: Metadata
    initial_font: str
    name: str  # the handout's id (or "catalogue"), for messages
    loc: Loc  # where the handout (or library) is in the content, for errors
    tagging: bool = True
    # Draws "N" of "Page n of N" once the page count is known (a form XObject).
    page_total: Callable[[Any, int], None] | None = None
    # Regions in the order a reader meets them (brochures; a handout reads top down).
    reading_order: Sequence[str] = ()
    fit: FitPolicy | None = None
    grayscale: bool = False  # every colour written as DeviceGray
    # Called with the page count of a layout that fits: a better plan to lay
    # out instead (a handout tightening so its closing is not alone), or the
    # notes (render.Note) to report with this layout, or None.
    revise: Callable[[int], Plan | Sequence[Any] | None] | None = None
    # The page template of a page added after the last (the print station's
    # notes page); None when the document must keep its pages (a folded sheet).
    continuation: str | None = None

    def page(self, name: str) -> PageSpec:
        """The template `name`, with its page size filled in (the plan's unless its own)."""
        spec = next(p for p in self.pages if p.name == name)
        return spec if spec.size else replace(spec, size=self.page_size)
