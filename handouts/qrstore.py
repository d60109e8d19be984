"""QR codes kept between builds by the address they encode.

ReportLab's encoder is pure Python, about 9 ms a code, and the catalogue of
a library of 1,000 handouts is rewritten whenever one handout changes: it
spent 9 s encoding the same addresses as last time. The codes it printed
are kept in the build's cache folder (beside the parse cache) as rows of
0s and 1s, with the encoder's version; an entry that is not a well-formed
code is encoded again. Like the parse cache, the folder is exactly as
trusted as the content: whoever can write it can change the handouts. A
folder reached through a symlink (the cache folder or its qr/) is neither
read nor written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .atomicfile import write_atomic
from .buildstate import linked_folder, parse_json, read_bytes
from .diagnostics import EnvironmentProblem
from .parsecache import prepare
from .render.flowables import QR_ENCODER, Modules

FOLDER = "qr"  # a subfolder: the parse cache prunes the *.json files of its own
FILE = "codes.json"
FORMAT = f"handouts-qr-1 {QR_ENCODER} level-M"
_SIZES = frozenset(17 + 4 * version for version in range(1, 41))


def load(cache: Path) -> dict[str, Modules]:
    """The codes kept last time; nothing if the file is missing, damaged or old."""
    if _linked(cache):
        return {}
    data: Any = parse_json(read_bytes(cache / FOLDER / FILE))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    codes = data.get("codes")
    if not isinstance(codes, dict):
        return {}
    return {text: modules for text, rows in codes.items() if (modules := _modules(rows))}


def save(cache: Path, codes: dict[str, Modules], kept: dict[str, Modules]) -> None:
    """Keep `codes` (this build's) in place of `kept` (the last); a folder that
    cannot be written only makes the next build slower."""
    if codes == kept or _linked(cache):
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


def _linked(cache: Path) -> bool:
    return linked_folder(cache / FOLDER, cache.parent) is not None


def _modules(rows: object) -> Modules | None:
    """A square of '0'/'1' rows of a QR code's size, or None."""
    if not isinstance(rows, list) or len(rows) not in _SIZES:
        return None
    n = len(rows)
    if not all(isinstance(r, str) and len(r) == n and not r.strip("01") for r in rows):
        return None
    return tuple(tuple(ch == "1" for ch in row) for row in rows)
