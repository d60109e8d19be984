"""What folded brochures share: panels on a sheet, the fit policy, cover, back panel, print marks.

A brochure has fixed room: each flowable is placed in a region (flap, back,
cover, inside) and the renderer checks that it landed in one of that
region's frames (`handouts.render.fit`); with `fit: shrink` the plan offers
smaller body sizes, down to 10 pt, before the overflow is reported.

Geometry is kept in trim coordinates; in print-shop mode the page grows by a
slug on every side for the bleed, crop marks and fold marks, and the trim
sits at `Sheet.origin`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from .. import markup
from ..model import Handout
from ..options import RenderOptions
from ..plan import Box, FitPolicy, PageSpec, Plan
from ..render.fit import region
from ..render.flowables import AtFoot, Picture
from ..render.meta import source
from ..render.primitives import (
    Canvas,
    Flowable,
    Spacer,
    colors,
    inch,
)
from ..render.tagging import ReadingOrder, tagged
from ..theme import Theme
from .blocks import clinic_url, qr_card
from .boxes import Panel
from .closing import brand_words, contact_block, edition_codes, fine_print, review_paragraph
from .furniture import draw_logo_badge
from .handout import metadata
from .text import LayoutProblem, StoryContext, fixed, para

BLEED = 0.125 * inch  # backgrounds that touch the trim run this far past it
SLUG = 0.5 * inch  # print shop: room outside the trim for bleed and marks
# Marks print on every plate (the "All" separation), so a print shop can
# register all four inks with them, not only black.
REGISTRATION = colors.CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)
OFFICE_EDGE = 0.25 * inch  # office printers: nothing nearer the trim than this
MARGIN = 0.375 * inch  # text from every trim edge and fold (at least 0.25 in)
COVER_PAD = MARGIN + 0.2 * inch  # cover text sits well inside its colour block

BODY_SIZE = 12.0  # the large-print guideline for patient material
MIN_BODY_SIZE = 10.0
SHRINK_STEP = 0.5
COVER_PICTURE_HEIGHT = 2 * inch
BACK_SIZE = 12.0  # the back panel keeps the handout's sizes


# ------------------------------------------------------------------ geometry


@dataclass(frozen=True)
class Sheet:
    """One side of the sheet: its trim size, its folds, and where the trim sits.

    Panels are numbered in the order the sheet folds and is read: from the
    left, or from the right on a right-to-left sheet (`rtl`), which is its
    left-to-right twin mirrored about the page's centre: the cover, the flap
    and the inside panels swap sides, so it folds (and opens) the other way.
    `folds` are given from the first panel's edge.
    """

    width: float
    height: float
    folds: tuple[float, ...]
    print_shop: bool = False
    rtl: bool = False

    @property
    def origin(self) -> float:
        return SLUG if self.print_shop else 0.0

    @property
    def pagesize(self) -> tuple[float, float]:
        return (self.width + 2 * self.origin, self.height + 2 * self.origin)

    def panel(self, index: int) -> tuple[float, float]:
        """Left and right edge of a panel, in page coordinates."""
        box = self.panel_box(index)
        return box.x, box.right

    @property
    def trim(self) -> Box:
        return Box(self.origin, self.origin, self.width, self.height)

    def panel_box(self, index: int) -> Box:
        edges = (0.0, *self.folds, self.width)
        box = Box(
            self.origin + edges[index], self.origin, edges[index + 1] - edges[index], self.height
        )
        return box.mirrored_if(self.rtl, self.trim)

    @property
    def panels(self) -> tuple[Box, ...]:
        """The panels from left to right as printed."""
        boxes = (self.panel_box(i) for i in range(len(self.folds) + 1))
        return tuple(sorted(boxes, key=lambda box: box.x))

    @property
    def fold_lines(self) -> tuple[float, ...]:
        """Where the sheet folds, from the trim's left edge, left to right."""
        return tuple(box.x - self.origin for box in self.panels[1:])

    def frame(self, index: int, pad: float = MARGIN, top: float = 0, bottom: float = 0) -> Box:
        """The text area of a panel: `pad` (at least MARGIN) from its folds and trim
        edges, less `top` and `bottom` for page furniture."""
        x0, x1 = self.panel(index)
        return Box(
            x0 + pad,
            self.origin + pad + bottom,
            x1 - x0 - 2 * pad,
            self.height - 2 * pad - top - bottom,
        )

    @property
    def overflow(self) -> Mapping[str, Box]:
        """One frame over the whole page: catches what did not fit, to measure it."""
        return {"overflow": Box(0, 0, *self.pagesize)}

    def fill_panel(
        self, canv: Canvas, index: int, color: colors.Color, outline: colors.Color | None = None
    ) -> None:
        """A background filling a panel: bled past the trim for a print shop;
        for office printers a card kept OFFICE_EDGE inside the trim and folds.
        With `outline` (grayscale) it is a card drawn round, inside the trim."""
        x0, x1 = self.panel(index)
        y0, y1 = self.origin, self.origin + self.height
        canv.saveState()
        canv.setFillColor(color)
        if outline is not None:
            e = OFFICE_EDGE
            canv.setStrokeColor(outline)
            canv.setLineWidth(0.75)
            canv.roundRect(x0 + e, y0 + e, x1 - x0 - 2 * e, y1 - y0 - 2 * e, 8, stroke=1, fill=1)
            canv.restoreState()
            return
        if self.print_shop:  # bled past the trim's edges, not past a fold
            trim = self.trim
            left = x0 - BLEED if abs(x0 - trim.x) < 1e-6 else x0
            right = x1 + BLEED if abs(x1 - trim.right) < 1e-6 else x1
            canv.rect(left, y0 - BLEED, right - left, y1 - y0 + 2 * BLEED, stroke=0, fill=1)
        else:
            e = OFFICE_EDGE
            canv.roundRect(x0 + e, y0 + e, x1 - x0 - 2 * e, y1 - y0 - 2 * e, 8, stroke=0, fill=1)
        canv.restoreState()

    def mark(self, canv: Canvas) -> None:
        """What a printer needs to know: print duplex, flipping on the short edge
        (so the inside is not upside down); for a print shop also the TrimBox,
        BleedBox, crop and fold marks."""
        canv.setViewerPreference("Duplex", "DuplexFlipShortEdge")
        if not self.print_shop:
            return
        o, w, h = self.origin, self.width, self.height
        canv.setTrimBox([o, o, o + w, o + h])
        canv.setBleedBox([o - BLEED, o - BLEED, o + w + BLEED, o + h + BLEED])
        near, far = BLEED + 3, SLUG - 6  # marks stay outside the bleed
        canv.saveState()
        canv.setStrokeColor(REGISTRATION)
        canv.setLineWidth(0.25)
        for x in (o, o + w):
            for y, sign in ((o, -1), (o + h, 1)):
                canv.line(x, y + sign * near, x, y + sign * far)
        for y in (o, o + h):
            for x, sign in ((o, -1), (o + w, 1)):
                canv.line(x + sign * near, y, x + sign * far, y)
        canv.setDash(3, 2)
        for fold in self.fold_lines:
            x = o + fold
            canv.line(x, o - near, x, o - far)
            canv.line(x, o + h + near, x, o + h + far)
        canv.restoreState()


