"""QR codes kept between builds by the address they encode.

ReportLab's encoder is pure Python, about 9 ms a code, and the catalogue of
a library of 1,000 handouts is rewritten whenever one handout changes: it
spent 9 s encoding the same addresses as last time. The codes it printed
are kept in the build's cache folder (beside the parse cache) as rows of
0s and 1s, with the encoder's version; an entry that is not a well-formed
code is encoded again. Like the parse cache, the folder is exactly as
trusted as the content: whoever can write it can change the handouts.
"""

from __future__ import annotations

import json
from pathlib import Path

from .atomicfile import write_atomic
from .diagnostics import EnvironmentProblem
from .parsecache import prepare
from .render.flowables import QR_ENCODER, Modules

FOLDER = "qr"  # a subfolder: the parse cache prunes the *.json files of its own
FILE = "codes.json"
FORMAT = f"handouts-qr-1 {QR_ENCODER} level-M"
_SIZES = frozenset(17 + 4 * version for version in range(1, 41))


def load(cache: Path) -> dict[str, Modules]:
    """The codes kept last time; nothing if the file is missing, damaged or old."""
    try:
        data = json.loads((cache / FOLDER / FILE).read_bytes())
        if data["format"] != FORMAT:
            return {}
        return {
            text: modules
            for text, rows in data["codes"].items()
            if isinstance(text, str) and (modules := _modules(rows)) is not None
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save(cache: Path, codes: dict[str, Modules], kept: dict[str, Modules]) -> None:
    """Keep `codes` (this build's) in place of `kept` (the last); a folder that
    cannot be written only makes the next build slower."""
    if codes == kept:
        return
    rows = {
        text: ["".join("1" if dark else "0" for dark in row) for row in modules]
        for text, modules in sorted(codes.items())
    }
    try:
        prepare(cache)
        data = json.dumps({"format": FORMAT, "codes": rows}, separators=(",", ":"))
        write_atomic(cache / FOLDER / FILE, data.encode())
    except EnvironmentProblem:
        pass


def _modules(rows: object) -> Modules | None:
    """A square of '0'/'1' rows of a QR code's size, or None."""
    if not isinstance(rows, list) or len(rows) not in _SIZES:
        return None
    n = len(rows)
    if not all(isinstance(r, str) and len(r) == n and not r.strip("01") for r in rows):
        return None
    return tuple(tuple(ch == "1" for ch in row) for row in rows)
