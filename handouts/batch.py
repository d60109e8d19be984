"""Batch builds: select, skip what is unchanged, build in parallel, keep a manifest.

A hospital library holds hundreds of handouts rebuilt on every pull request.
Each output file gets a content hash (the handout, the brand, the asset
bytes, the options and the tool itself); a file whose hash matches
out/manifest.json and whose bytes have the sha256 recorded there is left
alone. Work is spread over processes that only render: this process writes
each file and records it, so files do not depend on the order they were
made in, a parallel build is byte-identical to a serial one, and no file
lands unrecorded. The manifest is written in file-name order for the same
reason. Everything read back from out/ is checked first (see `buildstate`).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import difflib
import fnmatch
import functools
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Set
from dataclasses import asdict, dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from . import __version__, markup, qrstore
from .assets import AssetError, resolve_asset
from .atomicfile import remove_abandoned_temp_files, write_atomic
from .buildstate import is_count, is_digest, linked_folder, parse_json, read_bytes
from .diagnostics import ContentError, Diagnostic, EnvironmentProblem, Loc, Severity, has_errors
from .files import FileTooBig, sha256_regular
from .formats import DEFAULT_FORMAT, FORMATS
from .language import language as language_of
from .load import SourceMap
from .model import Handout, Library
from .options import BuildOptions, Editions, RenderOptions
from .parsecache import ParseCache
from .project import (
    Project,
    clinic_problems,
    clinics_for,
    editions,
    image_warnings,
    in_format,
    open_project,
    render_pdf,
    untranslated_warnings,
)
from .render.document import LayoutProblem
from .render.flowables import Modules, qr_modules
from .shards import Weighted, assign, expected_pages
from .theme import resolve_theme


def output_name(handout: Handout, fmt: str) -> str:
    return FORMATS[fmt].file_name(handout.id)


@dataclass(frozen=True)
class Output:
    handout: str
    format: str
    path: Path
    pages: int


@dataclass
class BuildReport:
    """What a build did: written, left unchanged, removed, and every problem."""

    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[Output] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    failed_jobs: int = 0
    catalogue: Path | None = None
    catalogues: list[Path] = field(default_factory=list)  # one per clinic (--clinic all)
    seconds: float = 0.0
    usage: list[str] = field(default_factory=list)  # ids asked for that name no handout

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outputs)


def formats_for(handout: Handout, options: BuildOptions | None = None) -> list[str]:
    wanted = getattr(handout, "formats", None) or [DEFAULT_FORMAT]
    if options is not None and options.formats:
        return [f for f in options.formats if f in wanted or FORMATS[f].every_handout]
    return list(wanted)


def formats_offered(handout: Handout) -> list[str]:
    """What staff may print a handout in: its own formats, then those every handout has."""
    listed = formats_for(handout)
    return [*listed, *(f for f, fmt in FORMATS.items() if fmt.every_handout and f not in listed)]


def select(
    library: Library,
    ids: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
) -> list[Handout]:
    """Handouts matching any id or glob (`sleep-*`), any topic tag and any language."""
    wanted_topics = set(topics)
    return [
        h
        for h in library.handouts
        if (not ids or any(fnmatch.fnmatchcase(h.id, p) for p in ids))
        and (not wanted_topics or wanted_topics.intersection(h.tags))
        and (not languages or any(h.lang.speaks(wanted) for wanted in languages))
    ]


log = logging.getLogger("handouts.batch")

MANIFEST = "manifest.json"
# Beside the content (as .pytest_cache beside the tests): out/ holds only
# what is published.
PARSE_CACHE = ".handouts-cache"
CATALOGUE = "catalogue.pdf"
MANIFEST_VERSION = 1
WARNING = Severity.WARNING


@dataclass(frozen=True)
class Job:
    """One output file to make: a handout in one format."""

    handout: str
    format: str
    file: str
    content_hash: str
    # Its copies in other languages (project.editions), found here: a worker
    # holds only the handout it renders, not its family.
    editions: Editions = field(default_factory=Editions)


@dataclass(frozen=True)
class JobResult:
    job: Job
    pages: int = 0
    sha256: str = ""
    size: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()
    grade: float | None = None  # reading grade, when the readability rule is on
    grade_label: str = ""  # e.g. "FK grade 5.8, SMOG 7.9"
    qr: tuple[str, Modules] | None = None  # the catalogue's code for this file, made here
    data: bytes = b""  # the PDF, written by the build's own process (see _run_jobs)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


class Reporter(Protocol):
    """Told about progress; the command line draws a bar or prints log lines."""

    def start(self, total: int, skipped: int) -> None: ...

    def done(self, result: JobResult, path: Path) -> None: ...


class _Silent:
    def start(self, total: int, skipped: int) -> None:
        pass

    def done(self, result: JobResult, path: Path) -> None:
        pass


# ------------------------------------------------------------------ selection


def selection_problems(project: Project, patterns: Iterable[str]) -> list[str]:
    """Why an id or glob asked for names no handout, with a suggestion."""
    ids = [h.id for h in project.library.handouts]
    out = []
    for wanted in patterns:
        if fnmatch.filter(ids, wanted):
            continue
        if wanted in project.declared:  # written but invalid: its diagnostics say why
            continue
        close = difflib.get_close_matches(wanted, ids, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known ids: {', '.join(ids)}"
        out.append(f"no handout with id '{wanted}'{hint}")
    return out


def chosen(
    project: Project, options: BuildOptions
) -> tuple[list[tuple[Handout, list[str]]], list[str]]:
    """What a command works on: each selected handout with its formats, or why none.

    `build` and `check` both choose through here, so ids and globs, tags,
    languages, formats and --clinic mean the same to both; the second value
    lists usage problems (an unknown id or clinic, a selection that matches
    nothing), each one line for the command line.
    """
    usage = selection_problems(project, options.ids)
    usage += clinic_problems(project, options.render.clinic)
    if usage:
        return [], usage
    handouts = select(project.library, options.ids, options.topics, options.languages)
    pairs = [(h, formats) for h in handouts if (formats := formats_for(h, options))]
    if not pairs and _selective(options):
        return [], [_nothing_selected(options)]
    return pairs, []


def _nothing_selected(options: BuildOptions) -> str:
    """Say which filters left nothing to build, instead of a silent '0 built'."""
    asked = [
        *(f"id '{i}'" for i in options.ids),
        *(f"tag '{t}'" for t in options.topics),
        *(f"language '{lang}'" for lang in options.languages),
    ]
    where = f" with {' or '.join(asked)}" if asked else ""
    if options.formats:
        wanted = " or ".join(f"'{f}'" for f in options.formats)
        return (
            f"no handout{where} lists the format {wanted}; "
            f"add it to a handout's formats: list, e.g. formats: [handout, {options.formats[0]}]"
        )
    return f"no handout matches {' and '.join(asked)}"


# ------------------------------------------------------------------ content hashes


@functools.cache
def tool_fingerprint() -> str:
    """The version of everything that shapes the bytes: this code, ReportLab, the fonts.

    The package's own sources are hashed, not just its version number, so a
    developer's edit never leaves stale PDFs behind.
    """
    import importlib.metadata as md

    digest = hashlib.sha256(__version__.encode())
    for dist in ("reportlab", "fontpkg-atkinson-hyperlegible", "svglib", "pillow"):
        try:
            digest.update(f"{dist}={md.version(dist)}".encode())
        except md.PackageNotFoundError:
            digest.update(f"{dist}=?".encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


# The end of a JSON string naming a file the content points at (an image, a
# logo, a font). Each string is then found from its end: a pattern that tried
# every quote of a 1,000-handout library as a start took a quarter second.
_ASSET_END = re.compile(rb'\.(?:png|jpe?g|svg|ttf|otf)"', re.IGNORECASE)


def _asset_refs(dumped: bytes) -> set[str]:
    """Every JSON string in `dumped` that ends like a file name (.png, .ttf, ...)."""
    refs = set()
    for match in _ASSET_END.finditer(dumped):
        start = dumped.rfind(b'"', 0, match.start())
        while start > 0 and _escaped(dumped, start):
            start = dumped.rfind(b'"', 0, start)
        if start >= 0:
            refs.add(json.loads(dumped[start : match.end()]))
    return refs


def _escaped(data: bytes, at: int) -> bool:
    """Whether the character at `at` follows an odd number of backslashes."""
    before = at
    while before > 0 and data[before - 1] == 0x5C:
        before -= 1
    return (at - before) % 2 == 1


class _Hasher:
    """Content hashes for one build; each asset file is read once."""

    def __init__(self, project: Project, options: BuildOptions):
        self.base_dir = project.theme.base_dir
        self.max_bytes = options.limits.max_asset_bytes
        self._assets: dict[str, str] = {}
        settings = project.library.model_dump_json(exclude={"handouts", "include"}).encode()
        self.common = b"\0".join(
            [
                tool_fingerprint().encode(),
                settings,
                self.assets(settings),  # logos and font files of every brand
                _canonical(asdict(options.render)),
            ]
        )

    def assets(self, dumped: bytes) -> bytes:
        """Digests of every file named in `dumped` JSON (strings ending .png, .ttf, ...)."""
        refs = sorted(_asset_refs(dumped))
        return _canonical({ref: self._digest(ref) for ref in refs if "://" not in ref})

    def _digest(self, rel: str) -> str:
        """The file's sha256; any string of content ending in .png may name one, so
        it is read in pieces and only up to the asset limit (a file that cannot be
        used hashes as empty: its build reports why)."""
        if rel not in self._assets:
            try:
                path = resolve_asset(self.base_dir, rel, ())
                self._assets[rel] = sha256_regular(path, self.max_bytes)
            except (AssetError, OSError, FileTooBig):
                self._assets[rel] = hashlib.sha256(b"").hexdigest()
        return self._assets[rel]

    def handout_hash(self, handout: Handout) -> Any:
        """Everything but the format; each format's hash goes on from a copy."""
        dumped = handout.model_dump_json().encode()
        digest = hashlib.sha256(self.common)
        digest.update(dumped)
        digest.update(self.assets(dumped))
        return digest


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()


