"""Join the partial manifests of a sharded build into one library.

Each CI runner builds one share (`build --shard K/N`) into its own folder;
the merge job downloads those folders and calls `merge-manifests`, which
copies every PDF into `out/` (checked against its sha256), writes the one
manifest an unsharded build would have written, and then the catalogue.

It refuses to merge when two shards claim one file, when a PDF is not the
one its manifest describes, or when the shards were built with different
options: the published library would be a patchwork. It merges but reports
(exit code 1) the gaps: a shard that is missing, or files that a shard
failed to build, each named.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomicfile import write_atomic
from .batch import (
    CATALOGUE,
    MANIFEST_VERSION,
    PARSE_CACHE,
    _catalogue,
    _remove_stale,
    _State,
    _valid_entry,
    chosen,
    plan,
    read_manifest,
    shard_of,
    tool_fingerprint,
)
from .diagnostics import ContentError, Diagnostic, EnvironmentProblem
from .options import BuildOptions, Limits, RenderOptions
from .parsecache import ParseCache
from .project import open_project


@dataclass
class MergeReport:
    """What a merge did, and why it stopped or what is missing."""

    folders: list[Path] = field(default_factory=list)  # one per clinic
    files: int = 0  # outputs in the merged manifests
    copied: int = 0  # PDFs written (the rest were already in place)
    refused: list[str] = field(default_factory=list)  # overlaps, mismatches: nothing written
    gaps: list[str] = field(default_factory=list)  # missing shards or files: merged anyway
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.gaps) or any(d.severity == "error" for d in self.diagnostics)


@dataclass(frozen=True)
class _Part:
    path: Path
    data: dict[str, Any]

    @property
    def shard(self) -> dict[str, Any]:
        return self.data["shard"]

    @property
    def name(self) -> str:
        return f"{self.path} (shard {self.shard['index']}/{self.shard['count']})"


def _read(path: Path) -> _Part | str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return f"{path}: cannot read it ({exc.strerror or exc})"
    except ValueError as exc:
        return f"{path}: not a manifest ({exc})"
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return f"{path}: not a manifest of this version of handouts"
    shard = data.get("shard")
    if not isinstance(shard, dict) or not all(
        isinstance(shard.get(k), int) for k in ("index", "count")
    ):
        return f"{path}: not a shard's manifest; build with --shard K/N"
    outputs = data.get("outputs")
    if not isinstance(outputs, list) or not all(_safe_entry(e) for e in outputs):
        return f"{path}: its outputs list is damaged; build the shard again"
    return _Part(path, data)


def _safe_entry(entry: Any) -> bool:
    """An entry as a build writes it, naming one PDF in its own folder, never a path."""
    return _valid_entry(entry) and Path(entry["file"]).name == entry["file"]


def merge_manifests(
    paths: Sequence[Path],
    content: Path,
    out_dir: Path,
    limits: Limits | None = None,
) -> MergeReport:
    """Merge shard manifests into `out_dir` (one folder per clinic when they differ)."""
    started = time.perf_counter()
    report = MergeReport()
    parts: list[_Part] = []
    for path in paths:
        part = _read(path)
        if isinstance(part, str):
            report.refused.append(part)
        else:
            parts.append(part)
    if not parts and not report.refused:
        report.refused.append("no manifests given; pass out-*/manifest.json")
    if report.refused:
        return report
    groups: dict[str | None, list[_Part]] = {}
    for part in parts:
        groups.setdefault(part.shard.get("render", {}).get("clinic"), []).append(part)
    cache = ParseCache(content.parent / PARSE_CACHE, tool_fingerprint())
    project, report.diagnostics = open_project(content, limits, cache)
    if project is None:
        return report
    several = len(groups) > 1
    for clinic, members in groups.items():
        folder = out_dir / clinic if several and clinic else out_dir
        _merge_group(project, members, content, folder, limits, report)
        report.folders.append(folder)
    report.seconds = time.perf_counter() - started
    return report


def _options(part: _Part, content: Path, folder: Path, limits: Limits | None) -> BuildOptions:
    shard = part.shard
    selection = shard.get("selection") or {}
    return BuildOptions(
        content=content,
        out_dir=folder,
        ids=tuple(selection.get("ids", ())),
        formats=tuple(selection.get("formats", ())),
        topics=tuple(selection.get("topics", ())),
        languages=tuple(selection.get("languages", ())),
        render=RenderOptions(**shard.get("render", {})),
        limits=limits or Limits(),
        catalogue=bool(shard.get("catalogue", True)),
    )


def _merge_group(
    project, parts: list[_Part], content: Path, folder: Path, limits, report: MergeReport
) -> None:
    first = parts[0]
    count = first.shard["count"]
    if first.shard.get("tool") != tool_fingerprint():
        report.refused.append(
            f"{first.name}: built by another version of handouts than this one; "
            "merge with the commit the shards were built from"
        )
    for part in parts[1:]:
        for key in ("count", "render", "selection", "catalogue"):
            if part.shard.get(key) != first.shard.get(key):
                report.refused.append(
                    f"{part.name}: built with another {key} than {first.name}; "
                    "build every shard with the same command"
                )
        if part.shard.get("tool") != first.shard.get("tool"):
            report.refused.append(
                f"{part.name}: built by another version of handouts than {first.name}; "
                "build every shard from the same commit"
            )
    try:
        options = _options(first, content, folder, limits)
    except TypeError:
        report.refused.append(f"{first.name}: its build options are not this version's")
        return
    by_index: dict[int, _Part] = {}
    owner: dict[str, _Part] = {}
    entries: dict[str, dict] = {}
    for part in parts:
        index = part.shard["index"]
        if index in by_index:
            report.refused.append(f"{part.name}: shard {index} is also {by_index[index].path}")
        by_index[index] = part
        for entry in part.data["outputs"]:
            name = entry["file"]
            if name in owner:
                report.refused.append(f"{name}: in both {owner[name].name} and {part.name}")
                continue
            owner[name] = part
            entries[name] = entry
    if report.refused:
        return
    # What the shards should have built, from the content: the gaps, by name.
    pairs, usage = chosen(project, options)
    if usage:
        report.refused.append(f"{first.name}: {usage[0]}")
        return
    jobs = plan(project, options, pairs)
    for index in range(1, count + 1):
        wanted = shard_of(project, jobs, (index, count))
        part = by_index.get(index)
        if part is None:
            report.gaps.append(f"shard {index}/{count} is missing: {_few(wanted)} not merged")
            continue
        lost = sorted(wanted - {e["file"] for e in part.data["outputs"]})
        if lost:
            report.gaps.append(f"{part.name} did not build {_few(lost)}")
    data = {name: _pdf(owner[name], entries[name], report) for name in sorted(entries)}
    if report.refused:
        return
    for name, pdf in data.items():
        target = folder / name
        if _differs(target, pdf):
            write_atomic(target, pdf)
            report.copied += 1
    previous = read_manifest(folder)
    old = {e["file"]: e for e in previous.get("outputs", []) if _safe_entry(e)}
    state = _State(folder, {**old, **entries}, previous.get("catalogue"))
    _remove_stale(project, state, folder)
    report.files += len(state.entries)
    if options.catalogue:
        try:
            _catalogue(project, state, options, {})
        except ContentError as exc:
            report.diagnostics.extend(exc.diagnostics)
    elif (folder / CATALOGUE).is_file():
        state.catalogue = None
    state.save()


def _pdf(part: _Part, entry: dict, report: MergeReport) -> bytes:
    path = part.path.parent / entry["file"]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EnvironmentProblem(f"{path}: cannot read it ({exc.strerror})") from None
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        report.refused.append(f"{path}: not the PDF {part.path} describes (sha256 differs)")
    return data


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size != len(data) or path.read_bytes() != data
    except OSError:
        return True


def _few(names) -> str:
    names = sorted(names)
    shown = ", ".join(names[:5])
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return (
        f"{len(names)} file{'s' if len(names) != 1 else ''} ({shown}{more})" if names else "0 files"
    )
