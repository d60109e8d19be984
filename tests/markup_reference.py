"""ReportLab paragraph markup for our runs: the reference the fragment builder is held to.

Production never writes ReportLab markup (`handouts.render.frags` builds
fragments directly); these writers exist so tests can hand the same
paragraph to ReportLab's own parser and compare.
"""

from __future__ import annotations

from handouts import markup


def to_reportlab(text: str, link_color: str | None = None) -> str:
    """ReportLab paragraph markup for `text`, with everything else escaped."""
    return runs_markup(markup.runs(text, link_color))


def runs_markup(paragraph: list[markup.Run]) -> str:
    """ReportLab paragraph markup for runs: the one place that escapes text."""
    out: list[str] = []
    for run in paragraph:
        piece = markup.escape(run.text)
        for tag in reversed(run.tags):
            if tag[0] == "a":
                piece = markup.anchor(piece, tag[1], tag[2])
            elif tag[0] == "lang":
                piece = markup.anchor(piece, markup.LANG_TARGET + tag[1])
            elif tag[0] == "font":
                piece = f"<font color={markup.quoteattr(tag[1])}>{piece}</font>"
            else:
                piece = f"<{tag[0]}>{piece}</{tag[0]}>"
        out.append(piece)
    return "".join(out)
