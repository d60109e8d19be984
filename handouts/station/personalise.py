"""Stamp a patient's details onto a rendered handout, in memory only.

The clean PDF comes from the library (cached, identical for every patient);
the details are drawn on an overlay and merged page by page, so nothing
personal reaches the layout, the document metadata, a file or a log. Where
the handout has a fill-in block, each detail goes on the line with the
matching label (found in the PDF by its text); whatever has no line goes in
a small "Prepared for" card on page 1 and a notes box at the end.

`Personal` never shows its values in `repr()`, so a stray log line or
traceback cannot carry them.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from ..engine.direction import base_level
from ..engine.layout import Line
from ..engine.scripts import Fallback, fallback_problem
from ..formats import FORMATS
from ..labels import ENGLISH, Labels, label_key
from ..model import Handout
from ..places import BandPlace, Places
from ..plan import Box
from ..render.document import PAGE_TOTAL_FORM, Rendered, reportlab_configured
from ..render.fonts import missing_glyphs
from ..render.glyphs import draw_lines
from ..render.overlay import merge_overlay
from ..render.primitives import Canvas, colors
from ..render.structure import Tag
from ..render.tagging import TaggingCanvas, marked
from ..render.textflow import draw_text, text_lines, text_width
from ..theme import Theme


@dataclass(frozen=True)
class FieldSpec:
    name: str  # also the key of the labels' fill_in_words: the words that mean it
    label: str
    max_chars: int
    kind: str  # text, date or textarea


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("patient", "Patient name", 60, "text"),
    FieldSpec("clinician", "Clinician", 60, "text"),
    FieldSpec("date", "Date", 10, "date"),
    FieldSpec("next_appointment", "Next appointment", 60, "text"),
    FieldSpec("notes", "Notes", 500, "textarea"),
)
BY_NAME = {f.name: f for f in FIELDS}


def card_words(labels: Labels) -> dict[str, str]:
    """The card's words in the handout's language, by field name."""
    return {
        "title": labels.prepared_for,
        "clinician": labels.clinician,
        "date": labels.date_label,
        "next_appointment": labels.next_appointment,
        "notes": labels.notes,
    }


class FormProblem(ValueError):
    """A form value the station cannot print; the message never quotes the value."""


class Personal:
    """The patient's details for one print; shown as field names only."""

    def __init__(self, values: Mapping[str, str]):
        self._values = {f.name: values.get(f.name, "") for f in FIELDS}

    def __repr__(self) -> str:
        filled = [k for k, v in self._values.items() if v]
        return f"Personal(filled={filled})"

    def __bool__(self) -> bool:
        return any(self._values.values())

    def __getitem__(self, name: str) -> str:
        return self._values[name]

    def filled(self) -> list[str]:
        return [f.name for f in FIELDS if self._values[f.name]]

    def as_printed(self, labels: Labels) -> Personal:
        """The details as the page prints them: the date as the handout's own dates
        ("2026년 12월 2일" beside "검토일: 2026년 10월 1일"), never ISO."""
        date = self._values["date"]
        if not date:
            return self
        return Personal({**self._values, "date": labels.date(dt.date.fromisoformat(date))})

    def without(self, name: str) -> Personal:
        """The same details less one (a set prints its notes once, at the end)."""
        return Personal({**self._values, name: ""})


def _clean(value: str, multiline: bool) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c == "\n" or not unicodedata.category(c).startswith("C"))
    if not multiline:
        return " ".join(value.split())
    lines = [" ".join(line.split()) for line in value.split("\n")]
    return "\n".join(lines).strip()


def read_form(form: Mapping[str, str]) -> Personal:
    """The personal fields of a submitted form, checked; FormProblem if unusable."""
    values = {}
    for spec in FIELDS:
        value = _clean(str(form.get(spec.name, "")), spec.kind == "textarea")
        if len(value) > spec.max_chars:
            raise FormProblem(
                f"{spec.label} is too long: at most {spec.max_chars} characters. "
                "Shorten it and try again."
            )
        if value and spec.kind == "date":
            value = _checked_date(value, spec)
        values[spec.name] = value
    return Personal(values)


