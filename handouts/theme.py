"""The clinic's branding, resolved once per build: colours, fonts, logo, styles.

Layouts receive a Theme and never look at the raw `clinic:` settings, so a
re-brand (another clinic, grayscale, large print) is a different Theme and
nothing else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .assets import AssetError, resolve_asset
from .model import Clinic, FontFaces
from .options import Limits
from .render.color import contrast_ratio, gray, hex_of
from .render.fonts import (
    STYLES,
    FontFamily,
    FontFileError,
    default_family,
    family_name,
    register_family,
)
from .render.pictures import Logo
from .render.primitives import TA_LEFT, ParagraphStyle, colors


@dataclass(frozen=True)
class Palette:
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    light: colors.Color
    muted: colors.Color
    rule: colors.Color
    warning: colors.Color
    warning_light: colors.Color
    on_primary: colors.Color = colors.white

    def grayscale(self) -> Palette:
        """The same palette in grays of equal luminance, so contrast is unchanged."""
        return Palette(**{f.name: gray(getattr(self, f.name)) for f in fields(self)})


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
        warning=colors.HexColor("#B3261E"),
        warning_light=colors.HexColor("#FBEDEA"),
    )


# Text that sits on a background, as (text, background, which brand colour to blame).
AA_RATIO = 4.5
_PAIRS = (
    ("text", "white", "text"),
    ("text", "light", "text"),
    ("on_primary", "primary", "primary"),
    ("primary", "white", "primary"),
    ("primary", "light", "primary"),
)


class BrandProblem(ValueError):
    """A brand kit that cannot be used; `loc` is relative to the clinic."""

    def __init__(self, loc: tuple[str, ...], message: str, hint: str = "", machine: bool = False):
        self.loc, self.message, self.hint, self.machine = loc, message, hint, machine
        super().__init__(message)


def check_contrast(pal: Palette) -> None:
    """Every text colour must reach WCAG AA (4.5:1) on the background it is printed on."""
    named = {"white": colors.white, **{f.name: getattr(pal, f.name) for f in fields(pal)}}
    label = {"on_primary": "white", "white": "white"}
    for fg, bg, blame in _PAIRS:
        ratio = contrast_ratio(named[fg], named[bg])
        if ratio < AA_RATIO:
            fg_name, bg_name = label.get(fg, fg), label.get(bg, bg)
            raise BrandProblem(
                ("colors", blame),
                f"{fg_name} {hex_of(named[fg])} on {bg_name} {hex_of(named[bg])} has a contrast "
                f"ratio of {ratio:.2f}:1; text needs at least {AA_RATIO}:1 (WCAG AA)",
                f"make the {blame} colour darker" if blame != "light" else "",
            )


KEPT_PICTURES = 8  # decoded photos kept per brand: a few MB each


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
    heading_fonts: FontFamily | None = None
    grayscale: bool = False
    limits: Limits = field(default_factory=Limits)
    # Pictures decoded for this brand (and its variants), most recent last.
    pictures: dict[tuple, Logo] = field(default_factory=dict, compare=False, repr=False)

    @property
    def heads(self) -> FontFamily:
        """The heading family (the body family unless the brand names one)."""
        return self.heading_fonts or self.fonts

    def styles(self, body_size: float = 12.0) -> Styles:
        return _styles(self.fonts, self.heads, self.colors, body_size)

    def picture(self, relative: str) -> Logo:
        """An image from the content folder, in this theme's colours.

        Decoding a photo and compressing it for the PDF takes tens of
        milliseconds, and a library prints the same few pictures in many
        files and formats: the last few are kept, keyed by the file's size and
        modification time so an edited picture (in `watch`) is read again.
        """
        path = resolve_asset(self.base_dir, relative)
        try:
            stat = path.stat()
        except OSError:
            return Logo(path, self.grayscale, self.limits)  # reports it as ever
        key = (path, stat.st_size, stat.st_mtime_ns, self.grayscale, self.limits)
        picture = self.pictures.pop(key, None) or Logo(path, self.grayscale, self.limits)
        self.pictures[key] = picture
        while len(self.pictures) > KEPT_PICTURES:
            del self.pictures[next(iter(self.pictures))]
        return picture

    def in_language(self, language: str) -> Theme:
        """This brand with the clinic's words for a handout in `language`."""
        clinic = self.clinic.in_language(language)
        return self if clinic is self.clinic else replace(self, clinic=clinic)

    def in_grayscale(self) -> Theme:
        """The ink-saving black-and-white variant of this brand."""
        if self.grayscale:
            return self
        logo = Logo(self.logo.path, grayscale=True, limits=self.limits) if self.logo else None
        return replace(self, colors=self.colors.grayscale(), logo=logo, grayscale=True)


@functools.cache
def _styles(fonts: FontFamily, heads: FontFamily, pal: Palette, size: float) -> Styles:
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
        bulletFontSize=size,
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
            fontName=heads.bold,
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
            fontName=heads.bold,
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
            fontName=heads.bold,
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
            fontName=heads.bold,
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
            fontName=heads.bold,
            fontSize=size * 1.17,
            leading=size * 1.5,
            textColor=pal.on_primary,
            spaceAfter=0,
        ),
        contact=ParagraphStyle("contact", parent=body, spaceAfter=size * 0.15),
    )


def resolve_theme(clinic: Clinic, base_dir: Path, limits: Limits | None = None) -> Theme:
    """Everything a layout needs to brand a page, loaded once per build.

    Raises BrandProblem for colours that fail contrast or fonts that cannot
    be used; `machine` is set for a font file that is missing or unreadable.
    """
    pal = palette(clinic)
    check_contrast(pal)
    body = _family(clinic.fonts.body, base_dir, ("fonts", "body"))
    heads = _family(clinic.fonts.heading, base_dir, ("fonts", "heading"))
    limits = limits or Limits()
    logo = Logo(resolve_asset(base_dir, clinic.logo), limits=limits) if clinic.logo else None
    return Theme(
        clinic, pal, body or default_family(), logo, base_dir, heading_fonts=heads, limits=limits
    )


def _family(faces: FontFaces | None, base_dir: Path, loc: tuple[str, ...]) -> FontFamily | None:
    if faces is None:
        return None
    paths: dict[str, Path] = {}
    for style, attr in _FACE_KEYS.items():
        relative = getattr(faces, attr)
        if relative is None:  # italics fall back to the upright faces
            paths[style] = paths["regular" if style == "italic" else "bold"]
            continue
        try:
            paths[style] = resolve_asset(base_dir, relative, (".ttf",))
        except AssetError as exc:
            raise BrandProblem((*loc, attr), str(exc), _TTF_HINT, machine=True) from None
    try:
        return register_family(family_name(paths["regular"]), tuple(paths.items()))
    except FontFileError as exc:
        key = _FACE_KEYS[exc.style]
        raise BrandProblem((*loc, key), exc.message, _TTF_HINT, machine=True) from None


_FACE_KEYS = dict(zip(STYLES, ("regular", "bold", "italic", "bold_italic"), strict=True))
_TTF_HINT = "ship the TrueType (.ttf) files in the content folder"
