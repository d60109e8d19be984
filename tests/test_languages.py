"""Every language the tool ships labels for prints only its own words; a language it
lacks is an error naming the keys; translations stay linked to their source."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from checks_support import check, result
from checks_support import content as check_content
from checks_support import handout as check_handout
from fontTools.ttLib import TTCollection
from helpers import (
    LOANWORDS,
    build_into,
    english_label_strings,
    handout,
    library,
    section,
    write_content,
)
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer
from pypdf import PdfReader
from tagcheck import read as read_tags

from handouts.api import open_project, render_pdf
from handouts.batch import build
from handouts.checks import readability as readability_formulas
from handouts.checks import report as check_report
from handouts.checks.results import Status
from handouts.checks.translation import words_hash
from handouts.diagnostics import ContentError
from handouts.labels import ENGLISH, Labels, raw_table, review_note, shipped, table
from handouts.layouts.catalogue import (
    CatalogueFile,
    CatalogueRow,
    groups,
    other_languages,
    render_catalogue,
)
from handouts.model import Clinic, Handout
from handouts.options import BuildOptions, RenderOptions, StationOptions
from handouts.progress import PlainReporter
from handouts.station.catalogue import Catalogue, folded
from handouts.theme import resolve_theme

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DAY = dt.date(2026, 10, 1)

# A few plain words per language for a handout's own text (not labels).
SAMPLE_WORDS = {
    "es": ("Dormir bien", "Unas palabras sobre el sueño."),
    "fr": ("Bien dormir", "Quelques mots sur le sommeil."),
    "pt": ("Dormir bem", "Algumas palavras sobre o sono."),
    "pl": ("Dobry sen", "Kilka słów o śnie."),
    "ht": ("Byen dòmi", "Kèk mo sou dòmi."),
    "tl": ("Maayos na tulog", "Ilang salita tungkol sa tulog."),
    "vi": ("Ngủ ngon", "Vài lời về giấc ngủ."),
    "ru": ("Хороший сон", "Несколько слов о сне."),
    "zh-Hans": ("睡个好觉", "关于睡眠的几句话。"),
    "zh-Hant": ("睡個好覺", "關於睡眠的幾句話。"),
    "ja": ("よく眠る", "睡眠についての短い説明です。"),
    "ko": ("잘 자기", "수면에 대한 몇 마디입니다."),
}
NEEDS_FONT = {"vi", "ru"}  # Atkinson Hyperlegible lacks their letters: DejaVu Sans has them
# Chinese, Japanese and Korean print with WenQuanYi Micro Hei (its first face, taken
# out of the .ttc). Arabic and Hindi need shaping: they wait for the text engine.
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CJK = {"zh-Hans", "zh-Hant", "ja", "ko"}


def label_library(tag: str, folder: Path) -> dict:
    title, words = SAMPLE_WORDS[tag]
    callouts = [
        {"callout": {"kind": kind, "body": [words]}}
        for kind in ("key-points", "warning", "when-to-call", "tip")
    ]
    h = handout(
        "labels",
        section(title, words, *callouts),
        language=tag,
        title=title,
        summary=[words],
        call_to_action=words,
        formats=["handout", "trifold", "large-print"],
    )
    data = library(h)
    data["clinic"]["contact"].update(email="care@harborlight.example", hours="8–6")
    if tag in CJK:
        fonts = folder / "fonts"
        fonts.mkdir(parents=True)
        TTCollection(WQY).fonts[0].save(fonts / "Cjk.ttf")
        data["clinic"]["fonts"] = {"body": {"regular": "fonts/Cjk.ttf", "bold": "fonts/Cjk.ttf"}}
    if tag in NEEDS_FONT:
        fonts = folder / "fonts"
        fonts.mkdir(parents=True)
        faces = {
            "regular": "",
            "bold": "-Bold",
            "italic": "-Oblique",
            "bold_italic": "-BoldOblique",
        }
        for suffix in faces.values():
            shutil.copy(DEJAVU / f"DejaVuSans{suffix}.ttf", fonts / f"Brand{suffix}.ttf")
        data["clinic"]["fonts"] = {
            "body": {face: f"fonts/Brand{suffix}.ttf" for face, suffix in faces.items()}
        }
    return data


def words_of(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


# ------------------------------------------------------------ the tables


@pytest.mark.parametrize("tag", sorted(shipped().values()))
def test_every_shipped_table_is_complete_and_says_who_may_correct_it(tag):
    labels = table(tag)
    assert isinstance(labels, Labels)  # every key, placeholders in place, 12 months
    assert set(labels.formats) >= {"handout", "trifold", "bifold", "large-print"}
    assert set(raw_table(tag)) == set(Labels.model_fields)  # nothing unknown either
    text = (Path(__file__).parent.parent / "handouts" / "labels" / f"{tag}.yaml").read_text()
    assert "Who may correct it" in text.split("review:")[0]
    if tag != "en":
        assert review_note(tag)["status"] == "draft"
        assert "fluent" in text.split("review:")[0]
    assert labels.date(DAY) and "{" not in labels.date(DAY)
    assert labels.page_number(3).rstrip() != labels.page.rstrip()


@pytest.mark.parametrize("tag", sorted(set(shipped().values()) - {"en"}))
def test_no_table_copies_an_english_label_by_accident(tag):
    own = dict(table(tag).printed())
    # Punctuation (the list separator) is no word to translate.
    same = {(tag, k) for k, v in ENGLISH.printed() if own[k] == v and any(c.isalpha() for c in v)}
    assert same <= LOANWORDS, f"{tag} writes these as English does: {sorted(same)}"


# ------------------------------------------------------------ built in each language


@pytest.mark.parametrize("tag", sorted(SAMPLE_WORDS))
def test_a_handout_in_the_language_prints_no_english_label(tmp_path, tag):
    if tag in NEEDS_FONT and not DEJAVU.is_dir():
        pytest.skip("DejaVu Sans (Vietnamese, Cyrillic) is not installed")
    if tag in CJK and not WQY.is_file():
        pytest.skip("WenQuanYi Micro Hei (Chinese, Japanese, Korean) is not installed")
    report = build_into(tmp_path, label_library(tag, tmp_path))
    assert not report.failed, [str(d) for d in report.diagnostics]
    labels = table(tag)
    texts = {}
    for name in ("labels.pdf", "labels-trifold.pdf", "labels-large-print.pdf"):
        path = tmp_path / "out" / name
        text = texts[name] = words_of(path)
        for key, english in english_label_strings(tag):
            pattern = r"(?<!\w)" + re.escape(english) + r"(?!\w)"
            assert not re.search(pattern, text), f"{name}: English {key} {english!r} in {tag}"
        assert PdfReader(path).trailer["/Root"]["/Lang"] == tag
        assert labels.reviewed.format(date=labels.date(DAY)) in text
        if "trifold" not in name:  # a brochure's panels are not numbered
            assert labels.page_number(1).strip() in text
    handout_text = texts["labels.pdf"]
    for word in (labels.key_points, labels.warning, labels.when_to_call, labels.tip):
        assert word in handout_text
    for word in (labels.phone, labels.website, labels.email, labels.hours):
        assert word in handout_text
    trifold = " ".join(texts["labels-trifold.pdf"].split())
    assert " ".join(labels.qr_caption.split()) in trifold


def test_a_language_without_labels_is_an_error_naming_every_key(tmp_path):
    data = library(handout("de", section("Guter Schlaf", "Ein paar Worte."), language="de"))
    report = build_into(tmp_path, data)
    assert report.failed
    (line,) = [str(d) for d in report.diagnostics if "labels" in str(d)]
    assert "handouts[0].language: the tool has no labels for language 'de'" in line
    assert "clinic.translations.de.labels" in line
    assert not (tmp_path / "out" / "de.pdf").exists()  # never printed with English labels


def test_a_clinics_own_labels_for_a_new_language_print_and_a_gap_is_named(tmp_path):
    german = {k: v for k, v in raw_table("en").items()}
    german.update(key_points="Das Wichtigste", page="Seite {n} von {total}", name="Deutsch")
    german["months"] = [
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ]  # fmt: skip
    german.update(date_format="{day}. {month} {year}", reviewed="Geprüft am {date}")
    del german["tip"], german["formats"]["bifold"]
    h = handout("de", section("Guter Schlaf", "Ein paar Worte."), language="de")
    data = library(h, translations={"de": {"labels": german}})
    report = build_into(tmp_path, data)
    (line,) = [str(d) for d in report.diagnostics if "labels" in str(d)]
    assert "the labels for language 'de' lack tip, formats.bifold.name, " in line
    assert "formats.bifold.description" in line

    german["tip"] = "Tipp"
    german["formats"]["bifold"] = {"name": "Faltblatt", "description": "Faltblatt"}
    report = build_into(tmp_path, library(h, translations={"de": {"labels": german}}))
    assert not report.failed, [str(d) for d in report.diagnostics]
    text = words_of(tmp_path / "out" / "de.pdf")
    assert "Das Wichtigste" in text and "Seite 1 von 1" in text
    assert "Geprüft am 1. Oktober 2026" in text


def test_a_clinic_overrides_one_shipped_label(tmp_path):
    h = handout("es", section("Dormir", "Unas palabras."), language="es", title="Dormir")
    labels = {"key_points": "Lo más importante", "months": list(table("es").months)}
    report = build_into(tmp_path, library(h, translations={"es": {"labels": labels}}))
    assert not report.failed, [str(d) for d in report.diagnostics]
    text = words_of(tmp_path / "out" / "es.pdf")
    assert "Lo más importante" in text and table("es").key_points not in text
    assert "Página 1 de 1" in text  # the rest of the shipped table stays


def test_a_misspelt_label_key_is_a_content_error_with_a_suggestion(tmp_path):
    h = handout("es", language="es")
    data = library(h, translations={"es": {"labels": {"key_point": "Lo principal"}}})
    _, problems = open_project(write_content(tmp_path, data))
    assert any("key_point" in str(p) and "key_points" in str(p) for p in problems)


def test_labels_no_font_can_print_are_one_error(tmp_path):
    """Russian labels print (the text engine draws Cyrillic with Noto Sans); a clinic's
    label with a character no installed font has is one positioned error."""
    h = handout("ru", section("Сон", "Несколько слов."), language="ru", title="Сон")
    report = build_into(tmp_path / "ru", library(h))
    assert not report.failed, [str(d) for d in report.diagnostics]
    odd = {"ru": {"labels": {"tip": "Совет \u2603"}}}
    project, _ = open_project(write_content(tmp_path, library(h, translations=odd)))
    with pytest.raises(ContentError) as err:
        render_pdf(project, project.library.handouts[0])
    lines = [str(d) for d in err.value.diagnostics if "labels for language 'ru'" in str(d)]
    assert len(lines) == 1 and "cannot print: '\u2603' (U+2603)" in lines[0], lines


# ------------------------------------------------------------ the clinic's own words


def test_the_clinics_words_missing_in_the_handouts_language_fail_check_and_warn_in_build(
    tmp_path,
):
    h = handout("es", section("Dormir", "Unas palabras."), language="es", title="Dormir")
    partial = {"es": {"tagline": "Atención para el dolor y el ánimo"}}
    report = build_into(tmp_path, library(h, translations=partial))
    warnings = [str(d) for d in report.diagnostics if "print in English" in str(d)]
    assert len(warnings) == 1 and "warning" in warnings[0]
    assert "logo_alt" not in warnings[0]  # this clinic has no logo text
    assert "the clinic's accreditation, disclaimer print in English in this 'es'" in warnings[0]
    assert "tagline" not in warnings[0].split("print in English")[0]
    # The English words are still tagged as English in the Spanish PDF.
    assert PdfReader(tmp_path / "out" / "es.pdf").trailer["/Root"]["/Lang"] == "es"

    sections = "- heading: Pourquoi se reposer\n  body:\n    - Le repos aide à guérir.\n"
    text = check_content(check_handout("h", sections=sections, extra="language: fr\n"))
    outcome = result(check(text), "clinic_words")
    assert outcome.status is Status.FAIL
    assert "the clinic's disclaimer print in English in this 'fr' handout" in (
        outcome.findings[0].message
    )
    english = check_content(check_handout("h", sections=sections))
    assert result(check(english), "clinic_words").status is Status.PASS


# ------------------------------------------------------------ translations and their source


def _pair(source_reviewed="2026-10-01", own_reviewed="2026-10-01", extra="", own_sections=None):
    source = f"""\
  - id: rest
    title: Rest helps you heal
    reviewed: {source_reviewed}
    sections:
      - heading: Why rest helps
        body:
          - Rest helps you heal.
      - heading: What you can do
        body:
          - Sleep eight hours.
          - callout:
              kind: when-to-call
              body: [Call us if you feel worse.]
