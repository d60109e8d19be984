"""Print-quality rules, judged on the produced PDF (see `pdf.measure`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..diagnostics import Diagnostic
from ..formats import FORMATS, PrintSpec
from ..theme import Theme
from . import prose
from .context import Context
from .pdf import Glyph, PdfFacts, contrast
from .results import Outcome

MIN_CONTRAST = 4.5  # WCAG 2 AA for body text


def print_spec(fmt: str, theme: Theme) -> PrintSpec:
    """The promises of the format named `fmt`, with the brand's fine-print size."""
    spec = FORMATS[fmt].spec
    if not spec.brand_fine_print:
        return spec
    return replace(spec, fine_print=theme.styles().small.fontSize)


def _is_text(g: Glyph) -> bool:
    """Letters and digits; bullets and rules are decoration, judged by eye."""
    return g.missing or g.text.isalnum()


_MARKER = re.compile(r"\d{1,2}[.)]?|[^\w\s]{1,2}")


def _lines(facts: PdfFacts) -> list[list[Glyph]]:
    """Glyphs grouped into printed lines (same page and baseline), left to right."""
    lines: dict[tuple[int, float], list[Glyph]] = {}
    for g in facts.glyphs:
        lines.setdefault((g.page, round(g.baseline)), []).append(g)
    return [sorted(line, key=lambda g: g.box[0]) for line in lines.values()]


def list_markers(facts: PdfFacts) -> set[Glyph]:
    """Numbers and bullets that open a line in a smaller size than its text.

    A "1." before a step labels the text beside it, so it is judged with
    that text rather than as body text of its own.
    """
    out: set[Glyph] = set()
    for line in _lines(facts):
        run = [line[0]]
        for g in line[1:]:
            if g.box[0] - run[-1].box[2] > g.size * 0.2:
                break
            run.append(g)
        rest = line[len(run) :]
        text = "".join(g.text for g in run)
        if rest and _MARKER.fullmatch(text) and max(g.size for g in run) < rest[0].size:
            out.update(run)
    return out


def _line(facts: PdfFacts, glyph: Glyph) -> str:
    """The printed line a glyph sits on, for a finding a person can locate."""
    same = sorted(
        (g for g in facts.glyphs if g.page == glyph.page and abs(g.box[1] - glyph.box[1]) < 1),
        key=lambda g: g.box[0],
    )
    out, last = "", None
    for g in same:
        if last is not None and g.box[0] - last > g.size * 0.2:
            out += " "
        out += "□" if g.missing else g.text
        last = g.box[2]
    return prose.first_words(out)


def _first_per_page(glyphs: Iterable[Glyph]) -> list[Glyph]:
    seen: dict[int, Glyph] = {}
    for g in glyphs:
        seen.setdefault(g.page, g)
    return list(seen.values())


