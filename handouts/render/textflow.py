"""A platypus flowable that sets text with the engine, in place of ReportLab's Paragraph.

It takes the fragments `render.frags.frags` makes (so bold, italic, links,
underlines and colours mean what they meant for Paragraph), lays them out
with `layout.layout` once per width, splits between lines across frames
(no line left alone at either side, as `allowOrphans=0`/`allowWidows=0`
asked of Paragraph) and draws through `pdf.draw_lines`. A paragraph of right-to-left
text is right-aligned, and so is every paragraph on a right-to-left page (its
style's `rtl`, from the theme), with its indents and bullet mirrored; the
bullet, if any, is drawn as Paragraph draws one, so the tagging canvas makes
it the list item's label.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from ..engine import faces, layout
from ..engine.scripts import Fallback
from ..language import language as language_of
from ..markup import LANG_TARGET
from . import glyphs as pdf
from .tagging import own_language


@functools.cache
def face_of(font_name: str) -> faces.Face:
    """The engine's face for a font registered with ReportLab (same file)."""
    return faces.load(pdfmetrics.getFont(font_name).face.filename)


def spans_of(frags: list[Any]) -> list[layout.Span]:
    """Engine spans from ReportLab fragments (as `render.frags.frags` makes them)."""
    out = []
    for frag in frags:
        # A link, else a phrase's language (which rides the link hook, as for Paragraph)
        targets = [target for _, target in getattr(frag, "link", None) or ()]
        plain = [t for t in targets if not t.startswith(LANG_TARGET)]
        href = (plain or targets or [None])[-1]
        colour = frag.textColor
        underline = bool(getattr(frag, "us_lines", None))
        weight = "bold" if getattr(frag, "bold", 0) else "regular"
        key = (frag.fontName, frag.fontSize, id(colour), href, underline, weight)
        found = _STYLES.get(key)
        if found is None or found[0] is not colour:
            style = layout.TextStyle(
                face_of(frag.fontName), frag.fontSize, colour, href, underline, weight
            )
            found = _STYLES[key] = (colour, layout.interned(style))
            if len(_STYLES) > _STYLES_KEPT:
                del _STYLES[next(iter(_STYLES))]
        out.append(layout.Span(frag.text, found[1]))
    return out


# A fragment's style by its attributes (its colour by identity: hashing a colour is
# Python code, and a brand has a few colour objects), with the colour that keeps the
# id valid: made and interned once per process, not once per fragment.
_STYLES: dict[tuple, tuple[Any, layout.TextStyle]] = {}
_STYLES_KEPT = 4096


