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
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from .. import markup
from ..labels import ENGLISH, Labels, mentions
from ..layouts.furniture import draw_footer, draw_running_header, page_total_drawer
from ..layouts.handout import BAND_HEIGHT, EDGE, FOOTER_TOP, MARGIN_X, RUNNING_HEADER
from ..model import Handout
from ..render.document import PAGE_TOTAL_FORM, reportlab_configured
from ..render.fonts import missing_glyphs
from ..render.primitives import Canvas, colors, simpleSplit, stringWidth
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
# A label like "Next appointment date" is the appointment, not the date.
MATCH_ORDER = ("next_appointment", "notes", "clinician", "date", "patient")


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
    """Refuse characters the handout's font would print as empty boxes."""
    for name in personal.filled():
        missing = missing_glyphs(personal[name], theme.fonts)
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
    """Where a fill-in label was printed, and the lines that belong to it."""

    page: int
    rows: tuple[Row, ...]
    size: float


def fill_in_fields(handout: Handout) -> list[tuple[str, int]]:
    """(label, lines) of every fill-in line the handout prints."""
    blocks = [*handout.intro, *(b for s in handout.sections for b in s.body)]
    return [(f.label, f.lines) for b in blocks if b.fill_in for f in b.fill_in]


def field_for(label: str, labels: Labels = ENGLISH) -> str | None:
    """The field a fill-in label asks for, by the words of the handout's language
    (its labels' fill_in_words) and English ones, which handouts often mix in."""
    for name in MATCH_ORDER:
        words = {*getattr(labels.fill_in_words, name), *getattr(ENGLISH.fill_in_words, name)}
        if any(mentions(label, word) for word in words):
            return name
    return None


def _label_key(text: str) -> str:
    return text.strip().rstrip(":_ .\u2026").strip().casefold()


def find_spots(pdf: bytes, handout: Handout, labels: Labels = ENGLISH) -> dict[str, Spot]:
    """Each personal field's fill-in lines, found by the label printed before them."""
    wanted: dict[str, tuple[str, int]] = {}
    for label, lines in fill_in_fields(handout):
        name = field_for(label, labels)
        if name and name not in {n for n, _ in wanted.values()}:
            wanted[_label_key(label)] = (name, lines)
    if not wanted:
        return {}
    spots: dict[str, Spot] = {}
    doc = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(doc)):
            page = doc[index]
            text_page = page.get_textpage()
            labels = [
                (wanted[key], obj)
                for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], textpage=text_page)
                if (key := _label_key(obj.extract())) in wanted
            ]
            if not labels:
                continue
            rules = _rules(page)
            for (name, lines), obj in labels:
                spots[name] = _spot(index, obj, lines, rules, page.get_width())
    finally:
        doc.close()
    return spots


def _rules(page) -> list[tuple[float, float, float]]:
    """Horizontal lines drawn on a page: (left, y, right), top to bottom."""
    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 2.5 and right - left > 30:
            out.append((left, (top + bottom) / 2, right))
    return sorted(out, key=lambda r: -r[1])


def _spot(index: int, label, lines: int, rules, page_width: float) -> Spot:
    """The rows after a label: its ruled lines when drawn, else room beside it."""
    left, _, right, _ = label.get_bounds()
    matrix = label.get_matrix().get()
    baseline, size = matrix[5], label.get_font_size() * abs(matrix[3] or 1)
    beside = (
        r for r in rules if abs(r[1] - baseline) < size * 0.6 and r[0] > left and r[2] > right
    )
    # In a narrow column the line runs under its label, the column's width.
    under = (r for r in rules if 0 < baseline - r[1] < size * 3 and abs(r[0] - left) < 2)
    first = next(beside, None) or next(under, None)
    if first is None:
        pitch = size * 2.1
        rows = [(right + size * 0.6, baseline, page_width - max(left, MARGIN_X))]
        rows += [(left, baseline - pitch * i, rows[0][2]) for i in range(1, lines)]
        return Spot(index, tuple(rows), size)
    rows = [(first[0] + size * 0.4, first[1] + 3.5, first[2])]
    below = [r for r in rules if r[1] < first[1] - 1 and abs(r[0] - left) < 2]
    gap = size * 3
    for rule in below:
        if len(rows) == lines or rows[-1][1] - 3.5 - rule[1] > gap:
            break
        rows.append((rule[0] + size * 0.2, rule[1] + 3.5, rule[2]))
    return Spot(index, tuple(rows), size)