# ------------------------------------------------------------------ manifest


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The last build's manifest, keeping only entries that look exactly as we write them.

    out/ is restored from CI caches and may come from anyone (see
    `buildstate`): an entry with a missing key, a value of the wrong type or
    a file name its id and format would not give is dropped, so its file is
    simply built again; nothing from it reaches the catalogue unchecked.
    """
    data = parse_json(read_bytes(out_dir / MANIFEST))
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {"outputs": [], "catalogue": None}
    outputs = data.get("outputs")
    entries = [e for e in outputs if _valid_entry(e)] if isinstance(outputs, list) else []
    catalogue = data.get("catalogue")
    return {"outputs": entries, "catalogue": catalogue if _valid_catalogue(catalogue) else None}


# Each key of a manifest entry and what its value must be.
_ENTRY_FIELDS: dict[str, Callable[[Any], bool]] = {
    "file": lambda v: isinstance(v, str),  # checked against id and format below
    "id": lambda v: isinstance(v, str) and _ID.fullmatch(v) is not None,
    "clinic": lambda v: isinstance(v, str) and _ID.fullmatch(v) is not None,  # brand printed
    "title": lambda v: isinstance(v, str),
    "format": lambda v: isinstance(v, str) and v in FORMATS,
    "language": lambda v: isinstance(v, str),
    "tags": lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v),
    "pages": lambda v: is_count(v, 1),
    "bytes": lambda v: is_count(v, 1),
    "sha256": is_digest,
    "content_hash": is_digest,
    "reviewed": lambda v: _is_date(v),
    "review_by": lambda v: _is_date(v),
    "readability_grade": lambda v: v is None or type(v) in (int, float),
}
_CATALOGUE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "file": lambda v: v == CATALOGUE,
    "pages": lambda v: is_count(v, 1),
    "bytes": lambda v: is_count(v, 1),
    "sha256": is_digest,
    "content_hash": is_digest,
    "contents": lambda v: v is None or isinstance(v, dict),  # a hint, checked when used
}
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")  # model.Slug


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _fits(value: Any, fields: dict[str, Callable[[Any], bool]]) -> bool:
    return (
        isinstance(value, dict)
        and value.keys() == fields.keys()
        and all(check(value[key]) for key, check in fields.items())
    )


def _valid_entry(entry: Any) -> bool:
    return _fits(entry, _ENTRY_FIELDS) and entry["file"] == FORMATS[entry["format"]].file_name(
        entry["id"]
    )


def _valid_catalogue(entry: Any) -> bool:
    return _fits(entry, _CATALOGUE_FIELDS)


def _on_disk(path: Path, entry: dict | None) -> bool:
    """Whether `path` holds exactly the bytes `entry` recorded (their sha256, not only size).

    A build killed after replacing a file but before recording it leaves a
    file of the right name that the manifest does not describe: it is made
    again, never kept as "unchanged".
    """
    if entry is None:
        return False
    data = read_bytes(path)
    return (
        data is not None
        and len(data) == entry["bytes"]
        and hashlib.sha256(data).hexdigest() == entry["sha256"]
    )


def manifest_entry(
    project: Project, handout: Handout, result: JobResult, options: RenderOptions
) -> dict[str, Any]:
    job = result.job
    review_by = project.library.review_due(handout)
    return {
        "file": job.file,
        "id": handout.id,
        "clinic": project.library.brand_for(handout, options.clinic),
        "title": markup.plain(project.filled(handout, options)[0].title),
        "format": job.format,
        "language": handout.language,
        "tags": list(handout.tags),
        "pages": result.pages,
        "bytes": result.size,
        "sha256": result.sha256,
        "content_hash": job.content_hash,
        "reviewed": handout.reviewed.isoformat(),
        "review_by": review_by.isoformat(),
        "readability_grade": result.grade,
    }


def manifest_bytes(
    entries: dict[str, dict], catalogue: dict | None, shard: dict | None = None
) -> bytes:
    """The manifest as written: files in name order; a shard's says which share it holds."""
    data: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "generator": f"handouts {__version__}",
        "outputs": [entries[name] for name in sorted(entries)],
        "catalogue": catalogue,
    }
    if shard is not None:
        data["shard"] = shard
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _stale(entry: dict | None, job: Job, out_dir: Path) -> str | None:
    """Why an output must be made again (for `-v`), or None when it is up to date.

    Up to date means the manifest's entry is for this very job and the file
    holds exactly the bytes it recorded (their sha256, not only their size).
    """
    if entry is None:
        return "not built before"
    if (entry["content_hash"], entry["id"], entry["format"]) != (
        job.content_hash,
        job.handout,
        job.format,
    ):
        return "content, brand, assets or options changed"
    if read_bytes(out_dir / job.file) is None:
        return "the file is missing (or not a regular file)"
    if not _on_disk(out_dir / job.file, entry):
        return "the file was changed since it was built"
    return None


