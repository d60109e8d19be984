"""The Unicode bidirectional algorithm (UAX #9): levels per character, order per line.

python-bidi resolves the levels (rules P-W-N-I) with its Python algorithm,
which predates paired brackets: rule N0 is applied here, between its weak and
neutral rules. Reordering (L2) happens here too, per line, on shaped pieces
rather than characters, after the lines are broken, as UAX #9 asks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from bidi import algorithm

_RTL_CLASSES = frozenset(("R", "AL", "RLE", "RLO", "RLI"))

T = TypeVar("T")


# Blocks of right-to-left scripts and the right-to-left marks and embeddings:
# a quick test, in C, before any character's class is looked up.
_MAYBE_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u202b\u202e\u2067"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def needs_bidi(text: str) -> bool:
    """Whether any character is right to left (the common case, Latin, skips the algorithm)."""
    if text.isascii() or not _MAYBE_RTL.search(text):
        return False
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def base_level(text: str) -> int:
    """0 for a left-to-right paragraph, 1 for right to left (first strong character)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return 1
        if kind == "L":
            return 0
    return 0


# A figure or a Latin phrase holding one: "(555) 010-0199", "2026-10-01",
# "1200 Harbor Way, Bayview" (embedded only when it holds a digit: Latin words
# alone already read left to right).
_FIGURE = re.compile(r"[+(]?[0-9A-Za-z][0-9A-Za-z ()./,:@&'\u2010-\u2013-]*[0-9A-Za-z)]")
_LRE, _PDF = "\u202a", "\u202c"


def levels(text: str, base: int) -> list[int]:
    """The resolved embedding level of every character of a paragraph.

    In a right-to-left paragraph the algorithm turns the digits after Arabic
    letters into Arabic numbers, and a hyphen between those is a neutral
    that takes the paragraph's direction: "010-0199" would print as
    "0199-010", a wrong phone number, and "1200 Harbor Way" as "Harbor Way
    1200". Figures with separators, and Latin phrases holding figures, are embedded
    left to right (LRE ... PDF, as a careful typesetter marks them), so they
    read as written; the marks are resolved and dropped here, never drawn.
    """
    if base == 1 and _LRE not in text and _PDF not in text:
        spans = [
            (start, end)
            for start, end in map(_balanced, _FIGURE.finditer(text))
            if not text[start:end].isdigit() and any(ch.isdigit() for ch in text[start:end])
        ]
        if spans:
            marked, at = [], 0
            for start, end in spans:
                marked += [text[at:start], _LRE, text[start:end], _PDF]
                at = end
            marked.append(text[at:])
            joined = "".join(marked)
            resolved = _levels(joined, base)
            keep = [i for i, ch in enumerate(joined) if ch not in (_LRE, _PDF)]
            return [resolved[i] for i in keep]
    return _levels(text, base)


def _balanced(match: re.Match[str]) -> tuple[int, int]:
    """A figure's span without a bracket it does not pair: in "(عدد الملفات: 4)"
    the ")" closes the Arabic aside, so it takes the aside's direction (and
    mirrors), not the figure's; "(555) 010-0199" keeps both of its own."""
    start, end = match.span()
    found = match.group()
    if found.endswith(")") and found.count(")") > found.count("("):
        end -= 1
    if found.startswith("(") and found.count("(") > found.count(")"):
        start += 1
    while end > start and match.string[end - 1] == " ":
        end -= 1
    return start, end


def _levels(text: str, base: int) -> list[int]:
    storage = algorithm.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    algorithm.get_embedding_levels(text, storage, False, False)
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    _paired_brackets(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    resolved = [ch["level"] for ch in storage["chars"]]
    if len(resolved) == len(text):
        return resolved
    # Rule X9 removed the explicit embeddings and overrides: they take the level
    # of the character before them, so every character of the text has one.
    out, kept, level = [], iter(resolved), base
    for ch in text:
        if unicodedata.bidirectional(ch) not in algorithm.X9_REMOVED:
            level = next(kept, level)
        out.append(level)
    return out


# Bidi_Paired_Bracket pairs (BidiBrackets.txt) that text in our languages uses.
_CLOSING = dict(zip("([{（［｛〈《「『【〔", ")]}）］｝〉》」』】〕", strict=True))
_STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}


def _paired_brackets(storage: dict) -> None:
    """Rule N0 on python-bidi's level runs: a bracket pair takes the embedding
    direction when the text inside has it, else the other direction when the
    text inside and the text before the pair have that one.

    Without it "العربية (nawm)، Español (dormir)" splits its brackets between
    the two directions and prints "(dormir" beside "العربية". (Numbers count
    as right to left here, as in rule N1.)
    """
    chars = storage["chars"]
    for run in storage["runs"]:
        start, end = run["start"], run["start"] + run["length"]
        embedding = "LR"[chars[start]["level"] % 2] if end > start else "L"
        for opener, closer in _pairs(chars, start, end):
            inside = {_STRONG.get(chars[k]["type"]) for k in range(opener + 1, closer)}
            if embedding in inside:
                kind = embedding
            elif inside - {None}:  # the other direction inside: the one before decides
                before = (_STRONG.get(chars[k]["type"]) for k in range(opener - 1, start - 1, -1))
                kind = next((t for t in before if t), run["sor"])
            else:
                continue
            chars[opener]["type"] = chars[closer]["type"] = kind


def _pairs(chars: list[dict], start: int, end: int) -> list[tuple[int, int]]:
    """The bracket pairs of chars[start:end] (rule BD16), by the opener's place."""
    stack: list[tuple[str, int]] = []
    pairs = []
    for k in range(start, end):
        ch = chars[k]
        if ch["type"] != "ON":
            continue
        if ch["ch"] in _CLOSING:
            if len(stack) == 63:
                break
            stack.append((_CLOSING[ch["ch"]], k))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == ch["ch"]:
                pairs.append((stack[depth][1], k))
                del stack[depth:]
                break
    return sorted(pairs)


def visual_order(items: Sequence[T], item_levels: Sequence[int]) -> list[T]:
    """Rule L2: reverse every run at or above each level, highest level first."""
    order = list(range(len(items)))
    lv = list(item_levels)
    if not lv:
        return []
    top = max(lv)
    lowest_odd = min(x for x in lv if x % 2) if any(x % 2 for x in lv) else top + 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if lv[i] >= level:
                j = i
                while j < len(order) and lv[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                lv[i:j] = lv[i:j][::-1]
                i = j
            else:
                i += 1
    return [items[k] for k in order]
