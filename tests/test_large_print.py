"""Large print: a format in the registry, measured on the PDF it writes.

Body text at least 18 pt, page furniture at least 14 pt, margins of 1 in and
lines at most 6 in long, for every paper; any handout can be built in it on
request, and check holds it to its own print spec.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT, build_into, handout, library, page_texts, run_main, section, write_content
from pypdf import PdfReader

from handouts.checks.pdf import measure
from handouts.formats import FORMATS
from handouts.options import BuildOptions, RenderOptions

INCH = 72.0
LP = FORMATS["large-print"]


def every_block() -> dict:
    return handout(
        "big",
        section(
            "What to expect",
            "Relief can come fast. It may fade over days or weeks.",
            {"bullets": ["**Sleep:** rest well.", "**Move:** walk a little each day."]},
            {"steps": ["Eat a light meal.", "Bring a friend to drive you home."]},
            {"callout": {"kind": "warning", "body": ["Call 911 if you cannot breathe."]}},
            {"table": {"header": ["Dose", "Relief"], "rows": [["One", "Hours to days"]]}},
            {"definitions": [{"term": "Infusion", "definition": "Medicine through a thin tube."}]},
            {"fill_in": ["Name", "Date"]},
        ),
        subtitle="A short guide",
    )


@pytest.fixture(scope="module", params=["letter", "a4"])
def large(request, tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp(f"large-{request.param}")
    report = build_into(
        folder, library(every_block()), formats=("large-print",), paper=request.param
    )
    assert not report.failed, report.diagnostics
    return folder / "out" / "big-large-print.pdf", request.param


def regions(paper: str):
    shape = LP.geometry(RenderOptions(paper=paper))
    return shape, LP.spec


def test_body_text_is_at_least_18_pt_and_furniture_at_least_14_pt(large):
    path, paper = large
    shape, spec = regions(paper)
    facts = measure(path.read_bytes())
    height = shape.page[1]
    body, furniture = [], []
    for g in facts.glyphs:
        if not g.text.strip() or not g.text.isalnum():
            continue
        top = height - (spec.header_first if g.page == 1 else spec.header)
        inside = g.box[1] >= spec.footer - 1 and g.box[3] <= top + 1
        (body if inside else furniture).append(g.size)
    assert body and furniture
    assert min(body) >= 18.0
    assert min(furniture) >= 14.0


def test_margins_are_an_inch_and_lines_at_most_six_inches(large):
    path, paper = large
    band = regions(paper)[0].bands["header"]
    facts = measure(path.read_bytes())
    xs = [g.box for g in facts.glyphs if g.text.strip() and not (g.page == 1 and g.box[1] > band.y)]
    assert min(b[0] for b in xs) >= 1.0 * INCH - 0.5
    body = [b for b in xs if b[0] >= INCH - 0.5]
    assert max(b[2] for b in body) - 1.0 * INCH <= 6.0 * INCH + 0.5


def test_every_word_of_the_content_prints(large):
    path, _ = large
    text = " ".join(page_texts(path))
    for words in (
        "What to expect",
        "Bring a friend to drive you home.",
        "Hours to days",
        "Infusion",
    ):
        assert words in text


def test_any_handout_builds_in_large_print_on_request_and_keeps_it(tmp_path):
    write_content(tmp_path, library(handout("plain")))
    result = run_main("build", "--format", "large-print", "--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "plain-large-print.pdf"
    assert out.exists() and "About plain" in page_texts(out)[0]
    again = run_main("build", "--no-catalogue", cwd=tmp_path)  # a full build keeps it
    assert again.returncode == 0 and out.exists()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {e["format"] for e in manifest["outputs"]} == {"handout", "large-print"}


def test_check_holds_large_print_to_its_own_spec(tmp_path):
    from handouts.checks.run import check_content

    data = library(handout("big", formats=["large-print"]))
    report = check_content(BuildOptions(content=write_content(tmp_path, data)))
    (h,) = report.handouts
    (size,) = [r for r in h.results if r.rule == "font_size[large-print]"]
    assert size.status.value == "pass", size
    assert "(min 18)" in size.summary and "headers and footers 14 pt" in size.summary


def test_large_print_is_tagged_pdf_ua(large):
    import page

    path, _ = large
    failures = page.validate_pdf(path, profile="ua1").failures
    assert [f.rule_id for f in failures] == []


def test_the_pdf_is_one_column_on_the_paper_asked_for(large):
    path, paper = large
    reader = PdfReader(path)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == {"letter": (612, 792), "a4": (595, 842)}[paper]


def test_the_sample_library_can_print_every_handout_in_large_print(tmp_path):
    content = ROOT / "content.yaml"
    args = ("--content", str(content), "--format", "large-print", "--out", str(tmp_path))
    result = run_main("build", *args, "--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("*-large-print.pdf"))) >= 5