# ------------------------------------------------------------------ building


def _render_job(project: Project, job: Job, options: BuildOptions) -> JobResult:
    """Make one file; its problems come back in the result, never raised."""
    handout = project.library.by_id[job.handout]
    try:
        render = replace(options.render, editions=job.editions)
        rendered = render_pdf(project, handout, job.format, render)
    except ContentError as exc:
        return JobResult(job, diagnostics=tuple(exc.diagnostics))
    except (EnvironmentProblem, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug must not take the other 999 handouts down
        problem = Diagnostic(
            f"could not be built: {type(exc).__name__}: {exc}",
            position=project.position(handout.loc),
            path=project.source_map.path(handout.loc),
            hint="this is a bug in handouts; please report it with the handout",
            handout=handout.id,
        )
        return JobResult(job, diagnostics=(problem,))
    scores = _reading_scores(project.library, project.filled(handout, options.render)[0])
    notes = tuple(
        project.diagnostic(n.loc, in_format(job.format, n.message), n.hint, handout.id, WARNING)
        for n in rendered.notes
    )
    if job.format == formats_for(handout, options)[0]:  # once per handout, not per format
        notes += tuple(image_warnings(project, handout, options.render))
        notes += tuple(untranslated_warnings(project, handout, options.render))
    return JobResult(
        job,
        rendered.pages,
        hashlib.sha256(rendered.data).hexdigest(),
        len(rendered.data),
        notes,
        grade=round(scores.grade, 1) + 0.0 if scores else None,
        grade_label=scores.label_with_grade() if scores else "",
        qr=_catalogue_code(project, handout, job, options),
        data=rendered.data,
    )


def _catalogue_code(
    project: Project, handout: Handout, job: Job, options: BuildOptions
) -> tuple[str, Modules] | None:
    """The catalogue's QR code for this file, if it prints one.

    Encoding is pure Python (~9 ms a code): made here, in the workers, a new
    library's codes are made in parallel instead of one by one in the parent
    after every handout is built.
    """
    from .layouts.catalogue import file_order, pdf_url

    base_url = project.library.base_url_for(catalogue_brand(project, options.render))
    if not (base_url and options.catalogue) or _selective(options) or options.shard:
        return None
    if job.format != min(formats_for(handout, options), key=file_order):
        return None
    url = pdf_url(base_url, job.file)
    return url, qr_modules(url)


def _reading_scores(library: Library, handout: Handout):
    """The reading grade `check` would judge, unless its rule is off."""
    if library.checks.merged(handout.checks).rules.readability == "off":
        return None
    from .checks import prose, readability

    return readability.score([u.text for u in prose.units(handout)], handout.language)


# A worker process's brand and options, set once by its initializer.
# Process-local by necessity: a pool worker has no other place to keep them.
_WORKER: dict[str, Any] = {}


@dataclass(frozen=True)
class _Slim:
    """What a worker needs besides the handout itself: settings, not the library.

    Workers start from a clean process (forkserver/spawn), not a fork of a
    parent holding 2,000 handouts, so their memory stays flat whatever the
    library's size; each job then carries just its handout and positions.
    """

    settings: Library  # without its handouts
    base_dir: Path
    source_map: SourceMap  # positions outside the handouts (clinic, settings)


def _slim(project: Project) -> _Slim:
    settings = project.library.model_copy(update={"handouts": []})
    outside = _positions(project.source_map, lambda loc: loc[:1] != ("handouts",) or len(loc) < 2)
    return _Slim(settings, project.theme.base_dir, outside)


def _positions(smap: SourceMap, keep) -> SourceMap:
    return SourceMap(
        smap.file,
        {k: v for k, v in smap.values.items() if keep(k)},
        {k: v for k, v in smap.keys.items() if keep(k)},
        {k: v for k, v in smap.origins.items() if keep(k)},
    )


def _handout_positions(smap: SourceMap) -> dict[Loc, SourceMap]:
    """Each handout's own positions, in one pass over the library's map."""
    out: dict[Loc, SourceMap] = {}
    for kind in ("values", "keys"):
        for loc, pos in getattr(smap, kind).items():
            if len(loc) >= 2 and loc[0] == "handouts":
                part = out.setdefault(loc[:2], SourceMap(smap.file))
                getattr(part, kind)[loc] = pos
    for loc, local in smap.origins.items():
        if loc in out:
            out[loc].origins[loc] = local
    return out


def relax_collector() -> None:
    """Run Python's cycle collector less often, in processes that build.

    Loading a library makes hundreds of thousands of small objects and no
    garbage cycles; at the default threshold (700 new objects) the collector
    scanned the growing heap again and again: 40% of a no-op rebuild of 1,000
    handouts, and about 0.6 ms of every document a worker renders. Cycles
    are still collected, only in bigger batches. Called by the command line
    and by each worker it starts, never by the library on its own.
    """
    gc.set_threshold(100_000, 50, 100)


def _init_worker(slim: _Slim, options: BuildOptions, lifeline: Connection) -> None:
    relax_collector()
    threading.Thread(target=_exit_with_build, args=(lifeline,), daemon=True).start()
    brands = slim.settings.brands.items()
    themes = {b: resolve_theme(c, slim.base_dir, options.limits) for b, c in brands}
    _WORKER.update(slim=slim, themes=themes, options=options)


def _work(job: Job, handout: Handout, positions: SourceMap) -> JobResult:
    slim: _Slim = _WORKER["slim"]
    smap = _positions(slim.source_map, lambda loc: True)
    for kind in ("values", "keys", "origins"):
        getattr(smap, kind).update(getattr(positions, kind))
    library = slim.settings.model_copy(update={"handouts": [handout]})
    # Theme variants (language, grayscale) are kept for the worker's life:
    # a grayscale one decodes the logo again.
    variants = _WORKER.setdefault("variants", {})
    limits = _WORKER["options"].limits
    project = Project(library, _WORKER["themes"], smap, variants=variants, limits=limits)
    return _render_job(project, job, _WORKER["options"])


def _exit_with_build(lifeline: Connection) -> None:
    """End this worker as soon as the build that started it is gone.

    A killed build (SIGKILL, a CI timeout) cannot stop its pool, and the
    forkserver the workers come from stays up as long as they do, so they
    would finish their jobs for nobody. The build holds the only other end
    of `lifeline` and never writes to it: the read ends when the build's
    process ends, however it ends.
    """
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()
    os._exit(1)


# Starting a worker costs about as much as rendering six documents (it
# imports ReportLab and loads the fonts), so unless --jobs says otherwise a
# handful of files build faster in this process; the bytes are the same.
MIN_PARALLEL_JOBS = 6


def _run_jobs(
    project: Project, jobs: list[Job], options: BuildOptions, land: Callable[[JobResult], bool]
) -> None:
    """Render `jobs`, handing each result to `land` as it comes; `land` returns True to stop.

    Workers only render: the files are written here, by `land`, so a worker
    that is still busy when this process is killed can never replace a file
    afterwards, and a file is on disk only once the build knows of it.
    """
    workers = options.jobs or ((os.cpu_count() or 1) if len(jobs) >= MIN_PARALLEL_JOBS else 1)
    log.info("building in %s", "this process" if workers <= 1 else f"{workers} worker processes")
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            if land(_render_job(project, job, options)):
                break
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    by_id, positions = project.library.by_id, _handout_positions(project.source_map)
    lifeline, held = context.Pipe(duplex=False)  # workers get the reading end
    with (
        held,
        cf.ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)),
            mp_context=context,
            initializer=_init_worker,
            initargs=(_slim(project), options, lifeline),
        ) as pool,
    ):
        futures = []
        for job in jobs:
            handout = by_id[job.handout]
            futures.append(pool.submit(_work, job, handout, positions[handout.loc[:2]]))
        for future in cf.as_completed(futures):
            if land(future.result()):
                pool.shutdown(wait=True, cancel_futures=True)
                break