# ------------------------------------------------------------------ fitting


def in_region(name: str, flowables: Sequence[Flowable]) -> list[Flowable]:
    """Flowables that must stay in one region of the sheet, read in READING_ORDER.

    Regions are drawn in sheet order but read in another (cover first), so
    each starts with its place in the reading order for the tagged PDF.
    """
    return region(name, [ReadingOrder(READING_ORDER.index(name)), *flowables])


# As a reader meets the panels: the cover; on opening it, the tri-fold's flap
# (its key points); the inside; the back, last. See docs/accessibility.md.
READING_ORDER = ("cover", "flap", "inside", "back")


def fit_policy(
    handout: Handout,
    regions: Mapping[str, frozenset[str]],
    size: float,
    leading: float,
    names: Mapping[str, str],
    again: Callable[[float], Plan],
) -> FitPolicy:
    """Brochures print at 12 pt; with `fit: shrink` they may go down to 10 pt."""
    smaller = size - SHRINK_STEP
    can_shrink = handout.fit == "shrink" and smaller >= MIN_BODY_SIZE
    return FitPolicy(
        regions=regions,
        size=size,
        normal_size=BODY_SIZE,
        leading=leading,
        smaller=(lambda: again(smaller)) if can_shrink else (lambda: None),
        region_names=names,
        fixed_regions=frozenset({"cover"}),  # set at its own sizes: shrinking cannot help
    )


