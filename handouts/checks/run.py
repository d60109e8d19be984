"""Check a content file end to end: load, lay out every handout, judge it all."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..batch import chosen
from ..diagnostics import ContentError, Diagnostic, Severity
from ..options import BuildOptions
from ..project import in_format, open_project, render_pdf
from .gate import Printed, check_library
from .printing import print_spec
from .results import CheckReport


class SelectionProblem(ValueError):
    """The command line chose nothing to check (an unknown id or clinic): exit code 2."""


def check_content(options: BuildOptions, *, today: dt.date | None = None) -> CheckReport:
    """The gate's report for the handouts `options` selects, as `build` selects them.

    Handouts are laid out in memory with the build's own options (paper,
    clinic, grayscale, limits), so the print rules judge the very PDFs a
    build writes and a handout that cannot be built for a clinic fails
    here too; nothing is written. SelectionProblem when the selection names
    what does not exist.
    """
    project, diagnostics = open_project(options.content, options.limits)
    if project is None:
        return CheckReport((), tuple(diagnostics))
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
            notes = tuple((n.message, n.hint) for n in rendered.notes if n.rule == "pagination")
            problems += [
                project.diagnostic(
                    n.loc, in_format(fmt, n.message), n.hint, handout.id, Severity.WARNING
                )
                for n in rendered.notes  # what a layout changed to fit: fit: shrink
                if n.rule != "pagination"
            ]
            spec = replace(
                print_spec(fmt, project.theme_for(handout, options.render)), layout_notes=notes
            )
            printed.setdefault(handout.id, []).append(Printed(rendered.data, spec, fmt))
    ids = tuple(h.id for h, _ in pairs)
    return check_library(project, ids=ids, today=today, printed=printed, diagnostics=problems)
