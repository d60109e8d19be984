"""Tagged PDF: small platypus documents built here, checked three ways.

Each document is checked by the `page` validator (PDF/UA-1 profile), by our
own structure walk (tests/tagcheck.py: MCIDs, parent tree, /P links, text in
structure order, artifacts) and, where it matters, against the same document
built without tags (same pixels, same text).
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import page
import pypdfium2 as pdfium
import pytest
from helpers import (
    ROOT,
    build_into,
    bullets,
    handout,
    library,
    long_handout,
    run_main,
    section,
    write_content,
)
from pdfminer.high_level import extract_text
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.canvas import Canvas as PlainCanvas
from reportlab.platypus import (
    Flowable,
    FrameBreak,
    Image,
    Paragraph,
    Table,
    TableStyle,
)
from tagcheck import heading_levels, read

from handouts import api
from handouts.labels import table
from handouts.options import BuildOptions, RenderOptions
from handouts.plan import Box, Metadata, PageSpec, Plan
from handouts.render.document import render
from handouts.render.fonts import default_family
from handouts.render.tagging import (
    PAGINATION,
    ReadingOrder,
    Tag,
    marked,
    tag_items,
    tag_table,
    tagged,
)
from handouts.render.ttf import to_unicode_cmap

FONTS = default_family()
BODY = ParagraphStyle("body", fontName=FONTS.regular, fontSize=12, leading=16)
HEAD = ParagraphStyle("head", parent=BODY, fontName=FONTS.bold, fontSize=18, leading=22)
# ReportLab draws bullets and table cells in Helvetica unless told otherwise.
BULLET = ParagraphStyle(
    "bullet", parent=BODY, leftIndent=18, bulletIndent=4, bulletFontName=FONTS.regular
)
META = Metadata("A tagged test – café", "Harbor Light", "Testing", ["a", "b"], "en")
LONG = "Relief can come fast for some people and fade over days or weeks. " * 12


def footer(canv) -> None:
    with marked(canv, PAGINATION):
        canv.setFont(FONTS.regular, 9)
        canv.drawString(72, 40, f"Footer text page {canv.getPageNumber()}")


def build(story, tmp_path: Path, name: str, tagging: bool = True, frames=None) -> Path:
    frames = frames or [Box(72, 72, 468, 648)]
    plan = Plan(
        story=story,
        pages=[PageSpec("page", {f"f{i}": box for i, box in enumerate(frames)}, footer)],
        page_size=LETTER,
        meta=META,
        initial_font=FONTS.regular,
        name="test",
        loc=(),
        tagging=tagging,
    )
    result = render(plan)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(result.data)
    return path


def image(tmp_path: Path) -> Image:
    from PIL import Image as PILImage

    png = tmp_path / "dot.png"
    PILImage.new("RGB", (40, 20), "teal").save(png)
    return Image(str(png), width=80, height=40)


def everything(tmp_path: Path) -> list:
    """One of each kind of block, long enough to split a paragraph and a table."""
    cells = [[Paragraph(t, BODY) for t in ("Dose", "Relief")]]
    cells += [[Paragraph(f"Dose {i}", BODY), Paragraph(f"Lasts {i} days", BODY)] for i in range(40)]
    table = Table(cells, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("FONTNAME", (0, 0), (-1, -1), FONTS.regular),
            ]
        )
    )
    bullets = [Paragraph(t, BULLET, bulletText="\u2022") for t in ("Sleep well.", "Walk daily.")]
    more = [Paragraph(t, BULLET, bulletText="\u2022") for t in ("First item", "Second item")]
    return [
        tagged(Paragraph("How long does relief last?", HEAD), "H1"),
        tagged(Paragraph("What to expect", HEAD), "H2"),
        *[tagged(Paragraph(f"Paragraph {i}. {LONG}", BODY), "P") for i in range(4)],
        tagged(Paragraph('Visit <a href="https://harborlight.example">our site</a>.', BODY), "P"),
        *tag_items(bullets),
        *tag_items(more),
        tagged(Paragraph("A table", HEAD), "H3"),
        tag_table(table),
        tagged(image(tmp_path), "Figure", alt="A teal rectangle"),
    ]


@pytest.fixture(scope="module")
def tagged_pdf(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("tagged")
    return build(everything(tmp), tmp, "on")


def ua1_failures(path: Path) -> list[str]:
    report = page.validate_pdf(path, profile="ua1")
    return sorted({f"{f.rule_id}: {f.message}" for f in report.failures})


def test_every_kind_of_block_passes_pdf_ua1(tagged_pdf):
    assert ua1_failures(tagged_pdf) == []


def test_untagged_output_fails_pdf_ua1_so_the_validator_is_a_witness(tmp_path):
    off = build(everything(tmp_path), tmp_path, "off", tagging=False)
    assert "PDFUA1-STRUCT-TREE-ROOT-001" in "\n".join(ua1_failures(off))


def test_structure_walk_finds_no_problem(tagged_pdf):
    """MCIDs each referenced once, parent tree, /P, /Tabs, Link OBJR, no untagged text."""
    report = read(tagged_pdf)
    assert report.problems == []
    assert len(report.pdf.pages) >= 3


def test_structure_follows_story_order_and_roles(tagged_pdf):
    report = read(tagged_pdf)
    document = report.root.kids[0]
    assert document.role == "Document"
    roles = [k.role for k in document.kids]
    assert roles[:3] == ["H1", "H2", "P"]
    assert roles[-4:] == ["L", "H3", "Table", "Figure"]
    assert heading_levels(report) == [1, 2, 3]
    text = report.text(document)
    assert text.startswith("How long does relief last? What to expect Paragraph 0.")
    assert text.index("Sleep well.") < text.index("First item") < text.index("Dose 39")


def test_a_paragraph_split_over_pages_is_one_element(tagged_pdf):
    report = read(tagged_pdf)
    split = [p for p in report.elements("P") if len({page for page, _ in p.content}) > 1]
    assert split, "the story should split a paragraph over two pages"
    assert report.text(split[0]).endswith("fade over days or weeks.")


def test_lists_have_items_with_label_and_body(tagged_pdf):
    report = read(tagged_pdf)
    lists = report.elements("L")
    assert len(lists) == 2
    for lst in lists:
        assert [k.role for k in lst.kids] == ["LI", "LI"]
        for item in lst.kids:
            assert [k.role for k in item.kids] == ["Lbl", "LBody"]
            assert report.text(item.kids[0]) == "\u2022"
    assert report.text(lists[0]) == "\u2022 Sleep well. \u2022 Walk daily."


def test_tables_have_header_cells_with_scope_and_repeated_headers_are_artifacts(tagged_pdf):
    report = read(tagged_pdf)
    (table,) = report.elements("Table")
    rows = table.kids
    assert len(rows) == 41 and {r.role for r in rows} == {"TR"}
    assert [c.role for c in rows[0].kids] == ["TH", "TH"]
    assert all(c.obj.A.Scope == "/Column" for c in rows[0].kids)
    assert [report.text(c) for c in rows[0].kids] == ["Dose", "Relief"]
    pages = {page for row in rows for cell in row.kids for page, _ in cell.content}
    assert len(pages) > 1, "the table should split over pages"
    later = [report.pages[i].artifact_text for i in sorted(pages)[1:]]
    assert all("Dose" in "".join(texts) for texts in later)


def test_links_and_figures_carry_their_descriptions(tagged_pdf):
    report = read(tagged_pdf)
    (link,) = report.elements("Link")
    assert link.parent.role == "P" and len(link.annots) == 1
    assert str(link.annots[0].Contents) == "our site"
    assert report.text(link) == "our site"  # the link's own text, read as a link
    assert report.text(link.parent) == "Visit our site ."
    (figure,) = report.elements("Figure")
    assert str(figure.obj.Alt) == "A teal rectangle"


def test_page_furniture_is_only_in_artifacts(tagged_pdf):
    report = read(tagged_pdf)
    structure_text = report.text(report.root)
    assert "Footer text" not in structure_text
    assert "Footer text page 1" in report.artifact_text()


def test_catalog_declares_pdf_ua(tagged_pdf):
    pdf = read(tagged_pdf).pdf
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en"
    assert root.ViewerPreferences.DisplayDocTitle is True
    xmp = root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "A tagged test – café</rdf:li>" in xmp


def assert_same_look_and_text(on: Path, off: Path) -> None:
    a, b = pdfium.PdfDocument(on), pdfium.PdfDocument(off)
    assert len(a) == len(b)
    for i in range(len(a)):
        assert a[i].render(scale=1).to_pil().tobytes() == b[i].render(scale=1).to_pil().tobytes()
    assert extract_text(on) == extract_text(off)


def test_tags_change_neither_pixels_nor_text_nor_page_count(tmp_path):
    on = build(everything(tmp_path), tmp_path, "on")
    off = build(everything(tmp_path), tmp_path, "off", tagging=False)
    assert_same_look_and_text(on, off)


def test_reading_order_can_differ_from_drawing_order(tmp_path):
    """A tri-fold draws the flap before the cover but is read cover first."""
    left = Box(36, 72, 250, 648)
    right = Box(320, 72, 250, 648)
    story = [
        ReadingOrder(1),
        tagged(Paragraph("Flap text.", BODY), "P"),
        FrameBreak(),
        ReadingOrder(0),
        tagged(Paragraph("Cover title", HEAD), "H1"),
    ]
    report = read(build(story, tmp_path, "order", frames=[left, right]))
    assert report.problems == []
    assert report.text(report.root) == "Cover title Flap text."


def test_nested_tagged_flowables_never_nest_marked_content(tmp_path):
    """A TD holding a tagged paragraph: the TD's sequence closes around it."""
    inner = tagged(Paragraph("Inner", BODY), "P")
    story = [tagged(Table([[[Paragraph("Before", BODY), inner]]]), "TD")]
    report = read(build(story, tmp_path, "nested"))
    assert report.problems == []
    (td,) = report.elements("TD")
    assert [k.role for k in td.kids] == ["P"]
    assert report.text(td) == "Before Inner"


