"""Every kind of block, printed: its words in the PDF, its rules kept."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from helpers import build_into, handout, library, page_texts, section
from PIL import Image
from pypdf import PdfReader

from handouts.options import RenderOptions

ALL_BLOCKS = [
    {"subheading": "Words to know"},
    {"checklist": ["Photo ID and insurance card", "A list of your medicines"]},
    {
        "table": {
            "header": ["Time", "What happens"],
            "rows": [["First 15 minutes", "We check you in."], ["About 1 hour", "You rest."]],
            "caption": "Times are a guide.",
        }
    },
    {"definitions": [{"term": "Infusion", "definition": "Medicine given slowly into a vein."}]},
    {"quote": {"text": "I slept through the night.", "by": "A patient"}},
    {
        "image": {
            "src": "picture.png",
            "alt": "A blue square",
            "caption": "A calm blue square.",
            "width": 0.5,
        }
    },
    {
        "qr": {
            "url": "https://harborlight.example/video",
            "caption": "Scan to watch a short video.",
        }
    },
    {"fill_in": ["Name", "Next appointment", {"label": "Notes", "lines": 2}]},
]


def picture(folder: Path, size: tuple[int, int] = (1200, 800), dpi: int | None = 300) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    Image.new("RGB", size, "#3366AA").save(folder / "picture.png", **extra)


def build_blocks(folder: Path, *blocks, render: RenderOptions | None = None, **clinic):
    picture(folder)
    data = library(handout("blocks", section("Everything", *blocks)), **clinic)
    return build_into(folder, data, render=render)


@pytest.fixture(scope="module")
def every_block(tmp_path_factory) -> Path:
    report = build_blocks(tmp_path_factory.mktemp("blocks"), *ALL_BLOCKS)
    assert [str(d) for d in report.diagnostics] == []
    return report.outputs[0].path


def test_every_block_prints_its_words(every_block):
    text = " ".join(page_texts(every_block))
    for words in [
        "Words to know",
        "Photo ID and insurance card",
        "A list of your medicines",
        "Time What happens",
        "First 15 minutes We check you in.",
        "Times are a guide.",
        "Infusion: Medicine given slowly into a vein.",
        "\u201cI slept through the night.\u201d \u2014 A patient",
        "A calm blue square.",
        "Scan to watch a short video. harborlight.example/video",
        "Name",
        "Next appointment",
        "Notes",
    ]:
        assert words in text


def test_no_text_is_set_in_a_standard_font(every_block):
    """Table cells and tick boxes included: ReportLab would default to Helvetica."""
    fonts = set()
    for page in PdfReader(every_block).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Atkinson" in name for name in fonts), fonts


def test_tick_boxes_are_drawn_not_typed(every_block):
    text = " ".join(page_texts(every_block))
    assert "\u2610" not in text and "\u25a1" not in text


def test_qr_code_opens_its_url(every_block):
    found = {
        code.text
        for page in pdfium.PdfDocument(every_block)
        for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    }
    assert "https://harborlight.example/video" in found


NOTE_LINES = ["notes.1", "notes.2", "notes.3"]  # a field per printed line: see test_form_fields


def test_fillable_form_has_named_fields(tmp_path):
    block = {"fill_in": ["Name", "Date", "Next appointment", {"label": "Notes", "lines": 3}]}
    path = build_blocks(tmp_path, block, render=RenderOptions(fillable=True)).outputs[0].path
    fields = PdfReader(path).get_fields()
    assert list(fields) == ["name", "date", "next_appointment", "notes", *NOTE_LINES]
    assert [fields[n]["/TU"] for n in NOTE_LINES] == ["Notes (1/3)", "Notes (2/3)", "Notes (3/3)"]
    assert fields["name"]["/TU"] == "Name"


def test_printed_form_has_no_fields(every_block):
    assert not PdfReader(every_block).get_fields()


def test_repeated_labels_get_distinct_field_names(tmp_path):
    blocks = [{"fill_in": ["Notes"]}, {"fill_in": ["Notes"]}]
    path = build_blocks(tmp_path, *blocks, render=RenderOptions(fillable=True)).outputs[0].path
    assert list(PdfReader(path).get_fields()) == ["notes", "notes_2"]


def test_alt_text_and_captions_are_in_the_model(tmp_path):
    from helpers import write_content

    from handouts.api import load_library

    picture(tmp_path)
    data = library(handout("m", section("S", *ALL_BLOCKS)))
    checked = load_library(write_content(tmp_path, data))
    body = checked.library.handouts[0].sections[0].body
    image = next(b.image for b in body if b.image)
    qr = next(b.qr for b in body if b.qr)
    table = next(b.table for b in body if b.table)
    assert (image.alt, image.caption) == ("A blue square", "A calm blue square.")
    assert qr.caption == "Scan to watch a short video." and qr.alt is None
    assert table.caption == "Times are a guide."


def test_an_image_needs_alt_text(tmp_path):
    picture(tmp_path)
    block = {"image": {"src": "picture.png"}}
    report = build_into(tmp_path, library(handout("a", section("S", block))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:24:9: handouts[0].sections[0].body[0].image.alt: field required "
        "(add 'alt: ...' here)"
    ]


def test_a_low_resolution_picture_is_a_warning_and_is_not_enlarged(tmp_path):
    picture(tmp_path, size=(300, 200), dpi=None)
    block = {"image": {"src": "picture.png", "alt": "A small square", "width": 1.0}}
    report = build_into(tmp_path, library(handout("a", section("S", block))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:24:14: warning: handouts[0].sections[0].body[0].image.src: the picture "
        "prints at 96 dpi, below the 150 dpi print needs (use a picture at least 469 pixels "
        "wide, or a smaller width)"
    ]
    # Printed at its own size (300 px at 96 px/in), not stretched to the column.
    page = pdfium.PdfDocument(report.outputs[0].path)[0]
    (image,) = [o for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    left, _, right, _ = image.get_bounds()
    assert right - left == pytest.approx(300 * 72 / 96, abs=0.5)


def test_a_table_too_wide_for_the_page_is_an_error(tmp_path):
    word = "Supercalifragilistic"
    block = {"table": {"header": [word] * 8, "rows": [[word] * 8]}}
    report = build_into(tmp_path, library(handout("wide", section("S", block))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:24:9: handouts[0].sections[0].body[0].table: the table is too wide for "
        "the page: its 8 columns need at least 13.1 in, the column is 7.0 in "
        "(use fewer columns or shorter words)"
    ]
    assert report.outputs == []


def test_a_table_row_taller_than_a_page_is_an_error(tmp_path):
    tall = " ".join(["A long sentence about the visit that goes on and on."] * 120)
    block = {"table": {"header": ["When", "What"], "rows": [["Now", "Rest."], ["Later", tall]]}}
    report = build_into(tmp_path, library(handout("tall", section("S", block))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:30:11: handouts[0].sections[0].body[0].table.rows[1]: row 2 of the "
        "table is taller than a page (shorten its cells or split it into several rows)"
    ]


def test_a_long_table_splits_across_pages_with_its_header_repeated(tmp_path):
    rows = [[f"Step {i}", "Something that happens at this point of the visit."] for i in range(60)]
    block = {"table": {"header": ["When", "What happens"], "rows": rows}}
    report = build_into(tmp_path, library(handout("long", section("S", block))))
    assert not report.failed, report.diagnostics  # a pagination warning may say what to shorten
    pages = page_texts(report.outputs[0].path)
    with_rows = [page for page in pages if "Step " in page]
    assert len(with_rows) > 1
    assert all("When What happens" in page for page in with_rows)


def test_a_box_splits_only_where_its_list_may_split():
    """A list's first two and last two items stay together inside a box too."""
    from reportlab.lib.styles import ParagraphStyle

    from handouts import markup
    from handouts.layouts.boxes import Panel
    from handouts.layouts.text import fixed
    from handouts.render.fonts import default_family

    style = ParagraphStyle("t", fontName=default_family().regular, fontSize=10, leading=12)

    def box(n: int) -> Panel:
        items = [fixed([markup.Run(f"item {i}")], style) for i in range(n)]
        items[0].keepWithNext = items[-2].keepWithNext = 1  # as lists are made
        return Panel([fixed([markup.Run("Title")], style), *items], fill=None, padding=0)

    def texts(panel: Panel) -> list[str]:
        return [p.getPlainText() for p in panel.content]

    # Room for the title and one of two items: the whole box moves on.
    assert box(2).split(400, 12 * 2 + 1) == []
    # Room for the title and three of four items: the third keeps with the fourth.
    first, rest = box(4).split(400, 12 * 4 + 1)
    assert texts(first) == ["Title", "item 0", "item 1"]
    assert texts(rest) == ["item 2", "item 3"]