def brochure_plan(
    handout: Handout,
    theme: Theme,
    options: RenderOptions,
    sheet: Sheet,
    story: list[Flowable],
    pages: list[PageSpec],
    fit: FitPolicy,
) -> Plan:
    return Plan(
        story=story,
        pages=[*pages, PageSpec("overflow", sheet.overflow)],
        page_size=sheet.pagesize,
        meta=metadata(handout, theme),
        initial_font=theme.fonts.regular,
        name=handout.id,
        loc=handout.loc,
        tagging=options.tags,
        reading_order=READING_ORDER,
        fit=fit,
        grayscale=theme.grayscale,
    )


REGION_NAMES = {
    "flap": "on the fold-in flap",
    "back": "on the back panel",
    "cover": "on the cover",
    "inside": "in the inside panels",
}


# ------------------------------------------------------------------ shared panels


def cover_flowables(ctx: StoryContext, *, title_size: float, width: float) -> list[Flowable]:
    """Front cover on the brand colour: logo and clinic, an optional picture,
    title, subtitle, tagline."""
    h, theme, st = ctx.handout, ctx.theme, ctx.styles
    white = theme.colors.on_primary
    pale = colors.HexColor("#DCE6EE")  # soft white that still reads on the brand colour
    pale = theme.colors.on_primary if theme.grayscale else pale
    name_style = st.box_title.clone("cover_clinic", textColor=white, fontSize=11, leading=14)
    title_style = st.title.clone(
        "cover_title",
        textColor=white,
        fontSize=title_size,
        leading=title_size * 1.14,
        spaceAfter=title_size * 0.45,
    )
    subtitle_style = st.subtitle.clone(
        "cover_subtitle", textColor=pale, fontSize=13, leading=17, spaceAfter=0
    )
    tagline_style = st.small.clone("cover_tagline", textColor=pale, fontSize=10, leading=13)
    side = "RIGHT" if ctx.rtl else "LEFT"  # where the cover's lines start
    out: list[Flowable] = [
        LogoBadge(theme, 0.85 * inch, side),
        Spacer(1, 10),
        tagged(fixed([markup.Run(theme.clinic.name)], name_style), "P"),
        *(cover_picture(ctx, width, pale) if h.cover_image else [Spacer(1, 1.1 * inch)]),
        AccentRule(theme.colors.accent, side),
        para(h.title, ctx, (*h.loc, "title"), title_style, role="H1"),
    ]
    if h.subtitle:
        out.append(para(h.subtitle, ctx, (*h.loc, "subtitle"), subtitle_style))
    # The tagline sits at the foot; the room above it is where the print
    # station puts a patient's card.
    tagline = theme.clinic.tagline
    foot = brand_words(tagline, "tagline", tagline_style, ctx) if tagline else Spacer(1, 0)
    return [*out, AtFoot(foot, "cover")]


