"""What folded brochures share: panels on a sheet, fitting, cover, back panel, print marks.

A brochure has fixed room. Unlike the handout, which just takes another
page, it must know whether the content fitted: every flowable is tagged with
the region it belongs to (flap, back, cover, inside) and the document checks,
as each one is drawn, that it landed in one of that region's frames.
Anything that lands elsewhere is overflow and fails the build with its
source location and a rough size; nothing is clipped or dropped.

Geometry is kept in trim coordinates; in print-shop mode the page grows by a
slug on every side for the bleed, crop marks and fold marks, and the trim
sits at `Sheet.origin`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import TopPadder

from .. import markup
from ..engine.flowable import TextFlow
from ..model import Handout
from ..options import RenderOptions
from ..render import DocTemplate, Frame, Note, Rendered, render, source
from ..tagging import ReadingOrder, tagged
from ..theme import Theme, gray
from .blocks import clinic_url, qr_card
from .boxes import Panel
from .closing import contact_block, fine_print
from .flowables import Picture
from .furniture import draw_logo_badge, review_line
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

BODY_SIZE = 11.0
MIN_BODY_SIZE = 10.0
SHRINK_STEP = 0.5
COVER_PICTURE_HEIGHT = 2 * inch
BACK_SIZE = 12.0  # the back panel keeps the handout's sizes


# ------------------------------------------------------------------ geometry


@dataclass(frozen=True)
class Sheet:
    """One side of the sheet: its trim size, its folds, and where the trim sits."""

    width: float
    height: float
    folds: tuple[float, ...]
    print_shop: bool = False

    @property
    def origin(self) -> float:
        return SLUG if self.print_shop else 0.0

    @property
    def pagesize(self) -> tuple[float, float]:
        return (self.width + 2 * self.origin, self.height + 2 * self.origin)

    def panel(self, index: int) -> tuple[float, float]:
        """Left and right edge of a panel, in page coordinates."""
        edges = (0.0, *self.folds, self.width)
        return self.origin + edges[index], self.origin + edges[index + 1]

    def frame(
        self, index: int, frame_id: str, pad: float = MARGIN, top: float = 0, bottom: float = 0
    ) -> Frame:
        """The text area of a panel: `pad` (at least MARGIN) from its folds and trim
        edges, less `top` and `bottom` for page furniture."""
        x0, x1 = self.panel(index)
        return Frame(
            x0 + pad,
            self.origin + pad + bottom,
            x1 - x0 - 2 * pad,
            self.height - 2 * pad - top - bottom,
            id=frame_id,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def fill_panel(self, canv: Canvas, index: int, color: colors.Color) -> None:
        """A background filling a panel: bled past the trim for a print shop;
        for office printers a card kept OFFICE_EDGE inside the trim and folds."""
        x0, x1 = self.panel(index)
        y0, y1 = self.origin, self.origin + self.height
        canv.saveState()
        canv.setFillColor(color)
        if self.print_shop:
            left = x0 - BLEED if index == 0 else x0
            right = x1 + BLEED if index == len(self.folds) else x1
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
        for fold in self.folds:
            x = o + fold
            canv.line(x, o - near, x, o - far)
            canv.line(x, o + h + near, x, o + h + far)
        canv.restoreState()


# ------------------------------------------------------------------ fitting


@dataclass
class Overflow:
    """What was drawn outside its region's frames."""

    region: str
    first: Flowable
    words: int = 0
    height: float = 0.0


