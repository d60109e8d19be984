"""Every model-level rule, triggered and not triggered by purpose-built content."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from checks_support import (
    CLINIC,
    GOOD_HANDOUT,
    check,
    content,
    handout,
    library,
    one_section,
    result,
    where,
)

from handouts.checks import RULE_NAMES, Status
from handouts.dates import add_months
from handouts.load import parse
from handouts.model import RuleLevels
from handouts.validate import validate

HARD = (
    "The pharmacological characteristics of intravenous administration demonstrate "
    "considerable interindividual variability."
)


def test_good_handout_passes_every_model_rule() -> None:
    report = check(content(GOOD_HANDOUT))
    statuses = {r.rule: r.status for r in report.handouts[0].results}
    assert {k: v for k, v in statuses.items() if v is not Status.SKIP} == {
        "readability": Status.PASS,
        "long_sentences": Status.PASS,
        "long_paragraphs": Status.PASS,
        "long_lists": Status.PASS,
        "jargon": Status.PASS,
        "numbers": Status.PASS,
        "structure": Status.PASS,
        "pemat": Status.PASS,
        "cci": Status.PASS,
        "review": Status.PASS,
        "contact_placeholders": Status.PASS,
        "clinic_words": Status.PASS,
        "translation": Status.PASS,
    }
    assert not report.failed


# ---------------------------------------------------------------- readability


def hard_handout(extra: str = "") -> str:
    return handout(
        sections=(
            "- heading: Why rest helps\n"
            "  body:\n"
            "    - Rest helps you heal. Sleep well.\n"
            "- heading: How the medicine works\n"
            "  body:\n"
            f"    - {HARD}\n"
        ),
        extra=extra,
    )


def test_hard_text_fails_and_names_the_section_that_pulls_the_grade_up() -> None:
    text = content(hard_handout())
    outcome = result(check(text), "readability")
    assert outcome.status is Status.FAIL
    assert outcome.measures["hardest_section"] == "How the medicine works"
    assert [s["heading"] for s in outcome.measures["sections"]] == [
        "Why rest helps",
        "How the medicine works",
    ]
    (finding,) = outcome.findings
    assert str(finding).startswith(
        f"{where(text, 'How the medicine works')}: handouts[0].sections[1].heading: "
        "section 'How the medicine works' pulls the grade up most (FK grade "
    )
    assert str(finding).endswith("(use shorter sentences and everyday words; define medical terms)")


def test_a_handout_can_raise_its_own_target() -> None:
    relaxed = hard_handout("checks: {max_grade: 20, max_smog: 20}\n")
    assert result(check(content(relaxed)), "readability").status is Status.PASS


def test_library_target_applies_to_every_handout() -> None:
    strict = content(GOOD_HANDOUT, settings="checks:\n  max_grade: -1\n  max_smog: 1\n")
    # max_grade must be positive: the model refuses it with a clear message.
    source = parse(strict, "content.yaml")
    problems = validate(source.data, source.source_map, Path(".")).diagnostics
    assert [str(p) for p in problems] == [
        f"{where(strict, '-1')}: checks.max_grade: input should be greater than 0"
    ]
    tight = content(GOOD_HANDOUT, settings="checks:\n  max_smog: 2\n")
    assert result(check(tight), "readability").status is Status.FAIL


@pytest.mark.parametrize(("level", "status"), [("warn", Status.WARN), ("off", Status.OFF)])
def test_rule_levels_turn_a_failure_into_a_warning_or_nothing(level, status) -> None:
    # The hard sentence is jargon too ("pharmacological", "intravenous"): only
    # readability is under test here.
    rules = f"{{readability: {level}, jargon: off, cci: off}}"
    text = content(hard_handout(), settings=f"checks:\n  rules: {rules}\n")
    report = check(text)
    assert result(report, "readability").status is status
    assert not report.failed
    if level == "warn":
        assert all(f.severity == "warning" for f in result(report, "readability").findings)


# ---------------------------------------------------------------- long text


def test_sentence_over_20_words_is_listed_with_its_location_and_first_words() -> None:
    long = " ".join(["word"] * 20) + " more."
    ok = " ".join(["word"] * 19) + " end."
    text = content(handout(sections=one_section(f"    - {ok}\n    - {long}\n")))
    outcome = result(check(text), "long_sentences")
    assert outcome.status is Status.WARN  # warn by default
    assert [str(f) for f in outcome.findings] == [
        f"{where(text, long)}: warning: handouts[0].sections[0].body[1].paragraph: "
        'sentence of 21 words (max 20): "word word word word word word word word ..." '
        "(split it in two)"
    ]


def test_sentence_of_20_words_passes() -> None:
    ok = " ".join(["word"] * 19) + " end."
    text = content(handout(sections=one_section(f"    - {ok}\n")))
    assert result(check(text), "long_sentences").status is Status.PASS


def test_paragraph_over_60_words_is_listed() -> None:
    sentence = "We rest and we heal well today. "  # 7 words
    para = (sentence * 8 + "Then we sleep a lot.").strip()  # 56 + 5 = 61 words
    text = content(handout(sections=one_section(f"    - {para}\n")))
    outcome = result(check(text), "long_paragraphs")
    assert outcome.status is Status.WARN
    assert outcome.summary == "1 paragraph longer than 60 words"
    assert 'paragraph of 61 words (max 60): "We rest and we heal well today. We ..."' in str(
        outcome.findings[0]
    )
    short = (sentence * 8 + "Then sleep.").strip()  # 58 words
    text = content(handout(sections=one_section(f"    - {short}\n")))
    assert result(check(text), "long_paragraphs").status is Status.PASS


def test_list_over_7_items_is_listed_and_7_items_pass() -> None:
    eight = "".join(f"      - Item number {i}.\n" for i in range(8))
    text = content(handout(sections=one_section(f"    - bullets:\n{eight}")))
    outcome = result(check(text), "long_lists")
    assert outcome.status is Status.WARN
    assert [str(f) for f in outcome.findings] == [
        f"{where(text, '- Item number 0')}: warning: handouts[0].sections[0].body[0].bullets: "
        'list of 8 items (max 7): "Item number 0." (group the items under two headings, '
        "or keep the most important)"
    ]
    seven = "".join(f"      - Item number {i}.\n" for i in range(7))
    text = content(handout(sections=one_section(f"    - steps:\n{seven}")))
    assert result(check(text), "long_lists").status is Status.PASS


def test_limits_are_settings() -> None:
    settings = "checks:\n  max_sentence_words: 3\n  rules: {long_sentences: error}\n"
    text = content(GOOD_HANDOUT, settings=settings)
    outcome = result(check(text), "long_sentences")
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].severity == "error"


# ---------------------------------------------------------------- jargon

GLOSSARY = """\
glossary:
  - NMDA receptor
  - term: infusion
    forms: [infused]
