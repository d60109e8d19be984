"""The print station with Flask's test client: headers, guards, limits, privacy."""

from __future__ import annotations

import html
import io
import json
import logging
import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from helpers import long_handout, run_cli
from pypdf import PdfReader
from station_helpers import (
    PATIENT,
    family_library,
    pdf_pages,
    pdf_text,
    station_app,
    station_content,
    station_library,
)

from handouts.options import StationOptions
from handouts.station.app import CSP, create_app
from handouts.station.catalogue import fold_table, folded

FORM = {"format": "handout", "paper": "letter", "variant": "standard"}


@pytest.fixture
def client(tmp_path):
    return station_app(station_content(tmp_path)).test_client()


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(client, path="/handout/pain-relief/pdf", **fields):
    headers = fields.pop("headers", {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    return client.post(path, data={**FORM, **fields}, headers=headers)


def test_catalogue_lists_every_handout_with_its_facts(client):
    page = text(client.get("/"))
    for title in ("Sleep basics", "Pain relief", "Dolor crónico", "Old advice"):
        assert title in page
    assert "Español" in page and "Review overdue since 2025-01-15" in page
    assert 'data-tags="|sleep|"' in page and "First visit" in page


def test_html_pages_send_the_strict_headers(client):
    response = client.get("/")
    assert response.headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in text(response)  # all script is in a static file


def test_the_form_is_post_only_and_never_autocompleted(client):
    page = text(client.get("/handout/pain-relief"))
    assert 'method="post"' in page and 'autocomplete="off"' in page
    assert page.count('autocomplete="off"') >= 6
    assert client.get("/handout/pain-relief/pdf").status_code == 405


def test_pdf_is_personalised_in_memory_named_by_id_only(client):
    response = post(client, patient=PATIENT, clinician="Dr Lee", notes="Drink water.")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'inline; filename="pain-relief.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(response.data)
    assert PATIENT in text and "Clinician: Dr Lee" in text and "Drink water." in text
    meta = PdfReader(io.BytesIO(response.data)).metadata
    assert meta.title == "Pain relief"
    assert all(PATIENT not in str(v) for v in meta.values())


def test_a_set_prints_as_one_pdf_personalised_once(client):
    response = post(client, "/set/first-visit/pdf", patient=PATIENT)
    assert response.headers["Content-Disposition"] == 'inline; filename="first-visit.pdf"'
    text = pdf_text(response.data)
    assert "Sleep basics" in text and "Pain relief" in text
    assert text.count(PATIENT) == 2  # every handout of the set carries the name
    single = [post(client, f"/handout/{h}/pdf").data for h in ("sleep-basics", "pain-relief")]
    assert [pdf_pages(d) for d in single] == [1, 1]
    # A blank back after the first, so the second starts on a front side.
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages]
    assert len(pages) == 3 and pages[1] == ""
    assert "Sleep basics" in pages[0] and "Pain relief" in pages[2]
    assert PdfReader(io.BytesIO(response.data)).metadata.title == "First visit"


def test_a_set_page_states_its_pages_and_blank_backs_and_prints_them(client):
    page = text(client.get("/set/first-visit"))
    assert "Prints as one PDF of 3 pages, 1 of them blank backs" in page
    response = post(client, "/set/first-visit/pdf", patient=PATIENT)
    assert pdf_pages(response.data) == 3


def test_a_set_prints_its_notes_once_after_the_last_handout(client):
    notes = "Drink water after each visit."
    response = post(client, "/set/first-visit/pdf", patient=PATIENT, notes=notes)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages]
    assert [i for i, p in enumerate(pages) if notes in p] == [len(pages) - 1]
    assert len(pages) == 3


