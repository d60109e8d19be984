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


def _pdf(draw) -> bytes:
    buffer = io.BytesIO()
    canv = Canvas(buffer, invariant=1)
    for _ in range(2):  # the second page reuses the image object
        draw(canv)
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def test_a_picture_is_encoded_once_and_prints_as_draw_image_would(tmp_path):
    from PIL import Image

    for mode, color in (("RGBA", (10, 20, 30, 128)), ("RGB", (10, 20, 30))):
        path = tmp_path / f"{mode}.png"
        Image.new(mode, (40, 30), color).save(path)
        picture = Logo(path)
        theirs = _pdf(lambda c, p=picture: c.drawImage(p._image, 10, 20, 40, 30, mask="auto"))
        for _ in range(2):  # the first document encodes; the next reuses the objects
            assert _pdf(lambda c, p=picture: p.draw(c, 10, 20, 40, 30)) == theirs, mode
    assert b"/SMask" in _pdf(lambda c: Logo(tmp_path / "RGBA.png").draw(c, 10, 20, 40, 30))


def test_pictures_are_decoded_once_per_brand_until_the_file_changes(tmp_path):
    from PIL import Image

    from handouts.model import Clinic
    from handouts.theme import KEPT_PICTURES, resolve_theme

    Image.new("RGB", (40, 30)).save(tmp_path / "a.png")
    theme = resolve_theme(Clinic(name="X", disclaimer="Not advice."), tmp_path)
    first = theme.picture("a.png")
    assert theme.picture("a.png") is first
    assert theme.in_grayscale().picture("a.png") is not first  # in its own colours
    Image.new("RGB", (50, 30)).save(tmp_path / "a.png")  # edited while watching
    assert theme.picture("a.png").size == (50.0, 30.0)
    for i in range(KEPT_PICTURES + 3):
        Image.new("RGB", (10 + i, 10)).save(tmp_path / f"p{i}.png")
        theme.picture(f"p{i}.png")
    assert len(theme.pictures) == KEPT_PICTURES  # a library of photos stays bounded
