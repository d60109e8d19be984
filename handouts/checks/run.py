"""Check a content file end to end: load, lay out every handout, judge it all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import api
from ..diagnostics import ContentError, Diagnostic
from ..options import BuildOptions
from .gate import Printed, check_library, grade_labels
from .printing import print_spec
from .results import CheckReport


def check_content(options: BuildOptions, *, today: dt.date | None = None) -> CheckReport:
    """The gate's report for `options.content` (the handouts in `options.ids`).

    Handouts are laid out in memory, as `build` would lay them out, so the
    print rules judge the very PDFs a build writes; nothing is written.
    """
    project, diagnostics = api.open_project(options.content, options.limits)
    if project is None:
        return CheckReport((), tuple(diagnostics))
    printed: dict[str, list[Printed]] = {}
    problems: list[Diagnostic] = []
    for handout in api.select(project.library, options.ids):
        for fmt in api.formats_for(handout, options):
            try:
                rendered = api.render_pdf(project, handout, fmt, options.render)
            except ContentError as exc:
                problems.extend(exc.diagnostics)
                continue
            spec = print_spec(fmt, project.theme)
            printed.setdefault(handout.id, []).append(Printed(rendered.data, spec, fmt))
    once = list(dict.fromkeys(problems))  # a character every format lacks: one line
    return check_library(project, ids=options.ids, today=today, printed=printed, diagnostics=once)


def grades(content: Path) -> dict[str, str]:
    """Reading grades by handout id, for the build command to show."""
    return grade_labels(api.load_library(content))
