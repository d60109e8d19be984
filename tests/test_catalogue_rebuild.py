"""Rewriting the catalogue of a big library: one layout pass and no QR encoding
when only a handout's details changed, and never a wrong page or code."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from helpers import handout, library, long_handout, page_texts, write_content

from handouts import batch
from handouts.api import build
from handouts.layouts import catalogue
from handouts.options import BuildOptions
from handouts.render.flowables import qr_modules

BASE = "https://clinic.example/handouts/"


def _library(title: str = "About h3") -> dict:
    long_sections = long_handout("x", 5)["sections"]
    handouts = [
        handout(f"h{i}", *(long_sections if i % 2 == 0 else []), tags=[["pain"], ["sleep"]][i % 2])
        for i in range(12)
    ]
    handouts[3]["title"] = title
    data = library(*handouts)
    data["settings"] = {"base_url": BASE}
    return data


def _build(folder: Path):
    return build(BuildOptions(content=folder / "content.yaml", out_dir=folder / "out"))


def _scanned(path: Path) -> set[str]:
    pages = pypdfium2.PdfDocument(path)
    return {
        code.text
        for i in range(len(pages))
        for code in zxingcpp.read_barcodes(pages[i].render(scale=3).to_pil())
    }


@pytest.fixture
def counted(monkeypatch):
    """Counts the catalogue's layout passes (drawn, and only measured), and QR
    encodings by the catalogue itself and by the jobs that build the handouts."""
    calls = {"passes": 0, "measured": 0, "encoded": 0, "by_jobs": 0}
    render, measure = catalogue.render, catalogue.measure

    def counting_render(*args, **kwargs):
        calls["passes"] += 1
        return render(*args, **kwargs)

    def counting_measure(*args, **kwargs):
        calls["measured"] += 1
        return measure(*args, **kwargs)

    def counting(key):
        def encode(text):
            calls[key] += 1
            return qr_modules.__wrapped__(text)  # past the in-process memo: a new build's view

        return encode

    monkeypatch.setattr(catalogue, "render", counting_render)
    monkeypatch.setattr(catalogue, "measure", counting_measure)
    monkeypatch.setattr(catalogue, "qr_modules", counting("encoded"))
    monkeypatch.setattr(batch, "qr_modules", counting("by_jobs"))
    return calls


def test_a_changed_title_rewrites_the_catalogue_in_one_pass_without_encoding(tmp_path, counted):
    write_content(tmp_path, _library())
    _build(tmp_path)
    # First build: a pass that only measures finds the pages, then one drawn; each
    # code made by its handout's job.
    assert counted == {"passes": 1, "measured": 1, "encoded": 0, "by_jobs": 12}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["catalogue"]["contents"] == {"pain": 1, "sleep": 2}

    counted.update(passes=0, measured=0, encoded=0, by_jobs=0)
    write_content(tmp_path, _library("A new title for h3"))
    report = _build(tmp_path)
    assert [o.handout for o in report.outputs] == ["h3"]
    assert report.catalogue is not None
    assert counted == {"passes": 1, "measured": 0, "encoded": 0, "by_jobs": 1}
    path = tmp_path / "out" / "catalogue.pdf"
    assert "A new title for h3" in " ".join(page_texts(path))
    assert _scanned(path) == {f"{BASE}h{i}.pdf" for i in range(12)}


def test_a_damaged_code_store_or_page_hint_is_only_slower(tmp_path, counted):
    write_content(tmp_path, _library())
    _build(tmp_path)
    store = tmp_path / ".handouts-cache" / "qr" / "codes.json"
    data = json.loads(store.read_text())
    data["codes"][f"{BASE}h0.pdf"] = ["0101", "1"]  # not a QR code
    data["codes"][f"{BASE}h1.pdf"] = "garbage"
    store.write_text(json.dumps(data))
    manifest_path = tmp_path / "out" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["catalogue"]["contents"] = {"pain": 7, "sleep": 9}  # well-formed, wrong
    manifest_path.write_text(json.dumps(manifest))

    counted.update(passes=0, measured=0, encoded=0, by_jobs=0)
    write_content(tmp_path, _library("A new title for h3"))
    _build(tmp_path)
    assert counted == {"passes": 2, "measured": 0, "encoded": 2, "by_jobs": 1}
    path = tmp_path / "out" / "catalogue.pdf"
    assert _scanned(path) == {f"{BASE}h{i}.pdf" for i in range(12)}
    text = " ".join(page_texts(path))
    assert "Pain (6 handouts) 1" in text and "Sleep (6 handouts) 2" in text


def test_the_code_store_keeps_only_what_the_catalogue_printed(tmp_path):
    write_content(tmp_path, _library())
    _build(tmp_path)
    data = _library()
    data["handouts"] = data["handouts"][:5]
    write_content(tmp_path, data)
    _build(tmp_path)
    store = json.loads((tmp_path / ".handouts-cache" / "qr" / "codes.json").read_text())
    assert sorted(store["codes"]) == [f"{BASE}h{i}.pdf" for i in range(5)]
    assert store["codes"][f"{BASE}h0.pdf"] == [
        "".join("1" if dark else "0" for dark in row) for row in qr_modules(f"{BASE}h0.pdf")
    ]
