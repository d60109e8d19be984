"""A vector logo is drawn from operators made once, exactly as if drawn afresh."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from handouts.theme import Logo

ROOT = Path(__file__).resolve().parent.parent


def _drawn(logo: Logo) -> str:
    canv = Canvas(io.BytesIO())
    logo.draw(canv, 10, 20, 60, 40)
    return "\n".join(canv._code)


def test_the_sample_logo_replays_the_operators_a_fresh_drawing_makes():
    cached = Logo(ROOT / "assets" / "logo.svg")
    fresh = Logo(ROOT / "assets" / "logo.svg")
    fresh._operators = None  # what drawing the shapes every time gives
    assert cached._operators is not None
    # Less only the renderer's default font (Helvetica), set but never used:
    # it would otherwise sit unembedded in every page's resources.
    drawn_afresh = [op for op in _drawn(fresh).split("\n") if " Tf " not in op]
    assert len(drawn_afresh) < len(_drawn(fresh).split("\n"))
    assert _drawn(cached).split("\n") == drawn_afresh
    assert "Tf" not in cached._operators and " f" in cached._operators  # shapes are filled


def test_a_logo_that_needs_page_resources_is_drawn_afresh_each_time(tmp_path):
    # Transparency needs an ExtGState in each page's resources: it cannot be copied.
    svg = tmp_path / "logo.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        '<rect width="40" height="40" fill="#123456" fill-opacity="0.5"/></svg>'
    )
    logo = Logo(svg)
    assert logo._operators is None
    first, second = _drawn(logo), _drawn(logo)
    assert " gs" in first and first == second