def check_glyphs(personal: Personal, theme: Theme) -> None:
    """Refuse characters no font would print (empty boxes): the handout's font, else the
    text engine's font for the script ("Nguyễn", "محمد" and "王小明" all print)."""
    for name in personal.filled():
        lacking = missing_glyphs(personal[name], theme.fonts)
        missing = [ch for ch in lacking if fallback_problem(ch, theme.fallback) is not None]
        if missing:
            codes = ", ".join(f"U+{ord(c):04X}" for c in missing)
            raise FormProblem(
                f"{BY_NAME[name].label} has a character the print font cannot show ({codes}). "
                "Remove it and try again."
            )


def _checked_date(value: str, spec: FieldSpec) -> str:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise FormProblem(f"{spec.label} must be a date written as YYYY-MM-DD, e.g. 2026-11-25.")


# ------------------------------------------------------------ finding lines


Row = tuple[float, float, float]  # x, baseline, right edge of one line to write on


@dataclass(frozen=True)
class Spot:
    """Where a fill-in label was printed, and the lines that belong to it
    (`pages`: each row's page; a field split across pages has rows on two)."""

    page: int
    rows: tuple[Row, ...]
    size: float
    pages: tuple[int, ...]
    rtl: bool = False  # written from each line's right end (a right-to-left page)


def fill_in_fields(handout: Handout) -> list[tuple[str, int]]:
    """(label, lines) of every fill-in line the handout prints."""
    blocks = [*handout.intro, *(b for s in handout.sections for b in s.body)]
    return [(f.label, f.lines) for b in blocks if b.fill_in for f in b.fill_in]


def field_for(label: str, labels: Labels = ENGLISH) -> str | None:
    """The field a fill-in label asks for: the one whose labels name the whole
    label, never a word inside it ("Ngày 1" is not the date). A field's labels are
    the handout language's fill_in_words, the English ones (which handouts often
    mix in) and the word the station's own card prints for it ("Cuộc hẹn tới")."""
    key = label_key(label)
    for spec in FIELDS:
        names = [word for table in (labels, ENGLISH) for word in _field_labels(table, spec.name)]
        if key in map(label_key, names):
            return spec.name
    return None


def _field_labels(labels: Labels, name: str) -> list[str]:
    card = card_words(labels).get(name)
    return [*getattr(labels.fill_in_words, name), *([card] if card else [])]


def find_spots(places: Places, handout: Handout, labels: Labels = ENGLISH) -> dict[str, Spot]:
    """Each personal field's fill-in lines, as the layout recorded them under their label."""
    wanted: dict[str, tuple[str, int]] = {}
    for label, lines in fill_in_fields(handout):
        name = field_for(label, labels)
        if name and name not in {n for n, _ in wanted.values()}:
            wanted[label_key(label)] = (name, lines)
    spots: dict[str, Spot] = {}
    for place in places.write_ins:
        found = wanted.get(label_key(place.label))
        if found is None or found[0] in spots:
            continue
        name, lines = found
        size = place.size
        # The first line starts after its label (before it, right to left); the
        # rest run the column's width.
        rules = place.rules[:lines]
        rows = []
        for i, rule in enumerate(rules):
            pad, gap = size * 0.2, size * (0.4 if i == 0 else 0.2)
            x0, x1 = (rule.x0 + pad, rule.x1 - gap) if place.rtl else (rule.x0 + gap, rule.x1)
            rows.append((x0, rule.y + 3.5, x1))
        pages = tuple(r.page for r in rules)
        spots[name] = Spot(place.page, tuple(rows), size, pages, place.rtl)
    return spots


# ------------------------------------------------------------ drawing


Draw = Callable[[Canvas], None]


