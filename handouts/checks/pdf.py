"""What a produced PDF actually puts on paper, measured with pdfminer.six.

The print rules judge these facts rather than the layout's intentions: a
ReportLab table can overflow its frame silently and a character missing from
the font is drawn as an empty box silently, so only the output can tell.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTPage
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFType3Font
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

Box = tuple[float, float, float, float]
RGB = tuple[float, float, float]
WHITE: RGB = (1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One drawn character: what, where, how big, in which colours."""

    page: int
    text: str
    font: str
    size: float
    box: Box
    baseline: float
    color: RGB
    background: RGB
    missing: bool  # drawn with the font's .notdef glyph (an empty box)


@dataclass(frozen=True, slots=True)
class Picture:
    page: int
    box: Box


@dataclass(frozen=True, slots=True)
class PdfFacts:
    page_sizes: tuple[tuple[float, float], ...]
    glyphs: tuple[Glyph, ...]
    pictures: tuple[Picture, ...]
    fonts: dict[str, bool]  # font name -> embedded


def _rgb(color: object) -> RGB | None:
    """A pdfminer colour (gray, RGB or CMYK components) as RGB, 0 to 1."""
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list) or not all(isinstance(c, int | float) for c in color):
        return None
    if len(color) == 1:
        return (float(color[0]),) * 3
    if len(color) == 3:
        r, g, b = color
        return (float(r), float(g), float(b))
    if len(color) == 4:
        c, m, y, k = color
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _cmap_lookup(font_program: bytes) -> dict[int, int] | None:
    """Code -> glyph index from a TrueType font's cmap (formats 0, 4, 6)."""
    try:
        (num_tables,) = struct.unpack_from(">H", font_program, 4)
        tables = {}
        for i in range(num_tables):
            tag, _, offset, _ = struct.unpack_from(">4sIII", font_program, 12 + 16 * i)
            tables[tag] = offset
        cmap = tables[b"cmap"]
        _, count = struct.unpack_from(">HH", font_program, cmap)
        subtables = {}
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", font_program, cmap + 4 + 8 * i)
            subtables[(platform, encoding)] = cmap + offset
        for key in ((1, 0), (3, 0), (3, 1)):
            if key in subtables:
                return _read_subtable(font_program, subtables[key])
    except (struct.error, KeyError):
        return None
    return None


def _read_subtable(data: bytes, at: int) -> dict[int, int] | None:
    (fmt,) = struct.unpack_from(">H", data, at)
    if fmt == 0:
        return dict(enumerate(data[at + 6 : at + 6 + 256]))
    if fmt == 6:
        first, count = struct.unpack_from(">HH", data, at + 6)
        ids = struct.unpack_from(f">{count}H", data, at + 10)
        return {first + i: g for i, g in enumerate(ids)}
    if fmt == 4:
        (segx2,) = struct.unpack_from(">H", data, at + 6)
        n = segx2 // 2
        ends = struct.unpack_from(f">{n}H", data, at + 14)
        starts = struct.unpack_from(f">{n}H", data, at + 16 + segx2)
        deltas = struct.unpack_from(f">{n}h", data, at + 16 + 2 * segx2)
        range_at = at + 16 + 3 * segx2
        offsets = struct.unpack_from(f">{n}H", data, range_at)
        out = {}
        for i in range(n):
            for code in range(starts[i], min(ends[i], 0xFFFE) + 1):
                if offsets[i] == 0:
                    out[code] = (code + deltas[i]) & 0xFFFF
                else:
                    where = range_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                    (glyph,) = struct.unpack_from(">H", data, where)
                    out[code] = (glyph + deltas[i]) & 0xFFFF if glyph else 0
        return out
    return None


