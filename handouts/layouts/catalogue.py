"""The catalogue: the front desk's print menu of every handout in the library.

One card per handout (title, id, language, formats with page counts, review
date and a QR code to the published PDF), grouped by tag, after a table of
contents. Page numbers in the contents come from a first layout pass; the
contents take the same room either way, so the second pass agrees. A build
passes the last catalogue's page numbers in, and when nothing moved, one pass
is enough; it also passes the QR codes it already has (a library of 1,000
handouts would otherwise spend 9 s re-encoding the same addresses).

In a right-to-left language (`Theme.rtl`) the catalogue is its left-to-right
twin mirrored, as a handout is: codes at the right of their cards, the
contents' page numbers at the left, still read title first, topic first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .. import markup
from ..formats import DEFAULT_FORMAT
from ..labels import CatalogueWords, Labels
from ..language import language
from ..model import Library
from ..options import RenderOptions
from ..plan import Box, Metadata, PageSpec, Plan
from ..render.document import Rendered, measure, render
from ..render.flowables import Modules, QrCode, SideBySide, qr_modules
from ..render.frags import frags
from ..render.primitives import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    Spacer,
    Table,
    TableStyle,
    colors,
    inch,
)
from ..render.tagging import DECORATION, Tag, marked, reads_from_the_right, tagged
from ..theme import Styles, Theme
from .blocks import keep_headings
from .boxes import Panel
from .footer import draw_page_footer, footer_height, page_total_drawer
from .furniture import draw_header_band, draw_running_header
from .handout import BAND_HEIGHT, EDGE, MARGIN_X, RUNNING_HEADER
from .text import HeadingFlow, fixed, printable_name

# The catalogue is for the clinic's staff: its words (`Labels.catalogue`), dates
# and page numbers are the clinic's, in the theme's language (the brand's own).
# Handouts without a tag are grouped under this key (shown as `other_topics`).
UNTAGGED = ""
QR_SIZE = 0.95 * inch


def _language(tag: str, theme: Theme) -> list[markup.Run]:
    """'Spanish (Español)' in an English catalogue, 'Español' in any other (a language
    named in itself); the own name only where some font can print it. An English
    name with its own brackets loses them: 'Chinese, Simplified (简体中文)'.

    The own name is in its own language (a Span with /Lang, where it is not the
    catalogue's), so a screen reader says "Español" as Spanish, not as English.
    """
    english = language(tag).english_name
    own, lang = printable_name(tag, theme)
    if lang != tag:  # no font prints its own name
        return [markup.Run(english)]
    catalogue = theme.language.split("-")[0]
    named = markup.Run(own, (("lang", tag),) if tag.split("-")[0] != catalogue else ())
    if catalogue != "en":
        return [named]
    if english.endswith(")") and " (" in english:
        english = english[:-1].replace(" (", ", ", 1)
    if own == english:
        return [markup.Run(english)]
    return [markup.Run(f"{english} ("), named, markup.Run(")")]


def _said(runs: list[markup.Run]) -> str:
    """The words of runs, as a reader sees them."""
    return "".join(run.text for run in runs)


def _unbroken(runs: list[markup.Run]) -> list[markup.Run]:
    """Runs that print on one line (`markup.unbroken`, run by run)."""
    return [markup.Run(markup.unbroken(run.text), run.tags) for run in runs]


@dataclass(frozen=True)
class CatalogueFile:
    format: str
    file: str
    pages: int


@dataclass(frozen=True)
class CatalogueRow:
    """What the catalogue says about one handout (from the content and the manifest)."""

    id: str
    title: str
    language: str
    tags: tuple[str, ...]
    reviewed: str
    files: tuple[CatalogueFile, ...]
    translation_of: str | None = None
    order: int = 0  # its place in the content: a family's copies follow it


def file_order(fmt: str) -> tuple[bool, str]:
    """A handout's files on its card: the handout format first; its QR code
    points at the first."""
    return (fmt != DEFAULT_FORMAT, fmt)


def pdf_url(base_url: str, file: str) -> str:
    return base_url.rstrip("/") + "/" + file


def catalogue_rows(library: Library, entries: dict[str, dict]) -> list[CatalogueRow]:
    """One row per handout; its files are the outputs the manifest records."""
    by_id: dict[str, list[CatalogueFile]] = {}
    for name in sorted(entries):
        e = entries[name]
        by_id.setdefault(e["id"], []).append(CatalogueFile(e["format"], name, e["pages"]))
    rows = [
        CatalogueRow(
            h.id,
            markup.plain(h.title),
            h.language,
            tuple(h.tags),
            h.reviewed.isoformat(),
            tuple(sorted(by_id.get(h.id, []), key=lambda f: file_order(f.format))),
            h.translation_of,
            i,
        )
        for i, h in enumerate(library.handouts)
    ]
    return sorted(rows, key=lambda r: (r.title.casefold(), r.id))


def groups(rows: Iterable[CatalogueRow]) -> list[tuple[str, list[CatalogueRow]]]:
    """Rows by their topic, topics A to Z; untagged ones last.

    A handout's topic is its first tag; a translation's (`translation_of`)
    is its source's, and it follows its source, the translations in content
    order (as the print station lists them): the Spanish sleep handout sits
    under "sleep", right after the English one, not alone under "sueño".
    Each handout is listed once: a menu of a thousand handouts with four
    tags each would otherwise run to hundreds of repeated pages. The card
    names its other tags.
    """
    rows = list(rows)
    by_id = {r.id: r for r in rows}
    by_tag: dict[str, list[CatalogueRow]] = {}
    for row in rows:
        topic = source_of(row, by_id)
        by_tag.setdefault(topic.tags[0] if topic.tags else UNTAGGED, []).append(row)
    named = sorted((t for t in by_tag if t != UNTAGGED), key=str.casefold)
    order = {r.id: i for i, r in enumerate(rows)}

    def beside_source(row: CatalogueRow) -> tuple[int, bool, int]:
        return order[source_of(row, by_id).id], row.translation_of is not None, row.order

    return [
        (t, sorted(by_tag[t], key=beside_source))
        for t in [*named, *([UNTAGGED] if UNTAGGED in by_tag else [])]
    ]


def source_of(row: CatalogueRow, by_id: dict[str, CatalogueRow]) -> CatalogueRow:
    """The handout `row` translates (its `translation_of`), else `row` itself."""
    return by_id.get(row.translation_of or "", row)


def other_languages(rows: Iterable[CatalogueRow]) -> dict[str, list[CatalogueRow]]:
    """The family's other copies (its translations, in content order) by the id
    of its source, whose card names their languages once for the family: each
    copy's own card follows it (`groups`), so it needs no list of its own."""
    rows = list(rows)
    by_id = {r.id: r for r in rows}
    families: dict[str, list[CatalogueRow]] = {}
    for row in sorted(rows, key=lambda r: (r.translation_of is not None, r.order)):
        families.setdefault(source_of(row, by_id).id, []).append(row)
    return {source: copies[1:] for source, copies in families.items() if len(copies) > 1}


class _Divider(Flowable):
    """The hairline between two cards (decoration, not content); `indent` short
    at the side lines start (the right, `rtl`), above a translation's card."""

    def __init__(self, color: colors.Color, indent: float = 0.0, rtl: bool = False):
        super().__init__()
        self.color, self.indent, self.rtl = color, indent, rtl

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, 10
        return self.width, self.height

    def draw(self):
        start, end = (0, self.width - self.indent) if self.rtl else (self.indent, self.width)
        with marked(self.canv, DECORATION):
            self.canv.setStrokeColor(self.color)
            self.canv.setLineWidth(0.5)
            self.canv.line(start, 5, end, 5)


# A translation's card stands this far in from its source's: the family reads
# as one block, its languages listed once, on the source's card.
COPY_INDENT = 0.3 * inch


def _indented(card: list[Flowable], rtl: bool) -> list[Flowable]:
    """A translation's card, `COPY_INDENT` in from the side its lines start."""
    return [
        SideBySide(
            [Spacer(COPY_INDENT, 1)], card, left_width=COPY_INDENT, gap=0, middle=False, rtl=rtl
        )
    ]


def _topic(tag: str, words: CatalogueWords) -> str:
    return tag[:1].upper() + tag[1:] if tag != UNTAGGED else words.other_topics


class _GroupHeading(HeadingFlow):
    """A tag's heading that notes the page it lands on (for the contents)."""

    def __init__(self, tag: str, style, pages: dict[str, int], words: CatalogueWords):
        shown = _topic(tag, words)
        super().__init__(frags([markup.Run(shown)], style), style, 0, shown)
        self.tag, self.pages = tag, pages

    def placed_on(self, page: int) -> None:
        """Called by the document once placed (drawn or only measured)."""
        self.pages.setdefault(self.tag, page)


def _date(iso: str, labels: Labels) -> str:
    return labels.date(dt.date.fromisoformat(iso))


def _card(
    row: CatalogueRow,
    styles: Styles,
    theme: Theme,
    base_url: str | None,
    width: float,
    encode: Callable[[str], Modules],
    others: Sequence[CatalogueRow] = (),
) -> list[Flowable]:
    Run, bold = markup.Run, (markup.BOLD,)
    labels = theme.labels
    words = labels.catalogue
    named = _language(row.language, theme)
    reviewed = labels.reviewed.format(date=_date(row.reviewed, labels))
    meta = [Run(row.id, bold), Run("  \u00b7  "), *named, Run(f"  \u00b7  {reviewed}")]
    if row.files:
        formats = labels.list_separator.join(
            f"{labels.format_name(f.format)} ({words.pages.of(f.pages)})" for f in row.files
        )
    else:
        formats = words.not_built
    small = styles.small.clone("card", fontSize=9, leading=12, spaceAfter=1)
    own = theme.language  # the catalogue's words, in its direction: the id first, at the right
    # A card is a handout's title (a heading under its topic) and facts about it,
    # set by the text engine: a long title or address wraps, never cut short.
    text: list[Flowable] = [
        tagged(fixed([Run(row.title)], styles.box_title, row.language), "H3"),
        tagged(fixed(meta, small, own), "P"),
        tagged(fixed([Run(words.formats, bold), Run(f" {formats}")], small, own), "P"),
    ]
    if others:  # each name whole on its line: a list to run down, not a sentence
        names = {}  # each language once, by what it says
        for other in others:
            runs = _language(other.language, theme)
            names.setdefault(_said(runs), _unbroken(runs))
        also_in = [Run(words.also_in, bold), Run(" ")]
        for k, runs in enumerate(names.values()):
            also_in += [Run(labels.list_separator)] * bool(k) + runs
        text.append(tagged(fixed(also_in, small, own), "P"))
    if len(row.tags) > 1:
        theirs = language(row.language).labels or labels  # the tags are in the row's language
        tags = theirs.list_separator.join(row.tags[1:])
        text.append(tagged(fixed([Run(words.also_about, bold), Run(f" {tags}")], small, own), "P"))
    main = row.files[0] if row.files else None
    if not (main and base_url):
        return text
    url = pdf_url(base_url, main.file)
    link = markup.link(url, url, _hex(theme.colors.primary))
    text.append(tagged(fixed([link], small, own), "P"))
    alt = words.qr_alt.format(file=main.file)
    code = tagged(QrCode(url, QR_SIZE, alt=alt, modules=encode(url)), "Figure", alt=alt)
    # Read title first, then the code: the text column is drawn first. On a
    # right-to-left page the code stands at the right, where the lines start.
    card = SideBySide([code], text, left_width=QR_SIZE, gap=12, right_first=True, rtl=theme.rtl)
    return [tagged(card, "Sect", title=row.title)]


def _hex(color: colors.Color) -> str:
    return color.hexval().replace("0x", "#")


def _contents(
    topics: list[tuple[str, list[CatalogueRow]]],
    pages: dict[str, int],
    styles: Styles,
    width: float,
    theme: Theme,
):
    """The table of contents: one line per tag with its page number (at the
    left on a right-to-left page, each entry still read topic first)."""
    words = theme.labels.catalogue
    style = styles.body.clone("toc", spaceAfter=0, leading=styles.body.fontSize * 1.6)
    page_style = style.clone("tocpage", alignment=2)
    toc = Tag("TOC")
    data = []
    for tag, rows in topics:
        entry = Tag("TOCI", parent=toc)  # one entry: the topic, then its page
        name = f"{_topic(tag, words)}  ({words.handouts.of(len(rows))})"
        data.append(
            [
                tagged(fixed([markup.Run(name)], style, theme.language), Tag("P", parent=entry)),
                tagged(
                    fixed([markup.Run(str(pages.get(tag, "")))], page_style), Tag("P", parent=entry)
                ),
            ]
        )
    widths = [width - 48, 48]
    if theme.rtl:
        data, widths = [row[::-1] for row in data], widths[::-1]
    table = Table(
        data,
        colWidths=widths,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), style.fontName),  # not Table's Helvetica
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#D5DEE6")),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return tagged(reads_from_the_right(table) if theme.rtl else table, toc)


