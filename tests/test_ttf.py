"""Our TrueType font class must encode text exactly as ReportLab's does."""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc, ttfonts

from handouts.render.fonts import _atkinson_files
from handouts.render.ttf import TTFont, _utf16_hex


def test_fast_encoding_gives_reportlabs_codes_in_every_case():
    path = _atkinson_files()["regular"]
    ours, theirs = TTFont("ours", path), ttfonts.TTFont("theirs", path)
    doc_a, doc_b = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    texts = [
        "",
        "Call us today",
        "Call us today",  # every character known: the fast path
        "no\u00a0break space",  # prints as a space
        "curly \u2019quotes\u2019 and a dash \u2014 caf\u00e9",  # codes below 32 and beyond
        "\u2019\u2014 again, then new: xyz QJ",
        "a glyph the font lacks: \u4e2d",  # code 0, never assigned
        "".join(chr(c) for c in range(0x100, 0x250)),  # fills the first subset, starts another
        "Call us today \u0101",
    ]
    for text in texts:
        assert ours.splitString(text, doc_a) == theirs.splitString(text, doc_b), text
    assert ours.state[doc_a].assignments == theirs.state[doc_b].assignments


def test_font_widths_are_written_as_reportlab_writes_them():
    path = _atkinson_files()["regular"]
    ours, theirs = TTFont("ours", path), ttfonts.TTFont("theirs", path)
    doc_a, doc_b = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    known = sorted(c for c in ours.face.charToGlyph if c > 0x7F)[:400]
    text = "Call us today \u2019\u2014 " + "".join(map(chr, known))  # two subsets
    for font, doc in ((ours, doc_a), (theirs, doc_b)):
        font.splitString(text, doc)
        font.getSubsetInternalName(0, doc)
    ours.addObjects(doc_a)
    theirs.addObjects(doc_b)
    fonts_a = doc_a.idToObject["BasicFonts"].dict
    fonts_b = doc_b.idToObject["BasicFonts"].dict
    assert len(fonts_a) == len(fonts_b) == 2
    for a, b in zip(fonts_a.values(), fonts_b.values(), strict=True):
        assert a.Widths.format(doc_a) == b.Widths.format(doc_b)


def test_cmap_hex_is_the_utf16_encoding():
    points = [0, 0x41, 0xFF, 0x2019, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF]
    for cp in points:
        assert _utf16_hex(cp) == chr(cp).encode("utf-16-be").hex().upper(), hex(cp)
