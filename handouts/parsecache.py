"""Parsed content files, kept by the hash of their bytes, so a rebuild skips YAML.

Parsing is most of a no-op rebuild: a library of 1,000 handouts is a
second of YAML. A file whose bytes, limits and tool version are unchanged
parses to the same data and positions, so those are read back instead.

The entries are JSON of plain values: a cache folder restored in CI is as
untrusted as the content, and JSON (unlike pickle) cannot run code. Any
entry that cannot be read, does not parse or does not match is a miss, and
the file is parsed again; a parse that failed is never stored, so its
errors are always the parser's own. An entry's key is the sha256 of bytes
anyone has, so a planted entry can carry any data: it is held to the
parser's own limits (depth, values) and its positions to their types, and
a cache folder that is a symlink is never read, written or pruned.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from .atomicfile import write_atomic
from .buildstate import is_count, linked_folder, parse_json, read_bytes
from .diagnostics import Diagnostic, EnvironmentProblem, Loc, Position, Severity
from .load import Source, SourceMap
from .options import Limits

FORMAT = "handouts-parse-2"

# Values JSON cannot hold, as (name, to text, from text). Each is stored
# beside the data as a patch (its location, name, text), never inside it,
# so no string written in the content can be mistaken for one.
_CODECS: dict[type, tuple[str, Callable[[Any], str], Callable[[str], Any]]] = {
    dt.date: ("date", dt.date.isoformat, dt.date.fromisoformat),
    dt.datetime: ("datetime", dt.datetime.isoformat, dt.datetime.fromisoformat),
    bytes: ("bytes", lambda b: base64.b64encode(b).decode(), base64.b64decode),
}
_DECODERS = {name: decode for name, _, decode in _CODECS.values()}
_PLAIN = (str, int, float, bool, type(None))


def prepare(folder: Path) -> None:
    """The cache folder, ignoring itself in git so it is never committed by mistake."""
    if not (folder / ".gitignore").exists():
        write_atomic(folder / ".gitignore", b"*\n")


class _Unstorable(Exception):
    """A value this format cannot bring back exactly: the file is not stored."""


class ParseCache:
    """Entries in `folder`, one per file content; `prune()` drops the unused ones."""

    def __init__(self, folder: Path, version: str):
        self.folder = folder
        self.version = version
        self.used: set[str] = set()
        # A symlink would send reads, writes and the prune somewhere else.
        self.link = linked_folder(folder, folder.parent)

    def warnings(self) -> list[Diagnostic]:
        """Why the cache was not used, for the build's report (only slower, never wrong)."""
        if self.link is None:
            return []
        message = (
            f"{self.link}: the cache folder is a symbolic link, so it was not used; "
            "delete the link (builds will make a real folder)"
        )
        return [Diagnostic(message, severity=Severity.WARNING)]

    def _key(self, raw: bytes, limits: Limits) -> str:
        """The file's bytes and everything else its parse depends on."""
        parser = f"{FORMAT}\0{yaml.__version__}\0{yaml.__with_libyaml__}\0{sys.version_info[:2]}"
        digest = hashlib.sha256(f"{parser}\0{self.version}\0".encode())
        digest.update(json.dumps(asdict(limits), sort_keys=True).encode())
        digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, raw: bytes, file: str, limits: Limits) -> Source | None:
        """The stored parse of these bytes, its positions naming `file`; None on a miss.

        The positions (the second line) are decoded only if someone asks
        where something is; their digest is checked now, so a damaged entry
        is still a miss.
        """
        key = self._key(raw, limits)
        self.used.add(key)
        if self.link is not None:
            return None
        try:
            head, positions = (read_bytes(self.folder / f"{key}.json") or b"").split(b"\n", 1)
            entry = parse_json(head)
            if (
                entry["format"] != FORMAT
                or entry["key"] != key
                or entry["positions"] != hashlib.sha256(positions).hexdigest()
            ):
                return None
            data = entry["data"]
            if not _within(data, limits):
                return None
            for loc, name, text in entry["patches"]:
                data = _patched(data, tuple(loc), _DECODERS[name](text))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None  # missing, corrupt or from another version: parse instead
        source_map = SourceMap(file)
        source_map.defer(lambda values, keys: _decode_positions(file, positions, values, keys))
        return Source(data, source_map)

    def put(self, raw: bytes, source: Source, limits: Limits) -> None:
        """Store a successful parse; a folder that cannot be written is only slower."""
        key = self._key(raw, limits)
        self.used.add(key)
        if self.link is not None:
            return
        patches: list[list] = []
        try:
            smap = source.source_map
            positions = json.dumps({"values": _encoded(smap.values), "keys": _encoded(smap.keys)})
            head = {
                "format": FORMAT,
                "key": key,
                "positions": hashlib.sha256(positions.encode()).hexdigest(),
                "data": _plain(source.data, (), patches),
                "patches": patches,
            }
            prepare(self.folder)
            entry = f"{json.dumps(head)}\n{positions}"  # JSON text holds no raw newline
            write_atomic(self.folder / f"{key}.json", entry.encode())
        except (_Unstorable, ValueError, EnvironmentProblem):
            pass  # an odd value, or a folder that cannot be written: only slower

    def prune(self) -> None:
        """Delete the entries of file contents this build did not read (old edits)."""
        if self.link is not None:
            return
        try:
            stale = [p for p in self.folder.glob("*.json") if p.stem not in self.used]
            for path in stale:
                path.unlink(missing_ok=True)
        except OSError:
            pass


