"""What counting words with their combining marks costs (handouts/sentences.py).

    python benchmarks/word_pattern.py

Python's `\\w` leaves out combining marks, so `check` counts words with a
class of letters, digits and every combining mark of the Basic Multilingual
Plane. This prints, for Vietnamese and Hindi prose, the time of that pattern
and of a class that also takes the marks beyond the BMP, each as a ratio to
plain `\\w+` (which miscounts Hindi). Expect the BMP class near 1x and the
wider one several times slower: a class reaching past U+FFFF is no longer
looked up in a table.
"""

from __future__ import annotations

import re
import sys
import timeit
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handouts import sentences

TEXTS = {
    "Vietnamese": "Hôm nay hãy nghỉ ngơi ở nhà, uống nhiều nước và gọi cho chúng tôi. " * 60,
    "Hindi": "आज घर पर आराम करें, खूब पानी पिएँ और तबीयत बिगड़े तो हमें फ़ोन करें। " * 60,
}


def _every_plane() -> re.Pattern[str]:
    marks = "".join(
        re.escape(chr(c)) for c in range(0x20000) if unicodedata.category(chr(c))[0] == "M"
    )
    return re.compile(rf"[\w{marks}]+(?:['’-][\w{marks}]+)*")


def _time(pattern: re.Pattern[str], text: str) -> float:
    return min(timeit.repeat(lambda: pattern.findall(text), number=50, repeat=7))


def main() -> None:
    plain = re.compile(r"\w+(?:['’-]\w+)*")
    wide = _every_plane()
    for name, text in TEXTS.items():
        shipped = sentences.word_pattern(text)
        base = _time(plain, text)
        ours, every = _time(shipped, text) / base, _time(wide, text) / base
        counts = f"{len(shipped.findall(text))} words ({len(plain.findall(text))} by \\w)"
        print(f"{name}: {counts}; shipped {ours:.2f}x, every plane {every:.2f}x")


if __name__ == "__main__":
    main()
