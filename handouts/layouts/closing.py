"""The end of every document: call to action, contacts, full disclaimer, accreditation."""

from __future__ import annotations

from .. import markup
from ..language import language as language_of
from ..options import Edition
from ..render.flowables import QrCode, SideBySide
from ..render.primitives import Flowable, Paragraph, ParagraphStyle, Spacer, inch
from ..render.tagging import Tag, tagged
from .blocks import short_url
from .boxes import Panel, side_by_side
from .footer import review_line
from .text import StoryContext, fixed, labelled_runs, para, printable_name


def closing_card(ctx: StoryContext) -> list[Flowable]:
    """A closing card: the call to action (and the codes to the handout's other
    languages) beside the contacts; the fine print follows."""
    theme, st = ctx.theme, ctx.styles
    cta = _cta_para(ctx)
    left: list[Flowable] = [cta] if cta else []
    left += edition_codes(ctx, 0.46 * ctx.column_width - 14, on_primary=True)
    right = contact_lines(ctx, on_primary=True)
    if right:
        heading_style = st.cta.clone("contact_title", fontSize=st.body.fontSize, spaceAfter=3)
        right.insert(0, contact_title(ctx, heading_style))
    both = left and right
    card = [side_by_side(left, right, theme.fonts.regular, rtl=ctx.rtl)] if both else left + right
    out: list[Flowable] = [Spacer(1, st.body.fontSize * 0.6)]
    if card:
        out.append(solid_panel(card, ctx))
    out.append(Spacer(1, st.body.fontSize * 0.5))
    return out


EDITION_CODE = 0.75 * inch  # a web address's code at this size scans from a phone
EDITION_GAP = 6  # between a code and the caption beside it
# A code's column, in ems of its caption: room for "Tờ thông tin này bằng tiếng
# Việt" in two lines under it (three to a row on a bi-fold's back panel, two
# in a handout's closing card and in large print).
EDITION_COLUMN_EMS = 9.5


