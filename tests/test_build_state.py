"""Build state is untrusted: out/ and .handouts-cache/ come back from CI caches and
pull requests, symlinks and all. Nothing outside the folder is touched, nothing
planted is printed, a file is kept only when its bytes are the ones recorded."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import build_into, handout, library, page_texts, run_main, section, write_content
from pypdf import PdfReader

CACHE = ".handouts-cache"
BASE = "https://clinic.example/handouts/"
LINKED_OUT = (
    "handouts: {link}: the output folder is a symbolic link; handouts does not write "
    "through links (remove it, or give the real folder with --out)"
)


def _library(n: int = 3, edition: str = "one") -> dict:
    data = library(*[handout(f"h{i}", title=f"About h{i}, edition {edition}") for i in range(n)])
    data["settings"] = {"base_url": BASE}
    return data


def _victim(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A folder outside the content folder, with files a build must never touch."""
    victim = tmp_path / "victim"
    victim.mkdir()
    files = {
        "marker.json": b'{"keep": true}\n',
        ".gitignore": b"important\n",
        "codes.json": b"not ours\n",
        "h0.pdf": b"someone else's file\n",
    }
    for name, data in files.items():
        (victim / name).write_bytes(data)
    return victim, files


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "out" / "manifest.json").read_text())


def _agrees_with_disk(folder: Path) -> None:
    """The manifest lists exactly the PDFs on disk, each with its own bytes' sha256."""
    out = folder / "out"
    manifest = _manifest(folder)
    listed = {e["file"]: e for e in manifest["outputs"]}
    on_disk = {p.name for p in out.glob("*.pdf")} - {"catalogue.pdf"}
    assert set(listed) == on_disk
    for name, entry in listed.items():
        assert entry["sha256"] == _sha(out / name), name
        assert entry["bytes"] == (out / name).stat().st_size
    if (out / "catalogue.pdf").exists():
        assert manifest["catalogue"]["sha256"] == _sha(out / "catalogue.pdf")
        intro = page_texts(out / "catalogue.pdf")[0]
        handouts = len(library_ids(folder))
        pdfs = "1 PDF" if len(listed) == 1 else f"{len(listed)} PDFs"
        assert f"{handouts} handouts in {pdfs}," in intro, intro


def library_ids(folder: Path) -> list[str]:
    import yaml

    data = yaml.safe_load((folder / "content.yaml").read_text(encoding="utf-8"))
    return [h["id"] for h in data["handouts"]]


# ------------------------------------------------------------------ symlinks


@pytest.mark.parametrize("linked", [CACHE, f"{CACHE}/qr"])
def test_a_symlinked_cache_folder_is_not_used_and_its_target_untouched(tmp_path, linked):
    victim, files = _victim(tmp_path)
    folder = tmp_path / "clinic"
    write_content(folder, _library())
    (folder / linked).parent.mkdir(parents=True, exist_ok=True)
    (folder / linked).symlink_to(victim, target_is_directory=True)
    for _ in range(2):  # the second build would prune and rewrite a followed link
        report = build_into(folder, _library())
        assert not report.failed
        assert _contents(victim) == files
    warnings = [str(d) for d in report.diagnostics]
    if linked == CACHE:
        assert warnings == [
            f"warning: {folder / CACHE}: the cache folder is a symbolic link, so it was not "
            "used; delete the link (builds will make a real folder)"
        ]
    assert (folder / linked).is_symlink()
    assert len(report.skipped) == 3  # the PDFs are still built and kept


def test_planted_links_inside_the_cache_are_never_followed(tmp_path):
    victim, files = _victim(tmp_path)
    folder = tmp_path / "clinic"
    build_into(folder, _library())
    cache = folder / CACHE
    for entry in cache.glob("*.json"):  # same names, now links out
        entry.unlink()
        entry.symlink_to(victim / "marker.json")
    (cache / "0123.json").symlink_to(victim / "codes.json")  # stale: pruned
    (cache / "qr" / "codes.json").unlink()
    (cache / "qr" / "codes.json").symlink_to("/dev/zero")
    report = build_into(folder, _library(edition="two"))
    assert not report.failed and len(report.outputs) == 3
    assert _contents(victim) == files
    assert not (cache / "0123.json").exists()  # the link went, not its target
    assert not (cache / "qr" / "codes.json").is_symlink()


