"""A paragraph of styled spans laid out as lines of positioned glyphs (no ReportLab).

The steps, in order: whitespace collapsed; bidi levels (UAX #9) when any
character is right to left; items between line-break opportunities (UAX #14);
each item split into pieces by span, direction and font (a piece the span's
face cannot draw takes its script's default face); pieces shaped with
HarfBuzz; lines chosen for the whole paragraph (`linebreak.total_fit`), with
hyphenation only when the first try leaves a line badly short or a word too
wide; and per line the pieces reordered for display and given x positions.
Glyphs keep the order of the text (logical order), so a PDF drawn from them
extracts as the words were written.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import breaks, direction
from .faces import INVISIBLE, Face
from .linebreak import Box, total_fit
from .scripts import Fallback, group_of, script_of
from .shaping import Shaped, shape

_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# Chinese and Japanese characters, their punctuation and full-width forms.
_IDEOGRAPHIC = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Hyphenate on a second pass when a line (not the last) is less full than this.
_WELL_FILLED = 0.7


def _one_script(text: str) -> bool:
    """Whether the letters of `text` are of one script group (digits and
    punctuation, which every script uses, aside)."""
    return len({group for group in map(group_of, text) if group}) <= 1


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a span prints. `paint` and `href` are opaque here: the drawing part reads them."""

    face: Face
    size: float
    paint: Any = None
    href: str | None = None
    underline: bool = False
    weight: str = "regular"  # the weight a fallback face takes


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: TextStyle


_STYLES: dict[TextStyle, TextStyle] = {}
_INTERNED: dict[int, TextStyle] = {}  # by id: hashing a style hashes its colour, in Python


def interned(style: TextStyle) -> TextStyle:
    """One object per distinct style, so caches can key on its identity (styles are few)."""
    found = _STYLES.setdefault(style, style)
    _INTERNED[id(found)] = found
    return found


class Glyph(NamedTuple):
    """A placed glyph: x from its word's (or line's) left end, `text` for ToUnicode."""

    gid: int
    x: float
    dy: float
    text: str


@dataclass(slots=True)
class GlyphRun:
    """Words of one face, size and style, in logical (drawing) order.

    Each word is (x of its left end, its glyphs relative to that), so the
    shaped and placed glyphs of a word are shared by every line that prints it.
    """

    face: Face
    style: TextStyle
    words: list[tuple[float, tuple[Glyph, ...]]]
    x0: float  # visual extent on the line
    x1: float

    @property
    def glyphs(self) -> list[Glyph]:
        """Every glyph at its place on the line."""
        return [g._replace(x=x + g.x) for x, word in self.words for g in word]


@dataclass(slots=True)
class Line:
    runs: list[GlyphRun]
    x: float  # where the line starts, from the left of the column (alignment)
    width: float  # natural width
    hyphenated: bool = False

    @property
    def text(self) -> str:
        return "".join(g.text for run in self.runs for _, word in run.words for g in word)


@dataclass(slots=True)
class Paragraph:
    lines: list[Line]
    rtl: bool
    missing: list[str] = field(default_factory=list)  # characters no font can draw


class _Word(NamedTuple):
    """A shaped piece of text at one size: its glyphs relative to its left end."""

    glyphs: tuple[Glyph, ...]  # logical order
    width: float


@functools.lru_cache(maxsize=65536)
def _word(face: Face, text: str, level: int, language: str, size: float) -> _Word:
    """Shape and place `text` once per process (face, text, direction, language, size)."""
    if text.isascii():
        script = "Latn" if any(ch.isalpha() for ch in text) else ""
    else:
        script = next((s for s in map(script_of, text) if s not in ("Zyyy", "Zinh")), "")
    shaped = shape(face, text, bool(level % 2), script, language)
    return _Word(_placed(shaped, text, level, size / face.upem), shaped.advance * size / face.upem)


@dataclass(slots=True)
class _Piece:
    text: str
    style: TextStyle
    face: Face
    level: int
    word: _Word
    width: float = 0.0


