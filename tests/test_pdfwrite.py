"""Our file writing (`render.pdfwrite`) writes the very bytes ReportLab's would.

It reformats ReportLab's commonest objects itself, so the proof is a
comparison: the sample library's handouts, in formats that add brochure
panels, fillable fields, links and pictures, each built twice, once
through `pdfwrite.write` and once through `PDFDocument.format`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from handouts.api import open_project, render_pdf
from handouts.options import RenderOptions
from handouts.render import pdfwrite

ROOT = Path(__file__).resolve().parent.parent
CASES = [("handout", False), ("handout", True), ("trifold", False), ("bifold", False)]


@pytest.fixture(scope="module")
def project():
    return open_project(ROOT / "content.yaml")[0]


@pytest.mark.parametrize(("fmt", "fillable"), CASES)
def test_written_bytes_are_reportlabs(project, monkeypatch, fmt, fillable):
    options = RenderOptions(fillable=fillable)
    chosen = [h for h in project.library.handouts if fmt in {"handout", *h.formats}]
    assert chosen
    for handout in chosen:
        ours = render_pdf(project, handout, fmt, options).data
        with monkeypatch.context() as patch:
            patch.setattr(pdfwrite, "write", pdfdoc.PDFDocument.format)
            theirs = render_pdf(project, handout, fmt, options).data
        assert ours == theirs, (handout.id, fmt, fillable)


def test_a_document_it_cannot_write_is_left_to_reportlab(monkeypatch):
    """An encrypted document goes through ReportLab's own loop, untouched."""
    canvas = Canvas(None, encrypt="secret")
    canvas.drawString(72, 72, "x")
    canvas._doc.format = functools.partial(pdfwrite.write, canvas._doc)
    called = []
    original = pdfdoc.PDFDocument.format
    monkeypatch.setattr(pdfdoc.PDFDocument, "format", lambda doc: called.append(1) or original(doc))
    assert canvas.getpdfdata().startswith(b"%PDF")
    assert called == [1]
