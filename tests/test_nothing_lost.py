"""Nothing is lost: a killed or concurrent build never leaves a truncated PDF.

Each PDF is written to a hidden temporary file and renamed over the old one,
so at every instant out/<id>.pdf is either the previous complete file or
the new complete file. Builds are byte-reproducible, so "complete" is
checked exactly: every file equals the old build's bytes or the new one's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, handout, library, long_handout, write_content
from pypdf import PdfReader

COUNT = 24


def _library(version: str) -> dict:
    return library(
        *[
            long_handout(f"h{i:02d}", n=4) | {"subtitle": f"Edition {version}"}
            for i in range(COUNT)
        ],
        handout("short", subtitle=f"Edition {version}"),
    )


def _cli(folder: Path, out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "--out", str(out), "--no-catalogue", *args],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the workers die with it
    )


def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    """Each edition built once, by the command line: its folder (content, out/, cache)."""
    folders = {}
    for version in ("one", "two"):
        folder = tmp_path_factory.mktemp(f"ref-{version}")
        write_content(folder, _library(version))
        proc = _cli(folder, folder / "out")
        assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
        folders[version] = folder
    return folders


def _reference(editions: dict[str, Path], version: str) -> dict[str, bytes]:
    return _pdfs(editions[version] / "out")


def _built(editions: dict[str, Path], version: str, tmp_path: Path) -> Path:
    """A clinic folder where this edition was built: a copy of the reference's."""
    folder = tmp_path / "clinic"
    shutil.copytree(editions[version], folder)
    return folder


def _assert_whole(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path.name
    assert len(PdfReader(path).pages) >= 1


def _mid_batch(folder: Path, out: Path, new: dict[str, bytes]) -> subprocess.Popen:
    """A parallel build of edition two, once it has replaced at least one PDF."""
    write_content(folder, _library("two"))
    proc = _cli(folder, out, "--jobs", "2")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(new[name] == data for name, data in _pdfs(out).items()):
            break
        time.sleep(0.005)
    return proc


def test_sigkill_during_a_batch_leaves_each_pdf_old_or_new_and_complete(tmp_path, editions):
    old, new = _reference(editions, "one"), _reference(editions, "two")
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)

    folder = _built(editions, "one", tmp_path)  # built by the command line, as `editions` says
    out = folder / "out"
    assert _pdfs(out) == old

    proc = _mid_batch(folder, out, new)
    killed_mid_batch = proc.poll() is None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    now = _pdfs(out)
    assert now.keys() == old.keys()
    for name, data in now.items():
        assert data in (old[name], new[name]), f"{name} is neither the old nor the new file"
        _assert_whole(out / name)
    if killed_mid_batch:  # on a very fast machine the build may finish first
        assert any(data == old[n] for n, data in now.items())
    assert not [
        p.name
        for p in out.iterdir()
        if not p.name.startswith(".") and p.suffix not in (".pdf", ".json")
    ]

    # The next build finishes the job and clears nothing it should keep.
    assert _cli(folder, out).wait(timeout=300) == 0
    assert _pdfs(out) == new


def test_two_builds_into_the_same_folder_at_once_leave_only_complete_files(tmp_path, editions):
    new = _reference(editions, "two")
    folder = tmp_path / "clinic"
    out = folder / "out"
    write_content(folder, _library("two"))
    first, second = _cli(folder, out, "--force"), _cli(folder, out, "--force")
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    assert second.wait(timeout=300) == 0, second.stderr.read().decode()
    assert _pdfs(out) == new
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_later_build_removes_temp_files_a_killed_build_left_behind(tmp_path):
    import os
    import time

    from helpers import build_into, handout, library

    out = tmp_path / "out"
    out.mkdir()
    old = out / ".a.pdf.abc123.tmp"
    fresh = out / ".b.pdf.def456.tmp"  # a concurrent build still writing
    for f in (old, fresh):
        f.write_bytes(b"%PDF-1.4 partial")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    build_into(tmp_path, library(handout("a")))
    assert not old.exists()
    assert fresh.exists()


def test_a_killed_build_reverted_and_rebuilt_keeps_no_pdf_of_the_edit(tmp_path, editions):
    """The files a killed build wrote have the old names and may have the old sizes:
    only their sha256 tells them from the files the manifest recorded."""
    old, new = _reference(editions, "one"), _reference(editions, "two")
    folder = _built(editions, "one", tmp_path)
    out = folder / "out"
    proc = _mid_batch(folder, out, new)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    replaced = [name for name, data in _pdfs(out).items() if data == new[name]]
    assert replaced, "the build finished before it could be killed"

    write_content(folder, _library("one"))  # the edit reverted
    assert _cli(folder, out).wait(timeout=300) == 0
    assert _pdfs(out) == old


def test_workers_do_not_outlive_a_killed_build(tmp_path, editions):
    new = _reference(editions, "two")
    folder = _built(editions, "one", tmp_path)
    out = folder / "out"
    proc = _mid_batch(folder, out, new)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)  # the build only: its workers are left to notice
    proc.wait(timeout=30)
    # A worker still starting up (seconds on a loaded CI machine) notices once it is up.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # anyone left in the build's process group?
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("worker processes were still running 60 s after the build died")
    after = _pdfs(out)
    time.sleep(1)
    assert _pdfs(out) == after  # and nothing wrote a PDF after the build was gone