def _content_bottom(pdf: bytes, index: int) -> float:
    """The lowest drawn point above the footer on a page (for the notes box)."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[index]
        bottoms = [o.get_bounds()[1] for o in page.get_objects(max_depth=1)]
        height = page.get_height()
    finally:
        doc.close()
    above = [b for b in bottoms if b > FOOTER_TOP - 4]
    return min(above, default=height - EDGE)


# ------------------------------------------------------------ drawing


Draw = Callable[[Canvas], None]


@dataclass(frozen=True)
class Ink:
    """What the overlay draws with: the handout's own fonts and colours."""

    regular: str
    bold: str
    text: colors.Color
    primary: colors.Color
    light: colors.Color
    accent: colors.Color
    muted: colors.Color

    @classmethod
    def of(cls, theme: Theme) -> Ink:
        c = theme.colors
        return cls(
            theme.fonts.regular, theme.fonts.bold, c.text, c.primary, c.light, c.accent, c.muted
        )


def _fit(text: str, font: str, size: float, width: float, smallest: float = 7.0) -> float:
    """The largest size up to `size` at which `text` fits `width` (never below smallest)."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _fill_rows(text: str, font: str, size: float, widths: list[float]) -> list[str] | None:
    """Words of `text` laid on rows of the given widths; None if they overflow."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if len(out) >= len(widths):
                return None
            if stringWidth(trial, font, size) <= widths[len(out)] or not line:
                if stringWidth(trial, font, size) > widths[len(out)]:
                    return None
                line = trial
            else:
                out.append(line)
                line = word
        if len(out) >= len(widths):
            return None
        out.append(line)
    return out


def _on_line(spot: Spot, value: str, ink: Ink) -> Draw | None:
    """Draw a value on its fill-in lines; None when it does not fit them."""
    widths = [right - x - 2 for x, _, right in spot.rows]
    size = min(max(spot.size, 9.0), 12.0)
    while (rows := _fill_rows(value, ink.regular, size, widths)) is None and size > 8.0:
        size -= 0.5
    if rows is None:
        return None

    def draw(canv: Canvas) -> None:
        canv.setFillColor(ink.text)
        canv.setFont(ink.regular, size)
        for (x, baseline, _), text in zip(spot.rows, rows, strict=False):
            canv.drawString(x, baseline, text)

    return draw


