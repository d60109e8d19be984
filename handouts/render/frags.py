"""Our runs as ReportLab paragraph fragments, with no tag parser at all.

Content never reaches ReportLab's paragraph markup: `frags` builds the
fragments its parser would make, for our five tags only (b, i, u, font, a;
a phrase's language rides on a link to `markup.LANG_TARGET`).
Fragments are ReportLab internals (5.1 is pinned); tests/test_frags.py
compares them with the parser's, and tests/test_reportlab_contract.py lists
the private names used here.
"""

from __future__ import annotations

import functools
import re

from reportlab import rl_config
from reportlab.lib.colors import toColor
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, _lineRepeats

from ..markup import LANG_TARGET, Run, escape, runs

# What ReportLab's tag parser hands on as a piece of its own: an entity is one.
_ENTITY = re.compile(r"&(amp|lt|gt);")
_UNESCAPED = {"amp": "&", "lt": "<", "gt": ">"}


_to_color = functools.cache(toColor)  # a brand's few colours, ~20 us each


def to_frags(text: str, style: ParagraphStyle, link_color: str | None = None) -> list[ParaFrag]:
    """The fragments ReportLab's parser would make of our markup in `text`."""
    return frags(runs(text, link_color), style)


def frags(paragraph: list[Run], style: ParagraphStyle) -> list[ParaFrag]:
    """The fragments ReportLab's parser would make of `paragraph` written as its markup.

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
    family, bold, italic = ps2tt(style.fontName)
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
                frag = {**frag, "__tag__": "font", "textColor": _to_color(tag[1])}
            elif name == "u":
                underline = (lines, *_underline(style))
                frag = {**frag, "__tag__": "u", "us_lines": [*frag["us_lines"], underline]}
                lines += 1
            else:  # "a", or "lang": written as a link to LANG_TARGET, with no colour
                target = tag[1].strip() if name == "a" else LANG_TARGET + tag[1]
                frag = {**frag, "__tag__": "a", "link": [*frag["link"], (links, target)]}
                if name == "a" and tag[2]:
                    frag["textColor"] = _to_color(tag[2])
                links += 1
                if getattr(style, "linkUnderline", rl_config.platypus_link_underline):
                    frag["us_lines"] = [*frag["us_lines"], (lines, *_underline(style))]
                    lines += 1
        texts.append(f"<{escape(run.text)}<")
        tagged.append(frag)

    out: list[ParaFrag] = []
    for i, part in enumerate(_cleaned("".join(texts)).split("<")):
        if not part:
            continue
        frag = tagged[i // 2] if i % 2 else para
        frag = {**frag, "fontName": tt2ps(frag["fontName"], frag["bold"], frag["italic"])}
        if "&" not in part:
            out.append(ParaFrag(**frag, text=part))
            continue
        for j, piece in enumerate(_ENTITY.split(part)):
            if j % 2:
                out.append(ParaFrag(**frag, text=_UNESCAPED[piece]))
            elif piece:
                out.append(ParaFrag(**frag, text=piece))
    textTransformFrags(out, style)
    return out


def _cleaned(text: str) -> str:
    """`cleanBlockQuotedText(text)`, which leaves alone printable ASCII spaced singly.

    Such text (most paragraphs) has no white space but single spaces between
    words to strip, split or join: ReportLab's cleaning would give it back
    as it is, after splitting it at every space (14 us a paragraph).
    """
    plain = text.isascii() and text.isprintable() and "  " not in text
    if plain and text[:1] != " " and text[-1:] != " ":
        return text
    return cleanBlockQuotedText(text)


def _underline(style: ParagraphStyle) -> tuple:
    """An underline as `_new_line` records it, less its number."""
    return (
        "underline",
        getattr(style, "underlineColor", ""),
        getattr(style, "underlineWidth", ""),
        getattr(style, "underlineOffset", ""),
        0,  # rise
        _lineRepeats["single"],
        getattr(style, "underlineGap", ""),
    )
