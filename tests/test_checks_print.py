"""Print rules judge the PDF itself: purpose-built pages that break each rule,
and a real handout from the layout that keeps them all."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from checks_support import GOOD_HANDOUT, check, content, result
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from handouts.checks import Printed, PrintSpec, Status
from handouts.checks.pdf import contrast, measure
from handouts.checks.run import check_content
from handouts.options import BuildOptions
from handouts.render.fonts import default_family

FONT = default_family().regular
SPEC = PrintSpec(
    min_body_size=12, safe_margin=18, header_first=72, header=72, footer=72, fine_print=8.5
)
PRINT_RULES = ("font_size", "fonts_embedded", "glyphs", "contrast", "margins")


def page(draw: Callable[[Canvas], None]) -> bytes:
    """A one-page Letter PDF: a good 12 pt line, then whatever `draw` adds."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(612, 792), initialFontName=FONT, invariant=1)
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 600, "Rest helps your body heal.")
    draw(canvas)
    canvas.save()
    return out.getvalue()


def judged(draw: Callable[[Canvas], None], spec: PrintSpec = SPEC):
    printed = {"good": [Printed(page(draw), spec)]}
    return check(content(GOOD_HANDOUT), printed=printed)


def statuses(report) -> dict[str, Status]:
    return {rule: result(report, rule).status for rule in PRINT_RULES}


def test_a_clean_page_passes_every_print_rule() -> None:
    report = judged(lambda c: None)
    assert set(statuses(report).values()) == {Status.PASS}
    assert result(report, "font_size").summary == "smallest body text 12 pt (min 12)"


def test_small_body_text_fails_with_its_page_size_and_words() -> None:
    def small(c: Canvas) -> None:
        c.setFont(FONT, 11)
        c.drawString(72, 500, "Small words are hard to read.")

    outcome = result(judged(small), "font_size")
    assert outcome.status is Status.FAIL
    assert [str(f) for f in outcome.findings] == [  # placed at the handout the page prints
        'content.yaml:6:5: handouts[0]: page 1: text at 11 pt, below 12 pt: "Small words are '
        'hard to read." (patients need large type; shorten the text rather than shrink it)'
    ]
    brochure = PrintSpec(min_body_size=10, header_first=72, header=72, footer=72)
    assert result(judged(small, brochure), "font_size").status is Status.PASS


def test_footer_and_fine_print_are_not_body_text() -> None:
    def furniture(c: Canvas) -> None:
        c.setFont(FONT, 8)
        c.drawString(72, 40, "Page 1 of 1")  # inside the 72 pt footer
        c.drawString(72, 740, "Clinic name")  # inside the 72 pt header
        c.setFont(FONT, 8.5)
        c.drawString(72, 300, "This is general information, not medical advice.")

    outcome = result(judged(furniture), "font_size")
    assert outcome.status is Status.PASS
    assert outcome.summary == "smallest body text 12 pt (min 12); fine print 8.5 pt"


def test_a_font_that_is_not_embedded_fails() -> None:
    def helvetica(c: Canvas) -> None:
        c.setFont("Helvetica", 12)
        c.drawString(72, 500, "Standard font.")

    outcome = result(judged(helvetica), "fonts_embedded")
    assert outcome.status is Status.FAIL
    assert [f.message for f in outcome.findings] == ["font 'Helvetica' is not embedded"]
    assert outcome.measures["fonts"]["Helvetica"] is False


def test_a_character_missing_from_the_font_fails() -> None:
    def checkmark(c: Canvas) -> None:
        c.setFont(FONT, 12)
        c.drawString(72, 500, "Done \u2713 today")  # Atkinson Hyperlegible has no check mark

    outcome = result(judged(checkmark), "glyphs")
    assert outcome.status is Status.FAIL
    assert outcome.summary == "1 characters print as empty boxes"
    assert [f.message for f in outcome.findings] == [
        "page 1: a character the font AAAAAA+AtkinsonHyperlegible-Regular cannot draw prints as an "
        'empty box: "Done \u25a1 today"'
    ]


