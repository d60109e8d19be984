"""The handout PDF itself: text, pages, fonts, metadata, outline, bytes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, build_into, bullets, handout, library, long_handout, page_texts, section
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextContainer
from pypdf import PdfReader


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("two")
    report = build_into(folder, library(long_handout("long", 8)))
    assert report.diagnostics == []
    return report.outputs[0].path


def test_every_page_has_disclaimer_and_page_n_of_m(two_pages):
    texts = page_texts(two_pages)
    assert len(texts) >= 2
    for n, text in enumerate(texts, start=1):
        assert "This handout is general information, not medical advice." in text
        assert re.search(rf"Page {n} of\s*{len(texts)}\b", text), text
        assert "long · Reviewed October 1, 2026" in text


def test_page_one_has_the_branded_header_and_later_pages_a_running_header(two_pages):
    first, second = page_texts(two_pages)[:2]
    assert first.startswith("Harbor Light Behavioral Health Whole-person care")
    assert "(555) 010-0199" in first and "harborlight.example" in first
    assert second.startswith("Harbor Light Behavioral Health About long")


def test_document_ends_with_call_to_action_contacts_and_fine_print(two_pages):
    last = " ".join(page_texts(two_pages))
    order = [
        "Call us to talk about your care.",
        "Contact Harbor Light Behavioral Health",
        "Phone: (555) 010-0199",
        "Ask your care team.",
        "Accredited behavioral health provider",
    ]
    positions = [last.index(s) for s in order]
    assert positions == sorted(positions)


def test_page_size_letter_by_default_and_a4_on_request(tmp_path):
    letter = build_into(tmp_path / "l", library()).outputs[0].path
    a4 = build_into(tmp_path / "a", library(), paper="a4").outputs[0].path
    assert [float(x) for x in PdfReader(letter).pages[0].mediabox[2:]] == [612, 792]
    assert [round(float(x)) for x in PdfReader(a4).pages[0].mediabox[2:]] == [595, 842]


def _fonts(path: Path) -> dict[str, dict]:
    fonts = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    return fonts


def test_all_fonts_embedded_and_none_of_reportlabs_standard_fonts(two_pages):
    fonts = _fonts(two_pages)
    assert fonts
    for name, font in fonts.items():
        assert "Atkinson" in name, name
        if font["/Subtype"] == "/Type0":  # the text engine's: a CID font inside
            font = font["/DescendantFonts"][0].get_object()
            assert font["/Subtype"] == "/CIDFontType2" and "/CIDToGIDMap" in font
        descriptor = font["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
    raw = two_pages.read_bytes()
    assert b"Helvetica" not in raw and b"Times-Roman" not in raw


def test_metadata_language_and_viewer_title(tmp_path):
    data = library(handout("es-doc", title="Dolor y sueño", language="es", tags=["sueño", "dolor"]))
    path = build_into(tmp_path, data).outputs[0].path
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title == "Dolor y sueño"
    assert meta.author == "Harbor Light Behavioral Health"
    assert meta.subject == "Patient information: Dolor y sueño"
    assert meta["/Keywords"] == "sueño, dolor"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "es"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)


def test_one_outline_entry_per_section(two_pages):
    outline = PdfReader(two_pages).outline
    assert [entry.title for entry in outline] == [f"Part {i}" for i in range(1, 9)]


def test_body_text_is_at_least_12_points(two_pages):
    sizes = set()
    for page in extract_pages(two_pages):
        for box in page:
            if isinstance(box, LTTextContainer) and "Relief can come fast" in box.get_text():
                for line in box:
                    sizes |= {round(c.size, 1) for c in line if isinstance(c, LTChar)}
    assert sizes and min(sizes) >= 12


def test_no_heading_is_left_alone_at_a_page_foot(two_pages):
    """A heading is always followed by text on the same page."""
    for text in page_texts(two_pages):
        body = text.split(" This handout is general information")[0]
        assert not re.search(r"Part \d+$", body), body[-80:]


def test_rebuild_is_byte_identical_across_processes_and_folders(tmp_path):
    data = library(long_handout("same", 6))
    first = build_into(tmp_path / "one", data).outputs[0].path.read_bytes()
    other = tmp_path / "elsewhere" / "deeper"
    build_into(other, data)
    result = subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), "--out", "again"],
        cwd=other,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (other / "again" / "same.pdf").read_bytes() == first
    assert (other / "out" / "same.pdf").read_bytes() == first


def test_failed_build_keeps_the_last_good_pdf(tmp_path):
    report = build_into(tmp_path, library(handout("keep")))
    good = report.outputs[0].path.read_bytes()
    broken = build_into(tmp_path, library(handout("keep", section("H", "A snowman \u2603"))))
    assert broken.outputs == []
    assert report.outputs[0].path.read_bytes() == good
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["catalogue.pdf", "keep.pdf", "manifest.json"]  # no temporary files


def test_word_wider_than_the_column_is_broken_not_refused(tmp_path):
    word = "Supercalifragilistic" * 6
    address = "https://harborlight.example/" + "a-very-long-page-name/" * 5 + "index.html"
    body = f"A {word} word. See {address} today."
    report = build_into(tmp_path, library(handout("wide", section("H", body))))
    assert report.diagnostics == []
    text = extract_text(str(report.outputs[0].path))
    assert word not in text  # it had to be broken
    assert word in "".join(text.replace("-\n", "").split())
    # An address breaks after its punctuation, with no hyphen added.
    assert address in "".join(text.split())


def test_missing_glyph_is_an_error_with_its_code_point(tmp_path):
    report = build_into(tmp_path, library(handout("snow", section("H", "A snowman \u2603 here"))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:23:7: handouts[0].sections[0].body[0]: the character '\u2603' (U+2603) "
        "cannot be printed with Atkinson or any default font "
        "(replace it with words or a character the font has)"
    ]
    assert report.outputs == []


def test_a_script_whose_default_font_is_missing_says_what_to_install(tmp_path, monkeypatch):
    from handouts.engine import scripts

    real = scripts.default_face

    def without_hebrew(group: str, weight: str = "regular"):
        if group == "hebrew":
            raise scripts.MissingFont("hebrew")
        return real(group, weight)

    monkeypatch.setattr(scripts, "default_face", without_hebrew)
    report = build_into(tmp_path, library(handout("he", section("H", "שלום לכם"))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:23:7: handouts[0].sections[0].body[0]: the character 'ש' (U+05E9) "
        "needs the default font for its script, which is not installed "
        "(install it (apt-get install fonts-noto-core), name a font of the brand's own for it "
        "(clinic fonts: scripts: hebrew:), or replace the character)"
    ]


def test_links_are_clickable(tmp_path):
    data = library(handout("links", section("H", "See [our site](https://harborlight.example/a).")))
    path = build_into(tmp_path, data).outputs[0].path
    uris = [
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(path).pages
        for a in page.get("/Annots", [])
    ]
    assert "https://harborlight.example/a" in uris
    assert "tel:5550100199" in uris


def test_sample_ketamine_handout_is_two_pages(sample_build):
    pages = {o.handout: o.pages for o in sample_build.outputs if o.format == "handout"}
    assert pages["ketamine-pain-relief"] == 2


def test_sample_library_builds_without_problems(sample_build):
    report = sample_build
    # Only what the sample asks for: its brochures `fit: shrink` (a warning).
    assert [str(d) for d in report.diagnostics if "text made smaller to fit" not in str(d)] == []


def test_layout_labels_follow_the_handout_language(tmp_path):
    data = library(
        handout(
            "es-labels",
            section("Cuándo", {"callout": {"kind": "when-to-call", "body": ["Llame si..."]}}),
            language="es",
        )
    )
    text = " ".join(page_texts(build_into(tmp_path, data).outputs[0].path))
    assert "Puntos clave" in text and "Cuándo llamar" in text
    assert "Contacte a Harbor Light Behavioral Health" in text and "Teléfono:" in text
    assert "es-labels · Revisado el 1 de octubre de 2026" in text
    assert re.search(r"Página 1 de\s*1", text)
    assert "Key points" not in text and "Page 1" not in text


def test_phone_numbers_never_break_across_lines(tmp_path):
    cta = "Call " + "us " * 14 + "at [(555) 010-0199](tel:+15550100199) today."
    path = build_into(tmp_path, library(handout("tel", call_to_action=cta))).outputs[0].path
    lines = PdfReader(path).pages[0].extract_text().splitlines()
    assert any("(555) 010-0199" in line.replace("\xa0", " ") for line in lines)


def test_a_heading_too_long_for_the_page_foot_splits_and_keeps_one_bookmark(tmp_path):
    long_heading = " ".join(["A very long heading about pain relief"] * 12)
    data = library(
        handout("split-heading", *long_handout(n=3)["sections"], section(long_heading, "Text."))
    )
    from handouts import markup
    from handouts.layouts.text import HeadingFlow
    from handouts.render.fonts import default_family
    from handouts.render.frags import frags
    from handouts.render.primitives import ParagraphStyle

    style = ParagraphStyle("h", fontName=default_family().bold, fontSize=16, leading=20)
    heading = HeadingFlow(frags([markup.Run(long_heading)], style), style, 0, "Outline")
    first, rest = heading.split(200, 45)
    assert first.outline == ("Outline", 0) and rest.outline is None
    report = build_into(tmp_path, data)
    assert report.diagnostics == []
    titles = [e.title for e in PdfReader(report.outputs[0].path).outline]
    assert titles.count(long_heading) == 1


def test_a_long_table_after_a_heading_starts_on_the_same_page(tmp_path):
    """ReportLab's keepWithNext would move heading and table together, leaving a gap."""
    rows = [[f"Step {i}", "Rest while the medicine works."] for i in range(30)]
    table = {"table": {"header": ["When", "What"], "rows": rows}}
    filler = long_handout(n=2)["sections"]
    data = library(handout("table-flow", *filler, section("Your day", table)))
    path = build_into(tmp_path, data).outputs[0].path
    first = page_texts(path)[0]
    assert "Your day When What Step 0" in first


