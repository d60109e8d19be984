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
from helpers import (
    SPANISH_WORDS,
    build_into,
    bullets,
    handout,
    library,
    long_handout,
    section,
    write_content,
)
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTTextContainer
from tagcheck import read

from handouts.api import open_project
from handouts.diagnostics import Severity
from handouts.formats import FORMATS
from handouts.labels import table
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


def test_a_code_opens_the_same_format_when_the_copy_lists_it_else_its_handout_else_its_first(
    tmp_path,
):
    """Each code opens a file a full build makes of that copy: one of its own formats."""
    data = _family()
    data["handouts"][0]["formats"] = ["handout", "bifold"]
    data["handouts"][1]["formats"] = ["trifold", "handout"]
    data["handouts"][2]["formats"] = ["bifold", "trifold"]
    project = _project(tmp_path, data)
    sleep, spanish, vietnamese = project.library.handouts[:3]
    options = RenderOptions()

    def files(handout, fmt):
        found = editions(project, handout, fmt, options)
        return [(e.language, e.url.removeprefix(BASE)) for e in found.codes], found.named

    assert files(sleep, "bifold") == ([("es", "sleep-es.pdf"), ("vi", "sleep-vi-bifold.pdf")], ())
    assert files(sleep, "large-print") == files(sleep, "handout") == files(sleep, "bifold")
    assert files(vietnamese, "bifold") == ([("en", "sleep-bifold.pdf"), ("es", "sleep-es.pdf")], ())
    # A tri-fold has room for one code: the source's; the other language is named.
    assert files(spanish, "trifold") == ([("en", "sleep.pdf")], ("vi",))
    found = editions(project, sleep, "bifold", options).codes
    assert [e.file for e in found] == ["sleep-es.pdf", "sleep-vi-bifold.pdf"]


def test_each_clinic_links_to_where_it_publishes(tmp_path):
    data = _family()
    clinic = data.pop("clinic")
    data["clinics"] = {"main": clinic, "north": {**clinic, "name": "North Harbor Clinic"}}
    data["settings"]["base_url"] = {"main": BASE, "north": "https://north.example/pdf"}
    project = _project(tmp_path, data)
    sleep = project.library.handouts[0]
    found = editions(project, sleep, "handout", RenderOptions(clinic="north"))
    assert found.codes[0] == Edition("es", "https://north.example/pdf/sleep-es.pdf", "sleep-es.pdf")


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
    coded = {
        "Esta hoja en español: harborlight.example/handouts/sleep-es.pdf": "es",
        "Tờ thông tin này bằng tiếng Việt: harborlight.example/handouts/sleep-vi.pdf": "vi",
    }
    assert figures == dict(list(coded.items())[: FORMATS[fmt].edition_codes])
    # On the back panel: the sheet's outside page, with the contacts.
    outside = next(iter(extract_pages(str(path))))
    words = " ".join(b.get_text() for b in outside if isinstance(b, LTTextContainer))
    assert "Esta hoja en español" in " ".join(words.split()), words
    if fmt == "trifold":  # room for one code: the other language named beside it
        assert "Also in Tiếng Việt: ask us for a copy." in " ".join(words.split()), words


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


# ------------------------------------------------------------ families of many languages

# Languages with shipped labels, in the order a family of n languages adds them.
LANGUAGES = ("es", "vi", "zh-Hans", "ar", "ru", "ko", "hi", "tl", "ht", "pl", "fr", "pt", "ja")
SOURCE_FORMATS = ["handout", "trifold", "bifold", "large-print"]
COPY_FORMATS = ["handout", "large-print"]


def _copy_id(tag: str) -> str:
    return f"after-{tag.lower()}"


def _languages(n: int) -> dict:
    """A family of `n` languages: an English source in every format and n - 1
    translations written in their own labels' words, in handout and large print."""
    source = handout(
        "after",
        section("At home", "Rest for the rest of the day.", bullets("Drink water.", "Eat light.")),
        section("When to call", "Call us if you feel unwell or unsafe."),
        formats=SOURCE_FORMATS,
    )
    copies = []
    for tag in LANGUAGES[: n - 1]:
        words = table(tag)
        copies.append(
            handout(
                _copy_id(tag),
                section(words.key_points, f"{words.in_this_language}.", bullets(words.tip)),
                language=tag,
                translation_of="after",
                title=words.in_this_language,
                summary=[words.warning],
                call_to_action=words.contact.format(clinic="Harbor Light"),
                formats=COPY_FORMATS,
            )
        )
    data = library(source, *copies)
    data["settings"] = {"base_url": BASE}
    return data


@pytest.fixture(scope="module")
def families(tmp_path_factory):
    """The family built at 5, 9 and 14 languages: {n: (report, {(id, format): path})}."""
    out = {}
    for n in (5, 9, 14):
        report = build_into(tmp_path_factory.mktemp(f"family{n}"), _languages(n))
        out[n] = report, {(o.handout, o.format): o.path for o in report.outputs}
    return out


