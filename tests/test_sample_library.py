"""The sample library is what new users copy and what the demos print.

It must stay valid as the model evolves, show every kind of block, read at
the plain-language targets it sets for itself, and ship assets that print well.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from svglib.svglib import svg2rlg

from handouts.checks import check_library
from handouts.checks.results import Status
from handouts.load import load_file
from handouts.model import BLOCK_KINDS, Library
from handouts.validate import Validated, validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def validated() -> Validated:
    source = load_file(ROOT / "content.yaml")
    result = validate(source.data, source.source_map, ROOT)
    assert [str(d) for d in result.diagnostics] == []
    assert result.library is not None
    return result


@pytest.fixture(scope="module")
def library(validated: Validated) -> Library:
    assert validated.library is not None
    return validated.library


def test_sample_library_has_its_handouts(library: Library) -> None:
    assert list(library.by_id) == [
        "ketamine-pain-relief",
        "first-infusion-visit",
        "sleep-and-pain",
        "sleep-and-pain-es",
        "after-your-infusion",
    ]
    assert library.by_id["sleep-and-pain-es"].language == "es"
    # Every format is shown by at least one sample handout.
    formats = {f for h in library.handouts for f in (h.formats or ["handout"])}
    assert formats == {"handout", "trifold", "bifold"}
    assert library.clinic.name == "Harbor Light Behavioral Health"


def test_sample_library_shows_every_block_kind(library: Library) -> None:
    used = {
        block.kind
        for handout in library.handouts
        for block in [*handout.intro, *(b for s in handout.sections for b in s.body)]
    }
    assert used == set(BLOCK_KINDS)


def test_sample_handouts_meet_their_plain_language_targets(validated: Validated) -> None:
    assert validated.library is not None
    settings = validated.library.checks
    assert (settings.max_grade, settings.smog_limit) == (6, 8.5)
    # Content rules only: no PDFs are passed, so the print rules are skipped.
    report = check_library(validated, today=dt.date(2026, 11, 25))
    failing = {
        (h.handout, r.rule): r.summary
        for h in report.handouts
        for r in h.results
        if r.status not in (Status.PASS, Status.SKIP)
    }
    assert failing == {}


def test_logo_is_text_free_square_svg() -> None:
    # Fonts in an SVG would not embed through svglib, so the mark is shapes only.
    root = ET.parse(ROOT / "assets" / "logo.svg").getroot()
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert not tags & {"text", "tspan", "image", "font"}
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert width == height
    drawing = svg2rlg(str(ROOT / "assets" / "logo.svg"))
    assert drawing is not None and drawing.width == drawing.height > 0


def test_images_print_sharp_at_full_width(library: Library) -> None:
    # 1200 px across a 7.5 in column is 160 dpi: sharp on an office printer.
    sources = [
        block.image.src
        for handout in library.handouts
        for section in handout.sections
        for block in section.body
        if block.image is not None
    ]
    assert sources
    for src in sources:
        with Image.open(ROOT / src) as image:
            assert image.width >= 1200, src


def test_every_sample_file_embeds_all_its_fonts(sample_build) -> None:
    """Logos and tables draw through ReportLab code that defaults to Helvetica."""
    from pypdf import PdfReader

    report = sample_build
    assert report.catalogue is not None
    files = sorted(report.catalogue.parent.glob("*.pdf"))
    assert report.outputs and len(files) == len(report.outputs) + 1  # and the catalogue
    for path in files:
        for page in PdfReader(path).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                name = str(font["/BaseFont"])
                assert "Atkinson" in name, f"{path.name}: {name}"
                if font["/Subtype"] == "/Type0":  # the text engine's CID fonts
                    font = font["/DescendantFonts"][0].get_object()
                assert "/FontFile2" in font["/FontDescriptor"], f"{path.name}: {name}"
        assert b"Helvetica" not in path.read_bytes(), path.name
