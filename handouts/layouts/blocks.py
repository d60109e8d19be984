"""Content blocks: one builder per block kind, registered in BLOCKS.

A layout asks for a section's flowables and gets headings kept with what
follows them; a new kind of block is one builder and one registry line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable

from .. import markup
from ..formats import BLANK_LIMIT, MIN_PICTURE_SCALE
from ..model import Block, Handout, Loc
from ..render.document import Note
from ..render.flowables import (
    KEEP_RULES,
    ColumnTable,
    Figure,
    Marked,
    Picture,
    QrCode,
    SideBySide,
    WriteIn,
    tick_box,
)
from ..render.frags import to_frags
from ..render.meta import meta, source
from ..render.primitives import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
    colors,
    stringWidth,
)
from ..render.tagging import tag_items, tag_table, tagged
from ..render.textflow import TextFlow
from ..theme import Theme, hex_of
from .boxes import Panel, callout_box
from .text import (
    HeadingFlow,
    LayoutProblem,
    StoryContext,
    bullet_list,
    fixed,
    heading,
    keep_ends,
    labelled_runs,
    numbered_list,
    para,
)

# ------------------------------------------------------------------ blocks


def _paragraph(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [para(block.paragraph, ctx, loc)]


def _bullets(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [*bullet_list(block.bullets, ctx, (*loc, "bullets")), _after_list(ctx)]


def _steps(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [*numbered_list(block.steps, ctx, (*loc, "steps")), _after_list(ctx)]


def _after_list(ctx: StoryContext) -> Flowable:
    return Spacer(1, ctx.styles.body.fontSize * 0.3)


def _subheading(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return [heading(block.subheading, ctx, (*loc, "subheading"), level=1)]


def _callout(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    c = block.callout
    box = callout_box(c.kind, c.title, c.body, ctx, (*loc, "callout"))
    return [Spacer(1, 4), box, Spacer(1, ctx.styles.body.fontSize * 0.6)]


def _definitions(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """A small glossary beside an accent rule: each term in bold, then its meaning."""
    st, pal = ctx.styles, ctx.theme.colors
    style = st.body.clone("definition", spaceAfter=st.body.fontSize * 0.3)
    color = hex_of(pal.primary)
    rows: list[Flowable] = []
    for i, d in enumerate(block.definitions):
        term = labelled_runs(ctx.labels, d.term, (("font", color), markup.BOLD))
        runs = [*term, *markup.runs(d.definition, ctx.link_color)]
        row = tagged(fixed(runs, style, ctx.handout.language), "P")
        rows.append(source(row, (*loc, "definitions", i)))
    panel = Panel(rows, fill=None, bar=pal.accent, padding=st.body.fontSize * 0.3, rtl=ctx.rtl)
    return [source(panel, (*loc, "definitions")), Spacer(1, st.body.fontSize * 0.5)]


def _checklist(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    st = ctx.styles
    size = st.body.fontSize
    style = st.body.clone("check", spaceAfter=size * 0.35)
    box = tick_box(size * 0.82, ctx.theme.colors.primary)
    texts = tag_items(
        [para(text, ctx, (*loc, "checklist", i), style) for i, text in enumerate(block.checklist)]
    )
    # The boxes are drawn outside the items' tags: artifacts, to tick with a pen.
    items = [
        source(Marked(text, box, size * 1.6, size * 0.93, ctx.rtl), (*loc, "checklist", i))
        for i, text in enumerate(texts)
    ]
    return [*keep_ends(items), _after_list(ctx)]


CELL_PAD = 5.0


def _table(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """A header row and zebra rows, columns sized to their words, in our fonts."""
    t, pal, st = block.table, ctx.theme.colors, ctx.styles
    loc = (*loc, "table")
    size = st.body.fontSize
    cell = st.body.clone("cell", fontSize=size, leading=size * 1.3, spaceAfter=0)
    head = cell.clone("head", fontName=ctx.theme.fonts.bold, textColor=pal.on_primary)
    widths = _column_widths([t.header, *t.rows], ctx, loc, head.fontName, size)
    inner = [w - 2 * CELL_PAD for w in widths]

    def row_of(texts: list[str], style, row_loc: Loc) -> list[Flowable]:
        cells = [to_frags(text, style, ctx.link_color) for text in texts]
        lang = ctx.handout.language
        return [
            source(TextFlow(frags, style, language=lang), (*row_loc, j))
            for j, frags in enumerate(cells)
        ]

    data = [row_of(t.header, head, (*loc, "header"))]
    data += [row_of(row, cell, (*loc, "rows", i)) for i, row in enumerate(t.rows)]
    if ctx.rtl:  # the first column at the right (tag_table keeps the reading order)
        data, widths, inner = [r[::-1] for r in data], widths[::-1], inner[::-1]
    heights = [max(p.wrap(w, 1e6)[1] for p, w in zip(r, inner, strict=True)) for r in data]
    heights = [h + 2 * CELL_PAD for h in heights]
    for i, h in enumerate(heights[1:]):
        if heights[0] + h > ctx.frame_height:
            raise LayoutProblem(
                (*loc, "rows", i),
                f"row {i + 1} of the table is taller than a page",
                "shorten its cells or split it into several rows",
            )
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), pal.solid),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), ctx.theme.fonts.regular, size),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("LINEBELOW", (0, -1), (-1, -1), 1, pal.primary),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, pal.light]),
    ]
    if pal.outline is not None:  # a head row of paper: ruled off instead
        style += [("LINEBELOW", (0, 0), (-1, 0), 1, pal.primary)]
    side = "RIGHT" if ctx.rtl else "LEFT"
    table = ColumnTable(data, colWidths=widths, repeatRows=1, hAlign=side, style=TableStyle(style))
    table.hole = BLANK_LIMIT  # two rows each side, unless that leaves a hole
    parts: list[Flowable] = [source(tag_table(table, header_rows=1, mirrored=ctx.rtl), loc)]
    if t.caption:
        caption = para(t.caption, ctx, (*loc, "caption"), _caption_style(ctx))
        parts += [Spacer(1, 4), caption]
        # A short table keeps its caption; moved whole it leaves less than the limit.
        if sum(heights) + _height(caption, ctx.column_width) < BLANK_LIMIT:
            parts = [KeepTogether(parts)]
    return [Spacer(1, 2), *parts, Spacer(1, st.body.fontSize * 0.6)]


def _column_widths(
    rows: list[list[str]], ctx: StoryContext, loc: Loc, font: str, size: float
) -> list[float]:
    """Each column gets its longest word, then a share of the rest by text length.

    A table that cannot fit even one word per line in each column is an
    error here: ReportLab would let it run off the page without a word.
    """
    columns = list(zip(*rows, strict=True))
    pad = 2 * CELL_PAD
    least = [
        max(stringWidth(w, font, size) for text in col for w in markup.plain(text).split()) + pad
        for col in columns
    ]
    natural = [
        max(max(stringWidth(markup.plain(t), font, size) + pad for t in col), m)
        for col, m in zip(columns, least, strict=True)
    ]
    room = ctx.column_width
    if sum(least) > room:
        raise LayoutProblem(
            loc,
            f"the table is too wide for the page: its {len(columns)} columns need at least "
            f"{sum(least) / 72:.1f} in, the column is {room / 72:.1f} in",
            "use fewer columns or shorter words",
        )
    if sum(natural) <= room:
        return [w * room / sum(natural) for w in natural]
    spare = room - sum(least)
    stretch = [n - m for n, m in zip(natural, least, strict=True)]
    return [m + spare * s / sum(stretch) for m, s in zip(least, stretch, strict=True)]


def _caption_style(ctx: StoryContext):
    """Captions are read by patients too: body size, set apart by italics and colour."""
    st = ctx.styles
    return st.body.clone(
        "caption",
        fontName=ctx.theme.fonts.italic,
        textColor=ctx.theme.colors.muted,
        spaceAfter=st.body.fontSize * 0.8,
    )


def _image(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    img = block.image
    loc = (*loc, "image")
    try:
        picture = ctx.theme.picture(img.src)
    except (OSError, ValueError) as exc:
        raise LayoutProblem((*loc, "src"), f"cannot read the image: {exc}") from None
    width = min(img.width * ctx.column_width, picture.max_width)
    w0, h0 = picture.size
    width = min(width, ctx.frame_height * 0.8 * w0 / h0)
    shown = source(tagged(Picture(picture, width, img.alt), "Figure", alt=img.alt), loc)
    style = _caption_style(ctx).clone("image_caption", alignment=1)
    caption = para(img.caption, ctx, (*loc, "caption"), style) if img.caption else None
    # A caption never leaves its picture; the two print smaller rather than leave a hole.
    figure = source(Figure(shown, caption, gap=5, min_scale=MIN_PICTURE_SCALE), loc)
    figure.spaceBefore, figure.spaceAfter = 4, ctx.styles.body.fontSize * 0.8
    return [figure]


def picture_holes(story: Iterable[Flowable], ctx: StoryContext) -> list[Note]:
    """What to do about each picture that moved on and left more than the limit blank.

    A picture prints smaller to stay on a page with room (see `Figure`);
    one too tall even at its smallest is named with the page it left short
    and a width that would fit there.
    """
    notes = []
    for f in story:
        if not isinstance(f, Figure) or f.left_behind is None:
            continue
        page, room = f.left_behind
        if room <= BLANK_LIMIT:
            continue
        below = f.least_height(ctx.column_width) - f.full[1] * f.min_scale
        fits = max(0.0, (room - below - f.getSpaceBefore()) / f.full[1]) * f.full[0]
        share = math.floor(fits / ctx.column_width * 20) / 20  # a width: the content can set
        hint = (
            f"give the picture width: {share:g} (or less) to keep it on page {page}, "
            "or shorten the text before it"
            if share >= 0.2
            else "shorten the text before the picture, or move the picture"
        )
        notes.append(
            Note(
                meta(f).loc,
                f"page {page} ends with {room / 72:.1f} in of blank space: the picture after "
                f'it ("{markup.first_words(f.picture.alt)}") is too tall to fit there even at '
                f"{f.min_scale:.0%} of its size",
                hint,
                rule="pagination",
            )
        )
    return notes


def short_url(url: str) -> str:
    """An address as people type it: no scheme, no www., no trailing slash."""
    text = url.split("://", 1)[-1].removeprefix("www.")
    return text.rstrip("/")


def clinic_url(theme: Theme) -> str | None:
    """The address a clinic QR code opens: its QR target, else its website."""
    clinic = theme.clinic
    return clinic.qr_url or clinic.contact.website


def qr_card(
    url: str, caption: str | None, alt: str | None, ctx: StoryContext, loc: Loc
) -> Flowable:
    """A QR code with its caption and the short address, so it works unscanned too."""
    st, pal = ctx.styles, ctx.theme.colors
    size = min(1.15 * 72, ctx.column_width * 0.4)
    alt = alt or f"QR code that opens {short_url(url)}"
    code = source(tagged(QrCode(url, size, alt), "Figure", alt=alt), loc)
    narrow = ctx.column_width < 3.6 * 72
    align = 1 if narrow else 0
    words: list[Flowable] = []
    if caption:
        words.append(
            para(
                caption,
                ctx,
                (*loc, "caption"),
                st.body.clone("qr_caption", alignment=align, spaceAfter=3),
            )
        )
    link = markup.link(short_url(url), url, ctx.link_color)
    # Bold at body size: at a heading's size a page ending with the card would read as a heading.
    url_style = st.body.clone(
        "qr_url",
        fontName=ctx.theme.fonts.bold,
        alignment=align,
        spaceAfter=0,
        textColor=pal.primary,
    )
    words.append(tagged(fixed([link], url_style), "P"))
    if narrow:
        code.hAlign = "CENTER"
        return Panel([code, Spacer(1, 4), *words], fill=None, padding=0, rtl=ctx.rtl)
    return SideBySide([code], words, left_width=size, gap=st.body.fontSize, rtl=ctx.rtl)


def _qr(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    q = block.qr
    loc = (*loc, "qr")
    url = q.url or clinic_url(ctx.theme)
    if url is None:
        raise LayoutProblem(
            loc,
            "this QR code has no url and the clinic has no website",
            "add url: here, or website: to the clinic's contact",
        )
    return [
        Spacer(1, 4),
        qr_card(url, q.caption, q.alt, ctx, loc),
        Spacer(1, ctx.styles.body.fontSize),
    ]


def _fill_in(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    st, pal, fonts = ctx.styles, ctx.theme.colors, ctx.theme.fonts
    size = st.body.fontSize
    names = field_names(ctx.handout) if ctx.options.fillable else {}
    label_w = max(stringWidth(f.label, fonts.bold, size) for f in block.fill_in) + size
    lines: list[Flowable] = []
    for i, f in enumerate(block.fill_in):
        line = WriteIn(
            f.label,
            lines=f.lines,
            label_font=fonts.bold,
            size=size,
            color=pal.text,
            rule=pal.muted,
            label_width=label_w,
            field_name=names.get((*loc, "fill_in", i)),
            field_font=fonts.regular,
            splits=ctx.split_write_ins,
            rtl=ctx.rtl,
        )
        lines.append(source(tagged(line, "P"), (*loc, "fill_in", i)))
    # Two rules at least on each side of a break: a one-line field ("Name")
    # keeps with its neighbour, a long one splits between its rules.
    if block.fill_in[0].lines < KEEP_RULES:
        lines[0].keepWithNext = 1
    if len(lines) > 1 and block.fill_in[-1].lines < KEEP_RULES:
        lines[-2].keepWithNext = 1
    form = Panel(lines, fill=None, padding=0, titled=False)
    return [Spacer(1, 2), source(form, (*loc, "fill_in")), Spacer(1, size * 0.8)]


def field_names(handout: Handout) -> dict[Loc, str]:
    """A form-field name for every write-in line of a handout, unique and stable.

    Names come from the labels ("Next appointment" -> next_appointment) so
    software that reads the filled-in form can find them.
    """
    out: dict[Loc, str] = {}
    taken: set[str] = set()
    for block in _all_blocks(handout):
        for i, f in enumerate(block.fill_in or ()):
            base = "_".join("".join(c if c.isalnum() else " " for c in f.label.lower()).split())
            name, n = base or "field", 1
            while name in taken:
                n += 1
                name = f"{base}_{n}"
            taken.add(name)
            out[(*block.loc, "fill_in", i)] = name
    return out


def _all_blocks(handout: Handout) -> Iterable[Block]:
    yield from handout.intro
    for section in handout.sections:
        yield from section.body


def _quote(block: Block, ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """A patient's words in italics beside an accent rule, and who said them."""
    q, st, theme = block.quote, ctx.styles, ctx.theme
    words = st.subtitle.clone("q", fontName=theme.fonts.italic, textColor=theme.colors.text)
    items: list[Flowable] = [para(f"\u201c{q.text}\u201d", ctx, (*loc, "quote", "text"), words)]
    if q.by:
        by = st.body.clone("q_by", textColor=theme.colors.muted, spaceAfter=0)
        said = fixed([markup.Run(f"\u2014 {markup.plain(q.by)}")], by, ctx.handout.language)
        items.append(tagged(said, "P"))
    box = Panel(
        items, fill=None, bar=theme.colors.accent, padding=st.body.fontSize * 0.7, rtl=ctx.rtl
    )
    return [tagged(box, "BlockQuote"), Spacer(1, st.body.fontSize * 0.7)]