@dataclass
class FitCheck:
    """Which frames each region may use, and what printed anywhere else."""

    allowed: dict[str, frozenset[str]]
    leading: float  # body line height: turns overflow height into lines
    overflow: Overflow | None = None
    _last: dict[str, object] = field(default_factory=dict)

    def doc_class(self) -> type[DocTemplate]:
        check = self

        class FitDoc(DocTemplate):
            def handle_flowable(self, flowables):
                if flowables:
                    check.inherit(flowables[0])
                super().handle_flowable(flowables)

            def afterFlowable(self, flowable):
                super().afterFlowable(flowable)
                if self.frame is not None:
                    check.placed(flowable, self.frame.id)

        return FitDoc

    def inherit(self, flowable: Flowable) -> None:
        """A split-off part carries its parent's region and source location.

        Page and frame breaks are skipped: ReportLab reuses some of them as
        shared instances, which must not carry (or pass on) a region.
        """
        if isinstance(flowable, ActionFlowable):
            return
        for name in ("_brochure_region", "_handouts_loc"):
            if name in flowable.__dict__:
                self._last[name] = flowable.__dict__[name]
            elif name in self._last:
                flowable.__dict__[name] = self._last[name]

    def placed(self, flowable: Flowable, frame_id: str) -> None:
        region = getattr(flowable, "_brochure_region", None)
        if region is None or isinstance(flowable, ActionFlowable | Spacer):
            return
        if frame_id in self.allowed[region]:
            return
        if self.overflow is None:
            self.overflow = Overflow(region, flowable)
        if self.overflow.region == region:
            self.overflow.words += len(_plain_text(flowable).split())
            self.overflow.height += flowable.height


def _plain_text(flowable: Flowable) -> str:
    if isinstance(flowable, Paragraph | TextFlow):
        return flowable.getPlainText()
    if isinstance(flowable, Panel):
        return " ".join(_plain_text(f) for f in flowable.content)
    return ""


def region(name: str, reading_order: int, flowables: Sequence[Flowable]) -> list[Flowable]:
    """Tag flowables with the region of the sheet they must stay in.

    Regions are drawn in sheet order but read in another (cover first), so
    each starts with its place in the reading order for the tagged PDF.
    """
    out = [ReadingOrder(reading_order), *flowables]
    for f in out:
        f._brochure_region = name
    return out


REGION_NAMES = {
    "flap": "on the fold-in flap",
    "back": "on the back panel",
    "cover": "on the cover",
    "inside": "in the inside panels",
}


def overflow_problem(handout: Handout, check: FitCheck, shrunk: bool) -> LayoutProblem:
    over = check.overflow
    assert over is not None
    leading = check.leading
    lines = max(1, math.ceil(over.height / leading))
    amount = f"about {lines} line{'s' if lines != 1 else ''}"
    if over.words:
        amount += f" ({over.words} words)"
    where = REGION_NAMES.get(over.region, f"in the {over.region}")
    even = f" even at {MIN_BODY_SIZE:g} pt" if shrunk and over.region != "cover" else ""
    if over.region == "cover":  # set at its own sizes: shrinking the body cannot help
        hint = "shorten the title or subtitle"
    elif shrunk:
        hint = "shorten it, split it into two handouts, or use the handout format"
    else:
        hint = (
            "shorten it, split it into two handouts, add 'fit: shrink', or use the handout format"
        )
    return LayoutProblem(
        getattr(over.first, "_handouts_loc", handout.loc),
        f"'{handout.id}' does not fit {where}{even}: {amount} from here on did not fit",
        hint,
    )


Attempt = Callable[[float], tuple[Rendered, FitCheck]]


def lay_out(
    handout: Handout,
    theme: Theme,
    story: list[Flowable],
    templates: list[PageTemplate],
    sheet: Sheet,
    allowed: dict[str, frozenset[str]],
    leading: float,
    tags: bool,
) -> tuple[Rendered, FitCheck]:
    """Render one attempt, noting whatever landed outside its region."""
    check = FitCheck(allowed, leading)
    rendered = render(
        story,
        templates,
        pagesize=sheet.pagesize,
        meta=metadata(handout, theme),
        initial_font=theme.fonts.regular,
        doc_class=check.doc_class(),
        tagging=tags,
    )
    return rendered, check


