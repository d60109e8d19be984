"""Rules about the words: reading grade, long sentences, paragraphs and lists, jargon."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .. import markup
from ..language import language as language_of
from ..model import GlossaryTerm, Loc
from . import jargon as wordlist
from . import prose, readability
from .context import Context
from .results import Outcome


def _section_texts(units: list[prose.Unit], skip: int | None = None) -> list[str]:
    return [u.text for u in units if skip is None or u.section != skip]


def section_scores(ctx: Context) -> list[tuple[int, readability.Scores]]:
    units = prose.units(ctx.handout)
    out = []
    for index in range(len(ctx.handout.sections)):
        found = readability.score(
            [u.text for u in units if u.section == index], ctx.handout.language
        )
        if found is not None:
            out.append((index, found))
    return out


def hardest_section(ctx: Context, whole: readability.Scores) -> tuple[int, float] | None:
    """The section whose removal would lower the handout's grade most, and by how much."""
    units = prose.units(ctx.handout)
    best: tuple[int, float] | None = None
    for index in {u.section for u in units if u.section is not None}:
        rest = readability.score(_section_texts(units, skip=index), ctx.handout.language)
        if rest is None:
            continue
        drop = whole.grade - rest.grade
        if drop > 0 and (best is None or drop > best[1]):
            best = (index, drop)
    return best


def handout_scores(ctx: Context) -> readability.Scores | None:
    return readability.score([u.text for u in prose.units(ctx.handout)], ctx.handout.language)


def readability_rule(ctx: Context) -> Outcome:
    if not readability.has_formula(ctx.handout.language):
        name = language_of(ctx.handout.language).english_name
        return Outcome.not_measured(
            f"no validated formula for {name}: no grade is given (the sentence-length, "
            "paragraph and list rules still apply)",
            {"formula": None},
        )
    whole = handout_scores(ctx)
    if whole is None:
        return Outcome(True, "no prose to score")
    limit, smog_limit = ctx.settings.max_grade, ctx.settings.smog_limit
    too_hard = whole.grade > limit or (whole.smog is not None and whole.smog > smog_limit)
    target = f"max {limit:g}" + (f", SMOG max {smog_limit:g}" if whole.smog is not None else "")
    if whole.smog is None:  # a reading-ease score: the grade its band stands for
        target = f"≈ grade {whole.grade:g}, max {limit:g}"
    summary = f"{whole.label()} ({target})"
    sections = section_scores(ctx)
    measures: dict[str, object] = {
        **{k: round(v, 2) for k, v in whole.formulas.items()},
        "words": whole.counts.words,
        "sentences": whole.counts.sentences,
        "sections": [
            {
                "heading": markup.plain(ctx.handout.sections[i].heading),
                **{k: round(v, 2) for k, v in s.formulas.items()},
                **({"grade": s.grade} if s.smog is None else {}),  # a reading ease's band
            }
            for i, s in sections
        ],
    }
    findings = []
    hardest = hardest_section(ctx, whole)
    if hardest is not None:
        index, drop = hardest
        heading = markup.plain(ctx.handout.sections[index].heading)
        measures["hardest_section"] = heading
        summary += f"; hardest section: '{heading}'"
        if too_hard:
            own = dict(sections)[index].label() if index in dict(sections) else ""
            findings.append(
                ctx.finding(
                    f"section '{heading}' pulls the grade up most ({own}; "
                    f"without it the handout would be {drop:.1f} grades easier)",
                    (*ctx.handout.loc, "sections", index, "heading"),
                    "use shorter sentences and everyday words; define medical terms",
                )
            )
    if too_hard and not findings:
        findings.append(ctx.finding(f"reads at {whole.label()}, above the target", ctx.handout.loc))
    return Outcome(not too_hard, summary, tuple(findings), measures)


def _over_limit(
    ctx: Context,
    pieces: Iterable[tuple[str, int, Loc]],
    what: tuple[str, str, int],
    hint: str,
) -> Outcome:
    """Findings for every (text, size, location) bigger than the limit."""
    noun, unit, limit = what
    findings = [
        ctx.finding(f'{noun} of {n} {unit} (max {limit}): "{prose.first_words(text)}"', loc, hint)
        for text, n, loc in pieces
        if n > limit
    ]
    over = f"longer than {limit} words" if unit == "words" else f"over {limit} {unit}"
    return _count_outcome(findings, noun, over)