@pytest.mark.parametrize(
    "out_arg, make_link",
    [
        ("out", lambda folder, victim: (folder / "out").symlink_to(victim)),
        ("out", lambda folder, victim: (folder / "out").symlink_to(folder / "nowhere")),
        (
            "build/pdfs",
            lambda folder, victim: (folder / "build").symlink_to(victim),
        ),
    ],
    ids=["to-a-folder", "dangling", "a-parent"],
)
def test_a_symlinked_output_folder_stops_the_build_with_exit_2(tmp_path, out_arg, make_link):
    victim, files = _victim(tmp_path)
    folder = tmp_path / "clinic"
    write_content(folder, _library())
    make_link(folder, victim)
    result = run_main("--out", out_arg, cwd=folder)
    assert result.returncode == 2
    link = folder / out_arg.split("/")[0]
    assert result.stderr.splitlines() == [LINKED_OUT.format(link=link)]
    assert _contents(victim) == files
    assert not (folder / "nowhere").exists()


def test_the_real_folder_given_with_out_is_used_wherever_it_is(tmp_path):
    victim, files = _victim(tmp_path)
    folder = tmp_path / "clinic"
    write_content(folder, _library())
    result = run_main("--out", str(victim), cwd=folder)
    assert result.returncode == 0, result.stderr
    assert {"h0.pdf", "h1.pdf", "manifest.json", "catalogue.pdf"} <= set(_contents(victim))
    assert (victim / "marker.json").read_bytes() == files["marker.json"]


def test_links_planted_inside_out_are_replaced_never_followed(tmp_path):
    victim, files = _victim(tmp_path)
    folder = tmp_path / "clinic"
    build_into(folder, _library())
    out = folder / "out"
    for name, target in (
        ("h0.pdf", victim / "h0.pdf"),
        ("manifest.json", victim / "marker.json"),
        ("catalogue.pdf", victim / "codes.json"),
    ):
        (out / name).unlink()
        (out / name).symlink_to(target)
    report = build_into(folder, _library())
    assert not report.failed
    assert [o.handout for o in report.outputs] == ["h0", "h1", "h2"]  # no manifest: all made
    assert _contents(victim) == files
    assert not any(p.is_symlink() for p in out.iterdir())
    _agrees_with_disk(folder)


def test_a_manifest_that_is_a_device_or_fifo_is_ignored_not_read(tmp_path):
    folder = tmp_path / "clinic"
    build_into(folder, _library())
    manifest = folder / "out" / "manifest.json"
    manifest.unlink()
    os.mkfifo(manifest)  # an open() that would wait forever
    report = build_into(folder, _library())
    assert not report.failed and len(report.outputs) == 3
    assert manifest.is_file()
    _agrees_with_disk(folder)


# ------------------------------------------------------------------ planted state