def cover_picture(ctx: StoryContext, width: float, color: colors.Color) -> list[Flowable]:
    """The handout's `cover_image`, at most 2 in tall, with its caption if any."""
    img = ctx.handout.cover_image
    assert img is not None
    loc = (*ctx.handout.loc, "cover_image")
    try:
        picture = ctx.theme.picture(img.src)
    except (OSError, ValueError) as exc:
        raise LayoutProblem((*loc, "src"), f"cannot read the image: {exc}") from None
    w0, h0 = picture.size
    size = min(img.width * width, picture.max_width, COVER_PICTURE_HEIGHT * w0 / h0)
    out: list[Flowable] = [
        Spacer(1, 0.3 * inch),
        source(tagged(Picture(picture, size, img.alt), "Figure", alt=img.alt), loc),
    ]
    if img.caption:
        style = ctx.styles.body.clone("cover_caption", textColor=color, fontSize=10, leading=13)
        out += [Spacer(1, 4), para(img.caption, ctx, (*loc, "caption"), style)]
    return [*out, Spacer(1, 0.3 * inch)]


def back_flowables(ctx: StoryContext, width: float) -> list[Flowable]:
    """Back panel (`width` wide): contacts, a QR code to the website (and codes
    to the handout's other languages), then the fine print at the foot.

    Set at the handout's sizes whatever the body size: the panel has room, and
    the fine print is then the one size print checks know as fine print.
    """
    ctx = replace(ctx, styles=ctx.theme.styles(BACK_SIZE))
    st = ctx.styles
    out = contact_block(ctx)
    url = clinic_url(ctx.theme)
    if url is not None:
        caption = ctx.labels.qr_caption
        out += [Spacer(1, st.body.fontSize), qr_card(url, caption, None, ctx, ("clinic", "qr_url"))]
    out += edition_codes(ctx, width)  # the handout in its other languages
    small = fine_print(ctx)
    small.append(review_paragraph(ctx))
    # The fine print follows at the gap between blocks: pushed to the foot it
    # left a hole of 2 in or more under the QR code.
    out += [Spacer(1, block_gap(ctx)), Panel(small, fill=None, padding=0, rtl=ctx.rtl)]
    return out


Lift = tuple[float, bool]  # (share of the height, the last frame too), for `lifted`
NO_LIFT: Lift = (0.0, True)


def lifted(frames: Mapping[str, Box], share: float, last: bool = True) -> dict[str, Box]:
    """Frames `share` of their height shorter, from the foot (for balancing panels).

    With `last` False the last frame keeps its height, to take what the
    others push on to it.
    """
    keep = list(frames)[-1] if not last else None
    return {
        name: box
        if name == keep
        else replace(box, y=box.y + box.height * share, height=box.height * (1 - share))
        for name, box in frames.items()
    }


def block_gap(ctx: StoryContext) -> float:
    """The space between a brochure panel's blocks (key points, call to action, ...)."""
    return ctx.styles.body.fontSize * 1.5


class LogoBadge(Flowable):
    """The clinic logo on its white tile, as a flowable for cover panels."""

    def __init__(self, theme: Theme, size: float, side: str = "LEFT"):
        super().__init__()
        self.theme, self.size, self.hAlign = theme, size, side

    def wrap(self, availWidth, availHeight):
        self.width = self.size
        self.height = self.size if self.theme.logo is not None else 0
        return self.width, self.height

    def draw(self):
        draw_logo_badge(self.canv, self.theme, 0, 0, self.size)


class AccentRule(Flowable):
    """A short bar of the accent colour that sets the title off."""

    def __init__(
        self,
        color: colors.Color,
        side: str = "LEFT",
        width: float = 0.6 * inch,
        thickness: float = 4,
    ):
        super().__init__()
        self.color, self.width, self.thickness, self.hAlign = color, width, thickness, side

    def wrap(self, availWidth, availHeight):
        self.height = self.thickness + 10
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.setFillColor(self.color)
        self.canv.rect(0, 10, self.width, self.thickness, stroke=0, fill=1)
        self.canv.restoreState()


def landscape(options: RenderOptions) -> tuple[float, float]:
    """The flat sheet lies landscape: trim width and height."""
    w, h = options.pagesize
    return max(w, h), min(w, h)
