"""What the print station stamps on a handout is tagged content (`render/overlay.py`).

The patient's details are drawn on an overlay merged onto the clean pages;
each drawing must be a structure element a screen reader reaches, with its
marked content numbered after the page's own, in every format and direction.
"""

from __future__ import annotations

from pathlib import Path

import page
import pytest
from helpers import ROOT
from matterhorn import check as matterhorn
from tagcheck import read

from handouts import api
from handouts.options import RenderOptions
from handouts.station.personalise import Personal, stamp

ALL = {
    "patient": "Ada Quinlan-Marsh",
    "clinician": "Dr Lee",
    "date": "2026-12-02",
    "next_appointment": "Tuesday 10 am",
    "notes": "Drink water after each visit, Ada.",
}


@pytest.fixture(scope="module")
def project():
    return api.open_project(ROOT / "content.yaml")[0]


def _stamped(project, tmp_path: Path, hid: str, fmt: str, fields: dict) -> tuple[Path, bytes]:
    handout = project.library.by_id[hid]
    rendered = api.render_pdf(project, handout, fmt)
    theme = project.theme_for(handout, RenderOptions())
    data = stamp(rendered, handout, Personal(fields), theme, fmt)
    path = tmp_path / f"{hid}-{fmt}.pdf"
    path.write_bytes(data)
    return path, rendered.data


@pytest.mark.parametrize(
    ("hid", "fmt", "fields"),
    [
        ("first-infusion-visit", "handout", ALL),  # fill-in lines, a page added for the notes
        ("sleep-and-pain-es", "handout", {"patient": "Ana Ruiz", "notes": "Tome agua, Ana Ruiz."}),
        ("after-your-infusion-ar", "handout", {"patient": "محمد", "date": "2026-12-02"}),
        ("after-your-infusion-zh", "handout", {"patient": "王小明", "notes": "多喝水。"}),
        ("ketamine-pain-relief", "trifold", {"patient": "Ana Ruiz", "clinician": "Dr Lee"}),
        ("after-your-infusion", "bifold", {"patient": "Ana Ruiz", "notes": "Rest, Ana Ruiz."}),
        ("sleep-and-pain", "large-print", {"patient": "Ana Ruiz", "notes": "Rest, Ana Ruiz."}),
    ],
)
def test_stamped_details_are_tagged_content_and_pass_pdf_ua(project, tmp_path, hid, fmt, fields):
    path, clean = _stamped(project, tmp_path, hid, fmt, fields)
    assert matterhorn(path) == []
    assert sorted({f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}) == []
    report = read(path)
    assert report.problems == []  # MCIDs reached once, ParentTree round trip, /P parents
    words = report.text(report.root)
    # As printed: the date in the handout's own date format, never ISO.
    labels = project.theme_for(project.library.by_id[hid], RenderOptions()).labels
    printed = Personal(fields).as_printed(labels)
    fields = {name: printed[name] for name in fields}
    assert fields.get("date", "") != "2026-12-02"
    for value in fields.values():
        assert value in words and value not in report.artifact_text()
    # The handout's own elements are all there, in their order, the stamps among them.
    (tmp_path / "clean.pdf").write_bytes(clean)
    alone = read(tmp_path / "clean.pdf")
    own = [alone.text(k) for k in alone.root.kids[0].kids]
    mine = [report.text(k) for k in report.root.kids[0].kids]
    assert [t for t in mine if not any(v in t for v in fields.values())] == own
    assert len(mine) > len(own)


def test_each_stamp_reads_after_the_content_of_its_page_and_the_notes_last(project, tmp_path):
    path, _ = _stamped(project, tmp_path, "first-infusion-visit", "handout", ALL)
    report = read(path)
    (document,) = report.root.kids
    texts = [report.text(k) for k in document.kids]
    card = next(i for i, t in enumerate(texts) if ALL["patient"] in t)
    assert texts[card] == f"PREPARED FOR {ALL['patient']} Clinician: {ALL['clinician']}"
    pages = [_first_page(k) for k in document.kids]
    assert pages[card] == 0 and all(p is None or p > 0 for p in pages[card + 1 :])
    assert all(p is None or p == 0 for p in pages[:card])
    assert ALL["notes"] in texts[-1] and ALL["next_appointment"] in texts[-2]


def _first_page(elem) -> int | None:
    return min((p for e in elem.walk() for p, _ in e.content), default=None)
