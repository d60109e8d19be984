"""What every rule is given: one handout, its resolved settings, and a clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Position, format_path
from ..model import CheckSettings, Handout, Library, Loc


@dataclass(frozen=True)
class Context:
    """`handout` reads as it prints (placeholders filled in); `written` as typed."""

    library: Library
    handout: Handout
    settings: CheckSettings
    today: dt.date
    locate: Callable[[Loc], Position | None]
    written: Handout
    clinic: str | None = None  # the brand judged in (--clinic), else the handout's own

    def finding(self, message: str, loc: Loc, hint: str = "") -> Diagnostic:
        """A problem at `loc`; the runner sets its severity from the rule's level."""
        return Diagnostic(
            message,
            position=self.locate(loc),
            path=format_path(loc),
            hint=hint,
            handout=self.handout.id,
        )