def _within(data: Any, limits: Limits) -> bool:
    """Whether `data` nests and counts no more than the parser would have let through."""
    nodes, todo = 0, [(data, 0)]
    while todo:
        value, depth = todo.pop()
        nodes += 1
        if nodes > limits.max_nodes or depth > limits.max_depth:
            return False
        if type(value) is dict:
            todo.extend((v, depth + 1) for v in value.values())
        elif type(value) is list:
            todo.extend((v, depth + 1) for v in value)
    return True


def _plain(value: Any, loc: Loc, patches: list[list]) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {k: _plain(v, (*loc, k), patches) for k, v in value.items()}
    if kind is list:
        return [_plain(v, (*loc, i), patches) for i, v in enumerate(value)]
    codec = _CODECS.get(kind)
    if codec is None:
        raise _Unstorable(kind.__name__)
    name, encode, decode = codec
    text = encode(value)
    if repr(decode(text)) != repr(value):  # repr also tells time zones apart
        raise _Unstorable(name)
    patches.append([list(loc), name, text])
    return None


def _patched(data: Any, loc: Loc, value: Any) -> Any:
    if not loc:
        return value
    parent = data
    for step in loc[:-1]:
        parent = parent[step]
    parent[loc[-1]] = value
    return data


def _encoded(positions: dict[Loc, Position]) -> list[list]:
    return [[list(loc), p.line, p.column] for loc, p in positions.items()]


def _decode_positions(
    file: str, text: bytes, values: dict[Loc, Position], keys: dict[Loc, Position]
) -> None:
    """Fill in a cached file's positions; an entry forged to fool its digest gives none.

    Only an entry written by hand can fail here, and one that can be written
    could as well hold wrong data: errors then point at line 1, never crash.
    """
    rows = parse_json(text)
    try:
        found = _positions(file, rows["values"]), _positions(file, rows["keys"])
    except (TypeError, KeyError, IndexError, ValueError):
        return
    values.update(found[0])
    keys.update(found[1])


def _positions(file: str, rows: list[list]) -> dict[Loc, Position]:
    """Positions as the parser makes them (a path of keys and indexes, line and
    column from 1); any other row raises ValueError, so none of the entry is used:
    a line that is text would stop the sorting of problems."""
    out = {}
    for loc, line, column in rows:
        if not (is_count(line, 1) and is_count(column, 1) and type(loc) is list):
            raise ValueError("not a position")
        if not all(type(step) is str or is_count(step) for step in loc):
            raise ValueError("not a path")
        out[tuple(loc)] = Position(file, line, column)
    return out
