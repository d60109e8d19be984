"""Sharded builds: disjoint, stable, balanced shares that merge into the unsharded build."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from helpers import handout, library, long_handout, run_main, section, write_content

from handouts.api import build, open_project
from handouts.batch import chosen, plan, shard_of
from handouts.merge import merge_manifests
from handouts.options import BuildOptions
from handouts.shards import Weighted, assign, parse_shard

BASE = "https://clinic.example/handouts/"


def _library(n: int = 9) -> dict:
    """Short and long handouts, some with brochures, two languages, three topics."""
    long_sections = long_handout("x", 4)["sections"]
    handouts = [
        handout(
            f"h{i:02d}",
            *(long_sections if i % 3 == 0 else [section("What is it?")]),
            tags=[("sleep", "pain", "mood")[i % 3]],
            language="es" if i % 4 == 1 else "en",
            formats=["handout", "trifold"] if i % 4 == 2 else ["handout"],
        )
        for i in range(n)
    ]
    data = library(*handouts)
    data["settings"] = {"base_url": BASE}
    return data


def _options(folder: Path, out: str, **more) -> BuildOptions:
    return BuildOptions(content=folder / "content.yaml", out_dir=folder / out, **more)


def _jobs(project, content: Path):
    options = BuildOptions(content=content)
    return plan(project, options, chosen(project, options)[0])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    """One library built whole into full/, and in three shards into out-1..3/."""
    folder = tmp_path_factory.mktemp("sharded")
    write_content(folder, _library())
    assert not build(_options(folder, "full")).failed
    for k in (1, 2, 3):
        report = build(_options(folder, f"out-{k}", shard=(k, 3)))
        assert not report.failed and report.catalogue is None
    return folder


def test_shards_are_disjoint_and_together_are_the_unsharded_build_byte_for_byte(sharded):
    full = _files(sharded / "full")
    pdfs = {name for name in full if name.endswith(".pdf") and name != "catalogue.pdf"}
    seen: dict[str, bytes] = {}
    for k in (1, 2, 3):
        part = _files(sharded / f"out-{k}")
        assert "catalogue.pdf" not in part  # the merge makes the one catalogue
        built = {name: data for name, data in part.items() if name.endswith(".pdf")}
        assert built, f"shard {k} is empty"
        assert not set(built) & set(seen), "two shards built the same file"
        seen.update(built)
        manifest = json.loads(part["manifest.json"])
        assert manifest["shard"]["index"] == k and manifest["shard"]["count"] == 3
        assert sorted(built) == manifest["shard"]["files"]
    assert set(seen) == pdfs
    assert all(seen[name] == full[name] for name in pdfs)


def test_the_merge_equals_the_unsharded_manifest_and_catalogue(sharded, tmp_path):
    out = tmp_path / "out"
    manifests = [sharded / f"out-{k}" / "manifest.json" for k in (3, 1, 2)]  # any order
    report = merge_manifests(manifests, sharded / "content.yaml", out)
    assert not report.refused and not report.gaps and not report.failed
    assert _files(out) == _files(sharded / "full")  # PDFs, manifest and catalogue
    # Merging again into the same folder copies nothing and changes nothing.
    again = merge_manifests(manifests, sharded / "content.yaml", out)
    assert again.copied == 0 and _files(out) == _files(sharded / "full")


def test_merge_on_the_command_line(sharded, tmp_path):
    for k in (1, 2, 3):
        shutil.copytree(sharded / f"out-{k}", tmp_path / f"out-{k}")
    shutil.copy(sharded / "content.yaml", tmp_path)
    args = [str(p.relative_to(tmp_path)) for p in sorted(tmp_path.glob("out-*/manifest.json"))]
    result = run_main("merge-manifests", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "merged 3 manifests into out: 11 files (11 copied), 0 gaps" in result.stdout
    assert _files(tmp_path / "out") == _files(sharded / "full")


def test_merge_refuses_overlaps_and_altered_pdfs(sharded, tmp_path):
    content = sharded / "content.yaml"
    one = sharded / "out-1" / "manifest.json"
    twice = merge_manifests([one, one], content, tmp_path / "a")
    assert any("shard 1 is also" in r for r in twice.refused)
    assert not (tmp_path / "a").exists()  # nothing written
    # The same file claimed by two shards (a stale folder, a wrong command).
    copy = tmp_path / "copy"
    shutil.copytree(sharded / "out-2", copy)
    data = json.loads((copy / "manifest.json").read_text())
    stolen = json.loads(one.read_text())["outputs"][0]
    shutil.copy(sharded / "out-1" / stolen["file"], copy)
    data["outputs"].append(stolen)
    (copy / "manifest.json").write_text(json.dumps(data))
    overlap = merge_manifests([one, copy / "manifest.json"], content, tmp_path / "b")
    assert overlap.refused == [
        f"{stolen['file']}: in both {one} (shard 1/3) and {copy / 'manifest.json'} (shard 2/3)"
    ]
    # A PDF that is not the one its manifest describes.
    altered = tmp_path / "altered"
    shutil.copytree(sharded / "out-3", altered)
    victim = json.loads((altered / "manifest.json").read_text())["outputs"][0]["file"]
    (altered / victim).write_bytes(b"%PDF-1.4 not this")
    bad = merge_manifests([altered / "manifest.json"], content, tmp_path / "c")
    assert any("sha256 differs" in r and victim in r for r in bad.refused)
    # Shards of another version of the tool: their bytes would differ from this one's.
    older = tmp_path / "older"
    shutil.copytree(sharded / "out-3", older)
    data = json.loads((older / "manifest.json").read_text())
    data["shard"]["tool"] = "0" * 64
    (older / "manifest.json").write_text(json.dumps(data))
    mixed = merge_manifests([one, older / "manifest.json"], content, tmp_path / "e")
    assert any("another version of handouts" in r for r in mixed.refused)
    # Shards of different builds (another paper size) are not one library.
    other = tmp_path / "other"
    write_content(other, _library())
    from handouts.options import RenderOptions

    build(_options(other, "a4", shard=(2, 3), render=RenderOptions(paper="a4")))
    mixed = merge_manifests([one, other / "a4" / "manifest.json"], content, tmp_path / "d")
    assert any("another render" in r for r in mixed.refused)


def test_merge_reports_a_missing_shard_and_a_failed_file_by_name(sharded, tmp_path):
    content = sharded / "content.yaml"
    project, _ = open_project(content)
    jobs = _jobs(project, content)
    missing = sorted(shard_of(project, jobs, (2, 3)))
    report = merge_manifests(
        [sharded / f"out-{k}" / "manifest.json" for k in (1, 3)], content, tmp_path / "out"
    )
    assert not report.refused and report.failed
    assert report.gaps == [
        f"shard 2/3 is missing: {len(missing)} files ({', '.join(missing)}) not merged"
    ]
    written = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert not {e["file"] for e in written["outputs"]} & set(missing)
    # A shard whose build failed for one file: merged, and the file is named.
    folder = tmp_path / "broken"
    data = _library()
    data["handouts"][0]["sections"][0]["body"].append("Email {clinic.email}.")  # no email
    write_content(folder, data)
    for k in (1, 2, 3):
        build(_options(folder, f"out-{k}", shard=(k, 3)))
    result = run_main("merge-manifests", *(f"out-{k}/manifest.json" for k in (1, 2, 3)), cwd=folder)
    assert result.returncode == 1
    assert "did not build 1 file (h00.pdf)" in result.stderr


def test_each_shard_rebuilds_incrementally_and_drops_what_moved_away(tmp_path):
    write_content(tmp_path, _library(12))
    options = [_options(tmp_path, f"out-{k}", shard=(k, 2)) for k in (1, 2)]
    for o in options:
        build(o)
    again = [build(o) for o in options]
    assert all(not r.outputs and r.skipped for r in again)  # nothing rebuilt
    data = _library(12)
    data["handouts"].insert(5, handout("added", section("New words")))
    write_content(tmp_path, data)
    after = [build(o) for o in options]
    built = [{o.path.name for o in r.outputs} for r in after]
    moved = [{p.name for p in r.removed} for r in after]
    assert "added.pdf" in built[0] | built[1]
    # A file that moved from one shard to the other is rebuilt there and removed here.
    assert moved[0] == built[1] - {"added.pdf"} and moved[1] == built[0] - {"added.pdf"}
    for k in (1, 2):
        manifest = json.loads((tmp_path / f"out-{k}" / "manifest.json").read_text())
        on_disk = {p.name for p in (tmp_path / f"out-{k}").glob("*.pdf")}
        assert (
            on_disk == {e["file"] for e in manifest["outputs"]} == set(manifest["shard"]["files"])
        )


# ------------------------------------------------------------------ the partition


def _weighted(n: int, rng: random.Random) -> list[Weighted]:
    return [Weighted(f"handout-{i}.pdf", rng.choice((1, 2, 2, 2, 3, 4))) for i in range(n)]


@pytest.mark.parametrize("count", [2, 3, 4, 8, 16])
def test_adding_one_output_moves_few_others(count):
    rng = random.Random(count)
    for _ in range(20):
        outputs = _weighted(rng.randint(50, 400), rng)
        before = assign(outputs, count)
        new = Weighted(f"new-{rng.random()}.pdf", rng.choice((1, 2, 4)))
        after = assign([*outputs, new], count)
        moved = [f for f in before if before[f] != after[f]]
        # Each of the count - 1 cuts slides by at most the new output's pages.
        assert len(moved) <= (count - 1) * new.pages, (len(moved), count, new.pages)


@pytest.mark.parametrize("count", [1, 2, 4, 10, 50])
def test_shares_are_balanced_by_pages_not_by_count(count):
    rng = random.Random(7)
    outputs = [Weighted(f"f{i}.pdf", 6 if i % 10 == 0 else 1) for i in range(2000)]
    rng.shuffle(outputs)
    shares = assign(outputs, count)
    assert set(shares.values()) == set(range(1, count + 1))  # every shard has work
    pages = dict.fromkeys(range(1, count + 1), 0)
    for o in outputs:
        pages[shares[o.file]] += o.pages
    ideal = sum(pages.values()) / count
    assert max(pages.values()) - ideal <= 6 and ideal - min(pages.values()) <= 6


def test_every_machine_computes_the_same_shares_whatever_the_order():
    outputs = _weighted(300, random.Random(1))
    shuffled = outputs[:]
    random.Random(2).shuffle(shuffled)
    assert assign(outputs, 4) == assign(shuffled, 4)


def test_adding_a_handout_to_a_real_library_moves_at_most_a_few_outputs(tmp_path):
    data = _library(40)
    content = write_content(tmp_path, data)
    project, _ = open_project(content)
    before = {k: shard_of(project, _jobs(project, content), (k, 4)) for k in (1, 2, 3, 4)}
    data["handouts"].insert(17, long_handout("a-new-one", 3))
    write_content(tmp_path, data)
    project, _ = open_project(content)
    after = {k: shard_of(project, _jobs(project, content), (k, 4)) for k in (1, 2, 3, 4)}
    moved = sum(len(before[k] - after[k]) for k in before)
    assert moved <= 6, moved
    assert "a-new-one.pdf" in set().union(*after.values())


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", "-1/2"])
def test_a_wrong_shard_is_a_usage_error(tmp_path, text):
    with pytest.raises(ValueError):
        parse_shard(text)
    write_content(tmp_path, _library(1))
    result = run_main("build", f"--shard={text}", cwd=tmp_path)
    assert result.returncode == 2 and "--shard" in result.stderr and "K/N" in result.stderr


def test_shards_of_every_clinic_merge_into_one_folder_per_clinic(tmp_path):
    from test_clinics import clinics_library

    write_content(tmp_path, clinics_library())
    assert not build(_options(tmp_path, "full", clinics=("all",))).failed
    for k in (1, 2):
        assert not build(_options(tmp_path, f"out-{k}", clinics=("all",), shard=(k, 2))).failed
    manifests = sorted(tmp_path.glob("out-*/*/manifest.json"))
    assert len(manifests) == 4
    report = merge_manifests(manifests, tmp_path / "content.yaml", tmp_path / "out")
    assert not report.refused and not report.gaps
    assert report.folders == [tmp_path / "out" / "harbor", tmp_path / "out" / "seaside"]
    for clinic in ("harbor", "seaside"):
        assert _files(tmp_path / "out" / clinic) == _files(tmp_path / "full" / clinic)


def test_expected_pages_are_close_to_the_pages_built(sharded):
    """Balance is only as good as the guess: within a page of the truth here."""
    from handouts.shards import expected_pages

    project, _ = open_project(sharded / "content.yaml")
    manifest = json.loads((sharded / "full" / "manifest.json").read_text())
    pages = {e["file"]: (e["pages"], e["id"], e["format"]) for e in manifest["outputs"]}
    assert {p for p, _, _ in pages.values()} != {1}  # long and short handouts both
    for file, (built, hid, fmt) in pages.items():
        guess = expected_pages(project.library.by_id[hid], fmt)
        assert abs(guess - built) <= 1, (file, guess, built)
