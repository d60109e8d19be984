"""The print station in a real browser: Debian's Chromium driven by Playwright.

The server runs in this process (waitress in a thread) on a free loopback
port. Chromium's PDF viewer hides the bytes of the PDF it shows, so the PDF
responses are captured by request routing on their way to the tab.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from station_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PATIENT,
    family_library,
    pdf_pages,
    pdf_text,
    running_station,
    station_content,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM} (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    with running_station(station_content(tmp_path_factory.mktemp("station"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


class CapturedPdf:
    """Route PDF requests through Playwright and keep what the server answered."""

    def __init__(self, context):
        self.responses = []
        context.route("**/pdf", self._handle)

    def _handle(self, route):
        response = route.fetch()
        self.responses.append((response.status, response.headers, response.body()))
        route.fulfill(response=response)

    def submit(self, page, button="Open PDF to print"):
        with page.context.expect_page() as new_tab:
            page.get_by_role("button", name=button).click()
        new_tab.value.wait_for_load_state()
        assert self.responses, "the form did not send a PDF request"
        return self.responses[-1]


def visible_cards(page) -> int:
    return page.locator("#cards .card:visible").count()


def test_search_narrows_the_catalogue(context, station):
    page = context.new_page()
    page.goto(station)
    assert visible_cards(page) == 4
    page.get_by_label("Search by title, topic or language").fill("sleep")
    assert visible_cards(page) == 1
    assert page.locator("#count").inner_text() == "1 of 4 handouts"
    page.get_by_label("Search by title, topic or language").fill("")
    page.get_by_label("Language", exact=True).select_option("es")
    assert visible_cards(page) == 1
    assert page.locator("#cards .card:visible h3").inner_text() == "Dolor crónico"
    page.get_by_label("Language", exact=True).select_option("")
    page.get_by_label("Topic", exact=True).select_option("pain")
    assert visible_cards(page) == 2
    page.get_by_label("Search by title, topic or language").fill("nothing like this")
    assert page.locator("#none").is_visible()


def test_search_ignores_accents_and_languages_are_named_in_themselves(context, station):
    page = context.new_page()
    page.goto(station)
    search = page.get_by_label("Search by title, topic or language")
    for query in ("cronico", "CRÓNICO", "dolor cronico", "espanol"):
        search.fill(query)
        assert visible_cards(page) == 1, query
        assert page.locator("#cards .card:visible h3").inner_text() == "Dolor crónico"
    search.fill("")
    options = page.get_by_label("Language", exact=True).locator("option").all_inner_texts()
    assert options == ["All languages", "English", "Español"]


def test_personalised_pdf_has_the_name_but_not_in_title_or_file_name(context, station):
    capture = CapturedPdf(context)
    page = context.new_page()
    page.goto(f"{station}/handout/pain-relief")
    page.get_by_label("Patient name").fill(PATIENT)
    page.get_by_label("Next appointment").fill("Tuesday 10 am")
    status, headers, body = capture.submit(page)
    assert status == 200
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == 'inline; filename="pain-relief.pdf"'
    assert PATIENT in pdf_text(body)
    meta = PdfReader(io.BytesIO(body)).metadata
    assert meta.title == "Pain relief"
    assert all(PATIENT not in str(value) for value in meta.values())


def test_cross_site_post_is_refused(context, station):
    """A page on another site submits a form to the station: refused."""
    attack = (
        f'<form method="post" action="{station}/handout/pain-relief/pdf">'
        '<input name="patient" value="Mallory"><input name="format" value="handout">'
        '<input name="paper" value="letter"><input name="variant" value="standard">'
        "<button>Send</button></form>"
    )
    context.route(
        "http://attacker.test/**",
        lambda route: route.fulfill(body=attack, content_type="text/html"),
    )
    page = context.new_page()
    page.goto("http://attacker.test/")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send").click()
    assert navigation.value.status == 403
    assert "Forms can only be sent from the station's own pages." in page.content().replace(
        "&#39;", "'"
    )


def test_a_set_prints_as_one_pdf_with_all_its_pages(context, station):
    capture = CapturedPdf(context)
    page = context.new_page()
    singles = []
    for hid in ("sleep-basics", "pain-relief"):
        page.goto(f"{station}/handout/{hid}")
        singles.append(capture.submit(page)[2])
    page.goto(station)
    page.get_by_role("link", name="Print set").click()
    page.get_by_label("Patient name").fill(PATIENT)
    status, headers, body = capture.submit(page)
    assert status == 200
    assert headers["content-disposition"] == 'inline; filename="first-visit.pdf"'
    # Each one-page handout but the last gets a blank back (printed duplex).
    assert pdf_pages(body) == sum(
        pdf_pages(s) + pdf_pages(s) % 2 for s in singles[:-1]
    ) + pdf_pages(singles[-1])
    text = pdf_text(body)
    assert "Sleep basics" in text and "Pain relief" in text and PATIENT in text


def test_stale_handout_cannot_be_printed_without_confirmation(context, station):
    capture = CapturedPdf(context)
    page = context.new_page()
    page.goto(f"{station}/handout/old-advice")
    assert page.get_by_role("alert").inner_text().startswith("This content is past its review")
    page.get_by_role("button", name="Open PDF to print").click()
    assert capture.responses == []  # the browser asks for the tick first
    page.get_by_label("I have checked that this content is still right").check()
    status, _, body = capture.submit(page)
    assert status == 200 and "Old advice" in pdf_text(body)


@pytest.fixture(scope="module")
def family_station(tmp_path_factory):
    content = station_content(tmp_path_factory.mktemp("family"), family_library())
    with running_station(content) as url:
        yield url


def visible_titles(page) -> list[str]:
    return page.locator("#cards .card:visible h3").all_inner_texts()


def test_search_in_any_script_folds_as_the_server_does(context, family_station):
    page = context.new_page()
    page.goto(family_station)
    search = page.get_by_label("Search by title, topic or language")
    expected = {
        "केटामाइन": "केटामाइन के बाद",  # Hindi keeps its vowel signs
        "हिन्दी": "केटामाइन के बाद",  # the language's own name
        "케타민": "케타민 주입 후",
        "sueno": "Después de la ketamina: el sueño",
        "SUEÑO": "Después de la ketamina: el sueño",
        "strasse": "Straße noise and sleep",
        "STRAẞE": "Straße noise and sleep",
    }
    for query, title in expected.items():
        search.fill(query)
        assert title in visible_titles(page), query
    search.fill("कटमइन")  # the word with its vowel signs stripped is no word
    assert visible_titles(page) == []


def test_a_topic_shows_the_whole_family_in_every_language(context, family_station):
    page = context.new_page()
    page.goto(family_station)
    topic = page.get_by_label("Topic", exact=True)
    assert topic.locator("option").all_inner_texts() == [
        "All topics",
        "aftercare",
        "ketamine",
        "sleep",
    ]
    topic.select_option("ketamine")
    assert len(visible_titles(page)) == 4
    page.get_by_label("Language", exact=True).select_option("ko")
    assert visible_titles(page) == ["케타민 주입 후"]
    page.get_by_label("Language", exact=True).select_option("")
    # Searching in the patient's language finds the family too (copies sit together).
    page.get_by_label("Search by title, topic or language").fill("케타민")
    assert len(visible_titles(page)) == 4 and "케타민 주입 후" in visible_titles(page)
