"""Bounded work: hostile sizes are refused before they cost time, with the limit named.

Limits live in `handouts.load.Limits` (BuildOptions.limits) and are listed in
SECURITY.md; timings are in benchmarks/hostile_input.py, not asserted here.
"""

from __future__ import annotations

from helpers import build_into, handout, library, run_cli, section, write_content

from handouts.options import Limits


def _words(n: int) -> str:
    return " ".join(["rest"] * n) + "."


def test_a_40000_word_paragraph_is_refused_with_its_position(tmp_path):
    report = build_into(tmp_path, library(handout("big", section("Long", _words(40_000)))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:23:7: handouts[0].sections[0].body[0]: this text has 40,000 words; "
        "the limit is 3,000 (split it into paragraphs, or raise limits.max_paragraph_words)",
        "content.yaml:15:3: handouts[0]: the handout has 40,019 words; the limit is 15,000 "
        "(split it into several handouts, or raise limits.max_handout_words)",
    ]
    assert report.outputs == []


def test_thousands_of_small_items_are_refused_as_one_problem(tmp_path):
    items = {"bullets": ["Rest."] * 5_000}
    report = build_into(tmp_path, library(handout("many", section("Items", items))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:15:3: handouts[0]: the handout has 5,008 pieces of text (paragraphs, "
        "items, cells); the limit is 1,500 (split it into several handouts, or raise "
        "limits.max_handout_texts)"
    ]


def test_limits_are_configurable_and_other_handouts_still_build(tmp_path):
    small = Limits(max_paragraph_words=10)
    data = library(handout("short"), handout("long", section("Long", _words(11))))
    report = build_into(tmp_path, data, limits=small)
    assert [o.handout for o in report.outputs] == ["short"]
    (problem,) = report.diagnostics
    assert "this text has 11 words; the limit is 10" in str(problem)
    report = build_into(tmp_path, data, limits=Limits(max_paragraph_words=11))
    assert report.diagnostics == []


def test_a_content_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "content.yaml"
    with path.open("wb") as f:
        f.write(b"# padding\n")
        f.truncate(10 * 1024 * 1024 + 1)  # sparse: 10 MB on paper, instant to make
    report = build_into(tmp_path, path.read_text())
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:1:1: the file is 10,485,761 bytes; the limit is 10,485,760 "
        "(split it with include: or raise limits.max_file_bytes)"
    ]
    small = build_into(tmp_path, library(handout("one")), limits=Limits(max_file_bytes=100))
    assert "the limit is 100 " in str(small.diagnostics[0])


def test_limits_from_the_command_line_reach_every_worker(tmp_path):
    data = library(handout("short"), handout("long", section("Long", _words(11))))
    write_content(tmp_path, data)
    result = run_cli("--limit", "max_paragraph_words=10", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "this text has 11 words; the limit is 10" in result.stderr
    assert (tmp_path / "out" / "short.pdf").exists()
    assert not (tmp_path / "out" / "long.pdf").exists()


def test_an_unknown_limit_is_a_usage_error(tmp_path):
    write_content(tmp_path, library())
    result = run_cli("--limit", "max_pages=3", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --limit: no limit 'max_pages'; limits are: max_file_bytes" in result.stderr