def plan(
    project: Project, options: BuildOptions, pairs: list[tuple[Handout, list[str]]]
) -> list[Job]:
    """Every file the selection asks for, with its content hash."""
    hasher = _Hasher(project, options)
    jobs = []
    for h, formats in pairs:
        base = hasher.handout_hash(h)
        for fmt in formats:
            digest = base.copy()
            digest.update(fmt.encode())
            # A translation added, moved or dropped changes the copy's QR codes.
            found = editions(project, h, fmt, options.render)
            digest.update(_canonical(asdict(found)))
            jobs.append(Job(h.id, fmt, output_name(h, fmt), digest.hexdigest(), found))
    return jobs


@dataclass
class _State:
    """The manifest being updated: entries by file name, saved as files land."""

    out_dir: Path
    entries: dict[str, dict] = field(default_factory=dict)
    catalogue: dict | None = None
    saved: float = field(default_factory=time.monotonic)
    shard: dict | None = None  # a shard's record (see _shard_record); None for a whole build

    def save(self, every: float = 0.0) -> None:
        """Write the manifest (atomically), unless it was written less than `every` s ago.

        Saved while a build runs, a killed build's finished files stay
        recorded and are not made again; throttled, a library of 3,000
        files does not rewrite its manifest 3,000 times.
        """
        if time.monotonic() - self.saved < every:
            return
        manifest = manifest_bytes(self.entries, self.catalogue, self.shard)
        _write_if_changed(self.out_dir / MANIFEST, manifest)
        self.saved = time.monotonic()


