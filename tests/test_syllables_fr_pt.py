"""French and Portuguese syllables against words divided by hand.

The lists in tests/cases/syllables/ give each word's division (· between
syllables), so every count can be checked by eye; the counters must agree with
nearly all of them and exactly with the health words below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.checks import french, portuguese, readability
from handouts.checks.data import rows

CASES = Path(__file__).resolve().parent / "cases" / "syllables"
COUNTERS = {"fr": french.syllables, "pt": portuguese.syllables}


def divided(language: str) -> list[tuple[str, int]]:
    lines = (CASES / f"{language}.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines[1:] if line and not line.startswith("#")]
    return [(word, len(division.split("·"))) for word, division in pairs if word != "word"]


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_nearly_every_word_divided_by_hand_is_counted_right(language):
    words = divided(language)
    assert len(words) >= 300 and len({w for w, _ in words}) == len(words)
    wrong = [(w, n, COUNTERS[language](w)) for w, n in words if COUNTERS[language](w) != n]
    assert len(wrong) <= 0.05 * len(words), wrong  # at least 95 % exact (today: all)


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_counting_vowel_groups_would_fail_the_lists_so_they_are_a_witness(language):
    """The lists tell a good counter from the naive one (one syllable per run of
    vowel letters: it gets about 58 % of the French and 69 % of the Portuguese)."""
    vowel_run = f"[{''.join(sorted({'fr': french, 'pt': portuguese}[language].VOWELS))}]+"
    words = divided(language)
    right = sum(max(1, len(re.findall(vowel_run, w.lower()))) == n for w, n in words)
    assert right < 0.75 * len(words)


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("médecin", 3),  # mé·de·cin: an e inside the word counts
        ("douleur", 2),
        ("traitement", 3),
        ("infirmière", 3),  # -mière: i before a vowel is a glide
        ("ordonnance", 3),  # no final mute e
        ("hôpital", 3),
        ("l'hôpital", 3),
        ("patient", 2),  # a noun's -ent is said
        ("prennent", 1),  # a verb's is not
        ("client", 2),  # cli·ent: after c and l, i keeps its syllable
        ("poème", 2),
        ("naïf", 2),
        ("payer", 2),
        ("aujourd'hui", 3),
        ("le", 1),
    ],
)
def test_french_health_words(word, count):
    assert french.syllables(word) == count
    assert readability.syllables(word.capitalize(), "fr-CA") == count


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("saúde", 3),  # sa·ú·de: the accent makes a hiatus
        ("país", 2),
        ("remédio", 3),  # re·mé·dio: a final unstressed -io after the accent is one
        ("alergia", 4),  # a·ler·gi·a: no accent, the i is stressed
        ("enfermeira", 4),
        ("coração", 3),
        ("ainda", 3),  # a·in·da: n closes the i's syllable
        ("muito", 2),
        ("água", 2),  # u after g is no syllable
        ("quatro", 2),
        ("paciente", 4),
    ],
)
def test_portuguese_health_words(word, count):
    assert portuguese.syllables(word) == count
    assert readability.syllables(word.upper(), "pt-BR") == count


def test_every_french_exception_matches_its_division():
    for row in rows("french_syllables.tsv"):
        assert int(row["syllables"]) == len(row["division"].split("-")), row["word"]
        assert french.syllables(row["word"]) == int(row["syllables"])


def test_every_ent_example_is_read_as_its_row_says():
    """The table's examples witness its rows: each -ent word in an example is
    decided as the row says (so a longer ending added later cannot silently
    overrule a row it was not meant for)."""
    table = rows("french_ent.tsv")
    assert len(table) > 50
    for row in table:
        for word in re.findall(r"\w+ent\b", row["example"]):
            assert french.ent_is_said(word) is (row["said"] == "yes"), (row["ending"], word)


@pytest.mark.parametrize(
    ("word", "count"),
    [("peut-être", 2), ("rendez-vous", 3), ("qu'il", 1), ("911", 1), ("l'", 1)],
)
def test_french_parts_apostrophes_and_numbers(word, count):
    assert readability.syllables(word, "fr") == count


def test_portuguese_hyphenated_words_are_counted_part_by_part():
    assert portuguese.syllables("anti-inflamatório") == 7
    assert portuguese.syllables("tome-o") == 3
