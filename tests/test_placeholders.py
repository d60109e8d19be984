"""{clinic.phone}-style placeholders: each clinic's copy of a handout gives its own details."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import yaml
import zxingcpp
from helpers import CLINIC, ROOT, build_into, handout, library, page_texts, run_main, section
from pypdf import PdfReader
from station_helpers import station_app

from handouts.checks.run import check_content
from handouts.options import BuildOptions

SISTER = {
    **CLINIC,
    "name": "Seaside Pain Clinic",
    "contact": {
        "phone": "+1 (555) 010-0300",
        "website": "https://seaside.example",
        "email": "hello@seaside.example",
    },
    "disclaimer": "Seaside handouts are for education only. Ask your own care team.",
}
CTA = "Questions? Call us at [{clinic.phone}](tel:{clinic.phone})."


def link_targets(path: Path) -> list[str]:
    return [
        str(annot.get_object()["/A"]["/URI"])
        for page in PdfReader(path).pages
        for annot in page.get("/Annots", [])
        if "/URI" in annot.get_object().get("/A", {})
    ]


def qr_texts(path: Path) -> set[str]:
    return {
        code.text
        for page in pdfium.PdfDocument(path)
        for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    }


def problems(folder: Path, data: dict, **options) -> list[str]:
    return [str(d) for d in build_into(folder, data, **options).diagnostics]


def sample_with_a_sister(folder: Path) -> Path:
    """The shipped sample, its clinic now the first of two brands."""
    data = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    data["clinics"] = {"harbor": data.pop("clinic"), "seaside": SISTER}
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "assets", folder / "assets")
    (folder / "content.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return folder / "content.yaml"


def test_the_sample_printed_for_a_sister_clinic_gives_the_sisters_phone(tmp_path):
    sample_with_a_sister(tmp_path)
    one = ("first-infusion-visit", "--no-catalogue")  # the sample's handout with a callout
    own = run_main(*one, "--out", "harbor", cwd=tmp_path)
    sister = run_main(*one, "--clinic", "seaside", "--out", "seaside", cwd=tmp_path)
    assert own.returncode == sister.returncode == 0, sister.stderr
    harbor = tmp_path / "harbor" / "first-infusion-visit.pdf"
    seaside = tmp_path / "seaside" / "first-infusion-visit.pdf"
    assert "Questions? Call us at (555) 010-0199. We are glad to help." in page_texts(harbor)[-1]
    assert "tel:5550100199" in link_targets(harbor)
    text = " ".join(page_texts(seaside))
    assert "Questions? Call us at +1 (555) 010-0300. We are glad to help." in text
    assert "Call us at +1 (555) 010-0300 if you feel sick or dizzy" in text  # the callout
    assert "010-0199" not in text
    targets = link_targets(seaside)
    assert targets.count("tel:+15550100300") == 3  # callout, call to action, contact card
    assert "https://seaside.example/first-visit" in targets  # the QR code's printed address
    assert not [t for t in targets if "0100199" in t or "harborlight" in t]
    assert qr_texts(seaside) == {"https://seaside.example/first-visit"}
    assert qr_texts(harbor) == {"https://harborlight.example/first-visit"}


def test_every_placeholder_fills_in_from_the_brand_in_the_handouts_language(tmp_path):
    clinic = {
        **SISTER,
        "contact": {**SISTER["contact"], "address": "1 Shore Rd", "hours": "Mon–Fri 9 am–5 pm"},
        "translations": {"es": {"hours": "lun–vie 9 am–5 pm"}},
    }
    body = (
        "{clinic.name}, {clinic.address}. Open {clinic.hours}. "
        "Write to [{clinic.email}](mailto:{clinic.email}) or see "
        "[our first-visit page]({clinic.website}/first-visit)."
    )
    data = library(
        handout("en-doc", section("Where we are", body)),
        handout("es-doc", section("Dónde estamos", body), language="es", title="Sobre"),
    )
    data["clinic"] = clinic
    report = build_into(tmp_path, data)
    # Only the hours are translated: the rest prints in English, with a warning.
    assert [d for d in report.diagnostics if "print in English" not in str(d)] == []
    en, es = (report.outputs[i].path for i in (0, 1))
    assert (
        "Seaside Pain Clinic, 1 Shore Rd. Open Mon–Fri 9 am–5 pm. Write to hello@seaside.example "
        "or see our first-visit page."
    ) in " ".join(page_texts(en))
    assert "Open lun–vie 9 am–5 pm." in " ".join(page_texts(es))
    targets = link_targets(en)
    assert "mailto:hello@seaside.example" in targets
    assert "https://seaside.example/first-visit" in targets


def test_an_unknown_placeholder_is_a_positioned_error_with_a_suggestion(tmp_path):
    data = library(
        handout(call_to_action="Fax us at {clinic.fax}.", summary=["Call {clinic.phnoe}."])
    )
    assert problems(tmp_path, data) == [
        "content.yaml:19:5: handouts[0].summary[0]: unknown placeholder {clinic.phnoe} "
        "(did you mean {clinic.phone}?)",
        "content.yaml:24:19: handouts[0].call_to_action: unknown placeholder {clinic.fax} "
        "(use one of {clinic.name}, {clinic.phone}, {clinic.email}, {clinic.website}, "
        "{clinic.address}, {clinic.hours})",
    ]


def test_a_placeholder_the_brand_cannot_fill_names_the_field_it_needs(tmp_path):
    data = {
        "clinics": {"harbor": {**CLINIC, "contact": {"email": "care@harborlight.example"}}},
        "handouts": [handout(call_to_action="Write to [{clinic.email}](mailto:{clinic.email}).")],
    }
    data["clinics"]["seaside"] = {**SISTER, "contact": {"phone": "(555) 010-0300"}}
    assert problems(tmp_path, data) == []  # its own brand has an email
    result = run_main("--clinic", "seaside", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[0] == (
        "content.yaml:31:19: handouts[0].call_to_action: {clinic.email}: clinics.seaside has "
        "no contact.email (add it there, or write this text without the placeholder)"
    )


def test_a_link_target_must_be_a_placeholder_link_form(tmp_path):
    data = library(handout(call_to_action="Call [us]({clinic.phone})."))
    assert problems(tmp_path, data) == [
        "content.yaml:24:19: handouts[0].call_to_action: link target '{clinic.phone}' cannot be "
        "filled in (write [...](tel:{clinic.phone}), [...](mailto:{clinic.email}) or "
        "[...]({clinic.website}), which may go on to a page: {clinic.website}/visit)"
    ]


def test_braces_that_are_not_placeholders_print_as_typed(tmp_path):
    typed = "Bring your {list}, {clinic} card and {clinic.phone notes. {Clinic.Phone} too."
    report = build_into(tmp_path, library(handout("x", section("What to bring", typed))))
    assert report.diagnostics == []
    assert typed in " ".join(page_texts(report.outputs[0].path))


def test_a_brand_detail_used_as_a_placeholder_prints_as_text(tmp_path):
    name = 'Harbor <font color="red">&amp;</font> <img src="/etc/passwd"/> Health'
    data = library(
        handout("x", section("Who we are", "**{clinic.name}** cares for you.")),
        name=name,
        contact={"phone": '555 0100 <a href="https://evil.example">x</a>'},
    )
    data["handouts"][0]["call_to_action"] = CTA
    report = build_into(tmp_path, data)
    assert report.diagnostics == []
    path = report.outputs[0].path
    text = " ".join(page_texts(path))
    assert f"{name} cares for you." in text
    cta = 'Callusat5550100<ahref="https://evil.example">x</a>.'
    assert cta in text.replace(" ", "")  # the line may wrap inside it
    assert not [t for t in link_targets(path) if "evil" in t]
    assert "tel:5550100" in link_targets(path)


def test_a_brand_detail_that_would_change_the_markup_is_refused(tmp_path):
    data = library(
        handout("x", section("Who we are", "Welcome to *{clinic.name}*.")), name="A *B* C"
    )
    assert problems(tmp_path, data) == [
        "content.yaml:23:7: handouts[0].sections[0].body[0]: {clinic.name} would change the "
        "bold, italics or links of this text: clinic.name is 'A *B* C' "
        "(write this text without the placeholder)"
    ]


def test_the_check_names_the_placeholder_for_a_typed_in_phone(tmp_path):
    # One brand: `check` cannot read a library with clinics: yet (structure rule).
    data = library(
        handout(
            call_to_action="Call [(555) 010-0199](tel:+15550100199) today.",
            summary=["Mail care@harborlight.example or see www.harborlight.example/visit."],
            sections=[section("Visit", {"qr": {"url": "https://harborlight.example/visit"}})],
        ),
        contact={
            "phone": "(555) 010-0199",
            "email": "care@harborlight.example",
            "website": "https://harborlight.example",
        },
    )
    content = tmp_path / "content.yaml"
    content.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    report = check_content(BuildOptions(content=content), today=dt.date(2026, 10, 2))
    (result,) = [r for r in report.handouts[0].results if r.rule == "contact_placeholders"]
    assert (result.status, result.summary) == ("warn", "4 clinic details typed in")
    assert [str(f) for f in result.findings] == [
        "content.yaml:19:5: warning: handouts[0].summary[0]: the email address of Harbor Light "
        'Behavioral Health is typed in: "care@harborlight.example" (write {clinic.email} '
        "instead, so each clinic's copy shows its own; as a link: "
        "[{clinic.email}](mailto:{clinic.email}))",
        "content.yaml:19:5: warning: handouts[0].summary[0]: the web address of Harbor Light "
        'Behavioral Health is typed in: "www.harborlight.example/visit" (write '
        "{clinic.website} instead, so each clinic's copy shows its own; "
        "a page on it: {clinic.website}/page)",
        "content.yaml:24:14: warning: handouts[0].sections[0].body[0].qr.url: the web address "
        'of Harbor Light Behavioral Health is typed in: "https://harborlight.example/visit" '
        "(write {clinic.website} instead, so each clinic's copy shows its own; "
        "a page on it: {clinic.website}/page)",
        "content.yaml:25:19: warning: handouts[0].call_to_action: the phone number of Harbor "
        'Light Behavioral Health is typed in: "(555) 010-0199" (write {clinic.phone} instead, '
        "so each clinic's copy shows its own; as a link: [{clinic.phone}](tel:{clinic.phone}))",
    ]


def test_the_checks_read_the_filled_in_words(tmp_path):
    data = library(handout(call_to_action=CTA))
    content = tmp_path / "content.yaml"
    content.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    from handouts.api import load_library
    from handouts.checks.gate import context

    checked = load_library(content)
    ctx = context(checked, checked.library.handouts[0], dt.date(2026, 10, 2))
    assert "{clinic" not in ctx.handout.call_to_action
    assert "Call us at [(555)\u00a0010-0199](tel:5550100199)." in ctx.handout.call_to_action


def test_the_print_station_shows_and_prints_the_filled_in_handout(tmp_path):
    data = library(handout("visit", title="Your visit to {clinic.name}", call_to_action=CTA))
    content = tmp_path / "content.yaml"
    content.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    client = station_app(content).test_client()
    assert "Your visit to Harbor Light Behavioral Health" in client.get("/").get_data(as_text=True)
    response = client.post(
        "/handout/visit/pdf",
        data={"format": "handout", "paper": "letter", "variant": "standard"},
        headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Questions? Call us at (555) 010-0199." in text and "{clinic" not in text
    assert reader.metadata.title == "Your visit to Harbor Light Behavioral Health"


def test_a_qr_code_address_may_start_with_the_website_and_nothing_else(tmp_path):
    data = library(handout("x", section("Visit", {"qr": {"url": "{clinic.phone}/visit"}})))
    assert problems(tmp_path, data) == [
        "content.yaml:24:14: handouts[0].sections[0].body[0].qr.url: '{clinic.phone}/visit' "
        "cannot be filled in (only {clinic.website} may start an address, alone or followed "
        "by a page: {clinic.website}/visit)"
    ]


def test_placeholders_cannot_blow_a_text_up(tmp_path):
    many = " ".join(["{clinic.name}"] * 40)  # 40 words typed, 140,000 characters filled in
    data = library(handout("x", section("Who we are", many)), name="Harbor " * 500)
    assert problems(tmp_path, data) == [
        "content.yaml:64:7: handouts[0].sections[0].body[0]: filled in, this text would be "
        "140,519 characters long; the limit is 100,000 (use fewer placeholders)"
    ]
