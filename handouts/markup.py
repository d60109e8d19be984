"""The project's own inline markup, and its only door into ReportLab.

Content may say `**bold**`, `*italic*` (or `_italic_`) and `[text](url)`.
Everything else is text and is escaped, so that `<img src=...>`, `&amp;` or
`<font>` typed by an author print as typed and never reach ReportLab's
paragraph parser (which would read local files for `<img>`).

The parser produces spans; `to_reportlab` is the one function that writes
ReportLab paragraph markup, so escaping happens in exactly one place, and
`to_frags` makes the same paragraph as ReportLab's fragments directly, with
no tag parser at all (the one place that knows those internals).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paraparser import ParaFrag

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")

# A link is [text](target); the target may not contain spaces or ')'.
_TOKEN = re.compile(
    r"(?P<link>\[(?P<ltext>[^\[\]]+)\]\((?P<href>[^()\s]+)\))"
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


class MarkupError(ValueError):
    """A link whose target is not allowed; the message says what to do."""


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


def parse(text: str, bold: bool = False, italic: bool = False) -> list[Span]:
    """Split inline markup into spans. Never fails: odd markup stays text."""
    spans: list[Span] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos : m.start()], bold, italic))
        if m.group("link"):
            spans.extend(
                Span(s.text, s.bold, s.italic, m.group("href"))
                for s in parse(m.group("ltext"), bold, italic)
            )
        elif m.group("bold"):
            spans.extend(parse(m.group("btext"), True, italic))
        else:
            inner = m.group("itext") or m.group("utext")
            spans.extend(parse(inner, bold, True))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:], bold, italic))
    return spans


def check(text: str) -> str:
    """Validate links in `text` (used by the model); returns it unchanged."""
    if "](" not in text:  # no link without it; most text is checked for nothing
        return text
    for span in parse(text):
        if span.href is not None:
            problem = link_problem(span.href)
            if problem:
                raise MarkupError(problem)
    return text


_NBSP = "\u00a0"
_TIME = re.compile(r"(\d)\s+(am|pm|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE)
_STATE = re.compile(r",\s+([A-Z]{2})(?=\s+\d{5}|$)")


def phone_nowrap(text: str) -> str:
    """A phone number never breaks across lines (anything longer than one may)."""
    return text.replace(" ", _NBSP) if len(text) <= 24 else text


def keep_together(text: str) -> str:
    """Glue what a reader must see on one line: '9 am', ', CA 94000'."""
    return _STATE.sub(lambda m: "," + _NBSP + m.group(1), _TIME.sub(r"\1" + _NBSP + r"\2", text))


def plain(text: str) -> str:
    """The words a reader sees, without markup (for checks and metadata)."""
    return "".join(span.text for span in parse(text))


def _printed(text: str) -> Iterator[tuple[str, bool, bool, str | None]]:
    """Spans as they print: a phone number kept on one line, a link only where allowed."""
    for span in parse(text):
        shown, href = span.text, span.href
        if href is not None:
            if href.lower().startswith("tel:"):
                shown = phone_nowrap(shown)
            if link_problem(href) is not None:
                href = None
        yield shown, span.bold, span.italic, href


def to_reportlab(text: str, link_color: str | None = None) -> str:
    """ReportLab paragraph markup for `text`, with everything else escaped."""
    out: list[str] = []
    for shown, bold, italic, href in _printed(text):
        piece = escape(shown)
        if italic:
            piece = f"<i>{piece}</i>"
        if bold:
            piece = f"<b>{piece}</b>"
        if href is not None:
            color = f" color={quoteattr(link_color)}" if link_color else ""
            piece = f"<a href={quoteattr(href)}{color}><u>{piece}</u></a>"
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
        toColor=toColor,
        ps2tt=ps2tt,
        tt2ps=tt2ps,
        clean=cleanBlockQuotedText,
        textTransformFrags=textTransformFrags,
        ParaFrag=ParaFrag,
        single=_lineRepeats["single"],
        link_underline=platypus_link_underline,
    )


def to_frags(text: str, style: ParagraphStyle, link_color: str | None = None) -> list[ParaFrag]:
    """The fragments ReportLab's parser makes of `to_reportlab(text, link_color)`.

    Why: parsing that markup again (an `html.parser` tokenizer) was most of
    the cost of a paragraph, for a structure we already hold as spans.
    `Paragraph(None, style, frags=...)` skips cleaning and parsing, so this
    repeats, for our four tags only, what `cleanBlockQuotedText` and
    `ParaParser` (`_initial_frag`, `_push`, `_handle_link`, `start_u`,
    `_new_line`, `handle_data`, `handle_entityref`) and `textTransformFrags`
    do: the PDF must not change by a byte. Fragments are ReportLab internals
    (5.1 is pinned); tests/test_frags.py compares them with the parser's.
    Content stays text: it never passes through a tag parser at all.

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
    # Escaped text, with a `<` for the tags around each styled span; and
    # per styled span, the fragment its innermost tag leaves on the stack.
    runs: list[str] = []
    styled: list[dict] = []
    links = lines = 0
    for shown, bold, italic, href in _printed(text):
        if not (bold or italic or href is not None):
            runs.append(escape(shown))
            continue
        frag = para
        if href is not None:
            frag = {**frag, "__tag__": "a", "link": [*frag["link"], (links, href.strip())]}
            if link_color:  # converted per link, as the parser does
                frag["textColor"] = rl.toColor(link_color)
            links += 1
            underline = (
                "underline",
                getattr(style, "underlineColor", ""),
                getattr(style, "underlineWidth", ""),
                getattr(style, "underlineOffset", ""),
                0,  # rise
                rl.single,
                getattr(style, "underlineGap", ""),
            )
            if getattr(style, "linkUnderline", rl.link_underline):
                frag["us_lines"] = [*frag["us_lines"], (lines, *underline)]
                lines += 1
            frag = {**frag, "__tag__": "u", "us_lines": [*frag["us_lines"], (lines, *underline)]}
            lines += 1
        if bold:
            frag = {**frag, "__tag__": "b", "bold": 1}
        if italic:
            frag = {**frag, "__tag__": "i", "italic": 1}
        runs.append(f"<{escape(shown)}<")
        styled.append(frag)

    frags: list[ParaFrag] = []
    for i, part in enumerate(rl.clean("".join(runs)).split("<")):
        if not part:
            continue
        frag = styled[i // 2] if i % 2 else para
        frag = {**frag, "fontName": rl.tt2ps(frag["fontName"], frag["bold"], frag["italic"])}
        if "&" not in part:
            frags.append(rl.ParaFrag(**frag, text=part))
            continue
        for j, piece in enumerate(_ENTITY.split(part)):
            if j % 2:
                frags.append(rl.ParaFrag(**frag, text=_UNESCAPED[piece]))
            elif piece:
                frags.append(rl.ParaFrag(**frag, text=piece))
    rl.textTransformFrags(frags, style)
    return frags


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
