"""Tiny builders for content, so a test reads like the behaviour it checks."""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import hashlib
import io
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextLine
from pypdf import PdfReader

from handouts import cli
from handouts.api import BuildReport, build
from handouts.labels import ENGLISH, table
from handouts.options import BuildOptions, RenderOptions

ROOT = Path(__file__).resolve().parent.parent

CLINIC: dict[str, Any] = {
    "name": "Harbor Light Behavioral Health",
    "tagline": "Whole-person care for pain, mood and recovery",
    "colors": {"primary": "#1B4965", "accent": "#F4A259"},
    "contact": {
        "phone": "(555) 010-0199",
        "website": "https://harborlight.example",
        "address": "1200 Harbor Way, Bayview",
    },
    "accreditation": "Accredited behavioral health provider",
    "disclaimer": "This handout is general information, not medical advice. Ask your care team.",
}


# CLINIC's own words in Spanish, for libraries with Spanish handouts that should
# build without the warning about the clinic's words printing in English.
SPANISH_WORDS: dict[str, Any] = {
    "es": {
        "tagline": "Atención integral para el dolor, el ánimo y la recuperación",
        "accreditation": "Proveedor acreditado de salud conductual",
        "disclaimer": "Esta hoja es información general, no un consejo médico. "
        "Pregunte a su equipo de atención.",
    }
}


# Labels a language writes exactly as English does, on purpose.
LOANWORDS = {("fr", "warning"), ("fr", "date_label"), ("tl", "date_format")}


def english_label_strings(tag: str) -> list[tuple[str, str]]:
    """(key, English text as printed) of every label the language writes otherwise."""
    own = dict(table(tag).printed())
    out = []
    for key, text in ENGLISH.printed():
        if own[key] == text or (tag, key) in LOANWORDS or key == "date_format":
            continue
        if key == "page":
            text = ENGLISH.page_number(1)
        elif key == "reviewed":
            text = text.replace(" {date}", "")
        elif key == "contact":
            text = text.replace(" {clinic}", "")
        out.append((key, text))
    return out


def section(heading: str, *body: Any) -> dict[str, Any]:
    return {"heading": heading, "body": list(body) or ["Some words about this."]}


def bullets(*items: str) -> dict[str, Any]:
    return {"bullets": list(items)}


def handout(hid: str = "sample", *sections: dict, **fields: Any) -> dict[str, Any]:
    out = {
        "id": hid,
        "title": f"About {hid}",
        "reviewed": "2026-10-01",
        "summary": ["**Main point:** a short summary."],
        "sections": list(sections) or [section("What is it?")],
        "call_to_action": "Call us to talk about your care.",
    }
    out.update(fields)
    return out


def library(*handouts: dict, **clinic: Any) -> dict[str, Any]:
    c = copy.deepcopy(CLINIC)
    c.update(clinic)
    return {"clinic": c, "handouts": list(handouts) or [handout()]}


def long_handout(hid: str = "long", n: int = 8) -> dict[str, Any]:
    """A handout that takes more than one page."""
    text = (
        "Relief can come fast for some people. It may fade over days or weeks. "
        "Your care team will plan the next steps with you and check how you feel."
    )
    return handout(
        hid,
        *[
            section(f"Part {i + 1}", text, bullets("**Sleep:** rest well.", "**Move:** walk."))
            for i in range(n)
        ],
        tags=["pain", "ketamine"],
    )


def write_content(folder: Path, data: dict | str, name: str = "content.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = (
        data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    )
    path.write_text(text, encoding="utf-8")
    return path


def build_into(folder: Path, data: dict | str, **options: Any) -> BuildReport:
    content = write_content(folder, data)
    render = options.pop("render", None) or RenderOptions(paper=options.pop("paper", "letter"))
    return build(BuildOptions(content=content, out_dir=folder / "out", render=render, **options))


def page_texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run generate.py as a user would, in a fresh process."""
    return subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_main(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the command line in this process: its exit code and what it prints.

    The same `cli.main` that generate.py calls, on the same words, in `cwd`,
    without the second of imports a fresh process costs. Its logging setup
    runs as in a fresh process (the root logger's handlers are set aside, so
    `-v` lines reach the captured stderr) and what it tunes for its own
    process (the logging levels, the cycle collector) is put back after.
    Tests about the process itself (its environment, its import path,
    signals, the generate.py shell) use `run_cli`.
    """
    out, err = io.StringIO(), io.StringIO()
    root, ours = logging.getLogger(), logging.getLogger("handouts")
    handlers, levels, threshold = root.handlers[:], (root.level, ours.level), gc.get_threshold()
    root.handlers.clear()
    try:
        with (
            contextlib.chdir(cwd),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = cli.main(list(args))
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(levels[0])
        ours.setLevel(levels[1])
        gc.set_threshold(*threshold)
    return subprocess.CompletedProcess(["handouts", *args], code, out.getvalue(), err.getvalue())


def layout_items(item, kind: type) -> list:
    """Every `kind` (LTChar, LTImage, LTCurve, ...) inside a pdfminer layout item."""
    if isinstance(item, kind):
        return [item]
    if not hasattr(item, "__iter__"):
        return []
    return [found for child in item for found in layout_items(child, kind)]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as pdfminer groups it: its words, where, its letters' sizes."""

    page: int  # from 0
    text: str  # pdfminer's, with its spaces and newline
    x0: float
    y0: float
    x1: float
    y1: float
    sizes: tuple[float, ...]  # of its visible characters, in order


_LINES: dict[str, tuple[Line, ...]] = {}


def text_lines(path: Path) -> tuple[Line, ...]:
    """Every text line of a PDF, page by page, parsed once per run and content.

    Several tests read the lines of the same sample PDFs; the lines (not
    pdfminer's layout objects, over a megabyte a page) are kept by the
    file's sha256. Lines are pdfminer's own; boxes_flow=None skips ordering the text
    boxes, which no line depends on.
    """
    data = Path(path).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _LINES:
        _LINES[key] = tuple(
            Line(
                number,
                line.get_text(),
                line.x0,
                line.y0,
                line.x1,
                line.y1,
                tuple(c.size for c in line if isinstance(c, LTChar) and c.get_text().strip()),
            )
            for number, page in enumerate(
                extract_pages(io.BytesIO(data), laparams=LAParams(boxes_flow=None))
            )
            for line in layout_items(page, LTTextLine)
        )
    return _LINES[key]


def pdf_layout(path: Path) -> tuple[LTPage, ...]:
    """pdfminer's pages of a PDF (default layout analysis), parsed once while it is unchanged.

    For files whose tests walk the same PDFs again and again (pagination,
    right to left, emergency lines); the last 64 PDFs are kept.
    """
    stat = Path(path).stat()
    return _layout(Path(path), (stat.st_ino, stat.st_size, stat.st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _layout(path: Path, _stamp: tuple[int, int, int]) -> tuple[LTPage, ...]:
    return tuple(extract_pages(path))
