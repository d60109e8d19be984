"""Fixtures several test files share: the shipped sample, built and checked once per run."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT

from handouts.api import BuildReport, build
from handouts.checks import CheckReport
from handouts.checks.run import check_content
from handouts.options import BuildOptions, RenderOptions

# The command line and build workers the tests start (over a hundred processes)
# compile the package once per run, not once each: where the environment forbids
# bytecode files (PYTHONDONTWRITEBYTECODE), they go to a folder of their own in
# the temporary directory instead of beside the sources. Speed only: bytecode
# never changes what a build writes.
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
    os.environ.setdefault(
        "PYTHONPYCACHEPREFIX", os.path.join(tempfile.gettempdir(), "handouts-tests-bytecode")
    )

# The shipped sample built with other options than the default, by name; a
# file that reads one of these asks `sample_built` rather than building its own.
SAMPLE_OPTIONS: dict[str, dict[str, Any]] = {
    "a4": {"render": RenderOptions(paper="a4")},
    "grayscale": {"render": RenderOptions(grayscale=True)},
    "print-shop": {"render": RenderOptions(print_shop=True)},
    "fillable": {"render": RenderOptions(fillable=True)},
    "large-print": {"formats": ("large-print",)},
    "large-print-a4": {"formats": ("large-print",), "render": RenderOptions(paper="a4")},
}


# The files that take longest (seconds of wall time each, most of it building
# and reading PDFs), started first and longest first: xdist gives each file to
# one worker, and one of these handed out last would leave the other worker
# idle while it runs. Every other file follows in collection order
# (--no-loadscope-reorder in pyproject keeps this order).
LONGEST_FIRST = (
    "test_accessibility.py",
    "test_nothing_lost.py",
    "test_large_print.py",
    "test_pagination.py",
    "test_rtl.py",
    "test_environment.py",
    "test_hostile_properties.py",
    "test_languages.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: files stay whole


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every xdist worker of the run sees.

    Each worker's temporary folder is a child of the run's; without xdist the
    run's own folder is used, so nothing is ever shared between runs.
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]):
    """What `make` returns, made by the first worker of the run that asks.

    xdist gives each test file to one worker process: the first to ask makes
    it in the run's shared folder, under a lock, and every worker reads it
    back from there (pickled). Nothing may write into that folder after.
    """
    folder = _run_folder(tmp_path_factory) / name
    folder.mkdir(exist_ok=True)
    saved = folder / "made.pickle"
    with _locked(folder / "lock"):
        if not saved.exists():
            saved.write_bytes(pickle.dumps(make(folder)))
        return pickle.loads(saved.read_bytes())


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> BuildReport:
    """The shipped sample built with the default options, for the files that only read it."""
    content = ROOT / "content.yaml"
    return _once(
        tmp_path_factory,
        "sample-build",
        lambda folder: build(BuildOptions(content=content, out_dir=folder / "out")),
    )


@pytest.fixture(scope="session")
def sample_built(tmp_path_factory) -> Callable[[str], BuildReport]:
    """The shipped sample built with the options SAMPLE_OPTIONS names, each once per run.

    Several files read the same builds (the grayscale sample in two, large
    print in two); its PDFs are in the run's shared folder, only to be read.
    """
    content = ROOT / "content.yaml"

    def built(name: str) -> BuildReport:
        options = SAMPLE_OPTIONS[name]
        return _once(
            tmp_path_factory,
            f"sample-{name}",
            lambda folder: build(BuildOptions(content=content, out_dir=folder / "out", **options)),
        )

    return built


@pytest.fixture(scope="session")
def sample_check(tmp_path_factory) -> CheckReport:
    """`check` on the shipped sample, as of the day its last handout was reviewed."""
    content = ROOT / "content.yaml"
    data = yaml.safe_load(content.read_text(encoding="utf-8"))
    last_review = max(dt.date.fromisoformat(str(h["reviewed"])) for h in data["handouts"])
    return _once(
        tmp_path_factory,
        "sample-check",
        lambda _: check_content(BuildOptions(content=content), today=last_review),
    )
