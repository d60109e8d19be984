"""A small library and a real server for the print station's tests."""

from __future__ import annotations

import datetime as dt
import functools
import io
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c
from helpers import handout, library, section, write_content
from pypdf import PdfReader
from waitress import create_server

from handouts.checks.pdf import measure
from handouts.options import StationOptions
from handouts.station.app import create_app

TODAY = dt.date(2026, 11, 25)
PATIENT = "Ada Quinlan-Marsh"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def station_library() -> dict[str, Any]:
    """Four handouts (two topics, two languages, one overdue) and a set of two."""
    data = library(
        handout("sleep-basics", section("Sleep well"), title="Sleep basics", tags=["sleep"]),
        handout("pain-relief", section("Relief"), title="Pain relief", tags=["pain"]),
        handout(
            "dolor-cronico",
            section("El dolor", "Unas palabras sobre el dolor."),
            title="Dolor crónico",
            language="es",
            tags=["dolor"],
        ),
        handout("old-advice", title="Old advice", reviewed="2024-01-15", tags=["pain"]),
    )
    data["sets"] = [
        {"id": "first-visit", "title": "First visit", "handouts": ["sleep-basics", "pain-relief"]}
    ]
    return data


# The words of these handouts are plain words written for the tests (a fluent
# reviewer should check them): one handout in four languages, one more in English.
FAMILY = (
    ("ketamine-care", "en", "After ketamine", ["ketamine", "aftercare"]),
    ("ketamine-care-es", "es", "Después de la ketamina: el sueño", ["ketamina"]),
    ("ketamine-care-hi", "hi", "केटामाइन के बाद", ["केटामाइन"]),
    ("ketamine-care-ko", "ko", "케타민 주입 후", ["케타민"]),
)


def family_library() -> dict[str, Any]:
    """A handout with three translations, each tagged in its own language, and a
    handout on another topic whose title needs case folding ("Straße")."""
    copies = [
        handout(
            hid,
            section(title, f"{title}."),
            title=title,
            language=tag,
            tags=tags,
            **({"translation_of": "ketamine-care"} if tag != "en" else {}),
        )
        for hid, tag, title, tags in FAMILY
    ]
    street = handout("noise", section("Noise"), title="Straße noise and sleep", tags=["sleep"])
    words = {"disclaimer": "Ab ab ab.", "tagline": "Ab", "accreditation": "Ab"}
    translations = {tag: words for _, tag, _, _ in FAMILY if tag != "en"}
    return library(*copies, street, translations=translations)


def station_content(folder: Path, data: dict | None = None) -> Path:
    return write_content(folder, data or station_library())


def station_app(content: Path):
    return create_app(StationOptions(content=content), today=lambda: TODAY)


@contextmanager
def running_station(content: Path) -> Iterator[str]:
    """The station served by waitress on a free loopback port, in this process."""
    server = create_server(station_app(content), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


Char = tuple[int, str, float, tuple[float, float, float, float]]


def pdf_chars(pdf: bytes) -> list[Char]:
    """(page, character, size, bounds) of every drawn character but spaces.

    Read as the print checks read them (`checks.pdf.measure`, held against
    pdfminer in tests/test_measure.py). The last PDFs read are kept: the same
    clean PDF is compared with each of its stamped copies.
    """
    return list(_chars(pdf))


@functools.lru_cache(maxsize=16)
def _chars(pdf: bytes) -> tuple[Char, ...]:
    return tuple((g.page - 1, g.text, g.size, g.box) for g in measure(pdf).glyphs)


def stamped_chars(clean: bytes, stamped: bytes) -> list[Char]:
    """The characters a stamp added to a clean PDF (same page, text and size counted off)."""
    before = Counter((p, t, s) for p, t, s, _ in pdf_chars(clean))
    out = []
    for p, t, s, box in pdf_chars(stamped):
        if before[(p, t, s)]:
            before[(p, t, s)] -= 1
        else:
            out.append((p, t, s, box))
    return out


def drawn_rules(pdf: bytes) -> list[tuple[int, float, float, float]]:
    """(page, left, y, right) of every thin horizontal line drawn (pypdfium2)."""
    doc = pypdfium2.PdfDocument(pdf)
    out = []
    for index in range(len(doc)):
        for obj in doc[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            left, bottom, right, top = obj.get_bounds()
            if top - bottom < 2.5 and right - left > 30:
                out.append((index, left, (top + bottom) / 2, right))
    return out
