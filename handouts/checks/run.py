"""Check a content file end to end: load, lay out every handout, judge it all."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..batch import chosen
from ..diagnostics import ContentError, Diagnostic, Severity
from ..options import BuildOptions
from ..project import Project, clinics_for, in_format, open_project, render_pdf
from .gate import Printed, check_library
from .printing import print_spec
from .results import CheckReport, HandoutReport


class SelectionProblem(ValueError):
    """The command line chose nothing to check (an unknown id or clinic): exit code 2."""


def check_content(options: BuildOptions, *, today: dt.date | None = None) -> CheckReport:
    """The gate's report for the handouts `options` selects, as `build` selects them.

    Handouts are laid out in memory with the build's own options (paper,
    clinic, grayscale, limits), so the print rules judge the very PDFs a
    build writes and a handout that cannot be built for a clinic fails
    here too; nothing is written. With several clinics (`--clinic all`)
    they are laid out for each, and every rule's name says which clinic it
    judged (`glyphs@seaside`). SelectionProblem when the selection names
    what does not exist.
    """
    project, diagnostics = open_project(options.content, options.limits)
    if project is None:
        return CheckReport((), tuple(diagnostics))
    clinics: list[str | None] = [options.render.clinic]
    if options.clinics:
        several, usage = clinics_for(project, options.clinics)
        if usage:
            raise SelectionProblem(usage[0])
        clinics = list(several)
    reports = [_check_for(project, options, clinic, today) for clinic in clinics]
    return reports[0] if len(reports) == 1 else _joined_by_clinic(reports, clinics)


def _check_for(
    project: Project, options: BuildOptions, clinic: str | None, today: dt.date | None
) -> CheckReport:
    options = dataclasses.replace(
        options, render=dataclasses.replace(options.render, clinic=clinic)
    )
    pairs, usage = chosen(project, options)
    if usage:
        raise SelectionProblem(usage[0])
    printed: dict[str, list[Printed]] = {}
    problems: list[Diagnostic] = []
    for handout, formats in pairs:
        for fmt in formats:
            try:
                rendered = render_pdf(project, handout, fmt, options.render)
            except ContentError as exc:
                problems.extend(exc.diagnostics)
                continue
            said = [
                (n.rule, project.diagnostic(n.loc, n.message, n.hint, handout.id, Severity.WARNING))
                for n in rendered.notes
            ]
            # The pagination rule reports its own (the gate names their format);
            # the rest is what a layout changed to fit (fit: shrink).
            notes = tuple(d for rule, d in said if rule == "pagination")
            problems += [
                dataclasses.replace(d, message=in_format(fmt, d.message))
                for rule, d in said
                if rule != "pagination"
            ]
            spec = dataclasses.replace(
                print_spec(fmt, project.theme_for(handout, options.render), rendered),
                layout_notes=notes,
            )
            printed.setdefault(handout.id, []).append(Printed(rendered.data, spec, fmt))
    ids = tuple(h.id for h, _ in pairs)
    once = list(dict.fromkeys(problems))  # a character every format lacks: one line
    return check_library(
        project, ids=ids, today=today, printed=printed, diagnostics=once, clinic=clinic
    )


def _joined_by_clinic(reports: list[CheckReport], clinics: list[str | None]) -> CheckReport:
    """One report for several clinics: each rule once per clinic, each problem once."""
    handouts = []
    for i, first in enumerate(reports[0].handouts):
        results = tuple(
            dataclasses.replace(r, rule=f"{r.rule}@{clinic}")
            for report, clinic in zip(reports, clinics, strict=True)
            for r in report.handouts[i].results
        )
        handouts.append(HandoutReport(first.handout, first.title, results))
    seen: dict[str, Diagnostic] = {}
    for report in reports:
        for d in report.diagnostics:
            seen.setdefault(str(d), d)
    return CheckReport(tuple(handouts), tuple(seen.values()))