def _band_texts(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """Bounds of the text drawn in page 1's header band (clinic name, contacts)."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[0]
        band_bottom = page.get_height() - EDGE - BAND_HEIGHT
        boxes = [o.get_bounds() for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])]
    finally:
        doc.close()
    return [b for b in boxes if b[1] > band_bottom]


CARD_MIN_WIDTH = 2.1 * 72
# Legible at arm's length, and never smaller: a long entry wraps instead,
# and what does not fit the header band's card moves to the box at the end.
NAME_SIZE = 12.5
DETAIL_SIZE = 10.5
KICKER_SIZE = 8.0  # the card's "PREPARED FOR" label, in spaced capitals
LEADING = 1.25


CardRow = tuple[str, str, float, colors.Color]  # text, font, size, colour
CARD_PAD = 10.0


def _detail_rows(personal: Personal, names: list[str], words: dict, ink: Ink) -> list[CardRow]:
    rows: list[CardRow] = []
    if "patient" in names:
        rows.append((personal["patient"], ink.bold, NAME_SIZE, ink.text))
    for name in ("clinician", "date", "next_appointment"):
        if name in names:
            rows.append((f"{words[name]}: {personal[name]}", ink.regular, DETAIL_SIZE, ink.text))
    return rows


def _kicker(words: dict, ink: Ink) -> CardRow:
    return (words["title"].upper(), ink.bold, KICKER_SIZE, ink.primary)


def _note_rows(personal: Personal, ink: Ink) -> list[CardRow]:
    return [(line, ink.regular, DETAIL_SIZE, ink.text) for line in personal["notes"].split("\n")]


def _draw_card(lines: list[CardRow], ink: Ink, box: tuple[float, float, float, float]) -> Draw:
    """A white card with the brand's accent edge, its lines centred vertically."""
    x, y, card_w, card_h = box

    def draw(canv: Canvas) -> None:
        canv.setFillColor(colors.white)
        canv.setStrokeColor(ink.accent)
        canv.setLineWidth(1.2)
        canv.roundRect(x, y, card_w, card_h, 6, stroke=1, fill=1)
        canv.setFillColor(ink.accent)
        canv.rect(x, y + 6, 4, card_h - 12, stroke=0, fill=1)
        top = y + card_h / 2 + _height(lines) / 2
        for text, font, fs, color in lines:
            top -= fs * LEADING
            canv.setFont(font, fs)
            canv.setFillColor(color)
            spacing = 0.8 if font == ink.bold and fs < 9 else 0
            canv.drawString(x + CARD_PAD + 4, top + fs * 0.25, text, charSpace=spacing)

    return draw


def _height(lines: list[CardRow]) -> float:
    return sum(fs * LEADING for _, _, fs, _ in lines)


def _band_card(
    rows: list[CardRow], ink: Ink, size: tuple, band
) -> tuple[Draw | None, list[CardRow]]:
    """The "Prepared for" card, in place of the quick contacts in page 1's header band.

    The clinic's name and tagline (text starting in the left half) stay
    visible; contact lines the card would only half cover are painted over
    in the band's colour (they are printed again at the end of the handout).
    Returns the drawing (None when not even the name fits) and the rows
    that did not fit, for the box at the end.
    """
    w, h = size
    right = w - EDGE - CARD_PAD
    text_right = max((b[2] for b in band if b[0] < w / 2), default=w / 2)
    left = min(text_right + 14, right - CARD_MIN_WIDTH)
    hidden = [b for b in band if b[0] >= w / 2]
    box = (left, h - EDGE - BAND_HEIGHT + CARD_PAD, right - left, BAND_HEIGHT - 2 * CARD_PAD)
    lines, rest = _card_layout(rows, box[2] - 2 * CARD_PAD - 4, box[3] - 8)
    if len(lines) <= 1:
        return None, rows[1:]
    card = _draw_card(lines, ink, box)

    def draw(canv: Canvas) -> None:
        canv.setFillColor(ink.primary)
        for x0, y0, x1, y1 in hidden:
            canv.rect(x0 - 1, y0 - 2, x1 - x0 + 2, y1 - y0 + 4, stroke=0, fill=1)
        card(canv)

    return draw, rest


COVER_CARD_BOTTOM = 1.1 * 72  # above the cover's tagline


def _cover_card(rows: list[CardRow], ink: Ink, w: float, panels: int, room: float) -> Draw:
    """A brochure's card: low on the cover panel (page 1's last), where it stays outside.

    It fills at most `room` (up to the cover's title); details and notes
    that need more are refused, never set smaller or over the title.
    """
    inset = 0.45 * 72  # the cover panel is drawn 0.25 in inside its third
    width = w / panels - 2 * inset
    lines, rest = _card_layout(rows, width - 2 * CARD_PAD - 4, room - 2 * CARD_PAD - 4)
    if rest:
        raise FormProblem(
            "The details and notes are too long for the brochure's cover. "
            "Shorten the notes, or print it as a handout."
        )
    height = _height(lines) + 2 * CARD_PAD + 4
    return _draw_card(lines, ink, (w - w / panels + inset, COVER_CARD_BOTTOM, width, height))


def _cover_room(pdf: bytes, panels: int) -> float:
    """Height free on the cover panel between the card's foot and the text above it."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[0]
        left = page.get_width() * (panels - 1) / panels
        bottoms = [
            b[1]
            for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])
            if (b := o.get_bounds())[0] >= left and b[1] > COVER_CARD_BOTTOM
        ]
        top = min(bottoms, default=page.get_height() - EDGE)
    finally:
        doc.close()
    return top - 10 - COVER_CARD_BOTTOM


def _card_layout(rows: list[CardRow], width: float, height: float):
    """Rows wrapped to `width` at their own size, as many as fit `height`.

    Returns (lines, rows left over): a row is never cut between its lines,
    and never set smaller to fit.
    """
    lines: list[CardRow] = []
    for i, (text, font, size, color) in enumerate(rows):
        wrapped = [(t, font, size, color) for t in simpleSplit(text, font, size, width) or [""]]
        if _height(lines) + _height(wrapped) > height:
            return lines, rows[i:]
        lines += wrapped
    return lines, []


def _end_box(
    groups: list[tuple[str, list[CardRow]]], ink: Ink, x: float, top: float, width: float
) -> tuple[float, Draw]:
    """The box after the handout's text: titled groups of rows (details, notes)."""
    pad, title_size = 10.0, 11.0
    inner = width - 2 * pad - 4
    laid = [(title, _card_layout(rows, inner, 1e9)[0]) for title, rows in groups]
    height = 2 * pad + sum(title_size * 1.4 + _height(lines) for _, lines in laid)
    height += 4 * (len(laid) - 1)

    def draw(canv: Canvas) -> None:
        canv.setFillColor(ink.light)
        canv.roundRect(x, top - height, width, height, 5, stroke=0, fill=1)
        canv.setFillColor(ink.accent)
        canv.rect(x, top - height, 4, height, stroke=0, fill=1)
        cursor = top - pad
        for title, lines in laid:
            cursor -= title_size * 1.4
            canv.setFillColor(ink.primary)
            canv.setFont(ink.bold, title_size)
            canv.drawString(x + pad + 4, cursor + title_size * 0.3, title)
            for text, font, fs, color in lines:
                cursor -= fs * LEADING
                canv.setFont(font, fs)
                canv.setFillColor(color)
                canv.drawString(x + pad + 4, cursor + fs * 0.25, text)
            cursor -= 4

    return height, draw


# ------------------------------------------------------------ merging


BROCHURE_PANELS = {"trifold": 3, "bifold": 2}


def stamp(
    pdf: bytes, handout: Handout, personal: Personal, theme: Theme, fmt: str = "handout"
) -> bytes:
    """The handout with the patient's details drawn on it; `pdf` when there are none.

    A brochure keeps its pages (a second sheet would break the fold), so
    what has no fill-in line goes in one card on its cover.
    """
    if not personal:
        return pdf
    ink = Ink.of(theme)
    words = card_words(theme.labels)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in writer.pages]
    draws: dict[int, list[Draw]] = {}
    spots = find_spots(pdf, handout, theme.labels)
    leftover = []
    for name in personal.filled():
        spot = spots.get(name)
        drawn = _on_line(spot, personal[name], ink) if spot else None
        if drawn is None:
            leftover.append(name)
        else:
            draws.setdefault(spot.page, []).append(drawn)
    if fmt in BROCHURE_PANELS and leftover:
        rows = [_kicker(words, ink), *_detail_rows(personal, leftover, words, ink)]
        if "notes" in leftover:
            rows += _note_rows(personal, ink)
        panels = BROCHURE_PANELS[fmt]
        card = _cover_card(rows, ink, sizes[0][0], panels, _cover_room(pdf, panels))
        draws.setdefault(0, []).append(card)
        leftover = []
    groups: list[tuple[str, list[CardRow]]] = []
    card_fields = [n for n in leftover if n != "notes"]
    if card_fields:
        rows = [_kicker(words, ink), *_detail_rows(personal, card_fields, words, ink)]
        card, rest = _band_card(rows, ink, sizes[0], _band_texts(pdf))
        if card is not None:
            draws.setdefault(0, []).append(card)
        if rest:
            groups.append((words["title"], rest))
    if "notes" in leftover:
        groups.append((words["notes"], _note_rows(personal, ink)))
    if groups:
        _place_end_box(pdf, writer, sizes, draws, groups, ink, (handout, theme))
    _merge(writer, sizes, draws)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _place_end_box(pdf, writer, sizes, draws, groups, ink: Ink, source) -> None:
    """The box goes under the last page's text, or on a page of its own.

    A page of its own has the handout's running header and footer, and
    every page's "Page N of M" counts it.
    """
    last = len(sizes) - 1
    w, h = sizes[last]
    top = _content_bottom(pdf, last) - 14
    height, draw = _end_box(groups, ink, MARGIN_X, top, w - 2 * MARGIN_X)
    if top - height >= FOOTER_TOP + 6:
        draws.setdefault(last, []).append(draw)
        return
    writer.add_blank_page(w, h)
    sizes.append((w, h))
    total = len(sizes)
    _, draw = _end_box(groups, ink, MARGIN_X, h - EDGE - RUNNING_HEADER - 6, w - 2 * MARGIN_X)
    draws[total - 1] = [_furniture(*source, w, h, total), draw]
    _renumber(writer, source[1], total)


