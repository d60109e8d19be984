"""The sample library is what new users copy and what the demos print.

It must stay valid as the model evolves, show every kind of block, read at
the plain-language targets it sets for itself, and ship assets that print well.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import english_label_strings
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer
from PIL import Image
from pypdf import PdfReader
from svglib.svglib import svg2rlg
from tagcheck import read

from handouts import markup
from handouts.api import BuildReport, open_project
from handouts.checks import check_library
from handouts.checks.results import Status
from handouts.engine.scripts import script_of
from handouts.labels import table
from handouts.load import load_file
from handouts.model import BLOCK_KINDS, Handout, Library
from handouts.render.fonts import default_family
from handouts.render.textflow import face_of
from handouts.validate import Validated, validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def validated() -> Validated:
    source = load_file(ROOT / "content.yaml")
    result = validate(source.data, source.source_map, ROOT)
    assert [str(d) for d in result.diagnostics] == []
    assert result.library is not None
    return result


@pytest.fixture(scope="module")
def library(validated: Validated) -> Library:
    assert validated.library is not None
    return validated.library


def test_sample_library_has_its_handouts(library: Library) -> None:
    assert list(library.by_id) == [
        "ketamine-pain-relief",
        "first-infusion-visit",
        "sleep-and-pain",
        "sleep-and-pain-es",
        "after-your-infusion",
        *(f"after-your-infusion-{tag}" for tag in ("vi", "zh", "ar", "ru")),
    ]
    assert library.by_id["sleep-and-pain-es"].language == "es"
    languages = {h.id: h.language for h in library.handouts if h.translation_of}
    assert sorted(languages.values()) == ["ar", "es", "ru", "vi", "zh-Hans"]
    # Every format is shown by at least one sample handout.
    formats = {f for h in library.handouts for f in (h.formats or ["handout"])}
    assert formats == {"handout", "trifold", "bifold"}
    assert library.clinic.name == "Harbor Light Behavioral Health"


def test_sample_library_shows_every_block_kind(library: Library) -> None:
    used = {
        block.kind
        for handout in library.handouts
        for block in [*handout.intro, *(b for s in handout.sections for b in s.body)]
    }
    assert used == set(BLOCK_KINDS)


def test_sample_handouts_meet_their_plain_language_targets(validated: Validated) -> None:
    assert validated.library is not None
    settings = validated.library.checks
    assert (settings.max_grade, settings.smog_limit) == (6, 8.5)
    # Content rules only: no PDFs are passed, so the print rules are skipped.
    report = check_library(validated, today=dt.date(2026, 11, 25))
    failing = {
        (h.handout, r.rule): r.summary
        for h in report.handouts
        for r in h.results
        if r.status not in (Status.PASS, Status.SKIP)
    }
    assert failing == {}


def test_logo_is_text_free_square_svg() -> None:
    # Fonts in an SVG would not embed through svglib, so the mark is shapes only.
    root = ET.parse(ROOT / "assets" / "logo.svg").getroot()
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert not tags & {"text", "tspan", "image", "font"}
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert width == height
    drawing = svg2rlg(str(ROOT / "assets" / "logo.svg"))
    assert drawing is not None and drawing.width == drawing.height > 0


def test_images_print_sharp_at_full_width(library: Library) -> None:
    # 1200 px across a 7.5 in column is 160 dpi: sharp on an office printer.
    sources = [
        block.image.src
        for handout in library.handouts
        for section in handout.sections
        for block in section.body
        if block.image is not None
    ]
    assert sources
    for src in sources:
        with Image.open(ROOT / src) as image:
            assert image.width >= 1200, src


@pytest.fixture(scope="module")
def built(sample_build) -> tuple[BuildReport, Path]:
    """The sample library as `generate.py` builds it (once per run: conftest)."""
    assert sample_build.catalogue is not None
    return sample_build, sample_build.catalogue.parent


# The fonts the text engine falls back to for letters the brand font (Atkinson
# Hyperlegible) lacks: Noto for Vietnamese, Cyrillic and Arabic, WenQuanYi for CJK.
FALLBACK_FONTS = ("NotoSans", "NotoSansArabic", "WenQuanYiMicroHei")


def test_every_sample_file_embeds_all_its_fonts(built) -> None:
    """Logos and tables draw through ReportLab code that defaults to Helvetica."""
    report, folder = built
    files = sorted(folder.glob("*.pdf"))
    assert report.outputs and len(files) == len(report.outputs) + 1  # and the catalogue
    for path in files:
        for page in PdfReader(path).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                name = str(font["/BaseFont"]).split("+")[-1]
                assert "Atkinson" in name or name.startswith(FALLBACK_FONTS), f"{path.name}: {name}"
                if font["/Subtype"] == "/Type0":  # the text engine's CID fonts
                    font = font["/DescendantFonts"][0].get_object()
                assert "/FontFile2" in font["/FontDescriptor"], f"{path.name}: {name}"
        assert b"Helvetica" not in path.read_bytes(), path.name


# ------------------------------------------------------------ the samples in other languages

BRAND_FACE = face_of(default_family().regular)


def _brand_lacks(ch: str) -> bool:
    """A Latin letter the brand font lacks (the codes to the other languages
    print their captions in Arabic and Chinese fonts too)."""
    return ch.isalpha() and script_of(ch) == "Latn" and not BRAND_FACE.has(ord(ch))


# id suffix -> (language, the font family its own letters print in, those letters)
TRANSLATED = {
    "vi": ("vi", "NotoSans-", _brand_lacks),  # ễ, ộ, ư...: Atkinson has only some
    "zh": ("zh-Hans", "WenQuanYiMicroHei", lambda ch: script_of(ch) == "Hani"),
    "ar": ("ar", "NotoSansArabic", lambda ch: script_of(ch) == "Arab"),
    "ru": ("ru", "NotoSans-", lambda ch: script_of(ch) == "Cyrl"),
}


def source_words(handout: Handout) -> list[str]:
    """What a reader meets in the handout's body, in the order it was written."""
    out = [handout.title, handout.subtitle or "", *handout.summary]
    for block in handout.intro:
        out += _block_words(block)
    for section in handout.sections:
        out.append(section.heading)
        for block in section.body:
            out += _block_words(block)
    out.append(handout.call_to_action or "")
    return [markup.plain(text) for text in out if text]


