"""TrueType fonts whose ToUnicode maps say only true things.

ReportLab reserves codes 0x00-0x1F of a font's first subset and fills them
only as characters outside ASCII turn up; the codes left unused are written
to the ToUnicode CMap as U+0000, which PDF/UA validators reject (a code that
maps to no character). `TTFont` here rewrites each subset's CMap after
ReportLab has made it, listing only codes that stand for a character.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc, ttfonts

_BFCHAR_BLOCK = 100  # a CMap's beginbfchar block may hold at most 100 entries


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap for `subset` (code -> code point) without unused codes."""
    pairs = [(f"{code:02X}", _utf16_hex(cp)) for code, cp in enumerate(subset) if cp]
    return cmap_program(
        f"({name}) /Ordering ({name})", name, f"<00> <{len(subset) - 1:02X}>", pairs
    )


def cmap_program(system: str, name: str, codespace: str, pairs: list[tuple[str, str]]) -> str:
    """A ToUnicode CMap's text: (code, UTF-16 text), both in hex, in blocks of 100.

    `system` is the CIDSystemInfo's registry and ordering as written after
    /Registry; shared by ReportLab's subsets and the text engine's CID fonts.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry {system} /Supplement 0 >> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        codespace,
        "endcodespacerange",
    ]
    for start in range(0, len(pairs), _BFCHAR_BLOCK):
        block = pairs[start : start + _BFCHAR_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code}> <{text}>" for code, text in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _code_table(assignments: dict[int, int]) -> dict[int, int]:
    """str.translate table: character -> its code in subset 0, else U+0100.

    Every Latin-1 character is in the table, so one without a code yet cannot
    pass through as itself; a no-break space prints as a space, as in
    ReportLab's own loop.
    """
    table = dict.fromkeys(range(256), 0x100)
    table.update((cp, code) for cp, code in assignments.items() if code < 256)
    table[0xA0] = assignments.get(32, 0x100)
    return table


def _utf16_hex(code_point: int) -> str:
    if code_point < 0xD800 or 0xE000 <= code_point < 0x10000:
        return f"{code_point:04X}"  # one UTF-16 unit: the code point itself
    return chr(code_point).encode("utf-16-be").hex().upper()


class TTFont(ttfonts.TTFont):
    """ReportLab's TTFont, with ToUnicode CMaps that validators accept.

    It also encodes text faster once its characters have codes: ReportLab
    walks every character of every text run in Python to find its code in
    the document's subset (about 130 runs per handout page pair).
    """

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is None or not text or not isinstance(text, str):
            return super().splitString(text, doc, encoding)
        table = state.__dict__.get("_handouts_table")
        if table is None or table[0] != len(state.assignments):
            table = (len(state.assignments), _code_table(state.assignments))
            state._handouts_table = table
        try:
            # Characters without a code in the first subset map to U+0100,
            # which latin-1 cannot encode: ReportLab then assigns them.
            return [(0, text.translate(table[1]).encode("latin-1"))]
        except UnicodeEncodeError:
            return super().splitString(text, doc, encoding)

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            base = b"".join(
                (ttfonts.SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)
            ).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = to_unicode_cmap(base, subset)
