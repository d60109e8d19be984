"""Flowables we draw ourselves: tick boxes, write-in lines, pictures, figures, QR codes.

Each one does all of its drawing inside its own `draw`, so a wrapper (the
tagged-PDF marker, a brochure panel) can move or mark it as one piece. None
knows about content or YAML: the block builders in `blocks` feed them.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable

import reportlab
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from ..places import Rule, WriteInPlace
from ..plan import Box
from .formfields import Line, add_write_in
from .qrmask import best_mask
from .tagging import DECORATION, marked
from .textflow import draw_text

QR_ENCODER = f"reportlab-{reportlab.Version}"  # the codes it makes are kept by this name

Marker = Callable[[Canvas, float, float], None]


class Marked(Flowable):
    """A flowable with something drawn in the margin beside its first line.

    Used for checklist tick boxes: Paragraph bullets can only be text, and
    the body font has no ballot-box glyph. With `rtl` the margin is at the
    right and the marker is drawn as in a mirror.
    """

    def __init__(
        self,
        inner: Flowable,
        marker: Marker | None,
        indent: float,
        first_line: float,
        rtl: bool = False,
    ):
        super().__init__()
        self.inner, self.marker, self.indent, self.first_line = inner, marker, indent, first_line
        self.rtl = rtl

    def wrap(self, availWidth, availHeight):
        w, h = self.inner.wrap(availWidth - self.indent, availHeight)
        self.width, self.height = w + self.indent, h
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.inner.split(availWidth - self.indent, availHeight)
        return [
            Marked(p, self.marker if i == 0 else None, self.indent, self.first_line, self.rtl)
            for i, p in enumerate(parts)
        ]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def draw(self):
        canv = self.canv
        if self.marker is not None:
            canv.saveState()
            if self.rtl:  # x runs from the right edge, leftwards
                canv.translate(self.width, 0)
                canv.scale(-1, 1)
            self.marker(canv, 0, self.height - self.first_line)
            canv.restoreState()
        self.inner.drawOn(canv, 0 if self.rtl else self.indent, 0)


def tick_box(size: float, color: colors.Color) -> Marker:
    """An empty square to tick with a pen, its top aligned with capital letters."""

    def draw(canv: Canvas, x: float, baseline: float) -> None:
        canv.saveState()
        canv.setStrokeColor(color)
        canv.setFillColor(colors.white)
        canv.setLineWidth(1.1)
        canv.roundRect(x, baseline - size * 0.12, size, size, size * 0.15, stroke=1, fill=1)
        canv.restoreState()

    return draw


class WriteIn(Flowable):
    """A label followed by ruled lines to write on, or by a real form field.

    With `field_name` set each line also gets a form field standing on it,
    set in `field_font` (the body face, embedded), so the form can be typed
    into on screen and still looks printed. A field of many lines splits
    between its rules (unless `splits` is off), `KEEP_RULES` on each side; the part
    after the break has no label and is the same field (`start`: its first
    rule's number in the whole, from 0; `total`: the whole field's rules).
    """

    def __init__(
        self,
        label: str,
        *,
        lines: int,
        label_font: str,
        size: float,
        color: colors.Color,
        rule: colors.Color,
        label_width: float,
        field_name: str | None = None,
        field_font: str | None = None,
        start: int = 0,
        total: int | None = None,
        splits: bool = True,
        rtl: bool = False,
    ):
        super().__init__()
        self.rtl = rtl  # the label at the right, its first line running left of it
        self.label, self.lines, self.label_font = label, lines, label_font
        self.size, self.color, self.rule, self.label_width = size, color, rule, label_width
        self.field_name, self.field_font = field_name, field_font
        self.start, self.total, self.splits = start, total or lines, splits
        self.pitch = size * 2.1
        self.stacked = False
        self.whole: WriteIn = self  # the field a part belongs to (its places merge)

    @property
    def labelled(self) -> bool:
        return self.start == 0

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        # Beside its label a line must be long enough to write on; in a
        # narrow column the label goes above a line the column's width.
        self.stacked = availWidth - self.label_width < MIN_WRITE_IN
        self.height = self.pitch * self.lines + self._label_row()
        return self.width, self.height

    def _label_row(self) -> float:
        return self.size * 1.5 if self.stacked and self.labelled else 0.0

    def split(self, availWidth, availHeight):
        """The rules that fit, then the rest: `KEEP_RULES` at least on each side.

        A long field (notes) then fills a page's foot instead of moving on
        whole and leaving a hole; a short one moves on whole as before.
        """
        self.wrap(availWidth, availHeight)
        fit = int((availHeight - self._label_row()) // self.pitch)
        first = min(fit, self.lines - KEEP_RULES)
        if first < KEEP_RULES or not self.splits:
            return []
        return [self._part(0, first), self._part(first, self.lines - first)]

    def _part(self, offset: int, lines: int) -> WriteIn:
        part = WriteIn(
            self.label,
            lines=lines,
            label_font=self.label_font,
            size=self.size,
            color=self.color,
            rule=self.rule,
            label_width=self.label_width,
            field_name=self.field_name,
            field_font=self.field_font,
            start=self.start + offset,
            total=self.total,
            splits=self.splits,
            rtl=self.rtl,
        )
        part.whole = self.whole
        return part

    def _rules(self) -> list[tuple[float, float, float]]:
        """(left end, right end, height) of each printed rule, top to bottom."""
        label = self.label_width if self.labelled and not self.stacked else 0.0
        bottom = self.size * 0.55
        out = []
        for i in range(self.lines):
            skip = label if i == 0 else 0.0  # the first line starts after its label
            left, right = (0.0, self.width - skip) if self.rtl else (skip, self.width)
            out.append((left, right, bottom + (self.lines - 1 - i) * self.pitch))
        return out

    def draw(self):
        canv = self.canv
        canv.saveState()
        rules = self._rules()
        canv.setFillColor(self.color)
        if self.labelled:
            label_y = rules[0][2] + (self.size * 1.5 if self.stacked else 2)
            at = self.width if self.rtl else 0
            draw_text(canv, self.label, self.label_font, self.size, at, label_y, self.rtl)
        with marked(canv, DECORATION):
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.9)
            for left, right, y in rules:
                canv.line(left, y, right, y)
        canv.restoreState()
        places = getattr(canv, "places", None)  # only the document's canvas records
        if places is not None:
            page = canv.getPageNumber() - 1
            placed = self._placed(rules, page)
            place = WriteInPlace(page, self.label, placed, self.size, self.rtl)
            places.write_in(place, self.whole)
        if self.field_name is not None:
            add_write_in(
                canv,
                self.field_name,
                self._field_lines(rules),
                font=self.field_font or self.label_font,
                size=self.size,
                color=self.color,
                first=self.start + 1,
                several=self.total > 1,
                rtl=self.rtl,
            )

    def _placed(self, rules: list[tuple[float, float, float]], page: int) -> tuple[Rule, ...]:
        """The printed rules on the page, for the print station to write on."""
        out = []
        for left, right, y in rules:
            x0, y0 = self.canv.absolutePosition(left, y)
            x1, _ = self.canv.absolutePosition(right, y)
            out.append(Rule(x0, y0, x1, page))
        return tuple(out)

    def _field_lines(self, rules: list[tuple[float, float, float]]) -> list[Line]:
        """A field box on each printed rule, as long as the rule.

        Each box stands on its rule (1 pt above it) and is 1.5 em tall, so
        what is typed sits on the line as handwriting would.
        """
        out = []
        for i, (left, right, y) in enumerate(rules, start=self.start + 1):
            ax, ay = self.canv.absolutePosition(left, y + 1)
            bx, by = self.canv.absolutePosition(right, y + 1 + self.size * 1.5)
            tip = self.label if self.total == 1 else f"{self.label} ({i}/{self.total})"
            out.append(Line((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)), tip))
        return out


KEEP_RULES = 2  # rules a split write-in keeps with its label, and puts on the next part
MIN_WRITE_IN = 2.5 * 72  # pt: the shortest line beside a label that a name fits on


class ColumnTable(Table):
    """A table whose columns widen, in proportion, to the column it lands in.

    Its widths are worked out for the narrowest frame of a layout (a
    brochure's fold-in panel); in a wider panel it would stop short of the
    column's edge.
    """

    def wrap(self, availWidth, availHeight):
        total = sum(self._argW)
        if availWidth > total + 0.5:
            scale = availWidth / total
            self._argW = self._colWidths = [w * scale for w in self._argW]
            self._width_calculated_once = None
        return super().wrap(availWidth, availHeight)

    keep_rows = 2  # body rows a split leaves on each side, like a list's items
    hole = float("inf")  # pt: where more room than this is left, any split will do

    def split(self, availWidth, availHeight):
        """Split only with `keep_rows` body rows on each side (the head row repeats).

        A table of a few tall rows would then move whole; where that leaves
        more than `hole` of the page blank, any split between rows is better.
        """
        parts = self._split(availWidth, availHeight)
        if len(parts) != 2 or availHeight > self.hole:
            return parts
        head, keep = self.repeatRows, self.keep_rows
        first = len(parts[0]._cellvalues) - head
        rest = len(self._cellvalues) - head - first
        if min(first, rest) >= keep:
            return parts
        if first + rest < 2 * keep or first < keep:
            return []
        fewer = first - (keep - rest)  # so that `keep` rows go over
        return self._split(availWidth, sum(self._rowHeights[: head + fewer]) + 0.5)

    def _split(self, availWidth, availHeight) -> list[Table]:
        parts = super().split(availWidth, availHeight)
        for part in parts:  # the rest may split again, by the same rule
            part.hole = self.hole
        return parts


class Picture(Flowable):
    """A decoded image (raster or SVG) drawn at a fixed width, centred."""

    def __init__(self, image, width: float, alt: str):
        super().__init__()
        self.image, self.alt = image, alt
        w0, h0 = image.size
        self.draw_width, self.draw_height = width, width * h0 / w0
        self.hAlign = "CENTER"

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.draw_width, self.draw_height
        return self.width, self.height

    def draw(self):
        self.image.draw(self.canv, 0, 0, self.draw_width, self.draw_height)


class Figure(Flowable):
    """A picture with its caption under it: never apart, and never a hole before it.

    Where a page has less room left than the figure needs, it prints there
    smaller, down to `min_scale` of its width, rather than move on and leave
    the room blank. Where even that does not fit, it moves to the next page
    and remembers the room it left (`left_behind`: page number, points), so
    the layout can say which page ends short and what would fit.
    """

    def __init__(self, picture: Picture, caption: Flowable | None, *, gap: float, min_scale: float):
        super().__init__()
        self.picture, self.caption, self.gap, self.min_scale = picture, caption, gap, min_scale
        self.full = (picture.draw_width, picture.draw_height)
        self.scale = 1.0
        self.left_behind: tuple[int, float] | None = None

    def _below(self, availWidth: float) -> float:
        """The caption's height and its gap from the picture (none without a caption)."""
        if self.caption is None:
            return 0.0
        return self.gap + self.caption.wrap(availWidth, 1e6)[1]

    def least_height(self, availWidth: float) -> float:
        """The height at the smallest size the figure may print."""
        return self.full[1] * self.min_scale + self._below(availWidth)

    def wrap(self, availWidth, availHeight):
        self.picture.draw_width = self.full[0] * self.scale
        self.picture.draw_height = self.full[1] * self.scale
        self.width = availWidth
        self.height = self.picture.draw_height + self._below(availWidth)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        fits = (availHeight - self._below(availWidth)) / self.full[1]
        if self.min_scale <= fits < 1:
            self.scale = fits
            return [self]
        self.scale = 1.0
        page = self.canv.getPageNumber() if hasattr(self, "canv") else 0
        self.left_behind = (page, availHeight)
        return []

    def draw(self):
        pic = self.picture
        pic.drawOn(self.canv, (self.width - pic.draw_width) / 2, self.height - pic.draw_height)
        if self.caption is not None:
            self.caption.drawOn(self.canv, 0, 0)


Modules = tuple[tuple[bool, ...], ...]  # a QR code's rows of dark (True) and light modules


@functools.lru_cache(maxsize=256)
def qr_modules(text: str) -> Modules:
    """The dark/light modules of a QR code, encoded once per text.

    ReportLab's encoder, as `QRCode.make` runs it, with the mask chosen by
    `qrmask` (the same choice, scored faster): a library prints the same
    few clinic addresses on every handout, and the catalogue one code per
    handout.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, best_mask(code))
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class QrCode(Flowable):
    """A QR code as vector squares with its quiet zone, for print."""

    QUIET = 4  # modules of white border scanners need

    def __init__(
        self,
        text: str,
        size: float,
        alt: str,
        color: colors.Color = colors.black,
        modules: Modules | None = None,
    ):
        super().__init__()
        self.text, self.size, self.alt, self.color = text, size, alt, color
        self.modules = modules or qr_modules(text)

    def wrap(self, availWidth, availHeight):
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self):
        canv = self.canv
        n = len(self.modules) + 2 * self.QUIET
        box = self.size / n
        canv.saveState()
        canv.setFillColor(colors.white)
        canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canv.setFillColor(self.color)
        path = canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    x = (c + self.QUIET) * box
                    y = self.size - (r + self.QUIET + 1) * box
                    path.rect(x, y, count * box, box)
                c += count
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


class SideBySide(Flowable):
    """A fixed-width flowable beside a column of others, centred vertically.

    For a QR code next to its caption, or a glossary term next to its
    meaning; cheaper and more predictable than a two-cell table.
    """

    def __init__(
        self,
        left: list[Flowable],
        right: list[Flowable],
        *,
        left_width: float,
        gap: float,
        middle: bool = True,
        right_first: bool = False,
        rtl: bool = False,
    ):
        super().__init__()
        self.left, self.right, self.left_width, self.gap = left, right, left_width, gap
        self.middle = middle
        self.right_first = right_first  # drawn, hence read, before the left column
        # Mirrored: the `left` column at the right; still drawn (and read) first.
        self.rtl = rtl
        self._placed: list[tuple[Flowable, float, float]] = []

    @staticmethod
    def _stack(items: list[Flowable], width: float) -> tuple[float, list[tuple[Flowable, float]]]:
        y, out = 0.0, []
        for i, f in enumerate(items):
            _, h = f.wrap(width, 1e6)
            y += (f.getSpaceBefore() if i else 0.0) + h
            out.append((f, y))
            y += f.getSpaceAfter() if i < len(items) - 1 else 0.0
        return y, out

    def wrap(self, availWidth, availHeight):
        right_w = availWidth - self.left_width - self.gap
        lh, left = self._stack(self.left, self.left_width)
        rh, right = self._stack(self.right, right_w)
        self.width, self.height = availWidth, max(lh, rh)
        ly, ry = ((self.height - lh) / 2, (self.height - rh) / 2) if self.middle else (0, 0)
        lx, rx = 0.0, self.left_width + self.gap
        if self.rtl:
            lx, rx = availWidth - self.left_width, 0.0
        placed_left = [(f, lx, self.height - ly - y) for f, y in left]
        placed_right = [(f, rx, self.height - ry - y) for f, y in right]
        first, second = (
            (placed_right, placed_left) if self.right_first else (placed_left, placed_right)
        )
        self._placed = first + second
        return self.width, self.height

    def draw(self):
        for f, x, y in self._placed:
            f.drawOn(self.canv, x, y)


class Room(Flowable):
    """Draws nothing: records the room left in its frame below it as a named place.

    At the end of a story it tells the print station where a notes box can
    go. Zero-sized to ReportLab (`_ZEROSIZE`), so it always fits where it is
    and never starts a page of its own.
    """

    _ZEROSIZE = True

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.width = self.height = 0
        self._room = (0.0, 0.0)

    def wrap(self, availWidth, availHeight):
        self._room = (availWidth, max(availHeight, 0.0))
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        places = getattr(canvas, "places", None)
        if places is None:
            return
        width, height = self._room
        ax, ay = canvas.absolutePosition(x, y)
        places.room(self.name, canvas.getPageNumber() - 1, Box(ax, ay - height, width, height))

    def draw(self):
        pass


class AtFoot(Flowable):
    """A flowable set at the foot of its frame; the room it leaves above is a named place.

    ReportLab's TopPadder does the first half; this also tells the print
    station where a brochure's cover has room for a card (between the title
    and the tagline at the foot).
    """

    def __init__(self, inner: Flowable, room: str):
        super().__init__()
        self.inner, self.room = inner, room
        self._free = 0.0

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        self._free = max(availHeight - self.height, 0.0)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.inner.split(availWidth, availHeight)
        return [AtFoot(parts[0], self.room), *parts[1:]] if len(parts) > 1 else parts

    def drawOn(self, canvas, x, y, _sW=0):
        low = y - self._free + 1e-8
        self.inner.drawOn(canvas, x, low, _sW)
        places = getattr(canvas, "places", None)
        if places is not None:
            ax, ay = canvas.absolutePosition(x, low + self.height)
            page = canvas.getPageNumber() - 1
            places.room(self.room, page, Box(ax, ay, self.width, self._free))

    def draw(self):
        pass