def edition_codes(ctx: StoryContext, width: float, on_primary: bool = False) -> list[Flowable]:
    """A QR code to each of the handout's first other languages (as many as the
    format has room for: `RenderOptions.editions`), captioned in that language
    ("Esta hoja en español"): the reader the copy in their hand does not serve
    is the one who must find the caption. Then a line names the others, each
    in itself, and says to ask for a copy: a family of 40 languages takes two
    lines more than one of five, never a page of codes.

    One code has its caption beside it (and the names under the caption);
    several stand as many to a row as `width` has columns for, each caption
    under its code (beside it, a caption's column is too narrow to read).
    """
    found = ctx.options.editions
    if not found:
        return []
    gap = ctx.styles.body.fontSize * 0.75
    out: list[Flowable] = []
    if len(found.codes) == 1:
        room = width - EDITION_CODE - EDITION_GAP
        named = [_named_editions(found.named, ctx, on_primary, room)] if found.named else []
        return [Spacer(1, gap), _edition_card(found.codes[0], ctx, on_primary, named)]
    cards = [_edition_card(edition, ctx, on_primary) for edition in found.codes]
    least = EDITION_COLUMN_EMS * ctx.styles.small.fontSize
    across = max(1, min(len(cards), int((width + gap) // (least + gap))))
    column = (width - (across - 1) * gap) / across
    for i in range(0, len(cards), across):
        out += [Spacer(1, gap), _row(cards[i : i + across], column, gap, ctx.rtl)]
    if found.named:
        out += [Spacer(1, gap), _named_editions(found.named, ctx, on_primary, width)]
    return out


def _row(cards: list[Flowable], column: float, gap: float, rtl: bool) -> Flowable:
    """Cards side by side in columns `column` wide, the first at the reading start
    (the right of a right-to-left page), read first."""
    if len(cards) == 1:
        return cards[0]
    rest = _row(cards[1:], column, gap, rtl)
    return SideBySide([cards[0]], [rest], left_width=column, gap=gap, middle=False, rtl=rtl)


# Lines the other languages' names may take: past the codes, a family of 40
# languages takes no more room than one of six (what does not fit ends in "…").
NAMED_LINES = 2


def _named_editions(
    named: tuple[str, ...], ctx: StoryContext, on_primary: bool, width: float
) -> Flowable:
    """ "Also in Русский, 한국어, हिन्दी, …: ask us for a copy", in the handout's
    language: as many names as fit in `NAMED_LINES` lines, each in itself,
    tagged with its language and never broken."""
    colour = ctx.theme.colors.on_primary if on_primary else ctx.theme.colors.text
    style = ctx.styles.small.clone("editions_named", spaceBefore=0, spaceAfter=0, textColor=colour)
    names = [printable_name(tag, ctx.theme) for tag in named]
    room = NAMED_LINES * style.leading + 1
    for count in range(len(names), 1, -1):
        line = _names_line(names[:count], count < len(names), ctx, style)
        if line.wrap(width, 1e6)[1] <= room:
            return line
    return _names_line(names[:1], len(names) > 1, ctx, style)


def _names_line(names: list[tuple[str, str]], more: bool, ctx: StoryContext, style) -> Flowable:
    labels = ctx.labels
    before, _, after = labels.more_languages.partition("{languages}")
    runs = [markup.Run(before)]
    for i, (name, lang) in enumerate(names):
        if i:
            runs.append(markup.Run(labels.list_separator))
        runs.append(markup.Run(markup.unbroken(name), (("lang", lang),)))
    if more:
        runs.append(markup.Run(labels.list_separator + "…"))
    runs.append(markup.Run(after))
    return tagged(fixed(runs, style, ctx.handout.language), "P")


def _edition_card(
    edition: Edition, ctx: StoryContext, on_primary: bool, beside: list[Flowable] | None = None
) -> Flowable:
    """The code and what it opens, in its own language: the caption under the
    code, or beside it (with the flowables of `beside` under the caption)."""
    st, pal = ctx.styles, ctx.theme.colors
    words = language_of(edition.language).labels
    caption = words.in_this_language if words else edition.language
    alt = f"{caption}: {short_url(edition.url)}"
    figure = Tag("Figure", alt=alt, lang=edition.language)
    code = tagged(QrCode(edition.url, EDITION_CODE, alt), figure)
    colour = pal.on_primary if on_primary else pal.text
    # Under its code the caption is centred (alignment 1), whatever its direction.
    under = beside is None
    style = st.small.clone(
        "edition", spaceBefore=3, spaceAfter=0, textColor=colour, alignment=1 if under else 0
    )
    own = Tag("P", lang=edition.language)
    said = tagged(fixed([markup.Run(caption)], style, edition.language), own)
    if beside is not None:
        right = [said, *(f for flowable in beside for f in (Spacer(1, 4), flowable))]
        return SideBySide([code], right, left_width=EDITION_CODE, gap=EDITION_GAP, middle=True)
    code.hAlign = "CENTER"
    return Panel([code, said], fill=None, padding=0, rtl=ctx.rtl)


def review_paragraph(ctx: StoryContext) -> Flowable:
    """Which handout this is and when it was reviewed, as content (the footer
    repeats it as furniture, which a screen reader skips)."""
    line = review_line(ctx.handout, ctx.labels)
    return tagged(fixed([markup.Run(line)], ctx.styles.small, ctx.handout.language), "P")


def _cta_para(ctx: StoryContext) -> Paragraph | None:
    """The call to action, set to sit on the brand colour (links in white too)."""
    h = ctx.handout
    if not h.call_to_action:
        return None
    white = ctx.theme.colors.on_primary.hexval().replace("0x", "#")
    return para(h.call_to_action, ctx, (*h.loc, "call_to_action"), ctx.styles.cta, white)


def contact_title(ctx: StoryContext, style) -> Flowable:
    title = ctx.labels.contact.format(clinic=ctx.theme.clinic.name)
    return tagged(fixed([markup.Run(title)], style, ctx.handout.language), "H2")


def call_to_action(ctx: StoryContext) -> list[Flowable]:
    """The call to action alone in a band of the brand colour (none if not written)."""
    cta = _cta_para(ctx)
    if cta is None:
        return []
    return [solid_panel([cta], ctx)]


def solid_panel(content: list[Flowable], ctx: StoryContext) -> Panel:
    """A card on the brand's solid colour (outlined paper in grayscale)."""
    pal = ctx.theme.colors
    return Panel(
        content, fill=pal.solid, border=pal.outline, padding=ctx.styles.body.fontSize, rtl=ctx.rtl
    )


def contact_block(ctx: StoryContext) -> list[Flowable]:
    """'Contact <clinic>' and the contact lines (none if no contact details)."""
    contact = contact_lines(ctx)
    if not contact:
        return []
    return [contact_title(ctx, ctx.styles.box_title), *contact]


def end_print(ctx: StoryContext) -> list[Flowable]:
    """What ends every handout after its closing card: the fine print, then which
    handout this is and when it was reviewed."""
    return [*fine_print(ctx), review_paragraph(ctx)]


def fine_print(ctx: StoryContext) -> list[Flowable]:
    """The crisis line, the full disclaimer, then the accreditation.

    The disclaimer carries the emergency and crisis numbers: fine print is
    never below `theme.FINE_PRINT_SIZE` (10 pt), whatever the format. The
    footers repeat the crisis line on every page, but as furniture a screen
    reader skips: here it is content, read with the rest.
    """
    theme, st = ctx.theme, ctx.styles
    clinic = theme.clinic
    out: list[Flowable] = []
    if clinic.crisis_line:
        style = st.box_title.clone("crisis", textColor=theme.colors.text, spaceAfter=6)
        out.append(brand_words(clinic.crisis_line, "crisis_line", style, ctx))
    out.append(brand_words(clinic.disclaimer, "disclaimer", st.small, ctx))
    if clinic.accreditation:
        accreditation = markup.Run(clinic.accreditation, (markup.BOLD,))
        lang = theme.word_language("accreditation")
        words = fixed([accreditation], st.small, lang or ctx.handout.language)
        out.append(tagged(words, Tag("P", lang=lang)))
    return out


def brand_words(text: str, name: str, style: ParagraphStyle, ctx: StoryContext) -> Flowable:
    """A paragraph of the clinic's own words, tagged with their language when
    they print untranslated in a handout of another language."""
    lang = ctx.theme.word_language(name)
    words = fixed([markup.Run(text)], style, lang or ctx.handout.language)
    return tagged(words, Tag("P", lang=lang))


def contact_lines(ctx: StoryContext, on_primary: bool = False) -> list[Flowable]:
    """One short line per contact detail; links dial, mail or open the site."""
    c = ctx.theme.clinic.contact
    labels = ctx.labels
    style = ctx.styles.contact
    link = ctx.link_color
    if on_primary:
        white = ctx.theme.colors.on_primary
        style = style.clone("contact_on_primary", textColor=white, spaceAfter=1)
        link = white.hexval().replace("0x", "#")
    rows = [
        (labels.phone, c.phone, f"tel:{markup.dial(c.phone)}" if c.phone else None),
        (labels.website, c.website, c.website),
        (labels.email, c.email, f"mailto:{c.email}" if c.email else None),
        (labels.address, c.address, None),
        (labels.hours, c.hours, None),
    ]
    out = []
    for label, value, href in rows:
        if not value:
            continue
        glue = markup.phone_nowrap if label == labels.phone else markup.keep_together
        shown = markup.link(glue(value), href, link) if href else markup.Run(glue(value))
        if label == labels.hours and ctx.theme.word_language("hours"):
            # The brand's English hours in a handout of another language.
            shown = markup.Run(shown.text, (("lang", ctx.theme.word_language("hours")),))
        runs = [*labelled_runs(labels, label, (markup.BOLD,)), shown]
        out.append(tagged(fixed(runs, style, ctx.handout.language), "P"))
    return out
