"""Tightening a story's vertical spacing, and marks that say where a flowable landed.

A layout that would leave its closing alone on a last page lays the story
out again a little tighter; the marks tell it where things fell.
"""

from __future__ import annotations

from ..render.primitives import Flowable, KeepTogether, Spacer
from .boxes import Panel


def tighten(story: list[Flowable], factor: float) -> list[Flowable]:
    """`story` with every gap between blocks scaled by `factor` (in place).

    Spacers shrink, and each flowable's own space before and after is set
    on the flowable, so the shared paragraph styles stay as they are.
    """
    if factor == 1.0:
        return story
    for f in story:
        if isinstance(f, Spacer):
            f.height *= factor
            continue
        f.spaceBefore = f.getSpaceBefore() * factor
        f.spaceAfter = f.getSpaceAfter() * factor
        if isinstance(f, KeepTogether):
            tighten(f._content, factor)
        elif isinstance(f, Panel):
            tighten(f.content, factor)
    return story


class Mark(Flowable):
    """Nothing to see: records (page, height left above `bottom`) where it is drawn."""

    def __init__(self, key: str, into: dict[str, tuple[int, float]], bottom: float):
        super().__init__()
        self.key, self.into, self.bottom = key, into, bottom
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def drawOn(self, canv, x, y, _sW=0):
        _, top = canv.absolutePosition(0, y)
        self.into[self.key] = (canv.getPageNumber(), top - self.bottom)

    def draw(self):
        pass