def test_untrusted_host_names_are_refused(client):
    """A page that rebinds its own name to 127.0.0.1 still sends its own Host."""
    assert client.get("/", headers={"Host": "evil.example:8000"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200


def test_extra_trusted_host(tmp_path):
    options = StationOptions(content=station_content(tmp_path), trusted_hosts=("frontdesk",))
    client = create_app(options).test_client()
    assert client.get("/", headers={"Host": "frontdesk:8000"}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_cross_site_posts_are_refused(client, headers):
    response = post(client, patient=PATIENT, headers=headers)
    assert response.status_code == 403
    page = text(response)
    assert "Forms can only be sent from the station's own pages." in page
    assert PATIENT not in page


def test_too_long_field_is_refused_with_a_clear_message(client):
    response = post(client, patient="x" * 61)
    assert response.status_code == 400
    assert "Patient name is too long: at most 60 characters." in text(response)


def test_too_large_body_is_refused_with_a_clear_message(client):
    response = post(client, notes="n" * 20_000)
    assert response.status_code == 413
    page = text(response)
    assert "The form was too large (more than 16 KB). Shorten the notes and try again." in page


def test_bad_date_is_refused(client):
    response = post(client, date="31/12/2026")
    assert response.status_code == 400
    assert "Date must be a date written as YYYY-MM-DD" in text(response)


def test_stale_handout_needs_a_confirmation(client):
    page = text(client.get("/handout/old-advice"))
    assert "past its review date" in page and 'name="confirm_stale"' in page
    assert post(client, "/handout/old-advice/pdf").status_code == 409
    assert post(client, "/handout/old-advice/pdf", confirm_stale="yes").status_code == 200


def test_unknown_choice_is_refused(client):
    assert post(client, paper="tabloid").status_code == 400


def _files_changed_since(folder: Path, start: float) -> list[Path]:
    out = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            try:
                if path.stat().st_mtime >= start:
                    out.append(path)
            except OSError:
                continue
    return out


def test_nothing_personal_is_logged_or_written(tmp_path, caplog, monkeypatch):
    content = station_content(tmp_path / "library")
    client = station_app(content).test_client()
    caplog.set_level(logging.DEBUG)
    start = time.time() - 1
    ok = post(client, patient=PATIENT, clinician="Dr Secretname", notes="Private note")
    assert ok.status_code == 200

    def broken(*args, **kwargs):
        raise ValueError(f"cannot stamp {PATIENT}")  # an error that quotes a value

    monkeypatch.setattr("handouts.station.app.stamp", broken)
    failed = post(client, patient=PATIENT)
    assert failed.status_code == 500
    assert PATIENT not in text(failed)
    assert "internal error ValueError" in caplog.text
    for secret in (PATIENT, "Secretname", "Private note"):
        assert secret not in caplog.text
    written = _files_changed_since(tmp_path, start)
    written += _files_changed_since(Path(tempfile.gettempdir()), start)
    for path in written:
        if path.is_file() and path.stat().st_size < 50_000_000:
            data = path.read_bytes()
            assert PATIENT.encode() not in data, path
            assert PATIENT.encode("utf-16-be") not in data, path
    assert {p.name for p in (tmp_path / "library").iterdir()} == {"content.yaml"}


def test_the_station_notices_edited_content(tmp_path):
    content = station_content(tmp_path)
    client = station_app(content).test_client()
    assert "Sleep basics" in text(client.get("/"))
    content.write_text(content.read_text().replace("Sleep basics", "Sleeping better"))
    os.utime(content, ns=(time.time_ns() + 10**9,) * 2)
    assert "Sleeping better" in text(client.get("/"))


def test_thumbnail_is_a_png(client):
    response = client.get("/thumbnail/pain-relief.png")
    assert response.mimetype == "image/png" and response.data[:4] == b"\x89PNG"
    assert client.get("/thumbnail/nope.png").status_code == 404


def test_serve_usage_errors_exit_2(tmp_path):
    bad_port = run_cli(
        "serve", "--content", str(station_content(tmp_path)), "--port", "0", cwd=tmp_path
    )
    assert bad_port.returncode == 2
    assert bad_port.stderr == "handouts: --port 0: use a number from 1 to 65535\n"
    missing = run_cli("serve", "--content", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == "handouts: nope.yaml: no such content file\n"


def test_characters_the_font_cannot_print_are_refused(client):
    response = post(client, patient="Ada \U0001f600")
    assert response.status_code == 400
    assert (
        "Patient name has a character the print font cannot show (U+1F600). "
        "Remove it and try again."
    ) in text(response)


def test_review_by_and_review_months_decide_what_is_stale(tmp_path):
    data = station_library()
    data["handouts"][0]["review_by"] = "2026-11-01"  # sleep-basics: due last month
    data["checks"] = {"review_months": 120}  # old-advice (2024) is then still fine
    client = station_app(station_content(tmp_path, data)).test_client()
    page = text(client.get("/"))
    assert "Review overdue since 2026-11-01" in page
    assert "Review overdue since 2034" not in page and page.count("Review overdue since") == 1


def test_broken_content_shows_its_problems_instead_of_crashing(tmp_path):
    content = station_content(tmp_path)
    client = station_app(content).test_client()
    content.write_text("clinic: [not, a, mapping]\nhandouts: []\n")
    os.utime(content, ns=(time.time_ns() + 10**9,) * 2)
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "Some content has problems" in page and "content.yaml:1:9: clinic:" in page
    assert client.get("/handout/pain-relief").status_code == 404


@pytest.mark.parametrize(
    "path, mimetype",
    [
        ("/", "text/html"),
        ("/handout/nothing-here", "text/html"),  # an error page
        ("/logo", "image/svg+xml"),
        ("/brand.css", "text/css"),
        ("/static/station.js", "text/javascript"),
        ("/static/station.css", "text/css"),
        ("/thumbnail/pain-relief.png", "image/png"),
    ],
)
def test_every_response_carries_a_policy_and_nosniff(logo_client, path, mimetype):
    from handouts.station.app import FILE_CSP

    response = logo_client.get(path)
    assert response.mimetype == mimetype
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert policy == (CSP if mimetype == "text/html" else FILE_CSP)
    assert "default-src 'none'" in policy and "unsafe" not in policy


def test_a_pdf_response_runs_nothing_either(client):
    from handouts.station.app import PDF_CSP

    response = post(client, patient=PATIENT)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == PDF_CSP
    assert PDF_CSP.startswith("default-src 'none'; frame-ancestors 'none'")


LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    b'<rect width="40" height="20" fill="#1B4965"/></svg>'
)


@pytest.fixture
def logo_folder(tmp_path):
    (tmp_path / "logo.svg").write_bytes(LOGO)
    data = station_library()
    data["clinic"]["logo"] = "logo.svg"
    station_content(tmp_path, data)
    return tmp_path


@pytest.fixture
def logo_client(logo_folder):
    return station_app(logo_folder / "content.yaml").test_client()


@pytest.mark.parametrize(
    "swap",
    [
        lambda logo, outside: logo.symlink_to(outside),
        lambda logo, outside: logo.symlink_to("/dev/zero"),
        lambda logo, outside: logo.write_bytes(b"<svg onload='alert(1)'/>"),
    ],
    ids=["outside-file", "dev-zero", "new-bytes"],
)
def test_the_logo_served_is_the_one_read_at_start_up(logo_folder, logo_client, tmp_path, swap):
    assert logo_client.get("/logo").data == LOGO
    outside = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    outside.write_text("patient list")
    logo = logo_folder / "logo.svg"
    logo.unlink()
    swap(logo, outside)
    response = logo_client.get("/logo")
    assert response.status_code == 200 and response.data == LOGO
    assert response.mimetype == "image/svg+xml"


# ------------------------------------------------------------ search and topics across languages


@pytest.fixture
def family_client(tmp_path):
    return station_app(station_content(tmp_path, family_library())).test_client()


def test_the_search_fold_keeps_vowel_signs_and_drops_only_combining_marks():
    assert folded("केटामाइन") == "केटामाइन"  # its matras are marks, but not combining ones
    assert folded("Después de la ketamina: el sueño") == "despues de la ketamina: el sueno"
    assert folded("Tiếng Việt") == "tieng viet" and folded("Đau") == "dau"
    assert folded("Straße") == "strasse" and folded("ΌΣΟΣ") == "οσοσ"
    assert folded("케타민") == unicodedata.normalize("NFKD", "케타민")  # jamo, none combining


def test_the_page_carries_the_servers_fold_for_the_query(family_client):
    page = family_client.get("/").get_data(as_text=True)
    found = re.search(r'data-fold="([^"]*)"', page)
    assert found is not None
    table = json.loads(html.unescape(found.group(1)))
    assert table == fold_table()
    assert table["map"]["ß"] == "ss" and table["map"]["đ"] == "d"
    # Latin, Greek, Cyrillic, Hebrew and Arabic marks go; Devanagari's vowel signs
    # (U+093E-U+094C, combining class 0) are outside every range.
    ranges = [
        [int(code, 16) for code in re.findall(r"\\u\{([0-9a-f]+)\}", pair)]
        for pair in re.findall(r"\\u\{[0-9a-f]+\}-\\u\{[0-9a-f]+\}", table["marks"])
    ]
    dropped = {code for a, b in ranges for code in range(a, b + 1)}
    assert {0x0301, 0x0303, 0x0483, 0x05B0, 0x064B} <= dropped
    assert not dropped & set(range(0x093E, 0x094D))
    assert dropped == {c for c in range(0x110000) if unicodedata.combining(chr(c))}


def test_a_topic_lists_once_and_matches_every_copy_of_its_family(family_client):
    page = text(family_client.get("/"))
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', page.split('id="tag"')[1])
    topics = [label for _, label in options[: options.index(("", "All languages"))]][1:]
    assert topics == ["aftercare", "ketamine", "sleep"]  # not ketamina, केटामाइन, 케타민
    cards = re.findall(r'<li class="card"[^>]*data-tags="([^"]*)"[^>]*>', page)
    assert len(cards) == 5
    assert sum("|ketamine|" in tags for tags in cards) == 4  # the source and its three copies
    assert sum("|sleep|" in tags for tags in cards) == 1


def test_the_format_choice_states_the_handouts_own_page_count(tmp_path):
    data = station_library()
    data["handouts"].append(long_handout("long", n=14))
    client = station_app(station_content(tmp_path, data)).test_client()
    long_page = text(client.get("/handout/long"))
    pages = pdf_pages(post(client, "/handout/long/pdf").data)
    assert pages >= 3
    assert f"Handout ({pages} pages)" in long_page
    assert "Handout (1 page)" in text(client.get("/handout/pain-relief"))
    assert "1–2" not in long_page
    assert "Large print (18 pt, one column)" in long_page  # not rendered yet: no count
    set_page = text(client.get("/set/first-visit"))
    assert "Handout (3 pages)" in set_page  # two one-page handouts and a blank back