BlockBuilder = Callable[[Block, StoryContext, Loc], list[Flowable]]

BLOCKS: dict[str, BlockBuilder] = {
    "paragraph": _paragraph,
    "bullets": _bullets,
    "steps": _steps,
    "subheading": _subheading,
    "callout": _callout,
    "definitions": _definitions,
    "quote": _quote,
    "checklist": _checklist,
    "table": _table,
    "image": _image,
    "qr": _qr,
    "fill_in": _fill_in,
}


def block_flowables(blocks: Iterable[Block], ctx: StoryContext, loc: Loc) -> list[Flowable]:
    """Flowables for a list of blocks, each kind built by its registered builder."""
    out: list[Flowable] = []
    for i, block in enumerate(blocks):
        builder = BLOCKS.get(block.kind)
        if builder is None:
            raise LayoutProblem(
                (*loc, i, block.kind), f"'{block.kind}' blocks cannot be printed yet"
            )
        out.extend(builder(block, ctx, (*loc, i)))
    return out


def key_points(ctx: StoryContext, padding: float = 1.0) -> list[Flowable]:
    """The key-points box, its padding scaled by `padding` (a layout tightening)."""
    h = ctx.handout
    if not h.summary:
        return []
    box = callout_box("key-points", None, h.summary, ctx, (*h.loc, "summary"))
    box.padding *= padding
    return [box, Spacer(1, ctx.styles.body.fontSize * 0.6)]


