"""The clinic's brand kit: colours that stay readable, fonts, several brands."""

from __future__ import annotations

import shutil
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import pypdfium2 as pdfium
import pytest
import reportlab
import zxingcpp
from helpers import (
    CLINIC,
    build_into,
    handout,
    library,
    page_texts,
    run_main,
    section,
    write_content,
)
from PIL import ImageChops
from pypdf import PdfReader

from handouts.options import RenderOptions

SISTER = {
    **CLINIC,
    "name": "Seaside Pain Clinic",
    "tagline": "Care close to the shore",
    "colors": {"primary": "#5B2A86", "accent": "#2A9D8F"},
    "contact": {"phone": "(555) 010-0300", "website": "https://seaside.example"},
    "disclaimer": "Seaside handouts are for education only. Ask your own care team.",
}
QR_BLOCK = {"qr": {"caption": "Scan to visit our website."}}


def brands_library(**handout_fields) -> dict:
    return {
        "clinics": {"harbor": CLINIC, "seaside": SISTER},
        "handouts": [handout("visit", section("Before you come", QR_BLOCK), **handout_fields)],
    }


def qr_texts(path: Path) -> set[str]:
    return {
        code.text
        for page in pdfium.PdfDocument(path)
        for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    }


def problems(folder: Path, data: dict) -> list[str]:
    return [str(d) for d in build_into(folder, data).diagnostics]


# ------------------------------------------------------------------ contrast


@pytest.mark.parametrize(
    ("colors", "message"),
    [
        (
            {"text": "#999999"},
            "content.yaml:5:11: clinic.colors.text: text #999999 on white #FFFFFF has a "
            "contrast ratio of 2.85:1; text needs at least 4.5:1 (WCAG AA) "
            "(make the text colour darker)",
        ),
        (
            {"primary": "#7FB3D5", "accent": "#F4A259"},
            "content.yaml:5:14: clinic.colors.primary: white #FFFFFF on primary #7FB3D5 has a "
            "contrast ratio of 2.26:1; text needs at least 4.5:1 (WCAG AA) "
            "(make the primary colour darker)",
        ),
        (
            {"text": "#595959", "light": "#C8C8C8"},
            "content.yaml:5:11: clinic.colors.text: text #595959 on light #C8C8C8 has a "
            "contrast ratio of 4.19:1; text needs at least 4.5:1 (WCAG AA) "
            "(make the text colour darker)",
        ),
    ],
    ids=["text-on-white", "white-on-primary", "text-on-light"],
)
def test_a_brand_that_fails_contrast_names_both_colours_and_the_ratio(tmp_path, colors, message):
    assert problems(tmp_path, library(colors=colors)) == [message]


# ------------------------------------------------------------------ fonts