@dataclass(slots=True)
class _Item:
    pieces: list[_Piece]
    glue: list[_Piece]
    hyphen: _Piece | None = None
    spaced: bool = True
    ideographic: bool = False  # ends after a Chinese or Japanese character (see Box)
    _box: Box | None = None  # measured once: items do not change once in use
    _spanned: tuple[_Piece, ...] | None = None

    def box(self) -> Box:
        found = self._box
        if found is None:
            found = self._box = self._measure()
        return found

    def spanned(self) -> tuple[_Piece, ...]:
        """The pieces a line that runs on past this item prints: its text and its spaces.

        One piece when the word and its space share a face, style and level
        (most words), made once per item: a line then has half as many
        pieces to place and to draw.
        """
        found = self._spanned
        if found is None:
            found = self._spanned = self._join()
        return found

    def _join(self) -> tuple[_Piece, ...]:
        pieces = (*self.pieces, *self.glue)
        if len(pieces) != 2:
            return pieces
        word, space = pieces
        if (
            word.face is not space.face
            or word.style is not space.style
            or word.level
            or space.level
        ):
            return pieces
        glyphs = word.word.glyphs + tuple(g._replace(x=g.x + word.width) for g in space.word.glyphs)
        width = word.width + space.width
        return (
            _Piece(word.text + space.text, word.style, word.face, 0, _Word(glyphs, width), width),
        )

    def _measure(self) -> Box:
        return Box(
            sum(p.width for p in self.pieces),
            sum(p.width for p in self.glue),
            self.hyphen.width if self.hyphen else 0.0,
            self.spaced,
            self.ideographic,
        )


@dataclass(frozen=True, slots=True)
class Options:
    width: float
    language: str = "en"
    # start (left, or right for right-to-left text), center, end; or left or
    # right whatever the text's direction (a right-to-left page's English words).
    align: str = "start"
    fallback: Fallback = field(default_factory=Fallback)
    hyphenate: bool = True  # headings and names break only between words
    # The paragraph's direction: "auto" from its first strong character (UAX #9
    # rule P2), "rtl" for a paragraph of a right-to-left language, whatever it
    # starts with ("MRI" or a phone number opening an Arabic sentence).
    direction: str = "auto"


def layout(spans: list[Span], options: Options) -> Paragraph:
    """Break `spans` into lines no wider than `options.width` (a word is never refused)."""
    text, owners, starts = _collapse(spans)
    if not text:
        return Paragraph([], False)
    if options.direction == "rtl":
        base = 1
        levels = direction.levels(text, base)
    elif direction.needs_bidi(text):
        base = direction.base_level(text)
        levels = direction.levels(text, base)
    else:
        base, levels = 0, None
    maker = _Maker(spans, owners, starts, levels, options)
    items = maker.items(text)
    if options.width == float("inf"):  # one line, as long as it takes
        items, ends = items, [len(items)]
    else:
        items, ends = _fit_items(maker, items, options)
    lines, start = [], 0
    ltr = levels is None  # no character right to left: every line in logical order
    for end in ends:
        lines.append(_line(items[start:end], end < len(items), base, options, ltr))
        start = end
    return Paragraph(lines, base == 1, sorted(set(maker.missing)))


def _collapse(spans: list[Span]) -> tuple[str, list[int], list[int]]:
    """The paragraph's text with runs of white space as one space, each character's
    span, and the offsets where a new span starts."""
    pieces: list[str] = []
    owners: list[int] = []
    starts: list[int] = []
    n, spaced = 0, False  # characters so far; the last of them is a space
    for k, span in enumerate(spans):
        piece = _collapsed(span.text)
        if not n:
            piece = piece.lstrip(" ")
        elif spaced and piece.startswith(" "):
            piece = piece[1:]
        if not piece:
            continue
        if n:
            starts.append(n)
        pieces.append(piece)
        owners += [k] * len(piece)
        n += len(piece)
        spaced = piece.endswith(" ")
    text = "".join(pieces).rstrip(" ")
    del owners[len(text) :]
    while starts and starts[-1] >= len(text):
        starts.pop()
    return text, owners, starts


