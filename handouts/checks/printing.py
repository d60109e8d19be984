"""Print-quality rules, judged on the produced PDF (see `pdf.measure`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from ..formats import BLANK_LIMIT, FORMATS, MIN_PICTURE_SCALE, PrintSpec
from ..language import language
from ..theme import Theme, hex_of, mark_adjustment, palette
from . import prose
from .context import Context
from .pdf import Glyph, PdfFacts, contrast
from .results import Outcome

if TYPE_CHECKING:
    from ..render.document import Rendered

MIN_CONTRAST = 4.5  # WCAG 2 AA for body text


def print_spec(fmt: str, theme: Theme, rendered: Rendered | None = None) -> PrintSpec:
    """The promises of the format named `fmt`, with the brand's fine-print and heading
    sizes, and for flowing pages the top and foot of their text in the `rendered`
    copy: the footer is as tall as the brand's emergency words need
    (`layouts.footer`), and large print's running header as its title."""
    fmt_ = FORMATS[fmt]
    styles, spec = theme.styles(fmt_.body_size), fmt_.spec
    if spec.paged:
        spec = replace(spec, heading_size=styles.h3.fontSize)
        later = rendered.continuation if rendered is not None else None
        if later is not None and later.size is not None:
            frames = later.frames.values()
            top = later.size[1] - max(box.top for box in frames)
            spec = replace(spec, footer=min(box.y for box in frames), header=top)
    if not spec.brand_fine_print:
        return spec
    return replace(spec, fine_print=styles.small.fontSize)


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
    """A finding about the printed pages, placed at the handout they print
    (`content.yaml:LINE:COL: handouts[3]: page 2: ...`)."""
    return ctx.finding(message, ctx.handout.loc, hint)


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

    def is_fine(g: Glyph) -> bool:
        return spec.fine_print is not None and abs(g.size - spec.fine_print) < 0.01

    markers = list_markers(facts)
    text = [g for g in facts.glyphs if is_body(g) and g not in markers]
    # Split by size, not by membership of a list: comparing glyphs pairwise
    # cost seconds per brochure of fine print.
    fine = [g for g in text if is_fine(g)]
    body = [g for g in text if not is_fine(g)]
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
    measures: dict[str, object] = {"lowest_ratio": round(worst, 2)}
    clinic = ctx.library.brands[ctx.library.brand_for(ctx.written)]
    marks = mark_adjustment(palette(clinic))
    if marks:  # what the theme did for bullets, so the brand can see it
        summary += f"; {marks}"
        measures["bullet_color"] = hex_of(palette(clinic).mark)
    return Outcome(not low, summary, findings, measures)


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


# What a picture's block needs beyond the printed picture and caption: the
# spacers around them, the space after the paragraph before, and that
# line's descent (the blank is measured from its bottom, not the frame's cursor).
PICTURE_GAPS = 0.25 * 72


def _body_lines(facts: PdfFacts, spec: PrintSpec, page: int) -> list[list[Glyph]]:
    """A page's printed lines between its header and footer, top to bottom."""
    height = facts.page_sizes[page - 1][1]
    top = height - (spec.header_first if page == 1 else spec.header)
    lines = [
        line
        for line in _lines(facts)
        if line[0].page == page and line[0].box[1] >= spec.footer - 1 and line[0].box[3] <= top + 1
    ]
    return sorted(lines, key=lambda line: -line[0].baseline)


def _is_heading(line: list[Glyph], spec: PrintSpec) -> bool:
    text = [g for g in line if _is_text(g)]
    return bool(text) and all(
        g.size >= spec.heading_size - 0.01 and "bold" in g.font.lower() for g in text
    )


def _words(line: list[Glyph]) -> str:
    out, last = "", None
    for g in line:
        if last is not None and g.box[0] - last > g.size * 0.2:
            out += " "
        out += g.text
        last = g.box[2]
    return prose.first_words(out)


def pagination(ctx: Context, facts: PdfFacts, spec: PrintSpec) -> Outcome:
    """Page breaks a print professional would not leave: see docs/checks.md.

    A page (but the last) may not end with a heading, nor with more than
    BLANK_LIMIT of blank while the next page starts with words (which could
    have been split or moved up); a page may not start with the caption of
    a picture left on the page before. The layout reports what it could not
    avoid (a closing card alone on the last page).
    """
    if spec.inside_panels:
        return panel_fill(ctx, facts, spec)
    if not spec.paged:
        return Outcome(True, "no pages or panels to judge")
    findings = list(spec.layout_notes)
    worst = 0.0
    for page in range(1, len(facts.page_sizes)):
        lines, following = _body_lines(facts, spec, page), _body_lines(facts, spec, page + 1)
        if lines and following:
            found, blank = _page_break(ctx, facts, spec, page, lines, following)
            findings += found
            worst = max(worst, blank)
    summary = f"{len(findings)} page breaks to fix" if findings else "page breaks are clean"
    measures = {"largest_blank_in": round(worst / 72, 2)}
    return Outcome(not findings, summary, tuple(findings), measures)