def fit(handout: Handout, attempt: Attempt) -> Rendered:
    """Lay out at the normal body size; with `fit: shrink`, step down to 10 pt.

    Raises LayoutProblem for the first overflow when nothing fits.
    """
    sizes = [BODY_SIZE]
    if handout.fit == "shrink":
        while sizes[-1] - SHRINK_STEP >= MIN_BODY_SIZE:
            sizes.append(sizes[-1] - SHRINK_STEP)
    for size in sizes:
        rendered, check = attempt(size)
        if check.overflow is None:
            if size == BODY_SIZE:
                return rendered
            note = Note(
                (*handout.loc, "fit"),
                f"text made smaller to fit: {BODY_SIZE:g} pt to {size:g} pt",
                "shorten the text to print at the normal size",
            )
            return replace(rendered, notes=(*rendered.notes, note))
    raise overflow_problem(handout, check, len(sizes) > 1)


# ------------------------------------------------------------------ shared panels


def cover_flowables(ctx: StoryContext, *, title_size: float, width: float) -> list[Flowable]:
    """Front cover on the brand colour: logo and clinic, an optional picture,
    title, subtitle, tagline."""
    h, theme, st = ctx.handout, ctx.theme, ctx.styles
    white = theme.colors.on_primary
    pale = colors.HexColor("#DCE6EE")  # soft white that still reads on the brand colour
    pale = gray(pale) if theme.grayscale else pale
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
    out: list[Flowable] = [
        LogoBadge(theme, 0.85 * inch),
        Spacer(1, 10),
        tagged(fixed([markup.Run(theme.clinic.name)], name_style), "P"),
        *(cover_picture(ctx, width, pale) if h.cover_image else [Spacer(1, 1.1 * inch)]),
        AccentRule(theme.colors.accent),
        para(h.title, ctx, (*h.loc, "title"), title_style, role="H1"),
    ]
    if h.subtitle:
        out.append(para(h.subtitle, ctx, (*h.loc, "subtitle"), subtitle_style))
    if theme.clinic.tagline:
        tagline = fixed([markup.Run(theme.clinic.tagline)], tagline_style)
        out.append(TopPadder(tagged(tagline, "P")))
    return out


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


def back_flowables(ctx: StoryContext) -> list[Flowable]:
    """Back panel: contacts, a QR code to the website, then the fine print at the foot.

    Set at the handout's sizes whatever the body size: the panel has room, and
    the fine print is then the one size print checks know as fine print.
    """
    ctx = replace(ctx, styles=ctx.theme.styles(BACK_SIZE))
    st = ctx.styles
    out = contact_block(ctx)
    url = clinic_url(ctx.theme)
    if url is not None:
        caption = "Scan with your phone to visit us online."
        out += [Spacer(1, st.body.fontSize), qr_card(url, caption, None, ctx, ("clinic", "qr_url"))]
    small = fine_print(ctx)
    crisis = ctx.theme.clinic.crisis_line  # the handout prints it in every footer
    if crisis:
        style = st.box_title.clone("crisis", textColor=ctx.theme.colors.text, spaceAfter=6)
        small.insert(0, tagged(fixed([markup.Run(crisis)], style), "P"))
    small.append(tagged(fixed([markup.Run(review_line(ctx.handout))], st.small), "P"))
    out.append(TopPadder(Panel(small, fill=None, padding=0)))
    return out


class LogoBadge(Flowable):
    """The clinic logo on its white tile, as a flowable for cover panels."""

    def __init__(self, theme: Theme, size: float):
        super().__init__()
        self.theme, self.size = theme, size

    def wrap(self, availWidth, availHeight):
        self.width = self.size
        self.height = self.size if self.theme.logo is not None else 0
        return self.width, self.height

    def draw(self):
        draw_logo_badge(self.canv, self.theme, 0, 0, self.size)


class AccentRule(Flowable):
    """A short bar of the accent colour that sets the title off."""

    def __init__(self, color: colors.Color, width: float = 0.6 * inch, thickness: float = 4):
        super().__init__()
        self.color, self.width, self.thickness = color, width, thickness

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


def overflow_template(sheet: Sheet) -> PageTemplate:
    """Catches whatever did not fit, so it can be measured and reported."""
    w, h = sheet.pagesize
    return PageTemplate("overflow", [Frame(0, 0, w, h, id="overflow")])