class ColumnBreak(ActionFlowable):
    """Go on at the top of the next frame, unless already at the top of one.

    Brochures honour `panel_break: true` with it; a section that already
    starts a panel must not leave an empty panel behind.
    """

    def apply(self, doc) -> None:
        if not doc.frame._atTop:
            doc.handle_frameEnd()


def section_story(ctx: StoryContext, index: int) -> list[Flowable]:
    """One section: a heading (kept with its first lines) and its body."""
    h = ctx.handout
    section = h.sections[index]
    loc = (*section.loc,) or (*h.loc, "sections", index)
    head = heading(section.heading, ctx, (*loc, "heading"))
    body = block_flowables(section.body, ctx, (*loc, "body"))
    return keep_headings([head, *body], ctx.column_width, ctx.frame_height)


HEADING_KEEPS_LINES = 2  # lines (or list items, or rows) a heading never leaves behind


def keep_headings(story: list[Flowable], width: float, frame_height: float) -> list[Flowable]:
    """Each heading (or run of headings) starts a page only with room for what follows.

    Before the run goes a conditional break asking for the headings and
    the smallest first piece of the next block: two lines of a paragraph,
    two items of a list, a table's head and first rows, or the whole of a
    block that does not split (a picture with its caption, a short table).
    ReportLab's keepWithNext would instead move a heading with all of a
    long paragraph (leaving a hole), and does not chain into a block that is
    itself kept together (stranding the heading).
    """
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        if not isinstance(story[i], HeadingFlow):
            out.append(story[i])
            i += 1
            continue
        j = i
        while j < len(story) and isinstance(story[j], HeadingFlow | Spacer):
            story[j].keepWithNext = 0
            j += 1
        run = story[i:j]
        needed = sum(_height(f, width) for f in run)
        if j < len(story):
            needed += first_piece(story, j, width)
        if needed <= frame_height:
            out.append(CondPageBreak(needed))
        out += run
        i = j
    return out


