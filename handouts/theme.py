"""The clinic's branding, resolved once per build: colours, fonts, logo, styles.

Layouts receive a Theme and never look at the raw `clinic:` settings, so a
re-brand (another clinic, grayscale, large print) is a different Theme and
nothing else.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from .assets import AssetError, check_svg, decode_raster, read_asset, resolve_asset
from .fonts import (
    STYLES,
    FontFamily,
    FontFileError,
    default_family,
    family_name,
    read_font_file,
    register_family,
)
from .load import Limits
from .model import Clinic, FontFaces
from .render import pin_reportlab_settings


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


def contrast_problems(pal: Palette) -> list[BrandProblem]:
    """The first pair of colours that fails WCAG AA for each colour to blame.

    One line per colour: darkening it fixes every pair it is in.
    """
    named = {"white": colors.white, **{f.name: getattr(pal, f.name) for f in fields(pal)}}
    label = {"on_primary": "white", "white": "white"}
    out: list[BrandProblem] = []
    for fg, bg, blame in _PAIRS:
        ratio = contrast_ratio(named[fg], named[bg])
        if ratio < AA_RATIO and all(p.loc != ("colors", blame) for p in out):
            fg_name, bg_name = label.get(fg, fg), label.get(bg, bg)
            out.append(
                BrandProblem(
                    ("colors", blame),
                    f"{fg_name} {hex_of(named[fg])} on {bg_name} {hex_of(named[bg])} has a "
                    f"contrast ratio of {ratio:.2f}:1; text needs at least {AA_RATIO}:1 (WCAG AA)",
                    f"make the {blame} colour darker" if blame != "light" else "",
                )
            )
    return out


def _gray_drawing(node) -> None:
    """Turn every fill and stroke of an SVG drawing to gray, in place."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if isinstance(value, colors.Color):
            setattr(node, attr, gray(value))
    for child in getattr(node, "contents", ()):
        _gray_drawing(child)


KEPT_PICTURES = 8  # decoded photos kept per brand: a few MB each


def _positive(dpi: object) -> bool:
    """A usable resolution from an image's header (a damaged one can say anything)."""
    return (
        isinstance(dpi, tuple)
        and bool(dpi)
        and isinstance(dpi[0], int | float)
        and 1 < dpi[0] < 100_000
    )


_SVG_SIZES = (0.01, 100_000.0)  # points; outside, scaling to a page overflows or vanishes


def _svg_drawing(path: Path, data: bytes, grayscale: bool, limits: Limits):
    """An SVG checked, converted and drawn once, so that drawing it later cannot fail.

    svglib and ReportLab's renderer fail on odd but well-formed files
    (`scale(0)`, a path `d="M"` or one that starts with `Z`, an empty
    `<svg>`) with whatever exception the code in their way raises; any of
    them is this file's one problem, not a traceback.
    """
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    check_svg(path, data, limits)
    try:
        # From bytes, not the path: svglib then cannot follow file references.
        drawing = svg2rlg(io.BytesIO(data))
        if drawing is not None and drawing.width and drawing.height:
            if grayscale:
                _gray_drawing(drawing)
            renderPDF.draw(drawing, Canvas(io.BytesIO(), invariant=1), 0, 0)
    except Exception as exc:  # a converter fed untrusted bytes
        detail = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
        raise AssetError(f"{path.name}: cannot draw this SVG ({detail}); export it again") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise AssetError(
            f"{path.name}: not a readable SVG file (it has no size); set width and height"
        )
    if not all(_SVG_SIZES[0] <= v <= _SVG_SIZES[1] for v in (drawing.width, drawing.height)):
        raise AssetError(
            f"{path.name}: the SVG's width and height ({drawing.width:g} x {drawing.height:g}) "
            "are not a usable size; give them between 1 and 10,000"
        )
    return drawing


