"""Colours written as DeviceGray, for the ink-saving grayscale variant.

ReportLab writes every colour as RGB (`r g b rg`), grays included, so an
office printer's driver may still mix gray from the three colour inks.
A canvas (or text object) with `GrayInk` mixed in writes each colour it is
given as the gray of the same luminance, with the gray operators (`g`, `G`).
It rewrites only the operators the colour call itself appends, so alpha
and everything else ReportLab does in those calls is unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen import textobject

from .color import gray

_RGB = re.compile(r"^([-\d.]+) ([-\d.]+) ([-\d.]+) (rg|RG)$")
_CMYK = re.compile(r"^([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) (k|K)$")


def gray_operator(op: str) -> str:
    """`op` as a DeviceGray operator if it sets an RGB or CMYK colour, else `op`."""
    if m := _RGB.match(op):
        r, g, b = (float(v) for v in m.groups()[:3])
        level = gray(colors.Color(r, g, b)).red
        return f"{fp_str(level)} {'g' if m[4] == 'rg' else 'G'}"
    if m := _CMYK.match(op):
        c, mg, y, k = (float(v) for v in m.groups()[:4])
        level = gray(colors.CMYKColor(c, mg, y, k)).red
        return f"{fp_str(level)} {'g' if m[5] == 'k' else 'G'}"
    return op


def _in_gray(name: str):
    def call(self, *args: Any, **kwargs: Any) -> None:
        parent = getattr(super(GrayColours, self), name)
        if not self.grayscale:
            return parent(*args, **kwargs)
        start = len(self._code)
        parent(*args, **kwargs)
        self._code[start:] = [gray_operator(op) for op in self._code[start:]]
        return None

    call.__name__ = name
    call.__doc__ = f"ReportLab's {name}, written as DeviceGray when `grayscale` is set."
    return call


class GrayColours:
    """Mixed in before a ReportLab canvas or text object: colours as DeviceGray."""

    grayscale: bool = False

    setFillColor = _in_gray("setFillColor")
    setStrokeColor = _in_gray("setStrokeColor")
    setFillColorRGB = _in_gray("setFillColorRGB")
    setStrokeColorRGB = _in_gray("setStrokeColorRGB")
    setFillColorCMYK = _in_gray("setFillColorCMYK")
    setStrokeColorCMYK = _in_gray("setStrokeColorCMYK")


class GrayInk(GrayColours):
    """For a canvas: its text objects write gray too (Paragraph colours its words there)."""

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None):
        # Through the canvas's own beginText (the tagging canvas hooks its link
        # records there), then the same object writing gray.
        tx = super().beginText(x, y, direction)  # type: ignore[misc]
        if self.grayscale and type(tx) is textobject.PDFTextObject:
            tx.__class__ = GrayText
        return tx


class GrayText(GrayColours, textobject.PDFTextObject):
    """ReportLab's text object writing DeviceGray colours."""

    grayscale = True


class GrayCanvas(GrayInk, rl_canvas.Canvas):
    """A plain canvas that writes gray (for operators recorded once and replayed)."""

    grayscale = True
