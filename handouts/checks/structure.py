"""Rules about the shape of a handout, adapted from PEMAT-P and the CDC Clear
Communication Index, and about whether its content is still current.

A machine can see whether a part exists and roughly what it says, not whether
it is clear, accurate or well ordered. PEMAT-P items that need a person are
listed in `NEEDS_A_PERSON` and in every report, so nobody mistakes the score
for a full PEMAT review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .. import markup
from ..language import language as language_of
from ..model import Clinic, Loc
from . import language, prose, readability
from .context import Context
from .results import Outcome, Verdict

GENERIC_HEADINGS = {
    "introduction", "intro", "overview", "background", "information", "info",
    "more information", "more info", "other", "others", "miscellaneous", "misc",
    "details", "notes", "general", "general information", "conclusion", "summary",
    "introducción", "información", "más información", "otros", "otro", "detalles",
    "notas", "conclusión", "resumen",
}  # fmt: skip
_NUMBERED = re.compile(r"^(section|part|chapter|sección|parte)\s*\d+$", re.IGNORECASE)
# Generic headings are listed in these languages (primary subtags).
HEADING_LANGUAGES = ("en", "es")
# Words that address the reader, by language; another language needs a person.
_YOU = {
    primary: re.compile(rf"(?<!\w)(?:{'|'.join(words.split())})(?!\w)", re.IGNORECASE)
    for primary, words in {
        "en": "you your yours yourself",
        "es": "usted ustedes tú tu su sus",
        "fr": "vous votre vos tu ton ta tes toi",
        "pt": "você vocês seu sua seus suas",
    }.items()
}

NEEDS_A_PERSON = (
    "2 no distracting or unneeded information",
    "5 active voice",
    "6 numbers are clear and easy to understand",
    "7 no calculations needed",
    "10 sections come in a logical order",
    "15 visual aids used wherever they help",
    "16 visual aids reinforce the content",
    "18 illustrations and photos are clear and uncluttered",
    "24 simple instructions for any calculation",
    "26 visual aids help the reader act",
)


def _heading_problem(heading: str) -> str | None:
    text = heading.strip().rstrip(":?.!").casefold()
    if text in GENERIC_HEADINGS or _NUMBERED.match(text):
        return f"heading '{heading}' does not say what the section is about"
    return None


def actions(ctx: Context) -> list[str]:
    """The ways the handout tells the reader what to do."""
    found = ["call to action"] if ctx.handout.call_to_action else []
    for block in prose.blocks(ctx.handout):
        if block.kind == "steps":
            found.append("steps")
        elif block.kind == "checklist":
            found.append("checklist")
        elif block.kind == "callout" and block.value.kind == "when-to-call":
            found.append("when-to-call box")
    return found


def _brand(ctx: Context) -> tuple[Clinic, Loc]:
    """The clinic the handout prints with (clinic: or one of clinics:) and where it is."""
    brand = ctx.library.brand_for(ctx.written)
    return ctx.library.brands[brand], ctx.library.brand_loc(brand)


def _has_contact(clinic: Clinic) -> bool:
    contact = clinic.contact
    return any((contact.phone, contact.website, contact.email, contact.address))


def structure(ctx: Context) -> Outcome:
    h = ctx.handout
    findings = []
    if not h.summary:
        findings.append(
            ctx.finding(
                "no key points: the purpose is not stated up front",
                h.loc,
                "add summary: with two to four key points",
            )
        )
    seen: dict[str, int] = {}
    for index, section in enumerate(h.sections):
        heading = markup.plain(section.heading)
        loc = (*h.loc, "sections", index, "heading")
        problem = _heading_problem(heading)
        if heading.casefold() in seen:
            problem = (
                f"heading '{heading}' is used twice (also sections[{seen[heading.casefold()]}])"
            )
        seen.setdefault(heading.casefold(), index)
        if problem:
            findings.append(ctx.finding(problem, loc, "name the section for what it tells"))
    if not actions(ctx):
        findings.append(
            ctx.finding(
                "no explicit action for the reader",
                h.loc,
                "add call_to_action:, steps or a when-to-call callout",
            )
        )
    clinic, where = _brand(ctx)
    if not _has_contact(clinic):
        findings.append(
            ctx.finding(
                "no contact information",
                (*where, "contact"),
                "give at least a phone number or a website",
            )
        )
    if not clinic.disclaimer.strip():
        findings.append(ctx.finding("no disclaimer", (*where, "disclaimer")))
    summary = "purpose, headings, action, contact and disclaimer present"
    if not knows(ctx, HEADING_LANGUAGES):
        summary += " (generic headings are listed in English and Spanish only)"
    if findings:
        summary = f"{len(findings)} structure problem" + ("s" if len(findings) > 1 else "")
    return Outcome(not findings, summary, tuple(findings))


# ---------------------------------------------------------------- PEMAT


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    judge: Callable[[Context], Verdict]


def knows(ctx: Context, languages: Iterable[str]) -> bool:
    """Whether the handout's language is one a word list or pattern is written for."""
    return ctx.handout.lang.primary in languages


