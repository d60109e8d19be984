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
from .text import StoryContext, fixed, labelled_runs, para


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


def edition_codes(ctx: StoryContext, width: float, on_primary: bool = False) -> list[Flowable]:
    """A QR code to each of the handout's other languages (`RenderOptions.editions`),
    captioned in that language ("Esta hoja en español"): the reader the copy in
    their hand does not serve is the one who must find the caption. One code has
    its caption beside it; several go two to a row when `width` has room, each
    caption under its code (beside it, a caption's column is too narrow to read)."""
    found = ctx.options.editions
    if not found:
        return []
    gap = ctx.styles.body.fontSize * 0.75
    if len(found) == 1:
        return [Spacer(1, gap), _edition_card(found[0], ctx, on_primary, beside=True)]
    cards = [_edition_card(edition, ctx, on_primary, beside=False) for edition in found]
    across = 2 if width >= 2 * EDITION_CODE + 3 * gap else 1
    half = (width - gap) / 2
    out: list[Flowable] = []
    for i in range(0, len(cards), across):
        row = cards[i : i + across]
        if len(row) == 1:
            out += [Spacer(1, gap), row[0]]
            continue
        # The first at the reading start: the right of a right-to-left page, read first.
        left, right = (row[1:], row[:1]) if ctx.rtl else (row[:1], row[1:])
        pair = SideBySide(left, right, left_width=half, gap=gap, middle=False, right_first=ctx.rtl)
        out += [Spacer(1, gap), pair]
    return out


def _edition_card(edition: Edition, ctx: StoryContext, on_primary: bool, beside: bool) -> Flowable:
    """The code and what it opens, in its own language."""
    st, pal = ctx.styles, ctx.theme.colors
    words = language_of(edition.language).labels
    caption = words.in_this_language if words else edition.language
    alt = f"{caption}: {short_url(edition.url)}"
    figure = Tag("Figure", alt=alt, lang=edition.language)
    code = tagged(QrCode(edition.url, EDITION_CODE, alt), figure)
    colour = pal.on_primary if on_primary else pal.text
    # Under its code the caption is centred (alignment 1), whatever its direction.
    style = st.small.clone(
        "edition", spaceBefore=3, spaceAfter=0, textColor=colour, alignment=0 if beside else 1
    )
    own = Tag("P", lang=edition.language)
    said = tagged(fixed([markup.Run(caption)], style, edition.language), own)
    if beside:
        return SideBySide([code], [said], left_width=EDITION_CODE, gap=6, middle=True)
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
