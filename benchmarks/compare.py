"""This project against a plain ReportLab platypus build and Typst, on one shared handout.

    python benchmarks/compare.py [--copies N]

One handout of its own (over 900 words: a logo, a summary box, lists,
headings, a header band and a footer) is rendered three ways, alternating in
one process: by this project (`render_pdf`), by a straightforward platypus
build of the same words (Paragraphs, a Table for the box, the logo as a
drawing, header and footer in page callbacks), and by Typst through
`typst-py` when it is installed (`pip install '.[bench]'`; one compiler
reused, the words passed as inputs). Every copy's words differ (a seeded
choice of wording), so no cache of a whole paragraph helps any of them.
Prints ms per document for each and the ratios, as one JSON line.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.api import open_project, render_pdf  # noqa: E402
from handouts.batch import relax_collector  # noqa: E402

# ---------------------------------------------------------------- the words

_SUBJECTS = ["Your nerves", "Your body", "Most people", "Many patients", "Your care team"]
_VERBS = ["send", "carry", "share", "pass on", "notice"]
_OBJECTS = [
    "pain messages to the brain",
    "signals about the world around you",
    "changes in how you feel each day",
    "news about sleep and mood",
]
_ENDS = [
    "when the day is busy.",
    "even when nothing is wrong.",
    "after a long night.",
    "while you rest at home.",
    "during and after a visit.",
]
_HEADINGS = [
    "How does the treatment work?",
    "What happens at a visit?",
    "How long does relief last?",
    "What can change the results?",
    "What are the side effects?",
    "How can we help you?",
]


def _sentence(rng: random.Random) -> str:
    return " ".join(
        [rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS), rng.choice(_ENDS)]
    )


def _paragraph(rng: random.Random, n: int = 5) -> str:
    return " ".join(_sentence(rng) for _ in range(n))


def words(seed: int) -> dict:
    """One copy's handout: the same shape every time, different words."""
    rng = random.Random(seed)
    sections = []
    for heading in _HEADINGS:
        body = [_paragraph(rng), _paragraph(rng, 4)]
        body.append({"bullets": [f"**Point {k + 1}.** {_sentence(rng)}" for k in range(3)]})
        body.append({"steps": [_sentence(rng) for _ in range(3)]})
        sections.append({"heading": heading, "body": body})
    return {
        "id": f"bench-{seed}",
        "title": "What to expect from your treatment",
        "subtitle": f"A guide for patients, copy {seed}",
        "reviewed": "2026-10-01",
        "formats": ["handout"],
        "summary": [f"**Key point {k + 1}.** {_sentence(rng)}" for k in range(4)],
        "intro": [_paragraph(rng, 3)],
        "sections": sections,
    }


def count_words(handout: dict) -> int:
    def walk(node) -> int:
        if isinstance(node, str):
            return len(node.split())
        if isinstance(node, list):
            return sum(map(walk, node))
        if isinstance(node, dict):
            return sum(walk(v) for k, v in node.items() if k not in ("id", "reviewed", "formats"))
        return 0

    return walk(handout)


# ---------------------------------------------------------------- this project


def project_of(handouts: list[dict], folder: Path):
    data = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    clinic = data["clinic"]
    (folder / "logo.svg").write_bytes((ROOT / clinic["logo"]).read_bytes())
    clinic["logo"] = "logo.svg"
    path = folder / "content.yaml"
    path.write_text(yaml.safe_dump({"clinic": clinic, "handouts": handouts}), encoding="utf-8")
    project, problems = open_project(path)
    if project is None:
        sys.exit("\n".join(map(str, problems)))
    return project


# ---------------------------------------------------------------- plain platypus