SAVE_EVERY = 1.0  # seconds between manifest saves while files land


def build(options: BuildOptions, reporter: Reporter | None = None) -> BuildReport:
    """Build, skip or clean up every selected output and rewrite the manifest."""
    started = time.perf_counter()
    reporter = reporter or _Silent()
    report = BuildReport()
    cache = ParseCache(options.content.parent / PARSE_CACHE, tool_fingerprint())
    project, report.diagnostics = open_project(options.content, options.limits, cache)
    cache.prune()
    if project is None or ((options.strict or options.fail_fast) and report.failed):
        report.seconds = time.perf_counter() - started
        return report
    pairs, report.usage = chosen(project, options)
    if report.usage:
        return report
    if options.clinics:
        return _build_each_clinic(project, options, reporter, report, started)
    refuse_linked_output(options)
    report.diagnostics += cache.warnings()
    previous = read_manifest(options.out_dir)
    state = _State(
        options.out_dir, {e["file"]: e for e in previous["outputs"]}, previous["catalogue"]
    )
    jobs = plan(project, options, pairs)
    mine, planned = None, {job.file for job in jobs}
    if options.shard is not None:  # the merge writes the catalogue
        mine = shard_of(project, jobs, options.shard)
        jobs = [job for job in jobs if job.file in mine]
        state.shard, state.catalogue = _shard_record(options, mine), None
    todo = []
    for job in jobs:
        entry = state.entries.get(job.file)
        why = "--force" if options.force else _stale(entry, job, options.out_dir)
        if why:
            log.info("building %s: %s", job.file, why)
            todo.append(job)
        else:
            report.skipped.append(_output(job, options, entry["pages"]))
    log.info("%d to build, %d unchanged", len(todo), len(jobs) - len(todo))
    reporter.start(len(jobs), len(jobs) - len(todo))
    by_id = project.library.by_id
    codes: dict[str, Modules] = {}
    problems: list[tuple[int, tuple[Diagnostic, ...]]] = []
    position = {job: i for i, job in enumerate(todo)}
    failed: set[str] = set()

    def land(result: JobResult) -> bool:
        """Write one finished file, then record it; True when the build should stop."""
        job, path = result.job, options.out_dir / result.job.file
        problems.append((position[job], result.diagnostics))
        if result.failed:
            report.failed_jobs += 1
            failed.add(job.file)
        else:
            write_atomic(path, result.data)
            if result.qr is not None:
                codes[result.qr[0]] = result.qr[1]
            handout = by_id[job.handout]
            state.entries[job.file] = manifest_entry(project, handout, result, options.render)
            report.outputs.append(_output(job, options, result.pages))
            state.save(every=SAVE_EVERY)
        reporter.done(result, path)
        return options.fail_fast and result.failed

    _run_jobs(project, todo, options, land)
    # Content order, whatever order the workers finished in; a problem every
    # format of a handout meets (a character the font lacks) is told once.
    found = [d for _, found in sorted(problems, key=lambda p: p[0]) for d in found]
    found += _codes_to_failed(project, jobs, failed)
    report.diagnostics[:] = dict.fromkeys([*report.diagnostics, *found])
    order = {(j.handout, j.format): i for i, j in enumerate(jobs)}
    report.outputs.sort(key=lambda o: order[o.handout, o.format])
    elsewhere = planned - mine if mine is not None else frozenset()
    report.removed = _remove_stale(project, state, options.out_dir, elsewhere)
    remove_abandoned_temp_files(options.out_dir)
    if options.catalogue and not _selective(options) and options.shard is None:
        try:
            report.catalogue = _catalogue(project, state, options, codes)
        except ContentError as exc:
            report.diagnostics.extend(exc.diagnostics)
    state.save()
    report.seconds = time.perf_counter() - started
    return report


