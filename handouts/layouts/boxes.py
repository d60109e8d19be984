"""Boxes: the tinted, splittable Panel, callout boxes with their icons, columns.

A callout's meaning never rests on colour alone: each kind has a vector icon
and a label in the handout's language.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Loc
from ..render.meta import carry, source
from ..render.primitives import Canvas, Flowable, Table, TableStyle, colors
from ..render.tagging import reads_from_the_right, tagged
from .text import StoryContext, bullet_list, para

# ------------------------------------------------------------------ boxes


class Panel(Flowable):
    """A tinted box holding other flowables; splits across pages if it must.

    Drawn by us rather than as a one-cell Table: tables wrap their content
    more than once and refuse to split a single tall cell. Its bar and icon
    stand at the side where its lines start: the right, when `rtl`.
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
        titled: bool = True,
        rtl: bool = False,
        whole_below: float = 0.0,
    ):
        super().__init__()
        self.content, self.rtl = content, rtl
        # A box no taller than this moves on whole rather than split (a contact
        # card read as one thing); a taller one splits as any box does.
        self.whole_below = whole_below
        self.fill, self.bar, self.border = fill, bar, border
        self.padding, self.icon, self.icon_size, self.radius = padding, icon, icon_size, radius
        self.titled = titled  # its first item is a title, never left alone at a frame's foot
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
        if self.wrap(availWidth, availHeight)[1] <= self.whole_below:
            return []
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
            # Items that keep with the next one (a list's first and last two)
            # go over together, as they would outside a box.
            while len(first) > 1 and getattr(first[-1], "keepWithNext", 0):
                rest.insert(0, first.pop())
            alone = self.titled and len(first) == 1 and first[0] is self.content[0] and rest
            if not first or alone or getattr(first[-1], "keepWithNext", 0):
                return []  # never leave a box's title (or a kept item) alone at a frame's foot
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
            titled=self.titled and not continued,
            rtl=self.rtl,
        )
        return carry(self, [twin])[0]

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
        bar = self._bar_width
        if self.bar is not None:
            canv.setFillColor(self.bar)
            canv.rect(self.width - bar if self.rtl else 0, 0, bar, self.height, stroke=0, fill=1)
        canv.restoreState()
        x = self.padding + (0 if self.rtl else bar)
        y = self.height - self.padding
        if self.icon is not None:
            # At the start of the content: its right end, when mirrored (before the bar).
            at = self.width - bar - self.padding - self.icon_size if self.rtl else x
            self.icon(canv, at, y - self.icon_size, self.icon_size)
        for f, w, h, (before, after) in zip(
            self.content, self._widths, self._heights, self._gaps(self.content), strict=True
        ):
            y -= before + h
            f.drawOn(canv, x + self._indent(f, w), y)
            y -= after

    def _indent(self, f: Flowable, width: float) -> float:
        """Honour a flowable's hAlign, as a frame would (a centred QR code).

        One wider than the box starts where its lines do and overhangs at
        their end: the right, or the left of a right-to-left box.
        """
        spare = self._inner_width(self.width) - width
        if spare < 0:
            return spare if self.rtl else 0.0
        align = getattr(f, "hAlign", "LEFT")
        if self.rtl and align == "LEFT":  # the start of a right-to-left box is its right
            align = "RIGHT"
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
    # Without colour, a warning still stands apart: it alone keeps a black bar,
    # and gets a full border; other boxes' bars turn gray to save toner.
    warning = kind == "warning"
    border = pal.outline if warning else None
    box = Panel(
        [head, *body],
        fill=fill,
        bar=color if warning else pal.outline or color,
        border=border,
        padding=st.body.fontSize * 0.85,
        icon=icon_drawer(kind, color),
        icon_size=size,
        rtl=ctx.rtl,
    )
    return tagged(source(box, loc), "Sect", title=label)


def side_by_side(
    left: list[Flowable], right: list[Flowable], font: str, share: float = 0.46, rtl: bool = False
) -> Flowable:
    """Two stacks of flowables in columns sharing the available width.

    `font` matters even though every cell holds paragraphs: ReportLab's Table
    sets Helvetica for each cell unless told otherwise. With `rtl` the first
    stack (`left`) prints at the right, and is still read first.
    """
    widths = [f"{share * 100:.0f}%", f"{(1 - share) * 100:.0f}%"]
    row, gap = [left, right], ("RIGHTPADDING", (0, 0), (0, -1), 14)
    if rtl:
        row, widths, gap = row[::-1], widths[::-1], ("LEFTPADDING", (1, 0), (1, -1), 14)
    table = Table([row], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                gap,
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return reads_from_the_right(table) if rtl else table
