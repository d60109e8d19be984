"""How long hostile input costs: seconds per case, refused or built.

    python benchmarks/hostile_input.py

Each case is built once from a fresh folder through the library API and
printed as one JSON line (case, seconds, outcome). The target (SECURITY.md)
is "no case slower than a few seconds": hostile input is refused before
layout, and what is accepted is bounded by `handouts.load.Limits`.
Timings live here, not in tests: shared machines are noisy.
"""

from __future__ import annotations

import json
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers import build_into, handout, library, section  # noqa: E402

from handouts.options import Limits  # noqa: E402


def _words(n: int) -> str:
    return " ".join(["rest"] * n) + "."


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def _big_file() -> str:
    one = handout("x", section("Part", _words(200)))
    handouts = [{**one, "id": f"h{i}"} for i in range(300)]
    return json.dumps(library(*handouts))  # JSON is YAML: about 0.5 MB, 300 handouts


def _bomb_image(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.png").write_bytes(_png(100_000, 100_000))
    return library(handout("one", section("Look", {"image": {"src": "bomb.png", "alt": "x"}})))


CASES: dict[str, Callable[[Path], dict | str]] = {
    "alias bomb (10^9 values)": lambda _: _alias_bomb(),
    "40,000-word paragraph": lambda _: library(handout("big", section("L", _words(40_000)))),
    "3,000-word paragraph (at the limit)": lambda _: library(
        handout("big", section("L", _words(3_000)))
    ),
    "20,000 bullets": lambda _: library(
        handout("b", section("B", {"bullets": ["Rest."] * 20_000}))
    ),
    "1,400 bullets (at the limit)": lambda _: library(
        handout("b", section("B", {"bullets": ["Rest."] * 1_400}))
    ),
    "10,000-character word": lambda _: library(handout("w", section("W", "x" * 10_000))),
    "3,000-word footer disclaimer, 40 pages": lambda _: library(
        handout("f", *[section(f"S{i}", _words(300)) for i in range(40)]),
        disclaimer_short=_words(3_000),
    ),
    "deep nesting (10,000 levels)": lambda _: "[" * 10_000 + "]" * 10_000,
    "image declaring 10^10 pixels": _bomb_image,
    "0.5 MB file, 300 handouts": lambda _: _big_file(),
}


def main() -> None:
    for name, make in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "content"
            data = make(folder)
            start = time.perf_counter()
            report = build_into(folder, data, limits=Limits())
            seconds = time.perf_counter() - start
        outcome = (
            f"{len(report.outputs)} PDFs, {seconds / len(report.outputs):.2f} s each"
            if report.outputs
            else f"refused: {report.diagnostics[0].message[:70]}"
        )
        print(json.dumps({"case": name, "seconds": round(seconds, 2), "outcome": outcome}))


if __name__ == "__main__":
    main()
