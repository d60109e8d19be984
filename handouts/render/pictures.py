"""Pictures (PNG, JPEG, SVG) decoded once per process and drawn into many documents."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..assets import AssetError, check_svg, decode_raster, read_asset
from ..options import Limits
from .color import gray
from .document import fixed_timestamps
from .grayink import GrayCanvas

# Pictures in grayscale take this share of the toner their grays would:
# still clear, as an office printer's "toner save" mode prints them.
ART_TONER = 0.6


def _toner_saving(level: float) -> float:
    """A gray level (0 black, 1 white) for a picture printed to save toner."""
    return 1 - (1 - level) * ART_TONER


def _gray_drawing(node) -> None:
    """Turn every fill and stroke of an SVG drawing to a toner-saving gray, in place."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if isinstance(value, colors.Color):
            level = _toner_saving(gray(value).red)
            setattr(node, attr, colors.Color(level, level, level, value.alpha))
    for child in getattr(node, "contents", ()):
        _gray_drawing(child)


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
        self.data = data  # the bytes checked and drawn, as the station serves them
        if path.suffix.lower() == ".svg":
            with fixed_timestamps():  # its scratch documents ignore SOURCE_DATE_EPOCH
                self._drawing = _svg_drawing(path, data, grayscale, self.limits)
                self._operators = _self_contained_operators(self._drawing, grayscale)
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


def _self_contained_operators(drawing, grayscale: bool = False) -> str | None:
    """The drawing's PDF operators, if they can be replayed in any document.

    Walking a vector logo's shapes costs about a millisecond on every page
    that shows it, and a logo is drawn once or twice in every file of a
    library build; its operators are the same every time, so they are made
    once. Art that needs page resources (text, transparency, spot colours)
    is drawn afresh each time instead.
    """
    from reportlab.graphics import renderPDF  # only for SVG art: slow to import

    scratch = (GrayCanvas if grayscale else Canvas)(io.BytesIO(), invariant=1)
    renderPDF.draw(drawing, scratch, 0, 0)
    # The renderer sets a default font (Helvetica) before drawing, text or
    # not; inside the drawing's q ... Q that changes nothing a reader sees,
    # but it would put an unembedded Helvetica in every page's resources.
    operators = "\n".join(op for op in scratch._code if not _FONT_STATE_ONLY.fullmatch(op))
    return None if _RESOURCE_OPERATORS.search(operators) else operators


def _gray_image(im: PILImage.Image) -> PILImage.Image:
    """A toner-saving gray copy that keeps transparency: L or LA, written as DeviceGray."""
    lighter = [round(255 * _toner_saving(v / 255)) for v in range(256)]
    if "A" in im.getbands() or "transparency" in im.info:
        luma, alpha = im.convert("RGBA").convert("LA").split()
        return PILImage.merge("LA", (luma.point(lighter), alpha))
    return im.convert("L").point(lighter)
