"""Drawing laid-out lines into a ReportLab canvas: glyph runs and embedded subsets.

The one part of the engine that touches ReportLab. Each face used in a
document becomes a Type 0 font with Identity-H encoding: codes are CIDs,
a CIDToGIDMap stream maps them to the face's glyphs, and the ToUnicode CMap
maps each CID to the text its glyph stands for. A glyph that stands for
different text in two places (the second glyph of a reordered cluster maps to
nothing) gets a CID of its own, so copying and extraction give the words in
the order they were written. The font program is a HarfBuzz subset (variable
fonts pinned to the instance used), embedded as FontFile2.

A bold run whose face has no bold of its own (WenQuanYi Micro Hei, the
Chinese, Japanese and Korean default, has one weight) is emboldened as
browsers do it: filled and stroked (text render mode 2) in its own colour,
the stroke `SYNTHETIC_BOLD` of the size wide. Its glyphs keep the font's
advances, as Chrome's and mPDF's synthetic bold do, so the line is laid out
exactly as before and the text, its ToUnicode map and its tags are the same.
"""

from __future__ import annotations

import functools
import hashlib
import weakref
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import uharfbuzz as hb
from fontTools.pens.basePen import BasePen
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..engine.faces import Face
from ..engine.layout import Glyph, GlyphRun, Line
from .grayink import gray_operator
from .pdfbytes import Formatted
from .ttf import cmap_program

# The stroke of a synthetic bold, as a fraction of the size: Skia's fake bold strokes
# 1/24 of the size at 9 pt down to 1/32 at 36 pt; handouts print 9 to 28 pt.
SYNTHETIC_BOLD = 1 / 30

_DROP_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "STAT", "DSIG", "kern", "morx")


class _Encoded(NamedTuple):
    """A word's TJ elements: x of its first glyph, codes and shifts, x after it; and the
    glyphs drawn as paths (x, rise, gid), which stand for no text."""

    first: float
    code: str
    end: float
    paths: tuple[tuple[float, float, int], ...]


class _PathPen(BasePen):
    """A glyph outline as PDF path operators, in font units."""

    def __init__(self) -> None:
        super().__init__(None)
        self.ops: list[str] = []

    def _moveTo(self, pt):
        self.ops.append(f"{fp_str(*pt)} m")

    def _lineTo(self, pt):
        self.ops.append(f"{fp_str(*pt)} l")

    def _curveToOne(self, p1, p2, p3):
        self.ops.append(f"{fp_str(*p1, *p2, *p3)} c")

    def _closePath(self):
        self.ops.append("h")


@functools.lru_cache(maxsize=4096)
def outline(face: Face, gid: int) -> str:
    """The glyph's outline as a path (font units), drawn instead of text where it stands for none.

    A cluster shaped into more glyphs than it has characters (the dots of an
    Arabic letter drawn as marks, a Thai vowel in two parts) has glyphs with no
    text of their own; PDF/UA wants every glyph of a font mapped to Unicode, and
    extraction should give each character once. Drawn as a path, such a glyph
    prints the same and is not text at all.
    """
    pen = _PathPen()
    face.font.draw_glyph_with_pen(gid, pen)
    return " ".join(pen.ops)


def _encode(
    face: Face, word: tuple[Glyph, ...], size: float, cid: Callable[[int, str], int]
) -> _Encoded:
    """A word's TJ elements, each glyph's code from `cid`."""
    per_unit = 1000 / size
    to_pdf = size / face.upem
    parts: list[str] = []
    drawn = [g for g in word if g.text]
    paths = tuple((g.x, g.dy, g.gid) for g in word if not g.text)
    if not drawn:
        return _Encoded(0.0, "", 0.0, paths)
    pen = first = drawn[0].x
    rise = 0.0
    for g in drawn:
        if g.dy != rise:
            parts.append(f"] TJ {fp_str(g.dy)} Ts [")
            rise = g.dy
        shift = (pen - g.x) * per_unit
        if abs(shift) > 0.01:
            parts.append(fp_str(shift))
        parts.append(f"<{cid(g.gid, g.text):04X}>")
        pen = g.x + face.advance(g.gid) * to_pdf
    if rise:
        parts.append("] TJ 0 Ts [")
    code = _joined(" ".join(parts).replace("[ ", "[").replace(" ]", "]"))
    return _Encoded(first, code, pen, paths)


