"""What a produced PDF actually puts on paper, measured with PDFium (pypdfium2).

The print rules judge these facts rather than the layout's intentions: a
ReportLab table can overflow its frame silently and a character missing from
the font is drawn as an empty box silently, so only the output can tell.

PDFium (Chrome's PDF engine) reads the pages: each character with its font,
size, place and colour, each filled path and picture in drawing order. It is
compiled code: a page reads in a few milliseconds where a pure-Python parser
took tens, and hundreds for a page of Arabic, whose marks are drawn as paths.
What PDFium does not tell, which character codes draw a font's .notdef glyph,
comes from the font dictionaries themselves (pypdf, no content streams).
"""

from __future__ import annotations

import ctypes
import io
import re
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

Box = tuple[float, float, float, float]
RGB = tuple[float, float, float]
Matrix = tuple[float, float, float, float, float, float]
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


def measure(pdf: bytes) -> PdfFacts:
    """Every character, picture and font of a PDF, page by page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        reader = _Reader(_font_dicts(pdf))
        for page in document:
            reader.read(page)
            page.close()
    finally:
        document.close()
    return PdfFacts(
        tuple(reader.page_sizes), tuple(reader.glyphs), tuple(reader.pictures), reader.fonts
    )


@dataclass(slots=True)
class _Drawn:
    """A text object's facts, read once for all its characters."""

    font: _FontDict
    color: RGB
    fills: int  # how many filled paths were drawn before it: those may be behind its text


class _Reader:
    """Collects one document's pages: characters, fills behind them, pictures, fonts."""

    def __init__(self, dicts: list[_FontDict]):
        self.dicts = dicts
        self.by_handle: dict[int, _FontDict] = {}
        self.page_sizes: list[tuple[float, float]] = []
        self.glyphs: list[Glyph] = []
        self.pictures: list[Picture] = []
        self.fonts: dict[str, bool] = {}  # font name -> embedded

    def read(self, page: pypdfium2.PdfPage) -> None:
        number = len(self.page_sizes) + 1
        self.page_sizes.append(tuple(page.get_size()))
        fills: list[tuple[Box, RGB]] = []
        texts: dict[int, _Drawn] = {}
        raw = page.raw
        self._walk(
            pdfium.FPDFPage_CountObjects(raw),
            lambda i: pdfium.FPDFPage_GetObject(raw, i),
            None,
            number,
            fills,
            texts,
        )
        textpage = page.get_textpage()
        try:
            self._read_characters(textpage.raw, number, fills, texts)
        finally:
            textpage.close()

    def _walk(
        self,
        count: int,
        get: Callable[[int], Any],
        matrix: Matrix | None,
        number: int,
        fills: list[tuple[Box, RGB]],
        texts: dict[int, _Drawn],
    ) -> None:
        """The page's objects in drawing order, form XObjects' own included."""
        for i in range(count):
            obj = get(i)
            kind = pdfium.FPDFPageObj_GetType(obj)
            if kind == pdfium.FPDF_PAGEOBJ_TEXT:
                font = self._font_of(pdfium.FPDFTextObj_GetFont(obj))
                texts[_address(obj)] = _Drawn(
                    font, _fill_colour(obj) or (0.0, 0.0, 0.0), len(fills)
                )
            elif kind == pdfium.FPDF_PAGEOBJ_PATH:
                mode, stroke = ctypes.c_int(), ctypes.c_int()
                pdfium.FPDFPath_GetDrawMode(obj, mode, stroke)
                box, color = _bounds(obj, matrix), _fill_colour(obj)
                if mode.value and box is not None and color is not None:
                    fills.append((box, color))
            elif kind == pdfium.FPDF_PAGEOBJ_IMAGE:
                box = _bounds(obj, matrix)
                if box is not None:
                    self.pictures.append(Picture(number, box))
            elif kind == pdfium.FPDF_PAGEOBJ_FORM:
                m = pdfium.FS_MATRIX()
                pdfium.FPDFPageObj_GetMatrix(obj, m)
                own = (m.a, m.b, m.c, m.d, m.e, m.f)
                inner = own if matrix is None else _times(own, matrix)
                self._walk(
                    pdfium.FPDFFormObj_CountObjects(obj),
                    lambda j, form=obj: pdfium.FPDFFormObj_GetObject(form, j),
                    inner,
                    number,
                    fills,
                    texts,
                )

    def _font_of(self, handle: Any) -> _FontDict:
        """The dictionary of the font PDFium draws with, found once per font."""
        key = _address(handle)
        found = self.by_handle.get(key)
        if found is None:
            found = self.by_handle[key] = _dict_of(handle, self.dicts)
            self.fonts.setdefault(found.name, bool(pdfium.FPDFFont_GetIsEmbedded(handle)))
        return found

    def _read_characters(
        self, text: Any, number: int, fills: list[tuple[Box, RGB]], texts: dict[int, _Drawn]
    ) -> None:
        drawn = [_char(text, i, texts) for i in range(pdfium.FPDFText_CountChars(text))]
        base = None  # the baseline of the last letter that is not a mark
        for i, found in enumerate(drawn):
            if found is None:
                continue
            char, owner, (x, y), loose, size = found
            # A mark raised or lowered on its letter (text rise) stands on the letter's
            # baseline: PDFium's origin includes the rise, the line does not.
            if char and unicodedata.category(char[0]).startswith("M"):
                y = base if base is not None and abs(base - y) < size / 2 else y
            else:
                base = y
            missing = char in owner.font.notdef
            if not missing and not char.strip():
                continue
            # From the font's descent, a size tall: the box pdfminer and PDF viewers give.
            bounds = (
                x,
                loose.bottom,
                _advance_end(x, y, loose.right, drawn, i),
                loose.bottom + size,
            )
            cx, cy = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
            background = WHITE
            for j in range(owner.fills - 1, -1, -1):
                (x0, y0, x1, y1), color = fills[j]
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    background = color
                    break
            glyph = Glyph(
                number,
                char,
                owner.font.name,
                round(size, 2),
                bounds,
                round(y, 2),
                owner.color,
                background,
                missing,
            )
            self.glyphs.append(glyph)


