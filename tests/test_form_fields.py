"""Fillable forms (--fillable): fields in the handout's embedded font, standing on the rules.

Every assertion reads the PDF: the form's /DR and /DA, the widgets' boxes
against the printed rules (pdfminer), the file filled in with pypdf (text
back through the font's ToUnicode, a pypdfium2 render, PDF/UA-1).
"""

from __future__ import annotations

import io
import itertools
import shutil
from pathlib import Path

import page
import pypdfium2 as pdfium
import pytest
from helpers import build_into, handout, library, section
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTCurve, LTTextLine
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from handouts.options import RenderOptions

FORM = {"fill_in": ["Name", "Date", "Next appointment", {"label": "Notes", "lines": 3}]}
SPANISH = {"name": "María José Muñoz", "date": "¿mañana?", "notes.2": "Dolor leve después"}
VIETNAMESE = {"name": "Nguyễn Thị Hồng Ánh", "notes.1": "Tôi cần hỏi về thuốc"}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def fillable(folder: Path, *blocks, **clinic) -> Path:
    data = library(handout("form", section("Your visit", *blocks)), **clinic)
    report = build_into(folder, data, render=RenderOptions(fillable=True))
    assert [str(d) for d in report.diagnostics] == []
    return report.outputs[0].path


@pytest.fixture(scope="module")
def form(tmp_path_factory) -> Path:
    return fillable(tmp_path_factory.mktemp("form"), FORM)


def widgets(path: Path) -> list[dict]:
    reader = PdfReader(path)
    out = []
    for number, pg in enumerate(reader.pages):
        for annot in pg.get("/Annots", []):
            annot = annot.get_object()
            if annot["/Subtype"] == "/Widget":
                rect = [float(v) for v in annot["/Rect"]]
                out.append({"page": number, "annot": annot, "rect": rect})
    return out


def fill(path: Path, values: dict[str, str], out: Path, flatten: bool = False) -> Path:
    writer = PdfWriter(clone_from=path)
    writer.update_page_form_field_values(None, values, auto_regenerate=False, flatten=flatten)
    writer.write(out)
    return out


def ua1(path: Path) -> list[str]:
    report = page.validate_pdf(path, profile="ua1")
    return sorted({f"{f.rule_id}: {f.message}" for f in report.failures})


def rules(path: Path) -> list[tuple[float, float, float]]:
    """(x0, x1, y) of every write-in rule on page 1 (the footer's rule left out)."""
    (first,) = list(extract_pages(path, maxpages=1))
    return sorted(
        (round(o.x0, 1), round(o.x1, 1), round(o.y0, 1))
        for o in first
        if isinstance(o, LTCurve) and abs(o.y1 - o.y0) < 0.5 and o.width > 100 and o.y0 > 90
    )


def test_the_form_names_only_the_embedded_body_font(form):
    acro = PdfReader(form).trailer["/Root"]["/AcroForm"]
    fonts = acro["/DR"]["/Font"]
    assert list(fonts) == ["/HandoutsForm"]
    font = fonts["/HandoutsForm"].get_object()
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
    cid = font["/DescendantFonts"][0].get_object()
    assert str(cid["/BaseFont"]) == "/AtkinsonHyperlegible-Regular"  # not a subset: all glyphs
    assert "/FontFile2" in cid["/FontDescriptor"]
    assert str(acro["/DA"]).startswith("/HandoutsForm ")
    for w in widgets(form):
        assert str(w["annot"]["/DA"]).startswith("/HandoutsForm 12 Tf"), w["annot"]["/T"]
    assert "/Helv" not in str(acro["/DR"])
    assert "Helvetica" not in form.read_bytes().decode("latin-1")


def test_each_printed_rule_has_a_field_standing_on_it(form):
    """Line spacing of a multi-line field is the rules' spacing: one widget per rule."""
    found = widgets(form)
    printed = rules(form)
    assert len(found) == len(printed) == 6
    by_height = sorted(found, key=lambda w: -w["rect"][1])
    for w, (x0, x1, y) in zip(by_height, reversed(printed), strict=True):
        left, bottom, right, top = w["rect"]
        assert abs(left - x0) < 0.5 and abs(right - x1) < 0.5  # covers the whole rule
        assert 0.5 <= bottom - y <= 1.5 and top - bottom >= 12 * 1.4
    notes = [w for w in found if w["annot"].get("/Parent")]
    tops = sorted((w["rect"][1] for w in notes), reverse=True)
    spacing = {round(a - b, 2) for a, b in itertools.pairwise(tops)}
    ys = [y for _, _, y in printed[:3]]
    assert spacing == {round(ys[1] - ys[0], 2)} == {round(12 * 2.1, 2)}


