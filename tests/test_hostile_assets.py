"""Files the content points at are untrusted too: SVG references, image bombs, paths.

An SVG is XML that can declare entities (XXE), link other files or URLs
and name system fonts; svglib would follow relative links (including
`../`) and decode embedded images without limits. A small PNG can declare
billions of pixels. Each is refused with one positioned line, before
svglib or Pillow reads more than a header.
"""

from __future__ import annotations

import struct
import zlib

import pytest
from helpers import ROOT, build_into, handout, library, section

from handouts.options import Limits

GOOD_SVG = (ROOT / "assets" / "logo.svg").read_text()
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def _svg(inner: str, before: str = "") -> str:
    return f'{before}{SVG_OPEN} width="40" height="40">{inner}<rect width="40" height="40"/></svg>'


def _png(width: int, height: int) -> bytes:
    """A valid PNG header that declares `width` x `height` 1-bit pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _logo_problems(tmp_path, name: str, data: bytes | str, **build) -> list[str]:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    target = folder / name
    target.write_bytes(data if isinstance(data, bytes) else data.encode())
    report = build_into(folder, library(handout("one"), logo=name), **build)
    return [str(d) for d in report.diagnostics]


HOSTILE_SVGS = {
    "xxe": (
        _svg(
            "<text>&x;</text>",
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        ),
        "SVG files with a <!DOCTYPE> are not accepted; remove it",
    ),
    "billion-laughs": (
        _svg(
            "<desc>&b;</desc>",
            '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        ),
        "SVG files with a <!DOCTYPE> are not accepted; remove it",
    ),
    "file-image": (
        _svg('<image href="file:///etc/passwd" width="4" height="4"/>'),
        "the SVG refers to 'file:///etc/passwd'",
    ),
    "relative-escape": (
        _svg('<image xlink:href="../secret.png" width="4" height="4"/>'),
        "the SVG refers to '../secret.png'",
    ),
    "remote-use": (
        _svg('<use href="https://evil.example/x.svg#a"/>'),
        "the SVG refers to 'https://evil.example/x.svg#a'",
    ),
    "embedded-image": (
        _svg('<image href="data:image/png;base64,iVBORw0KGgo=" width="4" height="4"/>'),
        "the SVG refers to 'data:image/png;base64,iVBORw0KGgo='",
    ),
    "css-import": (
        _svg("<style>@import url(https://evil.example/x.css);</style>"),
        "the SVG's styles load another file; remove url()",
    ),
    "css-url": (
        _svg('<rect style="fill:url(https://evil.example/p)" width="1" height="1"/>'),
        "the SVG's styles load another file; remove url()",
    ),
    "stylesheet-pi": (
        _svg("", '<?xml-stylesheet href="https://evil.example/x.css"?>'),
        "SVG contains '<?xml-stylesheet",
    ),
    "system-font": (
        _svg('<text font-family="DejaVu Sans" x="1" y="10">Hi</text>'),
        "the SVG contains text; convert the text to outlines (paths)",
    ),
    "not-xml": ("<svg", "not a readable SVG file"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SVGS))
def test_hostile_svg_logos_are_refused_before_svglib_reads_them(tmp_path, case):
    (tmp_path / "secret.png").write_bytes(_png(4, 4))
    svg, reason = HOSTILE_SVGS[case]
    (line,) = _logo_problems(tmp_path, "logo.svg", svg)
    assert line.startswith("content.yaml:14:9: clinic.logo: cannot read the logo: logo.svg: ")
    assert reason in line


def test_a_self_contained_svg_with_internal_references_is_accepted(tmp_path):
    svg = _svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#123456"/></linearGradient>'
        '<circle id="c" r="5"/></defs><use href="#c" x="10" y="10"/>'
        '<rect style="fill:url(#g)" width="10" height="10"/>'
        "<!-- a comment is fine -->"
    )
    assert _logo_problems(tmp_path, "logo.svg", svg) == []
    assert _logo_problems(tmp_path, "sample.svg", GOOD_SVG) == []


def test_a_png_declaring_a_huge_pixel_count_is_refused_from_its_header(tmp_path):
    (line,) = _logo_problems(tmp_path, "bomb.png", _png(10_000, 10_000))
    assert line == (
        "content.yaml:14:9: clinic.logo: cannot read the logo: bomb.png: 10,000 x 10,000 "
        "pixels is more than the limit of 50,000,000; save a smaller copy (300 dpi at print "
        "size is plenty)"
    )
    (line,) = _logo_problems(tmp_path, "bomb.png", _png(100_000, 100_000))
    assert line == (
        "content.yaml:14:9: clinic.logo: cannot read the logo: bomb.png: the image declares "
        "billions of pixels; the limit is 50,000,000; save a smaller copy"
    )
    (line,) = _logo_problems(tmp_path, "bomb.png", _png(10, 10)[:30])
    assert line.startswith(
        "content.yaml:14:9: clinic.logo: cannot read the logo: bomb.png: not a readable PNG"
    )


def test_image_limits_are_configurable(tmp_path):
    small = Limits(max_image_pixels=100)
    (line,) = _logo_problems(tmp_path, "logo.png", _png(20, 20), limits=small)
    assert "20 x 20 pixels is more than the limit of 100" in line
    big_file = Limits(max_asset_bytes=50)
    (line,) = _logo_problems(tmp_path, "logo.png", _png(20, 20), limits=big_file)
    assert "logo.png: the file is 69 bytes; the limit is 50" in line


def test_an_image_block_bomb_is_a_positioned_error_not_a_crash(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "bomb.png").write_bytes(_png(10_000, 10_000))
    block = {"image": {"src": "bomb.png", "alt": "A picture"}}
    report = build_into(folder, library(handout("one", section("Look", block))))
    lines = [str(d) for d in report.diagnostics]
    assert len(lines) == 1 and lines[0].startswith("content.yaml:"), lines
    assert "sections[0].body[0].image" in lines[0]
    assert "cannot read the image: bomb.png: 10,000 x 10,000 pixels is more than" in lines[0]
    assert report.outputs == []


@pytest.mark.parametrize(
    "src",
    ["../secret.png", "/etc/passwd.png", "https://example.com/a.png", "file:///etc/a.png"],
)
def test_image_and_font_paths_are_confined_like_the_logo(tmp_path, src):
    (tmp_path / "secret.png").write_bytes(_png(4, 4))
    folder = tmp_path / "content"
    block = {"image": {"src": src, "alt": "A picture"}}
    report = build_into(folder, library(handout("one", section("Look", block))))
    (line,) = [str(d) for d in report.diagnostics]
    assert "sections[0].body[0].image.src" in line
    assert report.outputs == []