def within_grade(ctx: Context) -> bool | None:
    """None (a person judges it) in a language with no validated formula."""
    if not readability.has_formula(ctx.handout.language):
        return None
    scores = language.handout_scores(ctx)
    return scores is None or scores.grade <= ctx.settings.max_grade


def _everyday_language(ctx: Context) -> Verdict:
    within = within_grade(ctx)
    return Verdict.PERSON if within is None else Verdict.of(within)


def terms_defined(ctx: Context) -> Verdict:
    """No glossary term and no listed medical word is used without a definition;
    outside English (the medical list's language) only a missed glossary term is
    a verdict, and the rest needs a person."""
    if next(language.undefined_terms(ctx), None) is not None:
        return Verdict.NOT_MET
    if not readability.is_english(ctx.handout.language):
        return Verdict.PERSON
    return Verdict.of(not any(language.list_jargon(ctx)))


def _chunked(ctx: Context) -> Verdict:
    if len(ctx.handout.sections) < 2:
        return Verdict.NOT_MET
    measure = prose.length(ctx.handout.language)
    if measure is None:
        return Verdict.PERSON
    limit = measure.limit(ctx.settings.max_paragraph_words)
    units = prose.units(ctx.handout)
    return Verdict.of(all(measure.of(u.text) <= limit for u in units if u.kind == "paragraph"))


def headings_informative(ctx: Context) -> Verdict:
    """Judged by the list of generic headings, which is English and Spanish."""
    if not knows(ctx, HEADING_LANGUAGES):
        return Verdict.PERSON
    headings = ctx.handout.sections
    return Verdict.of(all(_heading_problem(markup.plain(s.heading)) is None for s in headings))


def _visual_cues(ctx: Context) -> bool:
    cues = {"bullets", "steps", "checklist", "callout", "table"}
    texts = [*ctx.handout.summary, *(s.heading for s in ctx.handout.sections)]
    bold = any(span.bold for text in texts for span in markup.parse(text))
    return (
        bool(ctx.handout.summary) or bold or any(b.kind in cues for b in prose.blocks(ctx.handout))
    )


def _of_kind(ctx: Context, kind: str) -> list:
    return [b.value for b in prose.blocks(ctx.handout) if b.kind == kind]


def _aids_captioned(ctx: Context) -> Verdict:
    aids = _of_kind(ctx, "image") + _of_kind(ctx, "table")
    return Verdict.of(None if not aids else all(a.caption for a in aids))


def _tables_short_headers(ctx: Context) -> Verdict:
    tables = _of_kind(ctx, "table")
    if not tables:
        return Verdict.NOT_APPLICABLE
    measure = prose.length(ctx.handout.language)
    if measure is None:
        return Verdict.PERSON
    cells = [markup.plain(cell) for t in tables for cell in t.header]
    return Verdict.of(all(measure.of(cell) <= measure.limit(4) for cell in cells))


def _addresses_reader(ctx: Context) -> Verdict:
    """Whether "you" or "your" appears, in the languages the words are listed for."""
    words = _YOU.get(ctx.handout.lang.primary)
    if words is None:
        return Verdict.PERSON
    return Verdict.of(any(words.search(u.text) for u in prose.units(ctx.handout)))


