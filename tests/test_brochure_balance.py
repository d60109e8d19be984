"""Brochure panels end within the stated tolerance of each other, or the layout says why.

Generated contents (short, medium, long; text that flows, and blocks that
do not split) are printed as tri-folds and bi-folds; how full each inside
panel is comes from pdfminer's text positions, as a reader would see it.
"""

from __future__ import annotations

import io
import random
import re

import pytest
from helpers import bullets, handout, library, section, write_content
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextLine

from handouts.api import open_project, render_pdf
from handouts.checks.run import check_content
from handouts.formats import FORMATS
from handouts.options import BuildOptions
from handouts.plan import PANEL_TOLERANCE

WORDS = "Rest helps your body heal. Drink water and eat something light when you feel hungry."
LONG = "This item takes a few lines in a narrow panel, so the list is tall and stays whole."
# pdfminer measures to the last line's foot, the layout to its frame's cursor (the
# space after a paragraph, a box's padding below its text): a few points apart.
SLACK = 0.05


def _flowing(seed: int, sections: int) -> list[dict]:
    """Sections of paragraphs and one list, box, table or more words each."""
    rng = random.Random(seed)
    out = []
    for i in range(sections):
        body: list = [" ".join([WORDS] * rng.randint(1, 2))]
        kind = rng.choice(["bullets", "steps", "callout", "table", "paragraph"])
        if kind == "bullets":
            body.append(
                bullets(*[f"**Point {j}.** A short line." for j in range(rng.randint(2, 5))])
            )
        elif kind == "steps":
            body.append({"steps": [f"Do step {j} when ready." for j in range(rng.randint(2, 5))]})
        elif kind == "callout":
            tips = [f"Tip {j} to try." for j in range(rng.randint(1, 4))]
            body.append({"callout": {"kind": "tip", "body": tips}})
        elif kind == "table":
            rows = [[f"Day {j}", "Rest and drink water."] for j in range(rng.randint(2, 5))]
            body.append({"table": {"header": ["When", "What"], "rows": rows}})
        else:
            body.append(WORDS)
        out.append(section(f"Part {i + 1}", *body))
    return out


def _chunky(sections: int) -> list[dict]:
    """Sections ending in a list of three and a box of two: neither splits."""
    warning = {"callout": {"kind": "warning", "body": [LONG, LONG]}}
    three = bullets(*[f"**Point {j}.** {LONG}" for j in range(3)])
    return [section(f"Part {i + 1}", WORDS, three, warning) for i in range(sections)]


def _render(tmp_path, fmt: str, sections: list[dict]):
    data = library(handout("b", *sections, fit="shrink", formats=[fmt]))
    project, _ = open_project(write_content(tmp_path, data))
    return render_pdf(project, project.library.handouts[0], fmt)


def panel_fills(pdf: bytes, fmt: str) -> list[float]:
    """How far down each inside panel its text reaches (0 to 1), from pdfminer."""
    spec = FORMATS[fmt].spec
    page = list(extract_pages(io.BytesIO(pdf)))[1]
    top, bottom = page.height - spec.panel_top, spec.panel_bottom
    lines = [ln for box in page if hasattr(box, "__iter__") for ln in box]
    lines = [ln for ln in lines if isinstance(ln, LTTextLine) and bottom - 1 <= ln.y0 <= top]
    out = []
    for i in range(spec.inside_panels):
        x0, x1 = page.width * i / spec.inside_panels, page.width * (i + 1) / spec.inside_panels
        lows = [ln.y0 for ln in lines if x0 <= (ln.x0 + ln.x1) / 2 < x1]
        out.append((top - min(lows)) / (top - bottom) if lows else 0.0)
    return out


def _spread(fills: list[float]) -> float:
    """How far apart the used panels end (the empty ones are the fill check's)."""
    used = [f for f in fills if f > 0]
    return max(used) - min(used) if len(used) > 1 else 0.0


def _balance_note(rendered) -> str | None:
    notes = [n.message for n in rendered.notes if "short of the fullest" in n.message]
    assert len(notes) <= 1, notes
    return notes[0] if notes else None


CASES = [("trifold", n) for n in (1, 3, 5, 7, 9)] + [("bifold", n) for n in (1, 3, 5)]


@pytest.mark.parametrize(("fmt", "sections"), CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_flowing_text_balances_the_inside_panels(tmp_path, fmt, sections, seed):
    rendered = _render(tmp_path, fmt, _flowing(seed, sections))
    fills = panel_fills(rendered.data, fmt)
    note = _balance_note(rendered)
    if note is None:
        assert _spread(fills) <= PANEL_TOLERANCE + SLACK, fills
    else:  # it may say why it could not, with the figure a reader sees
        shown = int(note.split(" ends ")[1].split("%")[0]) / 100
        assert shown > PANEL_TOLERANCE and abs(shown - _spread(fills)) <= SLACK, (note, fills)


@pytest.mark.parametrize(("fmt", "sections"), [("bifold", 3), ("trifold", 3), ("trifold", 4)])
def test_blocks_that_do_not_split_balance_or_say_why(tmp_path, fmt, sections):
    rendered = _render(tmp_path, fmt, _chunky(sections))
    fills = panel_fills(rendered.data, fmt)
    note = _balance_note(rendered)
    if _spread(fills) > PANEL_TOLERANCE + SLACK:
        assert note is not None, fills
    if note is None:
        return
    shown = int(note.split(" ends ")[1].split("%")[0]) / 100
    assert abs(shown - _spread(fills)) <= SLACK, (note, fills)
    assert f"the stated tolerance is {PANEL_TOLERANCE:.0%}" in note
    # It names a block that does not split: a list's item, or the box of two.
    assert re.search(r'"(Point \d\. This item|Important This item|This item)', note), note


def test_the_bifold_that_cannot_balance_is_a_check_warning(tmp_path):
    """The layout's why reaches `check`, with the percentage and what to do."""
    data = library(handout("chunky", *_chunky(3), fit="shrink", formats=["bifold"]))
    report = check_content(BuildOptions(content=write_content(tmp_path, data), out_dir=tmp_path))
    (result,) = [r for h in report.handouts for r in h.results if r.rule == "pagination[bifold]"]
    assert result.status.name == "WARN"
    (finding,) = [f for f in result.findings if "short of the fullest" in f.message]
    assert (
        "inside panel 1 ends" in finding.message and "% short of the fullest (" in finding.message
    )
    assert "does not fit in the room left" in finding.message
    assert finding.hint.startswith('shorten "') and "two items on each side" in finding.hint


def test_the_sample_bifold_is_balanced(tmp_path):
    from helpers import ROOT

    project, _ = open_project(ROOT / "content.yaml")
    booklet = project.library.by_id["after-your-infusion"]
    rendered = render_pdf(project, booklet, "bifold")
    assert _balance_note(rendered) is None
    assert _spread(panel_fills(rendered.data, "bifold")) <= PANEL_TOLERANCE + SLACK


def test_the_sample_trifold_is_balanced(tmp_path):
    from helpers import ROOT

    project, _ = open_project(ROOT / "content.yaml")
    rendered = render_pdf(project, project.library.by_id["ketamine-pain-relief"], "trifold")
    assert _balance_note(rendered) is None
    assert _spread(panel_fills(rendered.data, "trifold")) <= PANEL_TOLERANCE + SLACK
