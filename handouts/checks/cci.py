"""The CDC Clear Communication Index, scored as far as a machine can.

The Index has 20 yes/no items in four parts; a material's score is the share
of the items that apply to it which it meets, and CDC asks for 90 or more.
A machine can see whether a handout has key points, a call to action, lists,
headings, a picture, steps, percentages with counts; it cannot tell whether
the science is explained or the risk is clear. Each item here is either
scored (by the proxy its judge documents) or listed as needing a person, so
the total is a score over the machine-scored items, never a full review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import markup
from . import numbers, prose, readability, structure
from .context import Context
from .results import Outcome, Verdict


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    judge: Callable[[Context], Verdict]


_verdict = Verdict.of


def _person(ctx: Context) -> Verdict:
    return Verdict.PERSON


def _english(ctx: Context) -> bool:
    return readability.is_english(ctx.handout.language)


# ------------------------------------------------------------ part A: core


def _main_message(ctx: Context) -> str:
    """The first key point: the handout's main message statement."""
    return markup.plain(ctx.handout.summary[0]) if ctx.handout.summary else ""


# Where "fewer than four words is a topic" was set and tested: in Korean, Russian
# or Arabic, whose endings carry what English says in words, "오늘은 쉬세요"
# ("rest today") is a statement of two.
STATEMENT_LANGUAGES = ("en", "es", "vi", "zh", "ja")


def _one_main_message(ctx: Context) -> Verdict:
    """A topic ("Sleep and pain") is not a message; a statement has a few words.
    A short first key point in another language needs a person."""
    if _statement_length(_main_message(ctx)) >= 4:
        return Verdict.MET
    known = structure.knows(ctx, STATEMENT_LANGUAGES) or not ctx.handout.summary
    return Verdict.NOT_MET if known else Verdict.PERSON


# Chinese and Japanese write no spaces between words: each character counts (a
# word there is one to three of them), so "今天好好休息。" is a statement.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _statement_length(text: str) -> int:
    """Words, counting each Chinese or Japanese character as one."""
    unspaced = len(_UNSPACED.findall(text))
    return unspaced + len(prose.words(_UNSPACED.sub(" ", text)))


def _has_summary(ctx: Context) -> Verdict:
    """Key points are printed first, in a box: at the top and set off visually."""
    return _verdict(bool(ctx.handout.summary))


def _has_visual(ctx: Context) -> Verdict:
    images = [b for b in prose.blocks(ctx.handout) if b.kind == "image"]
    return _verdict(bool(images or ctx.handout.cover_image))


def _has_action(ctx: Context) -> Verdict:
    return _verdict(bool(structure.actions(ctx)))


# "is taken", "were told", "be given": a form of "be" and a past participle.
_PARTICIPLES = (
    "given taken done made seen told shown written known found kept held sent left brought "
    "bought caught taught thought paid put set hurt begun drawn driven eaten fed felt gone "
    "grown heard hidden laid led lost meant met read run said sold spent stuck struck "
    "understood worn won"
)
PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+|not\s+)?"
    rf"(?:\w+ed|{'|'.join(_PARTICIPLES.split())})\b",
    re.IGNORECASE,
)


def _active_voice(ctx: Context) -> Verdict:
    if not _english(ctx):
        return Verdict.PERSON
    cta = markup.plain(ctx.handout.call_to_action or "")
    return _verdict(not PASSIVE.search(_main_message(ctx)) and not PASSIVE.search(cta))


def _audience_words(ctx: Context) -> Verdict:
    """No undefined medical word, within the grade; a person judges what the
    machine cannot in the handout's language (the medical word list is English,
    and a language with no validated formula has no grade): never "not met" for
    want of a test, but "not met" for an undefined glossary term in any language."""
    terms = structure.terms_defined(ctx)
    within = structure.within_grade(ctx)
    if terms is Verdict.NOT_MET or within is False:
        return Verdict.NOT_MET
    return Verdict.PERSON if terms is Verdict.PERSON or within is None else Verdict.MET


def _has_lists(ctx: Context) -> Verdict:
    kinds = {b.kind for b in prose.blocks(ctx.handout)}
    return _verdict(bool(kinds & set(prose.LIST_KINDS)) or len(ctx.handout.summary) > 1)


def _chunks_with_headings(ctx: Context) -> Verdict:
    if len(ctx.handout.sections) < 2:
        return Verdict.NOT_MET
    return structure.headings_informative(ctx)


# ------------------------------------------------- part B: recommendations


def _recommends(ctx: Context) -> Verdict:
    return Verdict.MET if structure.actions(ctx) else Verdict.NOT_APPLICABLE


def _directions(ctx: Context) -> Verdict:
    """Steps, a checklist, or a call to action that says exactly how (a number or a link)."""
    if not structure.actions(ctx):
        return Verdict.NOT_APPLICABLE
    kinds = {b.kind for b in prose.blocks(ctx.handout)}
    cta = ctx.handout.call_to_action or ""
    specific = any(ch.isdigit() for ch in markup.plain(cta)) or "](" in cta
    return _verdict(bool(kinds & {"steps", "checklist"}) or specific)


# --------------------------------------------------------- part C: numbers


def _number_item(kinds: set[str], seen: Callable[[str], bool]) -> Callable[[Context], Verdict]:
    """Judged by the numbers rule's patterns, whose words (units, frequencies,
    sums) are English: in another language a number `seen` there (a percentage,
    a range; any number for sums, whose words are unknown) needs a person, and
    a handout with none meets the item in any language."""

    def judge(ctx: Context) -> Verdict:
        if not numbers.has_numbers(ctx):
            return Verdict.NOT_APPLICABLE
        if not _english(ctx):
            unseen = not any(seen(u.text) for u in prose.units(ctx.handout))
            return Verdict.MET if unseen else Verdict.PERSON
        return _verdict(not any(p.kind in kinds for p in numbers.problems(ctx)))

    return judge


