"""Brochures use their panels: full-width tables and write-in lines, blocks at
intended gaps on the flap and back, and a check warning for empty panels.

Measured from the PDF with pdfminer: rules' and text's positions per panel.
"""

from __future__ import annotations

import io

import pytest
from helpers import ROOT, handout, layout_items, library, section, write_content
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTCurve, LTTextLine

from handouts.api import open_project, render_pdf
from handouts.checks.run import check_content
from handouts.layouts.brochure import MARGIN
from handouts.options import BuildOptions

TABLE = {
    "table": {
        "header": ["Time", "What happens"],
        "rows": [["First 15 minutes", "We check you in."], ["About 1 hour", "You rest."]],
    }
}
FORM = {"fill_in": ["Next appointment", {"label": "Questions for next time", "lines": 2}]}


def _pages(pdf: bytes):
    return list(extract_pages(io.BytesIO(pdf)))


def _rules(page) -> list[LTCurve]:
    return [r for r in layout_items(page, LTCurve) if abs(r.y1 - r.y0) < 0.5 and r.width > 20]


def _lines(page) -> list[LTTextLine]:
    return [
        ln for box in page if hasattr(box, "__iter__") for ln in box if isinstance(ln, LTTextLine)
    ]


@pytest.fixture(scope="module")
def trifold(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("fill")
    body = ["Some words first.", TABLE, "More words.", FORM]
    data = library(handout("tri", *[section(f"Part {i}", *body) for i in range(2)]))
    project, _ = open_project(write_content(folder, data))
    return render_pdf(project, project.library.handouts[0], "trifold").data


def _panel_right(page, x: float) -> float:
    """The right edge of the text area of the panel holding `x` (thirds, less MARGIN)."""
    third = page.width / 3
    return (int(x // third) + 1) * third - MARGIN


def test_tables_reach_the_right_edge_of_their_panel(trifold):
    inside = _pages(trifold)[1]
    table_rules = [r for r in _rules(inside) if r.linewidth >= 0.99 and r.width > 100]
    assert table_rules
    for r in table_rules:
        assert abs(r.x1 - _panel_right(inside, r.x0)) < 8, (r.x0, r.x1)


def test_write_in_lines_are_long_enough_to_write_on(trifold):
    inside = _pages(trifold)[1]
    write_ins = [r for r in _rules(inside) if 0.85 <= r.linewidth <= 0.95]
    assert len(write_ins) == 2 * 3
    assert min(r.width for r in write_ins) >= 2.5 * 72


def test_the_flap_and_back_place_blocks_at_their_gap(tmp_path):
    project, _ = open_project(ROOT / "content.yaml")
    ketamine = project.library.by_id["ketamine-pain-relief"]
    outside = _pages(render_pdf(project, ketamine, "trifold").data)[0]
    third = outside.width / 3
    flap = sorted((ln for ln in _lines(outside) if ln.x1 < third), key=lambda ln: -ln.y1)
    cta = next(i for i, ln in enumerate(flap) if "Could ketamine" in ln.get_text())
    assert flap[cta - 1].y0 - flap[cta].y1 < 0.75 * 72  # no hole above the call to action
    back = sorted(
        (ln for ln in _lines(outside) if third < ln.x0 < 2 * third), key=lambda ln: -ln.y1
    )
    fine = next(i for i, ln in enumerate(back) if "general education" in ln.get_text())
    assert back[fine - 1].y0 - back[fine].y1 < 0.75 * 72  # nor above the fine print


def test_an_underfull_brochure_is_a_check_warning_with_its_panels(tmp_path):
    data = library(handout("one", section("Only part", "A short answer."), formats=["trifold"]))
    path = write_content(tmp_path, data)
    report = check_content(BuildOptions(content=path, out_dir=tmp_path / "out"))
    (result,) = [r for r in report.handouts[0].results if r.rule == "pagination[trifold]"]
    assert result.status.value == "warn"
    assert result.summary.startswith("inside panels 2 and 3 are empty (inside panels ")
    assert result.findings[0].hint == "add content, or print it as a handout"


def test_a_full_brochure_passes_the_fill_check(sample_check):
    fills = {
        (h.handout, r.rule): r.measures.get("panel_fill")
        for h in sample_check.handouts
        for r in h.results
        if r.rule.startswith("pagination[")
    }
    assert fills[("after-your-infusion", "pagination[bifold]")] is not None
    assert all(len(f) in (2, 3) for f in fills.values() if f)


def _panel_ends(pdf: bytes) -> list[float]:
    inside = _pages(pdf)[1]
    third = inside.width / 3
    ends = []
    for i in range(3):
        lows = [ln.y0 for ln in _lines(inside) if i * third <= ln.x0 < (i + 1) * third]
        ends.append(min(lows) if lows else inside.height)
    return ends


@pytest.mark.parametrize("parts", [3, 4, 5, 6])
def test_inside_panels_end_within_an_inch_of_each_other(tmp_path, parts):
    """Content that splits (paragraphs, lists) spreads evenly over the three panels."""
    text = "Rest helps your body heal. Drink water and eat small meals through the day."
    body = [text, {"bullets": ["Sleep well.", "Walk a little.", "Call us with questions."]}]
    data = library(handout("even", *[section(f"Part {i}", *body, text) for i in range(parts)]))
    project, _ = open_project(write_content(tmp_path, data))
    ends = _panel_ends(render_pdf(project, project.library.handouts[0], "trifold").data)
    assert max(ends) - min(ends) <= 72, [round(e) for e in ends]