def _planted(folder: Path, change) -> None:
    path = folder / "out" / "manifest.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _entry(data: dict, name: str = "h1.pdf") -> dict:
    return next(e for e in data["outputs"] if e["file"] == name)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: _entry(d).update(format="<img src='/etc/passwd' width=9 height=9/>"),
        lambda d: _entry(d).update(pages="<img src='/etc/passwd'/>"),
        lambda d: _entry(d).update(pages=True),
        lambda d: _entry(d).update(file='javascript:alert(1)" x="'),
        lambda d: _entry(d).update(id="h0", file="h0-x.pdf"),
        lambda d: _entry(d).pop("content_hash"),
        lambda d: _entry(d).pop("file"),
        lambda d: _entry(d).update(sha256=None),
        lambda d: _entry(d).update(extra="unknown key"),
        lambda d: d["outputs"].append("not an entry"),
        lambda d: d.update(outputs={"h1.pdf": {}}),
        lambda d: d["catalogue"].update(pages="<a href='javascript:x'>"),
        lambda d: d["catalogue"].pop("sha256"),
    ],
    ids=[
        "format-markup",
        "pages-markup",
        "pages-bool",
        "file-javascript",
        "file-of-another",
        "no-content-hash",
        "no-file",
        "sha-null",
        "extra-key",
        "not-a-mapping",
        "outputs-mapping",
        "catalogue-pages",
        "catalogue-no-sha",
    ],
)
def test_a_planted_manifest_entry_is_rebuilt_never_printed(tmp_path, change):
    folder = tmp_path / "clinic"
    build_into(folder, _library())
    before = _contents(folder / "out")
    _planted(folder, change)
    report = build_into(folder, _library())
    assert not report.failed, [str(d) for d in report.diagnostics]
    assert report.diagnostics == []
    catalogue = folder / "out" / "catalogue.pdf"
    text = " ".join(page_texts(catalogue))
    for planted in ("<img", "passwd", "javascript", "<a ", "h0-x"):
        assert planted not in text
    uris = [
        str(a.get_object()["/A"]["/URI"])
        for page in PdfReader(catalogue).pages
        for a in page.get("/Annots") or []
    ]
    assert sorted(uris) == [f"{BASE}h{i}.pdf" for i in range(3)]
    assert _contents(folder / "out") == before  # builds are reproducible: same bytes again
    _agrees_with_disk(folder)


@pytest.mark.parametrize(
    "planted",
    [b"[" * 200_000, b'{"version": 1, "outputs": ' + b"[" * 100_000, b"\xff\xfe", b"{}" * 9],
    ids=["deep", "deep-in-outputs", "not-utf8", "not-json"],
)
def test_a_manifest_that_is_not_ours_is_only_slower(tmp_path, planted):
    folder = tmp_path / "clinic"
    build_into(folder, _library())
    (folder / "out" / "manifest.json").write_bytes(planted)
    report = build_into(folder, _library())
    assert not report.failed and report.diagnostics == []
    assert [o.handout for o in report.outputs] == ["h0", "h1", "h2"]
    _agrees_with_disk(folder)


def _cache_entries(folder: Path) -> list[Path]:
    return sorted((folder / CACHE).glob("*.json"))


def _forge_entry(path: Path, data=None, positions: bytes | None = None) -> None:
    head_text, old_positions = path.read_bytes().split(b"\n", 1)
    head = json.loads(head_text)
    if data is not None:
        head["data"] = data
    positions = old_positions if positions is None else positions
    head["positions"] = hashlib.sha256(positions).hexdigest()
    path.write_bytes(json.dumps(head).encode() + b"\n" + positions)


def _nested(depth: int):
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


TITEL = "handouts[1].titel: unknown key 'titel' (did you mean 'title'?)"


@pytest.mark.parametrize(
    "forge, where",
    [
        (lambda p: p.write_bytes(b'{"format": ' + b"[" * 200_000 + b"\n[]"), "35:3"),
        (lambda p: _forge_entry(p, data={"clinic": _nested(65), "handouts": []}), "35:3"),
        (lambda p: _forge_entry(p, data={"clinic": {}, "handouts": [0] * 200_001}), "35:3"),
        # The positions are read only when needed; forged ones (digest and
        # all) are dropped whole, and errors point at line 1.
        (lambda p: _forge_entry(p, positions=b'{"values": ' + b"[" * 200_000), "1:1"),
    ],
    ids=["deep-head", "deeper-than-max-depth", "more-than-max-nodes", "deep-positions"],
)
def test_a_planted_parse_cache_entry_is_held_to_the_parser_limits(tmp_path, forge, where):
    folder = tmp_path / "clinic"
    data = _library()
    data["handouts"][1]["titel"] = "x"
    cold = build_into(folder, data)
    assert [str(d) for d in cold.diagnostics] == [f"content.yaml:35:3: {TITEL}"]
    (entry,) = _cache_entries(folder)
    forge(entry)
    report = build_into(folder, data)
    assert [str(d) for d in report.diagnostics] == [f"content.yaml:{where}: {TITEL}"]