@pytest.mark.parametrize("n", [5, 9, 14])
def test_every_copy_of_a_large_family_builds_in_every_format_it_lists(families, n):
    report, files = families[n]
    assert not report.failed, [str(d) for d in report.diagnostics]
    wanted = {("after", f) for f in SOURCE_FORMATS}
    wanted |= {(_copy_id(tag), f) for tag in LANGUAGES[: n - 1] for f in COPY_FORMATS}
    assert set(files) == wanted


def _pages(path) -> int:
    return len(pdfium.PdfDocument(path))


def test_page_counts_do_not_grow_with_languages_past_the_codes_cap(families):
    """Four other languages already fill the codes; ten more only lengthen one line."""
    _, five = families[5]
    for n in (9, 14):
        _, more = families[n]
        assert {key: _pages(more[key]) for key in five} == {k: _pages(p) for k, p in five.items()}


def _named_line(path) -> tuple[str, list[str]]:
    """The paragraph naming the languages without a code, and the /Lang of its spans."""
    tree = read(path)
    for elem in tree.elements("P"):
        text = tree.text(elem).replace("\u2060", "")  # the word joiners that keep names whole
        if "ask us for a copy" in text or "pídanos una copia" in text:
            spans = [str(e.obj.get("/Lang", "")) for e in elem.walk() if e.role == "Span"]
            return text, spans
    return "", []


@pytest.mark.parametrize("n", [5, 9, 14])
@pytest.mark.parametrize(
    ("hid", "fmt"),
    [("after", f) for f in SOURCE_FORMATS] + [("after-es", "handout"), ("after-es", "large-print")],
)
def test_a_copy_has_its_formats_codes_and_names_its_other_languages_in_two_lines(
    families, n, hid, fmt
):
    _, files = families[n]
    path = files[hid, fmt]
    tags = ["en", *LANGUAGES[: n - 1]]
    own = next(t for t in tags if _copy_id(t) == hid or (t == "en" and hid == "after"))
    others = [t for t in tags if t != own]
    if own != "en":  # a translation: its source's language first, then content order
        others = ["en", *(t for t in others if t != "en")]
    room = FORMATS[fmt].edition_codes  # 3, or 1 on a tri-fold's narrow back panel
    coded, named = others[:room], others[room:]
    figures = {alt: lang for alt, lang in _figures(path).items() if "/handouts/" in alt}
    assert sorted(figures.values()) == sorted(coded)
    text, spans = _named_line(path)
    shown = [s for s in spans if s]  # as many as fit in two lines, in order, then "…"
    assert shown and shown == named[: len(shown)], (shown, named)
    assert text.count("…") == (len(shown) < len(named)), text
    squeezed = "".join(text.split())
    assert all("".join(table(tag).name.split()) in squeezed for tag in shown), text
    assert not any(table(tag).name in text for tag in coded)


@pytest.mark.parametrize(
    ("hid", "fmt"),
    [("after", f) for f in SOURCE_FORMATS] + [("after-ko", "handout"), ("after-ar", "large-print")],
)
def test_the_codes_of_a_large_family_scan_to_files_the_build_made(families, hid, fmt):
    _, files = families[14]
    pdf = pdfium.PdfDocument(files[hid, fmt])
    found = {
        code.text for page in pdf for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    }
    ours = {url for url in found if url.startswith(BASE)}
    assert len(ours) == FORMATS[fmt].edition_codes, found
    made = {path.name for path in files.values()}
    assert {url.removeprefix(BASE) for url in ours} <= made


def test_a_code_to_a_file_that_failed_to_build_is_a_warning(tmp_path):
    """The Spanish bi-fold's code opens the English bi-fold: too long to fold, it
    fails, and the build says the code opens nothing (each copy still builds)."""
    data = _family()
    too_long = long_handout("sleep", n=30)
    data["handouts"][0] = {**too_long, "formats": ["handout", "bifold"]}
    data["handouts"][1]["formats"] = ["bifold"]
    report = build_into(tmp_path, data)
    failed = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    assert failed and all(d.handout == "sleep" and "bifold" in d.message for d in failed)
    assert {(o.handout, o.format) for o in report.outputs} == {
        ("sleep", "handout"),
        ("sleep-es", "bifold"),
        ("sleep-vi", "handout"),
        ("alone", "handout"),
    }
    told = [str(d).split(": ", 1) for d in report.diagnostics if "failed to build" in d.message]
    assert [where.startswith("content.yaml:") for where, _ in told] == [True]
    assert told[0][1] == (
        "warning: handouts[1]: bifold: its QR code to the English copy opens "
        "sleep-bifold.pdf, which failed to build (fix sleep-bifold.pdf's problems, "
        "listed here, and build again)"
    )
    # The Vietnamese handout's code opens the English handout, which was built.
    assert not [d for d in report.diagnostics if "QR" in d.message and d.handout == "sleep-vi"]