def _joined(elements: str) -> str:
    """TJ elements with neighbouring codes in one string: `<0016><0029>` as `<00160029>`.

    A glyph with no shift before it needs no string of its own; one string
    per run of them is under half the bytes to write and compress.
    """
    return elements.replace("> <", "")


def _glyph_number(gid: int, text: str) -> int:
    return gid


# (id of word, size, id of face) -> (word, its encoding with glyph numbers as codes,
# the (glyph, text) pairs it draws). The word and face in the value keep the ids valid.
_SHARED: dict[tuple[int, float, int], tuple[tuple[Glyph, ...], _Encoded, tuple, Face]] = {}
_SHARED_KEPT = 50_000


def _shared_encoding(
    face: Face, word: tuple[Glyph, ...], size: float
) -> tuple[tuple[Glyph, ...], _Encoded, tuple[tuple[int, str], ...], Face]:
    """The word's encoding with glyph numbers as codes, made once per process."""
    key = (id(word), size, id(face))
    found = _SHARED.get(key)
    if found is None or found[0] is not word or found[3] is not face:
        pairs = tuple((g.gid, g.text) for g in word if g.text)
        found = _SHARED[key] = (word, _encode(face, word, size, _glyph_number), pairs, face)
        if len(_SHARED) > _SHARED_KEPT:
            del _SHARED[next(iter(_SHARED))]
    return found


