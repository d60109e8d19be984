"""Our TrueType font class must encode text exactly as ReportLab's does."""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc, ttfonts

from handouts.fonts import _atkinson_files
from handouts.ttf import TTFont


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
