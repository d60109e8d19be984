"""Python code is imported from installed places, never from a content folder.

Python puts a folder we do not trust first on `sys.path`: the working
folder under `python -m`, the script's folder under `python generate.py`
(which often sits beside `content.yaml`). Any `yaml.py`, `reportlab_mods.py`
or `uharfbuzz.py` there would then run as soon as something imports that
name, for ReportLab's optional hooks and our own optional imports alike.
The command line's entry points drop those folders before importing
anything else; a host program that imports handouts as a library owns its
own `sys.path`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path


def _same(entry: str, folder: Path) -> bool:
    try:
        return Path(entry or os.curdir).resolve() == folder
    except (OSError, RuntimeError, ValueError):
        return False


def untrusted_entries(path: Iterable[str], folders: Iterable[Path]) -> list[str]:
    """The entries of `path` that are the working folder or one of `folders`.

    Only the folders themselves: a virtual environment inside a project
    folder (`/project/.venv/...`) stays importable.
    """
    targets = [Path.cwd().resolve(), *(Path(f).resolve() for f in folders)]
    return [e for e in path if e == "" or any(_same(e, t) for t in targets)]


def drop_untrusted(folders: Iterable[Path] = ()) -> None:
    """Remove the working folder (and `folders`) from `sys.path`, for good.

    Only entry points call this: the process is theirs.
    """
    bad = set(untrusted_entries(sys.path, folders))
    sys.path[:] = [e for e in sys.path if e not in bad]


@contextlib.contextmanager
def without_untrusted(folders: Iterable[Path] = ()) -> Iterator[None]:
    """`sys.path` without the working folder and `folders` while the block runs.

    Whatever the block imports lazily (an optional text shaper, a Pillow
    plugin) cannot come from the content; the path is put back afterwards
    for a host program that called us in-process.
    """
    saved = list(sys.path)
    bad = set(untrusted_entries(saved, folders))
    sys.path[:] = [e for e in saved if e not in bad]
    try:
        yield
    finally:
        sys.path[:] = saved


def running_as_program() -> bool:
    """True under `python -m handouts...`, where the working folder is `sys.path[0]`."""
    argv = getattr(sys, "orig_argv", [])
    for flag, name in itertools.pairwise(argv):
        if flag == "-m":
            return name == "handouts" or name.startswith("handouts.")
    return False
