"""Problems found in the content, reported as data.

Every stage collects `Diagnostic` values instead of raising on the first
problem, so an editor sees all of them at once (as Typst and mkdocs do).
Only the command line turns them into text and an exit code.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Where a value sits in the content: keys and list indexes from the root,
# e.g. ("handouts", 0, "sections", 2, "heading").
Loc = tuple[str | int, ...]


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a source file: 1-based line and column, as editors count."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and what to do about it."""

    message: str
    severity: Severity = Severity.ERROR
    position: Position | None = None
    path: str = ""
    hint: str = ""
    handout: str = ""

    def __str__(self) -> str:
        where = f"{self.position}: " if self.position else ""
        field = f"{self.path}: " if self.path else ""
        level = "warning: " if self.severity is Severity.WARNING else ""
        hint = f" ({self.hint})" if self.hint else ""
        return visible(f"{where}{level}{field}{self.message}{hint}")

    def to_json(self) -> dict[str, object]:
        pos = self.position
        return {
            "severity": str(self.severity),
            "file": pos.file if pos else None,
            "line": pos.line if pos else None,
            "column": pos.column if pos else None,
            "path": self.path,
            "handout": self.handout or None,
            "message": self.message,
            "hint": self.hint or None,
        }


class ContentError(Exception):
    """Raised when a stage cannot go on; carries every problem found so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class EnvironmentProblem(Exception):
    """The machine, not the content, is at fault (unreadable file, full disk).

    The command line maps it to exit code 2, like a usage error, because
    editing the content will not fix it.
    """


_LONG_RUN = re.compile(r"\S{100,}")


def is_invisible(ch: str) -> bool:
    """A control, format or line-separator character (ESC, NUL, U+202E...)."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def visible(text: str) -> str:
    """`text` with invisible characters shown as `<U+XXXX>`.

    Messages quote content, and content is untrusted: an ESC sequence or a
    right-to-left override echoed to a terminal or CI log could hide or
    forge lines, and a newline would break the one-line-per-problem rule.
    A 10,000-character word is cut short for the same reason.
    """
    if not all(ch.isprintable() for ch in text):
        text = "".join(f"<U+{ord(ch):04X}>" if is_invisible(ch) else ch for ch in text)
    return _LONG_RUN.sub(lambda m: m.group()[:60] + "\u2026", text)


def format_path(loc: Iterable[str | int]) -> str:
    """Render a location tuple as `handouts[0].sections[2].title`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
