"""Read YAML into plain data, remembering where every value came from.

PyYAML's constructors forget node marks, so we read the events of the C
parser and build the data ourselves (no node graph: see `_Stream`). That
walk is also where duplicate keys (which PyYAML silently overwrites) and
alias bombs (which it happily expands) are caught.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from .diagnostics import (
    ContentError,
    Diagnostic,
    EnvironmentProblem,
    Loc,
    Position,
    format_path,
)
from .files import FileTooBig, read_regular
from .options import Limits

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


class SourceMap:
    """Positions of values (and of mapping keys) by their location tuple.

    A build in which nothing fails never asks where anything is, so the
    positions of included and cached files are worked out only when first
    asked for (`values`, `keys`); `defer` queues that work.
    """

    def __init__(
        self,
        file: str,
        values: dict[Loc, Position] | None = None,
        keys: dict[Loc, Position] | None = None,
        origins: dict[Loc, Loc] | None = None,
    ):
        self.file = file
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        # Library location -> location inside its own file, for included handouts.
        self.origins = {} if origins is None else origins
        self._pending: list[Callable[[dict[Loc, Position], dict[Loc, Position]], None]] = []

    @property
    def values(self) -> dict[Loc, Position]:
        self._settle()
        return self._values

    @property
    def keys(self) -> dict[Loc, Position]:
        self._settle()
        return self._keys

    def defer(self, fill: Callable[[dict[Loc, Position], dict[Loc, Position]], None]) -> None:
        """Have `fill(values, keys)` add positions before they are next read."""
        self._pending.append(fill)

    def _settle(self) -> None:
        pending, self._pending = self._pending, []
        for fill in pending:
            fill(self._values, self._keys)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return (self.file, self.values, self.keys, self.origins) == (
            other.file,
            other.values,
            other.keys,
            other.origins,
        )

    def __getstate__(self) -> dict[str, Any]:
        """Settled first: work queued as closures cannot travel to a worker process."""
        self._settle()
        return self.__dict__

    def find(self, loc: Loc) -> Position | None:
        """The position of `loc`, or of its nearest ancestor that exists.

        A missing field has no node of its own; pointing at the mapping that
        lacks it is what an editor needs; in an empty file, that is 1:1.
        """
        for cut in range(len(loc), -1, -1):
            pos = self.values.get(loc[:cut])
            if pos is not None:
                return pos
        return Position(self.file, 1, 1)

    def key(self, loc: Loc) -> Position | None:
        return self.keys.get(loc) or self.find(loc)

    def path(self, loc: Loc) -> str:
        """`loc` as the editor sees it in the file it was written in.

        An included file's first handout is `handouts[0]` there, whatever
        its place in the merged library.
        """
        for cut in range(len(loc), 0, -1):
            local = self.origins.get(loc[:cut])
            if local is not None:
                return format_path((*local, *loc[cut:]))
        return format_path(loc)

    def graft(self, other: SourceMap, moves: dict[Loc, Loc]) -> None:
        """Take `other`'s positions under each `local` prefix as positions under `at`.

        `moves` maps local prefixes (all of one length) to their new places;
        one pass over `other`, however many handouts a file holds, when the
        positions are first needed.
        """
        n = len(next(iter(moves), ()))

        def fill(values: dict[Loc, Position], keys: dict[Loc, Position]) -> None:
            for mine, theirs in ((values, other.values), (keys, other.keys)):
                for loc, pos in theirs.items():
                    at = moves.get(loc[:n])
                    if at is not None:
                        mine[(*at, *loc[n:])] = pos

        self.defer(fill)
        self.origins.update({at: local for local, at in moves.items()})


@dataclass
class Source:
    data: Any
    source_map: SourceMap
    files: list[Path] = field(default_factory=list)


class Cache(Protocol):
    """Earlier parses by file content (handouts.parsecache); a miss is None."""

    def get(self, raw: bytes, file: str, limits: Limits) -> Source | None: ...

    def put(self, raw: bytes, source: Source, limits: Limits) -> None: ...


def _pos(file: str, mark: yaml.Mark) -> Position:
    return Position(file, mark.line + 1, mark.column + 1)


_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE = (yaml.ScalarEvent, *_OPEN)  # the events that may carry an anchor


@dataclass
class _Stream:
    """A document's events, read in one pass, with what the builder needs to walk them.

    libyaml parses iteratively but composes recursively: `[[[[...` 100,000
    levels deep crashed the interpreter (SIGSEGV) inside yaml.compose. So
    nothing is composed: depth is checked as the events arrive, and the
    builder walks the events, never deeper than the limit.
    """

    events: list[yaml.Event]
    ends: dict[int, int]  # a collection's start event -> its end event
    anchors: dict[str, int]  # an anchor -> the event that defines it


def _read_events(text: str, file: str, limits: Limits) -> _Stream:
    """Every event of `text`; refuses deep nesting and what yaml.compose would refuse.

    A problem of the kind the composer finds (an undefined alias, a second
    document) waits until the whole text has parsed, so a syntax error
    anywhere is reported first, as it always was.
    """
    stream = _Stream([], {}, {})
    events, ends, anchors = stream.events, stream.ends, stream.anchors
    opened: list[int] = []
    problem: yaml.MarkedYAMLError | None = None
    root: yaml.Mark | None = None
    nodes = 0  # checked as the events arrive: a flood of tiny values is memory too
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            index = len(events)
            events.append(event)
            if kind in _NODE or kind is yaml.AliasEvent:
                nodes += 1
                if nodes > 2 * limits.max_nodes:  # keys are at most half of them
                    raise _too_many_values(file, event, limits)
            if kind in _OPEN:
                opened.append(index)
                if len(opened) > limits.max_depth:
                    raise ContentError(
                        [
                            Diagnostic(
                                f"nested more than {limits.max_depth} levels deep",
                                position=_pos(file, event.start_mark),
                                hint="content needs only a few levels; check the brackets",
                            )
                        ]
                    )
            elif kind in _CLOSE:
                ends[opened.pop()] = index
            elif kind is yaml.StreamEndEvent:
                break
            if problem is not None:
                continue
            if kind is yaml.AliasEvent:
                if event.anchor not in anchors:
                    problem = _composer_error(None, None, "found undefined alias", event)
            elif kind is yaml.DocumentStartEvent:
                if root is not None:
                    problem = _composer_error(
                        "expected a single document in the stream",
                        root,
                        "but found another document",
                        event,
                    )
            elif kind in _NODE:
                root = root or event.start_mark
                if event.anchor is not None:
                    first = anchors.setdefault(event.anchor, index)
                    if first != index:
                        problem = _composer_error(
                            "found duplicate anchor; first occurrence",
                            events[first].start_mark,
                            "second occurrence",
                            event,
                        )
    finally:
        loader.dispose()
    if problem is not None:
        raise problem
    return stream


def _too_many_values(file: str, event: yaml.Event, limits: Limits) -> ContentError:
    return ContentError(
        [
            Diagnostic(
                f"the file expands to more than {limits.max_nodes:,} values "
                "(YAML aliases repeated too often, or very many short values?)",
                position=_pos(file, event.start_mark),
                hint="write aliases out, split the file with include:, "
                "or raise it with --limit max_nodes=N",
            )
        ]
    )


def _composer_error(
    context: str | None, context_mark: yaml.Mark | None, problem: str, event: yaml.Event
) -> yaml.MarkedYAMLError:
    """The error yaml.compose raises for the same text, word for word."""
    return yaml.composer.ComposerError(context, context_mark, problem, event.start_mark)


class _Builder:
    """Turns a document's events into dicts, lists and scalars, with positions."""

    def __init__(self, file: str, limits: Limits, stream: _Stream):
        self.file = file
        self.limits = limits
        self.events = stream.events
        self.ends = stream.ends
        self.anchors = stream.anchors
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.problems: list[Diagnostic] = []
        self.nodes = 0
        self.scalars = yaml.constructor.SafeConstructor()
        self.resolver = yaml.resolver.Resolver()
        # One node per scalar event, so an alias repeats the very same node
        # (the constructor remembers nodes it has built or failed to build).
        self.scalar_nodes: dict[int, yaml.ScalarNode] = {}

    def document(self) -> Any:
        """The document's value, or None for an empty stream."""
        events = self.events
        if len(events) < 4:  # stream start, stream end and nothing between
            return None
        return self.build(2, ())[0]

    def _target(self, i: int) -> int:
        """The event that defines the node at `i` (an alias stands for its anchor's)."""
        event = self.events[i]
        return self.anchors[event.anchor] if type(event) is yaml.AliasEvent else i

    def _after(self, i: int) -> int:
        """The index just after the node starting at event `i`."""
        return self.ends.get(i, i) + 1

    def build(self, at: int, loc: Loc) -> tuple[Any, int]:
        """The value of the node at event `at`, and the index of the event after it."""
        i = self._target(at)
        event = self.events[i]
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise _too_many_values(self.file, event, self.limits)
        if len(loc) > self.limits.max_depth:
            raise ContentError(
                [
                    Diagnostic(
                        f"nested more than {self.limits.max_depth} levels deep",
                        position=_pos(self.file, event.start_mark),
                        path=format_path(loc),
                    )
                ]
            )
        self.values.setdefault(loc, _pos(self.file, event.start_mark))
        kind = type(event)
        if kind is yaml.MappingStartEvent:
            value: Any = self._mapping(i, loc)
        elif kind is yaml.SequenceStartEvent:
            value, j, end = [], i + 1, self.ends[i]
            while j < end:
                item, j = self.build(j, (*loc, len(value)))
                value.append(item)
        else:
            value = self._scalar(i, event, loc)
        return value, self._after(at)

    def _scalar(self, i: int, event: yaml.ScalarEvent, loc: Loc) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value  # what the constructor would return, without a node
        node = self.scalar_nodes.get(i)
        if node is None:
            node = yaml.ScalarNode(
                tag, event.value, event.start_mark, event.end_mark, style=event.style
            )
            self.scalar_nodes[i] = node
        try:
            return self.scalars.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            if tag == _TIMESTAMP and not isinstance(exc, yaml.constructor.ConstructorError):
                # `2026-13-01` looks like a date but is none: kept as the text it
                # is, so the field that wanted a date reports it (and how to write
                # one) for its own handout, and the rest of the library builds.
                return event.value
            self.problems.append(
                Diagnostic(
                    f"cannot read this value: {exc}",
                    position=_pos(self.file, event.start_mark),
                    path=format_path(loc),
                )
            )
            return None

    def _mapping(self, start: int, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, Position] = {}
        j, end = start + 1, self.ends[start]
        while j < end:
            key_event = self.events[self._target(j)]
            value_at = self._after(j)
            if type(key_event) is not yaml.ScalarEvent:
                self.problems.append(
                    Diagnostic(
                        "a key must be plain text",
                        position=_pos(self.file, key_event.start_mark),
                        path=format_path(loc),
                    )
                )
                j = self._after(value_at)
                continue
            key = str(key_event.value)
            here = _pos(self.file, key_event.start_mark)
            if key in seen:
                self.problems.append(
                    Diagnostic(
                        f"duplicate key '{key}' (first given at line {seen[key].line})",
                        position=here,
                        path=format_path((*loc, key)),
                        hint="remove one of them; YAML would silently keep only the last",
                    )
                )
                j = self._after(value_at)
                continue
            seen[key] = here
            self.keys[(*loc, key)] = here
            out[key], j = self.build(value_at, (*loc, key))
        return out


