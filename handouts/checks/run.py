"""Check a content file end to end: load, lay out every handout, judge it all."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..batch import formats_for, select
from ..diagnostics import ContentError, Diagnostic
from ..options import BuildOptions
from ..project import (
    Project,
    clinic_problems,
    clinics_for,
    load_library,
    open_project,
    render_pdf,
)
from .gate import Printed, check_library, grade_labels
from .printing import print_spec
from .results import CheckReport, HandoutReport


def check_content(options: BuildOptions, *, today: dt.date | None = None) -> CheckReport:
    """The gate's report for `options.content` (the handouts in `options.ids`).

    Handouts are laid out in memory, as `build` would lay them out, so the
    print rules judge the very PDFs a build writes; nothing is written. With
    `--clinic` they are laid out for that clinic; with several (`all`) for
    each, and every rule's name says which clinic it judged (`glyphs@seaside`).
    """
    project, diagnostics = open_project(options.content, options.limits)
    if project is None:
        return CheckReport((), tuple(diagnostics))
    clinics: list[str | None] = [options.render.clinic]
    usage = clinic_problems(project, options.render.clinic)
    if options.clinics:
        several, usage = clinics_for(project, options.clinics)
        clinics = list(several)
    if usage:
        return CheckReport((), tuple(diagnostics), usage=tuple(usage))
    reports = [_check_for(project, options, clinic, today) for clinic in clinics]
    return reports[0] if len(reports) == 1 else _combined(reports, clinics)


def _check_for(
    project: Project, options: BuildOptions, clinic: str | None, today: dt.date | None
) -> CheckReport:
    render = dataclasses.replace(options.render, clinic=clinic)
    printed: dict[str, list[Printed]] = {}
    problems: list[Diagnostic] = []
    for handout in select(project.library, options.ids):
        for fmt in formats_for(handout, options):
            try:
                rendered = render_pdf(project, handout, fmt, render)
            except ContentError as exc:
                problems.extend(exc.diagnostics)
                continue
            spec = print_spec(fmt, project.theme_for(handout, render))
            printed.setdefault(handout.id, []).append(Printed(rendered.data, spec, fmt))
    return check_library(
        project,
        ids=options.ids,
        today=today,
        printed=printed,
        diagnostics=problems,
        clinic=clinic,
    )


def _combined(reports: list[CheckReport], clinics: list[str | None]) -> CheckReport:
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


def grades(content: Path) -> dict[str, str]:
    """Reading grades by handout id, for the build command to show."""
    return grade_labels(load_library(content))
