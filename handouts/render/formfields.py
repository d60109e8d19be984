"""Form fields set in the handout's own, embedded font.

ReportLab's AcroForm offers only the standard 14 fonts, which are never
embedded: a filled-in form then shows Helvetica (or a box for every
character outside Latin-1) and fails PDF/UA. Here each field names a font
of our own in the form's /DR: the handout's regular face, embedded whole
(what a patient types is not known when the file is made, so a subset
cannot do) as a Type 0 font with Identity-H codes, full widths and a
ToUnicode map, which viewers and pypdf can encode any character with.

A write-in of several printed lines becomes one field ("notes") whose kids
are one single-line field per printed rule, so typed text sits on the
rules in every viewer: a multi-line field's line spacing is the viewer's
choice (about 1.2 em), never the rules' 2.1 em.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

FONT_KEY = "HandoutsForm"  # the font's name in the AcroForm /DR and in every /DA
_PRIVATE_USE = range(0xE000, 0xF900)  # ReportLab's shaper parks glyphs here
_NOT_TEXT = frozenset({0xFEFF, 0xFFFE, 0xFFFF})  # PDF/UA forbids them as ToUnicode values
_PRINT = 4  # annotation flag: print the field with the page


@dataclass(frozen=True)
class Line:
    """One printed rule's field: its box in page space and its tooltip."""

    rect: tuple[float, float, float, float]
    tooltip: str


def add_write_in(
    canv: Canvas,
    name: str,
    lines: Sequence[Line],
    *,
    font: str,
    size: float,
    color: colors.Color,
    first: int = 1,
    several: bool | None = None,
    rtl: bool = False,
) -> None:
    """Add one named text field over `lines`, in `font` embedded whole.

    One line: one field. Several: a field `name` whose kids are named
    1, 2, ... ("notes.2" in full), one widget per printed line. A write-in
    split across pages adds its later lines as kids `first`, `first + 1`,
    ... of the field its first part made (`several`: the whole has more
    than one line). On a right-to-left page (`rtl`) what is typed starts at
    the right (`/Q 2`).
    """
    form = canv.acroForm  # ReportLab's AcroForm object: /Fields and our /DR
    _use_font(canv, form, font)
    da = PDFString(f"/{FONT_KEY} {size:g} Tf {_fill_operator(color)}")
    quadding = 2 if rtl else 0
    if not (len(lines) > 1 if several is None else several):
        widget = _widget(canv, lines[0], da, quadding)
        widget["T"] = PDFString(name)
        form.fields.append(_add(canv, widget, name))
        return
    key = f"field:{name}"
    if first == 1:
        parent = PDFDictionary({"T": PDFString(name), "TU": PDFString(lines[0].tooltip)})
        parent["Kids"] = PDFArray([])
        form.fields.append(canv._doc.Reference(parent, key))
    parent = canv._doc.idToObject[key]
    parent_ref = canv._doc.Reference(parent, key)
    for i, line in enumerate(lines, start=first):
        widget = _widget(canv, line, da, quadding)
        widget["T"] = PDFString(str(i))
        widget["Parent"] = parent_ref
        parent["Kids"].sequence.append(_add(canv, widget, f"{name}.{i}"))


def _widget(canv: Canvas, line: Line, da: PDFString, quadding: int = 0) -> PDFDictionary:
    x0, y0, x1, y1 = line.rect
    empty = pdfdoc.PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("XObject"),
                "Subtype": PDFName("Form"),
                "BBox": PDFArray([0, 0, round(x1 - x0, 3), round(y1 - y0, 3)]),
            }
        ),
        b"/Tx BMC\nEMC\n",
    )
    widget = PDFDictionary(
        {
            "Type": PDFName("Annot"),
            "Subtype": PDFName("Widget"),
            "FT": PDFName("Tx"),
            "Ff": 0,
            "F": _PRINT,
            "Rect": PDFArray([round(v, 3) for v in line.rect]),
            "P": canv._doc.thisPageRef(),
            "TU": PDFString(line.tooltip),
            "DA": da,
            "V": PDFString(""),
            "AP": PDFDictionary({"N": canv._doc.Reference(empty)}),
        }
    )
    if quadding:  # 0, left, is the default: left-to-right fields are as they were
        widget["Q"] = quadding
    return widget


