"""A project: a loaded library with its brands resolved, and one handout rendered.

`open_project` loads, validates and brands a content file; `render_pdf`
fills in a handout's placeholders, refuses what cannot print (missing
glyphs, oversize text) and lays it out in one format. Nothing here prints
or exits: problems come back as Diagnostics; a broken machine (unreadable
file, full disk) raises EnvironmentProblem.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import placeholders
from .assets import AssetError, raster_pixels, resolve_asset
from .diagnostics import (
    ContentError,
    Diagnostic,
    EnvironmentProblem,
    Loc,
    Severity,
    format_path,
    is_invisible,
)
from .engine.scripts import fallback_problem, group_of
from .formats import DEFAULT_FORMAT, FORMATS, in_format
from .labels import shipped as shipped_tables
from .labels import table_for
from .language import language as language_of
from .language import tag_suggestion
from .load import Cache, SourceMap, load_library_file
from .model import Handout, Library
from .options import Edition, Editions, Limits, RenderOptions
from .render.document import LayoutProblem, Rendered, render, reportlab_configured
from .render.fonts import missing_glyphs
from .theme import BrandProblems, Theme, resolve_theme
from .validate import Validated, display_loc, handout_images, validate


@dataclass
class Project:
    """A loaded library with its resolved brands: ready to render."""

    library: Library
    themes: dict[str, Theme]
    source_map: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)  # ids written, valid or not
    variants: dict[tuple[str, str, bool], Theme] = field(default_factory=dict, repr=False)
    limits: Limits = field(default_factory=Limits)  # the bounds it was opened under

    def family(self, handout: Handout) -> list[Handout]:
        """The handout's copies in other languages: its source (`translation_of`)
        and the source's other translations, in library order."""
        source = handout.translation_of or handout.id
        return [h for h in self._families.get(source, ()) if h.id != handout.id]

    @functools.cached_property
    def _families(self) -> dict[str, list[Handout]]:
        """Handouts by the source they translate (or are): found once, since a
        build asks for every handout's family (10,000 handouts, each scanning
        all the others, would be 10^8 comparisons)."""
        out: dict[str, list[Handout]] = {}
        for h in self.library.handouts:
            out.setdefault(h.translation_of or h.id, []).append(h)
        return out

    @property
    def theme(self) -> Theme:
        """The default brand (the only one, with the single `clinic:` form)."""
        return self.themes[self.library.default_brand]

    def theme_for(self, handout: Handout, options: RenderOptions | None = None) -> Theme:
        """The brand a handout prints in (--clinic, else its own clinic:, else the
        default), with the clinic's words in the handout's language.

        Variants are made once per project: a grayscale one decodes the logo again.
        """
        options = options or RenderOptions()
        brand = self.library.brand_for(handout, options.clinic)
        key = (brand, handout.language, options.grayscale)
        theme = self.variants.get(key)
        if theme is None:
            theme = self.themes[brand].in_language(handout.language)
            theme = theme.in_grayscale() if options.grayscale else theme
            self.variants[key] = theme
        return theme

    def filled(
        self, handout: Handout, options: RenderOptions | None = None
    ) -> tuple[Handout, list[Diagnostic]]:
        """The handout with its placeholders filled in from the brand it prints with.

        A placeholder that cannot be filled stays as written, with a problem
        for it: callers that only show the handout (a title, a grade) may
        ignore the problems; rendering refuses to print it.
        """
        wanted = options.clinic if options else None
        filled, problems = placeholders.fill_for(self.library, handout, wanted)
        return filled, [self.diagnostic(p.loc, p.message, p.hint, handout.id) for p in problems]

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
            path=self.source_map.path(loc),
            hint=hint,
            handout=handout,
        )


def load_library(
    content: Path, limits: Limits | None = None, cache: Cache | None = None
) -> Validated:
    """Read and validate a content file; problems are in `.diagnostics`."""
    try:
        source = load_library_file(content, limits, cache)
    except ContentError as exc:
        return Validated(None, exc.diagnostics)
    return validate(source.data, source.source_map, content.parent)


