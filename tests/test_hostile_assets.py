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
    # Active content: the station serves the logo to browsers, where it would run.
    "script": (
        _svg("<script>alert(1)</script>"),
        "the SVG contains <script> (scripts, animation or embedded documents)",
    ),
    "script-cdata": (
        _svg("<script><![CDATA[fetch('https://evil.example')]]></script>"),
        "the SVG contains <script>",
    ),
    "onload": (
        f'{SVG_OPEN} width="40" height="40" onload="alert(1)"><rect width="4" height="4"/></svg>',
        "the SVG has an event attribute 'onload' (a script)",
    ),
    "onclick-upper": (
        _svg('<rect ONCLICK="alert(1)" width="4" height="4"/>'),
        "the SVG has an event attribute 'ONCLICK' (a script)",
    ),
    "foreign-object": (
        _svg('<foreignObject width="9" height="9"><p>hi</p></foreignObject>'),
        "the SVG contains <foreignObject>",
    ),
    "xhtml-iframe": (
        _svg('<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/>'),
        "the SVG contains <iframe>",
    ),
    "set-href": (
        _svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'),
        "the SVG contains <set>",
    ),
    "animate": (
        _svg('<rect width="4" height="4"><animate attributeName="x" to="9"/></rect>'),
        "the SVG contains <animate>",
    ),
    "javascript-link": (
        _svg('<a href="javascript:alert(1)"><rect width="4" height="4"/></a>'),
        "the SVG refers to 'javascript:alert(1)'",
    ),
    # Unbounded work: <use> fanning out, references in a loop.
    "use-fan-out": (
        _svg(
            '<g id="a0"><rect width="1" height="1"/></g>'
            + "".join(
                f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 8)
            )
        ),
        "the SVG draws more than 2,000 shapes once <use> references are expanded",
    ),
    "use-loop": (
        _svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>'),
        "the SVG's <use> elements refer to each other in a loop; remove one",
    ),
    "use-self": (
        _svg('<g id="a"><use href="#a"/></g>'),
        "the SVG's <use> elements refer to each other in a loop; remove one",
    ),
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
        "size is plenty, or --limit max_image_pixels=N)"
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
    assert "logo.png: the file is 69 bytes; the limit is 50 (--limit max_asset_bytes=N" in line


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


def test_svg_elements_are_counted_with_use_expanded_and_the_limit_can_be_raised(tmp_path):
    shapes = "".join(f'<rect x="{i % 40}" width="1" height="1"/>' for i in range(300))
    svg = _svg(f'<g id="g">{shapes}</g><use href="#g"/><use href="#g"/>')  # about 900 drawn
    (line,) = _logo_problems(tmp_path, "logo.svg", svg, limits=Limits(max_svg_elements=800))
    assert line == (
        "content.yaml:14:9: clinic.logo: cannot read the logo: logo.svg: the SVG draws more "
        "than 800 shapes once <use> references are expanded; simplify it or export a PNG "
        "(--limit max_svg_elements=N to raise it)"
    )
    assert _logo_problems(tmp_path, "logo.svg", svg, limits=Limits(max_svg_elements=1000)) == []


# Well-formed SVGs that svglib or ReportLab's renderer cannot draw.
ODD_SVGS = {
    "scale-zero": '<g transform="scale(0)"><rect width="4" height="4"/></g>',
    "path-only-move": '<path d="M"/>',
    "path-starts-with-close": '<path d="Z M 1 1 L 4 4"/>',
    "path-garbage": '<path d="M 1 1 L nan inf Q"/>',
    "matrix-garbage": '<g transform="matrix(1 0 0)"><rect width="4" height="4"/></g>',
    "huge-number": '<rect width="1e309" height="1e400"/>',
    "negative-radius": '<circle r="-5"/><ellipse rx="-1" ry="0"/>',
    "polygon-odd": '<polygon points="1,2,3"/><polyline points=""/>',
    "gradient-broken": '<linearGradient id="g"><stop offset="x"/></linearGradient>'
    '<rect style="fill:url(#g)" width="4" height="4"/>',
}