class _FontInfo:
    """Whether a font is embedded, and which codes draw its .notdef glyph."""

    def __init__(self, font: PDFFont):
        self.name = font.fontname
        self.cid_font = isinstance(font, PDFCIDFont)
        descriptor = resolve1(font.descriptor) or {}
        program = next(
            (
                resolve1(descriptor[k])
                for k in ("FontFile2", "FontFile", "FontFile3")
                if k in descriptor
            ),
            None,
        )
        self.embedded = isinstance(font, PDFType3Font) or program is not None
        self.cmap: dict[int, int] | None = None
        if program is not None and "FontFile2" in descriptor and not self.cid_font:
            self.cmap = _cmap_lookup(program.get_data())

    def missing(self, cid: int) -> bool:
        if self.cid_font:
            return cid == 0  # Identity CIDToGIDMap: CID 0 is .notdef
        return self.cmap is not None and self.cmap.get(cid, 0) == 0


class _Recorder(PDFLayoutAnalyzer):
    """Collects characters with their font and code, in drawing order."""

    def __init__(self, rsrcmgr: PDFResourceManager):
        super().__init__(rsrcmgr, pageno=1, laparams=None)
        # By the font object itself, not id(): a font freed while this runs
        # and a later one at the same address would share the earlier one's
        # glyphs. (The resource manager's cache, see `measure`, keeps each
        # font of the document alive and parsed once.)
        self.fonts: dict[PDFFont, _FontInfo] = {}
        self.codes: dict[int, tuple[_FontInfo, int]] = {}
        self.glyphs: list[Glyph] = []
        self.pictures: list[Picture] = []
        self.page_sizes: list[tuple[float, float]] = []

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        info = self.fonts.get(font)
        if info is None:
            info = self.fonts[font] = _FontInfo(font)
        self.codes[id(self.cur_item._objs[-1])] = (info, cid)
        return adv

    def receive_layout(self, ltpage: LTPage) -> None:
        number = len(self.page_sizes) + 1
        self.page_sizes.append((ltpage.width, ltpage.height))
        fills: list[tuple[Box, RGB]] = []
        self._walk(ltpage, number, fills)
        self.codes.clear()

    def _walk(self, container, number: int, fills: list[tuple[Box, RGB]]) -> None:
        for item in container:
            if isinstance(item, LTChar):
                self._char(item, number, fills)
            elif isinstance(item, LTCurve) and item.fill:
                color = _rgb(item.non_stroking_color)
                if color is not None:
                    fills.append((item.bbox, color))
            elif isinstance(item, LTImage):
                self.pictures.append(Picture(number, item.bbox))
            elif isinstance(item, LTFigure):
                self._walk(item, number, fills)

    def _char(self, item: LTChar, number: int, fills: list[tuple[Box, RGB]]) -> None:
        info, cid = self.codes[id(item)]
        missing = info.missing(cid)
        if not missing and not item.get_text().strip():
            return
        cx, cy = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2
        background = next(
            (c for (x0, y0, x1, y1), c in reversed(fills) if x0 <= cx <= x1 and y0 <= cy <= y1),
            WHITE,
        )
        color = _rgb(item.graphicstate.ncolor) or (0.0, 0.0, 0.0)
        self.glyphs.append(
            Glyph(
                number,
                item.get_text(),
                item.fontname,
                round(item.size, 2),
                item.bbox,
                round(item.matrix[5], 2),
                color,
                background,
                missing,
            )
        )


def measure(pdf: bytes) -> PdfFacts:
    """Every character, picture and font of a PDF, page by page."""
    # Cached: the fonts are read once per document, not again on every page
    # (a third of the time of a five-page large-print handout).
    manager = PDFResourceManager(caching=True)
    recorder = _Recorder(manager)
    interpreter = PDFPageInterpreter(manager, recorder)
    for page in PDFPage.get_pages(io.BytesIO(pdf)):
        interpreter.process_page(page)
    fonts = {info.name: info.embedded for info in recorder.fonts.values()}
    return PdfFacts(
        tuple(recorder.page_sizes), tuple(recorder.glyphs), tuple(recorder.pictures), fonts
    )


def luminance(color: RGB) -> float:
    """WCAG 2 relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