def open_project(
    content: Path, limits: Limits | None = None, cache: Cache | None = None
) -> tuple[Project | None, list]:
    """Load, validate and brand a library; None when nothing can be built.

    A font file that is missing or unreadable raises EnvironmentProblem
    (one line, with where it is named): no edit of the words will fix it.
    """
    checked = load_library(content, limits, cache)
    diagnostics = list(checked.diagnostics)
    library = checked.library
    if library is None:
        return None, diagnostics
    themes: dict[str, Theme] = {}
    for brand, clinic in library.brands.items():
        where = library.brand_loc(brand)
        try:
            themes[brand] = resolve_theme(clinic, checked.base_dir, limits)
        except BrandProblems as exc:
            for problem in exc.problems:
                loc = (*where, *problem.loc)
                line = Diagnostic(
                    problem.message,
                    position=checked.position(loc),
                    path=format_path(loc),
                    hint=problem.hint,
                )
                if problem.machine:
                    raise EnvironmentProblem(str(line)) from None
                diagnostics.append(line)
    if len(themes) < len(library.brands):
        return None, diagnostics
    project = Project(
        library,
        themes,
        checked.source_map,
        diagnostics,
        checked.declared,
        limits=limits or Limits(),
    )
    for brand, clinic in library.brands.items():
        strings = _strings(clinic, library.brand_loc(brand))
        diagnostics += _glyph_problems(project, themes[brand], strings, "")
    return project, diagnostics


def _strings(node: Any, loc: Loc) -> list[tuple[Loc, str]]:
    """Every string in a model, with where it is (each render checks them twice)."""
    out: list[tuple[Loc, str]] = []
    _collect(node, loc, out)
    return out


def _collect(node: Any, loc: Loc, out: list[tuple[Loc, str]]) -> None:
    if isinstance(node, str):
        out.append((loc, node))
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            _collect(getattr(node, name), (*loc, name), out)
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            _collect(item, (*loc, i), out)
    elif isinstance(node, dict):  # a clinic's translations, by language
        for key, item in node.items():
            _collect(item, (*loc, key), out)


def _glyph_problems(
    project: Project, theme: Theme, strings: list[tuple[Loc, str]], handout: str
) -> list[Diagnostic]:
    """Every character the fonts cannot draw, with where it was typed."""
    families = dict.fromkeys((theme.fonts, theme.heads))
    out = []
    for where, text in strings:
        if where[-1:] in (("id",), ("language",), ("logo",), ("src",), ("clinic",)):
            continue
        if "fonts" in where:
            continue
        invisible_told: set[str] = set()
        for family in families:
            for ch in missing_glyphs(text, family):
                if ch in invisible_told:
                    continue  # one message, whichever font is asked
                install = None if is_invisible(ch) else fallback_problem(ch, theme.fallback)
                if install is None and not is_invisible(ch):
                    continue  # the text engine draws it with its script's default font
                if install in invisible_told:
                    continue  # one message per missing font package
                invisible_told.update((ch, install) if install else (ch,))
                message = _glyph_message(ch, family.name, install or "")
                out.append(project.diagnostic(where, *message, handout))
    return out


_CATEGORY_NAMES = {
    "Cc": "a control character",
    "Cf": "a format character",
    "Co": "a private-use character",
    "Cn": "not a character in Unicode",
}


def _size_problems(
    project: Project, handout: Handout, strings: list[tuple[Loc, str]]
) -> list[Diagnostic]:
    """Text long enough to make layout slow is refused before layout starts.

    ReportLab re-wraps the rest of a paragraph each time it splits it across
    a page, so one 40,000-word paragraph takes seconds where the same words
    in short paragraphs take a fraction of that.
    """
    limits = project.limits
    out = []
    total = texts = 0
    for where, text in strings:
        words = len(text.split())
        total += words
        texts += 1
        if words > limits.max_paragraph_words:
            out.append(
                project.diagnostic(
                    where,
                    f"this text has {words:,} words; the limit is {limits.max_paragraph_words:,}",
                    "split it into paragraphs, or raise it with --limit max_paragraph_words=N",
                    handout.id,
                )
            )
    if texts > limits.max_handout_texts:
        out.append(
            project.diagnostic(
                handout.loc,
                f"the handout has {texts:,} pieces of text (paragraphs, items, cells); "
                f"the limit is {limits.max_handout_texts:,}",
                "split it into several handouts, or raise it with --limit max_handout_texts=N",
                handout.id,
            )
        )
    if total > limits.max_handout_words:
        out.append(
            project.diagnostic(
                handout.loc,
                f"the handout has {total:,} words; the limit is {limits.max_handout_words:,}",
                "split it into several handouts, or raise it with --limit max_handout_words=N",
                handout.id,
            )
        )
    return out


def _picture_problems(project: Project, theme: Theme, handout: Handout) -> list[Diagnostic]:
    """Pictures that together would decode to too many pixels, before one is decoded.

    Each file is bounded by max_image_pixels; sixteen photos at that size
    in one handout would still take gigabytes, so their headers are added
    up first (a picture printed twice is decoded once, and counted once).
    """
    paths = set()
    for image in handout_images(handout):
        try:
            paths.add(resolve_asset(theme.base_dir, image.src))
        except AssetError:
            continue  # validation has reported it
    total = sum(raster_pixels(path) for path in paths)
    limit = project.limits.max_handout_pixels
    if total <= limit:
        return []
    return [
        project.diagnostic(
            handout.loc,
            f"the handout's pictures have {total:,} pixels together; the limit is {limit:,}",
            "use smaller copies (300 dpi at print size is plenty), "
            "or raise it with --limit max_handout_pixels=N",
            handout.id,
        )
    ]


