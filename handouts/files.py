"""Reading a file named by untrusted content: never blocking, never unbounded.

`Path.read_bytes()` on a FIFO waits for a writer for ever, on `/dev/zero`
reads until memory runs out, and on a file that grows after its size was
checked reads it all. Here the file is opened without waiting, must be a
regular file, is sized from the open handle, and no more than the limit
plus one byte is ever read.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class FileTooBig(Exception):
    """The file holds more than the limit; `size` is at least how much."""

    def __init__(self, size: int):
        self.size = size
        super().__init__(size)


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading without waiting, if it is a regular file, else OSError.

    A folder is IsADirectoryError; a device, FIFO or socket is an OSError
    whose strerror says "not a regular file".
    """
    handle = os.fdopen(os.open(path, _FLAGS), "rb")
    try:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file: a device, pipe or socket", str(path))
    except BaseException:
        handle.close()
        raise
    return handle


def read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the regular file `path`, else FileTooBig or OSError."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise FileTooBig(size)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after it was sized
        raise FileTooBig(len(data))
    return data


def sha256_regular(path: Path, limit: int) -> str:
    """The sha256 of a regular file of at most `limit` bytes, read in pieces."""
    digest = hashlib.sha256()
    read = 0
    with open_regular(path) as handle:
        while piece := handle.read(1 << 20):
            read += len(piece)
            if read > limit:
                raise FileTooBig(read)
            digest.update(piece)
    return digest.hexdigest()