@dataclass(frozen=True)
class Ink:
    """What the overlay draws with: the handout's own fonts and colours, at sizes
    legible at arm's length (larger for a large-print copy), never smaller: a
    long entry wraps instead, and what does not fit the header band's card
    moves to the box at the end. Text is set by the text engine, with the
    brand's fonts by script (`fallback`): a name in any script is shaped and
    drawn in a font that has it."""

    regular: str
    bold: str
    text: colors.Color
    primary: colors.Color
    light: colors.Color
    accent: colors.Color
    muted: colors.Color
    band: colors.Color  # the header band's fill (white paper in grayscale)
    language: str = "en"
    fallback: Fallback = field(default_factory=Fallback)
    rtl: bool = False  # cards and boxes read right to left (their lines end at the right)
    name: float = 12.5  # the patient's name
    detail: float = 10.5  # clinician, dates, notes
    kicker: float = 8.0  # the card's "PREPARED FOR" label, in capitals
    title: float = 11.0  # the end box's group titles
    # The least a value written on a fill-in line is set at: the name, the rest.
    line_floors: tuple[float, float] = (12.0, 10.0)

    @classmethod
    def of(cls, theme: Theme, body: float) -> Ink:
        """The ink for a format whose body text is at least `body` pt."""
        c = theme.colors
        fonts = theme.fonts
        ink = cls(
            fonts.regular,
            fonts.bold,
            c.text,
            c.primary,
            c.light,
            c.accent,
            c.muted,
            c.solid,
            theme.language,
            theme.fallback,
            base_level(theme.labels.prepared_for) == 1,
        )
        if body <= 12:
            return ink
        # Large print: the details as large as its text, its labels as its furniture.
        big = (body * 1.2, body, body * 0.78, body)
        return replace(
            ink, name=big[0], detail=big[1], kicker=big[2], title=big[3], line_floors=(body, body)
        )