def test_low_contrast_text_fails_and_text_on_a_dark_band_passes() -> None:
    def pale(c: Canvas) -> None:
        c.setFillColorRGB(0.75, 0.75, 0.75)
        c.drawString(72, 500, "Pale words.")

    outcome = result(judged(pale), "contrast")
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].message.startswith(
        "page 1: text #BFBFBF on #FFFFFF has contrast 1.8"
    )

    def band(c: Canvas) -> None:
        c.setFillColorRGB(0.106, 0.286, 0.396)  # #1B4965
        c.rect(0, 480, 612, 40, fill=1, stroke=0)
        c.setFillColorRGB(1, 1, 1)
        c.drawString(72, 495, "White on the brand colour.")

    assert result(judged(band), "contrast").status is Status.PASS


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    assert contrast((1, 1, 1), (1, 1, 1)) == pytest.approx(1)
    # #767676 on white is the lightest grey that passes AA: 4.54:1.
    grey = 0x76 / 255
    assert contrast((grey,) * 3, (1, 1, 1)) == pytest.approx(4.54, abs=0.01)


def test_text_or_pictures_outside_the_safe_margin_fail() -> None:
    def edge(c: Canvas) -> None:
        c.drawString(6, 500, "Cut off at the edge.")

    outcome = result(judged(edge), "margins")
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].message == (
        'page 1: text outside the 18 pt safe margin: "Cut off at the edge."'
    )

    def picture(c: Canvas) -> None:
        image = Image.new("RGB", (10, 10), "navy")
        from reportlab.lib.utils import ImageReader

        c.drawImage(ImageReader(image), 600, 700, 30, 30)

    outcome = result(judged(picture), "margins")
    assert [f.message for f in outcome.findings] == [
        "page 1: a picture reaches outside the 18 pt safe margin"
    ]


def test_print_rules_can_be_turned_off_and_are_skipped_without_a_pdf() -> None:
    text = content(GOOD_HANDOUT, settings="checks:\n  rules: {margins: off}\n")
    printed = {"good": [Printed(page(lambda c: c.drawString(6, 500, "Edge")), SPEC)]}
    report = check(text, printed=printed)
    assert result(report, "margins").status is Status.OFF
    unprinted = check(content(GOOD_HANDOUT))
    assert result(unprinted, "glyphs").status is Status.SKIP
    assert result(unprinted, "glyphs").summary == "no PDF was produced"


def test_a_real_handout_from_the_layout_keeps_every_print_promise(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_text(content(GOOD_HANDOUT).replace("checklist", "bullets"), encoding="utf-8")
    report = check_content(BuildOptions(content=path))
    assert [str(d) for d in report.diagnostics] == []
    assert statuses(report) == dict.fromkeys(PRINT_RULES, Status.PASS)
    facts_rule = result(report, "fonts_embedded")
    assert all(facts_rule.measures["fonts"].values())


def test_measure_reports_pages_fonts_and_colours() -> None:
    facts = measure(page(lambda c: None))
    assert facts.page_sizes == ((612.0, 792.0),)
    assert list(facts.fonts) == ["AAAAAA+AtkinsonHyperlegible-Regular"]
    first = facts.glyphs[0]
    assert (first.text, first.size, first.page) == ("R", 12.0, 1)
    assert first.color == (0.0, 0.0, 0.0) and first.background == (1.0, 1.0, 1.0)


def test_step_numbers_smaller_than_their_text_are_list_markers() -> None:
    def steps(c: Canvas) -> None:
        c.setFont(FONT, 10)
        c.drawString(72, 500, "1.")
        c.setFont(FONT, 12)
        c.drawString(90, 500, "Go to bed at the same time.")

    assert result(judged(steps), "font_size").status is Status.PASS
