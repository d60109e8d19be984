"""Each printed copy carries a QR code to the same handout in its other languages.

A family is a source handout and its translations (`translation_of`). Where the
library publishes its PDFs (`settings.base_url`), the closing card of each copy
shows a code to every other language's PDF, captioned in that language, so the
reader the copy does not serve can find it.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp
from helpers import SPANISH_WORDS, build_into, handout, library, section, write_content
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTTextContainer
from tagcheck import read

from handouts.api import open_project
from handouts.options import Edition, RenderOptions
from handouts.project import editions

BASE = "https://harborlight.example/handouts/"
WORDS = {
    **SPANISH_WORDS,
    "vi": {
        "tagline": "Chăm sóc toàn diện cho cơn đau, tâm trạng và sự hồi phục",
        "disclaimer": "Tờ này chỉ để cung cấp thông tin, không phải lời khuyên y tế.",
    },
}


def _family(**settings) -> dict:
    english = handout("sleep", section("Sleep", "Go to bed at the same time."))
    spanish = handout(
        "sleep-es",
        section("Dormir", "Acuéstese a la misma hora."),
        language="es",
        translation_of="sleep",
        title="Dormir bien",
    )
    vietnamese = handout(
        "sleep-vi",
        section("Giấc ngủ", "Đi ngủ vào cùng một giờ."),
        language="vi",
        translation_of="sleep",
        title="Ngủ ngon",
    )
    alone = handout("alone", section("Pain", "Some words about pain."))
    data = library(english, spanish, vietnamese, alone, translations=WORDS)
    data["settings"] = {"base_url": BASE, **settings}
    return data


@pytest.fixture(scope="module")
def family_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("family")
    report = build_into(folder, _family())
    assert not report.failed, [str(d) for d in report.diagnostics]
    return {o.handout: o.path for o in report.outputs}


def _captions(path) -> dict[str, str]:
    """Text -> /Lang of every paragraph in a language other than the document's."""
    tree = read(path)
    out = {}
    for elem in tree.elements("P"):
        lang = str(elem.obj.get("/Lang", ""))
        if lang:
            out[tree.text(elem)] = lang
    return out


def _figures(path) -> dict[str, str]:
    tree = read(path)
    return {str(e.obj.Alt): str(e.obj.get("/Lang", "")) for e in tree.elements("Figure")}


@pytest.mark.parametrize(
    ("hid", "others"),
    [
        ("sleep", {"es": "Esta hoja en español", "vi": "Tờ thông tin này bằng tiếng Việt"}),
        ("sleep-es", {"en": "This handout in English", "vi": "Tờ thông tin này bằng tiếng Việt"}),
        ("sleep-vi", {"en": "This handout in English", "es": "Esta hoja en español"}),
    ],
)
def test_each_copy_has_a_code_to_every_other_language_captioned_in_it(family_pdfs, hid, others):
    path = family_pdfs[hid]
    captions = _captions(path)
    for lang, words in others.items():
        assert captions.get(words) == lang, captions
    figures = _figures(path)
    wanted = {
        f"{words}: harborlight.example/handouts/sleep{'' if lang == 'en' else '-' + lang}.pdf": lang
        for lang, words in others.items()
    }
    assert {alt: lang for alt, lang in figures.items() if alt in wanted} == wanted, figures
    text = " ".join(extract_text(str(path)).split())
    assert all(words in text for words in others.values())


def test_a_handout_without_translations_has_no_codes(family_pdfs):
    figures = _figures(family_pdfs["alone"])
    assert figures == {}
    assert "This handout in" not in extract_text(str(family_pdfs["alone"]))


def test_no_codes_where_the_library_publishes_nowhere(tmp_path):
    data = _family()
    del data["settings"]
    report = build_into(tmp_path, data)
    for out in report.outputs:
        assert _figures(out.path) == {}, out.handout


def _project(tmp_path, data):
    project, problems = open_project(write_content(tmp_path, data))
    assert project is not None, problems
    return project


