"""A broken machine fails loud: one clear line, exit code 2, nothing half-written.

Tests run as root in CI containers, where permission bits are ignored, so
"unreadable" and "read-only" are made with paths that no user can use: a
folder where a file is expected, and a file where a folder is expected.
The first test runs generate.py in a fresh process; the others call the
same `cli.main` in this process, which prints and returns the same.
"""

from __future__ import annotations

import errno
import os

import pytest
from helpers import handout, library, run_cli, run_main, write_content
from pypdf import PdfReader

from handouts import atomicfile
from handouts.diagnostics import EnvironmentProblem


def _one_line_exit_2(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    return line


def test_a_content_file_that_cannot_be_read(tmp_path):
    (tmp_path / "content.yaml").mkdir()  # unreadable as a file, even for root
    line = _one_line_exit_2(run_cli(cwd=tmp_path))
    assert line == "handouts: content.yaml: cannot read the content file (Is a directory)"


def test_a_missing_content_file(tmp_path):
    line = _one_line_exit_2(run_main("--content", "nope.yaml", cwd=tmp_path))
    assert line == "handouts: nope.yaml: no such content file"


def test_an_output_folder_that_cannot_be_made(tmp_path):
    write_content(tmp_path, library(handout("one")))
    (tmp_path / "blocked").write_text("a file, not a folder")
    line = _one_line_exit_2(run_main("--out", "blocked/out", cwd=tmp_path))
    assert line == (
        "handouts: blocked/out/one.pdf: cannot write the file (a file is in the way of the folder)"
    )


def test_an_output_folder_that_is_a_file(tmp_path):
    write_content(tmp_path, library(handout("one")))
    (tmp_path / "out").write_text("a file, not a folder")
    line = _one_line_exit_2(run_main(cwd=tmp_path))
    assert line == (
        "handouts: out/one.pdf: cannot write the file (a file is in the way of the folder)"
    )


def test_a_missing_brand_font_file(tmp_path):
    fonts = {"body": {"regular": "fonts/Missing.ttf", "bold": "fonts/Missing-Bold.ttf"}}
    write_content(tmp_path, library(handout("one"), fonts=fonts))
    line = _one_line_exit_2(run_main(cwd=tmp_path))
    assert line.startswith("handouts: content.yaml:")
    assert "clinic.fonts.body.regular: 'fonts/Missing.ttf' does not exist" in line


def test_a_full_disk_keeps_the_old_pdf_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "one.pdf"
    atomicfile.write_atomic(target, b"%PDF-old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomicfile.os, "fsync", full)
    with pytest.raises(EnvironmentProblem) as caught:
        atomicfile.write_atomic(target, b"%PDF-new")
    assert str(caught.value) == f"{target}: cannot write the file (No space left on device)"
    assert target.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.pdf"]


def test_a_clean_build_leaves_only_pdfs_and_the_manifest(tmp_path):
    write_content(tmp_path, library(handout("one"), handout("two")))
    assert run_main(cwd=tmp_path).returncode == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert [n for n in names if not n.endswith(".pdf")] in ([], ["manifest.json"])
    assert not [n for n in names if n.startswith(".")]
    for name in names:
        if name.endswith(".pdf"):
            assert len(PdfReader(tmp_path / "out" / name).pages) >= 1