class EmbeddedFont:
    """One face's subset in one document; ReportLab calls `addObjects` when it saves."""

    def __init__(self, face: Face, name: str):
        self.face, self.name = face, name
        self.cids: dict[tuple[int, str], int] = {}
        self.gid_of: dict[int, int] = {}  # cid -> gid
        self.text_of: dict[int, str] = {}  # cid -> text
        self._alias = face.hb_face.glyph_count
        # size -> id of word -> (the word, its encoding); the value keeps the id valid
        self._sizes: dict[float, dict[int, tuple[tuple[Glyph, ...], _Encoded]]] = {}

    def cid(self, gid: int, text: str) -> int:
        key = (gid, text)
        cid = self.cids.get(key)
        if cid is None:
            if gid not in self.gid_of:
                cid = gid
            else:
                cid, self._alias = self._alias, self._alias + 1
            self.cids[key] = cid
            self.gid_of[cid] = gid
            self.text_of[cid] = text
        return cid

    def encodings(self, size: float) -> dict[int, tuple[tuple[Glyph, ...], _Encoded]]:
        """The words encoded so far at `size`, by id: `_text_object` looks each word up
        here first (a handout prints its common words many times), `encoded` if absent."""
        found = self._sizes.get(size)
        if found is None:
            found = self._sizes[size] = {}
        return found

    def encoded(self, word: tuple[Glyph, ...], size: float) -> _Encoded:
        """A word's TJ elements: (x of its first glyph, the codes and shifts, x after it).

        Made once per document for each word and size. Where every glyph's
        code here is its glyph number (no glyph of the word stands for other
        text elsewhere in the document), the encoding made once per process
        serves.
        """
        known = self.encodings(size)
        found = known.get(id(word))  # words are shared tuples; the value keeps this one alive
        if found is None or found[0] is not word:
            shared = _shared_encoding(self.face, word, size)
            encoded = shared[1] if self._register(shared[2]) else self._encode(word, size)
            found = known[id(word)] = (word, encoded)
        return found[1]

    def _register(self, pairs: tuple[tuple[int, str], ...]) -> bool:
        """Give each (glyph, text) its glyph number as code; False where one needs another."""
        cids, gid_of, text_of = self.cids, self.gid_of, self.text_of
        for pair in pairs:
            cid = cids.get(pair)
            gid = pair[0]
            if cid is None:
                if gid in gid_of:
                    return False  # the glyph already stands for other text: an alias code
                cids[pair] = gid_of[gid] = gid
                text_of[gid] = pair[1]
            elif cid != gid:
                return False
        return True

    def _encode(self, word: tuple[Glyph, ...], size: float) -> _Encoded:
        return _encode(self.face, word, size, self.cid)

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:
        packed, size, tag = _program(self.face, tuple(sorted(set(self.gid_of.values()))))
        base = f"{tag}+{self.face.name}"
        upem = self.face.upem
        ascent, descent = self.face.metrics
        flate = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        program = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Length1": size, "Filter": flate}), packed)
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("FontDescriptor"),
                "FontName": pdfdoc.PDFName(base),
                "Flags": 32,
                "FontBBox": pdfdoc.PDFArray(_bbox(self.face)),
                "ItalicAngle": 0,
                "Ascent": round(ascent * 1000 / upem),
                "Descent": round(descent * 1000 / upem),
                "CapHeight": round(ascent * 1000 / upem),
                "StemV": 80,
                "FontFile2": doc.Reference(program),
            }
        )
        cid_font = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("CIDFontType2"),
                "BaseFont": pdfdoc.PDFName(base),
                "CIDSystemInfo": pdfdoc.PDFDictionary(
                    {
                        "Registry": pdfdoc.PDFString("Adobe"),
                        "Ordering": pdfdoc.PDFString("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": doc.Reference(descriptor),
                "DW": 0,
                "W": self._widths(),
                "CIDToGIDMap": doc.Reference(self._cid_to_gid()),
            }
        )
        font = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("Type0"),
                "BaseFont": pdfdoc.PDFName(base),
                "Encoding": pdfdoc.PDFName("Identity-H"),
                "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font)]),
                "ToUnicode": doc.Reference(self._to_unicode(base)),
            }
        )
        doc.idToObject["BasicFonts"].dict[self.name] = doc.Reference(font, self.name)

    def _widths(self) -> Formatted:
        """The /W array, `cid [width]` for each code, as `PDFArray` would write it.

        Formatted here in one pass: as ReportLab objects, a subset's few
        hundred numbers and arrays were most of the time spent writing its font.
        """
        scale = 1000 / self.face.upem
        advance, gid_of = self.face.advance, self.gid_of
        items = [
            b"%d [ %d ]" % (cid, round(advance(gid_of[cid]) * scale)) for cid in sorted(gid_of)
        ]
        # PDFArray breaks its line before every tenth element: five pairs a line.
        rows = [b" ".join(items[k : k + 5]) for k in range(0, len(items), 5)]
        return Formatted(b"[ " + b" \n  ".join(rows) + b" ]")

    def _cid_to_gid(self) -> pdfdoc.PDFStream:
        top = max(self.gid_of, default=0)
        table = bytearray(2 * (top + 1))
        for cid, gid in self.gid_of.items():
            table[2 * cid : 2 * cid + 2] = gid.to_bytes(2, "big")
        stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary(), bytes(table))
        stream.filters = [pdfdoc.PDFZCompress]
        return stream

    def _to_unicode(self, base: str) -> pdfdoc.PDFStream:
        pairs = [(cid, self.text_of[cid]) for cid in sorted(self.text_of)]
        coded = [(f"{cid:04X}", _utf16(text)) for cid, text in pairs]
        name = f"{base.replace('+', '-')}-UCS"
        program = cmap_program("(Adobe) /Ordering (UCS)", name, "<0000> <FFFF>", coded)
        stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary(), program.encode("ascii"))
        stream.filters = [pdfdoc.PDFZCompress]
        return stream


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


@functools.lru_cache(maxsize=128)  # a subset is some tens of kB compressed
def _program(face: Face, gids: tuple[int, ...]) -> tuple[bytes, int, str]:
    """The subset of `face` with `gids` as embedded: compressed, its size before, its tag.

    Once per process for each glyph set: handouts in one language mostly use
    the same letters, so most documents of a library embed a subset an
    earlier one made, and subsetting and compressing it were a twentieth of
    writing a document. The stream says it is compressed already, so
    ReportLab writes it as it is.
    """
    data = _subset(face, list(gids))
    return pdfdoc.PDFZCompress.encode(data), len(data), _subset_tag(face.name, data)


def _subset(face: Face, gids: list[int]) -> bytes:
    """The face with only `gids` (numbers kept), no layout tables, the instance pinned."""
    plan = hb.SubsetInput()
    for gid in [0, *gids]:
        plan.glyph_set.add(gid)
    drop = plan.drop_table_tag_set
    for tag in _DROP_TABLES:
        drop.add(int.from_bytes(tag.ljust(4).encode("ascii"), "big"))
    if face.hb_face.axis_infos:
        plan.pin_all_axes_to_default(face.hb_face)
        for tag, value in face.variations:
            plan.pin_axis_location(face.hb_face, tag, value)
    plan.flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.NO_HINTING
    out = hb.subset(face.hb_face, plan)
    if out is None:
        raise ValueError(f"cannot subset {face.name}")
    return out.blob.data


