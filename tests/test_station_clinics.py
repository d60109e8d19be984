"""The print station for several clinics: a choice kept for the session, or one per clinic."""

from __future__ import annotations

import html
import io
import re
from collections import Counter

import pytest
from helpers import run_cli
from PIL import Image
from pypdf import PdfReader
from station_helpers import TODAY, pdf_text, station_content
from test_clinics import clinics_library

from handouts.options import StationOptions
from handouts.station.app import CLINIC_COOKIE, create_app

SAME_ORIGIN = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
FORM = {"format": "handout", "paper": "letter", "variant": "standard"}
HARBOR, SEASIDE = "Harbor Light Behavioral Health", "Seaside Pain Clinic"


def _library() -> dict:
    data = clinics_library()
    data["sets"] = [{"id": "both", "title": "Both", "handouts": ["visit", "sleep"]}]
    return data


@pytest.fixture
def content(tmp_path):
    return station_content(tmp_path, _library())


def _client(content, clinic=None):
    options = StationOptions(content=content, clinic=clinic)
    return create_app(options, today=lambda: TODAY).test_client()


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _choose(client, clinic: str):
    return client.post("/clinic", data={"clinic": clinic}, headers=SAME_ORIGIN)


def _band_color(png: bytes) -> tuple[int, int, int]:
    """The commonest colour of the thumbnail's header band (behind the name and contacts)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    band = image.crop((image.width // 4, 15, image.width * 3 // 4, 45))
    return Counter(band.get_flattened_data()).most_common(1)[0][0]


def test_the_front_page_offers_the_clinics_and_remembers_the_choice(content):
    client = _client(content)
    page = _text(client.get("/"))
    assert '<option value="harbor" selected>Harbor Light Behavioral Health</option>' in page
    assert '<option value="seaside">Seaside Pain Clinic</option>' in page
    assert f'<p class="clinic">{HARBOR}</p>' in page and "Your visit to Harbor Light" in page
    chosen = _choose(client, "seaside")
    assert chosen.status_code == 303 and chosen.headers["Location"].endswith("/")
    cookie = chosen.headers["Set-Cookie"]
    assert cookie.startswith(f"{CLINIC_COOKIE}=seaside;")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie  # for this session only
    page = _text(client.get("/"))
    assert '<option value="seaside" selected>' in page
    assert f'<p class="clinic">{SEASIDE}</p>' in page
    assert "Your visit to Seaside Pain Clinic" in page
    assert page.count("Harbor Light") == 1  # only in the list of clinics
    assert "--brand: #5B2A86" in client.get("/brand.css").get_data(as_text=True)
    print_page = _text(client.get("/handout/visit"))
    assert "Your visit to Seaside Pain Clinic" in print_page


def test_every_pdf_and_thumbnail_is_in_the_chosen_clinics_brand(content):
    harbor, seaside = _client(content), _client(content)
    _choose(seaside, "seaside")
    for client, name, phone, other in (
        (harbor, HARBOR, "(555) 010-0199", SEASIDE),
        (seaside, SEASIDE, "(555) 010-0300", HARBOR),
    ):
        pdf = client.post("/handout/visit/pdf", data=FORM, headers=SAME_ORIGIN)
        assert pdf.status_code == 200, pdf.get_data(as_text=True)
        words = pdf_text(pdf.data)
        assert words.startswith(name) and phone in words and other not in words
        assert f"How {name} can help" in words
        both = client.post("/set/both/pdf", data=FORM, headers=SAME_ORIGIN)
        assert both.status_code == 200
        assert PdfReader(io.BytesIO(both.data)).metadata.author == name
        assert pdf_text(both.data).count(name) >= 2 and other not in pdf_text(both.data)
    thumbs = [c.get("/thumbnail/visit.png").data for c in (harbor, seaside)]
    assert thumbs[0] != thumbs[1]
    assert _band_color(thumbs[0]) == (0x1B, 0x49, 0x65)  # Harbor's deep blue
    assert _band_color(thumbs[1]) == (0x5B, 0x2A, 0x86)  # Seaside's purple


def test_a_choice_that_names_no_clinic_is_refused_or_ignored(content):
    client = _client(content)
    assert _choose(client, "seasid").status_code == 400
    assert _choose(client, "").status_code == 400
    no_origin = client.post("/clinic", data={"clinic": "seaside"})
    assert no_origin.status_code in (200, 303)  # a browser's own form may send neither header
    cross = client.post(
        "/clinic", data={"clinic": "seaside"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403
    fresh = _client(content)
    fresh.set_cookie(CLINIC_COOKIE, "elsewhere")
    assert f'<p class="clinic">{HARBOR}</p>' in _text(fresh.get("/"))


def test_one_station_per_clinic_serves_only_that_clinic(content):
    client = _client(content, clinic="seaside")
    page = _text(client.get("/"))
    assert "clinic-choice" not in page and f'<p class="clinic">{SEASIDE}</p>' in page
    assert _choose(client, "harbor").status_code == 400
    client.set_cookie(CLINIC_COOKIE, "harbor")  # a choice cannot override the station's
    pdf = client.post("/handout/visit/pdf", data=FORM, headers=SAME_ORIGIN)
    assert pdf_text(pdf.data).startswith(SEASIDE)


def test_a_library_with_one_clinic_shows_no_choice(tmp_path):
    client = _client(station_content(tmp_path))
    assert "clinic-choice" not in _text(client.get("/"))
    assert _choose(client, "clinic").status_code == 400


def test_serve_refuses_an_unknown_clinic(tmp_path, content):
    result = run_cli("serve", "--clinic", "seasid", "--port", "1", cwd=content.parent)
    assert result.returncode == 2
    assert re.fullmatch(
        r"handouts: no clinic with id 'seasid'; did you mean 'seaside'\?\n", result.stderr
    )
