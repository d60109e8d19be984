"""Fuzzing every kind of untrusted file: thousands of cases, not one traceback.

Each case goes through the function a build uses for that kind of input
(a picture or logo, an SVG, a brand font, a content file, the caches kept
in `.handouts-cache/`) and must end in a result or in the project's own
error, never in another exception. Cases are generated from small valid
files by flipping, inserting and cutting bytes, and for SVG and YAML also
from their grammar. Hypothesis is derandomized (the same cases in every
run, so CI is reproducible) and every case has a deadline; the whole file
takes about ten seconds of one core (1,750 cases: 150 to 500 a kind, so
every branch of each kind's strategy is drawn many times).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
import reportlab
from helpers import ROOT, library
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from handouts import parsecache, qrstore
from handouts.assets import AssetError
from handouts.diagnostics import ContentError
from handouts.load import parse
from handouts.options import Limits
from handouts.render.document import reportlab_configured
from handouts.render.fonts import STYLES, FontFileError, register_family
from handouts.render.pictures import Logo
from handouts.validate import validate

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=5),  # each case; real ones take milliseconds
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LIMITS = Limits(max_image_pixels=4_000_000)

# -------------------------------------------------------------- mutations


def _mutated(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """A seed file with a few bytes changed, inserted or cut, or its end cut off."""

    @st.composite
    def build(draw) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(0, 6))):
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            kind = draw(st.sampled_from(["flip", "set", "insert", "delete", "cut"]))
            if kind == "flip" and data:
                data[at] ^= 1 << draw(st.integers(0, 7))
            elif kind == "set" and data:
                data[at] = draw(st.sampled_from([0, 1, 0x7F, 0x80, 0xFF]))
            elif kind == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=8))
            elif kind == "delete":
                del data[at : at + draw(st.integers(1, 16))]
            elif kind == "cut":
                del data[at:]
        return bytes(data)

    return build()


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _seed_images() -> dict[str, list[bytes]]:
    rgb = Image.linear_gradient("L").resize((16, 12)).convert("RGB")
    return {
        "png": [
            _saved(rgb, "PNG"),
            _saved(rgb.convert("L"), "PNG", dpi=(300, 300)),
            _saved(rgb.convert("P"), "PNG"),
            _saved(rgb.convert("RGBA"), "PNG", optimize=True),
            _saved(rgb.convert("1"), "PNG"),
            _saved(rgb.convert("LA"), "PNG"),
        ],
        "jpg": [
            _saved(rgb, "JPEG", quality=80),
            _saved(rgb, "JPEG", progressive=True),
            _saved(rgb.convert("L"), "JPEG"),
            _saved(rgb.convert("CMYK"), "JPEG"),
        ],
    }


SEEDS = _seed_images()


def _draw(logo: Logo) -> None:
    """Draw it as a page would, and save: what a build does after loading it."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), invariant=1)
    logo.draw(canvas, 10, 10, 100, 60)
    canvas.save()


