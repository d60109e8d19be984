"""Run every rule on every handout and apply the configured levels."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping

from .. import markup
from ..diagnostics import Severity
from ..model import Handout, Library
from ..validate import Validated
from . import language, printing, structure
from .context import Context
from .pdf import PdfFacts, measure
from .results import CheckReport, HandoutReport, Outcome, RuleResult, Status

ModelRule = Callable[[Context], Outcome]
PrintRule = Callable[[Context, PdfFacts, printing.PrintSpec], Outcome]

MODEL_RULES: tuple[tuple[str, ModelRule], ...] = (
    ("readability", language.readability_rule),
    ("long_sentences", language.long_sentences),
    ("long_paragraphs", language.long_paragraphs),
    ("long_lists", language.long_lists),
    ("jargon", language.jargon),
    ("structure", structure.structure),
    ("pemat", structure.pemat),
    ("review", structure.review),
)
PRINT_RULES: tuple[tuple[str, PrintRule], ...] = (
    ("font_size", printing.font_size),
    ("fonts_embedded", printing.fonts_embedded),
    ("glyphs", printing.glyphs),
    ("contrast", printing.text_contrast),
    ("margins", printing.margins),
)
RULE_NAMES = tuple(name for name, _ in MODEL_RULES + PRINT_RULES)


@dataclasses.dataclass(frozen=True)
class Printed:
    """A handout's produced PDF and what its layout promises (see PrintSpec)."""

    pdf: bytes
    spec: printing.PrintSpec = dataclasses.field(default_factory=printing.PrintSpec)


def context(validated: Validated, handout: Handout, today: dt.date) -> Context:
    library = validated.library
    assert library is not None
    return Context(
        library, handout, library.checks.merged(handout.checks), today, validated.position
    )


def _apply(ctx: Context, name: str, outcome: Outcome | None, reason: str = "") -> RuleResult:
    level = getattr(ctx.settings.rules, name)
    hid = ctx.handout.id
    if level == "off":
        return RuleResult(hid, name, Status.OFF, "turned off in content.yaml")
    if outcome is None:
        return RuleResult(hid, name, Status.SKIP, reason)
    if outcome.passed:
        return RuleResult(hid, name, Status.PASS, outcome.summary, (), outcome.measures)
    status = Status.FAIL if level == "error" else Status.WARN
    severity = Severity.ERROR if level == "error" else Severity.WARNING
    findings = tuple(dataclasses.replace(f, severity=severity) for f in outcome.findings)
    return RuleResult(hid, name, status, outcome.summary, findings, outcome.measures)


def check_handout(ctx: Context, printed: Printed | None, why_unprinted: str = "") -> HandoutReport:
    results = [
        _apply(ctx, name, rule(ctx) if getattr(ctx.settings.rules, name) != "off" else None)
        for name, rule in MODEL_RULES
    ]
    facts = None
    if printed is not None and any(
        getattr(ctx.settings.rules, name) != "off" for name, _ in PRINT_RULES
    ):
        facts = measure(printed.pdf)
    for name, rule in PRINT_RULES:
        outcome = None
        if facts is not None and printed is not None:
            outcome = rule(ctx, facts, printed.spec)
        results.append(_apply(ctx, name, outcome, why_unprinted or "no PDF was produced"))
    return HandoutReport(ctx.handout.id, markup.plain(ctx.handout.title), tuple(results))


def check_library(
    validated: Validated,
    *,
    ids: tuple[str, ...] = (),
    today: dt.date | None = None,
    printed: Mapping[str, Printed] | None = None,
) -> CheckReport:
    """Check the chosen handouts (all when `ids` is empty) of a validated library.

    `printed` maps handout ids to their produced PDFs; handouts without one
    have their print rules skipped. `today` decides whether content is stale.
    """
    library: Library | None = validated.library
    if library is None:
        return CheckReport((), tuple(validated.diagnostics))
    today = today or dt.date.today()
    printed = printed or {}
    chosen = [h for h in library.handouts if not ids or h.id in ids]
    reports = tuple(check_handout(context(validated, h, today), printed.get(h.id)) for h in chosen)
    return CheckReport(reports, tuple(validated.diagnostics))


def grade_label(validated: Validated, handout: Handout) -> str:
    """The reading grade shown beside each built file, e.g. "FK 5.8, SMOG 7.9"."""
    scores = language.handout_scores(context(validated, handout, dt.date.today()))
    return scores.label() if scores else ""
