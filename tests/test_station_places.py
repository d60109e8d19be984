"""The print station writes where the layout recorded room, in every format.

Layouts record their fill-in lines, page 1's band, a brochure's cover room
and the room after the last words while they draw (`Rendered.places`); the
station reads those instead of scanning the PDF. These tests hold the
records to the drawn page (pypdfium2 paths and text, pdfminer sizes) and the
stamp to them, for each format, paper size and option set.
"""

from __future__ import annotations

import io

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from helpers import handout, layout_items, library, section, write_content
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from pypdf import PdfReader
from station_helpers import PATIENT, stamped_chars

from handouts.api import open_project, render_pdf
from handouts.formats import FORMATS
from handouts.options import RenderOptions
from handouts.station import personalise
from handouts.station.personalise import Personal, find_spots, stamp

FILL_IN = {"fill_in": ["Name", "Date", "Clinician", {"label": "Notes", "lines": 3}]}
OPTION_SETS = [
    RenderOptions(),
    RenderOptions(paper="a4"),
    RenderOptions(grayscale=True),
    RenderOptions(fillable=True),
]


def _project(tmp_path, *blocks, **clinic):
    body = section("Your visit", "Bring your list of medicines.", *blocks)
    data = library(handout("visit", body, section("After", "Rest at home.")), **clinic)
    project, diagnostics = open_project(write_content(tmp_path, data))
    assert diagnostics == []
    return project, project.library.handouts[0]


