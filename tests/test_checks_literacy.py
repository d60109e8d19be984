"""Health literacy that knows medicine: syllables of drug names, the jargon list,
the numbers rule and the CDC Clear Communication Index, each made to pass and fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks_support import TODAY, check, content, handout, library, one_section, result, where
from test_checks_gate import REFERENCE, article_as_handout

from handouts import cli
from handouts.checks import Status, check_library, readability
from handouts.checks import syllables as estimator
from handouts.checks.jargon import stem, terms

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        # The undercounted words: hyphenation said 2, 3, 2, 2.
        ("ketamine", 3),
        ("fibromyalgia", 5),
        ("naproxen", 3),
        ("warfarin", 3),
        ("Ketamine's", 3),
        ("esketamine", 4),
        ("gabapentin", 4),
        ("lisinopril", 4),
        ("oxycodone", 4),
        ("hydrochlorothiazide", 7),
        ("levetiracetam", 6),
        ("ecchymosis", 4),
        ("prophylaxis", 4),
        ("thrombocytopenia", 7),
        ("ibuprofen", 4),
        ("acetaminophen", 6),
        # Not on the list and not in the dictionary: the estimator's own answer.
        ("pregabalins", 4),
        ("ketorolacs", 4),
        ("tramadol-like", 4),
    ],
)
def test_medical_words_have_their_real_syllable_counts(word: str, count: int) -> None:
    assert readability.syllables(word, "en") == count


def test_every_hand_count_matches_its_respelling_and_the_dictionary() -> None:
    rows = estimator.rows("medical_syllables.tsv")
    assert len(rows) >= 150
    for row in rows:
        assert int(row["syllables"]) == len(row["respelling"].split("-")), row["word"]
        known = readability._cmu_syllables(row["word"])
        assert known in (None, int(row["syllables"])), row["word"]
        assert row["source"], row["word"]


def test_the_estimator_beats_hyphenation_on_words_it_was_not_given() -> None:
    """Words outside both the dictionary and the medical list."""
    words = {"tirzepatidex": 5, "blorvane": 2, "quintessentially": 5, "unmedicated": 5}
    assert {w: estimator.estimate(w) for w in words} == words
    assert readability._cmu_syllables("blorvane") is None


def test_spanish_words_are_still_counted_by_hyphenation() -> None:
    # "ketamina" in Spanish is ke-ta-mi-na; the English list must not answer for it.
    assert readability.syllables("ketamina", "es") == 4
    assert readability.syllables("warfarina", "es") == 4


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference article is not beside the repo")
def test_the_reference_article_reads_harder_with_the_corrected_counts(monkeypatch) -> None:
    article = article_as_handout(REFERENCE.read_text(encoding="utf-8"))
    texts = [
        *article["summary"],
        *[b for b in article["intro"] if isinstance(b, str)],
        *[
            item if isinstance(item, str) else " ".join(item["bullets"])
            for section in article["sections"]
            for item in section["body"]
        ],
    ]
    corrected = readability.score(texts, "en")
    # Before: words outside the dictionary counted by hyphenation points.
    monkeypatch.setattr(estimator, "medical", dict)
    monkeypatch.setattr(
        readability.estimator, "estimate", lambda w: readability._hyphenated(w, "en_US")
    )
    before = readability.score(texts, "en")
    assert corrected is not None and before is not None
    assert corrected.counts.syllables > before.counts.syllables
    assert corrected.formulas["fk_grade"] > before.formulas["fk_grade"] + 0.3
    assert corrected.formulas["smog"] > before.formulas["smog"] + 0.5


def test_build_prints_the_grade_check_judges_for_drug_names_and_placeholders(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    body = (
        "    - Take warfarin and gabapentin as told. Call {clinic.phone} if you feel dizzy.\n"
        "    - bullets:\n"
        "        - Bring your esketamine spray.\n"
    )
    text = content(handout(sections=one_section(body)))
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    judged = result(check(text), "readability").summary.split(" (max")[0]
    assert line == f"wrote out/h.pdf (1 page; {judged})"


# ---------------------------------------------------------------- jargon


def test_the_list_has_500_terms_each_with_an_everyday_word_and_a_source() -> None:
    found = terms()
    assert len(found) >= 500
    assert all(t.plain and t.source for t in found)
    assert len({t.key for t in found}) == len(found), "two entries match the same words"
    sources = {t.source for t in found}
    assert sources <= {
        "CDC Everyday Words",
        "UMich Plain Language Medical Dictionary",
        "NCI Dictionary of Cancer Terms",
        "plainlanguage.gov",
    }


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("ecchymoses", "ecchymosis"),
        ("titrated", "titrate"),
        ("titrating", "titrate"),
        ("titrates", "titrate"),
        ("biopsies", "biopsy"),
        ("biopsied", "biopsy"),
        ("abscesses", "abscess"),
        ("sutures", "suture"),
        ("metastases", "metastasis"),
        ("administered", "administer"),
    ],
)
def test_inflected_forms_stem_like_their_base(word: str, base: str) -> None:
    assert stem(word) == stem(base)


def jargon_findings(body: str, settings: str = "", extra: str = "") -> list[str]:
    text = content(handout(sections=one_section(body), extra=extra), settings=settings)
    return [str(f) for f in result(check(text), "jargon").findings]


def jargon_messages(body: str, settings: str = "") -> list[str]:
    text = content(handout(sections=one_section(body)), settings=settings)
    return [f.message for f in result(check(text), "jargon").findings]


def test_a_listed_term_is_named_with_its_place_and_everyday_word() -> None:
    body = "    - You may have ecchymosis where the needle went in.\n"
    text = content(handout(sections=one_section(body)))
    outcome = result(check(text), "jargon")
    assert outcome.status is Status.FAIL
    assert [str(f) for f in outcome.findings] == [
        f"{where(text, 'You may have')}: handouts[0].sections[0].body[0].paragraph: "
        "medical word 'ecchymosis' → bruise: \"You may have ecchymosis where the needle went\" "
        "(use the everyday word, define 'ecchymosis' in a definitions block, "
        "or add it to checks.allowed_terms)"
    ]


def test_inflected_and_multi_word_terms_are_found_once_each() -> None:
    body = (
        "    - The nurse titrated the dose. We keep titrating it.\n"
        "    - Watch for a deep vein thrombosis after prophylaxis.\n"
    )
    messages = [m.split(":")[0] for m in jargon_messages(body)]
    assert messages == [
        "medical word 'titrated' → adjust the dose bit by bit",
        "medical word 'deep vein thrombosis' → blood clot in the leg",
        "medical word 'prophylaxis' → prevention",
    ]


def test_a_term_the_handout_defines_is_not_flagged_in_any_form() -> None:
    body = (
        "    - You may see ecchymoses on your arm.\n"
        "    - definitions:\n"
        "        - term: Ecchymosis\n"
        "          definition: A bruise.\n"
    )
    assert jargon_findings(body) == []


def test_a_term_explained_in_brackets_where_it_stands_is_not_flagged() -> None:
    body = "    - Acute (sudden) pain is common. Take strong pain pills (opioids) only as told.\n"
    assert jargon_findings(body) == []


def test_terms_the_clinic_allows_are_not_flagged_and_a_handout_can_add_more() -> None:
    body = "    - Tell your clinician about any opioid you take.\n"
    allowed = "checks:\n  allowed_terms: [clinicians]\n"
    found = jargon_findings(body, settings=allowed)
    assert len(found) == 1 and "'opioid' → strong pain medicine" in found[0]
    both = jargon_findings(body, settings=allowed, extra="checks: {allowed_terms: [opioid]}\n")
    assert both == []


def test_glossary_terms_are_left_to_the_glossary_rule_and_cover_their_words() -> None:
    body = "    - It acts on NMDA receptors and can cause dissociation.\n"
    found = jargon_messages(body, settings="glossary: [NMDA receptor, dissociation]\n")
    assert found == [
        "'NMDA receptor' is used but not defined: \"It acts on NMDA receptors and can cause ...\"",
        "'dissociation' is used but not defined: \"It acts on NMDA receptors and can cause ...\"",
    ]


def test_whole_words_only_and_everyday_words_pass() -> None:
    body = "    - Rest in a cool, dark room. Drink water. Call us if the pain gets worse.\n"
    assert jargon_findings(body) == []
    assert jargon_findings("    - The renalysis is a made-up word.\n") == []


def test_headings_and_tables_are_searched_too() -> None:
    body = "    - Rest well.\n"
    text = content(handout(sections=one_section(body, heading="Living with hypertension")))
    (finding,) = result(check(text), "jargon").findings
    assert finding.path == "handouts[0].sections[0].heading"
    assert "'hypertension' → high blood pressure" in finding.message


def test_the_english_list_is_not_applied_to_spanish_handouts() -> None:
    body = "    - La hipertensión y la prophylaxis.\n"
    text = content(handout(sections=one_section(body), extra="language: es\n"))
    assert result(check(text), "jargon").status is Status.PASS


# ---------------------------------------------------------------- numbers


def number_messages(body: str) -> list[str]:
    text = content(handout(sections=one_section(body)))
    outcome = result(check(text), "numbers")
    return [f"{f.message} ({f.hint})" for f in outcome.findings]


def test_a_percentage_needs_a_count_beside_it() -> None:
    assert number_messages("    - About 30% of people feel dizzy.\n") == [
        'percentage "30%" without an "N out of 100" form: "About 30% of people feel dizzy" '
        '(add the same as a count: "30 out of 100 people")'
    ]
    assert number_messages("    - About 2.5 percent feel sick.\n") == [
        'percentage "2.5 percent" without an "N out of 100" form: "About 2.5 percent feel sick" '
        '(add the same as a count: "25 out of 1,000 people")'
    ]
    assert number_messages("    - About 30% (30 out of 100 people) feel dizzy.\n") == []
    assert number_messages("    - About 1 in 10 people feel dizzy.\n") == []


def test_a_range_needs_a_unit() -> None:
    assert number_messages("    - Take 1-2 every 4 hours.\n") == [
        'range "1-2" without a unit: "Take 1-2 every 4 hours" '
        '(say what is counted, e.g. "1 to 2 tablets" or "1 to 2 days")'
    ]
    assert number_messages("    - Rest for 2 to 3.\n")[0].startswith('range "2 to 3" without')
    for fine in (
        "Take 1-2 tablets every 4 hours.",
        "Rest for 2 to 3 days.",
        "It lasts 20–40 minutes.",
        "Call (555) 010-0100 or 555-0100.",
        "It costs $10-20.",
        "For ages 18-65.",
        "Rate your pain on a scale of 0 to 10.",
        "Seen on 2026-10-01.",
    ):
        assert number_messages(f"    - {fine}\n") == [], fine


def test_arithmetic_after_a_number_is_flagged() -> None:
    body = "    - Take 2 tablets. If the pain is bad, take twice the dose.\n"
    assert number_messages(body) == [
        'the reader has to work out "twice the dose": "pain is bad, take twice the dose" '
        "(do the sum for the reader and write the result)"
    ]
    assert number_messages("    - Give 0.5 mg per kg.\n")[0].startswith(
        'the reader has to work out "per kg"'
    )
    # No number to work from: "twice a day" and "twice the care" are not sums.
    assert number_messages("    - Take it twice a day.\n") == []
    assert number_messages("    - Rest helps twice the amount you think.\n") == []


def test_the_numbers_rule_warns_by_default() -> None:
    text = content(handout(sections=one_section("    - About 30% feel dizzy.\n")))
    outcome = result(check(text), "numbers")
    assert outcome.status is Status.WARN
    assert [f.severity for f in outcome.findings] == ["warning"]


# ---------------------------------------------------------------- CDC CCI

PICTURE = (
    "    - image:\n"
    "        src: assets/sleep-night.png\n"
    "        alt: A calm bedroom at night.\n"
    "        caption: A dark room helps you sleep.\n"
)
TWO_SECTIONS = (
    "- heading: Why rest helps\n"
    "  body:\n"
    "    - Your body heals while you sleep.\n"
    f"{PICTURE}"
    "- heading: What you can do\n"
    "  body:\n"
    "    - steps:\n"
    "        - Go to bed at the same time each night.\n"
    "        - Keep your room dark.\n"
)
KEY_POINTS = "      - Rest helps your body heal.\n      - Call us if you feel worse.\n"


def cci(sections: str = TWO_SECTIONS, *, summary: str = KEY_POINTS, extra: str = "", cta=True):
    text = content(handout(sections=sections, summary=summary, extra=extra))
    if not cta:
        text = text.replace("    call_to_action: Call us if you have questions.\n", "")
    return result(check_library(library(text, ROOT), today=TODAY), "cci")


def test_a_handout_built_to_meet_every_scored_item_scores_100() -> None:
    outcome = cci()
    assert outcome.status is Status.PASS
    assert outcome.summary == "100 of 100 on 12 machine-scored items (min 90)"
    assert outcome.measures["met"] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14]
    assert outcome.measures["not_applicable"] == [15, 16, 17, 18, 19, 20]  # no numbers, no risk
    assert outcome.measures["needs_a_person"] == [11, 13]


@pytest.mark.parametrize(
    ("change", "unmet"),
    [
        ({"summary": "      - Rest.\n      - Call us.\n"}, [1]),  # a topic, not a message
        ({"summary": "      - Rest helps your body heal.\n"}, []),  # one key point, no list
        ({"sections": TWO_SECTIONS.replace(PICTURE, "")}, [4]),
        ({"summary": "      - Your body is healed by rest.\n      - Call us.\n"}, [6]),
        ({"sections": TWO_SECTIONS.replace("heals while", "heals by prophylaxis while")}, [7]),
        ({"sections": TWO_SECTIONS.split("- heading: What you can do")[0]}, [9, 14]),
        ({"sections": TWO_SECTIONS.replace("What you can do", "More information")}, [9]),
    ],
)
def test_each_scored_item_fails_on_a_handout_built_to_miss_it(change, unmet) -> None:
    assert cci(**change).measures["not_met"] == unmet


def test_no_key_points_misses_the_main_message_items() -> None:
    text = content(handout(sections=TWO_SECTIONS)).replace(
        "    summary:\n      - Rest helps your body heal.\n", ""
    )
    outcome = result(check_library(library(text, ROOT), today=TODAY), "cci")
    assert outcome.measures["not_met"] == [1, 2, 3, 10]
    assert outcome.status is Status.WARN  # a warning unless the library asks for more
    assert outcome.findings[0].message == (
        "Clear Communication Index item 1 not met: one main message statement (the first key point)"
    )


def test_without_any_action_the_recommendation_items_do_not_apply() -> None:
    sections = TWO_SECTIONS.replace(
        "    - steps:\n        - Go to bed at the same time each night.\n"
        "        - Keep your room dark.\n",
        "    - A dark room helps.\n",
    )
    outcome = cci(sections, cta=False)
    assert outcome.measures["not_met"] == [5]
    assert {12, 14} <= set(outcome.measures["not_applicable"])


def test_a_call_to_action_with_a_number_is_a_specific_direction() -> None:
    sections = TWO_SECTIONS.replace(
        "    - steps:\n        - Go to bed at the same time each night.\n"
        "        - Keep your room dark.\n",
        "    - bullets:\n        - A dark room helps.\n        - So does a cool one.\n",
    )
    assert 14 in cci(sections).measures["not_met"]
    text = content(handout(sections=sections)).replace(
        "Call us if you have questions.", "Call us at 555-0100 if you have questions."
    )
    outcome = result(check_library(library(text, ROOT), today=TODAY), "cci")
    assert 14 in outcome.measures["met"]


def test_numbers_items_follow_the_numbers_rule() -> None:
    with_numbers = TWO_SECTIONS.replace(
        "Your body heals while you sleep.",
        "About 30% of people sleep badly. Take 1-2 every night, then twice the dose.",
    )
    outcome = cci(with_numbers)
    assert {15, 17} <= set(outcome.measures["not_met"])
    assert 16 in outcome.measures["needs_a_person"]
    fixed = TWO_SECTIONS.replace(
        "Your body heals while you sleep.", "About 30 out of 100 people sleep badly."
    )
    assert {15, 17} <= set(cci(fixed).measures["met"])


def test_risk_items_apply_when_the_handout_talks_about_risk() -> None:
    risky = TWO_SECTIONS.replace(
        "Your body heals while you sleep.", "The risk of side effects is 5 out of 100."
    )
    outcome = cci(risky)
    assert {18, 19} <= set(outcome.measures["needs_a_person"])
    assert 20 in outcome.measures["met"]  # the handout has a picture
    no_picture = cci(risky.replace(PICTURE, ""))
    assert 20 in no_picture.measures["not_met"]
    in_words = risky.replace(PICTURE, "").replace("is 5 out of 100", "is rare, 5 out of 100")
    assert 20 in cci(in_words).measures["met"]


@pytest.mark.parametrize(
    ("summary", "met"),
    [
        ("      - 今天好好休息。\n      - 有问题请打电话。\n", True),  # six characters: a statement
        ("      - 休息。\n      - 电话。\n", False),  # a topic
        ("      - Hãy nghỉ ngơi hôm nay.\n      - Gọi cho chúng tôi.\n", True),
        ("      - Nghỉ ngơi.\n      - Gọi.\n", False),
    ],
)
def test_the_main_message_counts_chinese_characters_as_words(summary, met) -> None:
    sections = TWO_SECTIONS.replace("Your body heals while you sleep.", "Ngủ giúp cơ thể.")
    outcome = cci(sections, summary=summary, extra="language: zh-Hans\n")
    assert (1 in outcome.measures["met"]) is met
    assert (1 in outcome.measures["not_met"]) is not met


@pytest.mark.parametrize("tag", ["vi", "zh-Hans", "ar", "pl"])
def test_the_grade_part_of_audience_words_needs_a_person_without_a_formula(tag) -> None:
    outcome = cci(extra=f"language: {tag}\n")
    assert 7 in outcome.measures["needs_a_person"]
    assert 7 not in outcome.measures["not_met"]
    # An English handout is still scored by its grade, and by its medical words.
    english = TWO_SECTIONS.replace("heals while", "heals by prophylaxis while")
    assert 7 in cci(english).measures["not_met"]


def test_the_cci_target_and_level_are_settings() -> None:
    no_picture = TWO_SECTIONS.replace(PICTURE, "")
    strict = cci(no_picture, extra="checks: {cci_threshold: 95, rules: {cci: error}}\n")
    assert strict.status is Status.FAIL
    assert strict.summary == "92 of 100 on 12 machine-scored items (min 95)"
    relaxed = cci(no_picture, extra="checks: {cci_threshold: 90, rules: {cci: error}}\n")
    assert relaxed.status is Status.PASS
    assert cci(no_picture, extra="checks: {cci_threshold: 95}\n").status is Status.WARN