"""


def test_glossary_term_used_without_a_definition_is_flagged() -> None:
    body = "    - Medicine is infused into a vein. It acts on NMDA receptors.\n"
    text = content(handout(sections=one_section(body)), settings=GLOSSARY)
    outcome = result(check(text), "jargon")
    assert outcome.status is Status.FAIL
    assert [f.message for f in outcome.findings] == [
        "'NMDA receptor' is used but not defined: \"Medicine is infused into a vein. It acts ...\"",
        "'infusion' is used but not defined: \"Medicine is infused into a vein. It acts ...\"",
    ]
    assert outcome.findings[0].hint == (
        "add a definitions block with term: NMDA receptor, or use an everyday word"
    )


def test_defined_glossary_terms_pass_and_unused_terms_do_not_matter() -> None:
    body = (
        "    - It acts on NMDA receptors.\n"
        "    - definitions:\n"
        "        - term: NMDA receptor\n"
        "          definition: A part of a nerve cell that passes on pain signals.\n"
    )
    text = content(handout(sections=one_section(body)), settings=GLOSSARY)
    assert result(check(text), "jargon").status is Status.PASS


def test_terms_match_whole_words_only() -> None:
    body = "    - Confusion is common.\n"  # contains "fusion", not "infusion"
    text = content(handout(sections=one_section(body)), settings="glossary: [fusion]\n")
    assert result(check(text), "jargon").status is Status.PASS


# ---------------------------------------------------------------- structure


def test_missing_key_points_generic_and_repeated_headings_and_no_action_fail() -> None:
    sections = (
        "- heading: Overview\n  body: [Rest helps you heal.]\n"
        "- heading: Sleep\n  body: [Sleep helps you heal.]\n"
        "- heading: sleep\n  body: [Sleep is good.]\n"
    )
    text = content(
        "  - id: bare\n    title: Bare\n    reviewed: 2026-10-01\n"
        f"    sections:\n{textwrap.indent(sections, '      ')}"
    )
    outcome = result(check(text), "structure")
    assert outcome.status is Status.FAIL
    assert [f.message for f in outcome.findings] == [
        "no key points: the purpose is not stated up front",
        "heading 'Overview' does not say what the section is about",
        "heading 'sleep' is used twice (also sections[1])",
        "no explicit action for the reader",
    ]


def test_contact_information_is_required() -> None:
    text = content(GOOD_HANDOUT).replace('  contact: {phone: "(555) 010-0100"}\n', "")
    outcome = result(check(text), "structure")
    assert [f.message for f in outcome.findings] == ["no contact information"]


def test_a_library_of_several_brands_is_checked_against_each_handouts_own() -> None:
    brands = textwrap.dedent(
        """\
        clinics:
          main:
            name: Main Clinic
            contact: {phone: "(555) 010-0100"}
            disclaimer: This handout is general information, not medical advice.
          quiet:
            name: Quiet Clinic
            disclaimer: This handout is general information, not medical advice.
        """
    )
    sister = GOOD_HANDOUT.replace("  - id: good\n", "  - id: sister\n    clinic: quiet\n")
    text = content(GOOD_HANDOUT, sister).replace(CLINIC, brands)
    report = check(text)
    assert result(report, "structure", 0).findings == ()
    (finding,) = result(report, "structure", 1).findings
    assert finding.message == "no contact information"
    assert str(finding).startswith(where(text, "name: Quiet") + ": clinics.quiet.contact: ")


def test_steps_or_a_when_to_call_box_count_as_an_action() -> None:
    body = (
        "    - callout:\n"
        "        kind: when-to-call\n"
        "        body: [Call us if the pain gets worse.]\n"
    )
    text = content(handout(sections=one_section(body))).replace(
        "    call_to_action: Call us if you have questions.\n", ""
    )
    assert result(check(text), "structure").status is Status.PASS


# ---------------------------------------------------------------- PEMAT


def test_pemat_score_is_the_share_of_applicable_automated_items_met() -> None:
    outcome = result(check(content(GOOD_HANDOUT)), "pemat")
    assert outcome.status is Status.PASS
    assert outcome.summary == "100% of 11 automated items (min 70%)"
    assert outcome.measures["not_applicable"] == [17, 19, 25]  # no images or tables
    assert "5 active voice" in outcome.measures["needs_a_person"]


def test_pemat_below_threshold_fails_and_lists_unmet_items() -> None:
    text = content(hard_handout(), settings="checks:\n  rules: {readability: off}\n")
    outcome = result(check(text), "pemat")
    # Unmet: 3 (grade), 4 ("pharmacological" and "intravenous" are listed medical
    # words, undefined), 23 (no tool); 22 is met by the single call to action.
    assert outcome.measures["not_met"] == [3, 4, 23]
    assert outcome.summary == "73% of 11 automated items (min 70%)"
    strict = text.replace("checks:\n", "checks:\n  pemat_threshold: 90\n")
    outcome = result(check(strict), "pemat")
    assert outcome.status is Status.FAIL
    assert [f.message for f in outcome.findings] == [
        "PEMAT item 3 not met: common, everyday language (within the grade target)",
        "PEMAT item 4 not met: medical terms are defined",
        "PEMAT item 23 not met: a tangible tool (checklist, fill-in form)",
    ]


# ---------------------------------------------------------------- review


def test_content_goes_stale_12_months_after_review() -> None:
    text = content(GOOD_HANDOUT)
    assert result(check(text, today=dt.date(2027, 10, 1)), "review").status is Status.PASS
    outcome = result(check(text, today=dt.date(2027, 10, 2)), "review")
    assert outcome.status is Status.FAIL
    assert [str(f) for f in outcome.findings] == [
        f"{where(text, '2026-10-01')}: handouts[0].reviewed: content is stale: review was due "
        "2027-10-01 (1 days ago) (have a clinician review it, then update reviewed:)"
    ]


def test_review_by_and_review_months_move_the_due_date() -> None:
    text = content(
        GOOD_HANDOUT.replace(
            "reviewed: 2026-10-01", "reviewed: 2026-10-01\n    review_by: 2026-11-01"
        )
    )
    outcome = result(check(text), "review")
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].path == "handouts[0].review_by"
    six = content(GOOD_HANDOUT, settings="checks: {review_months: 6}\n")
    assert result(check(six, today=dt.date(2027, 4, 2)), "review").summary == (
        "stale since 2027-04-01"
    )


def test_review_by_must_follow_reviewed() -> None:
    text = content(
        GOOD_HANDOUT.replace(
            "reviewed: 2026-10-01", "reviewed: 2026-10-01\n    review_by: 2026-09-01"
        )
    )
    source = parse(text, "content.yaml")
    problems = validate(source.data, source.source_map, Path(".")).diagnostics
    assert [p.message for p in problems] == [
        "review_by (2026-09-01) must come after reviewed (2026-10-01)"
    ]


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2026, 10, 1), 12, dt.date(2027, 10, 1)),
        (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 15)),
    ],
)
def test_adding_months_clamps_to_the_month_end(day, months, due) -> None:
    assert add_months(day, months) == due


def test_handout_settings_override_only_the_keys_they_set() -> None:
    text = content(
        handout(
            sections=one_section("    - Rest well.\n"), extra="checks:\n  rules: {jargon: warn}\n"
        ),
        settings="checks:\n  max_grade: 6\n  rules: {long_lists: off}\n",
    )
    validated = library(text)
    h = validated.library.handouts[0]
    merged = validated.library.checks.merged(h.checks)
    assert (merged.max_grade, merged.rules.jargon, merged.rules.long_lists) == (6, "warn", "off")


def test_every_rule_has_a_level_setting_and_every_setting_a_rule() -> None:
    assert list(RuleLevels.model_fields) == list(RULE_NAMES)