def _glyph_message(ch: str, font: str, install: str = "") -> tuple[str, str]:
    """Why `ch` cannot be printed, and what to do, as (message, hint).

    Invisible characters (NUL, ESC, bidi overrides, zero-width spaces) are
    refused rather than dropped: they usually come from a copy-paste and can
    reorder or hide words, so the editor should see and delete them.
    """
    code = f"U+{ord(ch):04X}"
    if is_invisible(ch):
        name = unicodedata.name(ch, None) or _CATEGORY_NAMES.get(unicodedata.category(ch), "")
        return (
            f"the invisible character {code} ({name}) is not allowed",
            "delete it; it often comes from copying text from another program",
        )
    group = group_of(ch)
    own = f"name a font of the brand's own for it (clinic fonts: scripts: {group}:)"
    if install:
        return (
            f"the character '{ch}' ({code}) needs the default font for its script, "
            "which is not installed",
            f"install it ({install}), {own}, or replace the character",
        )
    if group is not None:
        return (
            f"the character '{ch}' ({code}) cannot be printed with {font} or any default font",
            f"{own} with a TrueType font that has it, or replace it with words",
        )
    return (
        f"the character '{ch}' ({code}) cannot be printed with {font} or any default font",
        "replace it with words or a character the font has",
    )


def editions(project: Project, handout: Handout, fmt: str, options: RenderOptions) -> Editions:
    """The handout in its other languages, where the library publishes (none
    when there is no settings.base_url for the clinic): a code to as many as
    the format's closing has room for (`Format.edition_codes`), the others named.

    A translation's first code opens its source, the language of the care
    team and often of a relative who helps; then come the family's other
    copies in content order, the order its editors chose (and the print
    station shows). Each code opens a file a full build makes: the
    copy in the page's own format when it lists that format, else its handout,
    else the first format it lists.
    """
    found: list[Edition] = []
    seen = {handout.language}
    for other in sorted(project.family(handout), key=lambda h: h.translation_of is not None):
        if other.language in seen:
            continue
        seen.add(other.language)
        base_url = project.library.base_url_for(project.library.brand_for(other, options.clinic))
        if base_url:
            file = FORMATS[_target_format(other, fmt)].file_name(other.id)
            found.append(Edition(other.language, base_url.rstrip("/") + "/" + file, file))
    room = FORMATS[fmt].edition_codes
    return Editions(tuple(found[:room]), tuple(e.language for e in found[room:]))


def _target_format(other: Handout, fmt: str) -> str:
    """The format a code to `other` opens: `fmt` if it lists it, else the handout
    format, else its first (what a full build makes of it)."""
    return next(f for f in (fmt, DEFAULT_FORMAT, other.formats[0]) if f in other.formats)


def render_pdf(
    project: Project,
    handout: Handout,
    fmt: str = DEFAULT_FORMAT,
    options: RenderOptions | None = None,
) -> Rendered:
    """Lay out one handout in one format; ContentError if it cannot be printed."""
    options = options or RenderOptions()
    if not options.editions:  # a build's worker passes those its parent found
        options = replace(options, editions=editions(project, handout, fmt, options))
    theme = project.theme_for(handout, options)
    handout, problems = project.filled(handout, options)
    strings = _strings(handout, handout.loc)
    problems += _size_problems(project, handout, strings)
    problems += _picture_problems(project, theme, handout)
    problems += _glyph_problems(project, theme, strings, handout.id)
    problems += label_problems(project, theme, handout, options)
    if problems:
        raise ContentError(problems)
    try:
        # Layouts measure paragraphs while they plan (headings kept with what
        # follows, balanced panels): under the same ReportLab settings as the
        # drawing, and with the faster fragment comparison.
        with reportlab_configured():
            return render(FORMATS[fmt].lay_out(handout, theme, options))
    except LayoutProblem as exc:
        message = in_format(fmt, exc.message)
        raise ContentError(
            [project.diagnostic(exc.loc or handout.loc, message, exc.hint, handout.id)]
        ) from None