def _fill_rows(
    text: str, font: str, size: float, widths: list[float], fallback: Fallback
) -> list[str] | None:
    """Words of `text` laid on rows of the given widths; None if they overflow."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if len(out) >= len(widths):
                return None
            width = text_width(trial, font, size, fallback)
            if width <= widths[len(out)] or not line:
                if width > widths[len(out)]:
                    return None
                line = trial
            else:
                out.append(line)
                line = word
        if len(out) >= len(widths):
            return None
        out.append(line)
    return out


def _on_line(spot: Spot, value: str, ink: Ink, name: str) -> dict[int, Draw] | None:
    """Draw a value on its fill-in lines, by page; None when it does not fit them.

    Never smaller than the card would print it (the name 12 pt, the rest
    10 pt): what does not fit its line at that size goes to the card.
    """
    widths = [right - x - 2 for x, _, right in spot.rows]
    smallest = ink.line_floors[0 if name == "patient" else 1]
    size = max(spot.size, smallest)
    fits = functools.partial(_fill_rows, value, ink.regular, widths=widths, fallback=ink.fallback)
    while (rows := fits(size=size)) is None and size > smallest:
        size -= 0.5
    if rows is None:
        return None

    def on(page: int) -> Draw:
        def draw(canv: Canvas) -> None:
            canv.setFillColor(ink.text)
            for (x, baseline, right), at, text in zip(spot.rows, pages, rows, strict=False):
                if at != page:
                    continue
                # From the label's side: a right-to-left line's value ends at its right.
                at_x = right if spot.rtl else x
                draw_text(canv, text, ink.regular, size, at_x, baseline, spot.rtl, ink.fallback)

        return draw

    pages = spot.pages
    return {page: on(page) for page in dict.fromkeys(pages[: len(rows)])}


CARD_MIN_WIDTH = 2.1 * 72  # a card narrower than this goes to the end box instead
LEADING = 1.25


CardRow = tuple[str, str, float, colors.Color]  # text, font, size, colour
CardLine = tuple[Line, float, colors.Color]  # a row's line as the engine set it, size, colour
CARD_PAD = 10.0


def _detail_rows(personal: Personal, names: list[str], labels: Labels, ink: Ink) -> list[CardRow]:
    rows: list[CardRow] = []
    if "patient" in names:
        rows.append((personal["patient"], ink.bold, ink.name, ink.text))
    words = card_words(labels)
    for name in ("clinician", "date", "next_appointment"):
        if name in names:
            row = labels.labelled(words[name], personal[name])
            rows.append((row, ink.regular, ink.detail, ink.text))
    return rows


def _kicker(words: dict, ink: Ink) -> CardRow:
    return (words["title"].upper(), ink.bold, ink.kicker, ink.primary)


def _draw_lines(
    canv: Canvas, lines: list[CardLine], x: float, width: float, top: float, ink: Ink
) -> float:
    """Lines from `top` down, each starting at x (or ending at x + width in a
    right-to-left card), whatever their own direction: an Arabic name in an
    English card starts where the card's words do. Returns the last line's foot."""
    for line, fs, color in lines:
        top -= fs * LEADING
        canv.setFillColor(color)
        left = x + width - line.width if ink.rtl else x
        draw_lines(canv, [(line, left, top + fs * 0.25)])
    return top


def _note_rows(personal: Personal, ink: Ink) -> list[CardRow]:
    return [(line, ink.regular, ink.detail, ink.text) for line in personal["notes"].split("\n")]


def _draw_card(lines: list[CardLine], ink: Ink, box: tuple[float, float, float, float]) -> Draw:
    """A white card with the brand's accent edge (at the right of a right-to-left
    card, where its lines start), its lines centred vertically."""
    x, y, card_w, card_h = box
    edge, text_x = (x + card_w - 4, x + CARD_PAD) if ink.rtl else (x, x + CARD_PAD + 4)

    def draw(canv: Canvas) -> None:
        canv.setFillColor(colors.white)
        canv.setStrokeColor(ink.accent)
        canv.setLineWidth(1.2)
        canv.roundRect(x, y, card_w, card_h, 6, stroke=1, fill=1)
        canv.setFillColor(ink.accent)
        canv.rect(edge, y + 6, 4, card_h - 12, stroke=0, fill=1)
        top = y + card_h / 2 + _height(lines) / 2
        _draw_lines(canv, lines, text_x, card_w - 2 * CARD_PAD - 4, top, ink)

    return draw


def _height(lines: list[CardLine]) -> float:
    return sum(fs * LEADING for _, fs, _ in lines)


def _band_card(rows: list[CardRow], ink: Ink, band: BandPlace) -> tuple[Draw | None, list[CardRow]]:
    """The "Prepared for" card, in place of the quick contacts in page 1's header band.

    The clinic's name and tagline stay visible: the card takes the band
    beside them (right of them, or left on a right-to-left page), and there
    is no card when that leaves less than its narrowest width (large print,
    a long tagline). Contact lines the card would only
    half cover are painted over in the band's colour (they are printed
    again at the end of the handout). Returns the drawing (None when not
    even the name fits) and the rows that did not fit, for the box at the end.
    """
    box = band.box
    free = band.free
    words_left = free[0] > box.x  # the card is right of the words
    left = free[0] + (14 if words_left else CARD_PAD)
    right = free[1] - (CARD_PAD if words_left else 14)
    if right - left < CARD_MIN_WIDTH:
        return _band_plate(rows, ink, band)
    card_box = (left, box.y + CARD_PAD, right - left, box.height - 2 * CARD_PAD)
    lines, rest = _card_layout(rows, card_box[2] - 2 * CARD_PAD - 4, card_box[3] - 8, ink)
    if len(lines) <= 1:
        return None, rows[1:]
    card = _draw_card(lines, ink, card_box)

    def draw(canv: Canvas) -> None:
        canv.setFillColor(ink.band)
        for c in band.contacts:
            canv.rect(c.x - 1, c.y - 2, c.width + 2, c.height + 4, stroke=0, fill=1)
        card(canv)

    return draw, rest


PLATE_PAD = 5.0  # a name plate's padding above and below its one line


def _band_plate(
    rows: list[CardRow], ink: Ink, band: BandPlace
) -> tuple[Draw | None, list[CardRow]]:
    """The "Prepared for" card as one line, "PREPARED FOR  Anita  Date: ...", under
    the band's name and tagline in place of its contact rows (large print, whose
    band has no room beside its words), so the name is on page 1 as on a
    standard handout.

    The line takes the details in order while they fit; the rest go to the box
    at the end. Where the room is shallow (a tagline on two lines) the details
    are set smaller, never below what a fill-in line takes (large print's body
    size). The contact rows are painted over in the band's colour (the closing
    card prints them again). None when there is no such room or not even the
    first detail fits.
    """
    room = band.below
    if room is None or len(rows) < 2:
        return None, rows[1:]
    inner = room.width - 2 * CARD_PAD - 4
    deepest = room.height - 2 * PLATE_PAD  # the largest size the room takes
    gap = rows[0][2]  # a kicker's size between items
    items: list[tuple[Line, colors.Color, float]] = []
    width = -gap
    for i, (text, font, size, color) in enumerate(rows):
        # The kicker never shrinks; the name and the rest as far as a fill-in line's.
        floor = size if i == 0 else min(size, ink.line_floors[0 if size == ink.name else 1])
        size = min(size, deepest)
        if size < floor:
            break
        line = _one_line(text, font, size, ink)
        if width + gap + line.width > inner:
            break
        items.append((line, color, size))
        width += gap + line.width
    taken = len(items)
    if taken < 2:
        return None, rows[1:]
    largest = max(size for _, _, size in items)
    height = largest + 2 * PLATE_PAD
    y = room.y + (room.height - height) / 2
    edge, start = (
        (room.right - 4, room.right - CARD_PAD - 4) if ink.rtl else (room.x, room.x + CARD_PAD + 4)
    )
    baseline = y + PLATE_PAD + largest * 0.25  # room under it for descenders

    def draw(canv: Canvas) -> None:
        canv.setFillColor(ink.band)
        for c in band.contacts:  # down to the band's accent stripe, not over it
            bottom = max(c.y - 2, band.box.y + 4)
            canv.rect(c.x - 1, bottom, c.width + 2, c.top + 2 - bottom, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setStrokeColor(ink.accent)
        canv.setLineWidth(1.2)
        canv.roundRect(room.x, y, room.width, height, 6, stroke=1, fill=1)
        canv.setFillColor(ink.accent)
        canv.rect(edge, y + 6, 4, height - 12, stroke=0, fill=1)
        x = start  # from where the card's lines start: the right, right to left
        for line, color, _ in items:
            canv.setFillColor(color)
            draw_lines(canv, [(line, x - line.width if ink.rtl else x, baseline)])
            x += -(line.width + gap) if ink.rtl else line.width + gap

    return draw, rows[taken:]


def _cover_card(rows: list[CardRow], ink: Ink, room: Box) -> Draw:
    """A brochure's card, in the room its cover leaves between the title and the tagline.

    The cover is page 1's last panel, so the card stays outside when folded.
    Details and notes that need more room are refused, never set smaller
    or over the title.
    """
    gap = 10.0  # clear of the title above and the tagline below
    lines, rest = _card_layout(
        rows, room.width - 2 * CARD_PAD - 4, room.height - 2 * gap - 2 * CARD_PAD - 4, ink
    )
    if rest:
        raise FormProblem(
            "The details and notes are too long for the brochure's cover. "
            "Shorten the notes, or print it as a handout."
        )
    height = _height(lines) + 2 * CARD_PAD + 4
    return _draw_card(lines, ink, (room.x, room.y + gap, room.width, height))


def _card_layout(
    rows: list[CardRow], width: float, height: float, ink: Ink
) -> tuple[list[CardLine], list[CardRow]]:
    """Rows wrapped to `width` at their own size by the text engine, as many as fit `height`.

    Returns (lines, rows left over): a row is never cut between its lines,
    and never set smaller to fit.
    """
    lines: list[CardLine] = []
    for i, (text, font, size, color) in enumerate(rows):
        laid = text_lines(text, font, size, width, ink.language, ink.fallback)
        wrapped = [(line, size, color) for line in laid]
        if _height(lines) + _height(wrapped) > height:
            return lines, rows[i:]
        lines += wrapped
    return lines, []


def _one_line(text: str, font: str, size: float, ink: Ink) -> Line:
    """`text` set on one line (a title), as `draw_text` sets it."""
    return text_lines(text, font, size, float("inf"), ink.language, ink.fallback)[0]


def _end_box(
    groups: list[tuple[str, list[CardRow]]], ink: Ink, x: float, top: float, width: float
) -> tuple[float, Draw]:
    """The box after the handout's text: titled groups of rows (details, notes)."""
    pad, title_size = 10.0, ink.title
    inner = width - 2 * pad - 4
    laid = [
        (_one_line(title, ink.bold, title_size, ink), _card_layout(rows, inner, 1e9, ink)[0])
        for title, rows in groups
    ]
    height = 2 * pad + sum(title_size * 1.4 + _height(lines) for _, lines in laid)
    height += 4 * (len(laid) - 1)

    # The accent edge at the side the lines start: the right, right to left.
    edge, text_x = (x + width - 4, x + pad) if ink.rtl else (x, x + pad + 4)

    def draw(canv: Canvas) -> None:
        canv.setFillColor(ink.light)
        canv.roundRect(x, top - height, width, height, 5, stroke=0, fill=1)
        canv.setFillColor(ink.accent)
        canv.rect(edge, top - height, 4, height, stroke=0, fill=1)
        cursor = top - pad
        for title, lines in laid:
            cursor -= title_size * 1.4
            canv.setFillColor(ink.primary)
            left = text_x + inner - title.width if ink.rtl else text_x
            draw_lines(canv, [(title, left, cursor + title_size * 0.3)])
            cursor = _draw_lines(canv, lines, text_x, inner, cursor, ink) - 4

    return height, draw


