"""Tri-fold and bi-fold brochures: sheets, panels, folds, fitting, print-shop boxes."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from helpers import (
    ROOT,
    build_into,
    handout,
    library,
    long_handout,
    page_texts,
    run_main,
    section,
    write_content,
)
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine
from pypdf import PdfReader

from handouts import markup
from handouts.api import build, load_library, open_project, render_pdf
from handouts.formats import FORMATS
from handouts.labels import shipped, table
from handouts.options import PAPERS, BuildOptions, RenderOptions

INCH = 72.0
MM = 72 / 25.4
SAFE = 0.25 * INCH

# Fold lines from the left trim edge: (outside page, inside page).
FOLDS = {
    "letter": ((3.625 * INCH, 7.3125 * INCH), (3.6875 * INCH, 7.375 * INCH)),
    "a4": ((97 * MM, 197 * MM), (100 * MM, 200 * MM)),
}
SHEETS = {"letter": (11 * INCH, 8.5 * INCH), "a4": (297 * MM, 210 * MM)}


def _sample(folder: Path, fmt: str = "trifold", **render) -> Path:
    report = build(
        BuildOptions(
            content=ROOT / "content.yaml",
            out_dir=folder,
            ids=("ketamine-pain-relief",),
            formats=(fmt,),
            render=RenderOptions(**render),
        )
    )
    # The sample asks for `fit: shrink` (12 pt body text does not quite fit); it is a warning.
    assert [str(d) for d in report.diagnostics if "text made smaller to fit" not in str(d)] == []
    assert [o.format for o in report.outputs] == [fmt]
    return report.outputs[0].path


@pytest.fixture(scope="module", params=["letter", "a4"])
def sample_trifold(request, tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp(f"tri-{request.param}")
    return request.param, _sample(folder, paper=request.param)


def _lines(path: Path) -> list[list[LTTextLine]]:
    """Every line of text per page, as pdfminer measures it."""
    pages = []
    for page in extract_pages(path):
        lines = []
        for box in page:
            if isinstance(box, LTTextContainer):
                lines += [line for line in box if isinstance(line, LTTextLine)]
        pages.append(lines)
    return pages


def _sizes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


# ------------------------------------------------------------------ sheets


def test_every_registered_format_loads_with_its_name_label_and_geometry():
    for name, fmt in FORMATS.items():
        assert fmt.name == name
        for tag in shipped().values():  # every label table names every format
            assert table(tag).format_name(name) and table(tag).format_description(name)
        for paper in PAPERS:
            shape = fmt.geometry(RenderOptions(paper=paper))
            assert shape.frames and shape.column_width > 0


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
def test_brochures_are_two_landscape_pages(tmp_path, fmt, paper):
    data = library(handout("short", formats=[fmt]))
    report = build_into(tmp_path, data, paper=paper)
    assert report.diagnostics == []
    (out,) = report.outputs
    assert out.path.name == f"short-{fmt}.pdf" and out.pages == 2
    width, height = SHEETS[paper]
    for w, h in _sizes(out.path):
        assert w == pytest.approx(width, abs=0.01) and h == pytest.approx(height, abs=0.01)


def test_sample_ketamine_handout_ships_a_trifold_that_fits(sample_trifold):
    _, path = sample_trifold
    texts = page_texts(path)
    assert len(texts) == 2
    everything = " ".join(texts)
    for words in ("How long does ketamine pain relief last?", "Key points", "When to call"):
        assert words in everything
    last_section = (
        load_library(ROOT / "content.yaml").library.by_id["ketamine-pain-relief"].sections[-1]
    )
    last_words = markup.plain(last_section.body[-1].value.body[-1])
    assert " ".join(last_words.split()[-6:]) in texts[1]  # the very end made it


# ------------------------------------------------------------------ panels and folds


def test_no_text_crosses_a_fold_or_comes_near_a_fold_or_trim_edge(sample_trifold):
    paper, path = sample_trifold
    width, height = SHEETS[paper]
    for page, (lines, folds) in enumerate(zip(_lines(path), FOLDS[paper], strict=True), 1):
        assert lines
        edges = (0.0, *folds, width)
        for line in lines:
            where = f"page {page}: {line.get_text()!r} at x {line.x0:.1f}-{line.x1:.1f}"
            panel = [(a, b) for a, b in itertools.pairwise(edges) if a <= line.x0 < b]
            assert panel, where
            left, right = panel[0]
            assert line.x0 >= left + SAFE - 0.5, where
            assert line.x1 <= right - SAFE + 0.5, where
            assert line.y0 >= SAFE and line.y1 <= height - SAFE, where


def test_cover_text_is_on_the_right_panel_of_page_one(sample_trifold):
    paper, path = sample_trifold
    back_fold = FOLDS[paper][0][1]
    first_page = _lines(path)[0]
    cover = " ".join(line.get_text().strip() for line in first_page if line.x0 > back_fold)
    assert "How long does ketamine pain relief last?" in " ".join(cover.split())
    assert "Harbor Light Behavioral Health" in cover
    flap = " ".join(line.get_text() for line in first_page if line.x1 < FOLDS[paper][0][0])
    assert "Key points" in flap


def test_back_panel_qr_code_opens_the_clinic_website(sample_trifold):
    paper, path = sample_trifold
    folds = FOLDS[paper][0]
    page = pdfium.PdfDocument(path)[0]
    scale = 4
    image = page.render(scale=scale).to_pil()
    back = image.crop((int(folds[0] * scale), 0, int(folds[1] * scale), image.height))
    codes = zxingcpp.read_barcodes(back)
    assert [c.text for c in codes] == ["https://harborlight.example"]
    texts = page_texts(path)
    assert "Scan with your phone to visit us online. harborlight.example" in texts[0]
    assert "Accredited by the (fictional) National Council" in texts[0]
    assert "Harbor Light Behavioral Health is a fictional clinic" in texts[0]


def test_panel_break_starts_a_section_at_the_top_of_a_panel(tmp_path):
    sections = [section("Opening part"), section("Fresh panel", "Words."), section("Next")]
    sections[1]["panel_break"] = True
    report = build_into(tmp_path, library(handout("pb", *sections, formats=["trifold"])))
    assert report.diagnostics == []
    inside = _lines(report.outputs[0].path)[1]
    (line,) = [ln for ln in inside if ln.get_text().startswith("Fresh panel")]
    assert line.x0 > FOLDS["letter"][1][0]  # panel 2
    top = max(ln.y1 for ln in inside)
    assert line.y1 == pytest.approx(top, abs=1)


def test_author_chooses_a_section_for_the_flap(tmp_path):
    sections = [section("Main part"), section("Questions to ask", "Ask about side effects.")]
    sections[1]["flap"] = True
    report = build_into(tmp_path, library(handout("fl", *sections, formats=["trifold"])))
    assert report.diagnostics == []
    outside, inside = _lines(report.outputs[0].path)
    flap = " ".join(ln.get_text() for ln in outside if ln.x1 < FOLDS["letter"][0][0])
    assert "Questions to ask" in flap and "Ask about side effects." in flap
    inside_text = " ".join(ln.get_text() for ln in inside)
    assert "Questions to ask" not in inside_text
    assert "Key points" in inside_text  # the key points move inside


def test_only_one_section_may_go_on_the_flap(tmp_path):
    sections = [section("One"), section("Two")]
    for s in sections:
        s["flap"] = True
    report = build_into(tmp_path, library(handout("two", *sections, formats=["trifold"])))
    assert [d.message for d in report.diagnostics] == [
        "sections 1 and 2 both have 'flap: true'; only one section fits on the flap"
    ]


# ------------------------------------------------------------------ overflow


def test_overflow_fails_that_brochure_with_one_line_naming_where_and_how_much(tmp_path):
    data = long_handout("long", 14)
    data["formats"] = ["handout", "trifold"]
    report = build_into(tmp_path, library(data))
    assert [o.format for o in report.outputs] == ["handout"]
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:105:14: handouts[0].sections[12].heading: trifold: 'long' does not fit "
        "in the inside panels: about 9 lines (72 words) from here on did not fit "
        "(shorten it, split it into two handouts, add 'fit: shrink', or use the handout format)"
    ]
    assert report.diagnostics[0].handout == "long"


def test_overflow_on_the_flap_names_the_flap(tmp_path):
    flap = section("Long flap", *["A sentence that takes up room on the flap. " * 4] * 8)
    flap["flap"] = True
    report = build_into(
        tmp_path, library(handout("fl", section("Main"), flap, formats=["trifold"]))
    )
    (problem,) = report.diagnostics
    assert problem.path.startswith("handouts[0].sections[1].body[")
    assert "trifold: 'fl' does not fit on the fold-in flap: about " in problem.message


def test_fit_shrink_makes_text_smaller_and_says_so(tmp_path):
    data = long_handout("long", 12)
    data["sections"].append(section("Extra", "One more short paragraph to push it over the edge."))
    data["formats"] = ["trifold"]
    strict = build_into(tmp_path / "strict", library(data))
    assert strict.outputs == [] and "does not fit" in strict.diagnostics[0].message
    data["fit"] = "shrink"
    report = build_into(tmp_path / "shrink", library(data))
    assert [o.pages for o in report.outputs] == [2]
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:114:8: warning: handouts[0].fit: trifold: text made smaller to fit: "
        "12 pt to 10.5 pt (shorten the text to print at the normal size)"
    ]
    assert not report.failed


def test_fit_shrink_never_goes_below_10_pt(tmp_path):
    data = long_handout("long", 20)
    data.update(formats=["trifold"], fit="shrink")
    report = build_into(tmp_path, library(data))
    assert report.outputs == []
    (problem,) = report.diagnostics
    assert "does not fit in the inside panels even at 10 pt" in problem.message
    assert problem.hint == "shorten it, split it into two handouts, or use the handout format"


# ------------------------------------------------------------------ command line


def test_format_option_builds_only_that_format(tmp_path):
    result = run_main(
        "--content", str(ROOT / "content.yaml"), "--out", str(tmp_path), "--format", "trifold",
        "ketamine-pain-relief", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["ketamine-pain-relief-trifold.pdf"]


def test_cli_overflow_exits_1_with_one_line(tmp_path):
    data = long_handout("long", 14)
    data["formats"] = ["trifold"]
    write_content(tmp_path, library(data))
    result = run_main("--print-shop", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("content.yaml:105:14: ")


# ------------------------------------------------------------------ print shop


@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
def test_print_shop_boxes_on_every_page(tmp_path, fmt):
    report = build_into(tmp_path, library(handout("ps", formats=[fmt])), paper="letter")
    office = report.outputs[0].path
    for page in PdfReader(office).pages:
        assert "/TrimBox" not in page and "/BleedBox" not in page
    shop = (
        build(
            BuildOptions(
                content=tmp_path / "content.yaml",
                out_dir=tmp_path / "shop",
                render=RenderOptions(print_shop=True),
            )
        )
        .outputs[0]
        .path
    )
    pages = PdfReader(shop).pages
    assert len(pages) == 2
    for page in pages:
        assert [float(v) for v in page.mediabox] == [0, 0, 864, 684]  # 0.5 in slug
        assert [float(v) for v in page["/TrimBox"]] == [36, 36, 828, 648]  # 11 x 8.5 in
        assert [float(v) for v in page["/BleedBox"]] == [27, 27, 837, 657]  # + 0.125 in
        # Crop and fold marks print on every plate: the "All" separation colour.
        spaces = page["/Resources"]["/ColorSpace"]
        assert [list(map(str, s.get_object()))[:2] for s in spaces.values()] == [
            ["/Separation", "/All"]
        ]
        assert b" CS" in page.get_contents().get_data()


def test_print_shop_cover_colour_bleeds_and_office_cover_stays_off_the_edge(tmp_path):
    office = _sample(tmp_path / "office")
    shop = _sample(tmp_path / "shop", print_shop=True)

    def pixel(path: Path, x_in: float, y_in: float) -> tuple[int, ...]:
        image = pdfium.PdfDocument(path)[0].render(scale=2).to_pil().convert("RGB")
        return image.getpixel((int(x_in * 144), int(y_in * 144)))

    brand = (0x1B, 0x49, 0x65)
    # 1/16 in outside the right trim edge, half-way down: inside the bleed.
    assert pixel(shop, 0.5 + 11 + 1 / 16, 0.5 + 4.25) == brand
    assert pixel(shop, 0.5 + 11 + 0.3, 0.5 + 4.25) == (255, 255, 255)  # not past it
    # Office output: nothing within 0.25 in of the edge.
    assert pixel(office, 11 - 0.2, 4.25) == (255, 255, 255)
    assert pixel(office, 11 - 0.5, 4.25) == brand


def test_a_heading_stays_with_a_block_that_starts_with_space(tmp_path):
    project, _ = open_project(ROOT / "content.yaml")
    visit = project.library.by_id["first-infusion-visit"]
    path = tmp_path / "visit.pdf"
    path.write_bytes(render_pdf(project, visit, "trifold").data)
    inside = _lines(path)[1]
    (title,) = [ln for ln in inside if ln.get_text().strip() == "Your visit notes"]
    (first,) = [ln for ln in inside if ln.get_text().strip().startswith("Next appointment")]
    assert abs(title.x0 - first.x0) < 1 and 0 < title.y0 - first.y1 < 30


def test_overflow_after_a_split_block_is_charged_to_the_inside(tmp_path):
    data = long_handout("long", 6)
    fields = ["Name", "Date", {"label": "Notes", "lines": 8}]
    data["sections"].append(section("Your notes", {"fill_in": fields}, {"fill_in": fields}))
    data["formats"] = ["bifold"]
    report = build_into(tmp_path, library(data))
    (problem,) = report.diagnostics
    assert "bifold: 'long' does not fit in the inside panels: about " in problem.message


def test_optional_cover_image_prints_on_the_cover(tmp_path):
    (tmp_path / "assets").mkdir()
    shutil.copy(ROOT / "assets" / "sleep-night.png", tmp_path / "assets")
    picture = {"src": "assets/sleep-night.png", "alt": "A calm bedroom", "caption": "Rest well."}
    data = library(handout("pic", formats=["trifold"], cover_image=picture))
    report = build_into(tmp_path, data)
    assert report.diagnostics == []
    first_page = _lines(report.outputs[0].path)[0]
    cover = [ln.get_text().strip() for ln in first_page if ln.x0 > FOLDS["letter"][0][1]]
    assert cover.index("Rest well.") < cover.index("About pic")
    missing = dict(picture, src="assets/nope.png")
    report = build_into(tmp_path / "b", library(handout("pic", cover_image=missing)))
    assert [str(d).split(": ", 1)[1] for d in report.diagnostics] == [
        "handouts[0].cover_image.src: 'assets/nope.png' does not exist in the content folder; "
        "copy it there or correct the name"
    ]


@pytest.mark.parametrize("n", [30, 45])
def test_a_title_and_subtitle_too_long_for_the_cover_say_so(tmp_path, n):
    title = " ".join(["A very long title"] * 7)
    subtitle = " ".join(["with a very long subtitle"] * n)
    h = handout("t", formats=["bifold"], title=title, subtitle=subtitle)
    report = build_into(tmp_path, library(h))
    (problem,) = report.diagnostics
    assert problem.path == "handouts[0].subtitle"
    assert problem.message.startswith("bifold: 't' does not fit on the cover: about ")
    assert problem.hint == "shorten the title or subtitle"


def test_a_title_too_long_for_the_booklet_says_so(tmp_path):
    """Before the cover, the running header of the inside pages refuses it: it
    holds two lines of title beside the clinic's name."""
    title = " ".join(["A very long title"] * 14)
    report = build_into(tmp_path, library(handout("t", formats=["bifold"], title=title)))
    (problem,) = report.diagnostics
    assert problem.path == "handouts[0].title"
    assert "running header" in problem.message and problem.message.startswith("bifold: ")
    assert problem.hint == "shorten the title"


