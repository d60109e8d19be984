"""Parsed content files, kept by the hash of their bytes, so a rebuild skips YAML.

Parsing is most of a no-op rebuild: a library of 1,000 handouts is a
second of YAML. A file whose bytes, limits and tool version are unchanged
parses to the same data and positions, so those are read back instead.

The entries are JSON of plain values: a cache folder restored in CI is as
untrusted as the content, and JSON (unlike pickle) cannot run code. Any
entry that cannot be read, does not parse or does not match is a miss, and
the file is parsed again; a parse that failed is never stored, so its
errors are always the parser's own.
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
from .diagnostics import EnvironmentProblem, Loc, Position
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
        try:
            head, positions = (self.folder / f"{key}.json").read_bytes().split(b"\n", 1)
            entry = json.loads(head)
            if (
                entry["format"] != FORMAT
                or entry["key"] != key
                or entry["positions"] != hashlib.sha256(positions).hexdigest()
            ):
                return None
            data = entry["data"]
            for loc, name, text in entry["patches"]:
                data = _patched(data, tuple(loc), _DECODERS[name](text))
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None  # missing, corrupt or from another version: parse instead
        source_map = SourceMap(file)
        source_map.defer(lambda values, keys: _decode_positions(file, positions, values, keys))
        return Source(data, source_map)

    def put(self, raw: bytes, source: Source, limits: Limits) -> None:
        """Store a successful parse; a folder that cannot be written is only slower."""
        key = self._key(raw, limits)
        self.used.add(key)
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
        try:
            stale = [p for p in self.folder.glob("*.json") if p.stem not in self.used]
            for path in stale:
                path.unlink(missing_ok=True)
        except OSError:
            pass


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
    try:
        rows = json.loads(text)
        values.update(_positions(file, rows["values"]))
        keys.update(_positions(file, rows["keys"]))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        pass


def _positions(file: str, rows: list[list]) -> dict[Loc, Position]:
    return {tuple(loc): Position(file, line, column) for loc, line, column in rows}
