"""Toner saved by --grayscale: ink coverage per page, in colour and in grayscale.

    python benchmarks/ink.py [--content content.yaml] [--scale 2]

Renders every sample handout in every format it lists, and the catalogue,
in colour and with `grayscale`, with pypdfium2, and measures each page's
coverage (mean darkness of its pixels; see handouts/checks/ink.py). Prints
one JSON line per document with both lists and the ratio of the totals,
then a summary line. Target: grayscale at most half the colour coverage
for every document (text stays black, so a page of words alone cannot
halve; the documents' brand fills can). Renders at 144 dpi (scale 2): at
36 dpi, anti-aliasing smears thin black strokes over more pixels and
overstates black text against large fills by a few per cent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.api import open_project, render_pdf  # noqa: E402
from handouts.checks.ink import colour_operators, darkness, page_coverage  # noqa: E402
from handouts.diagnostics import ContentError  # noqa: E402
from handouts.layouts.catalogue import catalogue_rows, render_catalogue  # noqa: E402
from handouts.options import RenderOptions  # noqa: E402

TARGET = 0.5


def _documents(content: Path):
    project, _ = open_project(content)
    for handout in project.library.handouts:
        for fmt in handout.formats:
            yield f"{handout.id}.{fmt}", lambda o, h=handout, f=fmt: render_pdf(project, h, f, o)
    rows = catalogue_rows(project.library, {})
    if rows:
        theme, settings = project.theme, project.library.settings
        yield "catalogue", lambda o: render_catalogue(rows, theme, settings, o).rendered


def text_coverage(pdf: bytes, scale: float) -> float:
    """The coverage of a document's words alone: its pages rendered with every
    object but text removed. What the rest of the ink (fills, rules, pictures)
    leaves to save is the total less this."""
    doc = pypdfium2.PdfDocument(pdf)
    total = 0.0
    for page in doc:
        for obj in list(page.get_objects(max_depth=1)):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                page.remove_obj(obj)
        page.gen_content()
        total += darkness(page.render(scale=scale).to_pil())
    doc.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    parser.add_argument("--scale", type=float, default=2.0)
    args = parser.parse_args()
    worst = 0.0
    for name, make in _documents(args.content):
        try:
            colour = make(RenderOptions()).data
            gray = make(RenderOptions(grayscale=True)).data
        except ContentError:
            print(json.dumps({"document": name, "skipped": "does not fit this format"}))
            continue
        c, g = page_coverage(colour, args.scale), page_coverage(gray, args.scale)
        ratio = sum(g) / sum(c)
        worst = max(worst, ratio)
        line = {
            "document": name,
            "colour_coverage": [round(v, 4) for v in c],
            "grayscale_coverage": [round(v, 4) for v in g],
            "ratio": round(ratio, 3),
            # Black words are most of a grayscale page's toner: this share of
            # it cannot be saved without making text lighter.
            "grayscale_text_share": round(text_coverage(gray, args.scale) / sum(g), 3),
            "non_gray_operators": len(colour_operators(gray)),
        }
        print(json.dumps(line))
    print(json.dumps({"worst_ratio": round(worst, 3), "target": TARGET, "met": worst <= TARGET}))


if __name__ == "__main__":
    main()