def _story(
    rows: list[CatalogueRow],
    theme: Theme,
    base_url: str | None,
    width: float,
    pages: dict[str, int],
    marks: dict[str, int],
    encode: Callable[[str], Modules],
    frame_height: float,
) -> list[Flowable]:
    """Title, contents, then each topic's heading and its cards.

    A card never splits, and a topic's heading keeps its first card.
    """
    styles = theme.styles(11.0)
    words = theme.labels.catalogue
    topics = groups(rows)
    copies = other_languages(rows)
    built = sum(len(r.files) for r in rows)
    find = words.find_by_code if base_url else words.find_by_name
    counts = words.intro.format(handouts=words.handouts.of(len(rows)), pdfs=words.pdfs.of(built))
    intro = f"{counts} {find}"
    own = theme.language
    contents = Panel(
        [
            tagged(fixed([markup.Run(words.contents)], styles.box_title, own), "H2"),
            _contents(topics, pages, styles, width - 24, theme),
        ],
        fill=theme.colors.light,
        bar=theme.colors.outline or theme.colors.primary,
        padding=12,
        rtl=theme.rtl,
    )
    story: list[Flowable] = [
        NextPageTemplate("later"),
        tagged(fixed([markup.Run(words.title)], styles.title, own), "H1"),
        tagged(fixed([markup.Run(intro)], styles.subtitle, own), "P"),
        tagged(contents, "Sect", title=words.contents),
        Spacer(1, 8),
    ]
    # Each card after its topic's heading or a divider, kept whole; the last
    # two as one block, so the last page never holds one card alone.
    # (Flat: a KeepTogether inside another never fits anywhere.)
    by_id = {r.id: r for r in rows}
    cards: list[tuple[Flowable, list[Flowable]]] = []
    for tag, group in topics:
        for i, row in enumerate(group):
            card = _card(row, styles, theme, base_url, width, encode, copies.get(row.id, ()))
            copy = source_of(row, by_id) is not row
            indent = COPY_INDENT if copy and i else 0.0
            lead = (
                _Divider(theme.colors.rule, indent, theme.rtl)
                if i
                else tagged(_GroupHeading(tag, styles.h2, marks, words), "H2")
            )
            cards.append((lead, _indented(card, theme.rtl) if indent else card))
    last = cards[-2:] if len(cards) > 1 else []
    for lead, card in cards[: len(cards) - len(last)]:
        story += [lead, KeepTogether(card)]
    if last:
        story.append(KeepTogether([f for lead, card in last for f in (lead, *card)]))
    return keep_headings(story, width, frame_height)