def long_sentences(ctx: Context) -> Outcome:
    measure = prose.length(ctx.handout.language)
    if measure is None:
        return Outcome.not_measured(prose.not_measured(ctx.handout.language))
    pieces = (
        (s, measure.of(s), unit.loc)
        for unit in prose.units(ctx.handout)
        for s in prose.sentences(unit.text)
    )
    limit = measure.limit(ctx.settings.max_sentence_words)
    return _over_limit(ctx, pieces, ("sentence", measure.unit, limit), "split it in two")


def long_paragraphs(ctx: Context) -> Outcome:
    measure = prose.length(ctx.handout.language)
    if measure is None:
        return Outcome.not_measured(prose.not_measured(ctx.handout.language))
    pieces = (
        (unit.text, measure.of(unit.text), unit.loc)
        for unit in prose.units(ctx.handout)
        if unit.kind == "paragraph"
    )
    limit = measure.limit(ctx.settings.max_paragraph_words)
    return _over_limit(
        ctx, pieces, ("paragraph", measure.unit, limit), "break it up, or turn it into a list"
    )


def long_lists(ctx: Context) -> Outcome:
    pieces = (
        (markup.plain(found.items[0]), len(found.items), found.loc)
        for found in prose.lists(ctx.handout)
    )
    limit = ctx.settings.max_list_items
    hint = "group the items under two headings, or keep the most important"
    return _over_limit(ctx, pieces, ("list", "items", limit), hint)


def _count_outcome(findings: list, noun: str, what: str) -> Outcome:
    if not findings:
        return Outcome(True, f"no {noun} {what}")
    plural = noun if len(findings) == 1 else f"{noun}s"
    return Outcome(False, f"{len(findings)} {plural} {what}", tuple(findings))


def _pattern(term: GlossaryTerm) -> re.Pattern[str]:
    forms = sorted({term.term, *term.forms}, key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:s|es)?(?!\w)", re.IGNORECASE)


def _defined_terms(ctx: Context) -> set[str]:
    return {
        d.term.casefold()
        for block in prose.blocks(ctx.handout)
        if block.kind == "definitions"
        for d in block.value
    }


def undefined_terms(ctx: Context) -> Iterator[tuple[GlossaryTerm, str, tuple]]:
    """Glossary terms the handout uses but never defines, with their first use."""
    defined = _defined_terms(ctx)
    texts = list(prose.all_text(ctx.handout))
    for term in ctx.library.glossary:
        if {f.casefold() for f in (term.term, *term.forms)} & defined:
            continue
        pattern = _pattern(term)
        for text, loc in texts:
            if pattern.search(text):
                yield term, text, loc
                break


def _skipped_terms(ctx: Context) -> frozenset[tuple[str, ...]]:
    """List terms the handout defines, the glossary already covers, or the clinic allows."""
    glossary = (f for term in ctx.library.glossary for f in (term.term, *term.forms))
    return wordlist.keys([*_defined_terms(ctx), *glossary, *ctx.settings.allowed_terms])


def list_jargon(ctx: Context) -> Iterator[tuple[wordlist.Use, Loc]]:
    """Each medical-list term the handout uses undefined, at its first use (English only:
    the list is English)."""
    if not readability.is_english(ctx.handout.language):
        return
    skip, seen = _skipped_terms(ctx), set()
    for text, loc in prose.all_text(ctx.handout):
        for use in wordlist.find(text, skip):
            if use.term.key not in seen:
                seen.add(use.term.key)
                yield use, loc


def jargon(ctx: Context) -> Outcome:
    findings = [
        ctx.finding(
            f"'{term.term}' is used but not defined: \"{prose.first_words(text)}\"",
            loc,
            f"add a definitions block with term: {term.term}, or use an everyday word",
        )
        for term, text, loc in undefined_terms(ctx)
    ]
    findings += [
        ctx.finding(
            f"medical word '{use.written}' → {use.term.plain}: \"{use.context}\"",
            loc,
            f"use the everyday word, define '{use.term.term}' in a definitions block, "
            "or add it to checks.allowed_terms",
        )
        for use, loc in list_jargon(ctx)
    ]
    outcome = _count_outcome(findings, "term", "used without a definition or an everyday word")
    if outcome.passed and not readability.is_english(ctx.handout.language):
        # Only the glossary was searched: say so rather than vouch for the words.
        name = language_of(ctx.handout.language).english_name
        return Outcome(
            True,
            f"no glossary term used undefined (the medical word list is "
            f"English; a person reads the {name} for medical words)",
        )
    return outcome
