"""The project's own inline markup, and its only door into ReportLab.

Content may say `**bold**`, `*italic*` (or `_italic_`), `[text](url)`,
`[text]{lang=en}` (a phrase in another language than the handout's: a
screen reader switches voice for it) and `{clinic.phone}`-style
placeholders (filled in by `handouts.placeholders` once the brand is known;
only their names and link forms are checked here).
Everything else is text and is escaped, so that `<img src=...>`, `&amp;` or
`<font>` typed by an author print as typed and never reach ReportLab's
paragraph parser (which would read local files for `<img>`).

The parser produces spans, and layouts say what they print beside content
(a clinic's name, a bold label, a phone link) as `Run`s; `runs_markup` is the
one function that writes ReportLab paragraph markup, so escaping happens in
exactly one place, and `frags` makes the same paragraph as ReportLab's
fragments directly, with no tag parser at all (the one place that knows
those internals).
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paraparser import ParaFrag

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")

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


def link_problem(href: str) -> str | None:
    """Why `href` may not be printed as a link, or None when it may."""
    match = _SCHEME.match(href)
    if not match:
        return f"link target '{href}' needs a scheme: write https://, http://, mailto: or tel:"
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        return (
            f"link scheme '{scheme}:' is not allowed in '{href}'; "
            f"use one of {', '.join(s + ':' for s in ALLOWED_SCHEMES)}"
        )
    return None


def parse(
    text: str, bold: bool = False, italic: bool = False, lang: str | None = None
) -> list[Span]:
    """Split inline markup into spans. Never fails: odd markup stays text."""
    spans: list[Span] = []
    pos = 0
    for m in _TOKEN.finditer(text):
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
    return check(url)


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


def phone_nowrap(text: str) -> str:
    """A phone number never breaks across lines (anything longer than one may)."""
    return text.replace(" ", _NBSP) if len(text) <= 24 else text


def dial(phone: str) -> str:
    """What a tel: link dials: the digits and a leading +, as typed."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def keep_together(text: str) -> str:
    """Glue what a reader must see on one line: '9 am', ', CA 94000'."""
    return _STATE.sub(lambda m: "," + _NBSP + m.group(1), _TIME.sub(r"\1" + _NBSP + r"\2", text))


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


def link(text: str, href: str, color: str | None) -> Run:
    """A field that is a link by nature (a clinic's phone, email, website)."""
    return Run(text, (("a", href, color or ""),))


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


def to_reportlab(text: str, link_color: str | None = None) -> str:
    """ReportLab paragraph markup for `text`, with everything else escaped."""
    return runs_markup(runs(text, link_color))


def runs_markup(paragraph: list[Run]) -> str:
    """ReportLab paragraph markup for runs: the one place that escapes text."""
    out: list[str] = []
    for run in paragraph:
        piece = escape(run.text)
        for tag in reversed(run.tags):
            if tag[0] == "a":
                piece = anchor(piece, tag[1], tag[2])
            elif tag[0] == "lang":
                piece = anchor(piece, LANG_TARGET + tag[1])
            elif tag[0] == "font":
                piece = f"<font color={quoteattr(tag[1])}>{piece}</font>"
            else:
                piece = f"<{tag[0]}>{piece}</{tag[0]}>"
        out.append(piece)
    return "".join(out)


# What ReportLab's tag parser hands on as a piece of its own: an entity is one.
_ENTITY = re.compile(r"&(amp|lt|gt);")
_UNESCAPED = {"amp": "&", "lt": "<", "gt": ">"}


@functools.cache
def _reportlab() -> SimpleNamespace:
    """ReportLab's paragraph internals, imported on first use.

    Importing platypus takes some 65 ms, and the model, which imports this
    module, needs none of it.
    """
    from reportlab.lib.colors import toColor
    from reportlab.lib.fonts import ps2tt, tt2ps
    from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
    from reportlab.platypus.paraparser import ParaFrag, _lineRepeats
    from reportlab.rl_config import platypus_link_underline

    return SimpleNamespace(
        toColor=functools.cache(toColor),  # a brand's few colours, ~20 us each
        ps2tt=ps2tt,
        tt2ps=tt2ps,
        clean=cleanBlockQuotedText,
        textTransformFrags=textTransformFrags,
        ParaFrag=ParaFrag,
        single=_lineRepeats["single"],
        link_underline=platypus_link_underline,
    )


def to_frags(text: str, style: ParagraphStyle, link_color: str | None = None) -> list[ParaFrag]:
    """The fragments ReportLab's parser makes of `to_reportlab(text, link_color)`."""
    return frags(runs(text, link_color), style)