def _furniture(handout: Handout, theme: Theme, w: float, h: float, number: int) -> Draw:
    """The running header and footer of a handout's later pages, for an added page."""
    title = markup.plain(handout.title)

    def draw(canv: Canvas) -> None:
        col = w - 2 * MARGIN_X
        canv.beginForm(PAGE_TOTAL_FORM)
        page_total_drawer(theme)(canv, number)
        canv.endForm()
        draw_running_header(canv, theme, title, MARGIN_X, h - EDGE - 0.2 * 72, col)
        draw_footer(canv, theme, handout, MARGIN_X, EDGE, col, number=number)

    return draw


def _renumber(writer: PdfWriter, theme: Theme, total: int) -> None:
    """Make the clean pages' "of M" say `total`: their page-total form is redrawn."""
    buffer = io.BytesIO()
    with reportlab_configured():
        canv = Canvas(buffer, pagesize=(72, 72), invariant=1)
        page_total_drawer(theme)(canv, total)
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


def _overlay(sizes: list[tuple[float, float]], draws: dict[int, list[Draw]]) -> Iterator:
    buffer = io.BytesIO()
    pages = sorted(draws)
    with reportlab_configured():
        canv = Canvas(buffer, invariant=1)
        for index in pages:
            canv.setPageSize(sizes[index])
            for draw in draws[index]:
                canv.saveState()
                draw(canv)
                canv.restoreState()
            canv.showPage()
        canv.save()
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    return zip(pages, reader.pages, strict=True)


def _merge(writer: PdfWriter, sizes, draws: dict[int, list[Draw]]) -> None:
    for index, page in _overlay(sizes, draws):
        writer.pages[index].merge_page(page)


def combine(parts: list[bytes], title: str, author: str, language: str) -> bytes:
    """One PDF of several, in order, with the set's own title and bookmarks.

    Each part but the last that ends on a front side gets a blank back
    page, so every part starts on a front side when printed on both sides.
    """
    writer = PdfWriter()
    for i, data in enumerate(parts):
        reader = PdfReader(io.BytesIO(data))
        writer.append(reader)
        if len(reader.pages) % 2 and i < len(parts) - 1:
            box = reader.pages[-1].mediabox
            writer.add_blank_page(float(box.width), float(box.height))
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "handouts"})
    writer.create_viewer_preferences().display_doctitle = True
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def duplex_pages(counts: list[int]) -> tuple[int, int]:
    """(pages, blank backs among them) of a set whose parts have `counts` pages."""
    blanks = sum(n % 2 for n in counts[:-1])
    return sum(counts) + blanks, blanks