def test_a_long_clinic_name_wraps_beside_the_contacts_and_is_never_cut(tmp_path):
    name = "Harbor Light Behavioral Health and Integrative Pain Medicine Associates"
    path = build_into(tmp_path, library(name=name)).outputs[0].path
    page = next(extract_pages(path))
    band = [
        char
        for box in page
        if isinstance(box, LTTextContainer)
        for line in box
        for char in line
        if isinstance(char, LTChar) and char.y0 > 792 - 36 - 76
    ]
    name_chars = [c for c in band if c.size >= 12]  # the name: larger than everything else
    contacts = [c for c in band if c.size < 12 and c.x0 > 612 / 2]
    assert "".join(c.get_text() for c in name_chars).replace(" ", "") == name.replace(" ", "")
    assert max(c.x1 for c in name_chars) < min(c.x0 for c in contacts), "name hits contacts"
    assert max(c.x1 for c in contacts) <= 612 - 36


def _band_chars(path) -> list:
    page = next(extract_pages(path))
    return [
        char
        for box in page
        if isinstance(box, LTTextContainer)
        for line in box
        for char in line
        if isinstance(char, LTChar) and char.y0 > 792 - 36 - 76
    ]


@pytest.mark.parametrize(
    "field, text",
    [
        (
            "tagline",
            "Whole-person care for pain, mood and recovery, for every member of your family",
        ),
        ("address", "Harbor Medical Pavilion, 1200 Harbor Way, Suite 300, Bayview, CA 94000"),
        ("name", "Harbor Light Regional Center for Integrated Behavioral Health"),
    ],
)
def test_long_band_words_step_down_or_wrap_and_print_whole(tmp_path, field, text):
    data = library(
        **(
            {"contact": {"phone": "(555) 010-0199", field: text}}
            if field == "address"
            else {field: text}
        )
    )
    report = build_into(tmp_path, data)
    assert report.diagnostics == [], [str(d) for d in report.diagnostics]
    band = "".join(c.get_text() for c in _band_chars(report.outputs[0].path))
    assert text.replace(" ", "") in band.replace(" ", "")
    assert "\u2026" not in band


