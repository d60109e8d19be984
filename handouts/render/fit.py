"""Fitting a folded sheet: every flowable must land in one of its region's frames.

A brochure has fixed room. Unlike the handout, which just takes another
page, it must know whether the content fitted: every flowable carries the
region it belongs to (flap, back, cover, inside) in its metadata, and the
document checks, as each one is drawn, that it landed in one of that
region's frames. Anything that lands elsewhere is overflow, measured in
words and lines so the error can say roughly how much did not fit; nothing
is clipped or dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

from ..plan import FitPolicy
from .meta import annotate, fill_in, meta


@dataclass
class Overflow:
    """What was drawn outside its region's frames."""

    region: str
    first: Flowable
    words: int = 0
    height: float = 0.0


@dataclass
class FitCheck:
    """Which frames each region may use, and what printed anywhere else."""

    policy: FitPolicy
    overflow: Overflow | None = None
    _last: Any = field(default=None)
    ends: dict[str, float] = field(default_factory=dict)  # frame id -> lowest y drawn
    firsts: dict[str, Flowable] = field(default_factory=dict)  # frame id -> its first flowable
    lasts: dict[str, Flowable] = field(default_factory=dict)  # frame id -> its last flowable

    def inherit(self, flowable: Flowable) -> None:
        """A split-off part carries its parent's metadata (region, source location).

        Page and frame breaks are skipped: ReportLab reuses some of them as
        shared instances, which must not carry (or pass on) a region.
        """
        if isinstance(flowable, ActionFlowable):
            return
        if self._last is not None:
            fill_in(flowable, self._last)
        self._last = flowable

    def placed(self, flowable: Flowable, frame_id: str, y: float | None = None) -> None:
        """Note `flowable` drawn in `frame_id`, down to `y` (the frame's cursor after it)."""
        region = meta(flowable).region
        if region is None or isinstance(flowable, ActionFlowable | Spacer):
            return
        if y is not None:
            self.ends[frame_id] = min(y, self.ends.get(frame_id, y))
        self.firsts.setdefault(frame_id, flowable)
        self.lasts[frame_id] = flowable
        if frame_id in self.policy.regions[region]:
            return
        if self.overflow is None:
            self.overflow = Overflow(region, flowable)
        if self.overflow.region == region:
            self.overflow.words += len(plain_text(flowable).split())
            # A table split by rows has its height as _height only.
            self.overflow.height += getattr(flowable, "height", 0) or getattr(
                flowable, "_height", 0
            )

    def amount(self) -> str:
        over = self.overflow
        assert over is not None
        lines = max(1, math.ceil(over.height / self.policy.leading))
        amount = f"about {lines} line{'s' if lines != 1 else ''}"
        return amount + (f" ({over.words} words)" if over.words else "")


def plain_text(flowable: Flowable) -> str:
    """The words of a flowable, or of the flowables a box holds."""
    if isinstance(flowable, Paragraph):
        return flowable.getPlainText()
    return " ".join(plain_text(f) for f in getattr(flowable, "content", ()))


def region(name: str, flowables: Sequence[Flowable]) -> list[Flowable]:
    """Mark flowables with the region of the sheet they must stay in."""
    return [annotate(f, region=name) for f in flowables]