def _drawn_rules(pdf: bytes) -> list[tuple[int, float, float, float]]:
    """(page, left, y, right) of every thin horizontal line drawn."""
    doc = pypdfium2.PdfDocument(pdf)
    out = []
    for index in range(len(doc)):
        for obj in doc[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            left, bottom, right, top = obj.get_bounds()
            if top - bottom < 2.5 and right - left > 30:
                out.append((index, left, (top + bottom) / 2, right))
    return out


def _added(clean: bytes, stamped: bytes):
    """The visible characters the stamp added."""
    return [c for c in stamped_chars(clean, stamped) if c[1].strip()]


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("options", OPTION_SETS, ids=["letter", "a4", "gray", "fillable"])
def test_recorded_write_in_lines_are_the_drawn_ones(tmp_path, fmt, options):
    project, visit = _project(tmp_path, FILL_IN)
    rendered = render_pdf(project, visit, fmt, options)
    places = rendered.places.write_ins
    assert [p.label for p in places] == ["Name", "Date", "Clinician", "Notes"]
    assert [len(p.rules) for p in places] == [1, 1, 1, 3]
    drawn = _drawn_rules(rendered.data)
    for place in places:
        for rule in place.rules:
            assert any(
                page == place.page
                and abs(left - rule.x0) < 1.5
                and abs(y - rule.y) < 1.5
                and abs(right - rule.x1) < 1.5
                for page, left, y, right in drawn
            ), (place.label, rule)
    spots = find_spots(rendered.places, visit)
    assert set(spots) == {"patient", "date", "clinician", "notes"}
    assert len(spots["notes"].rows) == 3


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_values_are_written_on_their_lines_in_every_format(tmp_path, fmt):
    project, visit = _project(tmp_path, FILL_IN)
    rendered = render_pdf(project, visit, fmt)
    personal = Personal({"patient": PATIENT, "clinician": "Dr Lee", "date": "2026-12-01"})
    stamped = stamp(rendered, visit, personal, project.theme, fmt)
    assert len(PdfReader(io.BytesIO(stamped)).pages) == rendered.pages
    added = _added(rendered.data, stamped)
    least = FORMATS[fmt].spec.min_body_size
    for place in rendered.places.write_ins[:3]:
        rule = place.rules[0]
        on_line = [
            c
            for c in added
            if c[0] == place.page and rule.x0 <= c[3][0] <= rule.x1 and -6 < c[3][1] - rule.y < 12
        ]
        assert on_line, place.label
        assert min(c[2] for c in on_line) >= max(10.0, min(least, 18.0))


def test_stamping_reads_no_rendered_pdf(tmp_path, monkeypatch):
    """Places come from the layout: the station never opens the PDF to look for them."""

    def refuse(*args, **kwargs):
        raise AssertionError("the stamp scanned the rendered PDF")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    assert not hasattr(personalise, "pypdfium2")
    project, visit = _project(tmp_path, FILL_IN)
    rendered = render_pdf(project, visit)
    notes = "\n".join(["Walk a little every day."] * 40)
    stamp(rendered, visit, Personal({"patient": PATIENT, "notes": notes}), project.theme)


def test_a_large_print_copy_gets_large_print_details_and_its_own_notes_page(tmp_path):
    project, visit = _project(tmp_path)
    rendered = render_pdf(project, visit, "large-print")
    notes = "\n".join(["Walk a little every day, and rest when you need to."] * 12)
    personal = Personal({"patient": PATIENT, "clinician": "Dr Lee", "notes": notes})
    stamped = stamp(rendered, visit, personal, project.theme, "large-print")
    added = _added(rendered.data, stamped)
    assert added and min(s for _, _, s, _ in added) >= 14  # the kicker, as furniture
    for words in ("Walk a little", PATIENT, "Dr Lee"):  # what the patient reads
        assert _sizes_of(stamped, words) and min(_sizes_of(stamped, words)) >= 18, words
    band = rendered.places.band
    assert band is not None
    # No card over the clinic's name: large print's band has no room beside it.
    assert not [c for c in added if c[0] == 0 and c[3][1] > band.box.y]
    reader = PdfReader(io.BytesIO(stamped))
    total = len(reader.pages)
    if total > rendered.pages:  # the notes went to a page of their own
        last = " ".join(reader.pages[-1].extract_text().split())
        assert f"Page {total} of {total}" in last
        first = " ".join(reader.pages[0].extract_text().split())
        assert f"Page 1 of {total}" in first
        sizes = {round(c.size) for c in layout_items(_last_page(stamped), LTChar)}
        assert min(sizes) >= 14  # large print's own furniture, not the handout's 8 pt


def _sizes_of(pdf: bytes, words: str) -> set[float]:
    """The sizes of the characters of every text line containing `words`."""
    from pdfminer.layout import LTTextLine

    return {
        round(c.size, 1)
        for page in extract_pages(io.BytesIO(pdf))
        for line in layout_items(page, LTTextLine)
        if words in line.get_text()
        for c in line
        if isinstance(c, LTChar)
    }


def _last_page(pdf: bytes):
    return list(extract_pages(io.BytesIO(pdf)))[-1]


@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
def test_a_brochure_card_sits_in_its_recorded_cover_room(tmp_path, fmt):
    project, visit = _project(tmp_path)
    rendered = render_pdf(project, visit, fmt)
    page, room = rendered.places.rooms["cover"]
    stamped = stamp(rendered, visit, Personal({"patient": PATIENT}), project.theme, fmt)
    added = _added(rendered.data, stamped)
    assert added
    for p, _, _, (x0, y0, x1, y1) in added:
        assert p == page
        assert room.x <= x0 and x1 <= room.right and room.y <= y0 and y1 <= room.top


def test_a_long_tagline_keeps_the_band_and_the_card_goes_to_the_end(tmp_path):
    tagline = (
        "Whole-person care for pain, mood, sleep and recovery, close to home, for every family"
    )
    project, visit = _project(tmp_path, tagline=tagline)
    rendered = render_pdf(project, visit)
    band = rendered.places.band
    assert band is not None
    stamped = stamp(rendered, visit, Personal({"patient": PATIENT}), project.theme)
    added = _added(rendered.data, stamped)
    in_band = [c for c in added if c[0] == 0 and c[3][1] > band.box.y]
    # Either the card fits right of the words, or it is not drawn over them.
    assert all(c[3][0] >= band.words[1] for c in in_band)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(stamped)).pages)
    assert PATIENT in " ".join(text.split())


