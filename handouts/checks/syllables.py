"""Syllables of English words the CMU Pronouncing Dictionary does not know.

Drug and condition names are exactly the words the dictionary lacks, and
hyphenation points undercount them ("ketamine" has two points, three
syllables). Two sources fill the gap, in this order:

1. `data/medical_syllables.tsv`: common medicine and condition names with
   their syllables counted by hand from their pronunciation.
2. A learned estimator. Each run of vowel letters ("a", "ia", "ee", a final
   "e") adds what its spelling context says it is worth: the run alone, with
   the letters after it, before it, and both. The weights in
   `data/syllable_weights.tsv` were fitted by least squares on the dictionary,
   with a few thousand words held out (stratified by length) to measure it;
   `benchmarks/syllables.py` refits them and prints the accuracy against the
   hyphenation baseline.
"""

from __future__ import annotations

import functools
import re

from .data import rows

_LETTERS = re.compile(r"[^a-z]")
_VOWEL_RUN = re.compile(r"[aeiouy]+")


def letters(word: str) -> str:
    """The word as the estimator reads it: lower-case a to z only."""
    return _LETTERS.sub("", word.lower())


def features(word: str) -> list[list[str]]:
    """For each vowel run, its spelling contexts from the narrowest to the widest.

    `^` marks the word's start and `$` its end, so a final "e" (usually
    silent) and a final "ed" read differently from the same letters inside.
    """
    padded = f"^^{word}$$"
    out = []
    for run in _VOWEL_RUN.finditer(padded):
        start, end, group = run.start(), run.end(), run.group()
        before, after = padded[start - 2 : start], padded[end : end + 2]
        out.append(
            [
                f"{group}",
                f"{group}>{after[:1]}",
                f"{before[-1:]}<{group}",
                f"{before[-1:]}<{group}>{after[:1]}",
                f"{before}<{group}>{after}",
                f"{before[-1:]}<{group}>{after}",
                f"{before}<{group}>{after[:1]}",
            ]
        )
    return out


@functools.cache
def weights() -> dict[str, float]:
    return {row["feature"]: float(row["weight"]) for row in rows("syllable_weights.tsv")}


def predict(word: str, table: dict[str, float]) -> float:
    """The estimate before rounding: each vowel run's context weights, summed."""
    return sum(table.get(f, 0.0) for run in features(word) for f in run)


def estimate(word: str) -> int:
    """Syllables of an English word by its spelling (at least one)."""
    plain = letters(word)
    return max(1, round(predict(plain, weights()))) if plain else 1


@functools.cache
def medical() -> dict[str, int]:
    """Hand-counted syllables of medicine and condition names, by lower-case word."""
    return {row["word"]: int(row["syllables"]) for row in rows("medical_syllables.tsv")}