def _subset_tag(name: str, data: bytes) -> str:
    digest = hashlib.sha256(name.encode() + data).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def _bbox(face: Face) -> list[int]:
    scale = 1000 / face.upem
    ascent, descent = face.metrics
    return [0, round(descent * scale * 1.2), round(face.upem * scale), round(ascent * scale * 1.2)]


_documents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _fonts_of(doc: pdfdoc.PDFDocument) -> dict[Any, EmbeddedFont]:
    """The document's subsets by face, looked up once per drawing call, not per run."""
    fonts = _documents.get(doc)
    if fonts is None:
        fonts = _documents[doc] = {}
    return fonts


def _embedded(doc: pdfdoc.PDFDocument, fonts: dict[Any, EmbeddedFont], face: Face) -> EmbeddedFont:
    """The document's subset of `face`, made (and queued for writing) on first use."""
    font = fonts.get(face.key)
    if font is None:
        font = fonts[face.key] = EmbeddedFont(face, f"FH{len(fonts) + 1}")
        doc.delayedFonts.append(font)
    return font


def draw_lines(canv: Canvas, lines: Iterable[tuple[Line, float, float]], paint: Any = None) -> None:
    """Draw each (line, x, baseline y), each run in its style's colour, else in `paint`,
    else in the canvas's fill colour.

    Raw operators between q and Q: ReportLab's own state (its current font
    and colours) is left as it was, so its next text is unaffected. A line
    is one text object (its runs change font and colour inside it); a line
    with a link is drawn run by run, since a link's text is marked content
    of its own.
    """
    doc = canv._doc
    require_role = getattr(canv, "require_role", None)  # a tagging canvas refuses untagged text
    if require_role is not None:
        require_role()
    # The grayscale variant's canvas writes its colours as DeviceGray: so does its text.
    colour = _gray_colour if getattr(canv, "grayscale", False) else _colour
    code = canv._code
    fonts = _fonts_of(doc)
    paint = canv._fillColorObj if paint is None else paint
    for line, x, y in lines:
        if not any(run.style.href for run in line.runs):
            code.append(_line_object(paint, doc, fonts, line.runs, colour, x, y))
            continue
        for run in line.runs:
            href = run.style.href
            begin = getattr(canv, "begin_link", None) if href else None
            linked = begin(href) if begin else False
            code.append(_line_object(paint, doc, fonts, [run], colour, x, y))
            if linked:
                canv.end_link()
            if href:
                _link(canv, run, href, x, y)


def _line_object(
    plain: Any,
    doc: Any,
    fonts: dict[Any, EmbeddedFont],
    runs: list[GlyphRun],
    colour: Any,
    x: float,
    y: float,
) -> str:
    """q, one BT ... ET with every glyph of `runs`, then their glyph paths and underlines, Q.

    The text's rise is reset inside the text object wherever it was set, and
    Q restores the colour: neither is written again at the end.
    """
    text: list[str] = []
    after: list[str] = []
    fill = after_fill = font_op = None
    mode = _FILLED
    for run in runs:
        style = run.style
        paint = style.paint if style.paint is not None else plain
        font = fonts.get(run.face.key) or _embedded(doc, fonts, run.face)
        bold = style.weight == "bold" and run.face.weight != "bold"
        stroke = _emboldening(colour(paint, "RG"), run) if bold else _FILLED
        placed, paths = _text_object(font, run, x, y, stroke)
        op = colour(paint, "rg")
        if op != fill:
            text.append(op)
            fill = op
        if stroke != mode:
            text.append(stroke)
            mode = stroke
        if placed:
            tf = _font_operator(font.name, style.size)
            if tf != font_op:
                text.append(tf)
                font_op = tf
            text.append(placed)
        if paths or style.underline:  # drawn after the text, in the run's colour
            if op != after_fill:
                after.append(op)
                after_fill = op
            if paths and bold:  # stroked too, in the fill's colour
                after.append(colour(paint, "RG"))
            after += paths
            if style.underline:
                after.append(_underline(run, colour(paint, "RG"), x, y))
    body = f"BT {' '.join(text)} ET" if font_op else ""
    return " ".join(["q", body, *after, "Q"])