def _codes_to_failed(project: Project, jobs: list[Job], failed: set[str]) -> list[Diagnostic]:
    """A warning for each file whose QR code to another language opens a file that
    failed to build in this run: on paper, that code opens nothing, or an old copy."""
    out = []
    for job in jobs:
        if job.file in failed:
            continue
        handout = project.library.by_id[job.handout]
        for edition in job.editions.codes:
            if edition.file not in failed:
                continue
            named = language_of(edition.language).english_name
            message = f"its QR code to the {named} copy opens {edition.file}, which failed to build"
            hint = f"fix {edition.file}'s problems, listed here, and build again"
            out.append(
                project.diagnostic(
                    handout.loc, in_format(job.format, message), hint, handout.id, WARNING
                )
            )
    return out


def refuse_linked_output(options: BuildOptions) -> None:
    """Stop (exit 2) before writing through a symlink where the output folder should be.

    A pull request can carry `out -> /somewhere`; every PDF, the manifest and
    the catalogue would be written there. The folder given with --out may be
    anywhere the person running the build chooses, but not be a link itself,
    nor be reached through a link inside the content folder.
    """
    link = linked_folder(options.out_dir, options.content.parent)
    if link is not None:
        raise EnvironmentProblem(
            f"{link}: the output folder is a symbolic link; handouts does not write "
            "through links (remove it, or give the real folder with --out)"
        )


