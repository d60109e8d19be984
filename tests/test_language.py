"""One object answers "which language is this": labels, dates, names, reading formula."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import build_into, handout, library, page_texts, section

from handouts.labels import ENGLISH, LABELS, SPANISH
from handouts.language import language

DAY = dt.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("tag", "primary", "labels", "date", "formula"),
    [
        ("en", "en", ENGLISH, "October 1, 2026", "english"),
        ("en-US", "en", ENGLISH, "October 1, 2026", "english"),
        ("es", "es", SPANISH, "1 de octubre de 2026", "spanish"),
        ("es-MX", "es", SPANISH, "1 de octubre de 2026", "spanish"),
        ("ES-419", "es", SPANISH, "1 de octubre de 2026", "spanish"),
    ],
)
def test_a_tag_is_parsed_once_into_labels_dates_and_formula(tag, primary, labels, date, formula):
    lang = language(tag)
    assert (lang.tag, lang.primary, lang.labels, lang.readability) == (
        tag,
        primary,
        labels,
        formula,
    )
    assert lang.date(DAY) == date
    assert lang.has_labels


@pytest.mark.parametrize("tag", ["vi", "zh-Hant", "ru", "xx"])
def test_a_language_without_labels_or_formula_says_so(tag):
    lang = language(tag)
    assert not lang.has_labels and lang.readability is None


def test_names_in_english_and_in_the_language_itself():
    assert (language("vi").english_name, language("vi").own_name) == ("Vietnamese", "Tiếng Việt")
    assert (language("es-MX").english_name, language("es-MX").own_name) == ("Spanish", "Español")


@pytest.mark.parametrize(
    ("tag", "wanted", "speaks"),
    [("es-MX", "es", True), ("es", "es-MX", False), ("es-MX", "ES-mx", True), ("en", "e", False)],
)
def test_selecting_by_language_matches_the_primary_subtag_or_the_whole_tag(tag, wanted, speaks):
    assert language(tag).speaks(wanted) is speaks


def test_every_label_table_fills_every_label():
    for code, labels in LABELS.items():
        for name, value in vars(labels).items():
            assert value, f"{code}: {name} is empty"


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