def test_a_code_opens_the_same_format_when_the_translation_has_it_else_its_first(tmp_path):
    data = _family()
    data["handouts"][0]["formats"] = ["handout", "trifold"]
    data["handouts"][1]["formats"] = ["trifold", "handout"]
    project = _project(tmp_path, data)
    sleep = project.library.handouts[0]
    options = RenderOptions()
    assert editions(project, sleep, "trifold", options) == (
        Edition("es", BASE + "sleep-es-trifold.pdf"),
        Edition("vi", BASE + "sleep-vi.pdf"),
    )
    assert editions(project, sleep, "large-print", options) == (
        Edition("es", BASE + "sleep-es-trifold.pdf"),
        Edition("vi", BASE + "sleep-vi.pdf"),
    )
    spanish = project.library.handouts[1]
    assert [e.language for e in editions(project, spanish, "handout", options)] == ["en", "vi"]


def test_each_clinic_links_to_where_it_publishes(tmp_path):
    data = _family()
    clinic = data.pop("clinic")
    data["clinics"] = {"main": clinic, "north": {**clinic, "name": "North Harbor Clinic"}}
    data["settings"]["base_url"] = {"main": BASE, "north": "https://north.example/pdf"}
    project = _project(tmp_path, data)
    sleep = project.library.handouts[0]
    found = editions(project, sleep, "handout", RenderOptions(clinic="north"))
    assert found[0] == Edition("es", "https://north.example/pdf/sleep-es.pdf")


def test_adding_a_translation_rebuilds_its_family_and_nothing_else(tmp_path):
    data = _family()
    vietnamese = data["handouts"].pop(2)
    first = build_into(tmp_path, data)
    assert {o.handout for o in first.outputs} == {"sleep", "sleep-es", "alone"}
    data["handouts"].append(vietnamese)
    second = build_into(tmp_path, data)
    assert {o.handout for o in second.outputs} == {"sleep", "sleep-es", "sleep-vi"}
    assert {o.handout for o in second.skipped} == {"alone"}
    assert "Tờ thông tin này bằng tiếng Việt" in _captions(second.outputs[0].path)


def test_large_print_copies_carry_the_codes_in_their_contacts_card(tmp_path):
    report = build_into(tmp_path, _family(), formats=("large-print",))
    by_id = {o.handout: o.path for o in report.outputs}
    assert _captions(by_id["sleep-vi"]).get("This handout in English") == "en"
    figures = _figures(by_id["sleep"])
    assert figures == {
        "Esta hoja en español: harborlight.example/handouts/sleep-es.pdf": "es",
        "Tờ thông tin này bằng tiếng Việt: harborlight.example/handouts/sleep-vi.pdf": "vi",
    }


def test_a_build_in_worker_processes_finds_the_same_codes(tmp_path):
    """A worker holds only the handout it renders: the build finds each family first."""
    report = build_into(tmp_path, _family(), jobs=2)
    by_id = {o.handout: o.path for o in report.outputs}
    assert _captions(by_id["sleep"])["Esta hoja en español"] == "es"
    assert _captions(by_id["sleep-vi"])["This handout in English"] == "en"


@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
def test_a_brochure_carries_the_codes_on_its_back_panel(tmp_path, fmt):
    data = _family()
    data["handouts"][0]["formats"] = [fmt]
    report = build_into(tmp_path, data)
    assert not report.failed, [str(d) for d in report.diagnostics]
    path = next(o.path for o in report.outputs if o.format == fmt)
    figures = {alt: lang for alt, lang in _figures(path).items() if "/handouts/" in alt}
    assert figures == {
        "Esta hoja en español: harborlight.example/handouts/sleep-es.pdf": "es",
        "Tờ thông tin này bằng tiếng Việt: harborlight.example/handouts/sleep-vi.pdf": "vi",
    }
    # On the back panel: the sheet's outside page, with the contacts.
    outside = next(iter(extract_pages(str(path))))
    words = " ".join(b.get_text() for b in outside if isinstance(b, LTTextContainer))
    assert "Esta hoja en español" in " ".join(words.split()), words


@pytest.mark.parametrize(
    ("hid", "wanted"),
    [
        ("sleep", {"sleep-es.pdf", "sleep-vi.pdf"}),
        ("sleep-vi", {"sleep.pdf", "sleep-es.pdf"}),
    ],
)
def test_the_codes_scan_to_the_other_languages_pdfs(family_pdfs, hid, wanted):
    """Read back from the rendered page, as a phone would."""
    pdf = pdfium.PdfDocument(family_pdfs[hid])
    found = {
        code.text for page in pdf for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    }
    assert {BASE + name for name in wanted} <= found, found