def shard_of(project: Project, jobs: list[Job], shard: tuple[int, int]) -> set[str]:
    """The files of `jobs` that shard K of N builds (see handouts.shards)."""
    index, count = shard
    by_id = project.library.by_id
    weighted = [Weighted(j.file, expected_pages(by_id[j.handout], j.format)) for j in jobs]
    return {file for file, k in assign(weighted, count).items() if k == index}


def _shard_record(options: BuildOptions, mine: set[str]) -> dict[str, Any]:
    """What the merge needs to know about a shard: which share, of what build."""
    index, count = options.shard or (1, 1)
    return {
        "index": index,
        "count": count,
        "tool": tool_fingerprint(),  # shards of different code are no one library
        "files": sorted(mine),
        "render": asdict(options.render),
        "selection": {
            "ids": list(options.ids),
            "formats": list(options.formats),
            "topics": list(options.topics),
            "languages": list(options.languages),
        },
        "catalogue": options.catalogue,
    }


def _build_each_clinic(
    project: Project, options: BuildOptions, reporter: Reporter, report: BuildReport, started
) -> BuildReport:
    """One build per clinic, each into its own folder with its own catalogue and manifest."""
    clinics, report.usage = clinics_for(project, options.clinics)
    if report.usage:
        return report
    seen = {str(d) for d in report.diagnostics}
    for clinic in clinics:
        one = build(
            replace(
                options,
                clinics=(),
                out_dir=options.out_dir / clinic,
                render=replace(options.render, clinic=clinic),
            ),
            reporter,
        )
        report.usage += one.usage
        report.outputs += one.outputs
        report.skipped += one.skipped
        report.removed += one.removed
        report.failed_jobs += one.failed_jobs
        report.catalogues += [one.catalogue] if one.catalogue else []
        new = [d for d in one.diagnostics if str(d) not in seen]  # content problems once
        seen.update(str(d) for d in new)
        report.diagnostics += new
    report.catalogue = report.catalogues[0] if report.catalogues else None
    report.seconds = time.perf_counter() - started
    return report