def _reportlab_markup(text: str) -> str:
    """The handout's **bold** as ReportLab paragraph markup, everything else escaped."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)


class Platypus:
    """The handout as a ReportLab user would first write it."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from svglib.svglib import svg2rlg

        from handouts.render.fonts import default_family

        self.fonts = default_family()
        self.colors = colors
        self.logo = svg2rlg(str(ROOT / "assets" / "logo.svg"))
        base = ParagraphStyle("body", fontName=self.fonts.regular, fontSize=11, leading=15)
        self.body = base
        self.h1 = ParagraphStyle("h1", base, fontName=self.fonts.bold, fontSize=22, leading=26)
        self.h2 = ParagraphStyle("h2", base, fontName=self.fonts.bold, fontSize=15, leading=19)

    def render(self, handout: dict) -> bytes:
        from reportlab.lib.pagesizes import letter
        from reportlab.platypus import (
            ListFlowable,
            Paragraph,
            SimpleDocTemplate,
            Spacer,
            Table,
            TableStyle,
        )

        def para(text: str, style=None) -> Paragraph:
            return Paragraph(_reportlab_markup(text), style or self.body)

        def items(texts: list[str], kind: str) -> ListFlowable:
            return ListFlowable([para(t) for t in texts], bulletType=kind)

        story = [para(handout["title"], self.h1), para(handout["subtitle"])]
        box = Table([[items(handout["summary"], "bullet")]], colWidths=[460])
        box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), self.colors.whitesmoke)]))
        story += [box, *map(para, handout["intro"])]
        for section in handout["sections"]:
            story.append(para(section["heading"], self.h2))
            for block in section["body"]:
                if isinstance(block, str):
                    story.append(para(block))
                elif "bullets" in block:
                    story.append(items(block["bullets"], "bullet"))
                else:
                    story.append(items(block["steps"], "1"))
            story.append(Spacer(1, 6))
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=letter, topMargin=120, invariant=1)
        doc.build(story, onFirstPage=self._band, onLaterPages=self._footer)
        return out.getvalue()

    def _band(self, canv, doc) -> None:
        from reportlab.graphics import renderPDF

        canv.saveState()
        canv.setFillColor(self.colors.HexColor("#1B4965"))
        canv.rect(36, 700, 540, 70, stroke=0, fill=1)
        renderPDF.draw(self.logo, canv, 46, 708)
        canv.setFillColor(self.colors.white)
        canv.setFont(self.fonts.bold, 18)
        canv.drawString(120, 740, "Harbor Light Behavioral Health")
        canv.restoreState()
        self._footer(canv, doc)

    def _footer(self, canv, doc) -> None:
        canv.setFont(self.fonts.regular, 8)
        canv.drawString(36, 30, "For education only, not medical advice.")
        canv.drawRightString(576, 30, f"Page {doc.page}")


# ---------------------------------------------------------------- Typst

TYPST_SOURCE = """
#let d = json(bytes(sys.inputs.doc))
#set page(paper: "us-letter", margin: (x: 0.75in, top: 1.6in, bottom: 0.8in),
  header: context if here().page() == 1 [
    #block(fill: rgb("#1B4965"), width: 100%, inset: 10pt, radius: 6pt)[
      #box(image("logo.svg", height: 40pt)) #h(8pt)
      #text(fill: white, size: 18pt, weight: "bold")[Harbor Light Behavioral Health]]
  ],
  footer: context [#text(size: 8pt)[For education only, not medical advice.] #h(1fr)
    #text(size: 9pt, weight: "bold")[Page #counter(page).display()]])
#set text(font: "Atkinson Hyperlegible", size: 11pt)
#let md(s) = eval(s.replace("**", "*"), mode: "markup")
= #d.title
#d.subtitle
#block(fill: luma(240), inset: 8pt, width: 100%)[
  #for p in d.summary [- #md(p)
  ]]
#for p in d.intro [#md(p)

]
#for s in d.sections [
  == #s.heading
  #for b in s.body {
    if type(b) == str [#md(b)

    ] else if "bullets" in b [#for i in b.bullets [- #md(i)
    ]] else [#for i in b.steps [+ #md(i)
    ]]
  }
]
"""


def typst_renderer(folder: Path):
    try:
        import typst
    except ImportError:
        return None
    import fontpkg_atkinson_hyperlegible as atkinson

    (folder / "main.typ").write_text(TYPST_SOURCE, encoding="utf-8")
    compiler = typst.Compiler(
        folder / "main.typ",
        root=folder,
        font_paths=[Path(atkinson.ROOT) / "files"],
        ignore_system_fonts=True,
    )
    return lambda handout: compiler.compile(sys_inputs={"doc": json.dumps(handout)})


# ---------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=30)
    args = parser.parse_args()
    relax_collector()
    copies = [words(seed) for seed in range(args.copies + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = project_of(copies, folder)
        models = {h.id: h for h in project.library.handouts}
        platypus = Platypus()
        renderers = {
            "handouts": lambda h: render_pdf(project, models[h["id"]]).data,
            "platypus": platypus.render,
        }
        typst = typst_renderer(folder)
        if typst is not None:
            renderers["typst"] = typst
        for render in renderers.values():  # warm up: imports, fonts, the logo
            render(copies[0])
        spent = dict.fromkeys(renderers, 0.0)
        for handout in copies[1:]:  # alternating, so a neighbour's load hits all alike
            for name, render in renderers.items():
                start = time.process_time()
                render(handout)
                spent[name] += time.process_time() - start
    ms = {name: round(1000 * s / args.copies, 1) for name, s in spent.items()}
    result = {
        "benchmark": "compare",
        "words": count_words(copies[1]),
        "copies": args.copies,
        "cpu_ms_per_document": ms,
        "platypus_over_handouts": round(ms["platypus"] / ms["handouts"], 2),
    }
    if "typst" in ms:
        result["typst_over_handouts"] = round(ms["typst"] / ms["handouts"], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