def _finding(ctx: Context, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(message, hint=hint, handout=ctx.handout.id)


def _too_small(
    ctx: Context, facts: PdfFacts, small: list[Glyph], limit: float, where: str = ""
) -> tuple[Diagnostic, ...]:
    return tuple(
        _finding(
            ctx,
            f'page {g.page}: {where}text at {g.size:g} pt, below {limit:g} pt: "{_line(facts, g)}"',
            "patients need large type; shorten the text rather than shrink it",
        )
        for g in _first_per_page(sorted(small, key=lambda g: g.size))
    )


def font_size(ctx: Context, facts: PdfFacts, spec: PrintSpec) -> Outcome:
    def is_body(g: Glyph) -> bool:
        height = facts.page_sizes[g.page - 1][1]
        top = height - (spec.header_first if g.page == 1 else spec.header)
        return _is_text(g) and g.box[1] >= spec.footer - 1 and g.box[3] <= top + 1

    markers = list_markers(facts)
    body = [g for g in facts.glyphs if is_body(g) and g not in markers]
    fine = [g for g in body if spec.fine_print is not None and abs(g.size - spec.fine_print) < 0.01]
    body = [g for g in body if g not in fine]
    if not body:
        return Outcome(True, "no body text")
    smallest = min(g.size for g in body)
    small = [g for g in body if g.size < spec.min_body_size]
    findings = _too_small(ctx, facts, small, spec.min_body_size)
    summary = f"smallest body text {smallest:g} pt (min {spec.min_body_size:g})"
    if spec.min_furniture_size is not None:
        furniture = [g for g in facts.glyphs if _is_text(g) and not is_body(g)]
        tiny = [g for g in furniture if g.size < spec.min_furniture_size]
        findings += _too_small(ctx, facts, tiny, spec.min_furniture_size, "header or footer ")
        small += tiny
        if furniture:
            summary += f"; headers and footers {min(g.size for g in furniture):g} pt"
    measures: dict[str, object] = {"smallest_pt": smallest}
    if fine:
        summary += f"; fine print {fine[0].size:g} pt"
        measures["fine_print_pt"] = fine[0].size
    return Outcome(not small, summary, findings, measures)


def fonts_embedded(ctx: Context, facts: PdfFacts, spec: PrintSpec) -> Outcome:
    missing = sorted(name for name, embedded in facts.fonts.items() if not embedded)
    findings = tuple(
        _finding(ctx, f"font '{name}' is not embedded", "printers may substitute another font")
        for name in missing
    )
    summary = f"{len(facts.fonts)} fonts, " + (
        f"{len(missing)} not embedded" if missing else "all embedded"
    )
    return Outcome(not missing, summary, findings, {"fonts": dict(sorted(facts.fonts.items()))})


def glyphs(ctx: Context, facts: PdfFacts, spec: PrintSpec) -> Outcome:
    missing = [g for g in facts.glyphs if g.missing]
    findings = tuple(
        _finding(
            ctx,
            f"page {g.page}: a character the font {g.font} cannot draw prints as an empty box: "
            f'"{_line(facts, g)}"',
            "replace the character in content.yaml or choose a font that has it",
        )
        for g in _first_per_page(missing)
    )
    summary = (
        f"{len(missing)} characters print as empty boxes" if missing else "every character drawn"
    )
    return Outcome(not missing, summary, findings, {"missing": len(missing)})


def _hex(color: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in color)


def text_contrast(ctx: Context, facts: PdfFacts, spec: PrintSpec) -> Outcome:
    pairs: dict[tuple, Glyph] = {}
    for g in filter(_is_text, facts.glyphs):
        pairs.setdefault((g.color, g.background), g)
    if not pairs:
        return Outcome(True, "no text")
    ratios = {pair: contrast(*pair) for pair in pairs}
    worst = min(ratios.values())
    low = sorted((r, pair) for pair, r in ratios.items() if r < MIN_CONTRAST)
    findings = tuple(
        _finding(
            ctx,
            f"page {pairs[pair].page}: text {_hex(pair[0])} on {_hex(pair[1])} has contrast "
            f'{r:.2f}:1, below {MIN_CONTRAST}:1: "{_line(facts, pairs[pair])}"',
            "text must stand out from what is behind it: change clinic.colors, "
            "or the layout if it draws text in its own background colour",
        )
        for r, pair in low
    )
    summary = f"lowest text contrast {worst:.2f}:1 (min {MIN_CONTRAST}:1)"
    return Outcome(not low, summary, findings, {"lowest_ratio": round(worst, 2)})


def margins(ctx: Context, facts: PdfFacts, spec: PrintSpec) -> Outcome:
    m = spec.safe_margin

    def outside(page: int, box: tuple[float, float, float, float]) -> bool:
        width, height = facts.page_sizes[page - 1]
        x0, y0, x1, y1 = box
        return x0 < m - 0.5 or y0 < m - 0.5 or x1 > width - m + 0.5 or y1 > height - m + 0.5

    text = [g for g in facts.glyphs if outside(g.page, g.box)]
    pictures = [p for p in facts.pictures if outside(p.page, p.box)]
    findings = [
        _finding(
            ctx,
            f'page {g.page}: text outside the {m:g} pt safe margin: "{_line(facts, g)}"',
            "a home or office printer may cut it off",
        )
        for g in _first_per_page(text)
    ]
    findings += [
        _finding(ctx, f"page {p.page}: a picture reaches outside the {m:g} pt safe margin")
        for p in pictures
    ]
    count = len(text) + len(pictures)
    summary = (
        f"{count} marks outside the {m:g} pt safe margin"
        if count
        else f"everything inside the {m:g} pt safe margin"
    )
    return Outcome(not count, summary, tuple(findings))