def catalogue_brand(project: Project, options: RenderOptions) -> str:
    """The clinic a build's catalogue is for: --clinic, else the default one."""
    return options.clinic or project.library.default_brand


def _selective(options: BuildOptions) -> bool:
    return bool(options.ids or options.topics or options.languages or options.formats)


def _output(job: Job, options: BuildOptions, pages: int) -> Output:
    return Output(job.handout, job.format, options.out_dir / job.file, pages)


def _remove_stale(
    project: Project, state: _State, out_dir: Path, elsewhere: Set[str] = frozenset()
) -> list[Path]:
    """Delete outputs whose handout (or format) is gone from the content, and in a
    shard's folder the outputs that now belong to another shard (`elsewhere`).

    What was built on request in a format every handout has (large print)
    stays until its handout goes.

    A handout that is still written but fails validation keeps its last
    good PDF: it is broken, not deleted.
    """
    by_id = project.library.by_id
    removed = []
    for name, entry in sorted(state.entries.items()):
        hid = entry.get("id")
        handout = by_id.get(hid)
        if handout is None and hid in project.declared:
            continue
        fmt = entry.get("format")
        kept = handout is not None and (fmt in formats_for(handout) or _on_request(fmt))
        if kept and name not in elsewhere:
            continue
        path = out_dir / name
        if path.name == name and name.endswith(".pdf"):  # never climb out of out/
            path.unlink(missing_ok=True)
            removed.append(path)
        del state.entries[name]
    return removed


def _on_request(fmt: Any) -> bool:
    """A format any handout may be built in when asked (large print): kept once built."""
    return isinstance(fmt, str) and fmt in FORMATS and FORMATS[fmt].every_handout


def _write_if_changed(path: Path, data: bytes) -> None:
    if read_bytes(path) != data:
        write_atomic(path, data)


def _catalogue(
    project: Project, state: _State, options: BuildOptions, made: dict[str, Modules]
) -> Path | None:
    """Rebuild out/catalogue.pdf when anything it lists has changed."""
    from .layouts.catalogue import catalogue_rows, render_catalogue

    shown = [project.filled(h, options.render)[0] for h in project.library.handouts]
    rows = catalogue_rows(project.library.model_copy(update={"handouts": shown}), state.entries)
    if not rows:
        return None
    digest = hashlib.sha256(tool_fingerprint().encode())
    digest.update(
        _canonical(
            [
                project.library.model_dump(mode="json", exclude={"handouts"}),
                asdict(options.render),
                [asdict(r) for r in rows],
            ]
        )
    )
    content_hash = digest.hexdigest()
    path = options.out_dir / CATALOGUE
    old = state.catalogue or {}
    if not options.force and old.get("content_hash") == content_hash and _on_disk(path, old):
        return path
    brand = catalogue_brand(project, options.render)
    try:
        cache = options.content.parent / PARSE_CACHE
        kept = qrstore.load(cache)
        catalogue = render_catalogue(
            rows,
            project.themes[brand],
            project.library.base_url_for(brand),
            options.render,
            contents=_contents_hint(old.get("contents")),
            codes=kept | made,
        )
    except LayoutProblem as exc:  # content no page can hold
        raise ContentError(
            [
                project.diagnostic(
                    exc.loc or ("handouts",),
                    f"catalogue: {exc}",
                    "shorten very long titles or clinic details; the PDFs were still written",
                )
            ]
        ) from None
    rendered = catalogue.rendered
    write_atomic(path, rendered.data)
    qrstore.save(cache, catalogue.codes, kept)
    state.catalogue = {
        "file": CATALOGUE,
        "pages": rendered.pages,
        "bytes": len(rendered.data),
        "sha256": hashlib.sha256(rendered.data).hexdigest(),
        "content_hash": content_hash,
        "contents": catalogue.contents,
    }
    return path


def _contents_hint(value: Any) -> dict[str, int] | None:
    """Last build's topic pages from the manifest, if they look right; a wrong
    guess costs a layout pass, never a wrong page number."""
    if isinstance(value, dict) and all(
        isinstance(k, str) and type(v) is int for k, v in value.items()
    ):
        return value
    return None