def _explicit_steps(ctx: Context) -> Verdict:
    found = actions(ctx)
    if not found:
        return Verdict.NOT_APPLICABLE
    cta = ctx.handout.call_to_action
    single = found == ["call to action"] and cta and len(prose.sentences(cta)) <= 2
    return Verdict.of("steps" in found or bool(single))


def _tangible_tool(ctx: Context) -> bool:
    return bool(_of_kind(ctx, "checklist") or _of_kind(ctx, "fill_in"))


def _has(test: Callable[[Context], object]) -> Callable[[Context], Verdict]:
    """An item that is met when `test` finds something, in any language."""
    return lambda ctx: Verdict.of(bool(test(ctx)))


PEMAT_ITEMS = (
    Item(1, "purpose is evident (key points up front)", _has(lambda c: c.handout.summary)),
    Item(3, "common, everyday language (within the grade target)", _everyday_language),
    Item(4, "medical terms are defined", terms_defined),
    Item(8, "broken into short sections", _chunked),
    Item(9, "informative headings", headings_informative),
    Item(11, "a summary", _has(lambda c: c.handout.summary)),
    Item(12, "visual cues draw attention to key points", _has(_visual_cues)),
    Item(17, "visual aids have clear titles or captions", _aids_captioned),
    Item(19, "tables are simple, with short headings", _tables_short_headers),
    Item(20, "at least one action the reader can take", _has(actions)),
    Item(21, "addresses the reader directly", _addresses_reader),
    Item(22, "actions broken into explicit steps", _explicit_steps),
    Item(23, "a tangible tool (checklist, fill-in form)", _has(_tangible_tool)),
    Item(25, "explains how to read tables", _aids_captioned),
)


def person_note(items: Sequence[int], language_tag: str) -> str:
    """The summary's note of items left to a person in the handout's language:
    "; items 9 and 21 need a person in Korean", or nothing."""
    if not items:
        return ""
    numbers = ", ".join(str(n) for n in items[:-1])
    numbers = f"{numbers} and {items[-1]}" if numbers else str(items[-1])
    noun = "items" if len(items) > 1 else "item"
    verb = "need" if len(items) > 1 else "needs"
    name = language_of(language_tag).english_name
    return f"; {noun} {numbers} {verb} a person in {name}"


def pemat(ctx: Context) -> Outcome:
    verdicts = [(item, item.judge(ctx)) for item in PEMAT_ITEMS]
    met = [item for item, v in verdicts if v is Verdict.MET]
    unmet = [item for item, v in verdicts if v is Verdict.NOT_MET]
    person = [item.number for item, v in verdicts if v is Verdict.PERSON]
    scored = len(met) + len(unmet)
    score = 100 * len(met) / scored if scored else 100.0
    threshold = ctx.settings.pemat_threshold
    summary = f"{score:.0f}% of {scored} automated items (min {threshold:g}%)"
    summary += person_note(person, ctx.handout.language)
    findings = ()
    if score < threshold:
        findings = tuple(
            ctx.finding(f"PEMAT item {item.number} not met: {item.text}", ctx.handout.loc)
            for item in unmet
        )
    measures = {
        "score": round(score, 1),
        "met": [i.number for i in met],
        "not_met": [i.number for i in unmet],
        "not_applicable": [item.number for item, v in verdicts if v is Verdict.NOT_APPLICABLE],
        "needs_a_person_here": person,  # items the machine cannot judge in this language
        "needs_a_person": list(NEEDS_A_PERSON),
    }
    return Outcome(score >= threshold, summary, findings, measures)


# ---------------------------------------------------------------- review


def review(ctx: Context) -> Outcome:
    due = ctx.library.review_due(ctx.handout)
    measures = {"reviewed": ctx.handout.reviewed.isoformat(), "review_by": due.isoformat()}
    if ctx.today > due:
        days = (ctx.today - due).days
        where = (*ctx.handout.loc, "review_by" if ctx.handout.review_by else "reviewed")
        finding = ctx.finding(
            f"content is stale: review was due {due.isoformat()} ({days} days ago)",
            where,
            "have a clinician review it, then update reviewed:",
        )
        return Outcome(False, f"stale since {due.isoformat()}", (finding,), measures)
    return Outcome(True, f"review due {due.isoformat()}", (), measures)
