"""Text for every layout: the story context, paragraphs, headings, lists and links.

Every paragraph of content goes through `para()`, which makes its fragments
with `render.frags.to_frags` (content never meets a tag parser), sets them
with the text engine (`render.textflow.TextFlow`: a long word or address is
broken, never refused) and records the YAML location, so layout errors can
point at the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import markup
from ..labels import Labels
from ..language import language
from ..model import Handout, Loc
from ..options import RenderOptions
from ..render.document import LayoutProblem  # noqa: F401 (layouts raise it from here)
from ..render.frags import frags as run_frags
from ..render.frags import to_frags
from ..render.meta import source
from ..render.primitives import Flowable
from ..render.tagging import Tag, tag_items, tagged
from ..render.textflow import TextFlow
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
    # Whether a long write-in may break between its rules: on pages that flow,
    # yes; a brochure keeps each field within one panel (its reader writes on
    # an open sheet, and its balancing would otherwise halve a field).
    split_write_ins: bool = True

    @property
    def labels(self) -> Labels:
        return self.theme.labels

    @property
    def rtl(self) -> bool:
        """A right-to-left handout: its blocks are mirrored (bullets, bars, boxes, columns)."""
        return self.theme.rtl

    @property
    def link_color(self) -> str:
        return hex_of(self.theme.colors.primary)


# ------------------------------------------------------------------ text


def printable_name(tag: str, theme: Theme) -> tuple[str, str]:
    """A language's name in itself ("Tiếng Việt") and that name's language tag;
    its English name (tagged "en") where neither the brand's fonts nor a default
    font installed for its script can print it."""
    lang = language(tag)
    if theme.unprintable(lang.own_name):
        return lang.english_name, "en"
    return lang.own_name, tag


class HeadingFlow(TextFlow):
    """A heading set by the text engine that is also an entry in the PDF outline.

    Only the first piece of a split heading carries the outline entry.
    """

    def __init__(self, frags, style, level: int = 0, outline_text: str = "", **kw: Any):
        super().__init__(frags, style, hyphenate=False, **kw)
        self.outline = (outline_text, level) if outline_text else None

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            part.outline = self.outline if i == 0 else None
        return parts


def para(
    text: str,
    ctx: StoryContext,
    loc: Loc,
    style=None,
    link_color: str | None = None,
    role: str = "P",
    **kw: Any,
) -> TextFlow:
    """A paragraph of inline markup, set by the text engine, with its location and role.

    Links take the brand colour unless the paragraph sits on a coloured
    ground (a call-to-action band), where they must keep the text colour.
    A long word or web address is broken, hyphenated or split: never refused.
    """
    style = style or ctx.styles.body
    frags = to_frags(text, style, link_color or ctx.link_color)
    # Titles and headings (H1 from layouts) break only between words.
    kw.setdefault("hyphenate", not role.startswith("H"))
    flow = TextFlow(frags, style, language=ctx.handout.language, **kw)
    return tagged(source(flow, loc), role)


def heading(text: str, ctx: StoryContext, loc: Loc, level: int = 0) -> HeadingFlow:
    """A section heading (H2) or subheading (H3); the title is the only H1."""
    style = ctx.styles.h2 if level == 0 else ctx.styles.h3
    frags = to_frags(text, style, ctx.link_color)
    h = HeadingFlow(frags, style, level, markup.plain(text), language=ctx.handout.language)
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


def labelled_runs(labels: Labels, label: str, attrs: tuple) -> list[markup.Run]:
    """A label with its language's colon (`attrs`: its bold, colour) and the space
    before its value: "Phone: ", "电话：" (a full-width colon has its own room)."""
    head, gap = labels.label_parts(label)
    return [markup.Run(head, attrs), *([markup.Run(gap)] if gap else [])]


def fixed(runs: list[markup.Run], style, language: str = "en") -> TextFlow:
    """A paragraph of words that are not content markup (a clinic's name, a label).

    Made from runs, as content is, and set by the text engine.
    """
    return TextFlow(run_frags(runs, style), style, language=language, hyphenate=False)