@pytest.mark.parametrize("case", sorted(ODD_SVGS))
def test_odd_svgs_are_drawn_or_refused_in_one_line(tmp_path, case):
    svg = f'{SVG_OPEN} width="40" height="40">{ODD_SVGS[case]}</svg>'
    lines = _logo_problems(tmp_path, "logo.svg", svg)
    assert lines == [] or (
        len(lines) == 1
        and lines[0].startswith("content.yaml:14:9: clinic.logo: cannot read the logo: logo.svg: ")
    ), lines


def test_an_svg_without_a_size_is_refused(tmp_path):
    for svg in (f'{SVG_OPEN} width="0" height="0"></svg>', f"{SVG_OPEN}/>"):
        (line,) = _logo_problems(tmp_path, "logo.svg", svg)
        assert line == (
            "content.yaml:14:9: clinic.logo: cannot read the logo: logo.svg: not a readable "
            "SVG file (it has no size); set width and height"
        )


# Damaged raster files: each is one line naming the file, never a traceback.
def _damaged_pngs() -> dict[str, bytes]:
    good = _png(16, 16)
    return {
        "truncated-idat": good[:45],
        "bad-crc": good[:30] + bytes([good[30] ^ 0xFF]) + good[31:],
        "zero-size": _png(0, 0),
        "header-only": b"\x89PNG\r\n\x1a\n",
        "garbage-idat": good[:33] + struct.pack(">I", 5) + b"IDAT" + b"\xff" * 9 + good[-12:],
    }


@pytest.mark.parametrize("case", sorted(_damaged_pngs()))
def test_damaged_pngs_are_one_line(tmp_path, case):
    lines = _logo_problems(tmp_path, "logo.png", _damaged_pngs()[case])
    assert len(lines) == 1, lines
    assert lines[0].startswith("content.yaml:14:9: clinic.logo: cannot read the logo: logo.png: ")
    assert "not a readable PNG or JPEG file" in lines[0]


def test_truncated_jpeg_is_one_line(tmp_path):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 64), "#1B4965").save(buffer, "JPEG")
    for cut in (20, 200, len(buffer.getvalue()) // 2):
        (line,) = _logo_problems(tmp_path, "logo.jpg", buffer.getvalue()[:cut])
        assert "logo.jpg: not a readable PNG or JPEG file" in line


def test_pillows_bomb_warning_is_not_printed_when_the_limit_is_raised(tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would fail the build here
        lines = _logo_problems(
            tmp_path, "bomb.png", _png(10_000, 10_000), limits=Limits(max_image_pixels=10**9)
        )
    assert len(lines) == 1 and "not a readable PNG or JPEG file" in lines[0]  # 64 bytes of IDAT


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad\0name.png", "'bad\0name.png' contains a NUL character; retype the file name"),
        ("loop.png", "'loop.png' is a symbolic link that leads back to itself"),
        ("x" * 300 + ".png", "cannot use this file name (File name too long)"),
        ("sub", "'sub' is not a supported file type"),
        (
            "picture.PNG.png",
            "'picture.PNG.png' does not exist in the content folder; did you mean 'picture.png'?",
        ),
    ],
    ids=["nul", "symlink-loop", "300-characters", "folder", "near-miss"],
)
def test_odd_picture_paths_are_one_line_each(tmp_path, name, expected):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "loop.png").symlink_to("loop.png")
    (folder / "sub").mkdir()
    (folder / "picture.png").write_bytes(_png(4, 4))
    block = {"image": {"src": name, "alt": "A picture"}}
    report = build_into(folder, library(handout("one", section("Look", block)), logo=name))
    lines = [str(d) for d in report.diagnostics]
    assert len(lines) == 2, lines  # the logo and the picture, both in one run
    assert all(expected.replace("\0", "<U+0000>") in line for line in lines), lines
    assert report.outputs == []