class Logo:
    """A logo or picture decoded once and drawn many times (PNG/JPEG or SVG)."""

    # Pixels per inch assumed for a raster image that does not say.
    DEFAULT_PPI = 96.0

    def __init__(self, path: Path, grayscale: bool = False, limits: Limits | None = None):
        self.path = path
        self.ppi: float | None = None
        self._encoded: _EncodedImage | None = None
        self.limits = limits or Limits()
        data = read_asset(path, self.limits)
        if path.suffix.lower() == ".svg":
            self._drawing = _svg_drawing(path, data, grayscale, self.limits)
            self._operators = _self_contained_operators(self._drawing)
            self.size = (float(self._drawing.width), float(self._drawing.height))
            self._image = None
        else:
            self._drawing = None
            self._operators = None
            with decode_raster(path, data, self.limits) as im:
                dpi = im.info.get("dpi")
                self.ppi = float(dpi[0]) if _positive(dpi) else self.DEFAULT_PPI
                self._image = ImageReader(_gray_image(im) if grayscale else im.copy())
            self.size = tuple(map(float, self._image.getSize()))

    @property
    def max_width(self) -> float:
        """The widest it may print (points): its own size; vector art scales freely."""
        return float("inf") if self.ppi is None else self.size[0] * 72 / self.ppi

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
            if self._operators is not None:
                canv._code.append(self._operators)
            else:
                renderPDF.draw(self._drawing, canv, 0, 0)
            canv.restoreState()
        else:
            if self._encoded is None:  # on first use: a logo may never be drawn
                self._encoded = _EncodedImage(self._image)
            self._encoded.draw(canv, x, y, w, h)


class _EncodedImage:
    """A raster image as a PDF image object, compressed once for every document.

    `canvas.drawImage` decodes and compresses the pixels again in every
    document (and hashes them to name the object): for a photo that was
    40 ms of a 70 ms handout. This does what drawImage does for an
    `ImageReader` with `mask="auto"`, but builds the objects once and gives
    each document its own copies (ReportLab 5.1's canvas internals; the
    version is pinned). A test compares the bytes with drawImage's.
    """

    def __init__(self, image: ImageReader):
        rawdata = image.getRGBData()
        alpha = image._dataA
        self.name = _digester(rawdata + (alpha.getRGBData() if alpha else b"auto"))
        self.xobject = pdfdoc.PDFImageXObject(self.name, image, mask="auto")
        self.xobject.name = self.name
        self.smask = self.xobject.__dict__.pop("_smask", None)

    def draw(self, canv, x: float, y: float, width: float, height: float) -> None:
        doc = canv._doc
        canv._currentPageHasImages = 1
        reg = doc.getXObjectName(self.name)
        if reg not in doc.idToObject:
            xobject = copy.copy(self.xobject)
            canv._setXObjects(xobject)
            doc.Reference(xobject, reg)
            doc.addForm(self.name, xobject)
            if self.smask is not None:
                mask_reg = doc.getXObjectName(self.smask.name)
                if mask_reg not in doc.idToObject:
                    smask = copy.copy(self.smask)
                    canv._setXObjects(smask)
                    xobject.smask = doc.Reference(smask, mask_reg)
                else:
                    xobject.smask = pdfdoc.PDFObjectReference(mask_reg)
        canv.saveState()
        canv.translate(x, y)
        canv.scale(width, height)
        canv._code.append(f"/{reg} Do")
        canv.restoreState()
        canv._formsinuse.append(self.name)


# Operators that name a resource of the page (font, graphics state, image,
# shading, colour space): such drawing cannot be copied into another document.
_RESOURCE_OPERATORS = re.compile(r"\b(?:Tf|gs|Do|sh|cs|CS|scn|SCN|BI)\b")
_FONT_STATE_ONLY = re.compile(r"BT /F\d+ [\d.]+ Tf [\d.]+ TL ET")