@pytest.mark.parametrize(
    "rows",
    [
        [[["handouts", 1, "titel"], "23", 3]],
        [[["handouts", 1, "titel"], 23, None]],
        [[["handouts", 1, "titel"], True, 3]],
        [[["handouts", 1, "titel"], 0, 3]],
        [[["handouts", 1.5, "titel"], 23, 3]],
        [[["handouts", None, "titel"], 23, 3]],
        [["handouts", 23, 3]],
    ],
)
def test_parse_cache_positions_of_the_wrong_type_are_dropped_never_sorted(tmp_path, rows):
    folder = tmp_path / "clinic"
    data = _library()
    data["handouts"][1]["titel"] = "x"
    data["handouts"][2]["subtitel"] = "y"
    build_into(folder, data)
    (entry,) = _cache_entries(folder)
    positions = json.dumps({"values": rows, "keys": rows}).encode()
    _forge_entry(entry, positions=positions)
    report = build_into(folder, data)
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:1:1: handouts[1].titel: unknown key 'titel' (did you mean 'title'?)",
        "content.yaml:1:1: handouts[2].subtitel: unknown key 'subtitel' (did you mean 'subtitle'?)",
    ]


@pytest.mark.parametrize(
    "planted",
    [
        b'{"format": ' + b"[" * 200_000,
        b'{"format": "x", "codes": []}',
        b"[]",
        b'{"codes": {"a": ' + b"[" * 100_000 + b"}}",
    ],
    ids=["deep", "codes-a-list", "a-list", "deep-code"],
)
def test_a_planted_qr_store_is_encoded_again(tmp_path, planted):
    folder = tmp_path / "clinic"
    build_into(folder, _library())
    (folder / CACHE / "qr" / "codes.json").write_bytes(planted)
    report = build_into(folder, _library(edition="two"))
    assert not report.failed and report.catalogue is not None
    store = json.loads((folder / CACHE / "qr" / "codes.json").read_text())
    assert sorted(store["codes"]) == [f"{BASE}h{i}.pdf" for i in range(3)]


# ------------------------------------------------------------------ kept files


def _damaged(path: Path) -> None:
    """Same size, other bytes: what the old size check could not tell apart."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_pdf_whose_bytes_are_not_the_recorded_ones_is_made_again(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    build_into(one, _library(edition="one"))
    build_into(two, _library(edition="two"))
    good = _contents(one / "out")
    # A killed build replaced h0 with the other edition; h1 was damaged on disk;
    # h2's file was swapped for a link to a good copy (not a regular file).
    shutil.copy(two / "out" / "h0.pdf", one / "out" / "h0.pdf")
    _damaged(one / "out" / "h1.pdf")
    (one / "out" / "h2.pdf").unlink()
    (one / "out" / "h2.pdf").symlink_to(two / "out" / "h2.pdf")
    _damaged(one / "out" / "catalogue.pdf")
    report = build_into(one, _library(edition="one"))
    assert [o.handout for o in report.outputs] == ["h0", "h1", "h2"]
    assert report.catalogue is not None
    assert _contents(one / "out") == good
    again = build_into(one, _library(edition="one"))
    assert again.outputs == [] and len(again.skipped) == 3


def test_fail_fast_leaves_a_manifest_and_catalogue_that_match_the_disk(tmp_path):
    handouts = [handout(f"h{i}") for i in range(8)]
    for jobs in (1, 2):
        folder = tmp_path / f"jobs{jobs}"
        data = library(*handouts[:3], handout("h3", section("Bad", "\u2603 no")), *handouts[4:])
        report = build_into(folder, data, fail_fast=True, jobs=jobs)
        assert report.failed and report.failed_jobs == 1
        _agrees_with_disk(folder)
        assert len(report.outputs) == len(_manifest(folder)["outputs"])
        # Fixed and built again in full, then broken again: the old files stay listed.
        build_into(folder, library(*handouts), jobs=jobs)
        _agrees_with_disk(folder)
        report = build_into(folder, data, fail_fast=True, jobs=jobs, force=True)
        _agrees_with_disk(folder)
        assert len(_manifest(folder)["outputs"]) == 8
