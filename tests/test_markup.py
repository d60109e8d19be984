"""The project's inline markup: bold, italic, links; everything else is text."""

from __future__ import annotations

import pytest
from helpers import build_into, handout, library, page_texts, section
from markup_reference import to_reportlab

from handouts import markup
from handouts.markup import Span


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("plain", [Span("plain")]),
        ("**bold** and *it*", [Span("bold", bold=True), Span(" and "), Span("it", italic=True)]),
        ("_it_", [Span("it", italic=True)]),
        ("[site](https://a.example)", [Span("site", href="https://a.example")]),
        ("**[b](tel:5550100)**", [Span("b", bold=True, href="tel:5550100")]),
        ("5 * 3 * 2", [Span("5 * 3 * 2")]),
        ("snake_case_name", [Span("snake_case_name")]),
        ("**unclosed", [Span("**unclosed")]),
    ],
)
def test_parse(text, spans):
    assert markup.parse(text) == spans


def test_tokens_are_the_patterns_own_matches():
    """The scan that jumps to where a token can start finds what `finditer` finds,
    on seeded random strings of the markup's characters (nested, unclosed, empty)."""
    import random

    rng = random.Random(14)
    alphabet = "ab *_[](){}=lang-x\n**\u00e9:/.2"
    texts = ["", "plain", "*a* _b_ **c** [d](https://e.example) [f]{lang=es}", "a_b*c*_d_"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(0, 40))) for _ in range(20000)]
    for text in texts:
        found = [(m.span(), m.groupdict()) for m in markup._tokens(text)]
        assert found == [(m.span(), m.groupdict()) for m in markup._TOKEN.finditer(text)], text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<img src="/etc/hostname">', '&lt;img src="/etc/hostname"&gt;'),
        ("5 < 7 & 9 > 3", "5 &lt; 7 &amp; 9 &gt; 3"),
        ("&amp; &entity;", "&amp;amp; &amp;entity;"),
        ("<b>unclosed", "&lt;b&gt;unclosed"),
        ("**a<b**", "<b>a&lt;b</b>"),
        (
            '[x](https://a.example/"onclick=")',
            '<a href="https://a.example/&quot;onclick=&quot;"><u>x</u></a>',
        ),
    ],
)
def test_to_reportlab_escapes_everything_but_our_markup(text, expected):
    assert to_reportlab(text) == expected


@pytest.mark.parametrize("href", ["javascript:alert", "file:///etc/passwd", "data:text/html,x"])
def test_disallowed_schemes_are_errors(href):
    with pytest.raises(markup.MarkupError, match="is not allowed"):
        markup.check(f"[x]({href})")


def test_relative_link_needs_a_scheme():
    with pytest.raises(markup.MarkupError, match="needs a scheme"):
        markup.check("[x](www.example.com)")


HOSTILE = [
    '<img src="/etc/hostname"> 5 < 7 & 9 > 3',
    '<a href="javascript:alert(1)">click</a> <font size=40>big</font>',
    "<onDraw name=x/> &amp; &lt; &entity; <b>unclosed",
]


def test_hostile_text_prints_exactly_as_typed(tmp_path):
    data = library(handout("safe", section("Text", *HOSTILE)))
    report = build_into(tmp_path, data)
    assert report.diagnostics == []
    text = " ".join(page_texts(report.outputs[0].path))
    for line in HOSTILE:
        assert " ".join(line.split()) in text


def test_times_and_states_are_glued_to_their_numbers():
    nb = "\u00a0"
    assert markup.keep_together("Sat 9 am–1 pm") == f"Sat 9{nb}am–1{nb}pm"
    assert markup.keep_together("Bayview, CA 94000") == f"Bayview,{nb}CA 94000"
    for unit in ("Suite 300", "Ste. 12", "Apt 4B", "Unit 7", "Room 101", "Floor 3"):
        word, number = unit.split(" ")
        glued = markup.keep_together(f"1200 Harbor Way, {unit}, Bayview")
        assert glued == f"1200 Harbor Way, {word}{nb}{number}, Bayview", glued
    assert markup.keep_together("Suitcase 3") == "Suitcase 3"  # a word, not a unit
    # A Vietnamese weekday is one word to a reader: "Thứ" / "Bảy" reads as two.
    hours = markup.keep_together("Thứ Hai–Thứ Sáu 8:00–18:00, Thứ Bảy 9:00–13:00, Chủ Nhật")
    assert hours == f"Thứ{nb}Hai–Thứ{nb}Sáu 8:00–18:00, Thứ{nb}Bảy 9:00–13:00, Chủ{nb}Nhật"
    assert markup.keep_together("Thứ tự") == "Thứ tự"  # "order": no weekday
    assert markup.phone_nowrap("(555) 010-0199") == f"(555){nb}010-0199"
    assert markup.phone_nowrap("x " * 20) == "x " * 20
