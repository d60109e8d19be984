"""The library's public surface: what the command line, the print station and other programs call.

Nothing below this module imports it; it only gathers what a program needs.
Nothing here prints or exits: problems come back as `Diagnostic` values in
the reports, and a broken machine raises `EnvironmentProblem`.

    from handouts.api import build, open_project, render_pdf
    report = build(BuildOptions(content=Path("content.yaml"), out_dir=Path("out")))
"""

from __future__ import annotations

from .batch import BuildReport, Output, build, select
from .diagnostics import ContentError, Diagnostic, EnvironmentProblem, Severity
from .options import BuildOptions, Limits, RenderOptions, StationOptions
from .project import Project, load_library, open_project, render_pdf
from .render.document import Rendered

__all__ = [
    "BuildOptions",
    "BuildReport",
    "ContentError",
    "Diagnostic",
    "EnvironmentProblem",
    "Limits",
    "Output",
    "Project",
    "RenderOptions",
    "Rendered",
    "Severity",
    "StationOptions",
    "build",
    "load_library",
    "open_project",
    "render_pdf",
    "select",
]
