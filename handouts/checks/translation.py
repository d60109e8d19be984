"""Rules for handouts in other languages: the clinic's own words, and translations
that have fallen behind their source.

A translation names its source with `translation_of`. It is out of date when
the source was reviewed after it (`reviewed` dates: what a clinic already
keeps), or, when the translation records the source's words as they were
(`source_hash`, printed by this rule), when those words have changed since,
even with no new date. Its sections are compared with the source's by
position: the source's structure (section count, and the blocks in each)
is what a translation must keep, whatever the headings say in its language.
"""

from __future__ import annotations

import hashlib
import json

from .. import markup
from ..model import Handout, Loc
from .context import Context
from .results import Outcome

# The parts of a handout a patient reads: what a translation translates.
WORDS = ("title", "subtitle", "summary", "intro", "sections", "call_to_action")


def words_hash(handout: Handout) -> str:
    """12 hex digits of the handout's words and structure (not its tags, dates or formats)."""
    data = handout.model_dump(mode="json", include=set(WORDS))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def clinic_words(ctx: Context) -> Outcome:
    """The clinic's disclaimer, tagline, hours (...) in this handout's language.

    What `translations:` leaves out prints in the brand's language, tagged
    so (`/Lang en`) for screen readers, but a patient who reads only Spanish
    gets an English disclaimer and crisis line: that needs a translation.
    """
    brand = ctx.library.brand_for(ctx.written, ctx.clinic)
    clinic = ctx.library.brands[brand]
    tag = ctx.handout.language
    note = clinic.untranslated_note(tag)
    if note is None:
        return Outcome(True, "the clinic's words are in the handout's language")
    missing = clinic.untranslated(tag)
    where: Loc = (*ctx.library.brand_loc(brand), "translations")
    key = tag if tag in clinic.translations else tag.split("-")[0]
    if key in clinic.translations:
        where = (*where, key)
    finding = ctx.finding(note[0], where, note[1])
    summary = f"untranslated: {', '.join(missing)}"
    return Outcome(False, summary, (finding,), {"untranslated": list(missing)})


def translation(ctx: Context) -> Outcome:
    """A translation against its source: newer source, missing sections or blocks."""
    source_id = ctx.written.translation_of
    if source_id is None:
        return Outcome(True, "not a translation")
    source = ctx.library.by_id.get(source_id)
    if source is None:
        return Outcome(True, f"its source '{source_id}' is not in this library")
    own, now = ctx.written, words_hash(source)
    findings = []
    hint = (
        f"bring it up to date with '{source_id}', then set reviewed: to the day and "
        f"source_hash: {now}"
    )
    if source.reviewed > own.reviewed:
        findings.append(
            ctx.finding(
                f"its source '{source_id}' was reviewed on {source.reviewed}, after this "
                f"translation ({own.reviewed})",
                (*own.loc, "reviewed"),
                hint,
            )
        )
    elif own.source_hash is not None and own.source_hash != now:
        findings.append(
            ctx.finding(
                f"the words of '{source_id}' changed since this translation "
                f"(source_hash {own.source_hash}, now {now})",
                (*own.loc, "source_hash"),
                hint,
            )
        )
    findings += _structure(ctx, own, source)
    measures = {"source": source_id, "source_hash": now}
    if findings:
        return Outcome(False, f"behind its source '{source_id}'", tuple(findings), measures)
    return Outcome(True, f"up to date with '{source_id}' (source_hash {now})", (), measures)


def _structure(ctx: Context, own: Handout, source: Handout) -> list:
    """Sections and blocks the source has and the translation lacks, by position."""
    out = []
    theirs, ours = len(source.sections), len(own.sections)
    if ours < theirs:
        lost = ", ".join(
            f"{i + 1} '{markup.plain(s.heading)}'"
            for i, s in enumerate(source.sections[ours:], ours)
        )
        out.append(
            ctx.finding(
                f"it has {ours} sections; its source has {theirs} (missing: section {lost})",
                (*own.loc, "sections"),
                "translate the missing sections",
            )
        )
    for i, (mine, original) in enumerate(zip(own.sections, source.sections, strict=False)):
        kinds, wanted = [b.kind for b in mine.body], [b.kind for b in original.body]
        if len(kinds) < len(wanted) or sorted(kinds) != sorted(wanted):
            lacks = _lacking(wanted, kinds)
            if not lacks:
                continue
            out.append(
                ctx.finding(
                    f"section {i + 1} lacks {lacks} that its source's section "
                    f"'{markup.plain(original.heading)}' has",
                    (*own.loc, "sections", i),
                    "translate every block of the section",
                )
            )
    if len(own.summary) < len(source.summary):
        out.append(
            ctx.finding(
                f"it has {len(own.summary)} key points; its source has {len(source.summary)}",
                (*own.loc, "summary"),
                "translate every key point",
            )
        )
    return out


def _lacking(wanted: list[str], kinds: list[str]) -> str:
    """The blocks of `wanted` that `kinds` has fewer of: "a callout, 2 bullets blocks"."""
    parts = []
    for kind in dict.fromkeys(wanted):
        short = wanted.count(kind) - kinds.count(kind)
        if short > 0:
            parts.append(f"a {kind} block" if short == 1 else f"{short} {kind} blocks")
    return ", ".join(parts)