def test_a_figure_without_alt_text_is_refused():
    with pytest.raises(ValueError, match="a Figure needs alt text"):
        tagged(Paragraph("x", BODY), "Figure", alt="  ")


def test_no_empty_page_from_the_opening_artifact(tmp_path):
    story = [tagged(Paragraph("One page only.", BODY), "P")]
    assert len(read(build(story, tmp_path, "one")).pdf.pages) == 1


def test_tounicode_maps_only_codes_in_use(tagged_pdf):
    """ReportLab maps unused codes 0x01-0x1F to U+0000; validators reject that."""
    subset = [0] * 32 + list(range(32, 128))
    subset[1] = 0xE9
    assert "<03> <0000>" in ttfonts.makeToUnicodeCMap("F", subset)
    ours = to_unicode_cmap("F", subset)
    assert "<0000>" not in ours and "<01> <00E9>" in ours
    pdf = read(tagged_pdf).pdf
    maps = [f.ToUnicode.read_bytes() for f in _fonts(pdf)]
    assert maps and not any(b"<0000>" in m for m in maps)


def _fonts(pdf):
    for p in pdf.pages:
        yield from p.Resources.Font.values()


def test_tags_on_a_plain_canvas_draw_untagged(tmp_path):
    """Flowables tagged by a layout still draw on a canvas that does not tag."""
    buffer = io.BytesIO()
    canv = PlainCanvas(buffer)
    p = tagged(Paragraph("Plain canvas", BODY), "P")
    p.wrapOn(canv, 400, 100)
    p.drawOn(canv, 72, 700)
    with marked(canv, Tag("P")):
        canv.drawString(72, 600, "also plain")
    canv.save()
    assert b"BDC" not in buffer.getvalue()


