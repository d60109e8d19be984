"""Batch builds: selection, parallel = serial, incremental, manifest, cleanup, catalogue."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from helpers import (
    ROOT,
    handout,
    library,
    long_handout,
    page_texts,
    run_main,
    section,
    write_content,
)
from pypdf import PdfReader

from handouts.api import build
from handouts.options import BuildOptions


def _library(n: int = 4, **clinic) -> dict:
    """h0..h(n-1): even ones take three pages; tags and languages vary."""
    tags = (["sleep"], ["pain", "sleep"], [], ["pain"])
    long_sections = long_handout("x", 5)["sections"]
    return library(
        *[
            handout(
                f"h{i}",
                *(long_sections if i % 2 == 0 else []),
                tags=tags[i % 4],
                language="es" if i == 2 else "en",
            )
            for i in range(n)
        ],
        **clinic,
    )


def _build(folder: Path, **options) -> object:
    return build(BuildOptions(content=folder / "content.yaml", out_dir=folder / "out", **options))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())}


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "out" / "manifest.json").read_text())


def test_parallel_build_is_byte_identical_to_serial(tmp_path):
    for name in ("serial", "parallel"):
        write_content(tmp_path / name, _library(8))
    serial = _build(tmp_path / "serial", jobs=1)
    parallel = _build(tmp_path / "parallel", jobs=2)
    assert not serial.failed and not parallel.failed
    assert len(parallel.outputs) == 8
    assert [o.path.name for o in parallel.outputs] == [o.path.name for o in serial.outputs]
    assert _files(tmp_path / "parallel") == _files(tmp_path / "serial")


def test_unchanged_handouts_are_skipped_and_only_changed_ones_rebuilt(tmp_path):
    data = _library(4)
    write_content(tmp_path, data)
    first = _build(tmp_path)
    assert len(first.outputs) == 4
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}

    again = _build(tmp_path)
    assert again.outputs == [] and len(again.skipped) == 4
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}
    assert after == before  # not even the manifest or catalogue was rewritten

    data["handouts"][1]["title"] = "A new title"
    write_content(tmp_path, data)
    changed = _build(tmp_path)
    assert [o.handout for o in changed.outputs] == ["h1"]
    assert "A new title" in page_texts(tmp_path / "out" / "h1.pdf")[0]
    assert "A new title" in " ".join(page_texts(tmp_path / "out" / "catalogue.pdf"))

    forced = _build(tmp_path, force=True)
    assert len(forced.outputs) == 4


def test_a_changed_logo_rebuilds_every_handout_that_uses_it(tmp_path):
    (tmp_path / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "assets" / "logo.svg", tmp_path / "assets" / "logo.svg")
    write_content(tmp_path, _library(3, logo="assets/logo.svg"))
    assert len(_build(tmp_path).outputs) == 3
    assert _build(tmp_path).outputs == []
    logo = tmp_path / "assets" / "logo.svg"
    logo.write_text(logo.read_text().replace("</svg>", "<!-- new --></svg>"))
    assert [o.handout for o in _build(tmp_path).outputs] == ["h0", "h1", "h2"]


def test_a_changed_paper_size_rebuilds(tmp_path):
    from handouts.options import RenderOptions

    write_content(tmp_path, _library(2))
    _build(tmp_path)
    assert len(_build(tmp_path, render=RenderOptions(paper="a4")).outputs) == 2


def test_a_deleted_output_file_is_rebuilt(tmp_path):
    write_content(tmp_path, _library(2))
    _build(tmp_path)
    (tmp_path / "out" / "h1.pdf").unlink()
    assert [o.handout for o in _build(tmp_path).outputs] == ["h1"]


def test_manifest_matches_the_files(tmp_path):
    write_content(tmp_path, _library(4))
    _build(tmp_path, jobs=2)
    manifest = _manifest(tmp_path)
    assert [e["file"] for e in manifest["outputs"]] == ["h0.pdf", "h1.pdf", "h2.pdf", "h3.pdf"]
    for entry in manifest["outputs"]:
        data = (tmp_path / "out" / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["pages"] == len(PdfReader(tmp_path / "out" / entry["file"]).pages)
        assert len(entry["content_hash"]) == 64
    h2 = next(e for e in manifest["outputs"] if e["id"] == "h2")
    assert h2 == h2 | {
        "title": "About h2",
        "format": "handout",
        "language": "es",
        "tags": [],
        "reviewed": "2026-10-01",
        "review_by": "2027-10-01",
        "readability_grade": 5.0,
    }
    catalogue = tmp_path / "out" / "catalogue.pdf"
    assert manifest["catalogue"]["sha256"] == hashlib.sha256(catalogue.read_bytes()).hexdigest()
    assert manifest["catalogue"]["pages"] == len(PdfReader(catalogue).pages)


def test_deleted_handouts_are_removed_but_broken_ones_keep_their_pdf(tmp_path):
    data = _library(4)
    write_content(tmp_path, data)
    _build(tmp_path)
    data["handouts"][3]["titel"] = "typo"  # h3 broken: keeps its last good PDF
    del data["handouts"][1]  # h1 deleted
    write_content(tmp_path, data)
    report = _build(tmp_path)
    assert report.failed
    assert [p.name for p in report.removed] == ["h1.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "catalogue.pdf",
        "h0.pdf",
        "h2.pdf",
        "h3.pdf",
    ]
    assert [e["id"] for e in _manifest(tmp_path)["outputs"]] == ["h0", "h2", "h3"]


def test_selection_by_glob_tag_and_language(tmp_path):
    write_content(tmp_path, _library(4))
    ids = lambda **o: [out.handout for out in _build(tmp_path, force=True, **o).outputs]  # noqa: E731
    assert ids(ids=("h[01]",)) == ["h0", "h1"]
    assert ids(topics=("pain",)) == ["h1", "h3"]
    assert ids(languages=("es",)) == ["h2"]
    assert ids(topics=("sleep",), languages=("en",)) == ["h0", "h1"]


def test_a_partial_build_keeps_the_other_outputs(tmp_path):
    write_content(tmp_path, _library(3))
    _build(tmp_path)
    report = _build(tmp_path, ids=("h1",), force=True)
    assert [o.handout for o in report.outputs] == ["h1"] and report.removed == []
    assert report.catalogue is None  # the menu is made by full builds
    assert [e["id"] for e in _manifest(tmp_path)["outputs"]] == ["h0", "h1", "h2"]


def test_catalogue_lists_every_handout_grouped_by_tag_with_qr_links(tmp_path):
    data = _library(4)
    data["settings"] = {"base_url": "https://clinic.example/handouts/"}
    write_content(tmp_path, data)
    _build(tmp_path)
    catalogue = tmp_path / "out" / "catalogue.pdf"
    text = " ".join(page_texts(catalogue))
    assert "Handout catalogue" in text and "Contents" in text
    for i in range(4):
        assert f"About h{i}" in text
        assert f"https://clinic.example/handouts/h{i}.pdf" in text
    for tag in ("Pain (2 handouts)", "Sleep (1 handout)", "Other handouts (1 handout)"):
        assert tag in text  # each handout once, under its first tag
    assert text.count("About h1") == 1 and "Also about: sleep" in text
    assert "Handout (2 pages)" in text and "Spanish" in text
    links = {
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(catalogue).pages
        for a in page.get("/Annots", [])
    }
    assert {f"https://clinic.example/handouts/h{i}.pdf" for i in range(4)} <= links
    outline = [o.title for o in PdfReader(catalogue).outline]
    assert outline == ["Pain", "Sleep", "Other handouts"]
    pages = pypdfium2.PdfDocument(catalogue)
    scanned = {
        code.text
        for i in range(len(pages))
        for code in zxingcpp.read_barcodes(pages[i].render(scale=3).to_pil())
    }
    assert scanned == {f"https://clinic.example/handouts/h{i}.pdf" for i in range(4)}


def test_include_adds_handouts_and_errors_name_the_included_file(tmp_path):
    root = library(handout("main"))
    root["include"] = ["library/*.yaml"]
    write_content(tmp_path, root)
    write_content(tmp_path / "library", {"handouts": [handout("b"), handout("main")]}, "b.yaml")
    write_content(tmp_path / "library", {"handouts": [handout("c", titel="x")]}, "c.yaml")
    result = run_main("--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "library/b.yaml:12:7: handouts[1].id: duplicate handout id 'main' "
        "(also handouts[0] in content.yaml:15) (every handout needs its own id; "
        "it names the PDF file)",
        "library/c.yaml:12:3: handouts[0].titel: unknown key 'titel' (did you mean 'title'?)",
    ]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "b.pdf",
        "catalogue.pdf",
        "main.pdf",
    ]


def test_include_problems_are_reported_with_positions(tmp_path):
    root = library(handout("main"))
    root["include"] = ["missing/*.yaml", "../outside.yaml", "extra.yaml"]
    write_content(tmp_path, root)
    write_content(tmp_path, {"clinic": {"name": "X"}, "handouts": []}, "extra.yaml")
    result = run_main(cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content.yaml:26:3: include[0]: "
        "'missing/*.yaml' matches no .yaml file in the content folder",
        "content.yaml:27:3: include[1]: '../outside.yaml' must be a path inside the content folder",
        "extra.yaml:1:1: clinic: unknown key 'clinic' in an included file "
        "(clinic, settings and include belong in the main content file)",
    ]


def test_fail_fast_stops_at_the_first_failure(tmp_path):
    wide = section("H", "A snowman \u2603 no font has.")
    write_content(tmp_path, library(handout("a", wide), handout("b", wide), handout("c")))
    result = run_main("--jobs", "1", "--fail-fast", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "failed out/a.pdf (problems listed below)"
    assert not (tmp_path / "out" / "b.pdf").exists() and not (tmp_path / "out" / "c.pdf").exists()
    assert len(result.stderr.splitlines()) == 1

    result = run_main("--jobs", "2", cwd=tmp_path)  # without it, the others still build
    assert result.returncode == 1
    assert (tmp_path / "out" / "c.pdf").exists()
    serial = run_main("--jobs", "1", "--force", cwd=tmp_path)
    assert result.stderr == serial.stderr  # workers report the same positions
    assert [line.split(": ")[0:2] for line in result.stderr.splitlines()] == [
        ["content.yaml:24:7", "handouts[0].sections[0].body[0]"],
        ["content.yaml:24:7", "handouts[1].sections[0].body[0]"],  # a YAML alias of a's
    ]


def test_exit_codes_for_selection(tmp_path):
    write_content(tmp_path, _library(2))
    assert run_main("build", "h*", "--tag", "sleep", cwd=tmp_path).returncode == 0
    result = run_main("build", "zz-*", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("handouts: no handout with id 'zz-*'")
    result = run_main("build", "--jobs", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert "expected a whole number of at least 1, got '0'" in result.stderr


def test_catalogue_names_languages_in_english_and_their_own_words_when_printable(tmp_path):
    from handouts.language import language
    from handouts.layouts.catalogue import _language, _said
    from handouts.theme import resolve_theme

    theme = resolve_theme(_clinic(), tmp_path)
    assert _said(_language("es-MX", theme)) == "Spanish (Español)"
    # Atkinson cannot draw 简体中文; the text engine draws it with the CJK default font.
    assert (
        _said(_language("zh", theme)) == "Chinese, Simplified (简体中文)"
    )  # no brackets in brackets
    assert _said(_language("ar", theme)) == "Arabic (العربية)"
    assert _said(_language("en", theme)) == "English"
    # The own name is in its own language; the English words are the catalogue's.
    for tag, own in (("es-MX", "Español"), ("ar", "العربية"), ("zh", "简体中文")):
        lang_of = {run.text: dict(run.tags).get("lang") for run in _language(tag, theme)}
        assert lang_of[own] == tag and set(lang_of.values()) == {None, tag}
    assert [run.tags for run in _language("en-GB", theme)] == [()]
    assert (language("xx").english_name, language("xx").own_name) == ("xx", "xx")


def _clinic():
    from handouts.model import Clinic

    return Clinic.model_validate({k: v for k, v in library()["clinic"].items() if k != "logo"})


def test_problems_are_listed_in_content_order_whatever_finishes_first(tmp_path, monkeypatch):
    from handouts import batch

    wide = section("H", "A snowman \u2603 no font has.")
    write_content(tmp_path, library(handout("a", wide), handout("b", wide)))
    run = batch._run_jobs

    def backwards(project, jobs, options, land):
        finished = []
        run(project, jobs, options, lambda result: finished.append(result))
        for result in reversed(finished):
            land(result)

    monkeypatch.setattr(batch, "_run_jobs", backwards)
    report = _build(tmp_path)
    assert [d.path.split(".")[0] for d in report.diagnostics] == ["handouts[0]", "handouts[1]"]


ERRORS = {
    "unknown-key": {"titel": "x"},
    "missing-image": {"cover_image": {"src": "nowhere.png", "alt": "A picture"}},
    "bad-date": {"reviewed": "2026-13-01"},
}


@pytest.mark.parametrize("broken", ["first", "second"])
@pytest.mark.parametrize("error", sorted(ERRORS))
def test_a_taken_id_never_replaces_the_pdf_whichever_handout_is_broken(tmp_path, broken, error):
    english = handout("sleep", title="Sleep well")
    spanish = handout("sleep-es", title="Dormir bien", language="es")
    write_content(tmp_path, library(english, spanish))
    assert run_main(cwd=tmp_path).returncode == 0
    before = (tmp_path / "out" / "sleep.pdf").read_bytes()

    spanish["id"] = "sleep"  # the id of a handout that already exists
    (english if broken == "first" else spanish).update(ERRORS[error])
    write_content(tmp_path, library(english, spanish))
    result = run_main(cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    duplicate = (
        r"content\.yaml:\d+:7: handouts\[1\]\.id: duplicate handout id 'sleep' "
        r"\(also handouts\[0\]\) \(every handout needs its own id; it names the PDF file\)"
    )
    assert len(lines) == 2, lines  # the duplicate and the other error, each once
    assert sum(bool(re.fullmatch(duplicate, line)) for line in lines) == 1, lines
    other = next(line for line in lines if "duplicate" not in line)
    assert f"handouts[{0 if broken == 'first' else 1}]." in other
    assert (tmp_path / "out" / "sleep.pdf").read_bytes() == before
    titles = {e["file"]: e["title"] for e in _manifest(tmp_path)["outputs"]}
    assert titles["sleep.pdf"] == "Sleep well"
