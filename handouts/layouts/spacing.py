"""Tightening a story's vertical spacing, and marks that say where a flowable landed.

A layout that would leave its closing alone on a last page lays the story
out again a little tighter; the marks tell it where things fell.
"""

from __future__ import annotations

from ..render.primitives import CondPageBreak, Flowable, KeepTogether, Spacer
from .boxes import Panel


def tighten(story: list[Flowable], factor: float, padding: float = 1.0) -> list[Flowable]:
    """`story` with every gap between blocks scaled by `factor`, and every
    box's padding by `padding` (in place).

    Spacers shrink, and each flowable's own space before and after is set
    on the flowable, so the shared paragraph styles stay as they are.
    """
    if factor == padding == 1.0:
        return story
    for f in story:
        if isinstance(f, CondPageBreak):  # a Spacer too, but the room a heading keeps
            continue
        if isinstance(f, Spacer):
            f.height *= factor
            continue
        f.spaceBefore = f.getSpaceBefore() * factor
        f.spaceAfter = f.getSpaceAfter() * factor
        if isinstance(f, KeepTogether):
            tighten(f._content, factor, padding)
        elif isinstance(f, Panel):
            f.padding *= padding
            tighten(f.content, factor, padding)
    return story


def kept_with_next(story: list[Flowable]) -> list[Flowable]:
    """`story`, each flowable set to go to the next page with what follows it."""
    for f in story:
        f.keepWithNext = 1
    return story


class Mark(Flowable):
    """Nothing to see: records (page, height left above `bottom`) where it is drawn.

    With `keep_with_next` it moves to the next page with what follows it,
    so it records where that landed rather than where the page before ended.
    """

    def __init__(
        self,
        key: str,
        into: dict[str, tuple[int, float]],
        bottom: float,
        keep_with_next: bool = False,
    ):
        super().__init__()
        self.key, self.into, self.bottom = key, into, bottom
        self.width = self.height = 0
        self.keepWithNext = int(keep_with_next)

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def frameAction(self, frame) -> None:
        """Record, taking no room: it lands where the text before it ended,
        even when that filled the frame (a flowable would move on a page)."""
        self.into[self.key] = (self.canv.getPageNumber(), frame._y - self.bottom)

    def draw(self):
        pass