# ------------------------------------------------------------ merging


def stamp(
    rendered: Rendered, handout: Handout, personal: Personal, theme: Theme, fmt: str = "handout"
) -> bytes:
    """The handout with the patient's details drawn on it; its bytes when there are none.

    Where to write comes from the places its layout recorded (fill-in lines,
    the band, the cover, the room after the last words). A document that
    cannot take another page (a brochure: a second sheet would break the
    fold) puts what has no fill-in line in one card on its cover.
    """
    if not personal:
        return rendered.data
    personal = personal.as_printed(theme.labels)
    places = rendered.places
    ink = Ink.of(theme, FORMATS[fmt].spec.min_body_size)
    words = card_words(theme.labels)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered.data)))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in writer.pages]
    draws: dict[int, list[Draw]] = {}
    spots = find_spots(places, handout, theme.labels)
    leftover = []
    for name in personal.filled():
        spot = spots.get(name)
        drawn = _on_line(spot, personal[name], ink, name) if spot else None
        if drawn is None:
            leftover.append(name)
        for page, draw in (drawn or {}).items():
            draws.setdefault(page, []).append(draw)
    if rendered.continuation is None and leftover:
        rows = [_kicker(words, ink), *_detail_rows(personal, leftover, theme.labels, ink)]
        if "notes" in leftover:
            rows += _note_rows(personal, ink)
        page, room = places.rooms["cover"]
        draws.setdefault(page, []).append(_cover_card(rows, ink, room))
        leftover = []
    groups: list[tuple[str, list[CardRow]]] = []
    card_fields = [n for n in leftover if n != "notes"]
    if card_fields:
        rows = [_kicker(words, ink), *_detail_rows(personal, card_fields, theme.labels, ink)]
        card, rest = _band_card(rows, ink, places.band) if places.band else (None, rows[1:])
        if card is not None:
            draws.setdefault(places.band.page, []).append(card)
        if rest:
            groups.append((words["title"], rest))
    if "notes" in leftover:
        groups.append((words["notes"], _note_rows(personal, ink)))
    if groups:
        _place_end_box(rendered, writer, sizes, draws, groups, ink)
    _merge(writer, sizes, draws)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _place_end_box(rendered: Rendered, writer, sizes, draws, groups, ink: Ink) -> None:
    """The box goes under the last words, or on a page of its own.

    A page of its own is drawn from the document's continuation template
    (the handout's running header and footer), and every page's
    "Page N of M" counts it.
    """
    page, room = rendered.places.rooms["end"]
    top = room.top - 14
    height, draw = _end_box(groups, ink, room.x, top, room.width)
    if top - height >= room.y + 6:
        draws.setdefault(page, []).append(draw)
        return
    spec = rendered.continuation
    assert spec is not None  # a folded sheet puts everything on its cover
    frame = next(iter(spec.frames.values()))
    w, h = spec.size or sizes[-1]
    writer.add_blank_page(w, h)
    sizes.append((w, h))
    total = len(sizes)
    _, draw = _end_box(groups, ink, frame.x, frame.top - 6, frame.width)
    draws[total - 1] = [_furniture(rendered, total), draw]
    _renumber(writer, rendered, total)


