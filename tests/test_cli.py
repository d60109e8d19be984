"""The command line as staff and CI use it: messages, files and exit codes.

Four tests run generate.py in a fresh process (`run_cli`): one for each exit
code (0, 1, 2) and one for a terminal that takes only ASCII. The rest call the
same `cli.main` in this process (`run_main`), which says and returns the same.
"""

from __future__ import annotations

import re

from helpers import handout, library, long_handout, run_cli, run_main, section, write_content
from pypdf import PdfReader


def test_builds_every_handout_with_one_line_each_and_a_summary(tmp_path):
    write_content(tmp_path, library(handout("one"), long_handout("two")))
    result = run_cli("--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "wrote out/one.pdf (1 page; FK grade 1.2, SMOG 6.4)",
        "wrote out/two.pdf (2 pages; FK grade below 1 (0.0), SMOG 4.0)",
    ]
    assert re.fullmatch(r"2 built, 0 unchanged, 0 failed, 3 pages in \d+\.\d s", lines[2])
    assert len(lines) == 3
    assert "\r" not in result.stdout
    assert len(PdfReader(tmp_path / "out" / "two.pdf").pages) == 2


def test_content_errors_exit_1_without_traceback_and_good_handouts_still_build(tmp_path):
    bad = handout("bad", titel="typo")
    write_content(tmp_path, library(handout("good"), bad))
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content.yaml:35:3: handouts[1].titel: unknown key 'titel' (did you mean 'title'?)"
    ]
    assert (tmp_path / "out" / "good.pdf").exists()
    assert not (tmp_path / "out" / "bad.pdf").exists()
    assert re.fullmatch(
        r"1 built, 0 unchanged, 1 failed, 1 page in \d+\.\d s; "
        r"1 problem \(fix it and run again\)",
        result.stdout.splitlines()[-1],
    )


def test_strict_builds_nothing_when_anything_is_wrong(tmp_path):
    write_content(tmp_path, library(handout("good"), handout("bad", reviewed="soon")))
    result = run_main("--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()


def test_content_and_out_options(tmp_path):
    write_content(tmp_path / "lib", library(handout("elsewhere")), name="clinic.yaml")
    result = run_main("--content", "lib/clinic.yaml", "--out", "pdfs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pdfs" / "elsewhere.pdf").exists()


def test_build_selected_ids_and_unknown_id_is_a_usage_error(tmp_path):
    write_content(tmp_path, library(handout("alpha"), handout("beta")))
    result = run_main("build", "beta", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "wrote out/beta.pdf (1 page; FK grade 1.2, SMOG 6.4)"
    result = run_main("build", "alpah", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "handouts: no handout with id 'alpah'; did you mean 'alpha'?"


def test_missing_content_file_is_exit_2(tmp_path):
    result = run_cli("--content", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "handouts: nope.yaml: no such content file"


def test_bad_option_is_exit_2(tmp_path):
    result = run_main("--paper", "legal", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'legal'" in result.stderr


def test_layout_error_exit_1_with_location(tmp_path):
    cell = "Many words in one table cell. " * 250
    table = {"table": {"header": ["A", "B"], "rows": [[cell, "x"]]}}
    write_content(tmp_path, library(handout("tall", section("H", table))))
    result = run_main(cwd=tmp_path)
    assert result.returncode == 1
    assert "handouts[0].sections[0].body[0].table.rows[0]: row 1 of the table is taller" in (
        result.stderr
    ), result.stderr


def test_a_filter_that_selects_nothing_says_why(tmp_path):
    write_content(tmp_path, library(handout("alpha", tags=["sleep"])))
    result = run_main("--format", "bifold", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "handouts: no handout lists the format 'bifold'; "
        "add it to a handout's formats: list, e.g. formats: [handout, bifold]"
    )
    result = run_main("--tag", "pain", cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "handouts: no handout matches tag 'pain'",
    )


def test_top_level_flags_and_option_values_that_look_like_commands(tmp_path):
    write_content(tmp_path, library(handout("alpha", tags=["check"])))
    assert run_main("-v", "--no-catalogue", cwd=tmp_path).returncode == 0
    result = run_main("--out", "build", "--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "alpha.pdf").exists()
    assert run_main("--tag", "check", "--no-catalogue", cwd=tmp_path).returncode == 0


def test_a_wrong_option_is_one_line_not_the_usage(tmp_path):
    result = run_main("--format", "quadfold", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "handouts: argument --format: invalid choice: 'quadfold' "
        "(choose from 'bifold', 'handout', 'large-print', 'trifold') (see 'handouts build --help')"
    ]


def test_options_before_the_command_belong_to_it(tmp_path):
    write_content(tmp_path / "clinic", library(handout("alpha"), handout("beta")), "x.yaml")
    result = run_main("--content", "clinic/x.yaml", "build", "beta", "--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["beta.pdf"]
    result = run_main("--content=clinic/x.yaml", "--out", "o2", "build", "alpha", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o2" / "alpha.pdf").exists() and not (tmp_path / "o2" / "beta.pdf").exists()
    result = run_main("-v", "--content", "clinic/x.yaml", "check", "alpha", cwd=tmp_path)
    assert "unknown" not in result.stderr and "no handout" not in result.stderr, result.stderr
    result = run_main("--content", "clinic/x.yaml", "build", "gamma", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("handouts: no handout with id 'gamma'"), result.stderr


def test_a_terminal_that_takes_only_ascii_still_gets_the_catalogue_and_manifest(tmp_path):
    import os
    import subprocess
    import sys

    from helpers import ROOT

    data = library(handout("cafe", title="Café: what to drink", summary=["Rest — then walk."]))
    write_content(tmp_path, data)
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), "--out", "sortie-été"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    out = tmp_path / "sortie-été"  # named in every progress line
    assert (out / "catalogue.pdf").exists() and (out / "manifest.json").exists()
    assert b"wrote sortie-\\xe9t\\xe9/cafe.pdf" in result.stdout
    assert all(byte < 128 for byte in result.stdout + result.stderr)