def label_problems(
    project: Project, theme: Theme, handout: Handout, options: RenderOptions
) -> list[Diagnostic]:
    """The tool's own words for the handout's language: missing (never English in
    their place), or in letters the brand's fonts cannot print."""
    tag, where = handout.language, (*handout.loc, "language")
    brand = project.library.brand_loc(project.library.brand_for(handout, options.clinic))
    home = f"{format_path(brand)}.translations.{tag}.labels"
    problem = theme.label_problem
    if problem is not None and problem.missing:
        has = ", ".join(shipped_tables().values())
        known = table_for(tag) is not None or theme.clinic.label_overrides(tag) is not None
        message = (
            f"the labels for language '{tag}' lack {', '.join(problem.missing)}"
            if known
            else f"the tool has no labels for language '{tag}' (it has {has})"
        )
        hint = f"add {'them' if known else 'every label'} under {home}, or use a language "
        hint += "the tool has labels for; docs/languages.md lists the keys"
        meant = tag_suggestion(tag)
        if not known and meant and table_for(meant) is not None:
            hint = f"did you mean '{meant}' ({language_of(meant).english_name})? or {hint}"
        return [project.diagnostic(where, message, hint, handout.id)]
    if problem is not None:
        return [
            project.diagnostic(where, f"{home}: {problem.message}", "correct the label", handout.id)
        ]
    missing = theme.unprintable_labels
    if not missing:
        return []
    codes = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:6])
    more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
    return [
        project.diagnostic(
            where,
            f"the labels for language '{tag}' use characters {theme.fonts.name} cannot print: "
            f"{codes}{more}",
            "give the clinic a font with this language's letters "
            "(clinic.fonts.body, or clinic.fonts.scripts)",
            handout.id,
        )
    ]


def clinic_problems(project: Project, wanted: str | None) -> list[str]:
    """--clinic must name one of the library's brands: a usage problem, with a suggestion."""
    if wanted is None:
        return []
    if project.library.clinics is None:
        return [
            f"--clinic {wanted}: this library has one clinic; list brands under clinics: to choose"
        ]
    known = list(project.library.clinics)
    if wanted in known:
        return []
    close = difflib.get_close_matches(wanted, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known clinics: {', '.join(known)}"
    return [f"no clinic with id '{wanted}'{hint}"]


def clinics_for(project: Project, wanted: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The clinics of `--clinic all` (every one, in content order) or of a list, and
    the usage problems of the list (an unknown id, or a library of one clinic)."""
    if "all" in wanted:
        clinics = list(project.library.brands) if project.library.clinics is not None else []
    else:
        clinics = list(dict.fromkeys(wanted))
    problems = [p for clinic in clinics for p in clinic_problems(project, clinic)]
    if not clinics:
        problems.append(
            "--clinic all: this library has one clinic; list brands under clinics: to choose"
        )
    return clinics, problems


PRINT_DPI = 150  # below this, photos and drawings look soft on paper


def untranslated_warnings(
    project: Project, handout: Handout, options: RenderOptions | None = None
) -> list[Diagnostic]:
    """The clinic's own words a handout prints in English, for want of a translation
    (a warning when building; `check` fails it, as its clinic_words rule)."""
    if project.library.checks.merged(handout.checks).rules.clinic_words == "off":
        return []
    brand = project.library.brand_for(handout, options.clinic if options else None)
    note = project.library.brands[brand].untranslated_note(handout.language)
    if note is None:
        return []
    where = (*project.library.brand_loc(brand), "translations")
    return [project.diagnostic(where, *note, handout.id, severity=Severity.WARNING)]


def image_warnings(
    project: Project, handout: Handout, options: RenderOptions | None = None
) -> list[Diagnostic]:
    """Pictures that would print soft, judged at the widest column any format gives them."""
    options = options or RenderOptions()
    theme = project.theme_for(handout, options)
    column = max(fmt.geometry(options).column_width for fmt in FORMATS.values())
    out = []
    for block in [*handout.intro, *(b for s in handout.sections for b in s.body)]:
        if block.image is None:
            continue
        try:
            picture = theme.picture(block.image.src)
        except (OSError, ValueError):
            continue  # the layout reports an unreadable picture as an error
        if picture.ppi is None:
            continue  # SVG: vector art is sharp at any size
        printed = min(block.image.width * column, picture.max_width)
        dpi = picture.size[0] / (printed / 72)
        if dpi < PRINT_DPI:
            wanted = round(PRINT_DPI * printed / 72)
            out.append(
                project.diagnostic(
                    (*block.image.loc, "src"),
                    f"the picture prints at {dpi:.0f} dpi, below the {PRINT_DPI} dpi print needs",
                    f"use a picture at least {wanted} pixels wide, or a smaller width",
                    handout.id,
                    severity=Severity.WARNING,
                )
            )
    return out