def _collapsed(text: str) -> str:
    """Runs of white space as one space; text that has none is passed on as it is
    (six substring tests cost less than the pattern's replacement of every space)."""
    if "  " in text or any(ch in text for ch in "\t\r\n\f\v"):
        return _SPACE.sub(" ", text)
    return text


def _fit_items(
    maker: _Maker, items: list[_Item], options: Options
) -> tuple[list[_Item], list[int]]:
    """The items and line ends: hyphenated when the first try is poor, split if still too wide."""
    width = options.width
    boxes = [item.box() for item in items]
    ends = total_fit(boxes, width)
    if not _poor(boxes, ends, width):
        return items, ends
    if options.hyphenate:
        items = [part for item in items for part in maker.hyphenated(item)]
        boxes = [item.box() for item in items]
    if any(box.width > width for box in boxes):
        items = [part for item in items for part in maker.split_to_fit(item, width)]
        boxes = [item.box() for item in items]
    return items, total_fit(boxes, width)


def _poor(boxes: list[Box], ends: list[int], width: float) -> bool:
    if any(box.width > width for box in boxes):
        return True
    start = 0
    for end in ends[:-1]:
        used = sum(b.width + b.glue for b in boxes[start : end - 1]) + boxes[end - 1].width
        if used < width * _WELL_FILLED:
            return True
        start = end
    return False


# Items by (text, style, language): a library prints the same words over and over.
# Items are never changed once made (hyphenation and splitting make new ones).
_ITEMS: dict[tuple, _Item] = {}
_ITEMS_KEPT = 50_000