def ship_fonts(folder: Path) -> dict:
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    source = Path(atkinson.ROOT) / "files"
    for face in ("Regular", "Bold", "Italic"):
        shutil.copy(source / f"AtkinsonHyperlegible-{face}.ttf", fonts / f"Brand-{face}.ttf")
    # A heading family that differs from the body: Bitstream Vera ships with ReportLab.
    shutil.copy(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf", fonts / "Head.ttf")
    return {
        "body": {
            "regular": "fonts/Brand-Regular.ttf",
            "bold": "fonts/Brand-Bold.ttf",
            "italic": "fonts/Brand-Italic.ttf",
        },
        "heading": {"regular": "fonts/Head.ttf", "bold": "fonts/Head.ttf"},
    }


def test_shipped_fonts_are_embedded_with_real_bold(tmp_path):
    fonts = ship_fonts(tmp_path)
    data = library(handout("f", section("S", "Some **bold** and *italic* words.")), fonts=fonts)
    report = build_into(tmp_path, data)
    assert report.diagnostics == []
    names = {
        str(f.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in PdfReader(report.outputs[0].path).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert names == {
        "AtkinsonHyperlegible-Regular",
        "AtkinsonHyperlegible-Bold",
        "AtkinsonHyperlegible-Italic",
        "BitstreamVeraSans-Bold",
    }


def test_a_missing_font_file_is_one_line_and_exit_2(tmp_path):
    fonts = ship_fonts(tmp_path)
    fonts["body"]["bold"] = "fonts/Missing-Bold.ttf"
    write_content(tmp_path, library(fonts=fonts))
    result = run_main(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "handouts: content.yaml:17:13: clinic.fonts.body.bold: 'fonts/Missing-Bold.ttf' does "
        "not exist in the content folder; copy it there or correct the name (ship the "
        "TrueType (.ttf) files in the content folder)"
    ]


def test_an_opentype_font_is_refused(tmp_path):
    fonts = ship_fonts(tmp_path)
    fonts["heading"]["bold"] = "fonts/Brand.otf"
    write_content(tmp_path, library(fonts=fonts))
    result = run_main(cwd=tmp_path)
    assert result.returncode == 1  # the content's mistake, not the machine's
    assert "'fonts/Brand.otf' is not a supported file type; use .ttf" in result.stderr


# ------------------------------------------------------------------ several brands


def test_each_handout_picks_its_brand(tmp_path):
    data = brands_library(clinic="seaside")
    report = build_into(tmp_path, data)
    assert report.diagnostics == []
    path = report.outputs[0].path
    text = " ".join(page_texts(path))
    assert "Seaside Pain Clinic" in text and "Harbor Light" not in text
    assert qr_texts(path) == {"https://seaside.example"}


def test_the_first_brand_is_the_default(tmp_path):
    report = build_into(tmp_path, brands_library())
    assert "Harbor Light Behavioral Health" in page_texts(report.outputs[0].path)[0]


def test_an_unknown_brand_is_a_positioned_error(tmp_path):
    assert problems(tmp_path, brands_library(clinic="seaview")) == [
        "content.yaml:38:11: handouts[0].clinic: no clinic with id 'seaview' "
        "(did you mean 'seaside'?)"
    ]


def test_clinic_and_clinics_together_are_refused(tmp_path):
    data = {**brands_library(), "clinic": CLINIC}
    assert problems(tmp_path, data) == [
        "content.yaml:1:1: use clinic: for one brand or clinics: for several, not both"
    ]


def test_rebrand_with_clinic_changes_header_footer_and_qr(tmp_path):
    write_content(tmp_path, brands_library())
    first = run_main("--out", "harbor", cwd=tmp_path)
    second = run_main("--clinic", "seaside", "--out", "seaside", cwd=tmp_path)
    assert first.returncode == second.returncode == 0, second.stderr
    harbor, seaside = (page_texts(tmp_path / out / "visit.pdf")[0] for out in ("harbor", "seaside"))
    assert harbor.startswith("Harbor Light Behavioral Health")
    assert seaside.startswith("Seaside Pain Clinic Care close to the shore (555) 010-0300")
    assert "Seaside handouts are for education only." in seaside
    assert "This handout is general information" in harbor
    assert qr_texts(tmp_path / "harbor" / "visit.pdf") == {"https://harborlight.example"}
    assert qr_texts(tmp_path / "seaside" / "visit.pdf") == {"https://seaside.example"}


def test_an_unknown_clinic_on_the_command_line_is_a_usage_error(tmp_path):
    write_content(tmp_path, brands_library())
    result = run_main("--clinic", "seasid", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "handouts: no clinic with id 'seasid'; did you mean 'seaside'?"


def test_qr_target_defaults_to_the_brand_qr_url(tmp_path):
    data = library(handout("q", section("S", QR_BLOCK)), qr_url="https://harborlight.example/book")
    report = build_into(tmp_path, data)
    assert qr_texts(report.outputs[0].path) == {"https://harborlight.example/book"}


# ------------------------------------------------------------------ footer


def test_the_crisis_line_is_on_every_page(tmp_path):
    crisis = "In a crisis, call or text 988 at any time."
    long = handout("long", *[section(f"Part {i}", "Words. " * 80) for i in range(6)])
    report = build_into(tmp_path, library(long, crisis_line=crisis))
    pages = page_texts(report.outputs[0].path)
    assert len(pages) > 1 and all(crisis in page for page in pages)


# ------------------------------------------------------------------ grayscale


def test_grayscale_build_has_only_grays(tmp_path):
    shutil.copytree(Path(__file__).parent.parent / "assets", tmp_path / "assets")
    blocks = [
        {"callout": {"kind": "warning", "body": ["Do not drive today."]}},
        {"callout": {"kind": "tip", "body": ["Bring music."]}},
        {"table": {"header": ["A", "B"], "rows": [["1", "2"], ["3", "4"]]}},
        {"image": {"src": "assets/sleep-night.png", "alt": "A bedroom", "width": 0.4}},
        "A [link](https://harborlight.example) in a paragraph.",
    ]
    grays = handout("g", section("S", *blocks), formats=["handout", "trifold"])
    data = library(grays, logo="assets/logo.svg", logo_alt="Logo")
    report = build_into(tmp_path, data, render=RenderOptions(grayscale=True))
    assert not report.failed, report.diagnostics  # a pagination warning may say what to shorten
    assert len(report.outputs) == 2
    for page in (p for o in report.outputs for p in pdfium.PdfDocument(o.path)):
        r, g, b = page.render(scale=1).to_pil().convert("RGB").split()
        spread = max(
            ImageChops.difference(one, other).getextrema()[1]
            for one, other in ((r, g), (g, b), (r, b))
        )
        assert spread <= 6  # antialiasing only


def test_grayscale_keeps_the_contrast_of_the_brand():
    from reportlab.lib import colors

    from handouts.theme import contrast_ratio, gray

    for hexcolor in ("#1B4965", "#F4A259", "#B3261E"):
        color = colors.HexColor(hexcolor)
        assert contrast_ratio(gray(color), colors.white) == pytest.approx(
            contrast_ratio(color, colors.white), rel=0.02
        )


SPANISH = {
    "es": {
        "tagline": "Atención integral para el dolor",
        "disclaimer": "Esta hoja no es consejo médico. Hable con su equipo de atención.",
        "hours": "lun–vie 8 am–6 pm",
        "accreditation": "Proveedor acreditado de salud conductual",
    }
}


def test_a_handout_prints_the_clinics_words_in_its_own_language(tmp_path):
    data = library(
        handout("en-doc"),
        handout("es-doc", language="es", title="Sobre el dolor"),
        handout("mx-doc", language="es-MX", title="Sobre el dolor"),
        handout("fr-doc", language="fr", title="Sur la douleur"),
        translations=SPANISH,
    )
    data["clinic"]["contact"]["hours"] = "Mon–Fri 8 am–6 pm"
    report = build_into(tmp_path, data)
    assert not report.failed, [str(d) for d in report.diagnostics]
    text = {o.handout: " ".join(page_texts(o.path)) for o in report.outputs}
    for spanish in ("es-doc", "mx-doc"):  # es-MX takes the es words
        assert "Atención integral para el dolor" in text[spanish]
        assert "Esta hoja no es consejo médico. Hable con su equipo de atención." in text[spanish]
        assert "lun–vie 8 am–6 pm" in text[spanish]
        assert "Proveedor acreditado" in text[spanish]
        assert "not medical advice" not in text[spanish] and "Mon–Fri" not in text[spanish]
        # The footer's short form comes from the translated disclaimer, not the English one.
        assert text[spanish].count("Esta hoja no es consejo médico.") == 2  # each page's foot+end
    for other in ("en-doc", "fr-doc"):  # no French translation: as written
        assert "Whole-person care for pain" in text[other] and "Mon–Fri 8 am–6 pm" in text[other]
        assert "consejo" not in text[other]


def test_a_translation_the_font_cannot_print_is_a_positioned_error(tmp_path):
    data = library(
        handout("es-doc", language="es"), translations={"es": {"tagline": "Dolor \u2603 alivio"}}
    )
    report = build_into(tmp_path, data)
    untranslated = "print in English"  # the disclaimer: a warning of its own
    assert [str(d) for d in report.diagnostics if untranslated not in str(d)] == [
        "content.yaml:16:16: clinic.translations.es.tagline: the character '\u2603' (U+2603) "
        "cannot be printed with Atkinson or any default font "
        "(replace it with words or a character the font has)"
    ]


def test_a_translation_for_a_malformed_language_tag_is_refused(tmp_path):
    data = library(handout(), translations={"Spanish": {"tagline": "Hola"}})
    report = build_into(tmp_path, data)
    assert len(report.diagnostics) == 1
    assert "clinic.translations" in str(report.diagnostics[0])