def test_fields_keep_their_names_and_a_multi_line_field_is_one_field(form):
    fields = PdfReader(form).get_fields()
    lines = ["notes.1", "notes.2", "notes.3"]
    assert list(fields) == ["name", "date", "next_appointment", "notes", *lines]
    assert fields["name"]["/TU"] == "Name"
    assert fields["notes"]["/TU"] == "Notes (1/3)"
    assert fields["notes.3"]["/TU"] == "Notes (3/3)"


def test_spanish_typed_in_shows_in_the_body_font_and_stays_pdf_ua1(form, tmp_path):
    filled = fill(form, SPANISH, tmp_path / "filled.pdf")
    assert ua1(filled) == []
    flat = extract_text(fill(form, SPANISH, tmp_path / "flat.pdf", flatten=True))
    for value in SPANISH.values():
        assert value in flat
    assert ink_in_fields(filled, ["name", "date", "2"]) > 0.02


def ink_in_fields(path: Path, names: list[str]) -> float:
    """Share of dark pixels inside the named widgets, rendered with their forms."""
    pdf = pdfium.PdfDocument(path)
    pdf.init_forms()
    image = pdf[0].render(scale=2, may_draw_forms=True).to_pil().convert("L")
    height = pdf[0].get_height()
    dark = total = 0
    for w in widgets(path):
        if str(w["annot"]["/T"]) not in names:
            continue
        x0, y0, x1, y1 = w["rect"]
        box = image.crop((int(x0 * 2), int((height - y1) * 2), int(x1 * 2), int((height - y0) * 2)))
        histogram = box.histogram()
        dark += sum(histogram[:128])
        total += sum(histogram)
    return dark / total


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="DejaVu Sans (Vietnamese) is not installed")
def test_vietnamese_typed_in_shows_with_a_brand_font_that_has_it(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir(parents=True)
    faces = {"regular": "", "bold": "-Bold", "italic": "-Oblique", "bold_italic": "-BoldOblique"}
    for face, suffix in faces.items():
        shutil.copy(DEJAVU / f"DejaVuSans{suffix}.ttf", fonts / f"Brand-{face}.ttf")
    body = {face: f"fonts/Brand-{face}.ttf" for face in faces}
    form = fillable(tmp_path, FORM, fonts={"body": body})
    filled = fill(form, VIETNAMESE, tmp_path / "filled.pdf")
    assert ua1(filled) == []
    flat = extract_text(fill(form, VIETNAMESE, tmp_path / "flat.pdf", flatten=True))
    for value in VIETNAMESE.values():
        assert value in flat


def test_reportlab_helvetica_fields_fail_once_filled_so_the_check_is_a_witness(tmp_path):
    """ReportLab's own field (unembedded Helvetica) breaks PDF/UA as soon as it is filled."""
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(612, 792))
    canv.acroForm.textfield(name="name", x=72, y=700, width=300, height=20, fontName="Helvetica")
    canv.showPage()
    canv.save()
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(buf.getvalue())
    failures = "\n".join(ua1(fill(plain, {"name": "Ana"}, tmp_path / "filled.pdf")))
    assert "PDFUA1-FONT-EMBEDDING-001" in failures


def test_a_printed_form_draws_the_same_rules_as_the_fillable_one(form, tmp_path):
    data = library(handout("form", section("Your visit", FORM)))
    printed = build_into(tmp_path, data).outputs[0].path
    assert rules(printed) == rules(form)
    assert not PdfReader(printed).get_fields()
    # And the fillable one's words are the same: nothing typed, nothing hidden.
    assert [o.get_text() for o in _lines(printed)] == [o.get_text() for o in _lines(form)]


def _lines(path: Path) -> list[LTTextLine]:
    return [
        line
        for pg in extract_pages(path)
        for box in pg
        if hasattr(box, "__iter__")
        for line in box
        if isinstance(line, LTTextLine)
    ]