class _Maker:
    """Turns ranges of the paragraph's text into shaped items."""

    def __init__(self, spans, owners, starts, levels, options: Options):
        self.spans, self.owners, self.levels, self.options = spans, owners, levels, options
        self.starts = starts  # offsets where a new span starts
        self.covered: dict[int, bool] = {}  # span -> its own face draws all of it
        self.latin: dict[int, Face | None] = {}  # span -> the face for all of it (_latin_face)
        self.missing: list[str] = []

    def _span_covered(self, k: int) -> bool:
        found = self.covered.get(k)
        if found is None:
            text = self._span_text(k)
            found = self.covered[k] = "\u00ad" not in text and self.spans[k].style.face.covers(text)
        return found

    def _span_text(self, k: int) -> str:
        # A span's characters are one stretch of the text (owners never go back).
        bounds = [0, *self.starts, len(self.owners)]
        return "".join(self.text[a:b] for a, b in itertools.pairwise(bounds) if self.owners[a] == k)

    def _latin_face(self, k: int) -> Face | None:
        """The face for all of span k when the letters its own face lacks are Latin,
        Greek or Cyrillic ones, in a paragraph not in English (a Vietnamese or Russian
        sentence, not an English one with a Russian name): the sentence in one face,
        not its words in two (the brand's "chính" beside the fallback's "điểm")."""
        if k not in self.latin:
            style = self.spans[k].style
            letters = set(self._span_text(k))  # each once: a span may be thousands of them
            lacking = "".join(
                sorted(ch for ch in letters if ch.isalpha() and not style.face.covers(ch))
            )
            face = None
            english = self.options.language.split("-")[0].lower() == "en"
            if not english and {group_of(ch) for ch in lacking} == {"latin"}:
                face = self.options.fallback.face_for(lacking, style.weight)
            self.latin[k] = face
        return self.latin[k]

    def _shared(self, k: int) -> int | None:
        """id of span k's style when its items may be shared process-wide, else None.

        Shared when no bidi levels apply, the style is interned (its id is a
        key) and the span's own face draws all of it.
        """
        style = self.spans[k].style
        if self.levels is None and _INTERNED.get(id(style)) is style and self._span_covered(k):
            return id(style)
        return None

    def items(self, text: str) -> list[_Item]:
        """The paragraph's items, each the text from one break opportunity to the next.

        An item of one span is shared process-wide by (text, style,
        language): a library prints the same words over and over.
        """
        self.text = text
        owners, language = self.owners, self.options.language
        ends = breaks.opportunities(text, language)
        if not self.starts:  # one span, the usual paragraph: no owners to compare
            style_id = self._shared(0)
            if style_id is not None:
                return self._shared_items(text, ends, style_id)
        shared: dict[int, int | None] = {}
        items: list[_Item] = []
        start = 0
        for end in ends:
            owner = owners[start]
            style_id = shared.get(owner, 0)
            if style_id == 0:
                style_id = shared[owner] = self._shared(owner)
            if style_id is not None and owners[end - 1] == owner:
                key = (text[start:end], style_id, language)
                item = _ITEMS.get(key) or self._kept_item(key, start, end)
            else:
                item = self._make_item(start, end)
            items.append(item)
            start = end
        return items

    def _shared_items(self, text: str, ends: list[int], style_id: int) -> list[_Item]:
        """`items` of a paragraph of one shared span: each looked up by its text alone."""
        language, get = self.options.language, _ITEMS.get
        items: list[_Item] = []
        start = 0
        for end in ends:
            key = (text[start:end], style_id, language)
            items.append(get(key) or self._kept_item(key, start, end))
            start = end
        return items

    def _kept_item(self, key: tuple, start: int, end: int) -> _Item:
        """A new item of one shared span, kept for every paragraph that prints it."""
        item = _ITEMS[key] = self._make_item(start, end)
        if len(_ITEMS) > _ITEMS_KEPT:
            del _ITEMS[next(iter(_ITEMS))]
        return item

    def _make_item(self, start: int, end: int) -> _Item:
        text = self.text
        box_end = end
        while box_end > start and text[box_end - 1] == " ":
            box_end -= 1
        box = self.pieces(start, box_end)
        item = _Item(box, self.pieces(box_end, end, box[-1].face if box else None))
        item.spaced = box_end < end
        item.ideographic = box_end > start and _IDEOGRAPHIC.match(text[box_end - 1]) is not None
        if box_end > start and text[box_end - 1] == "\u00ad":
            item.hyphen = self.hyphen_piece(item.pieces[-1] if item.pieces else None)
        return item

    def pieces(self, start: int, end: int, prefer: Face | None = None) -> list[_Piece]:
        """Pieces of text[start:end], one per span, level and face (`prefer` for spaces)."""
        out: list[_Piece] = []
        i = start
        while i < end:
            j = self._run_end(i, end)
            out.extend(self._faced(i, j, prefer))
            i = j
        return out

    def _run_end(self, i: int, end: int) -> int:
        """Where the run of one span and one bidi level that starts at `i` ends (before `end`)."""
        k = bisect.bisect_right(self.starts, i)
        j = min(end, self.starts[k]) if k < len(self.starts) else end
        levels = self.levels
        if levels:
            level = levels[i]
            for m in range(i + 1, j):
                if levels[m] != level:
                    return m
        return j

    def _faced(self, i: int, j: int, prefer: Face | None) -> list[_Piece]:
        """text[i:j] (one span, one level) in the faces that can draw it."""
        owner = self.owners[i]
        style = self.spans[owner].style
        level = self.levels[i] if self.levels else 0
        if prefer is None and self._span_covered(owner):  # the usual case
            return [self._piece(self.text[i:j], style, style.face, level)]
        text = self.text[i:j].replace("\u00ad", "")
        if not text:
            return []
        if prefer is not None and text.isspace() and prefer.covers(text):
            return [self._piece(text, style, prefer, level)]
        whole = self._latin_face(owner)
        if whole is not None and whole.covers(text):
            return [self._piece(text, style, whole, level)]
        if style.face.covers(text):
            return [self._piece(text, style, style.face, level)]
        # Letters of one script in one fallback face; a word that mixes scripts
        # ("Health는", "Care(가상)") keeps the brand face for its Latin letters, as a
        # browser would, rather than one face (the CJK font) that happens to draw it
        # all. Digits and punctuation belong to no script: "988에" is one face's.
        face = self.options.fallback.face_for(text, style.weight) if _one_script(text) else None
        if face is not None:
            return [self._piece(text, style, face, level)]
        # No one face draws all of it: character by character, the same face kept together.
        out: list[_Piece] = []
        run, run_face = "", None
        for ch in text:
            ch_face = self._face_for_char(ch, style, run_face)
            if ch_face is not run_face and run:
                out.append(self._piece(run, style, run_face, level))
                run = ""
            run, run_face = run + ch, ch_face
        out.append(self._piece(run, style, run_face, level))
        return out

    def _face_for_char(self, ch: str, style: TextStyle, current: Face | None) -> Face:
        if current is not None and current.covers(ch) and script_of(ch) in ("Zyyy", "Zinh"):
            return current
        if style.face.covers(ch):
            return style.face
        face = self.options.fallback.face_for(ch, style.weight)
        if face is None:
            self.missing.append(ch)
            return style.face
        return face

    def _piece(self, text: str, style: TextStyle, face: Face, level: int) -> _Piece:
        word = _word(face, text, level, self.options.language, style.size)
        return _Piece(text, style, face, level, word, word.width)

    def hyphen_piece(self, after: _Piece | None) -> _Piece | None:
        if after is None:
            return None
        return self._piece("-", after.style, after.face, after.level)

    def hyphenated(self, item: _Item) -> list[_Item]:
        """The item in parts at its hyphenation points (one piece of Latin-like text only)."""
        if len(item.pieces) != 1 or item.hyphen is not None:
            return [item]
        piece = item.pieces[0]
        word = piece.text
        if len(word) < 6 or group_of(word[0]) != "latin":
            return [item]
        points = breaks.hyphenation_points(word, self.options.language)
        if not points:
            return [item]
        parts = [word[a:b] for a, b in zip([0, *points], [*points, len(word)], strict=True)]
        out = []
        for k, part in enumerate(parts):
            p = self._piece(part, piece.style, piece.face, piece.level)
            last = k == len(parts) - 1
            out.append(
                _Item(
                    [p],
                    item.glue if last else [],
                    item.hyphen if last else self.hyphen_piece(p),
                    item.spaced if last else False,
                )
            )
        return out

    def split_to_fit(self, item: _Item, width: float) -> list[_Item]:
        """The last resort: an item wider than a line, split between graphemes.

        Each chunk is the most graphemes of its piece that fit a line (a
        grapheme wider than a line stands alone), found by doubling then
        halving: a hostile 10,000-letter word is shaped a few hundred times,
        not once per letter. The breaker then puts each chunk on a line of its
        own, or beside the words before it where they leave room.
        """
        if item.box().width <= width:
            return [item]
        out: list[_Item] = []
        for piece in item.pieces:
            text, ends = piece.text, breaks.graphemes(piece.text)
            i = start = 0  # the first grapheme not yet placed, and where it starts
            while i < len(ends):
                last = self._most_that_fit(piece, start, ends, i, width)
                last = i if last is None else last
                chunk = self._piece(text[start : ends[last]], piece.style, piece.face, piece.level)
                out.append(_Item([chunk], [], None, False))
                start, i = ends[last], last + 1
        out[-1].glue, out[-1].hyphen, out[-1].spaced = item.glue, item.hyphen, item.spaced
        out[-1].ideographic = item.ideographic
        return out

    def _most_that_fit(
        self, piece: _Piece, start: int, ends: list[int], first: int, room: float
    ) -> int | None:
        """The index in `ends` of the last grapheme such that text[start:ends[it]]
        fits `room`, or None when even ends[first] does not."""

        def fits(k: int) -> bool:
            text = piece.text[start : ends[k]]
            return self._piece(text, piece.style, piece.face, piece.level).width <= room

        if not fits(first):
            return None
        good, step = first, 1  # double while it fits, then halve the gap
        while good + step < len(ends) and fits(good + step):
            good, step = good + step, step * 2
        bad = min(good + step, len(ends))
        while bad - good > 1:
            mid = (good + bad) // 2
            good, bad = (mid, bad) if fits(mid) else (good, mid)
        return good


