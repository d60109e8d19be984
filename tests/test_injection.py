"""No markup injection: what an author types is what the page says.

Every text field that reaches a page gets its own tag followed by the same
payload of ReportLab tags and entities. The extracted PDF text must show
each tag followed by the payload exactly as typed: not bold, not a link,
not an image read from disk, not a decoded entity, and no crash.
"""

from __future__ import annotations

import json
import re
from itertools import count

import pypdfium2
import pytest
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
from pypdf import PdfReader

PAYLOAD = (
    '<img src="x.png"/> <a href=javascript:x> <font color=red> <onDraw name=x/> '
    "&amp; &lt; &#65; <b>unclosed </para>"
)
# The clinic's name shares the header band with three payload contacts: the
# whole payload would take three lines there, which the band refuses (it
# never cuts a name), so the name carries the same kinds of markup, shorter.
NAME = "Clinic <a href=x> &amp; &#65; <b></para>"


def _tagged_library(brochure: bool = False) -> tuple[dict, list[str]]:
    numbers = count(1)
    tags: list[str] = []

    def t() -> str:
        tag = f"F{next(numbers):02d}"
        tags.append(tag)
        return f"{tag} {PAYLOAD}"

    clinic = {
        **CLINIC,
        "name": NAME,
        "tagline": t(),
        "disclaimer": t(),
        "disclaimer_short": t(),
        "accreditation": t(),
        "contact": {
            "phone": t(),
            "email": t(),
            "address": t(),
            "hours": t(),
            "website": "https://harborlight.example",
        },
    }
    body = [
        t(),
        {"subheading": t()},
        {"bullets": [t(), t()]},
        {"steps": [t()]},
        {"checklist": [t()]},
        {"callout": {"kind": "warning", "title": t(), "body": [t()]}},
        {"definitions": [{"term": t(), "definition": t()}]},
        {"quote": {"text": t(), "by": t()}},
        {"table": {"header": [t(), "B"], "rows": [[t(), "x"]], "caption": t()}},
        {"fill_in": [t()]},
        {"qr": {"url": "https://harborlight.example/q", "caption": t()}},
    ]
    handout = {
        "id": "inject",
        "title": t(),
        "subtitle": t(),
        "reviewed": "2026-10-01",
        "summary": [t()],
        "intro": [t()],
        "sections": [{"heading": t(), "body": body}],
        "call_to_action": t(),
    }
    if brochure:  # less room: the same hostile text in the brochure's panels
        # The text engine breaks long tokens only where UAX #14 allows (ReportLab cut
        # them anywhere): 26 pt of hostile title would not fit the cover; the handout
        # test covers the title.
        handout.update(formats=["trifold", "bifold"], fit="shrink", summary=[t()])
        handout["title"] = "Hostile fields"
        handout["sections"][0]["body"] = body[:3]
        for key in ("subtitle", "intro", "call_to_action"):
            del handout[key]
        clinic = {**CLINIC, "name": t(), "disclaimer": t()}
    data = {"clinic": clinic, "handouts": [handout]}
    used = set(re.findall(r"F\d\d", json.dumps(data)))
    return data, [tag for tag in tags if tag in used]


def _text(path) -> str:
    return " ".join(page_texts(path))


def test_every_printed_field_shows_tags_and_entities_exactly_as_typed(tmp_path):
    data, tags = _tagged_library()
    report = build_into(tmp_path, data)
    # Page breaks are judged elsewhere (test_pagination): here only what prints.
    problems = [d for d in report.diagnostics if "holds only the closing card" not in d.message]
    assert problems == [], [str(d) for d in problems]
    (out,) = report.outputs
    # The text engine may end a line inside a long token ("x/" | ">"): compare without spaces.
    text = "".join(_text(out.path).split())
    payload = "".join(PAYLOAD.split())
    assert [tag for tag in tags if f"{tag}{payload}" not in text] == [], text
    assert "".join(NAME.split()) in text


def test_brochure_panels_show_them_as_typed_too(tmp_path):
    data, tags = _tagged_library(brochure=True)
    report = build_into(tmp_path, data)
    # A short brochure's panels may not balance: a warning of its own (pagination).
    problems = [str(d) for d in report.diagnostics if "the stated tolerance" not in str(d)]
    assert problems == [], problems
    assert {o.format for o in report.outputs} == {"trifold", "bifold"}
    # Narrow panels may break a long token across lines, so compare without
    # spaces; a running header may cut the payload short with an ellipsis.
    payload = "".join(PAYLOAD.split())
    for out in report.outputs:
        text = "".join(_text(out.path).split())
        for match in re.finditer(r"F\d\d", text):
            after = text[match.end() : match.end() + len(payload)]
            assert payload.startswith(after.split("\u2026")[0]), (out.format, after)
        printed = {tag for tag in tags if tag + payload in text}
        assert len(printed) >= len(tags) - 2, (out.format, sorted(set(tags) - printed))