# A drawn character: its text, its text object, origin, PDFium's loose box and size.
_Char = tuple[str, _Drawn, tuple[float, float], Any, float]


def _char(text: Any, i: int, texts: dict[int, _Drawn]) -> _Char | None:
    """Character `i` of a text page, or None for one PDFium infers (a space, a line end)."""
    obj = pdfium.FPDFText_GetTextObject(text, i)
    if not obj or pdfium.FPDFText_IsGenerated(text, i) == 1:
        return None
    owner = texts.get(_address(obj))
    if owner is None:
        return None
    code = pdfium.FPDFText_GetUnicode(text, i)
    # PDFium reports a hyphen it takes for a line-end one as 2, and no text as 0.
    char = "-" if code == 2 and pdfium.FPDFText_IsHyphen(text, i) == 1 else chr(code)
    x, y, loose = ctypes.c_double(), ctypes.c_double(), pdfium.FS_RECTF()
    pdfium.FPDFText_GetCharOrigin(text, i, x, y)
    pdfium.FPDFText_GetLooseCharBox(text, i, loose)
    size = pdfium.FPDFText_GetFontSize(text, i)
    return ("" if code == 0 else char), owner, (x.value, y.value), loose, size


def _advance_end(
    x: float, y: float, loose_right: float, drawn: list[_Char | None], i: int
) -> float:
    """Where a character's advance ends: where the next one on its baseline starts.

    PDFium's box reaches as far as the glyph's ink (the tail of a "q" or "f"
    past its advance); the advance is what sets the gap to the next word.
    The last character of a line has no next one: its ink edge stands.
    """
    following = drawn[i + 1] if i + 1 < len(drawn) else None
    if following is not None:
        nx, ny = following[2]
        if abs(ny - y) < 0.01 and x < nx < loose_right:
            return nx
    return loose_right


def _address(handle: Any) -> int:
    """A PDFium object's address: its handles are new ctypes objects on every call."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _dict_of(handle: Any, dicts: list[_FontDict]) -> _FontDict:
    """The font dictionary PDFium's font came from: by name (PDFium drops a simple
    font's subset tag), and where subsets of one font share it, by font program."""
    name = _font_name(handle)
    named = [d for d in dicts if name in (d.name, d.name.partition("+")[2])]
    if len(named) > 1:
        size = ctypes.c_size_t()
        pdfium.FPDFFont_GetFontData(handle, None, 0, size)
        data = (ctypes.c_ubyte * size.value)()
        pdfium.FPDFFont_GetFontData(handle, data, size.value, size)
        program = bytes(data)[: size.value]
        named = [d for d in named if d.program == program] or named
    return named[0] if named else _FontDict(name, None, frozenset())


def _font_name(font: Any) -> str:
    size = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("latin-1")