def _self_contained_operators(drawing) -> str | None:
    """The drawing's PDF operators, if they can be replayed in any document.

    Walking a vector logo's shapes costs about a millisecond on every page
    that shows it, and a logo is drawn once or twice in every file of a
    library build; its operators are the same every time, so they are made
    once. Art that needs page resources (text, transparency, spot colours)
    is drawn afresh each time instead.
    """
    from reportlab.graphics import renderPDF

    pin_reportlab_settings()  # the scratch canvas must not read SOURCE_DATE_EPOCH either
    scratch = Canvas(io.BytesIO(), invariant=1)
    renderPDF.draw(drawing, scratch, 0, 0)
    # The renderer sets a default font (Helvetica) before drawing, text or
    # not; inside the drawing's q ... Q that changes nothing a reader sees,
    # but it would put an unembedded Helvetica in every page's resources.
    operators = "\n".join(op for op in scratch._code if not _FONT_STATE_ONLY.fullmatch(op))
    return None if _RESOURCE_OPERATORS.search(operators) else operators


def _gray_image(im: PILImage.Image) -> PILImage.Image:
    """A grayscale copy that keeps transparency, stored as RGB(A) for ReportLab."""
    luma = im.convert("L")
    if "A" in im.getbands() or "transparency" in im.info:
        alpha = im.convert("RGBA").getchannel("A")
        return PILImage.merge("RGBA", (luma, luma, luma, alpha))
    return PILImage.merge("RGB", (luma, luma, luma))


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

    Raises BrandProblems listing every part of the brand that cannot be
    used (colours that fail contrast, fonts, the logo), each independent of
    the others; `machine` is set on a font file that is missing or unreadable.
    """
    limits = limits or Limits()
    pal = palette(clinic)
    problems = contrast_problems(pal)
    body = _collect(problems, _family, clinic.fonts.body, base_dir, ("fonts", "body"), limits)
    heads = _collect(
        problems, _family, clinic.fonts.heading, base_dir, ("fonts", "heading"), limits
    )
    logo = _collect(problems, _logo, clinic, base_dir, limits)
    if problems:
        raise BrandProblems(problems)
    return Theme(
        clinic, pal, body or default_family(), logo, base_dir, heading_fonts=heads, limits=limits
    )


class BrandProblems(Exception):
    """Every BrandProblem of one brand, found in one pass."""

    def __init__(self, problems: list[BrandProblem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _collect(problems: list[BrandProblem], make, *args):
    """`make(*args)`, or None with its BrandProblem added to `problems`."""
    try:
        return make(*args)
    except BrandProblem as exc:
        problems.append(exc)
        return None


def _logo(clinic: Clinic, base_dir: Path, limits: Limits) -> Logo | None:
    if not clinic.logo:
        return None
    try:
        return Logo(resolve_asset(base_dir, clinic.logo), limits=limits)
    except (OSError, ValueError) as exc:  # AssetError is a ValueError
        raise BrandProblem(("logo",), f"cannot read the logo: {exc}") from None


def _family(
    faces: FontFaces | None, base_dir: Path, loc: tuple[str, ...], limits: Limits
) -> FontFamily | None:
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
            raise BrandProblem((*loc, attr), str(exc), _TTF_HINT, machine=exc.missing) from None
    try:
        for style, path in paths.items():  # sized before ReportLab reads a byte
            read_font_file(style, path, limits.max_asset_bytes)
        return register_family(
            family_name(paths["regular"], limits.max_asset_bytes), tuple(paths.items())
        )
    except FontFileError as exc:
        key = _FACE_KEYS[exc.style]
        hint = _DAMAGED_HINT if exc.damaged else _TTF_HINT
        raise BrandProblem((*loc, key), exc.message, hint, machine=not exc.damaged) from None


_FACE_KEYS = dict(zip(STYLES, ("regular", "bold", "italic", "bold_italic"), strict=True))
_TTF_HINT = "ship the TrueType (.ttf) files in the content folder"
_DAMAGED_HINT = "download the font again, or choose another TrueType (.ttf) font"
