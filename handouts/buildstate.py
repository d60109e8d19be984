"""Reading back what earlier builds left: out/ and the cache folder, as untrusted as content.

A CI system restores `out/` and `.handouts-cache/` from its cache, and a pull
request can carry symlinks, so nothing found there is believed: a file is
read only if it is a regular file (never through a symlink, never a FIFO or
a device), and only up to a size; JSON that does not parse, or nests too
deeply to parse, is the same as no file; a folder that is a symlink is
never read, written or pruned. Callers then check every value's shape and
rebuild what does not fit.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

# Bytes read back from one build-state file at most; a manifest of 3,000
# files is about 1.5 MB, a parse-cache entry a few times its content file.
MAX_STATE_BYTES = 256 * 1024 * 1024
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_bytes(path: Path, limit: int = MAX_STATE_BYTES) -> bytes | None:
    """The bytes of `path` if it is a regular file of at most `limit` bytes; else None.

    O_NOFOLLOW refuses a symlink in the last place, O_NONBLOCK keeps a FIFO
    from hanging the open, and fstat (of what was opened, not of the name)
    refuses devices such as /dev/zero.
    """
    try:
        fd = os.open(path, _READ_FLAGS | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):  # missing, a symlink, a NUL in the name
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            data = handle.read(limit + 1)
        except OSError:
            return None
    return data if len(data) <= limit else None


def parse_json(data: bytes | None) -> Any:
    """The JSON value of `data`, or None if it is missing, not JSON or nested too deeply."""
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def linked_folder(folder: Path, root: Path) -> Path | None:
    """The first of `folder` and its parents below `root` that is a symlink, or None.

    A folder outside `root` (an output folder given on the command line) is
    checked itself only: the path to it is the caller's choice.
    """
    folder, root = Path(os.path.abspath(folder)), Path(os.path.abspath(root))
    inside = folder.is_relative_to(root)
    for step in (folder, *folder.parents):
        if inside and (step == root or not step.is_relative_to(root)):
            break
        if step.is_symlink():
            return step
        if not inside:
            break
    return None


def is_count(value: Any, least: int = 0) -> bool:
    """An int (not a bool) of at least `least`: JSON's numbers, checked."""
    return type(value) is int and value >= least


def is_digest(value: Any) -> bool:
    """A sha256 as 64 lower-case hex digits."""
    return isinstance(value, str) and len(value) == 64 and not value.strip("0123456789abcdef")
