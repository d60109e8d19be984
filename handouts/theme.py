"""The clinic's branding, resolved once per build: colours, fonts, logo, styles.

Layouts receive a Theme and never look at the raw `clinic:` settings, so a
re-brand (another clinic, grayscale, large print) is a different Theme and
nothing else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader

from .assets import resolve_asset
from .fonts import FontFamily, default_family
from .model import Clinic


@dataclass(frozen=True)
class Palette:
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    light: colors.Color
    muted: colors.Color
    rule: colors.Color
    on_primary: colors.Color = colors.white


def palette(clinic: Clinic) -> Palette:
    c = clinic.colors
    text = colors.HexColor(c.text)
    return Palette(
        primary=colors.HexColor(c.primary),
        accent=colors.HexColor(c.accent),
        text=text,
        light=colors.HexColor(c.light),
        muted=colors.HexColor("#4A5560"),
        rule=colors.HexColor("#C9D3DC"),
    )


class Logo:
    """A logo decoded once and drawn many times (PNG/JPEG or SVG)."""

    def __init__(self, path: Path):
        self.path = path
        if path.suffix.lower() == ".svg":
            from svglib.svglib import svg2rlg

            drawing = svg2rlg(str(path))
            if drawing is None:
                raise ValueError(f"{path.name}: not a readable SVG file")
            self._drawing = drawing
            self.size = (float(drawing.width), float(drawing.height))
            self._image = None
        else:
            self._drawing = None
            self._image = ImageReader(str(path))
            self.size = tuple(map(float, self._image.getSize()))

    def draw(self, canv, x: float, y: float, width: float, height: float) -> None:
        """Draw inside the box, keeping the aspect ratio, centred."""
        w0, h0 = self.size
        scale = min(width / w0, height / h0)
        w, h = w0 * scale, h0 * scale
        x += (width - w) / 2
        y += (height - h) / 2
        if self._drawing is not None:
            from reportlab.graphics import renderPDF

            canv.saveState()
            canv.translate(x, y)
            canv.scale(scale, scale)
            renderPDF.draw(self._drawing, canv, 0, 0)
            canv.restoreState()
        else:
            canv.drawImage(self._image, x, y, w, h, mask="auto")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    box_title: ParagraphStyle
    small: ParagraphStyle
    cta: ParagraphStyle
    contact: ParagraphStyle


@dataclass(frozen=True)
class Theme:
    clinic: Clinic
    colors: Palette
    fonts: FontFamily
    logo: Logo | None
    base_dir: Path = field(default=Path("."))

    def styles(self, body_size: float = 12.0) -> Styles:
        return _styles(self.fonts, self.colors, body_size)


@functools.cache
def _styles(fonts: FontFamily, pal: Palette, size: float) -> Styles:
    """Paragraph styles for one body size; cached because layouts ask often."""
    lead = round(size * 1.3, 2)
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=size,
        leading=lead,
        textColor=pal.text,
        alignment=TA_LEFT,
        spaceAfter=size * 0.5,
        bulletFontName=fonts.bold,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    return Styles(
        body=body,
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=size * 1.5,
            bulletIndent=size * 0.3,
            spaceAfter=size * 0.2,
            bulletColor=pal.accent,
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 2,
            leading=size * 2.25,
            textColor=pal.primary,
            spaceAfter=size * 0.4,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            parent=body,
            fontSize=size * 1.17,
            leading=size * 1.5,
            textColor=pal.muted,
            spaceAfter=size * 0.8,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 1.34,
            leading=size * 1.65,
            textColor=pal.primary,
            spaceBefore=size * 0.7,
            spaceAfter=size * 0.3,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 1.08,
            leading=size * 1.4,
            textColor=pal.text,
            spaceBefore=size * 0.4,
            spaceAfter=size * 0.2,
            keepWithNext=1,
        ),
        box_title=ParagraphStyle(
            "box_title",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 1.08,
            leading=size * 1.4,
            textColor=pal.primary,
            spaceAfter=size * 0.3,
        ),
        small=ParagraphStyle(
            "small",
            parent=body,
            fontSize=max(8.0, size * 0.72),
            leading=max(8.0, size * 0.72) * 1.3,
            textColor=pal.muted,
            spaceAfter=size * 0.3,
        ),
        cta=ParagraphStyle(
            "cta",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 1.17,
            leading=size * 1.5,
            textColor=pal.on_primary,
            spaceAfter=0,
        ),
        contact=ParagraphStyle("contact", parent=body, spaceAfter=size * 0.15),
    )


def resolve_theme(clinic: Clinic, base_dir: Path) -> Theme:
    """Everything a layout needs to brand a page, loaded once per build."""
    logo = Logo(resolve_asset(base_dir, clinic.logo)) if clinic.logo else None
    return Theme(clinic, palette(clinic), default_family(), logo, base_dir)