class TextFlow(Flowable):
    """Body text set by the engine: wrap, split and draw like a Paragraph."""

    def __init__(
        self,
        frags: list[Any],
        style: Any,
        *,
        language: str = "en",
        fallback: Fallback | None = None,
        bulletText: str | None = None,
        lines: list[layout.Line] | None = None,
        hyphenate: bool = True,
    ):
        super().__init__()
        self.frags, self.style, self.language = frags, style, language
        # The brand's script fonts ride on the style (theme.Styles sets them on body).
        self.fallback = fallback or getattr(style, "fallback", None) or Fallback()
        self.bulletText = bulletText
        self.hyphenate = hyphenate
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self._fixed = lines
        self._origin = (0.0, 0.0)  # where drawOn draws it (draw alone: the canvas's origin)
        self._laid: dict[float, layout.Paragraph] = {}  # by width: boxes ask at two
        self.missing: list[str] = []
        self.rtl = False  # a right-to-left paragraph: indents and bullet on the right
        # A right-to-left page (the style says): every paragraph's lines, indents
        # and bullet hang from the right, an English one's too.
        self.page_rtl = bool(getattr(style, "rtl", False))

    # ---------------------------------------------------------- layout

    def _inner_width(self, avail: float) -> float:
        return max(avail - self.style.leftIndent - self.style.rightIndent, 1.0)

    def lines(self, avail: float) -> list[layout.Line]:
        if self._fixed is not None:
            return self._fixed
        width = self._inner_width(avail)
        laid = self._laid.get(width)
        if laid is None:
            align = {TA_CENTER: "center", TA_RIGHT: "end"}.get(self.style.alignment, "start")
            if self.page_rtl and align != "center":  # mirrored: left is right
                align = "left" if align == "end" else "right"
            # Its language's direction: a paragraph wholly in another language takes that one's.
            own = own_language(self) or self.language
            direction = "rtl" if language_of(own).rtl else "auto"
            options = layout.Options(
                width, self.language, align, self.fallback, self.hyphenate, direction
            )
            laid = self._laid[width] = _laid_out(spans_of(self.frags), options)
            self.missing = laid.missing
        self.rtl = laid.rtl
        return laid.lines

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines(availWidth)
        fits = self._kept(len(lines), availHeight)
        if fits >= len(lines):
            return [self]
        if fits == 0:
            return []
        return [self._part(lines[:fits], self.bulletText), self._part(lines[fits:], None)]

    def splits_at(self, availWidth: float, availHeight: float) -> bool:
        """Whether `split` would give two parts, without making them (for measuring)."""
        count = len(self.lines(availWidth))
        return 0 < self._kept(count, availHeight) < count

    def _kept(self, count: int, availHeight: float) -> int:
        """Lines of `count` kept above a split at `availHeight`: all, or 0 for none."""
        fits = int((availHeight + 1e-6) // self.style.leading)
        if fits >= count:
            return count
        if count - fits == 1:
            fits -= 1  # no widow
        return fits if fits >= 2 else 0  # no orphan

    def _part(self, lines: list[layout.Line], bullet: str | None) -> TextFlow:
        part = TextFlow(
            self.frags,
            self.style,
            language=self.language,
            fallback=self.fallback,
            bulletText=bullet,
            lines=lines,
            hyphenate=self.hyphenate,
        )
        part.__dict__.update(
            {k: v for k, v in self.__dict__.items() if k.startswith("_handouts") or k == "loc"}
        )
        part.rtl = self.rtl
        return part

    # ---------------------------------------------------------- drawing

    def drawOn(self, canvas, x, y, _sW=0):
        """Draw at (x, y) as it is, without the state and shift every flowable pushes.

        Each line is a text object of its own between q and Q, placed where
        it goes (`draw_lines`), the bullet too, in its own colour:
        nothing is left to undo. ReportLab's save, translate and restore
        around every paragraph were a fifth of the time spent drawing one.
        `draw` still runs (a subclass may note where it lands, as the
        catalogue's topic headings note their page), with the page's
        coordinates: the flowable's origin is `_origin`.
        """
        if not getattr(canvas, "drawing", True):
            return  # a trial layout, measured and never written (a brochure's balancing)
        self.canv, self._origin = canvas, (self._hAlignAdjust(x, _sW), y)
        try:
            self.draw()
        finally:
            del self.canv
            self._origin = (0.0, 0.0)

    def draw(self):
        canv, style = self.canv, self.style
        left, bottom = self._origin
        lines = self.lines(self.width)
        if not lines:
            return
        first = bottom + self.height - style.fontSize
        if self.bulletText:  # the list item's label, drawn first
            paint = getattr(style, "bulletColor", style.textColor)
            font, size = style.bulletFontName, style.bulletFontSize
            if self.rtl or self.page_rtl:  # mirrored: the bullet at the right, before the text
                right = left + self.width - style.bulletIndent
                # Read right to left: "1." prints with its full stop at the left.
                draw_text(canv, self.bulletText, font, size, right, first, True, None, "rtl", paint)
            else:
                x = left + style.bulletIndent
                draw_text(canv, self.bulletText, font, size, x, first, paint=paint)
            end_label = getattr(canv, "end_label", None)
            if end_label is not None:
                end_label()
        x = left + (style.rightIndent if self.rtl or self.page_rtl else style.leftIndent)
        placed = [(line, x + line.x, first - i * style.leading) for i, line in enumerate(lines)]
        pdf.draw_lines(canv, placed)

    def getPlainText(self) -> str:
        return "".join(frag.text for frag in self.frags)


# The layouts the text flows of one family of trial layouts share (`shared_layouts`).
_SHARED: contextvars.ContextVar[dict[tuple, layout.Paragraph] | None] = contextvars.ContextVar(
    "shared_layouts", default=None
)


@contextlib.contextmanager
def shared_layouts() -> Iterator[None]:
    """While active, text flows with the same words, styles and options share one layout.

    A brochure's balancing builds its story a dozen times and lays each out
    with panels of other heights but the same widths: the same paragraphs
    at the same widths, set again each time. Scoped to one balancing, so no
    layout outlives the document it was made for.
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _laid_out(spans: list[layout.Span], options: layout.Options) -> layout.Paragraph:
    shared = _SHARED.get()
    if shared is None:
        return layout.layout(spans, options)
    # Styles are interned (spans_of): the same style is the same object.
    key = (tuple((span.text, id(span.style)) for span in spans), options)
    found = shared.get(key)
    if found is None:
        found = shared[key] = layout.layout(spans, options)
    return found


# ------------------------------------------------------------ lines outside flowables


@functools.lru_cache(maxsize=4096)
def text_lines(
    text: str,
    font_name: str,
    size: float,
    width: float,
    language: str = "en",
    fallback: Fallback | None = None,
    direction: str = "auto",
) -> tuple[layout.Line, ...]:
    """`text` in one face and size, broken to `width` (page furniture, cards).

    `fallback` is the brand's fonts by script (`Theme.fallback`), else the
    defaults; text in a bold face falls back to bold faces; `direction` is the
    engine's (`layout.Options`). Cached per process: every page of every
    handout of a brand draws the same band, running header and footer, and
    lines are never changed once made.
    """
    face = face_of(font_name)
    style = layout.interned(layout.TextStyle(face, size, weight=face.weight))
    options = layout.Options(width, language, fallback=fallback or Fallback(), direction=direction)
    return tuple(layout.layout([layout.Span(text, style)], options).lines)


@functools.lru_cache(maxsize=4096)
def text_width(text: str, font_name: str, size: float, fallback: Fallback | None = None) -> float:
    """The width of `text` on one line, as the engine sets it (fallback fonts included)."""
    lines = text_lines(text, font_name, size, float("inf"), fallback=fallback)
    return sum(line.width for line in lines)


def draw_line(
    canv: Any, line: layout.Line, x: float, y: float, right: bool = False, paint: Any = None
) -> None:
    """One laid-out line at (x, baseline y), or ending at x; in `paint`, else in the
    canvas's fill colour."""
    pdf.draw_lines(canv, [(line, x - line.width if right else x + line.x, y)], paint)


def draw_text(
    canv: Any,
    text: str,
    font_name: str,
    size: float,
    x: float,
    y: float,
    right: bool = False,
    fallback: Fallback | None = None,
    direction: str = "auto",
    paint: Any = None,
) -> None:
    """`text` on one line, like `drawString` (or `drawRightString`), shaped and with
    fallback; in `paint`, else in the canvas's fill colour."""
    for line in text_lines(
        text, font_name, size, float("inf"), fallback=fallback, direction=direction
    ):
        draw_line(canv, line, x, y, right, paint)


def shrink_to_fit(
    text: str,
    font_name: str,
    width: float,
    size: float,
    floor: float,
    max_lines: int = 1,
    fallback: Fallback | None = None,
    language: str = "en",
) -> tuple[tuple[layout.Line, ...], float]:
    """`text` in at most `max_lines` lines, stepping down half a point at a time to `floor`.

    Never cut short: at the floor the text takes the lines it needs, and the
    caller decides whether that is a problem to report. `language` picks the
    hyphenation of a word too long for the width.
    """
    lines = text_lines(text, font_name, size, width, language, fallback)
    if len(lines) <= max_lines or size <= floor:
        return lines, size
    at_floor = text_lines(text, font_name, floor, width, language, fallback)
    if len(at_floor) > max_lines:  # no size between fits better than the smallest
        return at_floor, floor
    while True:
        lines = text_lines(text, font_name, size, width, language, fallback)
        if len(lines) <= max_lines or size <= floor:
            return lines, size
        size = max(size - 0.5, floor)