# ------------------------------------------------------------------ real handouts


def rich_handout() -> dict:
    """A two-page handout with every block the handout layout prints."""
    body = [
        LONG,
        {"subheading": "Before your visit"},
        {"steps": ["Eat a light meal.", "Bring a friend to drive you home."]},
        {"callout": {"kind": "warning", "body": ["Call 911 if you cannot breathe."]}},
        {"definitions": [{"term": "Infusion", "definition": "Medicine given through a vein."}]},
        {"quote": {"text": "I slept through the night.", "by": "A patient"}},
        "See [our site](https://harborlight.example) for more.",
    ]
    return handout(
        "rich",
        section("What is it?", *body),
        section("What happens next?", LONG, bullets("**Sleep:** rest well.", "**Move:** walk.")),
        intro=[{"callout": {"kind": "tip", "body": ["Write down your questions."]}}],
    )


@pytest.fixture(scope="module")
def handout_pdfs(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("handout")
    content = write_content(folder, library(rich_handout(), long_handout("long", 8)))
    paths = []
    for tags in (True, False):
        options = BuildOptions(
            content=content, out_dir=folder / f"out-{tags}", render=RenderOptions(tags=tags)
        )
        report = api.build(options)
        assert report.diagnostics == []
        paths.append([o.path for o in report.outputs])
    return paths[0], paths[1]


def test_handouts_pass_pdf_ua1_and_the_structure_walk(handout_pdfs):
    for path in handout_pdfs[0]:
        assert ua1_failures(path) == [], path.name
        report = read(path)
        assert report.problems == [], path.name
        levels = heading_levels(report)
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_handout_reads_band_title_key_points_sections_then_closing(handout_pdfs):
    report = read(handout_pdfs[0][0])
    text = report.text(report.root)
    order = [
        "Harbor Light Behavioral Health",
        "Whole-person care for pain, mood and recovery",
        "(555) 010-0199",
        "About rich",
        "Key points Main point: a short summary.",
        "Tip Write down your questions.",
        "What is it?",
        "Before your visit 1. Eat a light meal. 2. Bring a friend",
        "Important Call 911 if you cannot breathe.",
        "Infusion: Medicine given through a vein.",
        "\u201cI slept through the night.\u201d \u2014 A patient",
        "What happens next?",
        "Call us to talk about your care.",
        "Contact Harbor Light Behavioral Health",
        "Accredited behavioral health provider",
    ]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert "Page 1 of" not in text
    # The review date and id are content at the end, not only the footer's furniture.
    assert text.endswith("rich \u00b7 Reviewed October 1, 2026")
    artifacts = report.artifact_text()
    assert "Page 1 of 2" in artifacts and "rich \u00b7 Reviewed October 1, 2026" in artifacts


def test_handout_groups_and_roles(handout_pdfs):
    report = read(handout_pdfs[0][0])
    sects = report.elements("Sect")
    assert [str(s.obj.T) for s in sects] == ["Key points", "Tip", "Important"]
    assert [k.role for k in sects[0].kids] == ["H2", "P"]  # one key point: no list
    assert [k.role for k in sects[2].kids] == ["H3", "P"]  # a callout inside a section
    (quote,) = report.elements("BlockQuote")
    assert [k.role for k in quote.kids] == ["P", "P"]
    links = {str(a.Contents) for e in report.elements("Link") for a in e.annots}
    assert links == {"our site", "(555) 010-0199", "https://harborlight.example"}


def test_handout_without_tags_looks_and_reads_the_same(handout_pdfs):
    for on, off in zip(*handout_pdfs, strict=True):
        assert_same_look_and_text(on, off)
        assert "/StructTreeRoot" not in read_root_keys(off)


def read_root_keys(path: Path) -> list[str]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return list(pdf.Root.keys())


def unexplained_artifacts(
    path: Path, clinic: str, disclaimer: str, handout_id: str | None = None
) -> list[str]:
    """Artifact text that is not page furniture: content a screen reader would miss.

    Footers name the handout's id (the file name less any -trifold/-bifold)."""
    report = read(path)
    title = str(report.pdf.docinfo.Title)
    furniture = "|".join(
        [
            _loose(clinic),
            _loose(title),
            _loose(disclaimer),
            *_label_patterns(str(report.pdf.Root.Lang), handout_id or path.stem),
            # a table's header row, repeated where the table goes on to a new page
            *(re.escape(report.text(row)) for row in _header_rows(report)),
        ]
    )
    texts = [" ".join(" ".join(p.artifact_text).split()) for p in report.pages]
    left = [re.sub(furniture, "", text).strip() for text in texts]
    return [text for text in left if text]


def _label_patterns(tag: str, handout_id: str) -> list[str]:
    """The footer's "id · Reviewed <date>" and "Page N of M", in the handout's language
    (spaces optional: runs in other scripts are extracted with spaces between them)."""
    labels = table(tag)
    months = "|".join(_loose(m) for m in labels.months)
    fields = {"{month}": f"(?:{months})", "{day}": r"\d{1,2}", "{year}": r"\d{4}"}
    date = _template(labels.date_format, fields)
    reviewed = _template(labels.reviewed, {"{date}": date})
    page = _template(labels.page, {"{n}": r"\d+", "{total}": r"\d+"})
    return [_loose(f"{handout_id} \u00b7") + r"\s*" + reviewed, page]


def _template(text: str, fields: dict[str, str]) -> str:
    parts = re.split("(" + "|".join(map(re.escape, fields)) + ")", text)
    return r"\s*".join(fields.get(part) or _loose(part) for part in parts if part.strip())


def _loose(literal: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in literal if not ch.isspace())


def _header_rows(report):
    for grid in report.elements("Table"):
        yield from (row for row in grid.kids if row.kids and row.kids[0].role == "TH")


def test_only_page_furniture_is_an_artifact(handout_pdfs):
    """Everything else is in the tree: an untagged paragraph would fail here."""
    disclaimer = "This handout is general information, not medical advice."
    for path in handout_pdfs[0]:
        assert unexplained_artifacts(path, "Harbor Light Behavioral Health", disclaimer) == []


def test_sample_library_outputs_are_pdf_ua1(sample_build):
    project, _ = api.open_project(ROOT / "content.yaml")
    clinic = project.library.clinic
    assert sample_build.outputs
    for output in sample_build.outputs:
        assert ua1_failures(output.path) == [], output.path.name
        assert read(output.path).problems == [], output.path.name
        language = project.library.by_id[output.handout].language
        footer = clinic.in_language(language).footer_disclaimer  # Spanish for es handouts
        unexplained = unexplained_artifacts(output.path, clinic.name, footer, output.handout)
        assert unexplained == [], output.path.name


def test_missing_image_alt_text_is_a_content_error_with_its_location(tmp_path):
    image_block = {"image": {"src": "assets/logo.png"}}
    data = library(handout("pic", section("Look", image_block)))
    report = build_into(tmp_path, data)
    assert [str(d).split(": ", 1)[1] for d in report.diagnostics] == [
        "handouts[0].sections[0].body[0].image.alt: field required (add 'alt: ...' here)",
        # Reported in the same run, though the block has another mistake.
        "handouts[0].sections[0].body[0].image.src: 'assets/logo.png' does not exist in the "
        "content folder; copy it there or correct the name",
    ]
    assert report.outputs == []


class WriteIn(Flowable):
    """A label and a fillable field, as a fill-in block draws them."""

    def wrap(self, aW, aH):
        return 400, 30

    def draw(self):
        self.canv.setFont(FONTS.regular, 12)
        self.canv.drawString(0, 8, "Your name:")
        self.canv.acroForm.textfield(
            name="name",
            tooltip="Your name",
            x=self.canv.absolutePosition(90, 0)[0],
            y=self.canv.absolutePosition(0, 0)[1],
            width=300,
            height=24,
            fontName="Helvetica",
            relative=False,
        )


def test_form_fields_are_form_elements_in_the_tree(tmp_path):
    path = build([tagged(WriteIn(), "P")], tmp_path, "form")
    assert ua1_failures(path) == []
    report = read(path)
    assert report.problems == []
    (form,) = report.elements("Form")
    assert form.parent.role == "P" and len(form.annots) == 1
    assert str(form.annots[0].TU) == "Your name"


def test_a_link_wrapping_over_lines_is_one_link_with_its_text(tmp_path):
    words = "read the whole guide to your first infusion visit"
    text = f'Before you come, <a href="https://harborlight.example/guide">{words}</a> at home.'
    story = [tagged(Paragraph(text, BODY), "P")]
    path = build(story, tmp_path, "wrap", frames=[Box(72, 72, 160, 648)])
    assert ua1_failures(path) == []
    report = read(path)
    assert report.problems == []
    (link,) = report.elements("Link")
    assert report.text(link) == words
    assert len(link.annots) > 1  # one annotation per line, all in the one Link
    assert {str(a.Contents) for a in link.annots} == {words}


# ------------------------------------------------------------------ brochures


@pytest.fixture(scope="module")
def brochures(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("brochures")
    project, _ = api.open_project(ROOT / "content.yaml")
    ketamine = project.library.by_id["ketamine-pain-relief"]
    out = {}
    for paper in ("letter", "a4"):
        rendered = api.render_pdf(project, ketamine, "trifold", RenderOptions(paper=paper))
        out[f"trifold-{paper}"] = folder / f"trifold-{paper}.pdf"
        out[f"trifold-{paper}"].write_bytes(rendered.data)
    # No sample handout is short enough for a bi-fold: a small one of every block.
    small = handout(
        "small",
        section("What is it?", "A short answer.", bullets("**Sleep:** rest.", "**Move:** walk.")),
        section("Next steps", {"steps": ["Call us.", "Come in."]}),
        formats=["bifold"],
    )
    for paper in ("letter", "a4"):
        report = build_into(folder / paper, library(small), paper=paper)
        assert report.diagnostics == []
        out[f"bifold-{paper}"] = report.outputs[0].path
    return out


def test_brochures_pass_pdf_ua1_and_the_structure_walk(brochures):
    for name, path in brochures.items():
        assert ua1_failures(path) == [], name
        report = read(path)
        assert report.problems == [], name
        levels = heading_levels(report)
        assert levels[0] == 1 and levels.count(1) == 1, name
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (name, levels)


def test_trifold_reads_cover_flap_inside_back_whatever_the_sheet_order(brochures):
    """The flap is the first panel a reader meets on opening the cover: it reads 2nd."""
    report = read(brochures["trifold-letter"])
    text = report.text(report.root)
    cover = text.index("How long does ketamine pain relief last?")
    inside = text.index("How does ketamine ease pain?")
    flap = text.index("Key points")
    back = text.index("Contact Harbor Light Behavioral Health")
    assert cover < flap < inside < back
    # On the sheet the flap and the back come first: page 1 is flap | back | cover.
    (key_points,) = [s for s in report.elements("Sect") if str(s.obj.T) == "Key points"]
    assert {page for e in key_points.walk() for page, _ in e.content} == {0}


@pytest.mark.parametrize("fmt", ["handout", "trifold"])
@pytest.mark.parametrize(
    "variant",
    [{"grayscale": True}, {"print_shop": True}, {"paper": "a4"}, {"fillable": True}],
    ids=lambda v: next(iter(v)),
)
def test_every_variant_is_pdf_ua1(tmp_path, fmt, variant):
    """Grays, crop and fold marks, A4, form fields: still tagged right."""
    project, _ = api.open_project(ROOT / "content.yaml")
    visit = project.library.by_id["first-infusion-visit"]  # has every kind of block
    path = tmp_path / "variant.pdf"
    path.write_bytes(api.render_pdf(project, visit, fmt, RenderOptions(**variant)).data)
    assert ua1_failures(path) == []
    report = read(path)
    assert report.problems == []


def test_no_tags_on_the_command_line_writes_untagged_pdfs(tmp_path):
    write_content(tmp_path, library(handout("one")))
    for args, folder in (((), "tagged"), (("--no-tags",), "plain")):
        result = run_main("--out", folder, *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert "/StructTreeRoot" in read_root_keys(tmp_path / "tagged" / "one.pdf")
    assert "/StructTreeRoot" not in read_root_keys(tmp_path / "plain" / "one.pdf")
    assert_same_look_and_text(tmp_path / "tagged" / "one.pdf", tmp_path / "plain" / "one.pdf")