def frags(paragraph: list[Run], style: ParagraphStyle) -> list[ParaFrag]:
    """The fragments ReportLab's parser makes of `runs_markup(paragraph)`.

    Why: parsing that markup again (an `html.parser` tokenizer) was most of
    the cost of a paragraph, for a structure we already hold as runs.
    `Paragraph(None, style, frags=...)` skips cleaning and parsing, so this
    repeats, for our five tags only, what `cleanBlockQuotedText` and
    `ParaParser` (`_initial_frag`, `_push`, `_handle_link`, `start_u`,
    `start_font`, `_new_line`, `handle_data`, `handle_entityref`) and
    `textTransformFrags` do: the PDF must not change by a byte. Fragments
    are ReportLab internals (5.1 is pinned); tests/test_frags.py compares
    them with the parser's. Text never passes through a tag parser at all.

    Whitespace is cleaned by ReportLab's own function over the escaped texts
    with one `<` wherever the markup has tags, which clean the same way. The
    parser makes a fragment of each run of text between tags and entities.
    """
    rl = _reportlab()
    family, bold, italic = rl.ps2tt(style.fontName)
    para = {
        "rise": 0,
        "greek": 0,
        "link": [],
        "fontName": family,
        "bold": bold,
        "italic": italic,
        "fontSize": style.fontSize,
        "textColor": style.textColor,
        "us_lines": [],
        "__tag__": "para",
    }
    # Escaped text, with a `<` for the tags around each tagged run; and per
    # tagged run, the fragment its innermost tag leaves on the stack.
    texts: list[str] = []
    tagged: list[dict] = []
    links = lines = 0
    for run in paragraph:
        if not run.tags:
            texts.append(escape(run.text))
            continue
        frag = para
        for tag in run.tags:
            name = tag[0]
            if name == "b":
                frag = {**frag, "__tag__": "b", "bold": 1}
            elif name == "i":
                frag = {**frag, "__tag__": "i", "italic": 1}
            elif name == "font":
                frag = {**frag, "__tag__": "font", "textColor": rl.toColor(tag[1])}
            elif name == "u":
                underline = (lines, *_underline(style))
                frag = {**frag, "__tag__": "u", "us_lines": [*frag["us_lines"], underline]}
                lines += 1
            else:  # "a", or "lang": written as a link to LANG_TARGET, with no colour
                target = tag[1].strip() if name == "a" else LANG_TARGET + tag[1]
                frag = {**frag, "__tag__": "a", "link": [*frag["link"], (links, target)]}
                if name == "a" and tag[2]:
                    frag["textColor"] = rl.toColor(tag[2])
                links += 1
                if getattr(style, "linkUnderline", rl.link_underline):
                    frag["us_lines"] = [*frag["us_lines"], (lines, *_underline(style))]
                    lines += 1
        texts.append(f"<{escape(run.text)}<")
        tagged.append(frag)

    out: list[ParaFrag] = []
    for i, part in enumerate(rl.clean("".join(texts)).split("<")):
        if not part:
            continue
        frag = tagged[i // 2] if i % 2 else para
        frag = {**frag, "fontName": rl.tt2ps(frag["fontName"], frag["bold"], frag["italic"])}
        if "&" not in part:
            out.append(rl.ParaFrag(**frag, text=part))
            continue
        for j, piece in enumerate(_ENTITY.split(part)):
            if j % 2:
                out.append(rl.ParaFrag(**frag, text=_UNESCAPED[piece]))
            elif piece:
                out.append(rl.ParaFrag(**frag, text=piece))
    rl.textTransformFrags(out, style)
    return out


def _underline(style: ParagraphStyle) -> tuple:
    """An underline as `_new_line` records it, less its number."""
    return (
        "underline",
        getattr(style, "underlineColor", ""),
        getattr(style, "underlineWidth", ""),
        getattr(style, "underlineOffset", ""),
        0,  # rise
        _reportlab().single,
        getattr(style, "underlineGap", ""),
    )


def anchor(escaped_text: str, href: str, color: str | None = None) -> str:
    """A ReportLab link around text that is already escaped.

    For fields that are a link by nature (a clinic's phone, email, website,
    a QR code's address). The target and colour are quoted as attributes, so
    a `"` in them cannot end the attribute and reach ReportLab's parser.
    """
    colour = f" color={quoteattr(color)}" if color else ""
    return f"<a href={quoteattr(href)}{colour}>{escaped_text}</a>"


def escape_text(text: str) -> str:
    """Escape plain text (no markup at all) for a ReportLab paragraph."""
    return escape(text)
