"""Flowables we draw ourselves: tick boxes, write-in lines, pictures, QR codes.

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
from reportlab.platypus import Flowable

from .tagging import DECORATION, marked
from .textflow import draw_text

QR_ENCODER = f"reportlab-{reportlab.Version}"  # the codes it makes are kept by this name

Marker = Callable[[Canvas, float, float], None]


class Marked(Flowable):
    """A flowable with something drawn in the margin beside its first line.

    Used for checklist tick boxes: Paragraph bullets can only be text, and
    the body font has no ballot-box glyph.
    """

    def __init__(self, inner: Flowable, marker: Marker | None, indent: float, first_line: float):
        super().__init__()
        self.inner, self.marker, self.indent, self.first_line = inner, marker, indent, first_line

    def wrap(self, availWidth, availHeight):
        w, h = self.inner.wrap(availWidth - self.indent, availHeight)
        self.width, self.height = w + self.indent, h
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.inner.split(availWidth - self.indent, availHeight)
        return [
            Marked(p, self.marker if i == 0 else None, self.indent, self.first_line)
            for i, p in enumerate(parts)
        ]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def draw(self):
        if self.marker is not None:
            self.marker(self.canv, 0, self.height - self.first_line)
        self.inner.drawOn(self.canv, self.indent, 0)


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

    With `field_name` set the lines become an AcroForm text field of the same
    size, so the form can be typed into on screen and still printed.
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
    ):
        super().__init__()
        self.label, self.lines, self.label_font = label, lines, label_font
        self.size, self.color, self.rule, self.label_width = size, color, rule, label_width
        self.field_name = field_name
        self.pitch = size * 2.1

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.pitch * self.lines
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        base = self.height - self.pitch + self.size * 0.55
        canv.setFillColor(self.color)
        draw_text(canv, self.label, self.label_font, self.size, 0, base + 2)
        x0 = self.label_width
        with marked(canv, DECORATION):
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.9)
            for i in range(self.lines):
                y = base - i * self.pitch
                canv.line(x0 if i == 0 else 0, y, self.width, y)
        canv.restoreState()
        if self.field_name is not None:
            bottom = base - (self.lines - 1) * self.pitch
            canv.acroForm.textfield(
                name=self.field_name,
                tooltip=self.label,
                x=x0,
                y=bottom + 1,
                width=self.width - x0,
                height=self.height - self.pitch + self.size * 1.5
                if self.lines > 1
                else self.size * 1.5,
                # ReportLab's AcroForm takes only the standard 14 fonts: what a
                # patient types shows in the viewer's Helvetica (nothing is drawn
                # with it in the file; the field starts empty).
                fontName="Helvetica",
                fontSize=self.size,
                borderWidth=0,
                borderColor=None,
                fillColor=None,
                textColor=self.color,
                fieldFlags="multiline" if self.lines > 1 else "",
                relative=True,
            )


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


Modules = tuple[tuple[bool, ...], ...]  # a QR code's rows of dark (True) and light modules


@functools.lru_cache(maxsize=256)
def qr_modules(text: str) -> Modules:
    """The dark/light modules of a QR code, encoded once per text.

    ReportLab's encoder takes ~85 ms per code; a library prints the same
    few clinic addresses on every handout.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
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
    ):
        super().__init__()
        self.left, self.right, self.left_width, self.gap = left, right, left_width, gap
        self.middle = middle
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
        self._placed = [(f, 0.0, self.height - ly - y) for f, y in left]
        x = self.left_width + self.gap
        self._placed += [(f, x, self.height - ry - y) for f, y in right]
        return self.width, self.height

    def draw(self):
        for f, x, y in self._placed:
            f.drawOn(self.canv, x, y)
