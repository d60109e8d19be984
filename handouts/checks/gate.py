"""Run every rule on every handout and apply the configured levels."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from .. import markup, placeholders
from ..diagnostics import Diagnostic, Position, Severity
from ..formats import DEFAULT_FORMAT, PrintSpec, in_format
from ..model import Handout, Library, Loc
from . import cci, contacts, language, numbers, printing, structure, translation
from .context import Context
from .pdf import PdfFacts, measure
from .results import CheckReport, HandoutReport, Outcome, RuleResult, Status

ModelRule = Callable[[Context], Outcome]
PrintRule = Callable[[Context, PdfFacts, PrintSpec], Outcome]

MODEL_RULES: tuple[tuple[str, ModelRule], ...] = (
    ("readability", language.readability_rule),
    ("long_sentences", language.long_sentences),
    ("long_paragraphs", language.long_paragraphs),
    ("long_lists", language.long_lists),
    ("jargon", language.jargon),
    ("numbers", numbers.numbers),
    ("structure", structure.structure),
    ("pemat", structure.pemat),
    ("cci", cci.cci),
    ("review", structure.review),
    ("contact_placeholders", contacts.contact_placeholders),
    ("clinic_words", translation.clinic_words),
    ("translation", translation.translation),
)
PRINT_RULES: tuple[tuple[str, PrintRule], ...] = (
    ("font_size", printing.font_size),
    ("fonts_embedded", printing.fonts_embedded),
    ("glyphs", printing.glyphs),
    ("contrast", printing.text_contrast),
    ("margins", printing.margins),
    ("pagination", printing.pagination),
)
RULE_NAMES = tuple(name for name, _ in MODEL_RULES + PRINT_RULES)


@dataclasses.dataclass(frozen=True)
class Printed:
    """A handout's produced PDF in one format, and what its layout promises."""

    pdf: bytes
    spec: PrintSpec = dataclasses.field(default_factory=PrintSpec)
    format: str = DEFAULT_FORMAT


class Content(Protocol):
    """A loaded library that can say where things are (project.Project, Validated)."""

    library: Library | None
    diagnostics: list[Diagnostic]

    def position(self, loc: Loc) -> Position | None: ...


def context(
    content: Content, handout: Handout, today: dt.date, clinic: str | None = None
) -> Context:
    """The rules read the words a patient reads: placeholders filled in from
    the brand it prints with (`clinic`, else its own; one that cannot be
    filled is the layout's error)."""
    library = content.library
    assert library is not None
    settings = library.checks.merged(handout.checks)
    printed, _ = placeholders.fill_for(library, handout, clinic)
    return Context(library, printed, settings, today, content.position, handout, clinic)


def _apply(ctx: Context, name: str, outcome: Outcome | None, reason: str = "") -> RuleResult:
    level = getattr(ctx.settings.rules, name)
    hid = ctx.handout.id
    if level == "off":
        return RuleResult(hid, name, Status.OFF, "turned off in content.yaml")
    if outcome is None:
        return RuleResult(hid, name, Status.SKIP, reason)
    if not outcome.measured:
        return RuleResult(hid, name, Status.SKIP, outcome.summary, (), outcome.measures)
    if outcome.passed:
        return RuleResult(hid, name, Status.PASS, outcome.summary, (), outcome.measures)
    status = Status.FAIL if level == "error" else Status.WARN
    severity = Severity.ERROR if level == "error" else Severity.WARNING
    findings = tuple(dataclasses.replace(f, severity=severity) for f in outcome.findings)
    return RuleResult(hid, name, status, outcome.summary, findings, outcome.measures)


def _print_results(ctx: Context, printed: Sequence[Printed]) -> list[RuleResult]:
    if not printed:
        return [_apply(ctx, name, None, "no PDF was produced") for name, _ in PRINT_RULES]
    wanted = [(n, r) for n, r in PRINT_RULES if getattr(ctx.settings.rules, n) != "off"]
    out = []
    for one in printed:
        facts = measure(one.pdf) if wanted else None
        for name, rule in PRINT_RULES:
            outcome = rule(ctx, facts, one.spec) if facts is not None else None
            result = _apply(ctx, name, outcome)
            if one.format != DEFAULT_FORMAT:
                result = _in_format(result, name, one.format)
            out.append(result)
    return out


def _in_format(result: RuleResult, name: str, fmt: str) -> RuleResult:
    """A print rule's result for another format than the handout: its name says
    so (`font_size[trifold]`), and so does each finding, as `build` says it."""
    findings = tuple(
        dataclasses.replace(f, message=in_format(fmt, f.message)) for f in result.findings
    )
    return dataclasses.replace(result, rule=f"{name}[{fmt}]", findings=findings)


def check_handout(ctx: Context, printed: Sequence[Printed] = ()) -> HandoutReport:
    results = [
        _apply(ctx, name, rule(ctx) if getattr(ctx.settings.rules, name) != "off" else None)
        for name, rule in MODEL_RULES
    ]
    results += _print_results(ctx, printed)
    return HandoutReport(ctx.handout.id, markup.plain(ctx.handout.title), tuple(results))


def check_library(
    content: Content,
    *,
    ids: tuple[str, ...] = (),
    today: dt.date | None = None,
    printed: Mapping[str, Sequence[Printed]] | None = None,
    diagnostics: Sequence[Diagnostic] = (),
    clinic: str | None = None,
) -> CheckReport:
    """Check the chosen handouts (all when `ids` is empty) of a loaded library.

    `printed` maps handout ids to their produced PDFs; handouts without one
    have their print rules skipped. `today` decides whether content is stale;
    `diagnostics` are further problems (from rendering) to report; `clinic`
    is the brand the handouts are judged in (--clinic).
    """
    problems = (*content.diagnostics, *diagnostics)
    library = content.library
    if library is None:
        return CheckReport((), problems)
    today = today or dt.date.today()
    printed = printed or {}
    chosen = [h for h in library.handouts if not ids or h.id in ids]
    reports = tuple(
        check_handout(context(content, h, today, clinic), printed.get(h.id, ())) for h in chosen
    )
    return CheckReport(reports, problems)
