"""How well French and Portuguese syllables are counted, against Pyphen.

    python benchmarks/syllables_fr_pt.py

The words are tests/cases/syllables/{fr,pt}.tsv, divided by hand. For each
language it prints the share counted exactly and the mean absolute error of
the spelling rules (handouts/checks/french.py, portuguese.py) and of counting
Pyphen's hyphenation points plus one: with the project's minimums (2 letters
either side, handouts/checks/hyphenation.py) and with Pyphen's smallest (1),
which lets it split off a one-letter syllable (é·cole, sa·ú·de).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyphen  # noqa: E402

from handouts.checks import french, hyphenation, portuguese  # noqa: E402

CASES = ROOT / "tests" / "cases" / "syllables"
LANGUAGES = {"fr": (french.syllables, "fr"), "pt": (portuguese.syllables, "pt_BR")}


def divided(language: str) -> dict[str, int]:
    lines = (CASES / f"{language}.tsv").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("\t") for line in lines if line and not line.startswith("#"))
    return {word: len(division.split("·")) for word, division in pairs if word != "word"}


def by_points(count_points):
    """A counter from hyphenation points: one more syllable than points, per part."""
    return lambda word: sum(count_points(p) + 1 for p in re.split(r"[-'’]", word) if p)


def measure(words: dict[str, int], counter) -> dict[str, float]:
    errors = [abs(counter(w) - n) for w, n in words.items()]
    return {
        "exact_percent": round(100 * errors.count(0) / len(errors), 1),
        "mean_abs_error": round(sum(errors) / len(errors), 3),
    }


def main() -> None:
    out = {}
    for language, (rules, dictionary) in LANGUAGES.items():
        words = divided(language)
        loose = pyphen.Pyphen(lang=dictionary, left=1, right=1)
        counters = {
            "spelling rules": rules,
            "pyphen, 2 letters either side": by_points(
                lambda w, d=dictionary: len(hyphenation.points(w, d))
            ),
            "pyphen, 1 letter either side": by_points(lambda w, p=loose: len(p.positions(w))),
        }
        out[language] = {"words": len(words)} | {
            name: measure(words, counter) for name, counter in counters.items()
        }
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
