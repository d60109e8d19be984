"""Build progress for the command line: a bar on a terminal, plain lines in CI.

Part of the command-line shell (the library only calls a Reporter). CI
logs get one line per file and no carriage returns; a person at a
terminal gets a rich progress bar that disappears when the build is done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .batch import JobResult, Reporter


def _pages(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"


class PlainReporter:
    """One line per file, flushed at once, so a CI log shows where a build is."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def start(self, total: int, skipped: int) -> None:
        pass

    def done(self, result: JobResult, path: Path) -> None:
        if result.failed:
            line = f"failed {path} (problems listed below)"
        else:
            grade = f"; {result.grade_label}" if result.grade_label else ""
            line = f"wrote {path} ({_pages(result.pages)}{grade})"
        print(line, file=self.stream, flush=True)


class BarReporter:
    """A rich progress bar; failures are printed above it as they happen."""

    def __init__(self, progress):
        self.progress = progress
        self.task = None

    def start(self, total: int, skipped: int) -> None:
        self.task = self.progress.add_task("Building", total=total, completed=skipped)

    def done(self, result: JobResult, path: Path) -> None:
        if result.failed:
            from rich.text import Text

            self.progress.console.print(Text.assemble(("failed", "red"), f" {path}"))
        if self.task is not None:
            self.progress.advance(self.task)


@contextlib.contextmanager
def reporter_for(stream: TextIO) -> Iterator[Reporter]:
    if not stream.isatty():
        yield PlainReporter(stream)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(file=stream), transient=True) as progress:
        yield BarReporter(progress)
