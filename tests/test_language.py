"""One object answers "which language is this": labels, dates, names, reading formula."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import build_into, handout, library, page_texts, section

from handouts.labels import ENGLISH, shipped, table, table_for
from handouts.language import language

DAY = dt.date(2026, 10, 1)
SPANISH = table("es")


@pytest.mark.parametrize(
    ("tag", "primary", "table_tag", "date", "formula"),
    [
        ("en", "en", "en", "October 1, 2026", "english"),
        ("en-US", "en", "en", "October 1, 2026", "english"),
        ("es", "es", "es", "1 de octubre de 2026", "spanish"),
        ("es-MX", "es", "es", "1 de octubre de 2026", "spanish"),
        ("ES-419", "es", "es", "1 de octubre de 2026", "spanish"),
        ("vi", "vi", "vi", "1 tháng 10 năm 2026", None),
        ("ru", "ru", "ru", "1 октября 2026 г.", "russian"),
        ("fr", "fr", "fr", "1 octobre 2026", "french"),
        ("fr-CA", "fr", "fr", "1 octobre 2026", "french"),
        ("pt-BR", "pt", "pt", "1 de outubro de 2026", "portuguese"),
        ("pl", "pl", "pl", "1 października 2026", None),
        ("zh", "zh", "zh-Hans", "2026年10月1日", None),
        ("zh-CN", "zh", "zh-Hans", "2026年10月1日", None),
        ("zh-Hant", "zh", "zh-Hant", "2026年10月1日", None),
        ("zh-TW", "zh", "zh-Hant", "2026年10月1日", None),
        ("zh-Hant-HK", "zh", "zh-Hant", "2026年10月1日", None),
        ("ko", "ko", "ko", "2026년 10월 1일", None),
    ],
)
def test_a_tag_is_parsed_once_into_labels_dates_and_formula(tag, primary, table_tag, date, formula):
    lang = language(tag)
    assert (lang.tag, lang.primary, lang.readability) == (tag, primary, formula)
    assert table_for(tag) == table_tag and lang.labels == table(table_tag)
    assert lang.labels.date(DAY) == date
    assert lang.has_labels


@pytest.mark.parametrize("tag", ["de", "it", "xx", "sw-KE"])
def test_a_language_without_labels_or_formula_says_so(tag):
    lang = language(tag)
    assert not lang.has_labels and lang.labels is None and lang.readability is None
    assert lang.own_name == tag  # no made-up name either


def test_names_in_english_and_in_the_language_itself():
    assert (language("vi").english_name, language("vi").own_name) == ("Vietnamese", "Tiếng Việt")
    assert (language("es-MX").english_name, language("es-MX").own_name) == ("Spanish", "Español")
    assert language("zh-TW").own_name == "繁體中文"


@pytest.mark.parametrize(
    ("tag", "wanted", "speaks"),
    [("es-MX", "es", True), ("es", "es-MX", False), ("es-MX", "ES-mx", True), ("en", "e", False)],
)
def test_selecting_by_language_matches_the_primary_subtag_or_the_whole_tag(tag, wanted, speaks):
    assert language(tag).speaks(wanted) is speaks


@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
def test_a_spanish_brochure_prints_its_qr_caption_in_spanish(tmp_path, fmt):
    h = handout(
        "dormir",
        section("¿Qué es?", "Unas palabras sobre el sueño."),
        language="es",
        title="Dormir bien",
        summary=["**Idea:** dormir bien ayuda."],
        call_to_action="Llámenos.",
        formats=[fmt],
    )
    report = build_into(tmp_path, library(h))
    assert not report.failed, report.diagnostics
    text = " ".join(page_texts(tmp_path / "out" / f"dormir-{fmt}.pdf"))
    assert SPANISH.qr_caption in text
    assert ENGLISH.qr_caption not in text


def test_the_tool_ships_the_fourteen_languages_of_the_issue():
    wanted = {"es", "zh-Hans", "zh-Hant", "vi", "ko", "tl", "ru", "ar", "ht", "fr", "pt", "pl"}
    assert {*wanted, "ja", "hi", "en"} <= set(shipped().values())