def read_bytes(path: Path, limits: Limits) -> bytes:
    """A content file's bytes; too big or unreadable is one clear problem.

    Never blocks or reads without end: a FIFO or `/dev/zero` in the place
    of a content file is refused before a byte is read (`files.read_regular`).
    """
    try:
        return read_regular(path, limits.max_file_bytes)
    except FileTooBig as exc:
        raise ContentError(
            [
                Diagnostic(
                    f"the file is {exc.size:,} bytes; the limit is {limits.max_file_bytes:,}",
                    position=Position(path.name, 1, 1),
                    hint="split it with include: or raise it with --limit max_file_bytes=N",
                )
            ]
        ) from None
    except FileNotFoundError as exc:
        raise EnvironmentProblem(f"{path}: no such content file") from exc
    except OSError as exc:
        raise EnvironmentProblem(f"{path}: cannot read the content file ({exc.strerror})") from exc


def decode(raw: bytes, name: str) -> str:
    """The file's text; bytes that are not UTF-8 are reported at their line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            [
                Diagnostic(
                    "the file is not UTF-8 text",
                    position=Position(name, line, 1),
                    hint="save it as UTF-8 in your editor",
                )
            ]
        ) from exc


def _line_at(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def _yaml_hint(message: str, line: str = "") -> str:
    """Plain words for the YAML mistakes editors actually make."""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "indent with spaces, not tabs (your editor can convert them)"
    if "alias" in message or "'*'" in message:
        return 'text that starts with * or ** (bold) must be in double quotes: "**Like this:** ..."'
    if "tab character" in message:
        return "indent with spaces, not tabs (your editor can convert them)"
    if "mapping values are not allowed" in message:
        return 'text containing ": " must be in double quotes'
    return "check the indentation and quoting on this line"


def parse(text: str, file: str, limits: Limits | None = None) -> Source:
    """Parse one YAML document; raise ContentError listing every problem."""
    with _no_cycle_collection():
        return _parse(text, file, limits or Limits())


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a file's events and values are made.

    Events, marks and values form no cycles, but hundreds of thousands of
    new objects make the collector walk them all again and again: a file of
    200,000 short values read in three times the time. Put back afterwards.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _parse(text: str, file: str, limits: Limits) -> Source:
    try:
        stream = _read_events(text, file, limits)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise ContentError(
            [
                Diagnostic(
                    f"invalid YAML: {message}",
                    position=_pos(file, mark) if mark else Position(file, 1, 1),
                    hint=_yaml_hint(message, _line_at(text, mark)),
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, ESC...)
        # The first such character is the one reported (libyaml counts bytes).
        index = text.find(chr(exc.character))
        before = text[: max(index, 0)]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise ContentError(
            [
                Diagnostic(
                    f"the character U+{exc.character:04X} is not allowed in a YAML file",
                    position=Position(file, line, column),
                    hint="delete it; it is invisible in most editors",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(
            [Diagnostic(f"invalid YAML: {exc}", position=Position(file, 1, 1))]
        ) from None
    builder = _Builder(file, limits, stream)
    data = builder.document()
    if builder.problems:
        raise ContentError(builder.problems)
    return Source(data, SourceMap(file, builder.values, builder.keys))


def load_file(
    path: Path,
    display_name: str | None = None,
    limits: Limits | None = None,
    cache: Cache | None = None,
) -> Source:
    """Read and parse a content file; positions name it as `display_name`."""
    limits = limits or Limits()
    name = display_name or path.name
    raw = read_bytes(path, limits)
    if cache is not None:
        cached = cache.get(raw, name, limits)
        if cached is not None:
            return cached
    source = parse(decode(raw, path.name), name, limits)
    if cache is not None:
        cache.put(raw, source, limits)
    return source


def load_library_file(
    path: Path, limits: Limits | None = None, cache: Cache | None = None
) -> Source:
    """Read the root content file and the handouts of every file it includes.

    Included handouts are appended to `handouts` in include order (files of
    one glob sorted by name); their positions keep naming their own file.
    A malformed `include:` value is left for validation to report.
    """
    limits = limits or Limits()
    root = load_file(path, path.name, limits, cache)
    root.files = [path.resolve()]
    data = root.data
    patterns = data.get("include") if isinstance(data, dict) else None
    if isinstance(patterns, str):
        patterns = [patterns]
    if not patterns or not all(isinstance(p, str) for p in patterns):
        return root
    problems: list[Diagnostic] = []
    handouts = data.setdefault("handouts", [])
    if not isinstance(handouts, list):
        return root
    for i, pattern in enumerate(patterns):
        loc: Loc = ("include", i) if isinstance(data["include"], list) else ("include",)
        where = root.source_map.find(loc)
        files = _expand(path.parent, pattern, limits)
        if isinstance(files, str):
            problems.append(Diagnostic(files, position=where, path=format_path(loc)))
            continue
        for file in files:
            if file in root.files:
                continue
            root.files.append(file)
            try:
                _graft(root, file, path.parent, limits, handouts, cache)
            except ContentError as exc:
                problems.extend(exc.diagnostics)
    if problems:
        raise ContentError(problems)
    return root


def _expand(base_dir: Path, pattern: str, limits: Limits) -> list[Path] | str:
    """The files `pattern` names inside `base_dir`, or why there are none.

    Each `**` multiplies the walk by the depth of the folders (`**/**/**`
    over nested folders visits every path once per way of splitting it),
    so a pattern may use it once; and a pattern may name at most
    `max_include_files` paths, counted as the walk yields them.
    """
    if "\0" in pattern:
        return f"'{pattern}' contains a NUL character; retype the pattern"
    parts = Path(pattern).parts
    if Path(pattern).is_absolute() or ".." in parts or "://" in pattern:
        return f"'{pattern}' must be a path inside the content folder"
    if sum("**" in part for part in parts) > 1:
        return f"'{pattern}' uses ** more than once; one ** already reaches every folder below"
    root = base_dir.resolve()
    found = []
    for count, p in enumerate(base_dir.glob(pattern), 1):
        if count > limits.max_include_files:
            return (
                f"'{pattern}' names more than {limits.max_include_files:,} files; "
                "narrow the pattern, or raise it with --limit max_include_files=N"
            )
        if p.suffix.lower() in (".yaml", ".yml") and p.is_file():
            found.append(p.resolve())
    found = sorted(p for p in found if p.is_relative_to(root))
    if not found:
        return f"'{pattern}' matches no .yaml file in the content folder"
    return found


def _graft(
    root: Source, file: Path, base_dir: Path, limits: Limits, handouts: list, cache: Cache | None
) -> None:
    name = file.relative_to(base_dir.resolve()).as_posix()
    part = load_file(file, name, limits, cache)
    data = part.data
    if not isinstance(data, dict) or set(data) != {"handouts"}:
        extra = sorted(set(data) - {"handouts"}) if isinstance(data, dict) else []
        raise ContentError(
            [
                Diagnostic(
                    f"unknown key '{extra[0]}' in an included file"
                    if extra
                    else "an included file holds a mapping with only 'handouts:'",
                    position=part.source_map.key((extra[0],)) if extra else Position(name, 1, 1),
                    path=extra[0] if extra else "",
                    hint="clinic, settings and include belong in the main content file",
                )
            ]
        )
    items = data["handouts"]
    if not isinstance(items, list):
        raise ContentError(
            [
                Diagnostic(
                    "expected a list of handouts",
                    position=part.source_map.find(("handouts",)),
                    path="handouts",
                )
            ]
        )
    start = len(handouts)
    moves: dict[Loc, Loc] = {("handouts", i): ("handouts", start + i) for i in range(len(items))}
    if moves:
        root.source_map.graft(part.source_map, moves)
    handouts.extend(items)
