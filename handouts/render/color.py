"""Colour arithmetic: WCAG luminance and contrast, and the gray of equal luminance."""

from __future__ import annotations

from reportlab.lib import colors


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(color: colors.Color) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(v) for v in color.rgb())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: colors.Color, b: colors.Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def gray(color: colors.Color) -> colors.Color:
    """The gray with the same luminance (so WCAG contrast is preserved)."""
    lum = luminance(color)
    v = lum * 12.92 if lum <= 0.0031308 else 1.055 * lum ** (1 / 2.4) - 0.055
    level = round(min(1.0, max(0.0, v)) * 255) / 255
    return colors.Color(level, level, level)


def hex_of(color: colors.Color) -> str:
    return "#" + color.hexval()[2:].upper()
