"""Our paragraph classes: ReportLab's Paragraph, with lines broken once per width.

`Para` memoises its line breaking; `Heading` carries an outline entry that
only the first piece of a split keeps.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _FUZZ


class Para(Paragraph):
    """A paragraph that breaks its lines once per width.

    Frames, `keepWithNext` groups, lists and our boxes all ask a paragraph
    for its height, often at the same width; line breaking is over half of
    ReportLab's layout time, and its result depends on the width alone. The
    lines are reused only while they are still the paragraph's own (`split`
    and a wrap at another width replace them).
    """

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_handouts_wrapped")
        if memo is not None and memo[0] == availWidth and memo[1] is self.__dict__.get("blPara"):
            self.width, self.height = availWidth, memo[2]
            return availWidth, memo[2]
        size = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:
            self._handouts_wrapped = (availWidth, self.blPara, size[1])
        return size


class Heading(Para):
    """A paragraph that also becomes an entry in the PDF outline.

    ReportLab's `Paragraph.split` rebuilds pieces as `self.__class__(None,
    style, frags=...)`, so the constructor must accept its keywords; only the
    first piece carries the outline entry.
    """

    def __init__(self, text, style, level: int = 0, outline_text: str = "", **kw: Any):
        super().__init__(text, style, **kw)
        self.outline = (outline_text, level) if outline_text else None

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            part.outline = self.outline if i == 0 else None
        return parts