def _percent_or_range(text: str) -> bool:
    return bool(numbers.PERCENT.search(text) or numbers.RANGE.search(text))


_usable = _number_item({"percent", "range"}, _percent_or_range)
_no_sums = _number_item({"arithmetic"}, lambda text: True)


def _numbers_explained(ctx: Context) -> Verdict:
    return Verdict.PERSON if numbers.has_numbers(ctx) else Verdict.NOT_APPLICABLE


# ------------------------------------------------------------ part D: risk

RISK_WORDS = re.compile(
    r"\b(?:risks?|chances?|side effects?|dangers?|dangerous|harms?|harmful|likely|unlikely"
    r"|riesgos?|efectos secundarios|peligro)\b",
    re.IGNORECASE,
)
# Words that say how likely something is without a number.
_LIKELIHOOD_WORDS = re.compile(
    r"\b(?:most|many|some|few|rare|rarely|common|commonly|often|seldom|unlikely|likely"
    r"|almost all|almost no|la mayoría|muchas?|muchos|pocas?|pocos|raro)\b",
    re.IGNORECASE,
)


# The risk and likelihood words are English and Spanish.
RISK_LANGUAGES = ("en", "es")


def _discusses_risk(ctx: Context) -> bool:
    """Whether the handout talks about risk: in a language the words are not
    listed for it may, and a person looks."""
    if not structure.knows(ctx, RISK_LANGUAGES):
        return True
    return any(RISK_WORDS.search(u.text) for u in prose.units(ctx.handout))


def _risk_item(ctx: Context) -> Verdict:
    return Verdict.PERSON if _discusses_risk(ctx) else Verdict.NOT_APPLICABLE


def _probability_in_words(ctx: Context) -> Verdict:
    """A numeric probability is also said in words ("most people") or shown in a picture."""
    chances = [
        u.text
        for u in prose.units(ctx.handout)
        if numbers.PERCENT.search(u.text) or numbers.FREQUENCY.search(u.text)
    ]
    if not _discusses_risk(ctx) or not chances:
        return Verdict.NOT_APPLICABLE
    if not structure.knows(ctx, RISK_LANGUAGES):
        return Verdict.PERSON
    pictured = _has_visual(ctx) is Verdict.MET
    return _verdict(pictured or all(_LIKELIHOOD_WORDS.search(t) for t in chances))


ITEMS = (
    Item(1, "one main message statement (the first key point)", _one_main_message),
    Item(2, "the main message is at the top (key points come first)", _has_summary),
    Item(3, "the main message is emphasized with visual cues (the key points box)", _has_summary),
    Item(4, "at least one visual (whether it conveys the message needs a person)", _has_visual),
    Item(5, "at least one call to action", _has_action),
    Item(6, "the main message and call to action use the active voice", _active_voice),
    Item(7, "words the audience uses (medical words defined, within the grade)", _audience_words),
    Item(8, "bulleted or numbered lists", _has_lists),
    Item(9, "organized in chunks with informative headings", _chunks_with_headings),
    Item(10, "the most important information is summarized first (key points)", _has_summary),
    Item(11, "what is known and not known about the topic", _person),
    Item(12, "one or more behavioral recommendations", _recommends),
    Item(13, "why the recommendation matters to the reader", _person),
    Item(14, "specific directions (steps, a checklist, or a number to call)", _directions),
    Item(15, "numbers the audience uses (counts beside percentages, units on ranges)", _usable),
    Item(16, "what the numbers mean is explained", _numbers_explained),
    Item(17, "no calculations left to the reader", _no_sums),
    Item(18, "the nature of the risk is explained", _risk_item),
    Item(19, "both risks and benefits are addressed", _risk_item),
    Item(20, "numeric probabilities are also given in words or a picture", _probability_in_words),
)
# Always judged by a person, whatever the handout says.
_UNSCORED = (_person, _risk_item, _numbers_explained)
NEEDS_A_PERSON = tuple(f"{i.number} {i.text}" for i in ITEMS if i.judge in _UNSCORED)


def cci(ctx: Context) -> Outcome:
    verdicts = [(item, item.judge(ctx)) for item in ITEMS]
    scored = [(i, v) for i, v in verdicts if v in (Verdict.MET, Verdict.NOT_MET)]
    met = [i for i, v in scored if v is Verdict.MET]
    unmet = [i for i, v in scored if v is Verdict.NOT_MET]
    score = 100 * len(met) / len(scored) if scored else 100.0
    threshold = ctx.settings.cci_threshold
    summary = f"{score:.0f} of 100 on {len(scored)} machine-scored items (min {threshold:g})"
    # Items a machine scores in other languages, left to a person in this one.
    here = [i.number for i, v in verdicts if v is Verdict.PERSON and i.judge not in _UNSCORED]
    summary += structure.person_note(here, ctx.handout.language)
    findings: tuple = ()
    where = ctx.handout.loc
    if score < threshold:
        findings = tuple(
            ctx.finding(f"Clear Communication Index item {i.number} not met: {i.text}", where)
            for i in unmet
        )
    measures = {
        "score": round(score, 1),
        "met": [i.number for i in met],
        "not_met": [i.number for i in unmet],
        "not_applicable": [i.number for i, v in verdicts if v is Verdict.NOT_APPLICABLE],
        "needs_a_person": [i.number for i, v in verdicts if v is Verdict.PERSON],
        "needs_a_person_here": here,
    }
    return Outcome(score >= threshold, summary, findings, measures)