# A right-to-left handout's layout is mirrored: its places must be the mirrored ones.
# (The sentences are plain words written for these tests: they need a fluent reviewer.)
RTL_WORDS = {
    "ar": ("زيارتك", "أحضر قائمة أدويتك.", "الاسم"),
    "he": ("הביקור שלכם", "הביאו את רשימת התרופות שלכם.", "שם"),
}


def _rtl_project(tmp_path, lang: str):
    heading, text, name = RTL_WORDS[lang]
    fill_in = {"fill_in": [name, {"label": "Notes", "lines": 3}]}
    data = library(handout("visit", section(heading, text, fill_in), language=lang))
    project, _ = open_project(write_content(tmp_path, data))
    return project, project.library.handouts[0]


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("lang", list(RTL_WORDS))
def test_a_right_to_left_layout_records_its_mirrored_write_in_lines(tmp_path, lang, fmt):
    project, visit = _rtl_project(tmp_path, lang)
    rendered = render_pdf(project, visit, fmt)
    places = rendered.places.write_ins
    assert [len(p.rules) for p in places] == [1, 3]
    drawn = _drawn_rules(rendered.data)
    for place in places:
        for rule in place.rules:
            assert any(
                page == place.page
                and abs(left - rule.x0) < 1.5
                and abs(y - rule.y) < 1.5
                and abs(right - rule.x1) < 1.5
                for page, left, y, right in drawn
            ), (place.label, rule)
    # The label at the right: its first line runs from the column's left edge to it
    # (in a narrow panel the label stands above a full line).
    beside, full = places[1].rules[0], places[1].rules[1]
    assert beside.x0 == pytest.approx(full.x0, abs=0.5)
    assert beside.x1 == full.x1 if fmt == "trifold" else beside.x1 < full.x1 - 20


@pytest.mark.parametrize("lang", list(RTL_WORDS))
def test_a_right_to_left_bands_card_goes_left_of_the_clinics_words(tmp_path, lang):
    project, visit = _rtl_project(tmp_path, lang)
    rendered = render_pdf(project, visit)
    band = rendered.places.band
    assert band is not None
    assert band.words[1] == pytest.approx(band.box.right - 14, abs=0.5)  # words at the right
    assert band.free == (band.box.x, band.words[0])
    assert all(c.right <= band.words[0] for c in band.contacts)  # the contacts at the left
    stamped = stamp(rendered, visit, Personal({"patient": PATIENT}), project.theme)
    in_band = [c for c in _added(rendered.data, stamped) if c[0] == 0 and c[3][1] > band.box.y]
    assert in_band, "the card"
    assert all(c[3][2] <= band.words[0] for c in in_band)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("lang", list(RTL_WORDS))
def test_a_right_to_left_line_is_written_from_its_labels_side(tmp_path, lang, fmt):
    project, visit = _rtl_project(tmp_path, lang)
    rendered = render_pdf(project, visit, fmt)
    name = rendered.places.write_ins[0]
    assert name.rtl
    theme = project.theme_for(visit, RenderOptions())  # as the station stamps: its labels
    stamped = stamp(rendered, visit, Personal({"patient": PATIENT}), theme, fmt)
    rule = name.rules[0]
    page = list(extract_pages(io.BytesIO(stamped)))[name.page]
    written = [
        c
        for c in layout_items(page, LTChar)
        if -6 < c.y0 - rule.y < 12 and rule.x0 <= c.x0 <= rule.x1 and c.get_text() in PATIENT
    ]
    assert "".join(c.get_text() for c in written).strip() == PATIENT
    assert max(c.x1 for c in written) == pytest.approx(rule.x1 - 0.4 * name.size, abs=1.5)
    assert min(c.x0 for c in written) > rule.x0 + 20
