"""Files replaced atomically: a reader (or a killed build) sees the old file or the new one.

Files are written to a hidden temporary name beside the target, synced and
renamed, so a failed build never leaves half a PDF and never removes the last
good one. The PDF writer, the manifest, the parse cache and the QR cache all
write through here.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .diagnostics import EnvironmentProblem


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so readers see the old file or the new one.

    The temporary file is hidden (a dot name) and removed on any failure;
    every OS failure, including making the folder, is one EnvironmentProblem.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "a file is in the way of the folder"
        raise EnvironmentProblem(f"{path}: cannot write the file ({reason})") from exc
    except BaseException:
        _discard(tmp)
        raise


ABANDONED_AFTER = 3600.0  # seconds; a live build renames its file within seconds


def remove_abandoned_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Delete hidden temporary PDFs that a killed build left behind.

    Only files older than an hour go: a build running at the same time into
    the same folder is still writing (and will rename) its own.
    """
    now = time.time() if now is None else now
    removed = []
    for tmp in folder.glob(".*.pdf.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > ABANDONED_AFTER:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue  # gone already, or not ours to remove: harmless either way
    return removed


def _discard(tmp: str | None) -> None:
    if tmp is not None:
        Path(tmp).unlink(missing_ok=True)
