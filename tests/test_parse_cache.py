"""The parse cache changes speed, never results: same data, same positions, same errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from helpers import build_into, handout, library, write_content

from handouts import load
from handouts.load import load_library_file
from handouts.options import Limits
from handouts.parsecache import ParseCache

CACHE = ".handouts-cache"


def _included(folder: Path, *handouts: dict) -> None:
    root = library(handout("main"))
    root["include"] = ["library/*.yaml"]
    write_content(folder, root)
    write_content(folder / "library", {"handouts": list(handouts)}, "part.yaml")


def _errors(report) -> list[str]:
    return [str(d) for d in report.diagnostics]


class ParsedAgain(Exception):
    """The YAML was parsed although the cache holds the file."""


def _no_parsing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise ParsedAgain

    monkeypatch.setattr(load, "parse", refuse)


def test_a_content_error_reads_the_same_from_a_cold_and_a_warm_cache(tmp_path, monkeypatch):
    _included(tmp_path, handout("b"), handout("c", titel="x"))
    cold = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    assert _errors(cold) == [
        "library/part.yaml:22:3: handouts[1].titel: unknown key 'titel' (did you mean 'title'?)"
    ]
    assert len(list((tmp_path / CACHE).glob("*.json"))) == 2  # content.yaml and part.yaml
    _no_parsing(monkeypatch)
    warm = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    assert _errors(warm) == _errors(cold)
    assert [o.handout for o in warm.skipped] == ["main", "b"]


def test_an_edited_file_is_read_again_and_its_old_entry_removed(tmp_path):
    _included(tmp_path, handout("b"), handout("c", titel="x"))
    build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    before = {p.name for p in (tmp_path / CACHE).glob("*.json")}
    write_content(tmp_path / "library", {"handouts": [handout("c", titel="x")]}, "part.yaml")
    report = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    assert _errors(report) == [
        "library/part.yaml:12:3: handouts[0].titel: unknown key 'titel' (did you mean 'title'?)"
    ]
    after = {p.name for p in (tmp_path / CACHE).glob("*.json")}
    assert len(after) == 2 and len(after & before) == 1  # the root file's entry is kept


def test_a_corrupt_or_foreign_cache_entry_is_a_miss_not_an_error(tmp_path):
    _included(tmp_path, handout("b"), handout("c", titel="x"))
    cold = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    entries = sorted((tmp_path / CACHE).glob("*.json"))
    entries[0].write_bytes(b"\x80not json")
    head, positions = entries[1].read_text().split("\n", 1)
    entry = json.loads(head)
    entry["data"], entry["key"] = {"handouts": []}, "0" * 64  # planted: another file's data
    entries[1].write_text(json.dumps(entry) + "\n" + positions)
    again = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    assert _errors(again) == _errors(cold)
    assert [o.handout for o in again.skipped] == ["main", "b"]


def test_damaged_positions_are_a_miss_though_read_only_when_needed(tmp_path):
    _included(tmp_path, handout("b"), handout("c", titel="x"))
    cold = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    for entry in (tmp_path / CACHE).glob("*.json"):
        text = entry.read_text()
        entry.write_text(text[:-40] + "[1, 2, 3]]]}")  # the positions line, cut and patched
    again = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    assert _errors(again) == _errors(cold)


def test_forged_positions_point_at_line_1_and_never_crash(tmp_path):
    _included(tmp_path, handout("b"), handout("c", titel="x"))
    build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    for entry in (tmp_path / CACHE).glob("*.json"):
        head = json.loads(entry.read_text().split("\n", 1)[0])
        forged = b'{"values": [[{"not": "a loc"}, 1, 1]], "keys": []}'
        head["positions"] = hashlib.sha256(forged).hexdigest()
        entry.write_bytes(json.dumps(head).encode() + b"\n" + forged)
    report = build_into(tmp_path, (tmp_path / "content.yaml").read_text())
    assert _errors(report) == [
        "content.yaml:1:1: handouts[1].titel: unknown key 'titel' (did you mean 'title'?)"
    ]


def test_values_json_cannot_hold_come_back_exactly(tmp_path):
    text = (
        "when: 2026-05-01\n"
        "at: 2001-12-14 21:59:43.10 -5\n"
        "naive: 2001-12-14 21:59:43\n"
        "blob: !!binary aGVsbG8=\n"
        "odd: [.nan, -.inf, -0.0, 1e300, 123456789012345678901234567890]\n"
        "nested:\n  - {a: 2026-01-02, 'b': [yes, null, '2026-01-02']}\n"
    )
    (tmp_path / "content.yaml").write_text(text)
    cache = ParseCache(tmp_path / CACHE, "test")
    cold = load_library_file(tmp_path / "content.yaml", Limits(), cache)
    warm = load_library_file(tmp_path / "content.yaml", Limits(), cache)
    assert repr(warm.data) == repr(cold.data)
    assert warm.data["at"].utcoffset() == dt.timedelta(hours=-5)
    assert warm.source_map == cold.source_map


def test_the_cache_is_keyed_by_version_and_limits(tmp_path, monkeypatch):
    write_content(tmp_path, library(handout("one")))
    content = tmp_path / "content.yaml"
    load_library_file(content, Limits(), ParseCache(tmp_path / CACHE, "v1"))
    _no_parsing(monkeypatch)
    load_library_file(content, Limits(), ParseCache(tmp_path / CACHE, "v1"))
    for version, limits in (("v2", Limits()), ("v1", Limits(max_depth=3))):
        cache = ParseCache(tmp_path / CACHE, version)
        with pytest.raises(ParsedAgain):  # a miss: another version's entry is not read
            load_library_file(content, limits, cache)
