"""Where a line may end: UAX #14, web addresses, hyphenation, and a last resort.

ICU's line breaker (`icu4py`) gives the Unicode line-break opportunities,
including the no-break rules around CJK punctuation and dictionary breaks
for Thai. Web addresses also break after `/ . ? & = -` (never before them)
with no hyphen added. A word too long for a line is hyphenated with Pyphen in
the handout's language, and as a last resort split between graphemes.
"""

from __future__ import annotations

import functools
import itertools
import re

import pyphen
from icu4py.breakers import CharacterBreaker, LineBreaker

# A web address as printed: a scheme or "www.", then no spaces.
_ADDRESS = re.compile(r"(?:https?://|mailto:|www\.)\S+", re.IGNORECASE)
_ADDRESS_BREAK_AFTER = frozenset("/.?&=-_#")


# Plain prose in ASCII: words of letters and digits (with & * # @ '), joined
# inside by . , : (3.5, e.g., 10:30), opened by ( " ' and closed by
# . , ; : ! ? ) " ', one space apart. UAX #14 allows a break in such text only
# after a space: no pair of its classes (AL, NU, IS, EX, QU, OP, CP) breaks
# without one in between. tests/test_engine.py checks that against ICU.
# Possessive (`++`, `*+`): a fuller match never needs a shorter run back.
_WORD = re.compile(
    r"""(?:\(|"|'|\(")?[A-Za-z0-9'&*#@]++(?:[.,:][A-Za-z0-9'&*#@]++)*+[.,;:!?)"']*+"""
)


@functools.lru_cache(maxsize=65536)
def _prose_word(word: str) -> bool:
    return _WORD.fullmatch(word) is not None


def is_plain_prose(text: str) -> bool:
    """Words of plain prose one space apart (see above): a line may end after each space.

    Word by word, each word's answer cached: a library writes the same words
    again and again, and the pattern over a whole paragraph cost more than
    the rest of finding its breaks.
    """
    return all(map(_prose_word, text.split(" ")))


def opportunities(text: str, language: str = "en") -> list[int]:
    """Offsets at which a line may end (each the start of the next line), the end included."""
    addresses = "://" in text or "www." in text or "mailto:" in text
    if not addresses and is_plain_prose(text):  # single spaces: after each word
        out = list(itertools.accumulate([len(word) + 1 for word in text.split(" ")[:-1]]))
        out.append(len(text))
        return out
    return unicode_opportunities(text, language, addresses)


def unicode_opportunities(text: str, language: str = "en", addresses: bool = True) -> list[int]:
    """`opportunities` from ICU's line breaker, with no shortcut for plain prose."""
    found = _unicode_breaks(text, language or "en")
    if (language or "").split("-")[0].lower() == "ko":
        found = _keep_all(text, found)
    if "\u2013" in text:
        found = _keep_ranges(text, found)
    if addresses:
        found = sorted(set(found) | set(_address_breaks(text)))
    return found


def _unicode_breaks(text: str, language: str) -> list[int]:
    offsets, pos = [], 0
    for piece in LineBreaker(text, language):  # pieces, so offsets are code points
        pos += len(piece)
        offsets.append(pos)
    return offsets


_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")


def _keep_all(text: str, offsets: list[int]) -> list[int]:
    """Korean lines end at spaces, as Korean is typeset (CSS `word-break: keep-all`).

    UAX #14 lets a line end between any two Hangul syllables, which splits
    a word from its particle ("웹사이트" / "로", "0199" / "로"); a word too long for its line
    is still split at graphemes, the last resort for every language.
    """
    return [
        o
        for o in offsets
        if o >= len(text)
        or text[o - 1].isspace()
        or not (_HANGUL.match(text[o - 1]) or _HANGUL.match(text[o]))
    ]


def _keep_ranges(text: str, offsets: list[int]) -> list[int]:
    """No line ends after the en dash of a range ("9 am–1 pm", "8:00–18:00", "Mon–Fri").

    UAX #14 lets a line end after any en dash; a range split there reads as
    an unfinished time ("Sat 9–" / "1 pm"). A range too long for its line is
    still split at graphemes, the last resort.
    """

    def after_a_range_dash(o: int) -> bool:
        """An en dash just before `o`, with no space on either side of it."""
        if not 2 <= o < len(text) or text[o - 1] != "\u2013":
            return False
        return not (text[o - 2].isspace() or text[o].isspace())

    return [o for o in offsets if not after_a_range_dash(o)]


def _address_breaks(text: str) -> list[int]:
    out = []
    for match in _ADDRESS.finditer(text):
        start, end = match.span()
        for i in range(start, end - 1):
            # After the break characters, but not inside "://" or a run of them.
            if text[i] in _ADDRESS_BREAK_AFTER and text[i + 1] not in _ADDRESS_BREAK_AFTER:
                out.append(i + 1)
    return out


_PUNCTUATION = "\"'()[]{}.,;:!?\u201c\u201d\u2018\u2019\u00ab\u00bb"


def is_address(word: str) -> bool:
    return _ADDRESS.match(word) is not None


@functools.cache
def _hyphenator(language: str) -> pyphen.Pyphen | None:
    lang = language.replace("-", "_")
    for candidate in (lang, lang.split("_")[0]):
        if candidate in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=candidate)
    found = pyphen.language_fallback(lang)
    return pyphen.Pyphen(lang=found) if found else None


def hyphenation_points(word: str, language: str) -> list[int]:
    """Offsets inside `word` where a hyphen may be added (none for addresses)."""
    hyphenator = _hyphenator(language or "en")
    core = word.strip(_PUNCTUATION)
    if hyphenator is None or not core.isalpha():
        return []  # not a word: an address, a code, a number
    lead = word.index(core)
    return [lead + p for p in hyphenator.positions(core) if 1 < p < len(core) - 1]


def graphemes(text: str) -> list[int]:
    """Offsets after each grapheme cluster (a last-resort split never cuts one)."""
    offsets, pos = [], 0
    for piece in CharacterBreaker(text, "en"):
        pos += len(piece)
        offsets.append(pos)
    return offsets