def _logo_or_asset_error(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    try:
        logo = Logo(path, limits=LIMITS)
    except AssetError as exc:
        assert "\n" not in str(exc)
        return
    _draw(logo)


@pytest.fixture(scope="module")
def folder():
    with reportlab_configured(), tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


# -------------------------------------------------------------- pictures


@settings(FUZZ, max_examples=300)
@given(data=_mutated(SEEDS["png"]))
def test_fuzzed_pngs_load_or_fail_in_one_line(folder, data):
    _logo_or_asset_error(folder, "fuzz.png", data)


@settings(FUZZ, max_examples=200)
@given(data=_mutated(SEEDS["jpg"]))
def test_fuzzed_jpegs_load_or_fail_in_one_line(folder, data):
    _logo_or_asset_error(folder, "fuzz.jpg", data)


# -------------------------------------------------------------- SVG

_NUMBER = st.sampled_from(
    ["0", "1", "-1", "0.5", "1e309", "-1e309", "nan", "inf", "1e-320", "12", "", "x", "9" * 40]
)
_COMMANDS = st.sampled_from([*"MmLlHhVvCcSsQqTtAaZz", ",", " "])


@st.composite
def _path_data(draw) -> str:
    parts = draw(st.lists(st.one_of(_COMMANDS, _NUMBER), max_size=16))
    return " ".join(parts)


@st.composite
def _transform(draw) -> str:
    name = draw(st.sampled_from(["scale", "translate", "rotate", "matrix", "skewX", "skewY"]))
    args = draw(st.lists(_NUMBER, max_size=7))
    return f"{name}({' '.join(args)})"


_SHAPES = ["rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "g", "use"]


@st.composite
def _element(draw, depth: int = 0) -> str:
    name = draw(st.sampled_from(_SHAPES))
    attributes = {
        "id": draw(st.sampled_from(["a", "b", "c"])),
        "transform": draw(_transform()),
        "d": draw(_path_data()),
        "points": " ".join(draw(st.lists(_NUMBER, max_size=7))),
        "href": "#" + draw(st.sampled_from(["a", "b", "c", "missing"])),
        "fill": draw(st.sampled_from(["#123456", "red", "none", "url(#a)", "#12", "rgb(1,2)"])),
        "style": draw(st.sampled_from(["", "opacity:0.5", "stroke-width:-1", "fill:;"])),
    }
    for key in ("x", "y", "width", "height", "r", "rx", "ry", "cx", "x1", "y2"):
        attributes[key] = draw(_NUMBER)
    chosen = draw(st.lists(st.sampled_from(sorted(attributes)), max_size=6, unique=True))
    text = " ".join(f'{k}="{attributes[k]}"' for k in chosen)
    children = ""
    if name == "g" and depth < 3:
        children = "".join(draw(st.lists(_element(depth + 1), max_size=3)))
    return f"<{name} {text}>{children}</{name}>"


@st.composite
def _svg(draw) -> bytes:
    size = " ".join(
        f'{k}="{draw(_NUMBER)}"' for k in draw(st.lists(st.sampled_from(["width", "height"])))
    )
    view = draw(st.sampled_from(["", 'viewBox="0 0 40 40"', 'viewBox="0 0 0 0"', 'viewBox="x"']))
    body = "".join(draw(st.lists(_element(), min_size=1, max_size=5)))
    return f'<svg xmlns="http://www.w3.org/2000/svg" {size} {view}>{body}</svg>'.encode()


SAMPLE_SVG = (ROOT / "assets" / "logo.svg").read_bytes()


@settings(FUZZ, max_examples=200)
@given(data=st.one_of(_svg(), _mutated([SAMPLE_SVG])))
def test_generated_and_fuzzed_svgs_load_or_fail_in_one_line(folder, data):
    _logo_or_asset_error(folder, "fuzz.svg", data)


# -------------------------------------------------------------- TrueType

SMALL_FONT = (Path(reportlab.__file__).parent / "fonts" / "hb-test.ttf").read_bytes()


@st.composite
def _font(draw) -> bytes:
    """Mostly damage to the table directory and headers, where parsing starts."""
    data = bytearray(SMALL_FONT)
    for _ in range(draw(st.integers(1, 6))):
        near_start = draw(st.booleans())
        at = draw(st.integers(0, 255 if near_start else len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.integers(0, 9)) == 0:
        del data[draw(st.integers(0, len(data) - 1)) :]
    return bytes(data)


@settings(FUZZ, max_examples=250)
@given(data=_font())
def test_fuzzed_fonts_register_and_embed_or_fail_as_a_damaged_font(folder, data):
    path = folder / f"fuzz-{hashlib.sha256(data).hexdigest()[:12]}.ttf"
    path.write_bytes(data)
    try:
        family = register_family(path.stem, tuple((style, path) for style in STYLES))
    except FontFileError as exc:
        assert "\n" not in exc.message
        return
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.setFont(family.regular, 10)
    canvas.drawString(0, 0, "Abc 123")
    canvas.save()


# -------------------------------------------------------------- YAML

SAMPLE_YAML = (ROOT / "content.yaml").read_bytes()[:6000].rsplit(b"\n", 1)[0] + b"\n"
_YAML_PIECES = st.sampled_from(
    [": ", "- ", "\n", "\n  ", "\n    ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ",
     "? ", "|\n  ", ">\n  ", "'", '"', "#", "%YAML 1.1\n", "---\n", "...\n", "\t", "\x00",
     "\ufeff", "2026-13-01", "2026-02-30", "1e309", "0x", "~", "null", "yes", "<<: *a",
     "id", "title", "handouts", "clinic", "sections", "body", "heading", "image", "src"]
)  # fmt: skip


@st.composite
def _yaml_text(draw) -> bytes:
    return "".join(draw(st.lists(_YAML_PIECES, max_size=40))).encode("utf-8", "surrogatepass")


@settings(FUZZ, max_examples=500)
@given(raw=st.one_of(_yaml_text(), _mutated([SAMPLE_YAML]), st.binary(max_size=64)))
def test_fuzzed_content_files_parse_and_validate_or_fail_in_positioned_lines(folder, raw):
    try:
        source = parse(raw.decode("utf-8"), "content.yaml", Limits())
    except UnicodeDecodeError:
        return  # load.decode reports these; tested in test_load
    except ContentError as exc:
        assert all(d.position is not None for d in exc.diagnostics)
        return
    checked = validate(source.data, source.source_map, folder)
    for diagnostic in checked.diagnostics:
        assert diagnostic.position is not None and "\n" not in str(diagnostic)


# -------------------------------------------------------------- caches

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)


def _deep(n: int) -> str:
    return "[" * n + "]" * n


@st.composite
def _parse_cache_entry(draw, key: str) -> bytes:
    """An entry that passes the key and digest checks, with anything inside."""
    positions = draw(
        st.one_of(
            st.just(json.dumps({"values": [], "keys": []})),
            _JSON.map(json.dumps),
            st.just(_deep(100_000)),
            st.builds(lambda v: json.dumps({"values": v, "keys": []}), _JSON),
        )
    )
    head = {
        "format": parsecache.FORMAT,
        "key": key,
        "positions": hashlib.sha256(positions.encode()).hexdigest(),
        "data": draw(st.one_of(_JSON, st.just(library()))),
        "patches": draw(st.one_of(st.just([]), _JSON)),
    }
    text = json.dumps(head)
    if draw(st.booleans()):
        text = draw(st.sampled_from([_deep(100_000), text[: len(text) // 2], text + "]"]))
    return f"{text}\n{positions}".encode()


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_planted_parse_cache_entries_are_ignored_or_used_never_a_crash(folder, data):
    cache = parsecache.ParseCache(folder / "cache", "test")
    raw = b"clinic: {}\n"
    key = cache._key(raw, Limits())
    (folder / "cache").mkdir(exist_ok=True)
    (folder / "cache" / f"{key}.json").write_bytes(data.draw(_parse_cache_entry(key)))
    source = cache.get(raw, "content.yaml", Limits())
    if source is not None:
        source.source_map.find(("clinic", "name"))  # positions decoded on first use
        validate(source.data, source.source_map, folder)


@settings(FUZZ, max_examples=150)
@given(
    payload=st.one_of(
        _JSON.map(json.dumps),
        st.builds(lambda c: json.dumps({"format": qrstore.FORMAT, "codes": c}), _JSON),
        st.just(_deep(100_000)),
        st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    )
)
def test_planted_qr_caches_are_ignored_never_a_crash(folder, payload):
    shutil.rmtree(folder / "qr-cache", ignore_errors=True)
    target = folder / "qr-cache" / qrstore.FOLDER / qrstore.FILE
    target.parent.mkdir(parents=True)
    target.write_text(payload)
    codes = qrstore.load(folder / "qr-cache")
    assert isinstance(codes, dict)


def test_the_fuzzed_kinds_cover_each_seed(folder):
    """The seeds themselves load, so mutations start from real files (a witness)."""
    for kind, seeds in SEEDS.items():
        for i, data in enumerate(seeds):
            path = folder / f"seed{i}.{kind}"
            path.write_bytes(data)
            _draw(Logo(path, limits=LIMITS))
    path = folder / "seed.svg"
    path.write_bytes(SAMPLE_SVG)
    _draw(Logo(path, limits=LIMITS))
    assert isinstance(parse(SAMPLE_YAML.decode(), "content.yaml").data, dict)
