"""Building blocks every layout shares: text, lists, boxes, icons, page furniture.

A layout module decides where things go on a sheet; what a paragraph, a
key-points box or a footer looks like is decided here once, so a handout
and a brochure from the same clinic look like siblings.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import ActionFlowable

from .. import markup
from ..labels import Labels, labels_for
from ..model import Block, Handout, Loc
from ..options import RenderOptions
from ..render import PAGE_TOTAL_FORM, source
from ..tagging import DECORATION, PAGINATION, Tag, marked, tag_items, tag_table, tagged
from ..theme import Styles, Theme, hex_of
from .flowables import Marked, Picture, QrCode, SideBySide, WriteIn, tick_box

# ------------------------------------------------------------------ context


@dataclass(frozen=True)
class StoryContext:
    """What block builders need: the brand, the sizes, and the handout."""

    theme: Theme
    styles: Styles
    handout: Handout
    column_width: float
    options: RenderOptions = field(default_factory=RenderOptions)
    # The tallest frame the layout has: content taller than this can never print.
    frame_height: float = float("inf")

    @property
    def labels(self) -> Labels:
        return labels_for(self.handout.language)

    @property
    def link_color(self) -> str:
        return hex_of(self.theme.colors.primary)


class LayoutProblem(Exception):
    """Content that this layout cannot print, tied to its YAML location."""

    def __init__(self, loc: Loc, message: str, hint: str = ""):
        self.loc, self.message, self.hint = loc, message, hint
        super().__init__(message)


# ------------------------------------------------------------------ text


class Heading(Paragraph):
    """A paragraph that also becomes an entry in the PDF outline.

    ReportLab's `Paragraph.split` rebuilds pieces as `self.__class__(None,
    style, frags=...)`, so the constructor must accept its keywords; only the
    first piece carries the outline entry.
    """

    def __init__(self, text, style, level: int = 0, outline_text: str = "", **kw: Any):
        super().__init__(text, style, **kw)
        self.outline = (outline_text, level) if outline_text else None

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            part.outline = self.outline if i == 0 else None
        return parts


def _check_long_words(text: str, ctx: StoryContext, style, loc: Loc) -> None:
    """A word wider than the column would be chopped mid-word; refuse it."""
    for word in markup.plain(text).split():
        if len(word) > 25 and stringWidth(word, style.fontName, style.fontSize) > ctx.column_width:
            shown = word if len(word) <= 40 else word[:37] + "..."
            raise LayoutProblem(
                loc,
                f"the word '{shown}' is wider than the column",
                "add spaces or shorten it; for a web address use a [link](url)",
            )


def para(
    text: str,
    ctx: StoryContext,
    loc: Loc,
    style=None,
    link_color: str | None = None,
    role: str = "P",
    **kw: Any,
) -> Paragraph:
    """A paragraph of inline markup, escaped, with its source location and role.

    Links take the brand colour unless the paragraph sits on a coloured
    ground (a call-to-action band), where they must keep the text colour.
    """
    style = style or ctx.styles.body
    _check_long_words(text, ctx, style, loc)
    rl_markup = markup.to_reportlab(text, link_color or ctx.link_color)
    return tagged(source(Paragraph(rl_markup, style, **kw), loc), role)


def heading(text: str, ctx: StoryContext, loc: Loc, level: int = 0) -> Heading:
    """A section heading (H2) or subheading (H3); the title is the only H1."""
    style = ctx.styles.h2 if level == 0 else ctx.styles.h3
    _check_long_words(text, ctx, style, loc)
    h = Heading(markup.to_reportlab(text, ctx.link_color), style, level, markup.plain(text))
    return tagged(source(h, loc), f"H{level + 2}")


def bullet_list(items: Iterable[str], ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return tag_items(
        [
            para(item, ctx, (*loc, i), ctx.styles.bullet, bulletText="\u2022")
            for i, item in enumerate(items)
        ]
    )


def numbered_list(items: Iterable[str], ctx: StoryContext, loc: Loc) -> list[Flowable]:
    style = ctx.styles.bullet.clone("step", bulletColor=ctx.theme.colors.primary)
    return tag_items(
        [para(item, ctx, (*loc, i), style, bulletText=f"{i + 1}.") for i, item in enumerate(items)]
    )


# ------------------------------------------------------------------ boxes


class Panel(Flowable):
    """A tinted box holding other flowables; splits across pages if it must.

    Drawn by us rather than as a one-cell Table: tables wrap their content
    more than once and refuse to split a single tall cell.
    """

    def __init__(
        self,
        content: list[Flowable],
        *,
        fill: colors.Color | None,
        bar: colors.Color | None = None,
        border: colors.Color | None = None,
        padding: float = 10,
        icon: Callable[[Canvas, float, float, float], None] | None = None,
        icon_size: float = 0,
        radius: float = 4,
    ):
        super().__init__()
        self.content = content
        self.fill, self.bar, self.border = fill, bar, border
        self.padding, self.icon, self.icon_size, self.radius = padding, icon, icon_size, radius
        self._heights: list[float] = []
        self._widths: list[float] = []

    @property
    def _bar_width(self) -> float:
        return 4.0 if self.bar is not None else 0.0

    def _inner_width(self, avail: float) -> float:
        return avail - 2 * self.padding - self._bar_width

    def _gaps(self, items: list[Flowable]) -> list[tuple[float, float]]:
        out = []
        for i, f in enumerate(items):
            before = f.getSpaceBefore() if i else 0.0
            after = f.getSpaceAfter() if i < len(items) - 1 else 0.0
            out.append((before, after))
        return out

    def wrap(self, availWidth, availHeight):
        inner = self._inner_width(availWidth)
        sizes = [f.wrap(inner, 1e6) for f in self.content]
        self._widths = [w for w, _ in sizes]
        self._heights = [h for _, h in sizes]
        gaps = self._gaps(self.content)
        body = sum(h + b + a for h, (b, a) in zip(self._heights, gaps, strict=True))
        self.width = availWidth
        self.height = body + 2 * self.padding
        return self.width, self.height

    def split(self, availWidth, availHeight):
        inner = self._inner_width(availWidth)
        room = availHeight - 2 * self.padding
        used = 0.0
        first: list[Flowable] = []
        for i, f in enumerate(self.content):
            before = f.getSpaceBefore() if first else 0.0
            _, h = f.wrap(inner, 1e6)
            if used + before + h <= room:
                first.append(f)
                used += before + h + f.getSpaceAfter()
                continue
            parts = f.split(inner, room - used - before) if room - used - before > 0 else []
            if parts:
                first.append(parts[0])
                rest = [*parts[1:], *self.content[i + 1 :]]
            else:
                rest = list(self.content[i:])
            if not first or (i == 1 and not parts):
                return []  # never leave a box's title alone at the foot of a frame
            return [self._copy(first), self._copy(rest, continued=True)]
        return [self]

    def _copy(self, content: list[Flowable], continued: bool = False) -> Panel:
        twin = Panel(
            content,
            fill=self.fill,
            bar=self.bar,
            border=self.border,
            padding=self.padding,
            icon=None if continued else self.icon,
            icon_size=self.icon_size,
            radius=self.radius,
        )
        twin.__dict__.update({k: v for k, v in self.__dict__.items() if k.startswith("_handouts")})
        return twin

    def draw(self):
        canv = self.canv
        canv.saveState()
        if self.fill is not None or self.border is not None:
            if self.fill is not None:
                canv.setFillColor(self.fill)
            if self.border is not None:
                canv.setStrokeColor(self.border)
                canv.setLineWidth(1)
            canv.roundRect(
                0,
                0,
                self.width,
                self.height,
                self.radius,
                fill=int(self.fill is not None),
                stroke=int(self.border is not None),
            )
        if self.bar is not None:
            canv.setFillColor(self.bar)
            canv.rect(0, 0, self._bar_width, self.height, stroke=0, fill=1)
        canv.restoreState()
        x = self.padding + self._bar_width
        y = self.height - self.padding
        if self.icon is not None:
            self.icon(canv, x, y - self.icon_size, self.icon_size)
        for f, w, h, (before, after) in zip(
            self.content, self._widths, self._heights, self._gaps(self.content), strict=True
        ):
            y -= before + h
            f.drawOn(canv, x + self._indent(f, w), y)
            y -= after

    def _indent(self, f: Flowable, width: float) -> float:
        """Honour a flowable's hAlign, as a frame would (a centred QR code)."""
        spare = max(0.0, self._inner_width(self.width) - width)
        align = getattr(f, "hAlign", "LEFT")
        return {"CENTER": spare / 2, "CENTRE": spare / 2, "RIGHT": spare}.get(align, 0.0)


# ------------------------------------------------------------------ icons


def icon_drawer(kind: str, color: colors.Color) -> Callable[[Canvas, float, float, float], None]:
    """A small vector icon per callout kind, so meaning never rests on colour."""

    def draw(canv: Canvas, x: float, y: float, s: float) -> None:
        canv.saveState()
        canv.setFillColor(color)
        canv.setStrokeColor(color)
        canv.setLineWidth(max(1.0, s / 10))
        canv.setLineCap(1)
        canv.setLineJoin(1)
        _ICONS[kind](canv, x, y, s)
        canv.restoreState()

    return draw


def _icon_key_points(canv: Canvas, x: float, y: float, s: float) -> None:
    canv.circle(x + s / 2, y + s / 2, s / 2, stroke=0, fill=1)
    canv.setStrokeColor(colors.white)
    canv.setLineWidth(s / 8)
    path = canv.beginPath()
    path.moveTo(x + s * 0.27, y + s * 0.52)
    path.lineTo(x + s * 0.44, y + s * 0.34)
    path.lineTo(x + s * 0.74, y + s * 0.68)
    canv.drawPath(path, stroke=1, fill=0)


def _icon_warning(canv: Canvas, x: float, y: float, s: float) -> None:
    path = canv.beginPath()
    path.moveTo(x + s / 2, y + s)
    path.lineTo(x + s, y + s * 0.08)
    path.lineTo(x, y + s * 0.08)
    path.close()
    canv.drawPath(path, stroke=1, fill=1)
    canv.setFillColor(colors.white)
    canv.rect(x + s * 0.455, y + s * 0.38, s * 0.09, s * 0.34, stroke=0, fill=1)
    canv.circle(x + s / 2, y + s * 0.25, s * 0.055, stroke=0, fill=1)


def _icon_phone(canv: Canvas, x: float, y: float, s: float) -> None:
    canv.circle(x + s / 2, y + s / 2, s / 2, stroke=0, fill=1)
    canv.setFillColor(colors.white)
    canv.setStrokeColor(colors.white)
    canv.setLineWidth(s / 7)
    path = canv.beginPath()
    path.moveTo(x + s * 0.32, y + s * 0.74)
    path.curveTo(x + s * 0.18, y + s * 0.58, x + s * 0.42, y + s * 0.22, x + s * 0.70, y + s * 0.28)
    canv.drawPath(path, stroke=1, fill=0)
    canv.circle(x + s * 0.33, y + s * 0.72, s * 0.09, stroke=0, fill=1)
    canv.circle(x + s * 0.70, y + s * 0.29, s * 0.09, stroke=0, fill=1)


def _icon_tip(canv: Canvas, x: float, y: float, s: float) -> None:
    canv.circle(x + s / 2, y + s * 0.62, s * 0.32, stroke=0, fill=1)
    canv.rect(x + s * 0.36, y + s * 0.14, s * 0.28, s * 0.22, stroke=0, fill=1)
    canv.rect(x + s * 0.39, y + s * 0.02, s * 0.22, s * 0.08, stroke=0, fill=1)


_ICONS = {
    "key-points": _icon_key_points,
    "warning": _icon_warning,
    "when-to-call": _icon_phone,
    "tip": _icon_tip,
}


def callout_box(
    kind: str, title: str | None, items: list[str], ctx: StoryContext, loc: Loc, as_list=True
) -> Panel:
    """A labelled box with an icon; the label names the kind in words.

    Tagged as a titled group (a Sect, since PDF/UA-1 predates Aside) whose
    title is an H2 for the key points and one level below the section's
    heading for a callout inside a section.
    """
    pal, st = ctx.theme.colors, ctx.styles
    color = pal.warning if kind == "warning" else pal.primary
    size = st.body.fontSize * 1.25
    label = title or ctx.labels.callout(kind)
    title_style = st.box_title.clone("callout_title", textColor=color, leftIndent=size + 6)
    level = "H3" if "sections" in loc and kind != "key-points" else "H2"
    head = para(label, ctx, (*loc, "title"), title_style, role=level)
    body_loc = (*loc, "body")
    if as_list and len(items) > 1:
        body = bullet_list(items, ctx, body_loc)
    else:
        body = [para(text, ctx, (*body_loc, i)) for i, text in enumerate(items)]
    fill = pal.warning_light if kind == "warning" else pal.light
    # Without colour, a warning still stands apart: it alone gets a full border.
    border = color if kind == "warning" and ctx.theme.grayscale else None
    box = Panel(
        [head, *body],
        fill=fill,
        bar=color,
        border=border,
        padding=st.body.fontSize * 0.85,
        icon=icon_drawer(kind, color),
        icon_size=size,
    )
    return tagged(source(box, loc), "Sect", title=label)


# ------------------------------------------------------------------ blocks


def _paragraph(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [para(block.paragraph, ctx, loc)]


def _bullets(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [*bullet_list(block.bullets, ctx, (*loc, "bullets")), _after_list(ctx)]


def _steps(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [*numbered_list(block.steps, ctx, (*loc, "steps")), _after_list(ctx)]


def _after_list(ctx: StoryContext) -> Flowable:
    return Spacer(1, ctx.styles.body.fontSize * 0.3)


def _subheading(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [heading(block.subheading, ctx, (*loc, "subheading"), level=1)]


def _callout(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    c = block.callout
    box = callout_box(c.kind, c.title, c.body, ctx, (*loc, "callout"))
    return [Spacer(1, 4), box, Spacer(1, ctx.styles.body.fontSize * 0.6)]


def _definitions(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """A small glossary beside an accent rule: each term in bold, then its meaning."""
    st, pal = ctx.styles, ctx.theme.colors
    style = st.body.clone("definition", spaceAfter=st.body.fontSize * 0.3)
    color = hex_of(pal.primary)
    rows: list[Flowable] = []
    for i, d in enumerate(block.definitions):
        _check_long_words(d.definition, ctx, style, (*loc, "definitions", i, "definition"))
        term = f'<font color="{color}"><b>{markup.escape_text(d.term)}:</b></font>'
        text = markup.to_reportlab(d.definition, ctx.link_color)
        row = tagged(Paragraph(f"{term} {text}", style), "P")
        rows.append(source(row, (*loc, "definitions", i)))
    panel = Panel(rows, fill=None, bar=pal.accent, padding=st.body.fontSize * 0.3)
    return [source(panel, (*loc, "definitions")), Spacer(1, st.body.fontSize * 0.5)]


def _checklist(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    st = ctx.styles
    size = st.body.fontSize
    style = st.body.clone("check", spaceAfter=size * 0.35)
    box = tick_box(size * 0.82, ctx.theme.colors.primary)
    texts = tag_items(
        [para(text, ctx, (*loc, "checklist", i), style) for i, text in enumerate(block.checklist)]
    )
    # The boxes are drawn outside the items' tags: artifacts, to tick with a pen.
    items = [
        source(Marked(text, box, size * 1.6, size * 0.93), (*loc, "checklist", i))
        for i, text in enumerate(texts)
    ]
    return [*items, _after_list(ctx)]


CELL_PAD = 5.0


def _table(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """A header row and zebra rows, columns sized to their words, in our fonts."""
    t, pal, st = block.table, ctx.theme.colors, ctx.styles
    loc = (*loc, "table")
    size = st.body.fontSize
    cell = st.body.clone("cell", fontSize=size, leading=size * 1.3, spaceAfter=0)
    head = cell.clone("head", fontName=ctx.theme.fonts.bold, textColor=pal.on_primary)
    widths = _column_widths([t.header, *t.rows], ctx, loc, head.fontName, size)
    inner = [w - 2 * CELL_PAD for w in widths]

    def row_of(texts: list[str], style, row_loc: Loc) -> list[Paragraph]:
        return [
            source(Paragraph(markup.to_reportlab(text, ctx.link_color), style), (*row_loc, j))
            for j, text in enumerate(texts)
        ]

    data = [row_of(t.header, head, (*loc, "header"))]
    data += [row_of(row, cell, (*loc, "rows", i)) for i, row in enumerate(t.rows)]
    heights = [max(p.wrap(w, 1e6)[1] for p, w in zip(r, inner, strict=True)) for r in data]
    heights = [h + 2 * CELL_PAD for h in heights]
    for i, h in enumerate(heights[1:]):
        if heights[0] + h > ctx.frame_height:
            raise LayoutProblem(
                (*loc, "rows", i),
                f"row {i + 1} of the table is taller than a page",
                "shorten its cells or split it into several rows",
            )
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), pal.primary),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), ctx.theme.fonts.regular, size),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("LINEBELOW", (0, -1), (-1, -1), 1, pal.primary),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, pal.light]),
    ]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", style=TableStyle(style))
    parts: list[Flowable] = [source(tag_table(table, header_rows=1), loc)]
    if t.caption:
        parts += [Spacer(1, 4), para(t.caption, ctx, (*loc, "caption"), _caption_style(ctx))]
    # A short table moves to the next page whole rather than leave a row or two behind.
    short = sum(heights) < ctx.frame_height / 4
    body = [KeepTogether(parts)] if short else parts
    return [Spacer(1, 2), *body, Spacer(1, st.body.fontSize * 0.6)]


def _column_widths(
    rows: list[list[str]], ctx: StoryContext, loc: Loc, font: str, size: float
) -> list[float]:
    """Each column gets its longest word, then a share of the rest by text length.

    A table that cannot fit even one word per line in each column is an
    error here: ReportLab would let it run off the page without a word.
    """
    columns = list(zip(*rows, strict=True))
    pad = 2 * CELL_PAD
    least = [
        max(stringWidth(w, font, size) for text in col for w in markup.plain(text).split()) + pad
        for col in columns
    ]
    natural = [
        max(max(stringWidth(markup.plain(t), font, size) + pad for t in col), m)
        for col, m in zip(columns, least, strict=True)
    ]
    room = ctx.column_width
    if sum(least) > room:
        raise LayoutProblem(
            loc,
            f"the table is too wide for the page: its {len(columns)} columns need at least "
            f"{sum(least) / 72:.1f} in, the column is {room / 72:.1f} in",
            "use fewer columns or shorter words",
        )
    if sum(natural) <= room:
        return [w * room / sum(natural) for w in natural]
    spare = room - sum(least)
    stretch = [n - m for n, m in zip(natural, least, strict=True)]
    return [m + spare * s / sum(stretch) for m, s in zip(least, stretch, strict=True)]


def _caption_style(ctx: StoryContext):
    """Captions are read by patients too: body size, set apart by italics and colour."""
    st = ctx.styles
    return st.body.clone(
        "caption",
        fontName=ctx.theme.fonts.italic,
        textColor=ctx.theme.colors.muted,
        spaceAfter=st.body.fontSize * 0.8,
    )


def _image(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    img = block.image
    loc = (*loc, "image")
    try:
        picture = ctx.theme.picture(img.src)
    except (OSError, ValueError) as exc:
        raise LayoutProblem((*loc, "src"), f"cannot read the image: {exc}") from None
    width = min(img.width * ctx.column_width, picture.max_width)
    w0, h0 = picture.size
    width = min(width, ctx.frame_height * 0.8 * w0 / h0)
    figure = tagged(Picture(picture, width, img.alt), "Figure", alt=img.alt)
    out: list[Flowable] = [Spacer(1, 4), source(figure, loc)]
    if img.caption:
        out.append(Spacer(1, 5))
        style = _caption_style(ctx).clone("image_caption", alignment=1)
        out.append(para(img.caption, ctx, (*loc, "caption"), style))
    else:
        out.append(Spacer(1, ctx.styles.body.fontSize * 0.8))
    return out


def short_url(url: str) -> str:
    """An address as people type it: no scheme, no www., no trailing slash."""
    text = url.split("://", 1)[-1].removeprefix("www.")
    return text.rstrip("/")


def clinic_url(theme: Theme) -> str | None:
    """The address a clinic QR code opens: its QR target, else its website."""
    clinic = theme.clinic
    return clinic.qr_url or clinic.contact.website


def qr_card(
    url: str, caption: str | None, alt: str | None, ctx: StoryContext, loc: Loc
) -> Flowable:
    """A QR code with its caption and the short address, so it works unscanned too."""
    st, pal = ctx.styles, ctx.theme.colors
    size = min(1.15 * 72, ctx.column_width * 0.4)
    alt = alt or f"QR code that opens {short_url(url)}"
    code = source(tagged(QrCode(url, size, alt), "Figure", alt=alt), loc)
    narrow = ctx.column_width < 3.6 * 72
    align = 1 if narrow else 0
    words: list[Flowable] = []
    if caption:
        words.append(
            para(
                caption,
                ctx,
                (*loc, "caption"),
                st.body.clone("qr_caption", alignment=align, spaceAfter=3),
            )
        )
    link = link_markup(markup.escape_text(short_url(url)), url, ctx.link_color)
    url_style = st.box_title.clone("qr_url", alignment=align, spaceAfter=0, textColor=pal.primary)
    words.append(tagged(Paragraph(link, url_style), "P"))
    if narrow:
        code.hAlign = "CENTER"
        return Panel([code, Spacer(1, 4), *words], fill=None, padding=0)
    return SideBySide([code], words, left_width=size, gap=st.body.fontSize)


def _qr(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    q = block.qr
    loc = (*loc, "qr")
    url = q.url or clinic_url(ctx.theme)
    if url is None:
        raise LayoutProblem(
            loc,
            "this QR code has no url and the clinic has no website",
            "add url: here, or website: to the clinic's contact",
        )
    return [
        Spacer(1, 4),
        qr_card(url, q.caption, q.alt, ctx, loc),
        Spacer(1, ctx.styles.body.fontSize),
    ]


def _fill_in(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    st, pal, fonts = ctx.styles, ctx.theme.colors, ctx.theme.fonts
    size = st.body.fontSize
    names = field_names(ctx.handout) if ctx.options.fillable else {}
    label_w = max(stringWidth(f.label, fonts.bold, size) for f in block.fill_in) + size
    out: list[Flowable] = [Spacer(1, 2)]
    for i, f in enumerate(block.fill_in):
        line = WriteIn(
            f.label,
            lines=f.lines,
            label_font=fonts.bold,
            size=size,
            color=pal.text,
            rule=pal.muted,
            label_width=label_w,
            field_name=names.get((*loc, "fill_in", i)),
        )
        out.append(source(tagged(line, "P"), (*loc, "fill_in", i)))
    # Write-in lines belong together: never a lone "Name" at a page foot.
    return [KeepTogether(out), Spacer(1, size * 0.8)]


def field_names(handout: Handout) -> dict[Loc, str]:
    """A form-field name for every write-in line of a handout, unique and stable.

    Names come from the labels ("Next appointment" -> next_appointment) so
    software that reads the filled-in form can find them.
    """
    out: dict[Loc, str] = {}
    taken: set[str] = set()
    for block in _all_blocks(handout):
        for i, f in enumerate(block.fill_in or ()):
            base = "_".join("".join(c if c.isalnum() else " " for c in f.label.lower()).split())
            name, n = base or "field", 1
            while name in taken:
                n += 1
                name = f"{base}_{n}"
            taken.add(name)
            out[(*block.loc, "fill_in", i)] = name
    return out


def _all_blocks(handout: Handout) -> Iterable[Block]:
    yield from handout.intro
    for section in handout.sections:
        yield from section.body


def _escape_markup(text: str) -> str:
    """Keep a plain-text field plain when it is spliced into inline markup."""
    return (
        text.replace("*", "\u2217").replace("_", "\uff3f")
        if any(c in text for c in "*_[")
        else text
    )


def _quote(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """A patient's words in italics beside an accent rule, and who said them."""
    q, st, theme = block.quote, ctx.styles, ctx.theme
    words = st.subtitle.clone("q", fontName=theme.fonts.italic, textColor=theme.colors.text)
    items: list[Flowable] = [para(f"\u201c{q.text}\u201d", ctx, (*loc, "quote", "text"), words)]
    if q.by:
        by = st.body.clone("q_by", textColor=theme.colors.muted, spaceAfter=0)
        items.append(tagged(Paragraph(f"\u2014 {markup.escape_text(q.by)}", by), "P"))
    box = Panel(items, fill=None, bar=theme.colors.accent, padding=st.body.fontSize * 0.7)
    return [tagged(box, "BlockQuote"), Spacer(1, st.body.fontSize * 0.7)]


BlockBuilder = Callable[[Block, StoryContext, Loc], list[Flowable]]

BLOCKS: dict[str, BlockBuilder] = {
    "paragraph": _paragraph,
    "bullets": _bullets,
    "steps": _steps,
    "subheading": _subheading,
    "callout": _callout,
    "definitions": _definitions,
    "quote": _quote,
    "checklist": _checklist,
    "table": _table,
    "image": _image,
    "qr": _qr,
    "fill_in": _fill_in,
}


def block_flowables(blocks: Iterable[Block], ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """Flowables for a list of blocks, each kind built by its registered builder."""
    out: list[Flowable] = []
    for i, block in enumerate(blocks):
        builder = BLOCKS.get(block.kind)
        if builder is None:
            raise LayoutProblem(
                (*loc, i, block.kind), f"'{block.kind}' blocks cannot be printed yet"
            )
        out.extend(builder(block, ctx, (*loc, i)))
    return out


def key_points(ctx: StoryContext) -> list[Flowable]:
    h = ctx.handout
    if not h.summary:
        return []
    box = callout_box("key-points", None, h.summary, ctx, (*h.loc, "summary"))
    return [box, Spacer(1, ctx.styles.body.fontSize * 0.6)]


class ColumnBreak(ActionFlowable):
    """Go on at the top of the next frame, unless already at the top of one.

    Brochures honour `panel_break: true` with it; a section that already
    starts a panel must not leave an empty panel behind.
    """

    def apply(self, doc) -> None:
        if not doc.frame._atTop:
            doc.handle_frameEnd()


def section_story(ctx: StoryContext, index: int) -> list[Flowable]:
    """One section: a heading (kept with its first lines) and its body."""
    h = ctx.handout
    section = h.sections[index]
    loc = (*section.loc,) or (*h.loc, "sections", index)
    head = heading(section.heading, ctx, (*loc, "heading"))
    body = block_flowables(section.body, ctx, (*loc, "body"))
    # Keep the heading with the first thing that prints, not with a gap; and
    # ReportLab chains keepWithNext into nothing that is itself kept together.
    first = next((i for i, f in enumerate(body) if not isinstance(f, Spacer)), len(body))
    if first < len(body) and isinstance(body[first], Table):
        # keepWithNext would move heading and table as one block and leave a
        # gap; ask only for room for the heading and the table's first rows.
        needed = _opening_height([head, *body[: first + 1]], ctx.column_width)
        return [CondPageBreak(needed), head, *body]
    if first < len(body) and isinstance(body[first], KeepTogether):
        kept = KeepTogether([head, *body[:first], *body[first]._content])
        return [kept, *body[first + 1 :]]
    for f in body[:first]:
        f.keepWithNext = 1
    return [head, *body]


def _opening_height(flowables: list[Flowable], width: float, rows: int = 3) -> float:
    """Height of a heading, what follows it, and a table's first `rows` rows."""
    total = 0.0
    for f in flowables:
        _, h = f.wrap(width, 1e6)
        if isinstance(f, Table):
            h = sum(f._rowHeights[:rows])
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def section_flowables(
    ctx: StoryContext, *, skip: Container[int] = (), panel_breaks: bool = False
) -> list[Flowable]:
    """Intro, then each section not in `skip`, in order.

    With `panel_breaks`, a section marked `panel_break: true` starts a new
    frame (a brochure panel).
    """
    h = ctx.handout
    out = block_flowables(h.intro, ctx, (*h.loc, "intro"))
    for i, section in enumerate(h.sections):
        if i in skip:
            continue
        if panel_breaks and section.panel_break:
            out.append(ColumnBreak())
        out += section_story(ctx, i)
    return out


def closing_flowables(ctx: StoryContext) -> list[Flowable]:
    """A closing card (call to action beside the contacts), then the fine print."""
    theme, st = ctx.theme, ctx.styles
    cta = _cta_para(ctx)
    left: list[Flowable] = [cta] if cta else []
    right = contact_lines(ctx, on_primary=True)
    if right:
        heading_style = st.cta.clone("contact_title", fontSize=st.body.fontSize, spaceAfter=3)
        right.insert(0, _contact_title(ctx, heading_style))
    card = [side_by_side(left, right, theme.fonts.regular)] if left and right else left + right
    out: list[Flowable] = [Spacer(1, st.body.fontSize * 0.6)]
    if card:
        out.append(Panel(card, fill=theme.colors.primary, padding=st.body.fontSize))
    out.append(Spacer(1, st.body.fontSize * 0.5))
    return out + fine_print(ctx)


def _cta_para(ctx: StoryContext) -> Paragraph | None:
    """The call to action, set to sit on the brand colour (links in white too)."""
    h = ctx.handout
    if not h.call_to_action:
        return None
    white = ctx.theme.colors.on_primary.hexval().replace("0x", "#")
    return para(h.call_to_action, ctx, (*h.loc, "call_to_action"), ctx.styles.cta, white)


def _contact_title(ctx: StoryContext, style) -> Flowable:
    title = markup.escape_text(ctx.labels.contact.format(clinic=ctx.theme.clinic.name))
    return tagged(Paragraph(title, style), "H2")


def call_to_action(ctx: StoryContext) -> list[Flowable]:
    """The call to action alone in a band of the brand colour (none if not written)."""
    cta = _cta_para(ctx)
    if cta is None:
        return []
    return [Panel([cta], fill=ctx.theme.colors.primary, padding=ctx.styles.body.fontSize)]


def contact_block(ctx: StoryContext) -> list[Flowable]:
    """'Contact <clinic>' and the contact lines (none if no contact details)."""
    contact = contact_lines(ctx)
    if not contact:
        return []
    return [_contact_title(ctx, ctx.styles.box_title), *contact]


def fine_print(ctx: StoryContext) -> list[Flowable]:
    """The full disclaimer, then the accreditation."""
    clinic, st = ctx.theme.clinic, ctx.styles
    out: list[Flowable] = [tagged(Paragraph(markup.escape_text(clinic.disclaimer), st.small), "P")]
    if clinic.accreditation:
        accreditation = f"<b>{markup.escape_text(clinic.accreditation)}</b>"
        out.append(tagged(Paragraph(accreditation, st.small), "P"))
    return out


def side_by_side(
    left: list[Flowable], right: list[Flowable], font: str, share: float = 0.46
) -> Flowable:
    """Two stacks of flowables in columns sharing the available width.

    `font` matters even though every cell holds paragraphs: ReportLab's Table
    sets Helvetica for each cell unless told otherwise.
    """
    table = Table([[left, right]], colWidths=[f"{share * 100:.0f}%", f"{(1 - share) * 100:.0f}%"])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 14),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def link_markup(escaped_text: str, href: str, color: str) -> str:
    """A clickable link in ReportLab markup around text that is already escaped."""
    return markup.anchor(escaped_text, href, color)


def contact_lines(ctx: StoryContext, on_primary: bool = False) -> list[Flowable]:
    """One short line per contact detail; links dial, mail or open the site."""
    c = ctx.theme.clinic.contact
    labels = ctx.labels
    style = ctx.styles.contact
    link = ctx.link_color
    if on_primary:
        white = ctx.theme.colors.on_primary
        style = style.clone("contact_on_primary", textColor=white, spaceAfter=1)
        link = white.hexval().replace("0x", "#")
    rows = [
        (
            labels.phone,
            c.phone,
            f"tel:{''.join(ch for ch in c.phone if ch.isdigit() or ch == '+')}"
            if c.phone
            else None,
        ),
        (labels.website, c.website, c.website),
        (labels.email, c.email, f"mailto:{c.email}" if c.email else None),
        (labels.address, c.address, None),
        (labels.hours, c.hours, None),
    ]
    out = []
    for label, value, href in rows:
        if not value:
            continue
        text = markup.escape_text(value)
        if label == labels.phone and len(value) <= 24:
            text = text.replace(" ", "\u00a0")  # keep a phone number on one line
        if href:
            text = link_markup(text, href, link)
        out.append(tagged(Paragraph(f"<b>{label}:</b> {text}", style), "P"))
    return out


# ------------------------------------------------------------------ page furniture


def contact_summary(theme: Theme) -> list[str]:
    c = theme.clinic.contact
    website = c.website.split("://", 1)[-1].rstrip("/") if c.website else None
    return [v for v in (c.phone, website, c.address) if v]


def draw_logo_badge(canv: Canvas, theme: Theme, x: float, y: float, size: float) -> None:
    """The logo on a white rounded tile, so it reads on the brand colour.

    The logo is a Figure when the clinic gave it alt text, else decoration
    (the clinic's name is always printed beside it).
    """
    if theme.logo is None:
        return
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.roundRect(x, y, size, size, 6, stroke=0, fill=1)
    alt = theme.clinic.logo_alt
    with marked(canv, Tag("Figure", alt=alt) if alt else DECORATION):
        theme.logo.draw(canv, x + 4, y + 4, size - 8, size - 8)
    canv.restoreState()


def draw_header_band(canv: Canvas, theme: Theme, x: float, y: float, w: float, h: float) -> None:
    """Page 1's branded band: logo, clinic name, tagline and quick contacts.

    The band itself is decoration (an artifact); its words are content, read
    first, and the logo is a Figure when the clinic gave it alt text (else it
    is decoration: the clinic's name is printed beside it).
    """
    pal, fonts = theme.colors, theme.fonts
    canv.saveState()
    canv.setFillColor(pal.primary)
    canv.roundRect(x, y, w, h, 6, stroke=0, fill=1)
    canv.setFillColor(pal.accent)
    canv.rect(x, y, w, 3, stroke=0, fill=1)
    pad = 14
    text_x = x + pad
    if theme.logo is not None:
        size = h - 2 * pad
        draw_logo_badge(canv, theme, x + pad, y + pad, size)
        text_x += size + 12
    canv.setFillColor(pal.on_primary)
    # The contacts take the right of the band (at most 45 %); the name and
    # tagline fit what is left: the name shrinks first, then both are cut.
    lines = [
        (_fit(line, font, size, w * 0.45), font, size)
        for i, line in enumerate(contact_summary(theme))
        for font, size in [(fonts.bold, 10.5) if i == 0 else (fonts.regular, 9.5)]
    ]
    contacts_w = max((stringWidth(t, f, s) for t, f, s in lines), default=0.0)
    room = x + w - pad - contacts_w - 16 - text_x
    name_lines, name_size = _fit_name(theme.clinic.name, theme.heads.bold, room)
    canv.setFont(theme.heads.bold, name_size)  # the brand name in the heading face
    for i, line in enumerate(name_lines):
        with marked(canv, Tag("P")):
            canv.drawString(text_x, y + h / 2 + 4 + (len(name_lines) - 1 - i) * name_size, line)
    if theme.clinic.tagline:
        tag_lines, tag_size = _wrap_fit(theme.clinic.tagline, fonts.regular, room, 10.5, 9.0)
        canv.setFont(fonts.regular, tag_size)
        for i, line in enumerate(tag_lines):
            with marked(canv, Tag("P")):
                canv.drawString(text_x, y + h / 2 - 13 - i * (tag_size + 1), line)
    line_h = 13
    top = y + h / 2 + (len(lines) * line_h) / 2 - 9
    for i, (line, font, size) in enumerate(lines):
        canv.setFont(font, size)
        with marked(canv, Tag("P")):
            canv.drawRightString(x + w - pad, top - i * line_h, line)
    canv.restoreState()


def _fit_name(name: str, font: str, room: float) -> tuple[list[str], float]:
    """The clinic's name on one line, shrinking to 14 pt, else on two lines.

    A brand name is never cut short when it can wrap: a long one takes two
    lines (down to 12 pt) before anything is trimmed.
    """
    size = 19.0
    while size > 14 and stringWidth(name, font, size) > room:
        size -= 0.5
    if stringWidth(name, font, size) <= room:
        return [name], size
    return _wrap_fit(name, font, room, 16.0, 12.0)


def _wrap_fit(
    text: str, font: str, room: float, size: float, smallest: float, max_lines: int = 2
) -> tuple[list[str], float]:
    """`text` in at most `max_lines` lines, shrinking from `size` to `smallest`.

    Only text longer than that (far beyond a real name or tagline) is cut,
    with an ellipsis.
    """
    while True:
        lines = simpleSplit(text, font, size, room)
        if len(lines) <= max_lines or size <= smallest:
            break
        size -= 0.5
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_fit(line, font, size, room) for line in lines], size


def draw_running_header(
    canv: Canvas, theme: Theme, title: str, x: float, y: float, w: float
) -> None:
    """Later pages: clinic name and title on a slim line (a pagination artifact)."""
    with marked(canv, PAGINATION):
        _running_header(canv, theme, title, x, y, w)


def _running_header(canv: Canvas, theme: Theme, title: str, x: float, y: float, w: float) -> None:
    pal, fonts = theme.colors, theme.fonts
    canv.saveState()
    canv.setFont(fonts.bold, 9)
    canv.setFillColor(pal.primary)
    canv.drawString(x, y, theme.clinic.name)
    canv.setFont(fonts.regular, 9)
    canv.setFillColor(pal.muted)
    canv.drawRightString(x + w, y, _fit(title, fonts.regular, 9, w * 0.6))
    canv.setStrokeColor(pal.rule)
    canv.setLineWidth(0.75)
    canv.line(x, y - 6, x + w, y - 6)
    canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, or its longest prefix that fits with an ellipsis.

    A binary search: trimming one character at a time measured a 10,000
    character footer 10,000 times on every page.
    """
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits; text[:high] + "…" does not
    while high - low > 1:
        mid = (low + high) // 2
        if stringWidth(text[:mid] + "\u2026", font, size) <= width:
            low = mid
        else:
            high = mid
    return text[:low].rstrip() + "\u2026"


FOOTER_SIZE = 8.0


def draw_footer(
    canv: Canvas,
    theme: Theme,
    handout: Handout,
    x: float,
    y: float,
    w: float,
    page_label: str | None = None,
) -> None:
    """Every page: short disclaimer, id and review date, Page N of M (artifacts).

    A booklet page passes its own `page_label` (the PDF page number is not
    the booklet's); it sits on the second line, leaving the disclaimer the
    full width of a narrow page.
    """
    labels = labels_for(handout.language)
    draw_page_footer(canv, theme, review_line(handout), labels, x, y, w, page_label)


def draw_page_footer(
    canv: Canvas,
    theme: Theme,
    note: str,
    labels: Labels,
    x: float,
    y: float,
    w: float,
    page_label: str | None = None,
) -> None:
    """The footer of any document: disclaimer, a note on what it is, page N of M."""
    with marked(canv, PAGINATION):
        _footer(canv, theme, note, labels, x, y, w, page_label)


def _footer(
    canv: Canvas,
    theme: Theme,
    note: str,
    labels: Labels,
    x: float,
    y: float,
    w: float,
    page_label: str | None,
) -> None:
    pal, fonts = theme.colors, theme.fonts
    canv.saveState()
    canv.setStrokeColor(pal.rule)
    canv.setLineWidth(0.75)
    canv.line(x, y + 24, x + w, y + 24)
    canv.setFillColor(pal.muted)
    canv.setFont(fonts.regular, FOOTER_SIZE)
    label_w = 0 if page_label else 70
    # The crisis line takes the right end of whichever line the page number leaves free.
    crisis = theme.clinic.crisis_line
    crisis_w = stringWidth(crisis, fonts.bold, FOOTER_SIZE) + 12 if crisis else 0
    first_w = w - label_w - (crisis_w if page_label else 0)
    second_w = w - (0 if page_label else crisis_w)
    canv.drawString(
        x, y + 12, _fit(theme.clinic.footer_disclaimer, fonts.regular, FOOTER_SIZE, first_w)
    )
    canv.drawString(x, y + 1, _fit(note, fonts.regular, FOOTER_SIZE, second_w))
    if crisis:
        canv.setFont(fonts.bold, FOOTER_SIZE)
        canv.setFillColor(pal.primary)
        canv.drawRightString(x + w, y + (12 if page_label else 1), crisis)
    canv.setFont(fonts.bold, 9)
    canv.setFillColor(pal.primary)
    if page_label:
        canv.drawRightString(x + w, y + 1, page_label)
        canv.restoreState()
        return
    page = labels.page.format(n=canv.getPageNumber())
    start = x + w - stringWidth(labels.page.format(n=99) + "99", fonts.bold, 9)
    canv.drawString(start, y + 12, page)
    canv.translate(start + stringWidth(page, fonts.bold, 9), y + 12)
    canv.doForm(PAGE_TOTAL_FORM)
    canv.restoreState()


def review_line(handout: Handout) -> str:
    """Which handout this is and when a clinician last checked it."""
    labels = labels_for(handout.language)
    reviewed = labels.reviewed.format(date=labels.date(handout.reviewed))
    return f"{handout.id}  \u00b7  {reviewed}"


def page_total_drawer(theme: Theme) -> Callable[[Canvas, int], None]:
    def draw(canv: Canvas, total: int) -> None:
        canv.setFont(theme.fonts.bold, 9)
        canv.setFillColor(theme.colors.primary)
        canv.drawString(0, 0, str(total))

    return draw