@pytest.mark.parametrize(
    "field, text, what",
    [
        (
            "name",
            "The Greater Harbor Light Regional Center for Integrated Behavioral Health, "
            "Pain Medicine, Recovery Services and Family Counselling of the Bay",
            "clinic.name",
        ),
        (
            "tagline",
            " ".join(["Whole-person care for pain, mood and recovery,"] * 5),
            "clinic.tagline",
        ),
    ],
)
def test_band_words_too_long_at_their_smallest_size_say_what_to_shorten(
    tmp_path, field, text, what
):
    report = build_into(tmp_path, library(**{field: text}))
    assert report.outputs == []
    (problem,) = report.diagnostics
    assert f"{what}:" in str(problem) and f"shorten {what}" in str(problem), str(problem)
    assert "there is room for 2" in str(problem)


def test_a_short_list_never_splits_over_a_page_break(tmp_path):
    """Sweep the list down the page: wherever the break falls, the three items stay together."""
    line = "Rest well and take short walks each day, as your care team suggests."
    items = bullets("**Alpha item:** one.", "**Bravo item:** two.", "**Charlie item:** three.")
    sweep = [handout(f"sweep-{n}", section("Filler", *[line] * n, items)) for n in range(20, 36)]
    report = build_into(tmp_path, library(*sweep), catalogue=False)  # one build, 16 PDFs
    outputs = {o.handout: o.path for o in report.outputs}
    for n in range(20, 36):
        pages = page_texts(outputs[f"sweep-{n}"])
        holders = {
            i
            for i, text in enumerate(pages)
            for item in ("Alpha", "Bravo", "Charlie")
            if f"{item} item:" in text
        }
        assert len(holders) == 1, (n, holders)


@pytest.mark.parametrize("tags", [True, False])
def test_a_rendered_document_is_freed_without_the_cycle_collector(tags):
    """No reference cycle keeps a document (canvas, PDF objects, structure tree) alive:
    sweeping them was a twentieth of the CPU time of every render."""
    import gc

    from handouts.api import open_project, render_pdf
    from handouts.options import RenderOptions

    project, _ = open_project(ROOT / "content.yaml")
    jobs = [(h, fmt) for h in project.library.handouts for fmt in h.formats]
    assert {fmt for _, fmt in jobs} >= {"handout", "trifold", "bifold"}
    render_pdf(project, *jobs[0], RenderOptions(tags=tags))  # caches filled first
    gc.collect()
    gc.disable()
    try:
        for handout_, fmt in jobs:
            render_pdf(project, handout_, fmt, RenderOptions(tags=tags))
        left = gc.collect()
    finally:
        gc.enable()
    # A layout leaves about a dozen (its canvas class; a brochure tries several), a
    # write-in line a few; a cycle through the document, over a thousand a render.
    assert left < 150 * len(jobs), left
