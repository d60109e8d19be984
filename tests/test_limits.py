"""Bounded work: hostile sizes are refused before they cost time, with the limit named.

Limits live in `handouts.load.Limits` (BuildOptions.limits) and are listed in
SECURITY.md; timings are in benchmarks/hostile_input.py, not asserted here.
"""

from __future__ import annotations

import os

import pytest
from helpers import (
    build_into,
    bullets,
    handout,
    library,
    run_cli,
    run_main,
    section,
    write_content,
)

from handouts.options import Limits


def _words(n: int) -> str:
    return " ".join(["rest"] * n) + "."


def test_a_40000_word_paragraph_is_refused_with_its_position(tmp_path):
    report = build_into(tmp_path, library(handout("big", section("Long", _words(40_000)))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:23:7: handouts[0].sections[0].body[0]: this text has 40,000 words; "
        "the limit is 3,000 (split it into paragraphs, or raise it with "
        "--limit max_paragraph_words=N)",
        "content.yaml:15:3: handouts[0]: the handout has 40,019 words; the limit is 15,000 "
        "(split it into several handouts, or raise it with --limit max_handout_words=N)",
    ]
    assert report.outputs == []


def test_thousands_of_small_items_are_refused_as_one_problem(tmp_path):
    items = {"bullets": ["Rest."] * 5_000}
    report = build_into(tmp_path, library(handout("many", section("Items", items))))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:15:3: handouts[0]: the handout has 5,008 pieces of text (paragraphs, "
        "items, cells); the limit is 1,500 (split it into several handouts, or raise it "
        "with --limit max_handout_texts=N)"
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
        "(split it with include: or raise it with --limit max_file_bytes=N)"
    ]
    small = build_into(tmp_path, library(handout("one")), limits=Limits(max_file_bytes=100))
    assert "the limit is 100 " in str(small.diagnostics[0])


def test_limits_from_the_command_line_reach_every_worker(tmp_path):
    data = library(handout("short"), handout("long", section("Long", _words(11))))
    write_content(tmp_path, data)
    result = run_main("--limit", "max_paragraph_words=10", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "this text has 11 words; the limit is 10" in result.stderr
    assert (tmp_path / "out" / "short.pdf").exists()
    assert not (tmp_path / "out" / "long.pdf").exists()


def test_an_unknown_limit_is_a_usage_error(tmp_path):
    write_content(tmp_path, library())
    result = run_main("--limit", "max_pages=3", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --limit: no limit 'max_pages'; limits are: max_file_bytes" in result.stderr


# ---------------------------------------------------------------- files that never end
# In a fresh process (run_cli), whose timeout ends a read that never would.


def _one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x]
    return line


def test_a_content_file_that_is_a_fifo_or_a_device_is_refused_without_reading(tmp_path):
    os.mkfifo(tmp_path / "content.yaml")  # opening it for reading would wait for ever
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 2
    assert _one_line(result) == (
        "handouts: content.yaml: cannot read the content file "
        "(not a regular file: a device, pipe or socket)"
    )
    for device in ("/dev/zero", "/dev/urandom"):  # reading would fill the memory
        (tmp_path / "content.yaml").unlink()
        (tmp_path / "content.yaml").symlink_to(device)
        result = run_cli(cwd=tmp_path)
        assert result.returncode == 2
        assert "(not a regular file: a device, pipe or socket)" in _one_line(result)


def test_included_files_that_are_fifos_are_skipped_and_fonts_that_are_refused(tmp_path):
    data = library(handout("one"))
    data["include"] = ["more/*.yaml"]
    write_content(tmp_path, data)
    (tmp_path / "more").mkdir()
    os.mkfifo(tmp_path / "more" / "pipe.yaml")
    write_content(tmp_path / "more", {"handouts": [handout("two")]}, "two.yaml")
    result = run_cli("--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["one.pdf", "two.pdf"]


def test_text_naming_a_pipe_or_a_huge_file_is_hashed_without_reading_it_all(tmp_path):
    """Any text ending in .png may name a file whose hash decides a rebuild."""
    os.mkfifo(tmp_path / "pipe.png")
    with (tmp_path / "huge.png").open("wb") as f:
        f.truncate(3 * 1024**3)  # sparse: 3 GB on paper
    data = library(handout("one", section("Files", bullets("pipe.png", "huge.png"))))
    write_content(tmp_path, data)
    result = run_cli("--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "one.pdf").exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda path: path.open("wb").truncate(30 * 1024**2),
            "clinic.fonts.body.bold: 'Odd.ttf': the file is 31,457,280 bytes; the limit is "
            "20,971,520 (--limit max_asset_bytes=N to raise it) (download the font again, or "
            "choose another TrueType (.ttf) font)",
        ),
        (
            os.mkfifo,
            "clinic.fonts.body.bold: 'fonts/Odd.ttf' is not a regular file (a folder, pipe or "
            "device) (ship the TrueType (.ttf) files in the content folder)",
        ),
        (
            lambda path: path.write_bytes(b"\0\1\0\0" + b"\xff" * 200),
            "clinic.fonts.body.bold: 'Odd.ttf' is",
        ),
    ],
    ids=["too-big", "fifo", "garbage"],
)
def test_a_brand_font_that_cannot_be_used_is_a_content_error(tmp_path, make, message):
    from test_brand import ship_fonts

    fonts = ship_fonts(tmp_path)
    fonts["body"]["bold"] = "fonts/Odd.ttf"
    make(tmp_path / "fonts" / "Odd.ttf")
    write_content(tmp_path, library(handout("one"), fonts=fonts))
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    line = _one_line(result)
    assert line.startswith("content.yaml:17:13: ") and message in line, line


# ---------------------------------------------------------------- counts


def test_a_flood_of_tiny_values_stops_at_the_node_limit_as_it_is_read(tmp_path):
    text = "handouts: [" + ",".join(["a"] * 500_000) + "]\n"  # 1 MB, 500,000 values
    report = build_into(tmp_path, text)
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:1:800006: the file expands to more than 200,000 values (YAML aliases "
        "repeated too often, or very many short values?) (write aliases out, split the file "
        "with include:, or raise it with --limit max_nodes=N)"
    ]
    small = build_into(tmp_path, "handouts: [a, a, a, a, a]\n", limits=Limits(max_nodes=3))
    assert "more than 3 values" in str(small.diagnostics[0])


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "**/**/*.yaml",
            "'**/**/*.yaml' uses ** more than once; one ** already reaches every folder below",
        ),
        ("a/**/b/**/*.yaml", "'a/**/b/**/*.yaml' uses ** more than once"),
        (
            "deep/**/*",
            "'deep/**/*' names more than 50 files; narrow the pattern, or raise it with "
            "--limit max_include_files=N",
        ),
        ("none/*.yaml", "'none/*.yaml' matches no .yaml file in the content folder"),
        ("bad\0.yaml", "contains a NUL character; retype the pattern"),
    ],
    ids=["double-star", "double-star-apart", "too-many", "none", "nul"],
)
def test_include_patterns_are_bounded_before_the_walk(tmp_path, pattern, message):
    folder = tmp_path / "deep"
    for i in range(8):  # 8 levels, 8 files each: 64 paths under deep/
        folder = folder / f"d{i}"
        folder.mkdir(parents=True)
        for j in range(7):
            (folder / f"note{j}.txt").write_text("x")
    data = library(handout("one"))
    data["include"] = [pattern]
    report = build_into(tmp_path, data, limits=Limits(max_include_files=50))
    (line,) = [str(d) for d in report.diagnostics]
    assert line.startswith("content.yaml:") and "include[0]: " in line
    assert message.replace("\0", "<U+0000>") in line


def test_the_pictures_of_one_handout_are_bounded_together(tmp_path):
    import struct
    import zlib

    def png(width: int, height: int) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
        rows = zlib.compress((b"\0" + b"\x80" * width) * height)
        return (
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
        )

    for name in ("a.png", "b.png", "c.png"):
        (tmp_path / name).write_bytes(png(100, 100))
    blocks = [{"image": {"src": n, "alt": "A grey square"}} for n in ("a.png", "b.png", "c.png")]
    twice = {"image": {"src": "a.png", "alt": "The same square again"}}  # decoded once
    data = library(handout("many", section("Look", *blocks, twice)), handout("few"))
    report = build_into(tmp_path, data, limits=Limits(max_handout_pixels=25_000))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:15:3: handouts[0]: the handout's pictures have 30,000 pixels together; "
        "the limit is 25,000 (use smaller copies (300 dpi at print size is plenty), or raise "
        "it with --limit max_handout_pixels=N)"
    ]
    assert [o.handout for o in report.outputs] == ["few"]
    report = build_into(tmp_path, data, limits=Limits(max_handout_pixels=30_000))
    assert not report.failed and [o.handout for o in report.outputs] == ["many"]
