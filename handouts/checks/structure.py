"""Rules about the shape of a handout, adapted from PEMAT-P and the CDC Clear
Communication Index, and about whether its content is still current.

A machine can see whether a part exists and roughly what it says, not whether
it is clear, accurate or well ordered. PEMAT-P items that need a person are
listed in `NEEDS_A_PERSON` and in every report, so nobody mistakes the score
for a full PEMAT review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import markup
from ..model import Clinic, Loc
from . import language, prose, readability
from .context import Context
from .results import Outcome

GENERIC_HEADINGS = {
    "introduction", "intro", "overview", "background", "information", "info",
    "more information", "more info", "other", "others", "miscellaneous", "misc",
    "details", "notes", "general", "general information", "conclusion", "summary",
    "introducción", "información", "más información", "otros", "otro", "detalles",
    "notas", "conclusión", "resumen",
}  # fmt: skip
_NUMBERED = re.compile(r"^(section|part|chapter|sección|parte)\s*\d+$", re.IGNORECASE)
_YOU = re.compile(r"(?<!\w)(you|your|yours|usted|ustedes|tú|tu|su|sus)(?!\w)", re.IGNORECASE)

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
    if findings:
        summary = f"{len(findings)} structure problem" + ("s" if len(findings) > 1 else "")
    return Outcome(not findings, summary, tuple(findings))


# ---------------------------------------------------------------- PEMAT


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    # None: not applicable to this handout; otherwise whether it is met.
    judge: Callable[[Context], bool | None]


def within_grade(ctx: Context) -> bool | None:
    """None (not applicable) in a language with no validated formula."""
    if not readability.has_formula(ctx.handout.language):
        return None
    scores = language.handout_scores(ctx)
    return scores is None or scores.grade <= ctx.settings.max_grade


def _terms_defined(ctx: Context) -> bool:
    """No glossary term and no listed medical word is used without a definition."""
    return next(language.undefined_terms(ctx), None) is None and not any(language.list_jargon(ctx))


def _chunked(ctx: Context) -> bool:
    limit = ctx.settings.max_paragraph_words
    return len(ctx.handout.sections) >= 2 and all(
        len(prose.words(u.text)) <= limit for u in prose.units(ctx.handout) if u.kind == "paragraph"
    )


def headings_informative(ctx: Context) -> bool:
    return all(_heading_problem(markup.plain(s.heading)) is None for s in ctx.handout.sections)


def _visual_cues(ctx: Context) -> bool:
    cues = {"bullets", "steps", "checklist", "callout", "table"}
    texts = [*ctx.handout.summary, *(s.heading for s in ctx.handout.sections)]
    bold = any(span.bold for text in texts for span in markup.parse(text))
    return (
        bool(ctx.handout.summary) or bold or any(b.kind in cues for b in prose.blocks(ctx.handout))
    )


def _of_kind(ctx: Context, kind: str) -> list:
    return [b.value for b in prose.blocks(ctx.handout) if b.kind == kind]


def _aids_captioned(ctx: Context) -> bool | None:
    aids = _of_kind(ctx, "image") + _of_kind(ctx, "table")
    return None if not aids else all(a.caption for a in aids)


def _tables_short_headers(ctx: Context) -> bool | None:
    tables = _of_kind(ctx, "table")
    if not tables:
        return None
    return all(len(prose.words(markup.plain(cell))) <= 4 for t in tables for cell in t.header)


def _addresses_reader(ctx: Context) -> bool:
    return any(_YOU.search(u.text) for u in prose.units(ctx.handout))


def _explicit_steps(ctx: Context) -> bool | None:
    found = actions(ctx)
    if not found:
        return None
    cta = ctx.handout.call_to_action
    single = found == ["call to action"] and cta and len(prose.sentences(cta)) <= 2
    return "steps" in found or bool(single)


def _tangible_tool(ctx: Context) -> bool:
    return bool(_of_kind(ctx, "checklist") or _of_kind(ctx, "fill_in"))


PEMAT_ITEMS = (
    Item(1, "purpose is evident (key points up front)", lambda c: bool(c.handout.summary)),
    Item(3, "common, everyday language (within the grade target)", within_grade),
    Item(4, "medical terms are defined", _terms_defined),
    Item(8, "broken into short sections", _chunked),
    Item(9, "informative headings", headings_informative),
    Item(11, "a summary", lambda c: bool(c.handout.summary)),
    Item(12, "visual cues draw attention to key points", _visual_cues),
    Item(17, "visual aids have clear titles or captions", _aids_captioned),
    Item(19, "tables are simple, with short headings", _tables_short_headers),
    Item(20, "at least one action the reader can take", lambda c: bool(actions(c))),
    Item(21, "addresses the reader directly", _addresses_reader),
    Item(22, "actions broken into explicit steps", _explicit_steps),
    Item(23, "a tangible tool (checklist, fill-in form)", _tangible_tool),
    Item(25, "explains how to read tables", _aids_captioned),
)


def pemat(ctx: Context) -> Outcome:
    verdicts = [(item, item.judge(ctx)) for item in PEMAT_ITEMS]
    applicable = [(item, ok) for item, ok in verdicts if ok is not None]
    met = [item for item, ok in applicable if ok]
    score = 100 * len(met) / len(applicable)
    threshold = ctx.settings.pemat_threshold
    unmet = [item for item, ok in applicable if not ok]
    summary = f"{score:.0f}% of {len(applicable)} automated items (min {threshold:g}%)"
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
        "not_applicable": [item.number for item, ok in verdicts if ok is None],
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