def _block_words(block) -> list[str]:
    value = block.value
    if block.kind == "paragraph":
        return [value]
    if block.kind == "bullets":
        return list(value)
    if block.kind == "callout":
        return [value.title or "", *value.body]
    if block.kind == "fill_in":
        return [field.label for field in value]
    raise AssertionError(f"add {block.kind} to source_words")


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("suffix", sorted(TRANSLATED))
def test_each_translated_sample_prints_its_words_in_the_order_written(built, suffix) -> None:
    project, _ = open_project(ROOT / "content.yaml")
    handout, _ = project.filled(project.library.by_id[f"after-your-infusion-{suffix}"])
    # As a screen reader meets it: the structure tree's text, decoded from the pages.
    report = read(built[1] / f"after-your-infusion-{suffix}.pdf")
    text = _squeezed(report.text(report.root))
    at = 0
    for words in source_words(handout):
        found = text.find(_squeezed(words), at)
        assert found >= 0, f"{suffix}: {words!r} not found after {text[max(at - 40, 0) : at]!r}"
        at = found + len(_squeezed(words))


@pytest.mark.parametrize("suffix", sorted(TRANSLATED))
def test_each_translated_sample_is_tagged_and_labelled_in_its_language(built, suffix) -> None:
    tag = TRANSLATED[suffix][0]
    path = built[1] / f"after-your-infusion-{suffix}.pdf"
    report = read(path)
    assert str(report.pdf.Root.Lang) == tag
    assert len(report.pdf.pages) <= 2
    text = f"{report.text(report.root)} {report.artifact_text()}"  # the footers are artifacts
    # Phrases in another language say so (the codes to the other languages'
    # copies are captioned in those languages): the rest is in this one.
    for elem in report.elements("P"):
        if str(elem.obj.get("/Lang", tag)) != tag:
            text = text.replace(report.text(elem), " ")
    for key, english in english_label_strings(tag):
        pattern = r"(?<!\w)" + re.escape(english) + r"(?!\w)"
        assert not re.search(pattern, text), f"English {key} {english!r} in {suffix}"
    labels = table(tag)
    for word in (labels.key_points, labels.tip, labels.phone, labels.hours, labels.page_number(1)):
        assert " ".join(word.split()) in text, (suffix, word)
    # The clinic's own words in the language too: none printed in English.
    clinic = open_project(ROOT / "content.yaml")[0].library.clinic
    assert clinic.untranslated(tag) == ()
    assert "For education only" not in text and "Whole-person care" not in text


@pytest.mark.parametrize("suffix", sorted(TRANSLATED))
def test_each_translated_sample_prints_its_letters_in_the_fallback_font(built, suffix) -> None:
    _, family, own = TRANSLATED[suffix]
    chars = [
        char
        for page_layout in extract_pages(str(built[1] / f"after-your-infusion-{suffix}.pdf"))
        for char in _chars(page_layout)
    ]
    letters = [c for c in chars if own(c.get_text())]
    assert len(letters) > 100, suffix  # the words of the page, not a stray letter
    fonts = {c.fontname.split("+")[-1] for c in letters}
    assert all(name.startswith(family) for name in fonts), (suffix, fonts)
    # Whatever else prints is in the brand font or a font with the letter.
    others = {c.fontname.split("+")[-1].split("-")[0] for c in chars if c not in letters}
    assert others <= {"AtkinsonHyperlegible", "AtkinsonHyperlegibleNext", *FALLBACK_FONTS}, others


def _chars(item) -> list[LTChar]:
    if isinstance(item, LTChar):
        return [item]
    if isinstance(item, LTContainer):
        return [c for child in item for c in _chars(child)]
    return []
