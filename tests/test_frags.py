"""`frags.to_frags` makes exactly the fragments ReportLab's parser makes of our markup.

Paragraphs of content skip ReportLab's tag parser (it was most of a
paragraph's cost), so the fragments we build must be the parser's own, down
to the order of their attributes, or the PDFs would change.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markup_reference import runs_markup, to_reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handouts import markup
from handouts.render import frags as rl_frags
from handouts.render.fonts import default_family

FAMILY = default_family()
BODY = ParagraphStyle(
    "body", fontName=FAMILY.regular, fontSize=11, leading=14, textColor=HexColor("#222222")
)
STYLES = [
    BODY,
    BODY.clone("heading", fontName=FAMILY.bold, fontSize=16),
    BODY.clone("upper", textTransform="uppercase"),
    BODY.clone("title-case", textTransform="capitalize"),
    BODY.clone("underlined-links", linkUnderline=1),
]
LINK = "#1B4965"

TRICKY = [
    "",
    "   ",
    "plain words",
    "a & b",
    "5 < 7 & 9 > 3",
    "&amp; &lt; &entity; &#169;",
    "a&&b&",
    "\"double\" and 'single' quotes",
    "no\u00a0break and\u00a0 a space",
    "\u00a0leading and trailing\u00a0",
    "double  spaces   and\ttabs",
    "new\nline and \n\n blank line",
    "  leading and trailing  ",
    "**bold** and *italic* and _italic_ and ***both***",
    "**bold with *italic* inside**",
    "**[link in bold](https://a.example/?a=1&b=2)** after",
    "[**bold** in a link](https://a.example)",
    "[ spaced link ](https://a.example) and x [ y](https://b.example)",
    "[one](https://a.example)[two](https://b.example)",
    "Call [(555) 010-0199](tel:+15550100199) or [a much longer phone label](tel:5550100)",
    '[quote](https://a.example/"onclick=")',
    "[not allowed](javascript:alert) stays text",
    "<img src=x> <b>not bold</b> <a href='https://a.example'>x</a>",
    '<img src="/etc/hostname"/> <font size=40>big</font> <para>',
    "Ünïcödé, 日本語, العربية, ελληνικά — “quotes” …",
    "zero\u200bwidth, em\u2003space, ideographic\u3000space",
    "zero\u200bwidth beside\u00a0no-break",
    "line\u2028separator",
    "**a** **b**",
]


def fragments(frags: list) -> list[list[tuple]]:
    """Each fragment's attributes, in the order they were set."""
    return [list(vars(f).items()) for f in frags]


def parsed(text: str, style: ParagraphStyle, link_color: str | None) -> list:
    return Paragraph(to_reportlab(text, link_color), style).frags


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
@pytest.mark.parametrize("link_color", [LINK, None])
def test_fragments_are_the_parsers(text, style, link_color):
    ours = rl_frags.to_frags(text, style, link_color)
    assert fragments(ours) == fragments(parsed(text, style, link_color))


def drawn(paragraph: Paragraph) -> bytes:
    canvas = Canvas(io.BytesIO(), invariant=1)
    paragraph.wrapOn(canvas, 120, 800)
    paragraph.drawOn(canvas, 36, 36)
    return canvas.getpdfdata()


@pytest.mark.parametrize("text", TRICKY)
def test_drawn_paragraph_is_the_same_pdf(text):
    ours = Paragraph(None, BODY, frags=rl_frags.to_frags(text, BODY, LINK))
    assert drawn(ours) == drawn(Paragraph(to_reportlab(text, LINK), BODY))


def test_text_that_looks_like_tags_stays_text():
    frags = rl_frags.to_frags('<img src="x"> & <b>', BODY, LINK)
    assert "".join(f.text for f in frags) == '<img src="x"> & <b>'
    assert not any(hasattr(f, "cbDefn") or f.bold for f in frags)


def test_a_phone_link_does_not_break():
    frags = rl_frags.to_frags("[(555) 010-0199](tel:+15550100199)", BODY, LINK)
    assert [(f.text, f.link) for f in frags] == [("(555)\u00a0010-0199", [(0, "tel:+15550100199")])]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab *_[]():/&<>;'\"\n\t\u00a0\u200b\u3000é", max_size=40))
def test_any_text_makes_the_parsers_fragments(text):
    text = text.replace("](", "](https://x.example/") if "](" in text else text
    ours = rl_frags.to_frags(text, BODY, LINK)
    assert fragments(ours) == fragments(parsed(text, BODY, LINK))


Run = markup.Run
FIELDS = [
    [Run("Harbor Light_ *Health* & Co <b>")],
    [Run("  Accredited by   the\nCouncil  ", (markup.BOLD,))],
    [Run("Phone:", (markup.BOLD,)), Run(" "), markup.link("(555)\u00a0010-0199", "tel:555", LINK)],
    [Run("Web:", (markup.BOLD,)), Run(" "), markup.link("a.example/?a=1&b=2", "https://a", None)],
    [Run("Hours:", (markup.BOLD,)), Run(" "), Run("Mon\u2013Fri 8\u00a0am")],
    [
        Run("NMDA & co:", (("font", LINK), markup.BOLD)),
        Run(" "),
        *markup.runs("A *switch* and [a link](https://a.example) & more", LINK),
    ],
    [Run("", (markup.BOLD,)), Run(" x "), Run("", (("font", "#ffffff"),))],
]


@pytest.mark.parametrize("runs", FIELDS)
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_fragments_of_runs_are_the_parsers(runs, style):
    theirs = Paragraph(runs_markup(runs), style).frags
    assert fragments(rl_frags.frags(runs, style)) == fragments(theirs)


def test_runs_write_the_markup_layouts_wrote_by_hand():
    term = Run("Infusion:", (("font", LINK), markup.BOLD))
    assert runs_markup([term]) == '<font color="#1B4965"><b>Infusion:</b></font>'
    phone = markup.link("(555)", "tel:555", "#ffffff")
    assert runs_markup([phone]) == '<a href="tel:555" color="#ffffff">(555)</a>'
    assert runs_markup([Run("a&b", (markup.BOLD,))]) == "<b>a&amp;b</b>"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab *_&<>;\n\u00a0é", max_size=12),
            st.sampled_from(
                [(), (markup.BOLD,), (("font", LINK), markup.BOLD), (("a", "tel:1", LINK),)]
            ),
        ),
        max_size=5,
    )
)
def test_any_runs_make_the_parsers_fragments(pieces):
    runs = [Run(text, tags) for text, tags in pieces]
    theirs = Paragraph(runs_markup(runs), BODY).frags
    assert fragments(rl_frags.frags(runs, BODY)) == fragments(theirs)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab .<&\t\n\x0b\x1c\x85\xa0\u2009\u3000", max_size=24))
def test_plain_text_skips_cleaning_only_where_cleaning_changes_nothing(text):
    """Single-spaced printable ASCII is passed on as ReportLab's cleaning would give it."""
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    assert rl_frags._cleaned(text) == cleanBlockQuotedText(text)
