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
import pytest
from helpers import handout, layout_items, library, section, write_content
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from pypdf import PdfReader
from station_helpers import PATIENT, drawn_rules, stamped_chars

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
    drawn = drawn_rules(rendered.data)
    for place in places:
        for rule in place.rules:
            assert any(
                page == rule.page
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
    assert min(_sizes_of(stamped, "Walk a little")) >= 18  # what the patient reads
    # The name and the clinician share their line with the kicker (furniture size).
    for words in (PATIENT, "Dr Lee"):
        assert min(_sizes_of(stamped, words) - {14.0}) >= 18, words
    band = rendered.places.band
    assert band is not None and band.below is not None
    # Nothing over the clinic's name and tagline: the name's line goes under them.
    in_band = [c for c in added if c[0] == 0 and c[3][1] > band.box.y]
    assert in_band and all(c[3][3] < band.below.top + 2 for c in in_band)
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


# ------------------------------------------------------------------ a field split across pages

FILLER = (
    "Relief can come fast for some people. It may fade over days or weeks. Your care "
    "team will plan the next steps with you and check how you feel at each visit."
)
LONG_FORM = {"fill_in": ["Name", {"label": "Notes", "lines": 6}]}


def _pushed(tmp_path, n: int):
    """A handout whose long notes field starts lower on its page as `n` grows."""
    before = section("Before", *[FILLER] * n, "Short one.")
    notes = section("Your notes", LONG_FORM, "After the form, a few words.")
    data = library(handout(f"w{n}", before, notes))
    project, diagnostics = open_project(write_content(tmp_path / str(n), data))
    assert diagnostics == []
    return project, project.library.handouts[0]


def _label_pages(pdf: bytes, label: str) -> list[int]:
    from pdfminer.layout import LTTextLine

    return [
        i
        for i, page in enumerate(extract_pages(io.BytesIO(pdf)))
        for line in layout_items(page, LTTextLine)
        if " ".join(line.get_text().split()) == label
    ]


class TestALongWriteInSplitsBetweenItsRules:
    """Two rules at least on each side, the label with the first; every rule recorded."""

    @pytest.mark.parametrize("fmt", ["handout", "large-print"])
    @pytest.mark.parametrize("paper", ["letter", "a4"])
    def test_at_every_height(self, tmp_path, fmt, paper):
        split = 0
        for n in range(0, 16, 1 if fmt == "handout" else 2):
            project, visit = _pushed(tmp_path, n)
            rendered = render_pdf(project, visit, fmt, RenderOptions(paper=paper))
            (name, notes) = rendered.places.write_ins
            assert (name.label, notes.label, len(notes.rules)) == ("Name", "Notes", 6)
            drawn = drawn_rules(rendered.data)
            for rule in notes.rules:
                assert any(
                    page == rule.page and abs(y - rule.y) < 1.5 and abs(right - rule.x1) < 1.5
                    for page, _, y, right in drawn
                ), (n, rule)
            pages = [rule.page for rule in notes.rules]
            counts = [pages.count(p) for p in sorted(set(pages))]
            assert min(counts) >= 2, (n, counts)
            assert _label_pages(rendered.data, "Notes") == [pages[0]] == [notes.page]
            assert name.page == notes.page  # "Name" never alone at a foot
            split += len(counts) > 1
        assert split  # some of these were split, by the rule

    @pytest.mark.parametrize("fmt", ["trifold", "bifold"])
    def test_a_brochure_keeps_each_field_in_one_panel(self, tmp_path, fmt):
        """Its reader sees the open sheet: a field halved across panels reads as two."""
        for n in range(0, 12, 2):
            project, visit = _pushed(tmp_path, n)
            notes = render_pdf(project, visit, fmt).places.write_ins[1]
            ends = {(rule.page, round(rule.x1)) for rule in notes.rules}
            assert len(notes.rules) == 6 and len(ends) == 1, (n, ends)

    def test_a_fillable_split_field_is_one_field_with_its_lines_on_both_pages(self, tmp_path):
        project, visit = _pushed(tmp_path, 7)
        rendered = render_pdf(project, visit, "handout", RenderOptions(fillable=True))
        pages = [rule.page for rule in rendered.places.write_ins[1].rules]
        assert len(set(pages)) == 2, pages  # this one splits
        reader = PdfReader(io.BytesIO(rendered.data))
        (notes,) = [
            f.get_object()
            for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]
            if f.get_object().get("/T") == "notes"
        ]
        kids = [k.get_object() for k in notes["/Kids"]]
        assert [k["/T"] for k in kids] == [str(i) for i in range(1, 7)]
        page_of = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
        assert [page_of[k.raw_get("/P").idnum] for k in kids] == pages
        for kid in kids:  # each widget is an annotation of the page it names
            page = reader.pages[page_of[kid.raw_get("/P").idnum]]
            assert kid in [a.get_object() for a in page["/Annots"]]
        assert [k["/TU"] for k in kids] == [f"Notes ({i}/6)" for i in range(1, 7)]
        import page

        (tmp_path / "split.pdf").write_bytes(rendered.data)
        assert page.validate_pdf(tmp_path / "split.pdf", profile="ua1").failures == []

    def test_the_station_writes_notes_across_the_break(self, tmp_path):
        project, visit = _pushed(tmp_path, 7)
        rendered = render_pdf(project, visit)
        spot = find_spots(rendered.places, visit)["notes"]
        assert len(spot.rows) == 6 and len(set(spot.pages)) == 2
        words = [f"Line {i} of the notes, walk a little every day and rest." for i in range(6)]
        stamped = stamp(rendered, visit, Personal({"notes": "\n".join(words)}), project.theme)
        added = _added(rendered.data, stamped)
        on_pages = {page for page, *_ in added}
        assert on_pages == set(spot.pages)  # on the lines of both pages, no end box
        assert len(PdfReader(io.BytesIO(stamped)).pages) == rendered.pages


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
    drawn = drawn_rules(rendered.data)
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
