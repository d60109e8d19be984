"""Font faces as HarfBuzz sees them: loaded once per process, shaped at design size.

A `Face` is one TrueType face (a file, a collection index and, for variable
fonts, an instance such as wght=700). Shaping happens at the face's units per
em, so one shaped word serves every size; callers scale by size / upem.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import uharfbuzz as hb


class FaceError(Exception):
    """A font file that cannot be used; the message says which and why."""


@dataclass(eq=False)
class Face:
    """One face of a TrueType font, with what shaping and embedding need."""

    path: Path
    index: int = 0
    variations: tuple[tuple[str, float], ...] = ()
    hb_face: hb.Face = field(init=False, repr=False)
    font: hb.Font = field(init=False, repr=False)
    codepoints: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise FaceError(f"'{self.path.name}': cannot read the font file ({exc})") from exc
        if data[:4] == b"OTTO":
            raise FaceError(
                f"'{self.path.name}' has PostScript (CFF) outlines, which cannot be embedded here; "
                "use a TrueType (.ttf) font"
            )
        self.hb_face = hb.Face(hb.Blob(data), self.index)
        if "glyf" not in self.hb_face.table_tags:
            raise FaceError(f"'{self.path.name}' is not a TrueType font with glyph outlines")
        self.font = hb.Font(self.hb_face)
        if self.variations:
            self.font.set_variations(dict(self.variations))
        self.codepoints = frozenset(self.hb_face.unicodes)

    @functools.cached_property
    def upem(self) -> int:
        return self.hb_face.upem

    @functools.cached_property
    def name(self) -> str:
        """The PostScript name, with the instance for a variable font (PDF /BaseFont)."""
        ps = self.hb_face.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME) or self.path.stem
        ps = "".join(ch for ch in ps if ch.isalnum() or ch in "-_")
        suffix = "".join(f"-{tag}{value:g}" for tag, value in self.variations)
        return ps + suffix

    @functools.cached_property
    def weight(self) -> str:
        """ "bold" for a face of weight 600 or more (its instance's wght, else OS/2's
        usWeightClass), else "regular": the weight a fallback face takes beside it."""
        wght = dict(self.variations).get("wght")
        if wght is None:
            table = self.hb_face.reference_table("OS/2").data
            wght = int.from_bytes(table[4:6], "big") if len(table) >= 6 else 400
        return "bold" if wght >= 600 else "regular"

    @functools.cached_property
    def metrics(self) -> tuple[float, float]:
        """Ascender and descender (negative), in units per em."""
        extents = self.font.get_font_extents("ltr")
        return extents.ascender, extents.descender

    def has(self, cp: int) -> bool:
        return cp in self.codepoints

    @functools.cached_property
    def covers_ascii(self) -> bool:
        return all(cp in self.codepoints for cp in range(0x20, 0x7F))

    def covers(self, text: str) -> bool:
        if text.isascii() and self.covers_ascii:
            return True
        cps = self.codepoints
        return all(ord(ch) in cps or ch in _IGNORABLE for ch in text)

    def advance(self, gid: int) -> int:
        """A glyph's advance in font units, as embedded (the PDF's /W)."""
        return self.font.get_glyph_h_advance(gid)

    @functools.cached_property
    def key(self) -> tuple:
        return (str(self.path), self.index, self.variations)


# Zero-width characters that steer line breaking, joining or direction and print
# nothing (word joiner, zero-width space and joiners, the bidi marks, embeddings and
# isolates an editor of Hebrew or Arabic types, the byte order mark).
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Characters a font need not have: the engine never draws them as glyphs.
_IGNORABLE = frozenset(INVISIBLE + "\u00ad\n")


@functools.cache
def load(path: str, index: int = 0, variations: tuple[tuple[str, float], ...] = ()) -> Face:
    """The face at `path`, loaded once per process."""
    return Face(Path(path), index, variations)
