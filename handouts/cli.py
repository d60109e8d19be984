"""The command line: a thin shell that fills in options and prints results.

Exit codes: 0 everything built, 1 content or quality problems, 2 usage or
environment problems (a missing file, an unwritable folder).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .api import BuildReport, build, open_project
from .atomicfile import write_atomic
from .batch import relax_collector
from .diagnostics import Diagnostic, EnvironmentProblem, has_errors
from .formats import FORMAT_NAMES
from .options import LOOPBACK_HOSTS, PAPERS, BuildOptions, Limits, RenderOptions, StationOptions
from .project import clinic_problems
from .schema import SCHEMA_FILE, schema_text
from .trusted_imports import without_untrusted

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong words on the command line; exit code 2."""


def _sort_key(d: Diagnostic) -> tuple:
    pos = d.position
    return (pos.file, pos.line, pos.column) if pos else ("", 0, 0)


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for d in sorted(diagnostics, key=_sort_key):
        print(d, file=sys.stderr)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content.yaml"), help="content file (content.yaml)"
    )


def _add_build(sub) -> Callable[[argparse.Namespace], int]:
    p = sub.add_parser("build", help="build PDFs (the default command)")
    _build_arguments(p)
    return run_build


def _build_arguments(p: argparse.ArgumentParser) -> None:
    _common(p)
    _selection_arguments(p)
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (out/)")
    p.add_argument(
        "--format", action="append", choices=sorted(FORMAT_NAMES), help="only this format"
    )
    _render_arguments(p)
    p.add_argument(
        "--strict", action="store_true", help="build nothing if any handout has a problem"
    )
    p.add_argument(
        "--no-tags",
        dest="tags",
        action="store_false",
        help="write untagged PDFs (not accessible; for comparison only)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=0,
        help="worker processes (default: one per CPU when there are enough files to pay off)",
    )
    p.add_argument("--force", action="store_true", help="rebuild even unchanged handouts")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first handout that fails")
    p.add_argument("--no-catalogue", action="store_true", help="do not write out/catalogue.pdf")
    p.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="build only share K of N (for N CI runners; join them with merge-manifests)",
    )


def _selection_arguments(p: argparse.ArgumentParser) -> None:
    """Which handouts: the same words for build and check."""
    p.add_argument(
        "ids",
        nargs="*",
        metavar="ID|GLOB",
        help="handout ids or globs such as 'sleep-*' (default: all)",
    )
    p.add_argument("--tag", action="append", help="only handouts with this tag (repeatable)")
    p.add_argument(
        "--language", action="append", help="only handouts in this language, e.g. es (repeatable)"
    )


def _render_arguments(p: argparse.ArgumentParser) -> None:
    """How the PDFs are made: build writes them, check judges the same ones."""
    p.add_argument("--paper", choices=sorted(PAPERS), default="letter", help="paper size")
    p.add_argument(
        "--print-shop",
        action="store_true",
        help="brochures with 1/8 in bleed, crop and fold marks, for a print shop",
    )
    p.add_argument(
        "--fillable",
        action="store_true",
        help="make write-in lines real form fields that can be typed into",
    )
    p.add_argument(
        "--grayscale",
        action="store_true",
        help="ink-saving black and white, for office printers",
    )
    p.add_argument(
        "--clinic",
        type=_clinics,
        metavar="ID|all",
        help="print every handout with this brand from clinics: (a sister clinic); "
        "'all' or a list (a,b) gives one folder per clinic",
    )
    p.add_argument(
        "--limit",
        action="append",
        type=_limit,
        metavar="NAME=N",
        help="raise or lower a safety limit, e.g. max_paragraph_words=5000 (see SECURITY.md)",
    )


