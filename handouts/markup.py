"""The project's own inline markup, and its only door into ReportLab.

Content may say `**bold**`, `*italic*` (or `_italic_`) and `[text](url)`.
Everything else is text and is escaped, so that `<img src=...>`, `&amp;` or
`<font>` typed by an author print as typed and never reach ReportLab's
paragraph parser (which would read local files for `<img>`).

The parser produces spans; `to_reportlab` is the one function that writes
ReportLab paragraph markup, so escaping happens in exactly one place.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

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


def to_reportlab(text: str, link_color: str | None = None) -> str:
    """ReportLab paragraph markup for `text`, with everything else escaped."""
    out: list[str] = []
    for span in parse(text):
        text = span.text
        if span.href is not None and span.href.lower().startswith("tel:"):
            text = phone_nowrap(text)
        piece = escape(text)
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        if span.href is not None and link_problem(span.href) is None:
            color = f" color={quoteattr(link_color)}" if link_color else ""
            piece = f"<a href={quoteattr(span.href)}{color}><u>{piece}</u></a>"
        out.append(piece)
    return "".join(out)


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