@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
def test_brochures_ask_to_be_printed_duplex_flipping_on_the_short_edge(tmp_path, fmt):
    report = build_into(tmp_path, library(handout("dx", formats=[fmt])))
    prefs = PdfReader(report.outputs[0].path).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge"
    assert bool(prefs["/DisplayDocTitle"])  # the tagged PDF's preference is kept


def test_brochures_are_byte_reproducible(tmp_path):
    content = write_content(tmp_path, library(handout("same", formats=["trifold", "bifold"])))

    def once(name: str):
        options = RenderOptions(print_shop=True)
        return build(BuildOptions(content=content, out_dir=tmp_path / name, render=options))

    first, second = once("a"), once("b")
    assert len(first.outputs) == 2
    for one, two in zip(first.outputs, second.outputs, strict=True):
        assert one.path.read_bytes() == two.path.read_bytes()


def test_trifold_back_panel_carries_the_crisis_line(tmp_path):
    data = library(handout("cr", formats=["trifold"]), crisis_line="In a crisis, call or text 988.")
    report = build_into(tmp_path, data)
    outside = _lines(report.outputs[0].path)[0]
    folds = FOLDS["letter"][0]
    back = [ln.get_text().strip() for ln in outside if folds[0] < ln.x0 < folds[1]]
    assert "In a crisis, call or text 988." in back
