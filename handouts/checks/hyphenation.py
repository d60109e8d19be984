"""Hyphenation points by Liang's patterns, read lazily from Pyphen's dictionaries.

Pyphen parses all 11,000 English patterns (0.06 s) before it can split one
word, and a build of one handout needs it for the handful of words the
pronouncing dictionary lacks: that was a tenth of the command's start-up. Here
the pattern lines are indexed by their letters (one `translate` per line) and
a pattern's digits are read only when a word contains it. The algorithm, the
pattern files and the left/right minimums (2 and 2) are Pyphen's; a test
compares the two over thousands of words.
"""

from __future__ import annotations

import functools
import re

import pyphen

LEFT = RIGHT = 2  # Pyphen's defaults: no point before the 2nd or after the 2nd-to-last letter
_DIGITS = str.maketrans("", "", "0123456789")
_KEYWORDS = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUND", "NEXTLEVEL", "NOHYPHEN")
_PAIRS = re.compile(r"(\d?)(\D?)")


@functools.cache
def _patterns(language: str) -> tuple[dict[str, str], int]:
    """Pattern lines by their letters, and the longest pattern's length."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    head, _, body = path.read_bytes().partition(b"\n")
    encoding = head.decode("ascii").strip()  # hunspell: the first line names it
    lines = (line.strip() for line in body.decode(encoding).split("\n"))
    index = {
        line.translate(_DIGITS): line for line in lines if line and not line.startswith(_KEYWORDS)
    }
    return index, max(map(len, index))


@functools.cache
def _values(line: str) -> tuple[int, tuple[int, ...]] | None:
    """A pattern's digits, trimmed of zeros at both ends, with where they start."""
    values = [int(digit or 0) for digit, _ in _PAIRS.findall(line)]
    if not any(values):
        return None
    start = next(i for i, v in enumerate(values) if v)
    end = len(values) - next(i for i, v in enumerate(reversed(values)) if v)
    return start, tuple(values[start:end])


def points(word: str, language: str) -> list[int]:
    """Where `word` may be hyphenated (Pyphen's `positions`)."""
    index, longest = _patterns(language)
    pointed = f".{word.lower()}."
    levels = [0] * (len(pointed) + 1)
    for i in range(len(pointed) - 1):
        for j in range(i + 1, min(i + longest, len(pointed)) + 1):
            line = index.get(pointed[i:j])
            found = _values(line) if line else None
            if found:
                offset, values = found
                for k, value in enumerate(values, i + offset):
                    levels[k] = max(levels[k], value)
    last = len(word) - RIGHT
    return [i - 1 for i, level in enumerate(levels) if level % 2 and LEFT <= i - 1 <= last]