@dataclass(frozen=True)
class Catalogue:
    rendered: Rendered
    contents: dict[str, int]  # each topic's page, for the next build's first pass
    codes: dict[str, Modules]  # every QR code it printed, by its address


def render_catalogue(
    rows: list[CatalogueRow],
    theme: Theme,
    base_url: str | None,
    options: RenderOptions,
    *,
    contents: dict[str, int] | None = None,
    codes: dict[str, Modules] | None = None,
) -> Catalogue:
    """Lay out until the contents' page numbers agree with the pages (two passes, or
    one when `contents` from the last build still holds); `codes` are QR codes
    already encoded, by address. `theme` is the clinic the catalogue is for and
    `base_url` where that clinic's PDFs are published (no codes when None)."""
    theme = theme.in_grayscale() if options.grayscale else theme
    width, height = options.pagesize
    col = width - 2 * MARGIN_X
    band_y = height - EDGE - BAND_HEIGHT
    first_top, later_top = band_y - 0.2 * inch, height - EDGE - RUNNING_HEADER
    words = theme.labels.catalogue
    note = f"{words.title}  \u00b7  {words.handouts.of(len(rows))}"
    foot = Box(MARGIN_X, EDGE, col, footer_height(theme, col))

    def on_first(canv) -> None:
        draw_header_band(canv, theme, EDGE, band_y, width - 2 * EDGE, BAND_HEIGHT)
        draw_page_footer(canv, theme, note, foot)

    def on_later(canv) -> None:
        draw_running_header(
            canv, theme, words.title, MARGIN_X, height - EDGE - 0.3 * inch, col, theme.language
        )
        draw_page_footer(canv, theme, note, foot)

    page_specs = [
        PageSpec("first", {"first": Box(MARGIN_X, foot.top, col, first_top - foot.top)}, on_first),
        PageSpec("later", {"later": Box(MARGIN_X, foot.top, col, later_top - foot.top)}, on_later),
    ]

    meta = Metadata(
        title=f"{words.title}: {theme.clinic.name}",
        author=theme.clinic.name,
        subject=words.subject,
        keywords=["catalogue", "handouts"],
        language=theme.language,
    )
    pages: dict[str, int] = dict(contents or {})
    known = codes or {}
    printed: dict[str, Modules] = {}

    def encode(url: str) -> Modules:
        """Each address encoded at most once (~9 ms), whatever the passes."""
        if url not in printed:
            printed[url] = known.get(url) or qr_modules(url)
        return printed[url]

    # Without last build's pages the first pass only finds them: measured, not drawn.
    blind = contents is None
    for _ in range(3):
        marks: dict[str, int] = {}
        plan = Plan(
            story=_story(rows, theme, base_url, col, pages, marks, encode, later_top - foot.top),
            pages=page_specs,
            page_size=options.pagesize,
            meta=meta,
            initial_font=theme.fonts.regular,
            name="catalogue",
            loc=(),
            page_total=page_total_drawer(theme),
            grayscale=theme.grayscale,
        )
        if blind:
            measure(plan)
            blind, pages = False, marks
            continue
        rendered = render(plan)
        if marks == pages:
            break
        pages = marks
    return Catalogue(rendered, marks, printed)