def test_no_payload_becomes_an_image_a_link_or_a_javascript_action(tmp_path):
    data, _ = _tagged_library()
    report = build_into(tmp_path, data)
    for out in report.outputs:
        pdf = PdfReader(out.path)
        for page in pdf.pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A") or {}
                uri = str(action.get("/URI", ""))
                assert uri.startswith(("https:", "http:", "mailto:", "tel:")), uri
                assert "/JS" not in action and action.get("/S") != "/JavaScript"
            images = page["/Resources"].get("/XObject") or {}
            for xobj in images.values():
                obj = xobj.get_object()
                # only the logo/QR drawings (forms); no raster image read from "x.png"
                assert obj.get("/Subtype") != "/Image" or obj.get("/Width") != 1


def test_a_javascript_link_in_inline_markup_is_a_content_error(tmp_path):
    data, _ = _tagged_library()
    data["handouts"][0]["intro"] = ["Click [here](javascript:alert) now"]
    report = build_into(tmp_path, data)
    messages = [str(d) for d in report.diagnostics]
    assert any("link scheme 'javascript:' is not allowed" in m for m in messages), messages


def test_the_catalogue_prints_a_hostile_base_url_as_typed(tmp_path):
    """settings.base_url reaches the catalogue's links: it used to be spliced
    into a double-quoted attribute, and a '"' in it crashed the build."""
    base = 'https://clinic.example/a" onclick="x&amp;<b>/'
    data = {**library(handout("one")), "settings": {"base_url": base}}
    write_content(tmp_path, data)
    result = run_main(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page_texts(tmp_path / "out" / "catalogue.pdf")).split())
    assert f"{base}one.pdf" in text


def _with_url(where: str, url: str) -> dict:
    h = handout("q", section("S", {"qr": {"url": url}})) if where == "qr" else handout("q")
    if where == "link":
        h["intro"] = [f"Read [this]({url}) first."]
    data = library(h)
    if where == "website":
        data["clinic"]["contact"]["website"] = url
    if where == "qr_url":
        data["clinic"]["qr_url"] = url
    if where == "base_url":
        data["settings"] = {"base_url": url}
    return data


FIELDS = {
    "qr": (
        "content.yaml:24:14: handouts[0].sections[0].body[0].qr.url",
        "https:, http:, mailto:, tel:",
    ),
    "link": ("content.yaml:26:5: handouts[0].intro[0]", "https:, http:, mailto:, tel:"),
    "website": ("content.yaml:9:14: clinic.contact.website", "https:, http:"),
    "qr_url": ("content.yaml:14:11: clinic.qr_url", "https:, http:"),
    "base_url": ("content.yaml:26:13: settings.base_url", "https:, http:"),
}


@pytest.mark.parametrize("where", sorted(FIELDS))
@pytest.mark.parametrize(
    "url", ["javascript:alert%281%29", "file:///etc/passwd", "data:text/html,x", "smb://host/share"]
)
def test_every_address_passes_the_one_scheme_check(tmp_path, where, url):
    write_content(tmp_path, _with_url(where, url))
    result = run_main(cwd=tmp_path)
    assert result.returncode == 1
    field, allowed = FIELDS[where]
    scheme = url.split(":")[0]
    assert result.stderr.splitlines() == [
        f"{field}: link scheme '{scheme}:' is not allowed in '{url}'; use one of {allowed}"
    ]
    assert not (tmp_path / "out" / "q.pdf").exists()


@pytest.mark.parametrize("url", ["tel:+15550100", "mailto:care@harborlight.example"])
def test_a_qr_code_may_dial_or_mail(tmp_path, url):
    report = build_into(tmp_path, _with_url("qr", url))
    assert not report.failed
    (code,) = zxingcpp.read_barcodes(
        pypdfium2.PdfDocument(report.outputs[0].path)[0].render(scale=3).to_pil()
    )
    assert code.text == url


def test_a_web_address_needs_its_slashes(tmp_path):
    write_content(tmp_path, _with_url("qr", "https:evil.example"))
    result = run_main(cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content.yaml:24:14: handouts[0].sections[0].body[0].qr.url: web address "
        "'https:evil.example' needs // after 'https:': write https://"
    ]