def _add(canv: Canvas, widget: PDFDictionary, name: str) -> pdfdoc.PDFObjectReference:
    """Put the widget on the page (and, on a tagging canvas, in the tree)."""
    key = f"field:{name}:widget"
    canv._addAnnotation(widget, key)
    return canv._doc.refAnnotation(key)


def _use_font(canv: Canvas, form, font: str) -> None:
    """Name the font in the form's /DR once per document; /DA defaults to it."""
    if "DR" in form.extras:
        return
    ref = canv._doc.Reference(type0_font(canv._doc, font), f"formFont:{font}")
    form.extras["DR"] = PDFDictionary({"Font": PDFDictionary({FONT_KEY: ref})})
    form.extras["DA"] = PDFString(f"/{FONT_KEY} 0 Tf 0 g")


def type0_font(doc: pdfdoc.PDFDocument, font: str) -> PDFDictionary:
    """A registered TrueType face as a whole embedded Type 0 font (code = glyph id)."""
    face = pdfmetrics.getFont(font).face
    base = face.name.decode("latin-1") if isinstance(face.name, bytes) else str(face.name)
    file = pdfdoc.PDFStream(PDFDictionary({"Length1": len(face._ttf_data)}), face._ttf_data)
    if doc.compression:
        file.filters = [pdfdoc.PDFZCompress]
    descriptor = PDFDictionary(
        {
            "Type": PDFName("FontDescriptor"),
            "FontName": PDFName(base),
            "Flags": 32,  # non-symbolic
            "FontBBox": PDFArray(face.bbox),
            "ItalicAngle": face.italicAngle,
            "Ascent": face.ascent,
            "Descent": face.descent,
            "CapHeight": face.capHeight,
            "StemV": face.stemV,
            "FontFile2": doc.Reference(file),
        }
    )
    cid_font = PDFDictionary(
        {
            "Type": PDFName("Font"),
            "Subtype": PDFName("CIDFontType2"),
            "BaseFont": PDFName(base),
            "CIDSystemInfo": PDFDictionary(
                {"Registry": PDFString("Adobe"), "Ordering": PDFString("Identity"), "Supplement": 0}
            ),
            "FontDescriptor": doc.Reference(descriptor),
            "CIDToGIDMap": PDFName("Identity"),
            "DW": face.defaultWidth,
            "W": PDFArray([0, PDFArray(glyph_widths(face))]),
        }
    )
    cmap = pdfdoc.PDFStream(content=to_unicode(base, glyph_characters(face)))
    if doc.compression:
        cmap.filters = [pdfdoc.PDFZCompress]
    return PDFDictionary(
        {
            "Type": PDFName("Font"),
            "Subtype": PDFName("Type0"),
            "BaseFont": PDFName(base),
            "Encoding": PDFName("Identity-H"),
            "DescendantFonts": PDFArray([doc.Reference(cid_font)]),
            "ToUnicode": doc.Reference(cmap),
        }
    )


def glyph_widths(face) -> list[int]:
    """Every glyph's advance in thousandths of an em, by glyph id."""
    scale = 1000 / face.unitsPerEm
    widths = [round(advance * scale) for advance, _ in face.hmetrics]
    # hmtx may list fewer advances than glyphs: the last one repeats.
    return widths + widths[-1:] * (face.numGlyphs - len(widths))


def glyph_characters(face) -> dict[int, int]:
    """Glyph id -> the character it draws (the lowest, where several share one)."""
    out: dict[int, int] = {}
    for char, glyph in sorted(face.charToGlyph.items()):
        if glyph and char >= 0x20 and char not in _PRIVATE_USE and char not in _NOT_TEXT:
            out.setdefault(glyph, char)
    return out


def to_unicode(name: str, glyphs: dict[int, int]) -> str:
    """A ToUnicode CMap for two-byte glyph-id codes."""
    pairs = sorted(glyphs.items())
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        f"/CMapName /{name}-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):  # at most 100 entries a block
        block = pairs[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{g:04X}> <{chr(c).encode('utf-16-be').hex().upper()}>" for g, c in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _fill_operator(color: colors.Color) -> str:
    """The text colour as /DA writes it: grey as DeviceGray, else RGB."""
    r, g, b = (round(v, 4) for v in (color.red, color.green, color.blue))
    return f"{r:g} g" if r == g == b else f"{r:g} {g:g} {b:g} rg"
