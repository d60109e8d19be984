"""The print rules' PDF facts read a second way, by pdfminer.six, to hold PDFium's against.

`handouts.checks.pdf.measure` reads a PDF with PDFium; this is the pdfminer
reader it replaced, kept as an independent witness: two parsers that agree on
every character's text, font, size, place and colours, and on every picture.
"""

from __future__ import annotations

import io

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTPage
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFType3Font
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

from handouts.checks.pdf import RGB, WHITE, Box, Glyph, PdfFacts, Picture, _cmap_lookup


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


def pdfminer_facts(pdf: bytes) -> PdfFacts:
    """Every character, picture and font of a PDF, page by page, as pdfminer reads them."""
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
