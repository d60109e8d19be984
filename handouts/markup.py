"""The project's own inline markup: a pure parser, its validators, and runs.

Content may say `**bold**`, `*italic*` (or `_italic_`), `[text](url)`,
`[text]{lang=en}` (a phrase in another language than the handout's: a
screen reader switches voice for it) and `{clinic.phone}`-style
placeholders (filled in by `handouts.placeholders` once the brand is known;
only their names and link forms are checked here).
Everything else is text: `<img src=...>`, `&amp;` or `<font>` typed by an
author print as typed and never reach ReportLab's paragraph parser (which
would read local files for `<img>`).

The parser produces spans, and layouts say what they print beside content
(a clinic's name, a bold label, a phone link) as `Run`s; `handouts.render.frags`
turns runs into ReportLab's fragments directly, with no tag parser at all.
This module imports no ReportLab.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Every address the tool prints or links passes `link_problem` with these:
# links in text, QR codes, the clinic's website and QR target, base_url.
ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")
WEB_SCHEMES = ("https", "http")  # fields that name a web page

# A link is [text](target); the target may not contain spaces or ')'.
# A phrase in another language is [text]{lang=tag}, with a BCP 47 tag.
_TOKEN = re.compile(
    r"(?P<link>\[(?P<ltext>[^\[\]]+)\]\((?P<href>[^()\s]+)\))"
    r"|(?P<lang>\[(?P<gtext>[^\[\]]+)\]\{lang=(?P<tag>[a-zA-Z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\})"
    r"|(?P<bold>\*\*(?=\S)(?P<btext>.+?)(?<=\S)\*\*)"
    r"|(?P<ital>(?<![\w*])\*(?=[^\s*])(?P<itext>[^*]+?)(?<=\S)\*(?![\w*]))"
    r"|(?P<uital>(?<![\w_])_(?=[^\s_])(?P<utext>[^_]+?)(?<=\S)_(?![\w_]))",
    re.DOTALL,
)
_TOKEN_START = re.compile(r"[\[*_]")  # every token starts with one of these


def _tokens(text: str) -> Iterator[re.Match[str]]:
    """`_TOKEN.finditer(text)`, tried only where a token can start.

    The pattern's look-behinds keep `re` from skipping ahead by itself: it
    tried all five kinds at every character, 40 us for a plain paragraph of
    300 characters (a handout has about a hundred). Jumping to the next
    bracket, star or underscore finds the same matches (a test compares them).
    """
    find, match = _TOKEN_START.search, _TOKEN.match
    found = find(text)
    while found is not None:
        m = match(text, found.start())
        if m is None:
            found = find(text, found.start() + 1)
            continue
        yield m
        found = find(text, m.end())


def escape(text: str) -> str:
    """Text safe between ReportLab tags (xml.sax.saxutils would import urllib at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    """A double-quoted attribute value; `"` and `'` inside cannot end it."""
    return f'"{html.escape(value)}"'


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    lang: str | None = None  # a phrase in another language than its paragraph's


# How a phrase's language travels through ReportLab: as a link target of its
# own (the paragraph's only per-phrase hook), which the tagging canvas turns
# into a Span with /Lang and never into a link annotation.
LANG_TARGET = "x-handouts-lang:"


class MarkupError(ValueError):
    """A link whose target is not allowed; the message says what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


# A placeholder names a field of the brand a handout prints with; any other
# text in braces (`{like this}`) is text.
PLACEHOLDER = re.compile(r"\{clinic\.([A-Za-z_]\w*)\}")
PLACEHOLDER_NAMES = ("name", "phone", "email", "website", "address", "hours")
# What a link target may make of a placeholder: dial, mail, or the website
# (a page under it too): `tel:{clinic.phone}`, `{clinic.website}/first-visit`.
PLACEHOLDER_TARGET = re.compile(
    r"tel:\{clinic\.phone\}|mailto:\{clinic\.email\}|\{clinic\.website\}(/[^{}]*)?"
)


def _check_placeholders(text: str) -> None:
    """Unknown names are an error as soon as the content is read, brand or not."""
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in PLACEHOLDER_NAMES:
            close = difflib.get_close_matches(name, PLACEHOLDER_NAMES, n=1)
            hint = (
                f"did you mean {{clinic.{close[0]}}}?"
                if close
                else "use one of " + ", ".join(f"{{clinic.{n}}}" for n in PLACEHOLDER_NAMES)
            )
            raise MarkupError(f"unknown placeholder {match.group(0)}", hint)


def link_problem(href: str, schemes: tuple[str, ...] = ALLOWED_SCHEMES) -> str | None:
    """Why `href` may not be printed or linked, or None when it may: the one scheme check.

    `schemes` narrows ALLOWED_SCHEMES for fields that name a web page.
    """
    match = _SCHEME.match(href)
    allowed = [s for s in ALLOWED_SCHEMES if s in schemes]
    if not match:
        return f"link target '{href}' needs a scheme: write {_schemes(allowed)}"
    scheme = match.group(1).lower()
    if scheme not in allowed:
        return (
            f"link scheme '{scheme}:' is not allowed in '{href}'; "
            f"use one of {', '.join(s + ':' for s in allowed)}"
        )
    if scheme in WEB_SCHEMES and not href[match.end() :].startswith("//"):
        return f"web address '{href}' needs // after '{scheme}:': write {scheme}://"
    return None


def _schemes(allowed: list[str]) -> str:
    """'https://, http://, mailto: or tel:'"""
    names = [s + ("://" if s in WEB_SCHEMES else ":") for s in allowed]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def check_url(url: str, schemes: tuple[str, ...] = ALLOWED_SCHEMES) -> str:
    """Validate a field that is an address (used by the model); returns it unchanged."""
    problem = link_problem(url, schemes)
    if problem:
        raise MarkupError(problem)
    return check(url)


def check_web_url(url: str) -> str:
    """Validate a field that names a web page (https: or http:)."""
    return check_url(url, WEB_SCHEMES)


def parse(
    text: str, bold: bool = False, italic: bool = False, lang: str | None = None
) -> list[Span]:
    """Split inline markup into spans. Never fails: odd markup stays text."""
    spans: list[Span] = []
    pos = 0
    for m in _tokens(text):
        if m.start() > pos:
            spans.append(Span(text[pos : m.start()], bold, italic, None, lang))
        if m.group("link"):
            spans.extend(
                Span(s.text, s.bold, s.italic, m.group("href"), lang)
                for s in parse(m.group("ltext"), bold, italic, lang)
            )
        elif m.group("lang"):
            spans.extend(parse(m.group("gtext"), bold, italic, m.group("tag")))
        elif m.group("bold"):
            spans.extend(parse(m.group("btext"), True, italic, lang))
        else:
            inner = m.group("itext") or m.group("utext")
            spans.extend(parse(inner, bold, True, lang))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:], bold, italic, None, lang))
    return spans


def _check_link(href: str, placeholders: bool = False) -> None:
    if placeholders and PLACEHOLDER.search(href):
        if not PLACEHOLDER_TARGET.fullmatch(href):
            raise MarkupError(
                f"link target '{href}' cannot be filled in",
                "write [...](tel:{clinic.phone}), [...](mailto:{clinic.email}) or "
                "[...]({clinic.website}), which may go on to a page: {clinic.website}/visit",
            )
        return
    problem = link_problem(href)
    if problem:
        raise MarkupError(problem)


def check(text: str) -> str:
    """Validate links in `text` (used by the model); returns it unchanged."""
    if "](" not in text:  # no link without it; most text is checked for nothing
        return text
    for span in parse(text):
        if span.href is not None:
            _check_link(span.href)
    return text


def check_web_target(url: str) -> str:
    """Validate an address that may start with {clinic.website} (a QR code's url)."""
    if "{" in url and PLACEHOLDER.search(url):
        _check_placeholders(url)
        if not re.fullmatch(r"\{clinic\.website\}(/[^{}]*)?", url):
            raise MarkupError(
                f"'{url}' cannot be filled in",
                "only {clinic.website} may start an address, alone or followed by a page: "
                "{clinic.website}/visit",
            )
        return url
    return check_url(url)


def check_inline(text: str) -> str:
    """Validate inline text (used by the model): links, and the placeholders in it."""
    if "{clinic." not in text:
        return check(text)
    _check_placeholders(text)
    for span in parse(text):
        if span.href is not None:
            _check_link(span.href, placeholders=True)
    return text


_NBSP = "\u00a0"
_TIME = re.compile(r"(\d)\s+(am|pm|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE)
_STATE = re.compile(r",\s+([A-Z]{2})(?=\s+\d{5}|$)")
# A unit and its number: "Suite 300", "Apt 4B", "Room 101" (an address that
# breaks after "Suite" reads as two places).
_UNIT = re.compile(r"\b(Suite|Ste\.?|Apt\.?|Unit|Floor|Fl\.|Room|Rm\.|Bldg\.?|Building)\s+(?=\w)")
# A Vietnamese weekday is two syllables, one word to a reader: "Thứ Bảy" (Saturday)
# split as "Thứ" / "Bảy 9:00" reads as "Ordinal" / "Seven".
_WEEKDAY = re.compile(r"\b(Thứ|Chủ)\s+(?=(Hai|Ba|Tư|Năm|Sáu|Bảy|Nhật)\b)", re.IGNORECASE)


def phone_nowrap(text: str) -> str:
    """A phone number never breaks across lines (anything longer than one may)."""
    return text.replace(" ", _NBSP) if len(text) <= 24 else text


def dial(phone: str) -> str:
    """What a tel: link dials: the digits and a leading +, as typed."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def keep_together(text: str) -> str:
    """Glue what a reader must see on one line: '9 am', ', CA 94000', 'Suite 300',
    'Thứ Bảy'."""
    text = _UNIT.sub(lambda m: m.group(1) + _NBSP, _TIME.sub(r"\1" + _NBSP + r"\2", text))
    text = _WEEKDAY.sub(lambda m: m.group(1) + _NBSP, text)
    return _STATE.sub(lambda m: "," + _NBSP + m.group(1), text)


# Where UAX #14 lets a line end with no space: between ideographs, kana or
# Hangul syllables (a name in Chinese, Japanese or Korean).
_WIDE = "\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_BETWEEN_WIDE = re.compile(f"(?<=[{_WIDE}])(?=.)|(?<=.)(?=[{_WIDE}])")


def unbroken(text: str) -> str:
    """A name that must print on one line ('Kreyòl ayisyen', '한국어'): no-break
    spaces, and a word joiner (U+2060, never drawn) wherever a line could end
    between two characters without a space."""
    return _BETWEEN_WIDE.sub("\u2060", text.replace(" ", _NBSP))


def plain(text: str) -> str:
    """The words a reader sees, without markup (for checks and metadata)."""
    return "".join(span.text for span in parse(text))


# A tag around a run of text, outermost first, as ReportLab markup nests
# them: ("b",), ("i",), ("u",), ("font", colour) or ("a", href, colour),
# where an empty link colour leaves the paragraph's own.
Tag = tuple[str, ...]
BOLD: Tag = ("b",)


@dataclass(frozen=True, slots=True)
class Run:
    """Text as it prints (not escaped), with the tags around it."""

    text: str
    tags: tuple[Tag, ...] = ()


# Chinese and Japanese write no spaces: a whole paragraph would be one "word".
_LONGEST_RUN = 24


def first_words(text: str, count: int = 8) -> str:
    """The start of `text` for a message, with "..." when there is more; a run
    without spaces longer than 24 characters is quoted by its first 24."""
    found = text.split()
    for i, word in enumerate(found[:count]):
        if len(word) > _LONGEST_RUN:
            return " ".join([*found[:i], word[:_LONGEST_RUN]]) + " ..."
    head = " ".join(found[:count])
    return f"{head} ..." if len(found) > count else head


def link(text: str, href: str, color: str | None) -> Run:
    """A field that is a link by nature (a clinic's phone, email, website).

    A target the scheme check refuses prints as plain text: no way round it.
    """
    return Run(text, (("a", href, color or ""),) if link_problem(href) is None else ())


def runs(text: str, link_color: str | None = None) -> list[Run]:
    """The runs of inline markup as they print.

    A phone number stays on one line, a link is kept only where allowed,
    and a link's words are underlined on top of any link underline.
    """
    out: list[Run] = []
    for span in parse(text):
        shown, href = span.text, span.href
        tags: list[Tag] = []
        if href is not None:
            if href.lower().startswith("tel:"):
                shown = phone_nowrap(shown)
            if link_problem(href) is None:
                tags += [("a", href, link_color or ""), ("u",)]
        if span.lang is not None:
            tags.append(("lang", span.lang))
        if span.bold:
            tags.append(BOLD)
        if span.italic:
            tags.append(("i",))
        out.append(Run(shown, tuple(tags)))
    return out


def anchor(escaped_text: str, href: str, color: str | None = None) -> str:
    """A ReportLab link around text that is already escaped.

    For fields that are a link by nature (a clinic's phone, email, website,
    a QR code's address). The target and colour are quoted as attributes, so
    a `"` in them cannot end the attribute and reach ReportLab's parser.
    """
    if link_problem(href) is not None:
        return escaped_text
    colour = f" color={quoteattr(color)}" if color else ""
    return f"<a href={quoteattr(href)}{colour}>{escaped_text}</a>"


def escape_text(text: str) -> str:
    """Escape plain text (no markup at all) for a ReportLab paragraph."""
    return escape(text)