def _line(
    items: list[_Item], hyphenated: bool, base: int, options: Options, ltr: bool = False
) -> Line:
    """One line of `items`; `ltr`: the paragraph has no bidi levels (nothing to reorder)."""
    pieces = [p for item in items[:-1] for p in item.spanned()]
    pieces += items[-1].pieces
    hyphen = items[-1].hyphen if hyphenated else None
    if hyphen is not None:
        pieces.append(hyphen)
    if ltr or (not base and not any(p.level for p in pieces)):
        runs, x = _runs_in_order(pieces)
        return Line(runs, _align(x, base, options), x, hyphen is not None)
    xs = [0.0] * len(pieces)  # x of each piece from the line's own start (Line.x places it)
    x = 0.0
    for k in _visual(pieces):
        xs[k] = x
        x += pieces[k].width
    return Line(_runs(pieces, xs), _align(x, base, options), x, hyphen is not None)


def _visual(pieces: list[_Piece]) -> list[int]:
    """The pieces' indices in display order (UAX #9, rule L2)."""
    return direction.visual_order(list(range(len(pieces))), [p.level for p in pieces])


def _align(width: float, base: int, options: Options) -> float:
    if options.width == float("inf"):
        return 0.0
    slack = max(options.width - width, 0.0)
    if options.align == "center":
        return slack / 2
    if options.align in ("left", "right"):
        return slack if options.align == "right" else 0.0
    right = (options.align == "end") != (base == 1)
    return slack if right else 0.0


