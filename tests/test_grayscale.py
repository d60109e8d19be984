"""--grayscale saves toner: DeviceGray only, black words, no large solid fills.

Read from the PDF: every colour operator of pages and their forms, image
colour spaces, each character's fill colour (pdfminer), and the ink
coverage of a pypdfium2 render against the colour build.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from helpers import ROOT, build_into, handout, layout_items, library, section
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextLine

from handouts.api import open_project, render_pdf
from handouts.checks.ink import colour_operators, page_coverage
from handouts.layouts.catalogue import catalogue_rows, render_catalogue
from handouts.options import RenderOptions

GRAY = RenderOptions(grayscale=True)


@pytest.fixture(scope="module")
def builds(sample_build, sample_built) -> dict[str, tuple[bytes, bytes]]:
    """Every sample handout in every format it lists (as the sample builds wrote
    them, in colour and in grayscale), then the catalogue (laid out alone)."""
    gray = {(o.handout, o.format): o.path for o in sample_built("grayscale").outputs}
    out = {
        f"{o.handout}.{o.format}": (o.path.read_bytes(), gray[o.handout, o.format].read_bytes())
        for o in sample_build.outputs
    }
    assert len(out) == len(gray)
    project, _ = open_project(ROOT / "content.yaml")
    rows = catalogue_rows(project.library, {})
    theme, settings = project.theme, project.library.settings
    out["catalogue"] = tuple(
        render_catalogue(rows, theme, settings, o).rendered.data for o in (RenderOptions(), GRAY)
    )
    return out


def test_every_sample_writes_only_device_gray(builds):
    for name, (_, gray) in builds.items():
        assert colour_operators(gray) == [], name


def test_the_colour_build_is_a_witness_for_the_colour_check(builds):
    colour, _ = builds["catalogue"]
    assert any(
        " rg " in op or op.split(": ")[1].startswith("rg") for op in colour_operators(colour)
    )


def test_grayscale_takes_at_most_half_the_toner_of_colour(builds):
    """Coverage from a 144 dpi render, each sample document as a whole.

    The catalogue is mostly words (nine cards), which grayscale keeps black,
    and its coloured titles turn black too: it is held to less toner than
    colour, not to half (0.65 of colour with the nine sample handouts).
    """
    for name, (colour, gray) in builds.items():
        c, g = sum(page_coverage(colour, 2)), sum(page_coverage(gray, 2))
        share = 1.0 if name == "catalogue" else 0.5
        assert g <= share * c, (name, round(g / c, 3))


def test_words_stay_black_in_grayscale(builds):
    for name, (_, gray) in builds.items():
        colours = {
            (c.get_text(), _level(c.graphicstate.ncolor))
            for page in extract_pages(io.BytesIO(gray))
            for c in layout_items(page, LTChar)
        }
        # Bullets are marks in the accent's gray, not words.
        assert {(t, lvl) for t, lvl in colours if lvl != 0 and t != "\u2022"} == set(), name


def _level(color) -> float:
    values = color if isinstance(color, tuple | list) else (color,)
    return round(max(values), 3)


def test_large_brand_fills_become_outlined_paper(builds):
    """The header band and the tri-fold's cover panel: dark in colour, near white in gray."""
    for name, box in (
        ("ketamine-pain-relief.handout", "band"),
        ("ketamine-pain-relief.trifold", "cover"),
    ):
        colour, gray = builds[name]
        assert _paper(colour, box) < 0.2 and _paper(gray, box) > 0.6, name


# Regions as shares of page 1 (left, top, right, bottom), dark in colour.
REGIONS = {
    "band": (0.3, 0.07, 0.6, 0.12),  # page 1's header band, right of the logo
    "cover": (0.72, 0.6, 0.95, 0.8),  # the tri-fold's cover panel, below its title
    "large band": (0.3, 0.1, 0.6, 0.2),  # large print's taller band
}


def _paper(pdf: bytes, box: str, page_index: int = 0) -> float:
    """Share of a region's pixels left (nearly) paper white; words are a few per cent."""
    page = pdfium.PdfDocument(pdf)[page_index]
    image = page.render(scale=1).to_pil().convert("L")
    w, h = image.size
    left, top, right, bottom = REGIONS[box]
    region = image.crop((int(w * left), int(h * top), int(w * right), int(h * bottom)))
    histogram = region.histogram()
    return sum(histogram[240:]) / sum(histogram)


def test_pictures_and_logo_are_device_gray_images(tmp_path):
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    picture = {"image": {"src": "assets/sleep-night.png", "alt": "A bedroom", "width": 0.4}}
    data = library(handout("g", section("S", picture)), logo="assets/logo.svg", logo_alt="Logo")
    report = build_into(tmp_path, data, render=GRAY)
    assert report.diagnostics == []
    pdf = report.outputs[0].path.read_bytes()
    assert b"/DeviceGray" in pdf and b"/DeviceRGB" not in pdf
    assert colour_operators(pdf) == []


def test_the_catalogue_follows_the_grayscale_option(sample_built):
    report = sample_built("grayscale")
    assert report.catalogue is not None
    assert colour_operators(Path(report.catalogue).read_bytes()) == []


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_large_print_writes_gray_with_black_words_on_outlined_paper(paper):
    """Its band and call to action were solid brand colour with white words: in
    grayscale they are paper, and every word on them black (none black on black)."""
    project, _ = open_project(ROOT / "content.yaml")
    sleep = project.library.by_id["sleep-and-pain"]
    colour, gray = (
        render_pdf(project, sleep, "large-print", RenderOptions(paper=paper, grayscale=g)).data
        for g in (False, True)
    )
    assert colour_operators(gray) == []
    assert _paper(colour, "large band") < 0.2 and _paper(gray, "large band") > 0.6
    pages = list(extract_pages(io.BytesIO(gray)))
    words = {
        (c.get_text(), _level(c.graphicstate.ncolor))
        for p in pages
        for c in layout_items(p, LTChar)
    }
    assert {(t, lvl) for t, lvl in words if lvl != 0 and t != "\u2022"} == set()
    cta = [
        ln
        for p in pages
        for ln in layout_items(p, LTTextLine)
        if "Want help with sleep" in ln.get_text()
    ]
    assert cta  # the call to action prints, black on paper (a dark fill under it is a witness)
    (page,) = {i for i, p in enumerate(pages) for ln in layout_items(p, LTTextLine) if ln in cta}
    image = pdfium.PdfDocument(gray)[page].render(scale=1).to_pil().convert("L")
    line = cta[0]
    height = image.size[1]
    around = image.crop(
        (int(line.x0), int(height - line.y1 - 12), int(line.x1), int(height - line.y1 - 4))
    )
    assert sum(around.histogram()[240:]) / (around.width * around.height) > 0.9
