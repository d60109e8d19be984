"""How long hostile input costs: seconds per case, refused or built.

    python benchmarks/hostile_input.py

Each case is built once from a fresh folder through the library API, in a
process of its own, and printed as one JSON line: case, seconds, peak
memory in MB of that process (about 100 MB of it the imports), outcome.
SECURITY.md states the worst case of each limit from these figures. The
target is "no case slower than a few seconds": hostile input is refused
before layout, and what is accepted is bounded by `handouts.load.Limits`.
Timings live here, not in tests: shared machines are noisy.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
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

from handouts.api import build  # noqa: E402
from handouts.diagnostics import EnvironmentProblem  # noqa: E402
from handouts.options import BuildOptions, Limits  # noqa: E402


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


def _with_logo(folder: Path, svg: str) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.svg").write_text(svg)
    return library(handout("one"), logo="logo.svg")


_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">{}</svg>'


def _use_fan_out(folder: Path) -> dict:
    groups = '<g id="a0"><rect width="1" height="1"/></g>' + "".join(
        f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 8)
    )
    return _with_logo(folder, _SVG.format(groups))  # 89 KB, 10^7 shapes drawn


def _shapes(n: int) -> str:
    return "".join(f'<rect x="{i % 40}" y="{i % 37}" width="1" height="1"/>' for i in range(n))


def _pictures(folder: Path, count: int, side: int) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    blocks = []
    for i in range(count):
        from PIL import Image

        Image.new("L", (side, side), 128).save(folder / f"p{i}.png")
        blocks.append({"image": {"src": f"p{i}.png", "alt": "A grey square"}})
    return library(handout("pics", section("Look", *blocks)))


def _special_content(folder: Path, make: Callable[[Path], None]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    make(folder / "content.yaml")


def _nested_folders(folder: Path, pattern: str, depth: int = 12) -> dict:
    here = folder
    for i in range(depth):
        here = here / f"d{i}"
        here.mkdir(parents=True)
        for j in range(4):
            (here / f"n{j}.txt").write_text("x")
    data = library(handout("one"))
    data["include"] = [pattern]
    return data


def _included_files(folder: Path, n: int) -> dict:
    (folder / "more").mkdir(parents=True)
    for i in range(n):
        (folder / "more" / f"h{i}.yaml").write_text("handouts: []\n")
    data = library(handout("one"))
    data["include"] = ["more/**/*.yaml"]
    return data


def _huge_font(folder: Path) -> dict:
    (folder / "fonts").mkdir(parents=True)
    with (folder / "fonts" / "Big.ttf").open("wb") as f:
        f.truncate(3 * 1024**3)  # sparse
    fonts = {"body": {"regular": "fonts/Big.ttf", "bold": "fonts/Big.ttf"}}
    return library(handout("one"), fonts=fonts)


CASES: dict[str, Callable[[Path], dict | str | None]] = {
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
    "10 MiB of tiny flow values": lambda _: "handouts: [" + ",".join(["a"] * 5_242_000) + "]\n",
    "content.yaml is /dev/zero": lambda f: _special_content(f, lambda p: p.symlink_to("/dev/zero")),
    "content.yaml is a FIFO": lambda f: _special_content(f, os.mkfifo),
    "include **/**/** over 12 nested folders": lambda f: _nested_folders(f, "**/**/**/*.yaml"),
    "include ** over 12 nested folders": lambda f: _nested_folders(f, "**/*.yaml"),
    "include 1,000 files (at the limit)": lambda f: _included_files(f, 1_000),
    "SVG <use> fan-out (89 KB, 10^7 shapes)": _use_fan_out,
    "SVG of 13 MB plain shapes": lambda f: _with_logo(f, _SVG.format(_shapes(250_000))),
    "SVG of 1,999 shapes (at the limit)": lambda f: _with_logo(f, _SVG.format(_shapes(1_999))),
    "SVG of one 10 MB path": lambda f: _with_logo(
        f, _SVG.format('<path d="M 0 0 ' + "L 1 2 " * 1_700_000 + 'Z"/>')
    ),
    "16 pictures of 49 megapixels": lambda f: _pictures(f, 16, 7_000),
    "2 pictures of 49 megapixels (at the limit)": lambda f: _pictures(f, 2, 7_000),
    "3 GB font file (sparse)": _huge_font,
}


def main() -> None:
    """Each case in a forked process of its own: its peak memory is its own."""
    fork = multiprocessing.get_context("fork")
    for name, make in CASES.items():
        child = fork.Process(target=_run, args=(name, make))
        child.start()
        child.join(timeout=600)
        if child.is_alive():
            child.kill()
            print(json.dumps({"case": name, "outcome": "still running after 600 s"}))


def _run(name: str, make: Callable[[Path], dict | str | None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        data = make(folder)
        start = time.perf_counter()
        try:
            outcome = _outcome(_build(folder, data))
        except EnvironmentProblem as exc:
            outcome = f"refused (exit 2): {str(exc)[-70:]}"
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    line = {"case": name, "seconds": round(seconds, 2), "peak_mb": peak, "outcome": outcome}
    print(json.dumps(line), flush=True)


def _build(folder: Path, data: dict | str | None):
    if data is not None:
        return build_into(folder, data, limits=Limits())
    options = BuildOptions(content=folder / "content.yaml", out_dir=folder / "out")
    return build(options)


def _outcome(report) -> str:
    if report.outputs:
        return f"{len(report.outputs)} PDFs, {report.seconds / len(report.outputs):.2f} s each"
    return f"refused: {report.diagnostics[0].message[:70]}"


if __name__ == "__main__":
    main()
