"""Where the patient's details land on the page."""

from __future__ import annotations

import pypdfium2
import pypdfium2.raw as pdfium_c
from helpers import handout, library, section, write_content
from station_helpers import PATIENT, pdf_pages, pdf_text

from handouts.api import open_project, render_pdf
from handouts.station.personalise import Personal, field_for, find_spots, stamp

FILL_IN = {"fill_in": ["Name", "Date", "Clinician", {"label": "Notes", "lines": 2}]}


def _project(tmp_path, *blocks):
    data = library(handout("visit", section("Your visit", "Bring your list.", *blocks)))
    project, diagnostics = open_project(write_content(tmp_path, data))
    assert diagnostics == []
    return project, project.library.handouts[0]


def _texts(pdf: bytes) -> list[tuple[int, str, float, float]]:
    """(page, text, x, baseline) of every text object."""
    doc = pypdfium2.PdfDocument(pdf)
    out = []
    for index in range(len(doc)):
        page = doc[index]
        text_page = page.get_textpage()
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], textpage=text_page):
            matrix = obj.get_matrix().get()
            out.append((index, obj.extract(), matrix[4], matrix[5]))
    return out


def test_labels_map_to_fields():
    assert field_for("Your name") == "patient"
    assert field_for("Next appointment date") == "next_appointment"
    assert field_for("Próxima cita") == "next_appointment"
    assert field_for("Questions") is None


def test_details_are_written_on_the_fill_in_lines(tmp_path):
    project, visit = _project(tmp_path, FILL_IN)
    clean = render_pdf(project, visit).data
    spots = find_spots(clean, visit)
    assert set(spots) == {"patient", "date", "clinician", "notes"}
    assert len(spots["notes"].rows) == 2
    personal = Personal({"patient": PATIENT, "clinician": "Dr Lee", "notes": "Drink water."})
    stamped = stamp(clean, visit, personal, project.theme)
    texts = _texts(stamped)
    for name, value in (("patient", PATIENT), ("clinician", "Dr Lee"), ("notes", "Drink water.")):
        x, baseline, _ = spots[name].rows[0]
        page = spots[name].page
        assert any(
            (p, t) == (page, value) and abs(tx - x) < 0.5 and abs(ty - baseline) < 0.5
            for p, t, tx, ty in texts
        ), name
    assert "PREPARED FOR" not in pdf_text(stamped)


def test_without_fill_in_a_prepared_for_card_goes_on_page_one(tmp_path):
    project, visit = _project(tmp_path)
    clean = render_pdf(project, visit).data
    stamped = stamp(clean, visit, Personal({"patient": PATIENT}), project.theme)
    page_one = [t for p, t, _, _ in _texts(stamped) if p == 0]
    assert "PREPARED FOR" in page_one and PATIENT in page_one


def test_nothing_to_stamp_returns_the_clean_pdf(tmp_path):
    project, visit = _project(tmp_path, FILL_IN)
    clean = render_pdf(project, visit).data
    assert stamp(clean, visit, Personal({}), project.theme) is clean


def test_personal_details_never_show_in_repr():
    assert repr(Personal({"patient": PATIENT})) == "Personal(filled=['patient'])"


def test_a_brochure_keeps_its_pages_and_gets_a_cover_card(tmp_path):
    project, visit = _project(tmp_path)
    clean = render_pdf(project, visit, "trifold").data
    notes = "Drink water.\nBring a friend."
    personal = Personal({"patient": PATIENT, "notes": notes})
    stamped = stamp(clean, visit, personal, project.theme, "trifold")
    assert pdf_pages(stamped) == pdf_pages(clean)
    width = pypdfium2.PdfDocument(clean)[0].get_width()
    cover = [t for p, t, x, _ in _texts(stamped) if p == 0 and x > width * 2 / 3]
    assert {"PREPARED FOR", PATIENT, "Drink water.", "Bring a friend."} <= set(cover)
