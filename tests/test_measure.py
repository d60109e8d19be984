"""`checks.pdf.measure` reads what a PDF puts on paper with PDFium: held against
pdfminer on the shipped sample, and on purpose-built pages for each fact the
print rules judge (characters a font cannot draw, what stands behind text,
colours in CMYK, pictures inside forms)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pdfminer_facts import pdfminer_facts
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from handouts.checks.pdf import Glyph, PdfFacts, contrast, measure
from handouts.render.fonts import default_family

FONT = default_family().regular
MIRRORED = str.maketrans("()", ")(")  # PDFium gives a right-to-left line's brackets as seen


def page(draw: Callable[[Canvas], None]) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(612, 792), initialFontName=FONT, invariant=1)
    canvas.setFont(FONT, 12)
    draw(canvas)
    canvas.save()
    return out.getvalue()


def _key(g: Glyph) -> tuple:
    return (g.page, round(g.baseline), round(g.box[0], 1), g.text.replace(")", "("))


def _arabic(text: str) -> bool:
    return "\u0600" <= text <= "\u06ff"


def assert_same_facts(pdfium: PdfFacts, pdfminer: PdfFacts, name: str) -> None:
    """Every fact the print rules read, the same from both readers.

    A glyph's right edge is where the next one starts (kerning moves it by a
    tenth of the size at most); a line's last glyph, and a joined Arabic letter,
    end where PDFium's box does, at the ink.
    """
    assert pdfium.page_sizes == pdfminer.page_sizes, name
    assert pdfium.fonts == pdfminer.fonts, name
    assert [p.page for p in pdfium.pictures] == [p.page for p in pdfminer.pictures], name
    for ours, theirs in zip(pdfium.pictures, pdfminer.pictures, strict=True):
        assert ours.box == pytest.approx(theirs.box, abs=0.5), name
    assert len(pdfium.glyphs) == len(pdfminer.glyphs), name
    for ours, theirs in zip(
        sorted(pdfium.glyphs, key=_key), sorted(pdfminer.glyphs, key=_key), strict=True
    ):
        where = (name, theirs)
        assert ours.text in (theirs.text, theirs.text.translate(MIRRORED)), where
        assert (ours.font, ours.color, ours.background, ours.missing) == (
            theirs.font,
            theirs.color,
            theirs.background,
            theirs.missing,
        ), where
        assert ours.size == pytest.approx(theirs.size, abs=0.011), where
        assert ours.baseline == pytest.approx(theirs.baseline, abs=0.011), where
        assert [ours.box[i] for i in (0, 1, 3)] == pytest.approx(
            [theirs.box[i] for i in (0, 1, 3)], abs=0.05
        ), where
        if not _arabic(ours.text):
            assert ours.box[2] == pytest.approx(theirs.box[2], abs=0.1 * theirs.size), where


SAMPLES = [
    ("default", "ketamine-pain-relief.pdf"),  # logo, summary box, header band, lists
    ("default", "ketamine-pain-relief-trifold.pdf"),
    ("default", "after-your-infusion-bifold.pdf"),
    ("default", "sleep-and-pain-es.pdf"),
    ("default", "after-your-infusion-vi.pdf"),  # stacked accents
    ("default", "after-your-infusion-zh.pdf"),
    ("default", "after-your-infusion-ru.pdf"),
    ("default", "catalogue.pdf"),  # QR codes, every script's name, right-to-left names
    ("print-shop", "ketamine-pain-relief-trifold.pdf"),  # CMYK, bleed, marks
    ("grayscale", "first-infusion-visit.pdf"),
    ("fillable", "first-infusion-visit.pdf"),  # form fields' appearances
]


@pytest.mark.parametrize(("options", "name"), SAMPLES)
def test_pdfium_and_pdfminer_read_the_sample_alike(sample_build, sample_built, options, name):
    report = sample_build if options == "default" else sample_built(options)
    path = report.outputs[0].path.parent / name
    data = path.read_bytes()
    assert_same_facts(measure(data), pdfminer_facts(data), f"{options}/{name}")


def test_a_right_to_left_pages_glyphs_are_read_alike_but_for_mirrored_brackets(sample_build):
    data = (Path(sample_build.outputs[0].path).parent / "after-your-infusion-ar.pdf").read_bytes()
    facts = measure(data)
    assert_same_facts(facts, pdfminer_facts(data), "ar")
    assert {g.font.partition("+")[2] for g in facts.glyphs if _arabic(g.text)} == {
        "NotoSansArabic-Regular-wght400",
        "NotoSansArabic-Regular-wght700",
    }


# ------------------------------------------------------------ a character the font lacks


def _missing(facts: PdfFacts) -> list[str]:
    """The fonts of the glyphs drawn as .notdef (their text: none, or pdfminer's "(cid:0)")."""
    return [g.font for g in facts.glyphs if g.missing]


def test_a_character_the_font_lacks_is_found_on_the_page_in_a_form_and_in_a_later_subset():
    def on_page(c: Canvas) -> None:
        c.drawString(72, 600, "Done \u2713 today")

    def in_a_form(c: Canvas) -> None:
        c.beginForm("card")
        c.setFont(FONT, 12)
        c.drawString(0, 0, "Tick \u2713")
        c.endForm()
        c.drawString(72, 650, "Plain words.")
        c.doForm("card")

    def in_the_second_subset(c: Canvas) -> None:
        # ReportLab puts 256 characters in a subset: the font's own fill the first one.
        drawable = sorted(pdfmetrics.getFont(FONT).face.charToGlyph)
        latin = "".join(chr(n) for n in drawable if n > 0x20 and chr(n).isprintable())[:300]
        for row in range(0, len(latin), 40):
            c.drawString(36, 700 - row / 2, latin[row : row + 40])
        c.drawString(72, 300, "Then \u2713")

    for draw, count in ((on_page, 1), (in_a_form, 1), (in_the_second_subset, 1)):
        data = page(draw)
        found, reference = _missing(measure(data)), _missing(pdfminer_facts(data))
        assert len(found) == count and found == reference, (draw.__name__, found, reference)
    # Two subsets of one font: PDFium names both alike, their programs tell them apart.
    two = page(in_the_second_subset)
    assert set(measure(two).fonts) == {
        "AAAAAA+AtkinsonHyperlegible-Regular",
        "AAAAAB+AtkinsonHyperlegible-Regular",
    }
    assert [g.font for g in measure(two).glyphs] == [g.font for g in pdfminer_facts(two).glyphs]
    assert _missing(measure(page(lambda c: c.drawString(72, 600, "All here.")))) == []


# ------------------------------------------------------------ what stands behind text


def _backgrounds(facts: PdfFacts) -> dict[str, tuple[float, float, float]]:
    return {g.text: g.background for g in facts.glyphs}


NAVY = 128 / 255  # PDFium keeps colours in 1/255 steps: so do the PDFs this project writes


def test_the_background_is_the_last_fill_under_the_letter_drawn_before_it():
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(0, 0, NAVY)
        c.rect(60, 590, 100, 30, fill=1, stroke=0)  # under "A"
        c.setFillColorRGB(1, 1, 1)
        c.drawString(72, 600, "A")
        c.beginForm("band")
        c.setFillColorRGB(NAVY, 0, 0)
        c.rect(0, 0, 100, 30, fill=1, stroke=0)
        c.endForm()
        c.saveState()
        c.translate(260, 490)
        c.doForm("band")  # a fill inside a form, moved on the page: under "B"
        c.restoreState()
        c.drawString(272, 500, "B")
        c.setFillColorRGB(0, 0, 0)
        c.drawString(72, 400, "C")
        c.setFillColorRGB(0, 0.5, 0)
        c.rect(60, 390, 100, 30, fill=1, stroke=0)  # drawn after "C": hides it, not behind it
        c.rect(300, 300, 10, 10, fill=1, stroke=0)  # beside "D", not under it
        c.drawString(72, 300, "D")

    found = _backgrounds(measure(page(draw)))
    assert found == {
        "A": (0.0, 0.0, round(NAVY, 6)),
        "B": (round(NAVY, 6), 0.0, 0.0),
        "C": (1.0, 1.0, 1.0),
        "D": (1.0, 1.0, 1.0),
    }
    assert found == _backgrounds(pdfminer_facts(page(draw)))


def test_cmyk_and_gray_colours_are_read_as_rgb():
    """As PDFium shows them: gray to the nearest 1/255, CMYK through its own
    conversion (a screen's, a little duller than 1 - c - k)."""

    def draw(c: Canvas) -> None:
        c.setFillColorCMYK(1, 0.5, 0, 0.2)
        c.rect(60, 590, 200, 30, fill=1, stroke=0)
        c.setFillColorCMYK(0, 0, 0, 0)
        c.drawString(72, 600, "W")
        c.setFillGray(0.25)
        c.drawString(72, 500, "G")

    colours = {g.text: (g.color, g.background) for g in measure(page(draw)).glyphs}
    assert colours["G"] == ((round(64 / 255, 6),) * 3, (1.0, 1.0, 1.0))
    white, blue = colours["W"]
    assert white == (1.0, 1.0, 1.0)
    red, green, blue_ = blue
    assert red < 0.05 and 0.3 < green < 0.45 and 0.55 < blue_ < 0.85
    assert contrast(white, blue) > 4.5


def test_pictures_are_found_on_the_page_and_inside_forms_where_they_print():
    image = ImageReader(Image.new("RGB", (10, 10), "navy"))

    def draw(c: Canvas) -> None:
        c.drawImage(image, 100, 100, 50, 40)
        c.beginForm("logo")
        c.drawImage(image, 0, 0, 20, 20)
        c.endForm()
        c.saveState()
        c.translate(300, 500)
        c.scale(2, 2)
        c.doForm("logo")
        c.restoreState()

    facts = measure(page(draw))
    assert [(p.page, p.box) for p in facts.pictures] == [
        (1, pytest.approx((100, 100, 150, 140))),
        (1, pytest.approx((300, 500, 340, 540))),
    ]