def _page_break(ctx, facts: PdfFacts, spec: PrintSpec, page: int, lines, following):
    """Findings at the break after `page`, and the blank left at its foot (pt)."""
    out = []
    if _is_heading(lines[-1], spec):
        out.append(
            _finding(
                ctx,
                f'page {page} ends with the heading "{_words(lines[-1])}"',
                "shorten the text before it, or add a line after it",
            )
        )
    pictures = [p for p in facts.pictures if p.page == page]
    blank = min([lines[-1][0].box[1], *(p.box[1] for p in pictures)]) - spec.footer
    if blank > BLANK_LIMIT and not _opens_with_tall_picture(facts, page + 1, following, blank):
        out.append(
            _finding(
                ctx,
                f"page {page} ends with {blank / 72:.1f} in of blank space, while page "
                f'{page + 1} starts with "{_words(following[0])}"',
                "shorten the block that opens the next page, or split it into smaller blocks",
            )
        )
    next_has_picture = any(p.page == page + 1 for p in facts.pictures)
    if _is_caption(following[0]) and pictures and not next_has_picture:
        out.append(
            _finding(
                ctx,
                f"page {page + 1} starts with a caption left from its picture: "
                f'"{_words(following[0])}"',
                "make the picture smaller, or shorten the text before it",
            )
        )
    return out, blank


def _opens_with_tall_picture(facts: PdfFacts, page: int, lines, room: float) -> bool:
    """Whether `page` opens with a picture (and its caption) too tall for `room`.

    The layout names such a page itself (a note with a width that would
    fit), so the rule does not report it twice.
    """
    first = lines[0]
    for p in facts.pictures:
        if p.page == page and p.box[1] >= first[0].box[3] - 1:
            # It could have printed smaller (to MIN_PICTURE_SCALE) to stay on `page - 1`.
            caption = p.box[1] - first[0].box[1] if _is_caption(first) else 0.0
            least = (p.box[3] - p.box[1]) * MIN_PICTURE_SCALE + caption + PICTURE_GAPS
            if least > room:
                return True
    return False


def _is_caption(line: list[Glyph]) -> bool:
    text = [g for g in line if _is_text(g)]
    return bool(text) and all("italic" in g.font.lower() for g in text)


UNDERFULL = 0.5  # an inside panel less full than this is a warning


def panel_fill(ctx: Context, facts: PdfFacts, spec: PrintSpec) -> Outcome:
    """How full each inside panel of a brochure is, from where its text and pictures end."""
    if len(facts.page_sizes) < 2:
        return Outcome(True, "no inside pages")
    fills = _panel_fills(facts, spec)
    if language(ctx.handout.language).rtl:  # panel 1 is the rightmost: the sheet is mirrored
        fills.reverse()
    shown = ", ".join(f"{f:.0%}" for f in fills)
    # What the layout could not balance (see render.document._balanced).
    notes = spec.layout_notes
    low = [i + 1 for i, f in enumerate(fills) if f < UNDERFULL]
    if not low:
        summary = f"inside panels {shown} full" + (f"; {notes[0].message}" if notes else "")
        return Outcome(not notes, summary, notes, {"panel_fill": fills})
    empty = [i + 1 for i, f in enumerate(fills) if f == 0]
    which = _panel_names(empty or low)
    state = "empty" if empty else f"under {UNDERFULL:.0%} full"
    message = f"inside {which} {state} (inside panels {shown} full)"
    hint = "add content, or print it as a handout"
    finding = _finding(ctx, message, hint)
    return Outcome(False, message, (finding, *notes), {"panel_fill": fills})


def _panel_fills(facts: PdfFacts, spec: PrintSpec) -> list[float]:
    """How full each inside panel is, from the left."""
    width, height = facts.page_sizes[1]
    top, bottom = height - spec.panel_top, spec.panel_bottom
    boxes = [g.box for g in facts.glyphs if g.page == 2] + [
        p.box for p in facts.pictures if p.page == 2
    ]
    out = []
    for i in range(spec.inside_panels):
        x0, x1 = width * i / spec.inside_panels, width * (i + 1) / spec.inside_panels
        lows = [b[1] for b in boxes if x0 <= (b[0] + b[2]) / 2 < x1 and bottom - 1 <= b[1] <= top]
        out.append(round(min(1.0, (top - min(lows)) / (top - bottom)), 2) if lows else 0.0)
    return out


def _panel_names(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"panel {numbers[0]} is"
    listed = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    return f"panels {listed} are"