"""
    sections = (
        own_sections
        or """\
      - heading: Por qué ayuda descansar
        body:
          - Descansar le ayuda a sanar.
      - heading: Qué puede hacer
        body:
          - Duerma ocho horas.
          - callout:
              kind: when-to-call
              body: [Llámenos si se siente peor.]
"""
    )
    own = f"""\
  - id: descanso
    translation_of: rest
    language: es
    title: Descansar le ayuda a sanar
    reviewed: {own_reviewed}
{extra}    sections:
{sections}"""
    return check_content(source, own)


def test_a_translation_reviewed_after_its_source_is_up_to_date():
    outcome = result(check(_pair()), "translation", handout=1)
    assert outcome.status is Status.PASS
    assert outcome.measures["source_hash"] in outcome.summary


def test_a_source_reviewed_after_its_translation_fails_check():
    outcome = result(check(_pair(source_reviewed="2026-11-02")), "translation", handout=1)
    assert outcome.status is Status.FAIL
    message = outcome.findings[0].message
    assert "'rest' was reviewed on 2026-11-02, after this translation (2026-10-01)" in message
    assert "source_hash:" in outcome.findings[0].hint


def test_a_source_edited_since_the_recorded_hash_fails_check():
    fresh = check(_pair())
    now = result(fresh, "translation", handout=1).measures["source_hash"]
    assert result(check(_pair(extra=f"    source_hash: {now}\n")), "translation", 1).status is (
        Status.PASS
    )
    old = "0123456789ab"
    outcome = result(check(_pair(extra=f"    source_hash: {old}\n")), "translation", handout=1)
    assert outcome.status is Status.FAIL
    assert f"source_hash {old}, now {now}" in outcome.findings[0].message


def test_missing_sections_and_blocks_of_a_translation_are_named():
    one = """\
      - heading: Por qué ayuda descansar
        body:
          - Descansar le ayuda a sanar.