def _fill_colour(obj: Any) -> RGB | None:
    """An object's fill colour as RGB, 0 to 1: PDFium keeps 1/255 steps (so do this
    project's PDFs), rounded to the six decimals ReportLab writes; CMYK and gray
    as PDFium shows them."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return None
    return (round(r.value / 255, 6), round(g.value / 255, 6), round(b.value / 255, 6))


def _bounds(obj: Any, matrix: Matrix | None) -> Box | None:
    """An object's bounds on the page (inside a form, PDFium gives the form's space)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    box = (left.value, bottom.value, right.value, top.value)
    if matrix is None:
        return box
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for px in (box[0], box[2]):
        for py in (box[1], box[3]):
            xs.append(px * a + py * c + e)
            ys.append(px * b + py * d + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _times(first: Matrix, then: Matrix) -> Matrix:
    """`first` followed by `then` (PDF row vectors: p x first x then)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


# ------------------------------------------------------------ font dictionaries


@dataclass(frozen=True, slots=True)
class _FontDict:
    """A font of the file as its dictionary names it, and what draws its .notdef glyph."""

    name: str  # BaseFont, subset tag and all
    program: bytes | None  # the embedded font program: tells two subsets of a font apart
    notdef: frozenset[str]  # texts of the codes that draw .notdef ("": a code with none)


def _font_dicts(pdf: bytes) -> list[_FontDict]:
    """Every font of the pages and their form XObjects, read from the dictionaries alone.

    A code's glyph comes from the font (TrueType: the embedded program's cmap;
    Type 0: the CIDToGIDMap) and its text from ToUnicode: PDFium gives each
    character's text but not its code, so a .notdef is found by its text.
    """
    reader = PdfReader(io.BytesIO(pdf))
    found: list[_FontDict] = []
    seen: set[int] = set()
    for page in reader.pages:
        _fonts_in(page.get("/Resources"), found, seen)
    return found


def _fonts_in(resources: Any, found: list[_FontDict], seen: set[int]) -> None:
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            found.append(_font_dict(font))
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            _fonts_in(xobject.get("/Resources"), found, seen)


def _font_dict(font: DictionaryObject) -> _FontDict:
    name = str(font.get("/BaseFont", ""))[1:]
    texts = _to_unicode(font["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in font else {}
    if font.get("/Subtype") == "/Type0":
        cid_font = font["/DescendantFonts"][0].get_object()
        program = _program(cid_font.get("/FontDescriptor"))
        gids = cid_font.get("/CIDToGIDMap")
        table = gids.get_object().get_data() if gids is not None and gids != "/Identity" else None

        def glyph(cid: int) -> int:
            if table is None:
                return cid
            at = 2 * cid
            return int.from_bytes(table[at : at + 2], "big") if at + 2 <= len(table) else 0

        codes = _cids(cid_font.get("/W")) | set(texts)
        notdef = {texts.get(cid, "") for cid in codes if glyph(cid) == 0}
        return _FontDict(name, program, frozenset(notdef))
    program = _program(font.get("/FontDescriptor"))
    cmap = _cmap_lookup(program) if program is not None else None
    if cmap is None:  # not embedded, or not TrueType: its glyphs are the viewer's business
        return _FontDict(name, program, frozenset())
    first = int(font.get("/FirstChar", 0))
    codes = set(range(first, first + len(font.get("/Widths") or []))) | set(texts)
    notdef = {texts.get(code, "") for code in codes if cmap.get(code, 0) == 0}
    return _FontDict(name, program, frozenset(notdef))


def _program(descriptor: Any) -> bytes | None:
    descriptor = descriptor.get_object() if descriptor is not None else None
    if not isinstance(descriptor, DictionaryObject):
        return None
    stream = descriptor.get("/FontFile2")
    return stream.get_object().get_data() if stream is not None else None


def _cids(widths: Any) -> set[int]:
    """The CIDs a /W array gives widths for: `c [w ...]` and `c_first c_last w`."""
    items = list(widths.get_object()) if widths is not None else []
    out: set[int] = set()
    i = 0
    while i + 1 < len(items):
        first, second = items[i], items[i + 1].get_object()
        if isinstance(second, list):
            out.update(range(int(first), int(first) + len(second)))
            i += 2
        else:
            out.update(range(int(first), int(second) + 1))
            i += 3
    return out


_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """Code -> text of a ToUnicode CMap's bfchar and bfrange entries."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        values = _HEX.findall(block)
        for code, text in zip(values[::2], values[1::2], strict=False):
            out[int(code, 16)] = _utf16(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in re.findall(
            rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*(?:\[[^\]]*\]|<[0-9A-Fa-f]*>)", block
        ):
            low, high, *rest = _HEX.findall(line)
            first, last = int(low, 16), int(high, 16)
            if b"[" in line:
                for code, text in zip(range(first, last + 1), rest, strict=False):
                    out[code] = _utf16(text)
            elif rest:
                start = int(rest[0], 16)
                for offset in range(last - first + 1):
                    out[first + offset] = _utf16(f"{start + offset:0{len(rest[0])}X}".encode())
    return out


def _utf16(hexed: bytes) -> str:
    return bytes.fromhex(hexed.decode()).decode("utf-16-be", "replace")


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
