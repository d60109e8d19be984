"""Notice when the content changes, so `generate.py watch` can rebuild at once.

Polling, not OS events: a content folder holds a few dozen files, a scan of
them costs well under a millisecond, and polling behaves the same on every
system, on network drives and inside containers (where inotify often does
not). Editors save in several steps (write a temporary file, rename it), so
a change is reported only once two scans in a row agree.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

WATCHED_SUFFIXES = (".yaml", ".yml", ".png", ".jpg", ".jpeg", ".svg", ".ttf", ".otf")

Snapshot = dict[str, tuple[int, int]]


def snapshot(folder: Path, skip: Path | None = None) -> Snapshot:
    """Modification time and size of every content file under `folder`.

    Hidden folders (.git) and the output folder are left out: writing PDFs
    must not look like an edit.
    """
    skip_real = skip.resolve() if skip is not None else None
    found: Snapshot = {}
    for top, dirs, files in os.walk(folder):
        here = Path(top)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip_real
        )
        for name in files:
            if name.lower().endswith(WATCHED_SUFFIXES) and not name.startswith("."):
                try:
                    st = (here / name).stat()
                except OSError:  # removed while we looked
                    continue
                found[str(here / name)] = (st.st_mtime_ns, st.st_size)
    return found


def changes(
    folder: Path,
    skip: Path | None = None,
    *,
    interval: float = 0.2,
    stop: Callable[[], bool] = lambda: False,
    since: Snapshot | None = None,
) -> Iterator[list[str]]:
    """Yield the changed paths each time the content settles after an edit.

    `since` is the state the caller last built from; an edit made while
    that build ran is then reported rather than silently taken as the start.
    """
    last = snapshot(folder, skip) if since is None else since
    while not stop():
        time.sleep(interval)
        now = snapshot(folder, skip)
        if now == last:
            continue
        while not stop():  # wait until a second look agrees: the save is finished
            time.sleep(interval / 2)
            settled = snapshot(folder, skip)
            if settled == now:
                break
            now = settled
        changed = sorted(k for k in now.keys() | last.keys() if now.get(k) != last.get(k))
        last = now
        yield changed