def first_piece(story: list[Flowable], start: int, width: float) -> float:
    """The least height of `story[start:]` that may stand at a page foot."""
    group = [story[start]]
    while group[-1].getKeepWithNext() and start + len(group) < len(story):
        group.append(story[start + len(group)])
    if len(group) > 1:  # kept together: lists' first two items, write-in lines
        return sum(_height(f, width) for f in group) - group[-1].getSpaceAfter()
    return smallest_split(group[0], width)


def smallest_split(f: Flowable, width: float) -> float:
    """The height of `f`'s smallest first part when split, or all of it if it cannot split."""
    total = _height(f, width) - f.getSpaceAfter()  # space after is not needed at a foot
    if isinstance(f, Figure):  # at the smallest size it may print
        return f.least_height(width) + f.getSpaceBefore()
    if isinstance(f, Table):  # its head row and first rows
        return sum(f._rowHeights[: 1 + HEADING_KEEPS_LINES]) + f.getSpaceBefore()
    if isinstance(f, KeepTogether):
        return total
    # Text asks without making the parts; anything else splits and is counted.
    splits = getattr(f, "splits_at", None) or (lambda w, h: len(f.split(w, h)) >= 2)
    if not splits(width, total - 1):
        return total
    low, high = 0.0, total  # no split at `low`; a split at `high`
    while high - low > 1:
        mid = (low + high) / 2
        if splits(width, mid):
            high = mid
        else:
            low = mid
    return high + f.getSpaceBefore()


def _height(f: Flowable, width: float) -> float:
    if isinstance(f, KeepTogether):  # measured by its parts: wrapping it needs a canvas
        return sum(_height(part, width) for part in f._content)
    _, h = f.wrap(width, 1e6)
    return h + f.getSpaceBefore() + f.getSpaceAfter()


def section_flowables(
    ctx: StoryContext, *, skip: Container[int] = (), panel_breaks: bool = False
) -> list[Flowable]:
    """Intro, then each section not in `skip`, in order.

    With `panel_breaks`, a section marked `panel_break: true` starts a new
    frame (a brochure panel).
    """
    h = ctx.handout
    out = block_flowables(h.intro, ctx, (*h.loc, "intro"))
    for i, section in enumerate(h.sections):
        if i in skip:
            continue
        if panel_breaks and section.panel_break:
            out.append(ColumnBreak())
        out += section_story(ctx, i)
    return out