def _furniture(rendered: Rendered, total: int) -> Draw:
    """The continuation template's header and footer, for the added page."""
    spec, page_total = rendered.continuation, rendered.page_total
    assert spec is not None and spec.draw is not None

    def draw(canv: Canvas) -> None:
        if page_total is not None:
            canv.beginForm(PAGE_TOTAL_FORM)
            page_total(canv, total)
            canv.endForm()
        spec.draw(canv)

    return draw


def _renumber(writer: PdfWriter, rendered: Rendered, total: int) -> None:
    """Make the clean pages' "of M" say `total`: their page-total form is redrawn."""
    if rendered.page_total is None:
        return
    buffer = io.BytesIO()
    with reportlab_configured():
        canv = Canvas(buffer, pagesize=(72, 72), invariant=1)
        rendered.page_total(canv, total)
        canv.showPage()
        canv.save()
    drawn = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    resources = drawn["/Resources"].clone(writer)
    data = drawn.get_contents().get_data()
    key = NameObject("/FormXob." + PAGE_TOTAL_FORM)
    for page in writer.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        form = xobjects.get(key)
        if form is not None:
            form = form.get_object()
            form.set_data(data)
            form[NameObject("/Resources")] = resources


def _overlay(sizes: list[tuple[float, float]], draws: dict[int, list[Draw]]) -> PdfWriter:
    """The drawings, tagged, one overlay page per page of the document up to the last drawn on.

    Pages without drawings are left blank (and not merged), so a page's
    furniture drawn here reads the page number it will have.
    """
    buffer = io.BytesIO()
    with reportlab_configured():
        canv = TaggingCanvas(buffer, invariant=1)
        for index in range(max(draws) + 1):
            canv.setPageSize(sizes[index])
            for draw in draws.get(index, ()):
                canv.saveState()
                # Each drawing one paragraph; furniture inside marks itself an artifact.
                with marked(canv, Tag("P")):
                    draw(canv)
                canv.restoreState()
            canv.showPage()
        canv.save()
    return PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))


def _merge(writer: PdfWriter, sizes, draws: dict[int, list[Draw]]) -> None:
    """Draw the overlay on its pages, its words in the handout's structure tree; each
    merged page's content is compressed again (pypdf writes it decoded: an Arabic
    handout grew from 100 KB to 600 KB)."""
    if not draws:
        return
    overlay = _overlay(sizes, draws)
    for index in sorted(draws):
        merge_overlay(writer, index, overlay, index)
        writer.pages[index].compress_content_streams()
