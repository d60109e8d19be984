"""The library API: what the command line, the tests and other programs call.

Nothing here prints or exits. Problems come back as Diagnostics; a broken
machine (unreadable file, full disk) raises EnvironmentProblem.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .diagnostics import (
    ContentError,
    Diagnostic,
    EnvironmentProblem,
    Severity,
    format_path,
    has_errors,
)
from .fonts import missing_glyphs
from .layouts import LAYOUTS
from .layouts.common import LayoutProblem
from .load import Limits, Loc, SourceMap, load_file
from .model import Handout, Library
from .options import BuildOptions, RenderOptions
from .render import Rendered, SourcedLayoutError, write_atomic
from .theme import BrandProblem, Theme, resolve_theme
from .validate import Validated, brand_loc, display_loc, validate

log = logging.getLogger("handouts")


@dataclass
class Project:
    """A loaded library with its resolved brands: ready to render."""

    library: Library
    themes: dict[str, Theme]
    source_map: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def theme(self) -> Theme:
        """The default brand (the only one, with the single `clinic:` form)."""
        return self.themes[self.library.default_brand]

    def theme_for(self, handout: Handout, options: RenderOptions | None = None) -> Theme:
        """The brand a handout prints in: --clinic, else its own clinic:, else the default."""
        options = options or RenderOptions()
        brand = options.clinic or handout.clinic or self.library.default_brand
        theme = self.themes[brand]
        return theme.in_grayscale() if options.grayscale else theme

    def position(self, loc: Loc):
        return self.source_map.find(loc)

    def diagnostic(
        self,
        loc: Loc,
        message: str,
        hint: str = "",
        handout: str = "",
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        loc = display_loc(loc)
        return Diagnostic(
            message,
            severity,
            position=self.position(loc),
            path=format_path(loc),
            hint=hint,
            handout=handout,
        )


def load_library(content: Path, limits: Limits | None = None) -> Validated:
    """Read and validate a content file; problems are in `.diagnostics`."""
    try:
        source = load_file(content, content.name, limits)
    except ContentError as exc:
        return Validated(None, exc.diagnostics)
    return validate(source.data, source.source_map, content.parent)


def open_project(content: Path, limits: Limits | None = None) -> tuple[Project | None, list]:
    """Load, validate and brand a library; None when nothing can be built.

    A font file that is missing or unreadable raises EnvironmentProblem
    (one line, with where it is named): no edit of the words will fix it.
    """
    checked = load_library(content, limits)
    diagnostics = list(checked.diagnostics)
    library = checked.library
    if library is None:
        return None, diagnostics
    themes: dict[str, Theme] = {}
    for brand, clinic in library.brands.items():
        where = brand_loc(library, brand)
        try:
            themes[brand] = resolve_theme(clinic, checked.base_dir)
        except BrandProblem as exc:
            loc = (*where, *exc.loc)
            problem = Diagnostic(
                exc.message, position=checked.position(loc), path=format_path(loc), hint=exc.hint
            )
            if exc.machine:
                raise EnvironmentProblem(str(problem)) from None
            diagnostics.append(problem)
        except (OSError, ValueError) as exc:
            loc = (*where, "logo")
            diagnostics.append(
                Diagnostic(
                    f"cannot read the logo: {exc}",
                    position=checked.position(loc),
                    path=format_path(loc),
                )
            )
    if len(themes) < len(library.brands):
        return None, diagnostics
    project = Project(library, themes, checked.source_map, diagnostics)
    for brand, clinic in library.brands.items():
        diagnostics += _glyph_problems(
            project, themes[brand], clinic, brand_loc(library, brand), ""
        )
    return project, diagnostics


def _strings(node: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _strings(getattr(node, name), (*loc, name))
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            yield from _strings(item, (*loc, i))


def _glyph_problems(
    project: Project, theme: Theme, node: Any, loc: Loc, handout: str
) -> list[Diagnostic]:
    """Every character the fonts cannot draw, with where it was typed."""
    families = dict.fromkeys((theme.fonts, theme.heads))
    out = []
    for where, text in _strings(node, loc):
        if where[-1:] in (("id",), ("language",), ("logo",), ("src",), ("clinic",)):
            continue
        if "fonts" in where:
            continue
        for family in families:
            for ch in missing_glyphs(text, family):
                out.append(
                    project.diagnostic(
                        where,
                        f"the character '{ch}' (U+{ord(ch):04X}) cannot be printed with "
                        f"{family.name}",
                        "replace it with words or a character the font has",
                        handout,
                    )
                )
    return out


def render_pdf(
    project: Project, handout: Handout, fmt: str = "handout", options: RenderOptions | None = None
) -> Rendered:
    """Lay out one handout in one format; ContentError if it cannot be printed."""
    options = options or RenderOptions()
    theme = project.theme_for(handout, options)
    problems = _glyph_problems(project, theme, handout, handout.loc, handout.id)
    if problems:
        raise ContentError(problems)
    layout = LAYOUTS[fmt]
    try:
        return layout(handout, theme, options)
    except LayoutProblem as exc:
        raise ContentError(
            [project.diagnostic(exc.loc, _in_format(fmt, exc.message), exc.hint, handout.id)]
        ) from None
    except SourcedLayoutError as exc:
        loc = exc.loc or handout.loc
        raise ContentError(
            [
                project.diagnostic(
                    loc,
                    _in_format(fmt, str(exc)),
                    "shorten or split it, or use the handout format",
                    handout.id,
                )
            ]
        ) from None


def _in_format(fmt: str, message: str) -> str:
    return message if fmt == "handout" else f"{fmt}: {message}"


def output_name(handout: Handout, fmt: str) -> str:
    return f"{handout.id}.pdf" if fmt == "handout" else f"{handout.id}-{fmt}.pdf"


@dataclass(frozen=True)
class Output:
    handout: str
    format: str
    path: Path
    pages: int


@dataclass
class BuildReport:
    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def formats_for(handout: Handout, options: BuildOptions) -> list[str]:
    wanted = getattr(handout, "formats", None) or ["handout"]
    if options.formats:
        return [f for f in options.formats if f in wanted]
    return list(wanted)


def select(library: Library, ids: tuple[str, ...]) -> list[Handout]:
    if not ids:
        return list(library.handouts)
    return [h for h in library.handouts if h.id in ids]


def build(options: BuildOptions) -> BuildReport:
    """Build every selected handout in every wanted format into `out_dir`."""
    report = BuildReport()
    project, report.diagnostics = open_project(options.content, options.limits)
    if project is None or (options.strict and report.failed):
        return report
    for handout in select(project.library, options.ids):
        for fmt in formats_for(handout, options):
            try:
                rendered = render_pdf(project, handout, fmt, options.render)
            except ContentError as exc:
                report.diagnostics.extend(exc.diagnostics)
                continue
            report.diagnostics += [
                project.diagnostic(
                    n.loc, _in_format(fmt, n.message), n.hint, handout.id, Severity.WARNING
                )
                for n in rendered.notes
            ]
            path = options.out_dir / output_name(handout, fmt)
            write_atomic(path, rendered.data)
            log.info("wrote %s (%d pages)", path, rendered.pages)
            report.outputs.append(Output(handout.id, fmt, path, rendered.pages))
    return report
