"""The end of every document: call to action, contacts, full disclaimer, accreditation."""

from __future__ import annotations

from .. import markup
from ..render.primitives import Flowable, Paragraph, ParagraphStyle, Spacer
from ..render.tagging import Tag, tagged
from .boxes import Panel, side_by_side
from .furniture import review_line
from .text import StoryContext, fixed, para


def closing_flowables(ctx: StoryContext) -> list[Flowable]:
    """A closing card (call to action beside the contacts), then the fine print."""
    theme, st = ctx.theme, ctx.styles
    cta = _cta_para(ctx)
    left: list[Flowable] = [cta] if cta else []
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
    return [*out, *fine_print(ctx), review_paragraph(ctx)]


def review_paragraph(ctx: StoryContext) -> Flowable:
    """Which handout this is and when it was reviewed, as content (the footer
    repeats it as furniture, which a screen reader skips)."""
    return tagged(fixed([markup.Run(review_line(ctx.handout, ctx.labels))], ctx.styles.small), "P")


def _cta_para(ctx: StoryContext) -> Paragraph | None:
    """The call to action, set to sit on the brand colour (links in white too)."""
    h = ctx.handout
    if not h.call_to_action:
        return None
    white = ctx.theme.colors.on_primary.hexval().replace("0x", "#")
    return para(h.call_to_action, ctx, (*h.loc, "call_to_action"), ctx.styles.cta, white)


def contact_title(ctx: StoryContext, style) -> Flowable:
    title = ctx.labels.contact.format(clinic=ctx.theme.clinic.name)
    return tagged(fixed([markup.Run(title)], style), "H2")


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


def fine_print(ctx: StoryContext) -> list[Flowable]:
    """The full disclaimer, then the accreditation.

    The disclaimer carries the emergency and crisis numbers: fine print is
    never below `theme.FINE_PRINT_SIZE` (10 pt), whatever the format.
    """
    theme, st = ctx.theme, ctx.styles
    clinic = theme.clinic
    out: list[Flowable] = [brand_words(clinic.disclaimer, "disclaimer", st.small, ctx)]
    if clinic.accreditation:
        accreditation = markup.Run(clinic.accreditation, (markup.BOLD,))
        lang = theme.word_language("accreditation")
        out.append(tagged(fixed([accreditation], st.small), Tag("P", lang=lang)))
    return out


def brand_words(text: str, name: str, style: ParagraphStyle, ctx: StoryContext) -> Flowable:
    """A paragraph of the clinic's own words, tagged with their language when
    they print untranslated in a handout of another language."""
    lang = ctx.theme.word_language(name)
    return tagged(fixed([markup.Run(text)], style), Tag("P", lang=lang))


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
        runs = [markup.Run(f"{label}:", (markup.BOLD,)), markup.Run(" "), shown]
        out.append(tagged(fixed(runs, style), "P"))
    return out