def _clinics(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names:
        raise argparse.ArgumentTypeError("name a clinic id, a list such as a,b, or all")
    return names


def _one_clinic(chosen: tuple[str, ...] | None) -> tuple[str | None, tuple[str, ...]]:
    """(--clinic for a single brand, the clinics of a one-folder-per-clinic build)."""
    if not chosen:
        return None, ()
    if len(chosen) == 1 and chosen[0] != "all":
        return chosen[0], ()
    return None, chosen


def _shard(text: str) -> tuple[int, int]:
    from .shards import parse_shard

    try:
        return parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return value


def _limit(text: str) -> tuple[str, int]:
    names = [f.name for f in dataclasses.fields(Limits)]
    name, _, value = text.partition("=")
    if name not in names:
        raise argparse.ArgumentTypeError(f"no limit '{name}'; limits are: {', '.join(names)}")
    return name, _positive(value)


def build_options(args: argparse.Namespace) -> BuildOptions:
    return dataclasses.replace(
        selected_options(args),
        out_dir=args.out,
        formats=tuple(args.format or ()),
        strict=args.strict,
        jobs=args.jobs,
        force=args.force,
        fail_fast=args.fail_fast,
        catalogue=not args.no_catalogue,
        shard=args.shard,
    )


def selected_options(args: argparse.Namespace) -> BuildOptions:
    """The options build and check share: content, selection, rendering, limits."""
    clinic, clinics = _one_clinic(args.clinic)
    return BuildOptions(
        content=args.content,
        ids=tuple(args.ids),
        topics=tuple(args.tag or ()),
        languages=tuple(args.language or ()),
        render=RenderOptions(
            paper=args.paper,
            tags=getattr(args, "tags", True),
            print_shop=args.print_shop,
            fillable=args.fillable,
            grayscale=args.grayscale,
            clinic=clinic,
        ),
        clinics=clinics,
        limits=Limits(**dict(args.limit or ())),
    )


def run_build(args: argparse.Namespace) -> int:
    options = build_options(args)
    from .progress import reporter_for

    with reporter_for(sys.stdout) as reporter:
        report = build(options, reporter)
    return finish(report)


def finish(report: BuildReport) -> int:
    """Print the problems and the summary; the exit code for this build."""
    if report.usage:
        raise UsageError(report.usage[0])
    print_diagnostics(report.diagnostics)
    print(summary(report), flush=True)
    return EXIT_CONTENT if report.failed else EXIT_OK


def summary(report: BuildReport) -> str:
    """One line: built, skipped, failed, pages, time (and what was removed)."""
    failed = len({d.handout for d in report.diagnostics if d.severity == "error"})
    parts = [
        f"{len(report.outputs)} built",
        f"{len(report.skipped)} unchanged",
        f"{max(failed, report.failed_jobs)} failed",
        f"{report.pages} page{'s' if report.pages != 1 else ''}",
    ]
    if report.removed:
        parts.append(f"{len(report.removed)} removed")
    line = ", ".join(parts) + f" in {report.seconds:.1f} s"
    problems = sum(1 for d in report.diagnostics if d.severity == "error")
    if problems:
        what = "1 problem (fix it" if problems == 1 else f"{problems} problems (fix them"
        line += f"; {what} and run again)"
    return line


def _add_watch(sub) -> Callable[[argparse.Namespace], int]:
    p = sub.add_parser(
        "watch", help="build, then rebuild what changed each time content or assets are saved"
    )
    _build_arguments(p)
    return run_watch


def run_watch(args: argparse.Namespace) -> int:
    """Rebuild on every save until Ctrl-C; problems are shown, never fatal."""
    from .progress import PlainReporter
    from .watch import changes, snapshot

    options = build_options(args)
    folder = options.content.resolve().parent
    reporter = PlainReporter(sys.stdout)
    print(f"watching {folder} (Ctrl-C to stop)", flush=True)
    try:
        built_from = snapshot(folder, options.out_dir)
        _watch_build(options, reporter)
        for changed in changes(folder, options.out_dir, since=built_from):
            names = ", ".join(Path(p).name for p in changed[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            print(f"changed: {names}{more}", flush=True)
            _watch_build(options, reporter)
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
    return EXIT_OK


def _watch_build(options: BuildOptions, reporter) -> None:
    try:
        finish(build(options, reporter))
    except (UsageError, EnvironmentProblem) as exc:  # e.g. a file mid-save: the next save retries
        print(f"handouts: {exc}", file=sys.stderr, flush=True)


def _add_schema(sub) -> Callable[[argparse.Namespace], int]:
    p = sub.add_parser("schema", help=f"write the editors' JSON Schema ({SCHEMA_FILE})")
    p.add_argument("--output", type=Path, default=Path(SCHEMA_FILE), help="where to write it")
    return run_schema


def run_schema(args: argparse.Namespace) -> int:
    write_atomic(args.output, schema_text().encode())
    print(f"wrote {args.output}")
    return EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


def _add_check(sub) -> Callable[[argparse.Namespace], int]:
    p = sub.add_parser(
        "check", help="check reading level, structure and print quality (docs/checks.md)"
    )
    _common(p)
    _selection_arguments(p)
    _render_arguments(p)
    p.add_argument(
        "--format",
        action="append",
        choices=sorted((*FORMAT_NAMES, *REPORT_FORMATS)),
        metavar="FORMAT",
        help="a PDF format to lay out and judge, as build takes it (repeatable: "
        f"{', '.join(FORMAT_NAMES)}); or the report's format: table (the default) or json",
    )
    p.add_argument("--junit", type=Path, metavar="FILE", help="also write a JUnit XML report")
    p.add_argument(
        "--warn-only", action="store_true", help="report failed rules but exit 0 for them"
    )
    p.add_argument(
        "--today", type=_date, metavar="YYYY-MM-DD", help="judge review dates as of this day"
    )
    return run_check


# check's --format also names the report's format; no PDF format is called so.
REPORT_FORMATS = ("table", "json")


def _check_formats(args: argparse.Namespace) -> tuple[str, tuple[str, ...]]:
    """(the report's format, the PDF formats to judge) from check's --format values."""
    given = args.format or []
    reports = sorted({f for f in given if f in REPORT_FORMATS})
    if len(reports) > 1:
        raise UsageError("--format: choose one report format, table or json")
    return (reports or ["table"])[0], tuple(f for f in given if f not in REPORT_FORMATS)


def run_check(args: argparse.Namespace) -> int:
    from .checks import report  # the gate's imports (the PDF readers) would slow every build
    from .checks.run import SelectionProblem, check_content

    shown, formats = _check_formats(args)
    options = dataclasses.replace(selected_options(args), formats=formats)
    try:
        result = check_content(options, today=args.today)
    except SelectionProblem as exc:
        raise UsageError(str(exc)) from None
    if args.junit:
        write_atomic(args.junit, report.junit(result).encode())
    if shown == "json":
        sys.stdout.write(report.to_json(result))
    else:
        print_diagnostics(result.diagnostics)
        width = shutil.get_terminal_size((120, 24)).columns
        sys.stdout.write(report.table(result, color=sys.stdout.isatty(), width=width))
    if has_errors(result.diagnostics) or (result.failed and not args.warn_only):
        return EXIT_CONTENT
    return EXIT_OK


def _add_serve(sub) -> Callable[[argparse.Namespace], int]:
    p = sub.add_parser("serve", help="start the print station for staff (a web page)")
    _common(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    p.add_argument(
        "--trusted-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another host name staff use to reach the station (repeatable)",
    )
    p.add_argument(
        "--clinic",
        metavar="ID",
        help="serve one clinic of clinics: (default: staff choose on the front page)",
    )
    return run_serve


def run_serve(args: argparse.Namespace) -> int:
    if not args.content.is_file():
        raise UsageError(f"{args.content}: no such content file")
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: use a number from 1 to 65535")
    from .station.app import serve  # Flask is only imported when serving

    if args.clinic:
        project, _ = open_project(args.content)
        for problem in clinic_problems(project, args.clinic) if project else []:
            raise UsageError(problem)
    options = StationOptions(
        content=args.content,
        host=args.host,
        port=args.port,
        trusted_hosts=tuple(args.trusted_host),
        clinic=args.clinic,
    )
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Print station: open http://{host}:{args.port}/ in a browser (Ctrl+C stops it)")
    if args.host not in LOOPBACK_HOSTS:
        print(
            "handouts: warning: the station is reachable from other computers; patient "
            "details travel unencrypted, so use it only on a trusted network",
            file=sys.stderr,
        )
    try:
        serve(options)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot listen on {host}:{args.port} ({exc.strerror})") from exc
    return EXIT_OK


def _add_merge(sub) -> Callable[[argparse.Namespace], int]:
    p = sub.add_parser(
        "merge-manifests",
        help="join the folders of a sharded build into out/: one manifest, one catalogue",
    )
    _common(p)
    p.add_argument(
        "manifests", nargs="+", type=Path, metavar="MANIFEST", help="each shard's manifest.json"
    )
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (out/)")
    return run_merge


def run_merge(args: argparse.Namespace) -> int:
    from .merge import merge_manifests

    report = merge_manifests(args.manifests, args.content, args.out)
    if report.refused:
        for line in report.refused:
            print(f"handouts: {line}", file=sys.stderr)
        print("merged nothing: fix the shards above and run again", file=sys.stderr)
        return EXIT_USAGE
    print_diagnostics(report.diagnostics)
    for gap in report.gaps:
        print(f"handouts: gap: {gap}", file=sys.stderr)
    folders = ", ".join(str(f) for f in report.folders)
    gaps = len(report.gaps)
    print(
        f"merged {len(args.manifests)} manifests into {folders}: {report.files} files "
        f"({report.copied} copied), {gaps} gap{'' if gaps == 1 else 's'} in {report.seconds:.1f} s",
        flush=True,
    )
    return EXIT_CONTENT if report.failed else EXIT_OK


COMMANDS: list[Callable] = [
    _add_build,
    _add_watch,
    _add_check,
    _add_schema,
    _add_serve,
    _add_merge,
]


def parser() -> tuple[argparse.ArgumentParser, dict[str, Callable]]:
    top = Parser(
        prog="handouts",
        description="Turn patient-education content (content.yaml) into print-ready PDFs.",
    )
    top.add_argument("--version", action="version", version=f"handouts {__version__}")
    top.add_argument(
        "-v", "--verbose", action="store_true", help="say what is built and why (on stderr)"
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    runners = {}
    for add in COMMANDS:
        runner = add(sub)
        runners[next(reversed(sub.choices))] = runner
    return top, runners


def _commands(top: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each command's own parser, by name."""
    (sub,) = (a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (not the whole usage) and exit 2."""

    def error(self, message: str):
        print(f"handouts: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


TOP_FLAGS = ("-v", "--verbose")
_ASKS = ("-h", "--help", "--version")


def with_default_command(
    argv: list[str], commands: dict[str, argparse.ArgumentParser]
) -> list[str]:
    """Put the command first: insert `build` where none is given, and move it
    before the options written ahead of it (`--content x build ID`).

    Only a word in a command's place can be a command, so `--out build` or
    `--tag check` still mean what they say: the options are walked with
    their values, as the commands' own parsers would read them.
    """
    i = 0
    while i < len(argv) and argv[i] in TOP_FLAGS:
        i += 1
    j = _after_options(argv, i, commands.values())
    if j < len(argv) and (argv[j] in commands or argv[j] in _ASKS):
        return argv if j == i else [*argv[:i], argv[j], *argv[i:j], *argv[j + 1 :]]
    return [*argv[:i], "build", *argv[i:]]


def _after_options(argv: list[str], i: int, parsers) -> int:
    """The index of the first word after the options (and their values) from `i`."""
    takes_value: dict[str, bool] = {}
    for p in parsers:
        for flag, action in p._option_string_actions.items():
            takes_value.setdefault(flag, action.nargs != 0)
    while i < len(argv) and argv[i].startswith("-") and argv[i] not in _ASKS:
        flag, has_value = argv[i].partition("=")[::2]
        if flag not in takes_value:
            break  # not an option of any command: argparse will say so
        i += 1 if has_value or not takes_value[flag] else 2
    return i


def _never_fail_to_print() -> None:
    """A terminal or log that takes only ASCII gets `\xe9` for é, never an exception.

    Content is full of characters a CI log's encoding may lack; a
    UnicodeEncodeError while reporting would stop the build after the PDFs,
    before the catalogue and the manifest are written.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    top, runners = parser()
    argv = with_default_command(argv, _commands(top))
    try:
        args = top.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the problem
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="handouts: %(message)s")
    logging.getLogger("handouts").setLevel(logging.INFO if args.verbose else logging.WARNING)
    relax_collector()  # the process is this command's own, so it may choose
    _never_fail_to_print()
    content = getattr(args, "content", None)
    try:
        with without_untrusted([Path(content).parent] if content else []):
            return runners[args.command](args)
    except UsageError as exc:
        print(f"handouts: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except EnvironmentProblem as exc:
        print(f"handouts: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("handouts: interrupted; finished PDFs were kept", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