"""
    outcome = result(check(_pair(own_sections=one)), "translation", handout=1)
    assert outcome.status is Status.FAIL
    assert "missing: section 2 'What you can do'" in outcome.findings[0].message
    no_callout = (
        one
        + """\
      - heading: Qué puede hacer
        body:
          - Duerma ocho horas.
"""
    )
    outcome = result(check(_pair(own_sections=no_callout)), "translation", handout=1)
    assert outcome.status is Status.FAIL
    assert "section 2 lacks a callout block" in outcome.findings[0].message


def test_the_source_hash_follows_the_words_not_the_dates():
    project = check(_pair())
    assert project  # both handouts check
    a = check(_pair(source_reviewed="2026-10-05"))
    assert (
        result(a, "translation", 1).measures["source_hash"]
        == result(project, "translation", 1).measures["source_hash"]
    )


@pytest.mark.parametrize(
    ("link", "language", "message"),
    [
        ("nowhere", "es", "no handout with id 'nowhere'"),
        ("descanso", "es", "a handout cannot be a translation of itself"),
        ("rest", "en", "'rest' is in the same language (en)"),
    ],
)
def test_a_broken_translation_link_is_a_content_error(tmp_path, link, language, message):
    data = library(
        handout("rest", title="Rest"),
        handout("descanso", language=language, translation_of=link, title="Descanso"),
    )
    project, problems = open_project(write_content(tmp_path, data))
    assert any(message in str(p) and "translation_of" in str(p) for p in problems), problems
    assert [h.id for h in project.library.handouts] == ["rest"]


def test_words_hash_ignores_tags_and_formats():
    a = Handout.model_validate({**handout("a", tags=["x"])})
    b = Handout.model_validate({**handout("a", tags=["y"], formats=["trifold"])})
    c = Handout.model_validate({**handout("a", title="Another title")})
    assert words_hash(a) == words_hash(b) != words_hash(c)


# ------------------------------------------------------------ the station finds every language


def _station(tmp_path: Path) -> Catalogue:
    data = library(
        handout("sleep-and-pain", title="Sleep better with pain", tags=["sleep"]),
        handout("other", title="Ketamine basics", tags=["ketamine"]),
        handout(
            "dormir",
            section("El sueño", "Unas palabras sobre el sueño."),
            title="Dormir mejor con dolor",
            language="es",
            tags=["sueño"],
            translation_of="sleep-and-pain",
        ),
    )
    return Catalogue(StationOptions(content=write_content(tmp_path, data)))


def _found(entries, query: str) -> list[str]:
    words = folded(query).split()
    return [e.handout.id for e in entries if all(w in e.search_text for w in words)]


def test_search_finds_every_language_accents_optional_and_copies_sit_together(tmp_path):
    entries = _station(tmp_path).entries(DAY)
    assert [e.handout.id for e in entries] == ["sleep-and-pain", "dormir", "other"]
    assert _found(entries, "sleep") == ["sleep-and-pain", "dormir"]  # via its source
    assert _found(entries, "sueño") == ["sleep-and-pain", "dormir"]
    assert _found(entries, "sueno") == _found(entries, "SUEÑO") == ["sleep-and-pain", "dormir"]
    assert _found(entries, "espanol dormir") == ["sleep-and-pain", "dormir"]
    assert _found(entries, "ketamine") == ["other"]
    by_id = {e.handout.id: e for e in entries}
    assert by_id["dormir"].languages == (("sleep-and-pain", "en"),)
    assert by_id["sleep-and-pain"].languages == (("dormir", "es"),)
    assert folded("Tiếng Việt") == "tieng viet" and folded("Đau") == "dau"


def test_the_catalogue_groups_a_translation_with_its_source_by_translation_of_not_its_id():
    rows = [
        ("alpha", "en", ["pain"], None, "A pain handout"),
        ("sleep", "en", ["sleep"], None, "Sleep well"),
        ("ngu", "vi", ["giấc ngủ"], "sleep", "Ngủ ngon"),
        ("dormir", "es", ["sueño"], "sleep", "Dormir bien"),
        ("alpha-es", "es", ["dolor"], None, "Dolor"),  # named like one, but no link
    ]
    rows = [
        CatalogueRow(hid, title, language, tuple(tags), "2026-10-01", (), source, i)
        for i, (hid, language, tags, source, title) in enumerate(rows)
    ]
    topics = dict(groups(sorted(rows, key=lambda r: r.title)))
    # In content order (as the print station lists them), not by title.
    assert [r.id for r in topics["sleep"]] == ["sleep", "ngu", "dormir"]
    assert [r.id for r in topics["dolor"]] == ["alpha-es"]
    copies = other_languages(rows)  # once per family, for its source's card
    assert {source: [r.id for r in found] for source, found in copies.items()} == {
        "sleep": ["ngu", "dormir"]
    }


# ------------------------------------------------------------ reading level, honestly


@pytest.mark.parametrize(
    ("tag", "name"),
    [("vi", "Vietnamese"), ("tl", "Tagalog"), ("pl", "Polish"), ("ht", "Haitian Creole")],
)
def test_a_language_without_a_validated_formula_gets_no_grade_but_keeps_the_other_rules(tag, name):
    long = " ".join(["Một"] * 30) + "."
    sections = f"- heading: Giấc ngủ\n  body:\n    - {long}\n    - Ngủ ngon.\n"
    text = check_content(check_handout("h", sections=sections, extra=f"language: {tag}\n"))
    report = check(text)
    readability = result(report, "readability")
    assert readability.status is Status.SKIP  # not measured, so not a pass
    assert readability.summary.startswith(f"no validated formula for {name}")
    assert "grade" not in str(readability.measures) and readability.measures["formula"] is None
    assert result(report, "long_sentences").status is Status.WARN  # still judged
    assert result(report, "jargon").status is Status.PASS  # the English list is not applied


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("сон", 1),
        ("боль", 1),
        ("врач", 1),
        ("здоровье", 3),
        ("лекарство", 3),
        ("Позвоните", 4),
        ("ёлка", 2),
        ("911", 1),
        ("кто-то", 2),
    ],
)
def test_russian_syllables_are_its_vowel_letters(word, count):
    assert readability_formulas.syllables(word, "ru") == count


def test_russian_is_scored_with_oborneva_and_held_to_the_grade_its_band_stands_for():
    easy = (
        "Хороший сон помогает телу. Ложитесь спать в одно и то же время. "
        "Если боль мешает спать, позвоните нам."
    )
    scores = readability_formulas.score([easy], "ru")
    # 3 sentences, 18 words, 34 syllables: 206.835 - 1.3 * 6 - 60.1 * 34 / 18
    assert (scores.counts.sentences, scores.counts.words, scores.counts.syllables) == (3, 18, 34)
    assert scores.formulas == {"oborneva": pytest.approx(85.51, abs=0.01)}
    assert scores.grade == 6.0 and scores.smog is None
    long = " ".join(["Продолжительность"] * 25) + "."
    hard = readability_formulas.score([long], "ru")
    assert hard.formulas["oborneva"] < 0 and hard.grade == 17.0
    for text, status in ((easy, Status.PASS), (long, Status.FAIL)):
        sections = f"- heading: Сон\n  body:\n    - {text}\n"
        report = check(check_content(check_handout("h", sections=sections, extra="language: ru\n")))
        found = result(report, "readability")
        assert found.status is status, found.summary
        assert found.summary.startswith("Oborneva ") and "≈ grade" in found.summary
        assert "oborneva" in found.measures and "fk_grade" not in found.measures


# Short texts written for these tests, counted by hand (· between syllables).
# "Dor·mez bien la nuit. Bu·vez de l'eau. Si vous a·vez mal, ap·pe·lez-nous.":
#   3 sentences; 4 + 3 + 5 = 12 words; 5 + 4 + 9 = 18 syllables.
#   Kandel-Moles = 207 - 1.015 * 12/3 - 73.6 * 18/12 = 207 - 4.06 - 110.4 = 92.54 -> grade 5
FRENCH_EASY = "Dormez bien la nuit. Buvez de l'eau. Si vous avez mal, appelez-nous."
# One sentence of 19 words and 67 syllables (l'ad·mi·nis·tra·tion 5, mé·di·ca·men·teuse 5,
# in·tra·vei·neuse 4, né·ces·site 3, une 1, sur·veil·lance 3, hé·mo·dy·na·mique 5,
# ri·gou·reuse 3, par·ti·cu·liè·re·ment 6, lorsque 1, l'in·suf·fi·sance 4, ré·nale 2,
# chro·nique 2, com·plique 2, con·si·dé·ra·ble·ment 6, l'é·li·mi·na·tion 5,
# phar·ma·co·lo·gique 5, des 1, mé·ta·bo·lites 4):
#   207 - 1.015 * 19 - 73.6 * 67/19 = 207 - 19.285 - 259.537 = -71.82 -> grade 17
FRENCH_HARD = (
    "L'administration médicamenteuse intraveineuse nécessite une surveillance "
    "hémodynamique rigoureuse, particulièrement lorsque l'insuffisance rénale chronique "
    "complique considérablement l'élimination pharmacologique des métabolites."
)
# "Dur·ma bem à noi·te. Be·ba á·gua. Se ti·ver dor, li·gue pa·ra nós.":
#   3 sentences; 4 + 2 + 6 = 12 words; 6 + 4 + 9 = 19 syllables.
#   Flesch-Martins = 248.835 - 1.015 * 12/3 - 84.6 * 19/12 = 248.835 - 4.06 - 133.95 = 110.825
PORTUGUESE_EASY = "Durma bem à noite. Beba água. Se tiver dor, ligue para nós."
# One sentence of 23 words and 87 syllables (a 1, ad·mi·nis·tra·ção 5, in·tra·ve·no·sa 5,
# de 1, me·di·ca·men·tos 5, ne·ces·si·ta 4, de 1, mo·ni·to·ri·za·ção 6,
# he·mo·di·nâ·mi·ca 6, ri·go·ro·sa 4, par·ti·cu·lar·men·te 6, quan·do 2, a 1,
# in·su·fi·ci·ên·cia 6, re·nal 2, crô·ni·ca 3, com·pro·me·te 4,
# con·si·de·ra·vel·men·te 7, a 1, e·li·mi·na·ção 5, far·ma·co·ló·gi·ca 6, dos 1,
# me·ta·bó·li·tos 5):
#   248.835 - 1.015 * 23 - 84.6 * 87/23 = 248.835 - 23.345 - 320.009 = -94.52 -> grade 17
PORTUGUESE_HARD = (
    "A administração intravenosa de medicamentos necessita de monitorização "
    "hemodinâmica rigorosa, particularmente quando a insuficiência renal crônica "
    "compromete consideravelmente a eliminação farmacológica dos metabólitos."
)
ADAPTATIONS = [
    ("fr", "kandel_moles", "Kandel-Moles", FRENCH_EASY, (3, 12, 18), 92.54, FRENCH_HARD, -71.82),
    (
        "pt-BR",
        "martins",
        "Flesch-Martins",
        PORTUGUESE_EASY,
        (3, 12, 19),
        110.825,
        PORTUGUESE_HARD,
        -94.52,
    ),
]


@pytest.mark.parametrize(
    ("tag", "key", "label", "easy", "counts", "ease", "hard", "hard_ease"), ADAPTATIONS
)
def test_french_and_portuguese_are_scored_with_their_flesch_adaptations(
    tag, key, label, easy, counts, ease, hard, hard_ease
):
    scores = readability_formulas.score([easy], tag)
    found = (scores.counts.sentences, scores.counts.words, scores.counts.syllables)
    assert found == counts
    assert scores.formulas == {key: pytest.approx(ease, abs=0.01)}
    assert scores.grade == 5.0 and scores.smog is None
    hard_scores = readability_formulas.score([hard], tag)
    assert hard_scores.formulas[key] == pytest.approx(hard_ease, abs=0.01)
    assert hard_scores.grade == 17.0  # the ease below zero, the grade Flesch's last band
    # In check, the section holding the text gets exactly its score; the handout
    # as a whole (with its English summary and closing line) the grade of its band.
    for text, text_ease, status, grade in (
        (easy, ease, Status.PASS, 5),
        (hard, hard_ease, Status.FAIL, 17),
    ):
        sections = f"- heading: Sommeil\n  body:\n    - {text}\n"
        extra = f"language: {tag}\n"
        report = check(check_content(check_handout("h", sections=sections, extra=extra)))
        got = result(report, "readability")
        assert got.status is status, got.summary
        assert re.match(rf"{label} -?[\d.]+ \(≈ grade {grade}, max 8\)", got.summary), got.summary
        assert key in got.measures and "fk_grade" not in got.measures
        section_scores = got.measures["sections"][0]
        assert section_scores[key] == pytest.approx(text_ease, abs=0.01)
        assert section_scores["grade"] == grade


@pytest.mark.parametrize(
    ("tag", "key", "word", "ease"),
    [
        ("fr", "kandel_moles", "Oui.", 132.385),  # 207 - 1.015 - 73.6
        ("pt", "martins", "Sim.", 163.22),  # 248.835 - 1.015 - 84.6
    ],
)
def test_a_very_short_text_gets_flesch_first_band_and_none_without_prose(tag, key, word, ease):
    """One word is off the top of the scale (an ease above 100), which is the
    formula's answer: the grade is its band's, 5, never below; a text with no
    words is not scored at all."""
    short = readability_formulas.score([word], tag)
    assert short.formulas[key] == pytest.approx(ease) and short.grade == 5.0
    assert readability_formulas.score(["", "…"], tag) is None
    for text in ("1, 2, 3.", "911"):
        assert readability_formulas.score([text], tag).grade == 5.0


@pytest.mark.parametrize(
    ("tag", "label", "text"),
    [("fr", "Kandel-Moles", FRENCH_EASY), ("pt", "Flesch-Martins", PORTUGUESE_EASY)],
)
def test_the_check_table_and_the_build_line_name_the_formula(tag, label, text, tmp_path):
    sections = f"- heading: Sommeil\n  body:\n    - {text}\n"
    report = check(check_content(check_handout("h", sections=sections, extra=f"language: {tag}\n")))
    table = check_report.table(report, width=160)
    # a reading ease is no grade: the band's grade stands beside it
    assert re.search(rf"│ Sommeil\s+│ {label} [\d.]+ \(≈ grade 5\)\s+│", table), table
    assert "FK grade" not in table
    title, words = SAMPLE_WORDS[tag]
    data = library(handout("h", section(title, text), language=tag, title=title, summary=[words]))
    log = io.StringIO()
    build(
        BuildOptions(content=write_content(tmp_path, data), out_dir=tmp_path / "out"),
        PlainReporter(log),
    )
    (line,) = log.getvalue().splitlines()
    assert re.fullmatch(rf"wrote \S+h\.pdf \(1 page; {label} [\d.]+, ≈ grade 5\)", line), line


def test_english_and_spanish_keep_their_formulas():
    sections = "- heading: Sleep\n  body:\n    - Sleep helps you heal.\n"
    english = result(check(check_content(check_handout("h", sections=sections))), "readability")
    assert "FK grade" in english.summary
    es = "- heading: Dormir\n  body:\n    - Dormir le ayuda a sanar.\n"
    spanish = check_content(check_handout("h", sections=es, extra="language: es\n"))
    assert "Fernández-Huerta" in result(check(spanish), "readability").summary


def test_a_clinic_label_that_breaks_a_rule_says_which(tmp_path):
    h = handout("es", language="es")
    data = library(h, translations={"es": {"labels": {"page": "Página {n}"}}})
    report = build_into(tmp_path, data)
    (line,) = [str(d) for d in report.diagnostics if "labels" in str(d)]
    assert "clinic.translations.es.labels: page must contain {total}" in line


def test_the_built_catalogue_lists_a_translation_after_its_source_with_its_languages(tmp_path):
    data = library(
        handout("sleep", title="Sleep well", tags=["sleep"]),
        handout("zzz", title="Another sleep handout", tags=["sleep"]),
        handout(
            "dormir", language="es", title="Dormir bien", tags=["sueño"], translation_of="sleep"
        ),
    )
    data["clinic"]["translations"] = {"es": {"disclaimer": "Solo para informarle."}}
    report = build_into(tmp_path, data)
    assert not report.failed, [str(d) for d in report.diagnostics]
    text = words_of(tmp_path / "out" / "catalogue.pdf")
    assert text.index("Another sleep handout") < text.index("Sleep well") < text.index("Dormir")
    # The languages once, on the source's card: the Spanish card follows it.
    assert text.count("Also in:") == 1 and "Also in: Spanish (Español) Dormir bien" in text
    assert "Sueño" not in text  # no topic of its own


FAMILY = ("vi", "zh-Hans", "ar", "ru", "ko", "hi", "tl", "ht", "pl", "es", "fr", "pt", "ja")


def test_the_catalogue_names_a_large_familys_languages_once_whole_in_content_order(tmp_path):
    """Fourteen languages: one list on the source's card, each name whole on its
    line, no ids, no brackets inside brackets; the copies' cards follow in the
    same order."""
    rows = [CatalogueRow("after", "After your infusion", "en", ("ketamine",), "2026-10-01", ())]
    rows += [
        CatalogueRow(
            f"after-{t.lower()}", table(t).in_this_language, t, (), "2026-10-01", (), "after", i
        )
        for i, t in enumerate(FAMILY, start=1)
    ]
    theme = resolve_theme(Clinic.model_validate(library()["clinic"]), tmp_path)
    pdf = render_catalogue(sorted(rows, key=lambda r: r.title), theme, None, RenderOptions())
    path = tmp_path / "catalogue.pdf"
    path.write_bytes(pdf.rendered.data)
    report = read_tags(path)
    # In reading order, spaces and the word joiners that keep a name whole aside.
    text = "".join(report.text(report.root).replace("\u2060", "").split())
    assert text.count("Alsoin:") == 1
    listed = text.split("Alsoin:")[1].split(table("vi").in_this_language.replace(" ", ""))[0]
    names = [_catalogue_name(t) for t in FAMILY]
    found = [listed.index("".join(name.split())) for name in names]
    assert found == sorted(found)
    assert "Chinese, Simplified (简体中文)" in names and "after-" not in listed
    assert ")(" not in listed and "))" not in listed
    # Printed lines: pieces at one baseline, left to right (an Arabic name is a piece).
    baselines: dict[float, list[tuple[float, str]]] = {}
    first = next(iter(extract_pages(str(path))))
    for box in first:
        for line in box if isinstance(box, LTTextContainer) else ():
            piece = (line.x0, " ".join(line.get_text().replace("\u2060", "").split()))
            baselines.setdefault(round(line.y0), []).append(piece)
    lines = [" ".join(t for _, t in sorted(baselines[y])) for y in sorted(baselines, reverse=True)]
    start = next(i for i, line in enumerate(lines) if line.startswith("Also in:"))
    block = lines[start : start + 4]
    whole = [name for name, tag in zip(names, FAMILY, strict=True) if tag != "ar"]  # (visual order)
    # Spaces aside: pdfminer may see one inside a Devanagari cluster (a vowel sign
    # drawn before its letter leaves a gap where the letter's glyph carries no text).
    squeezed = ["".join(line.split()) for line in block]
    broken = [n for n in whole if not any("".join(n.split()) in line for line in squeezed)]
    assert broken == [], block
    # The copies' cards follow the source's, in content order.
    order = [text.index(f"after-{t.lower()}·") for t in FAMILY]
    assert order == sorted(order)


def _catalogue_name(tag: str) -> str:
    english = {"zh-Hans": "Chinese, Simplified"}.get(tag, table(tag).english_name)
    own = table(tag).name
    return english if own == english else f"{english} ({own})"


# ------------------------------------------------------------ the catalogue's own words

CATALOGUE_ROWS = [
    CatalogueRow(
        "sleep",
        "Sleep well",
        "en",
        ("sleep", "rest"),
        "2026-10-01",
        (CatalogueFile("handout", "sleep.pdf", 2), CatalogueFile("trifold", "sleep-tri.pdf", 1)),
    ),
    CatalogueRow("dormir", "Dormir bien", "es", ("sueño",), "2026-10-01", (), "sleep"),
    CatalogueRow("notes", "Notes", "en", (), "2026-10-01", ()),
]


def _catalogue_text(theme, base_url="https://clinic.example/h/") -> tuple[str, str]:
    pdf = render_catalogue(CATALOGUE_ROWS, theme, base_url, RenderOptions()).rendered.data
    report = read_tags(io.BytesIO(pdf))
    return report.text(report.root) + " " + report.artifact_text(), str(report.pdf.Root.Lang)


@pytest.mark.parametrize("tag", ["es", "ru", "ar", "zh-Hans", "vi"])
def test_the_catalogue_prints_its_own_words_in_its_language(tmp_path, tag):
    theme = resolve_theme(Clinic.model_validate(library()["clinic"]), tmp_path).in_language(tag)
    text, lang = _catalogue_text(theme)
    assert lang == tag
    words = table(tag).catalogue
    expected = [
        words.title,
        words.intro.format(handouts=words.handouts.of(3), pdfs=words.pdfs.of(2)),
        words.find_by_code,
        words.contents,
        words.formats,
        f"{table(tag).format_name('handout')} ({words.pages.of(2)})",
        words.also_in,
        words.also_about,
        words.not_built,
        words.other_topics,
    ]
    squeezed = "".join(text.split())
    for phrase in expected:
        assert "".join(phrase.split()) in squeezed, (tag, phrase)
    english = ENGLISH.catalogue
    for phrase in (english.title, "grouped by topic", english.formats, english.also_in, "Contents"):
        assert phrase not in text, (tag, phrase)
    assert "Spanish" not in text  # the languages named in themselves


def test_the_catalogue_takes_the_clinics_own_words_and_names_a_wrong_one(tmp_path):
    own = {"catalogue": {"title": "Print menu", "pages": {"other": "{n} sheets"}}}
    clinic = library(translations={"en": {"labels": own}})["clinic"]
    text, lang = _catalogue_text(resolve_theme(Clinic.model_validate(clinic), tmp_path), None)
    assert lang == "en"
    assert "Print menu" in text and "Handout catalogue" not in text
    assert "Handout (2 sheets)" in text and "Tri-fold (1 page)" in text
    assert ENGLISH.catalogue.find_by_name in text  # no codes without a base URL
    # "Español" is a Span of its own (its /Lang): the structure text puts spaces round it.
    assert "Alsoin:Spanish(Español)" in "".join(text.split())
    wrong = {"catalogue": {"intro": "Every handout."}}
    report = build_into(tmp_path, library(translations={"en": {"labels": wrong}}))
    (line,) = [str(d) for d in report.diagnostics]
    assert line == (
        "content.yaml:17:9: clinic.translations.en.labels: catalogue: intro must contain "
        "{handouts} and {pdfs} (correct the label in content.yaml)"
    )


def test_a_catalogue_lists_each_handouts_tags_with_its_languages_separator(tmp_path):
    """A Chinese handout's topics read "输液、护理", an Arabic one's "التسريب، الرعاية"."""
    zh = handout("zh", section("睡眠", "关于睡眠的几句话。"), language="zh-Hans")
    zh["tags"] = ["睡眠", "输液", "护理"]
    ar = handout("ar", section("النوم", "كلمات قليلة عن النوم."), language="ar")
    ar["tags"] = ["النوم", "التسريب", "الرعاية"]
    en = handout("en", section("Sleep", "A few words about sleep."))
    en["tags"] = ["sleep", "infusion", "care"]
    report = build_into(tmp_path, library(en, zh, ar))
    assert report.catalogue is not None
    text = " ".join(page.extract_text() for page in PdfReader(report.catalogue).pages)
    text = " ".join(text.split())
    assert "输液、护理" in text, text
    assert "،" in text and ", الرعاية" not in text, text  # (pypdf reads Arabic visually)
    assert "infusion, care" in text


@pytest.mark.parametrize(
    ("written", "meant"),
    [("ko_KR", "ko-KR"), ("KO", "ko"), ("pt_br", "pt-BR"), ("zh_hant", "zh-Hant"), ("ES", "es")],
)
def test_a_language_tag_out_of_form_says_which_tag_was_meant(tmp_path, written, meant):
    report = build_into(tmp_path, library(handout("x", section("Hi", "Text."), language=written)))
    (line,) = [str(d) for d in report.diagnostics]
    assert f"handouts[0].language: '{written}' is not in the expected form" in line
    assert f"did you mean '{meant}'?" in line


@pytest.mark.parametrize(
    ("written", "meant", "name"),
    [("kr", "ko", "Korean"), ("jp", "ja", "Japanese"), ("vn", "vi", "Vietnamese")],
)
def test_a_country_code_for_a_language_suggests_the_language(tmp_path, written, meant, name):
    """'kr' is South Korea; the language is 'ko'."""
    report = build_into(tmp_path, library(handout("x", section("Hi", "Text."), language=written)))
    (line,) = [str(d) for d in report.diagnostics if "labels" in str(d)]
    assert f"the tool has no labels for language '{written}'" in line
    assert f"did you mean '{meant}' ({name})?" in line


@pytest.mark.parametrize("tag", ["de", "br", "sa", "tw", "in"])  # Breton, Sanskrit, Twi...
def test_a_language_the_tool_lacks_gets_no_wrong_suggestion(tmp_path, tag):
    """A code that is some language's own is no slip for a country's."""
    report = build_into(tmp_path, library(handout("x", section("Hi", "Text."), language=tag)))
    (line,) = [str(d) for d in report.diagnostics if "labels" in str(d)]
    assert "did you mean" not in line


@pytest.mark.parametrize("key", ["참고", "Note", "Before you come", "Nota bene"])
def test_text_read_as_a_key_says_to_quote_it(tmp_path, key):
    """`- 참고: 주입 후 쉬세요` unquoted: YAML reads '참고' as a key, not a block's text."""
    h = handout("x", section("Hi", "Text."), intro=[{key: "주입 후 쉬세요"}])
    (line,) = [str(d) for d in build_into(tmp_path, library(h)).diagnostics]
    assert f"unknown key '{key}'" in line
    assert "if this is text, put the whole line in double quotes" in line


@pytest.mark.parametrize(
    ("key", "meant"), [("Bullets", "bullets"), ("bulets", "bullets"), ("Bulets", "bullets")]
)
def test_a_misspelt_block_key_still_gets_its_suggestion(tmp_path, key, meant):
    h = handout("x", section("Hi", "Text."), intro=[{key: ["rest"]}])
    (line,) = [str(d) for d in build_into(tmp_path, library(h)).diagnostics]
    assert f"did you mean '{meant}'?" in line
