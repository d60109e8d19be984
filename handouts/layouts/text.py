"""Text for every layout: the story context, paragraphs, headings, lists and links.

Every paragraph of content goes through `para()`, which makes its ReportLab
fragments with `render.frags.to_frags` (content never meets a tag parser), refuses
words wider than the column and records the YAML location, so layout errors
can point at the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import markup
from ..labels import Labels
from ..model import Handout, Loc
from ..options import RenderOptions
from ..render.document import LayoutProblem
from ..render.frags import frags as run_frags
from ..render.frags import to_frags
from ..render.meta import source
from ..render.paragraphs import Heading, Para
from ..render.primitives import Flowable, stringWidth
from ..render.tagging import Tag, tag_items, tagged
from ..theme import Styles, Theme, hex_of

# ------------------------------------------------------------------ context


@dataclass(frozen=True)
class StoryContext:
    """What block builders need: the brand, the sizes, and the handout."""

    theme: Theme
    styles: Styles
    handout: Handout
    column_width: float
    options: RenderOptions = field(default_factory=RenderOptions)
    # The tallest frame the layout has: content taller than this can never print.
    frame_height: float = float("inf")

    @property
    def labels(self) -> Labels:
        return self.theme.labels

    @property
    def link_color(self) -> str:
        return hex_of(self.theme.colors.primary)


# ------------------------------------------------------------------ text


def check_long_words(text: str, ctx: StoryContext, style, loc: Loc) -> None:
    """A word wider than the column would be chopped mid-word; refuse it."""
    if max(map(len, text.split()), default=0) <= 25:
        return  # markup only ever removes characters from a word
    for word in markup.plain(text).split():
        if len(word) > 25 and stringWidth(word, style.fontName, style.fontSize) > ctx.column_width:
            shown = word if len(word) <= 40 else word[:37] + "..."
            raise LayoutProblem(
                loc,
                f"the word '{shown}' is wider than the column",
                "add spaces or shorten it; for a web address use a [link](url)",
            )


def para(
    text: str,
    ctx: StoryContext,
    loc: Loc,
    style=None,
    link_color: str | None = None,
    role: str = "P",
    **kw: Any,
) -> Para:
    """A paragraph of inline markup, escaped, with its source location and role.

    Links take the brand colour unless the paragraph sits on a coloured
    ground (a call-to-action band), where they must keep the text colour.
    """
    style = style or ctx.styles.body
    check_long_words(text, ctx, style, loc)
    frags = to_frags(text, style, link_color or ctx.link_color)
    return tagged(source(Para(None, style, frags=frags, **kw), loc), role)


def heading(text: str, ctx: StoryContext, loc: Loc, level: int = 0) -> Heading:
    """A section heading (H2) or subheading (H3); the title is the only H1."""
    style = ctx.styles.h2 if level == 0 else ctx.styles.h3
    check_long_words(text, ctx, style, loc)
    frags = to_frags(text, style, ctx.link_color)
    h = Heading(None, style, level, markup.plain(text), frags=frags)
    return tagged(source(h, loc), f"H{level + 2}")


def bullet_list(items: Iterable[str], ctx: StoryContext, loc: Loc) -> list[Flowable]:
    return _list_of(
        [
            para(item, ctx, (*loc, i), ctx.styles.bullet, bulletText="\u2022")
            for i, item in enumerate(items)
        ],
        "Disc",
    )


def numbered_list(items: Iterable[str], ctx: StoryContext, loc: Loc) -> list[Flowable]:
    style = ctx.styles.bullet.clone("step", bulletColor=ctx.theme.colors.primary)
    return _list_of(
        [para(item, ctx, (*loc, i), style, bulletText=f"{i + 1}.") for i, item in enumerate(items)],
        "Decimal",
    )


def _list_of(items: list[Flowable], numbering: str) -> list[Flowable]:
    """A tagged list that never leaves one item alone at a page or panel break.

    The first two items stay together and so do the last two, so a list of
    three never splits and a longer one splits with two or more on each side.
    """
    return tag_items(keep_ends(items), Tag("L", numbering=numbering))


def keep_ends(items: list[Flowable]) -> list[Flowable]:
    """`items` with the first two kept together and the last two (see `_list_of`)."""
    if len(items) >= 2:
        items[0].keepWithNext = 1
        items[-2].keepWithNext = 1
    return items


def fixed(runs: list[markup.Run], style) -> Para:
    """A paragraph of words that are not content markup (a clinic's name, a label).

    Made from runs, as content is, so no text meets ReportLab's tag parser.
    """
    return Para(None, style, frags=run_frags(runs, style))