def _runs(pieces: list[_Piece], xs: list[float]) -> list[GlyphRun]:
    """Glyph runs in logical order, each word at its visual x (a line with bidi levels)."""
    runs: list[GlyphRun] = []
    run: GlyphRun | None = None
    for piece, x in zip(pieces, xs, strict=True):
        if run is not None and _same_run(run, piece):
            run.words.append((x, piece.word.glyphs))
            run.x0, run.x1 = min(run.x0, x), max(run.x1, x + piece.width)
        else:
            run = GlyphRun(piece.face, piece.style, [(x, piece.word.glyphs)], x, x + piece.width)
            runs.append(run)
    return runs


def _runs_in_order(pieces: list[_Piece]) -> tuple[list[GlyphRun], float]:
    """`_runs` of a line whose pieces come in display order, and the line's width.

    Each piece starts where the one before ended, so a run's extent is its
    first piece's start and its last piece's end: one pass places and groups.
    """
    runs: list[GlyphRun] = []
    run: GlyphRun | None = None
    face = style = None  # the run's, compared inline: this loop is per word
    x = 0.0
    for piece in pieces:
        end = x + piece.width
        if piece.face is face and (piece.style is style or piece.style == style):
            run.words.append((x, piece.word.glyphs))  # type: ignore[union-attr]
            run.x1 = end  # type: ignore[union-attr]
        else:
            face, style = piece.face, piece.style
            run = GlyphRun(face, style, [(x, piece.word.glyphs)], x, end)
            runs.append(run)
        x = end
    return runs, x


def _same_run(run: GlyphRun, piece: _Piece) -> bool:
    return run.face is piece.face and (run.style is piece.style or run.style == piece.style)


def _placed(shaped: Shaped, text: str, level: int, scale: float) -> tuple[Glyph, ...]:
    """Glyphs placed from the word's left end, in logical order; a cluster's text on its first."""
    x = 0.0
    placed = []
    for g in shaped.glyphs:  # visual order
        placed.append((g.cluster, x + g.dx * scale, g.dy * scale, g.gid))
        x += g.advance * scale
    if level % 2:
        placed.reverse()
    clusters = sorted({c for c, *_ in placed})
    ends = dict(zip(clusters, [*clusters[1:], len(text)], strict=True))
    out, seen = [], set()
    for cluster, gx, dy, gid in placed:
        piece = "" if cluster in seen else text[cluster : ends[cluster]]
        seen.add(cluster)
        if piece and piece.strip(INVISIBLE) == "":
            continue  # a word joiner, a bidi mark: no glyph to draw, and no text for copying
        out.append(Glyph(gid, gx, dy, piece.replace("\u00a0", " ")))
    return tuple(out)