# Text render mode 0, filled: the text state every line object starts in.
_FILLED = "0 Tr"


def _emboldening(stroke: str, run: GlyphRun) -> str:
    """The operators that make the text after them synthetic bold: stroked as
    well as filled (render mode 2), `stroke` being the fill colour's stroke twin."""
    return f"{stroke} {fp_str(run.style.size * SYNTHETIC_BOLD)} w 2 Tr"


@functools.lru_cache(maxsize=256)
def _font_operator(name: str, size: float) -> str:
    return f"/{name} {fp_str(size)} Tf"


def _colour(paint: Any, op: str) -> str:
    """A fill (rg) or stroke (RG) colour operator, made once per colour object.

    Keyed by the object (a brand has a few, used by every run): hashing a
    ReportLab colour is Python code, once per run of every line.
    """
    key = (id(paint), op)
    found = _OPERATORS.get(key)
    if found is None or found[0] is not paint:
        found = _OPERATORS[key] = (paint, _colour_operator(paint, op))
        if len(_OPERATORS) > 256:
            del _OPERATORS[next(iter(_OPERATORS))]
    return found[1]


# (id of colour, op) -> (the colour, which keeps the id valid, its operator)
_OPERATORS: dict[tuple[int, str], tuple[Any, str]] = {}


def _colour_operator(paint: Any, op: str) -> str:
    """A fill (rg) or stroke (RG) colour operator; CMYK colours keep their space."""
    cmyk = getattr(paint, "cmyk", None)
    if cmyk is not None and hasattr(paint, "cyan"):
        return f"{fp_str(*cmyk())} {'k' if op == 'rg' else 'K'}"
    return f"{fp_str(paint.red, paint.green, paint.blue)} {op}"


def _text_object(
    font: EmbeddedFont, run: GlyphRun, x: float, y: float, mode: str = _FILLED
) -> tuple[str, list[str]]:
    """Tm and TJ placing every glyph of `run` where the layout put it, in logical order;
    and the paths of its glyphs that stand for no text (drawn after the text object),
    filled, or filled and stroked when the text's `mode` is a synthetic bold's.
    """
    size = run.style.size
    per_unit = 1000 / size
    parts: list[str] = []
    paths: list[str] = []
    pen = start = None
    known = font.encodings(size)
    for wx, word in run.words:
        found = known.get(id(word))
        if found is not None and found[0] is word:
            first, code, end, glyph_paths = found[1]
        elif word:
            first, code, end, glyph_paths = font.encoded(word, size)
        else:
            continue
        if glyph_paths:
            scale = fp_str(size / font.face.upem)
            # The path is in font units: so is its stroke.
            paint = "f" if mode == _FILLED else f"{fp_str(font.face.upem * SYNTHETIC_BOLD)} w B"
            for gx, dy, gid in glyph_paths:
                place = f"{scale} 0 0 {scale} {fp_str(x + wx + gx)} {fp_str(y + dy)} cm"
                paths.append(f"q {place} {outline(font.face, gid)} {paint} Q")
        if not code:
            continue
        gx = x + wx + first
        if pen is None:
            start = gx
        else:
            shift = (pen - gx) * per_unit
            if shift > 0.01 or shift < -0.01:
                parts.append(fp_str(shift))
        parts.append(code)
        pen = x + wx + end
    if start is None:
        return "", paths
    return f"1 0 0 1 {fp_str(start)} {fp_str(y)} Tm [{_joined(' '.join(parts))}] TJ", paths


@functools.lru_cache(maxsize=256)
def _gray_colour(paint: Any, op: str) -> str:
    """`_colour` as the DeviceGray operator of the same luminance."""
    return gray_operator(_colour(paint, op))


def _underline(run: GlyphRun, stroke: str, x: float, y: float) -> str:
    size = run.style.size
    uy = fp_str(y - size * 0.125)
    return (
        f"{stroke} {fp_str(size * 0.06)} w "
        f"{fp_str(x + run.x0)} {uy} m {fp_str(x + run.x1)} {uy} l S"
    )


def _link(canv: Canvas, run: GlyphRun, href: str, x: float, y: float) -> None:
    size = run.style.size
    ascent, descent = run.face.metrics
    scale = size / run.face.upem
    rect = (x + run.x0, y + descent * scale, x + run.x1, y + ascent * scale)
    canv.linkURL(href, rect, relative=1, thickness=0)
