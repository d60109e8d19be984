"""Files the content points at (logos, images), confined to the content folder.

Content is untrusted: a path may not climb out with `../`, be absolute,
follow a symlink that leads outside, or be a URL (nothing is ever fetched).
The files themselves are untrusted too: an SVG is XML that can name other
files, entities and URLs, and a small PNG can decode to gigabytes, so both
are checked here before svglib or Pillow sees them.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import itertools
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from PIL import Image

from .files import FileTooBig, open_regular, read_regular
from .options import Limits

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class AssetError(ValueError):
    """An asset path that may not or cannot be used; the text says why.

    `missing` is set when no file has that name (for fonts, a machine problem).
    """

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


def resolve_asset(
    base_dir: Path, relative: str, suffixes: tuple[str, ...] = IMAGE_SUFFIXES
) -> Path:
    """The real path of `relative` inside `base_dir`, or AssetError."""
    if "://" in relative or relative.startswith(("data:", "//")):
        raise AssetError(f"'{relative}' is a URL; copy the file next to content.yaml and name it")
    if "\0" in relative:
        raise AssetError(f"'{relative}' contains a NUL character; retype the file name")
    candidate = Path(relative)
    if candidate.is_absolute():
        raise AssetError(f"'{relative}' is an absolute path; give a path relative to content.yaml")
    try:
        root = base_dir.resolve()
        target = (root / candidate).resolve()
        if not target.is_relative_to(root):
            raise AssetError(f"'{relative}' points outside the content folder")
        if suffixes and target.suffix.lower() not in suffixes:
            raise AssetError(
                f"'{relative}' is not a supported file type; use {', '.join(suffixes)}"
            )
        if target.exists() and not target.is_file():
            raise AssetError(f"'{relative}' is not a regular file (a folder, pipe or device)")
        if not target.is_file():
            raise AssetError(_missing(root, candidate, relative, suffixes), missing=True)
    except RuntimeError:  # Path.resolve on a symlink loop
        raise AssetError(f"'{relative}' is a symbolic link that leads back to itself") from None
    except OSError as exc:  # a name too long for the file system, and the like
        raise AssetError(f"'{relative[:80]}': cannot use this file name ({exc.strerror})") from None
    return target


def _missing(root: Path, candidate: Path, relative: str, suffixes: tuple[str, ...]) -> str:
    """Why `relative` cannot be used, with the nearest file that exists as a fix."""
    folder = (root / candidate).parent
    names = []
    if folder.is_dir():
        names = [
            p.name
            for p in itertools.islice(folder.iterdir(), 1000)
            if p.is_file() and (not suffixes or p.suffix.lower() in suffixes)
        ]
    close = difflib.get_close_matches(candidate.name, names, n=1, cutoff=0.75)
    if not close:
        return (
            f"'{relative}' does not exist in the content folder; copy it there or correct the name"
        )
    better = (candidate.parent / close[0]).as_posix()
    return f"'{relative}' does not exist in the content folder; did you mean '{better}'?"


def read_limited(path: Path, limit: int, limit_name: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (`files.read_regular`)."""
    try:
        return read_regular(path, limit)
    except FileTooBig as exc:
        raise AssetError(_too_big(path, exc.size, limit, limit_name)) from None
    except OSError as exc:
        raise AssetError(f"{path.name}: cannot read the file ({exc.strerror})") from None


def _too_big(path: Path, size: int, limit: int, limit_name: str) -> str:
    return (
        f"{path.name}: the file is {size:,} bytes; the limit is {limit:,} "
        f"(--limit {limit_name}=N to raise it)"
    )


def read_asset(path: Path, limits: Limits) -> bytes:
    """The bytes of an asset, read once (what is checked is what is drawn)."""
    return read_limited(path, limits.max_asset_bytes, "max_asset_bytes")


def check_raster(path: Path, data: bytes, limits: Limits) -> tuple[int, int]:
    """Pixel size of a PNG/JPEG, read from its header without decoding it."""
    try:
        with _quiet_pillow(), Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own ceiling, far above ours
        raise AssetError(
            f"{path.name}: the image declares billions of pixels; the limit is "
            f"{limits.max_image_pixels:,}; save a smaller copy"
        ) from None
    except Exception as exc:  # a decoder fed untrusted bytes
        raise AssetError(_unreadable(path, exc)) from None
    if width * height > limits.max_image_pixels:
        raise AssetError(
            f"{path.name}: {width:,} x {height:,} pixels is more than the limit of "
            f"{limits.max_image_pixels:,}; save a smaller copy (300 dpi at print size is plenty, "
            "or --limit max_image_pixels=N)"
        )
    return width, height


def raster_pixels(path: Path) -> int:
    """The pixels a PNG/JPEG declares, from its header alone; 0 if it has none to say."""
    if path.suffix.lower() == ".svg":
        return 0
    try:
        with open_regular(path) as handle, _quiet_pillow(), Image.open(handle) as image:
            width, height = image.size
    except Exception:  # unreadable: reported when the picture is decoded
        return 0
    return width * height


def decode_raster(path: Path, data: bytes, limits: Limits) -> Image.Image:
    """A PNG/JPEG decoded in full, after its header passed `check_raster`.

    Damaged files fail in many ways deep inside Pillow's decoders (OSError,
    SyntaxError, EOFError, struct.error, zlib.error, IndexError...); each
    is the same one-line content problem, and so is a file that decodes to
    something other than what its header said.
    """
    check_raster(path, data, limits)
    try:
        with _quiet_pillow():
            image = Image.open(io.BytesIO(data))
            image.load()
    except Exception as exc:  # a decoder fed untrusted bytes
        raise AssetError(_unreadable(path, exc)) from None
    return image


def _unreadable(path: Path, exc: Exception) -> str:
    detail = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
    return f"{path.name}: not a readable PNG or JPEG file ({detail}); save or export it again"


@contextlib.contextmanager
def _quiet_pillow() -> Iterator[None]:
    """Pillow warns above its own pixel count; ours (max_image_pixels) decides."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


# Anything in an SVG that makes a reader go elsewhere: a non-fragment href,
# url(...) that is not url(#id), or a CSS @import.
_EXTERNAL_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)
_HREF_NAMES = ("href", "{http://www.w3.org/1999/xlink}href")


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XHTML_NS = "{http://www.w3.org/1999/xhtml}"
# Elements that run, animate or embed another document; none of them prints.
_ACTIVE = frozenset(
    [
        "script",
        "foreignObject",
        "handler",
        "listener",
        "set",
        "animate",
        "animateMotion",
        "animateTransform",
        "animateColor",
        "discard",
        "iframe",
        "embed",
        "object",
    ]
)


def check_svg(path: Path, data: bytes, limits: Limits | None = None) -> None:
    """Refuse an SVG that is not a plain, self-contained drawing of bounded size.

    svglib would resolve relative file references (including `../`),
    decode embedded images without a size limit and look up fonts on this
    machine, and the print station serves the logo to browsers, where
    scripts and event attributes would run: we allow only shapes, internal
    `#id` references, and nothing else. `<use>` can repeat a group that
    repeats a group...: the elements svglib would draw are counted, with
    every reference expanded, before it draws one.
    """
    limits = limits or Limits()
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        detail = " ".join(str(exc.msg).split())  # libxml2 ends some messages with a newline
        raise AssetError(f"{path.name}: not a readable SVG file ({detail})") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise AssetError(f"{path.name}: SVG files with a <!DOCTYPE> are not accepted; remove it")
    elements = 0
    for node in itertools.chain(root.itersiblings(preceding=True), root.iter()):
        if isinstance(node, etree._ProcessingInstruction | etree._Entity):
            raise AssetError(
                f"{path.name}: SVG contains '{str(node)[:40]}'; only plain drawings are accepted"
            )
        if isinstance(node.tag, str):  # not a comment
            elements += 1
            if elements > limits.max_svg_elements:  # before any more work per element
                raise _too_many_shapes(path, limits)
            _check_svg_element(path, node)
    if _drawn_elements(path, root, limits.max_svg_elements) > limits.max_svg_elements:
        raise _too_many_shapes(path, limits)


def _too_many_shapes(path: Path, limits: Limits) -> AssetError:
    return AssetError(
        f"{path.name}: the SVG draws more than {limits.max_svg_elements:,} shapes once "
        "<use> references are expanded; simplify it or export a PNG "
        "(--limit max_svg_elements=N to raise it)"
    )


def _local(name: str) -> str:
    """`{namespace}name` -> `name` (etree.QName does the same, ten times slower)."""
    return name.rpartition("}")[2]


def _check_svg_element(path: Path, node: etree._Element) -> None:
    name = _local(node.tag)
    if name in _ACTIVE or node.tag.startswith(_XHTML_NS):
        raise AssetError(
            f"{path.name}: the SVG contains <{name}> (scripts, animation or embedded "
            "documents); only plain drawings are accepted: export it again as plain SVG"
        )
    attributes = node.attrib
    for attribute in attributes:
        if _local(attribute)[:2].lower() == "on":
            raise AssetError(
                f"{path.name}: the SVG has an event attribute '{_local(attribute)}' "
                "(a script); only plain drawings are accepted: remove it or export as plain SVG"
            )
    for attribute in _HREF_NAMES:
        target = attributes.get(attribute)
        if target is not None and not target.startswith("#"):
            raise AssetError(
                f"{path.name}: the SVG refers to '{target[:60]}'; only drawings without "
                "linked or embedded files are accepted (export it as plain SVG or PNG)"
            )
    if name in ("text", "tspan", "textPath"):
        # svglib would look the font up on this machine (fc-match) or fall
        # back to unembedded Helvetica: output would depend on the computer.
        raise AssetError(
            f"{path.name}: the SVG contains text; convert the text to outlines (paths)"
        )
    style = attributes.get("style")
    if (style and _EXTERNAL_CSS.search(style)) or (
        name == "style" and _EXTERNAL_CSS.search(node.text or "")
    ):
        raise AssetError(f"{path.name}: the SVG's styles load another file; remove url()")


def _drawn_elements(path: Path, root: etree._Element, limit: int) -> int:
    """How many elements svglib would visit, each `<use>` expanded (capped above `limit`).

    A depth-first walk without recursion (a chain of references can be as
    long as the file); a reference back to an element being expanded is a
    loop, which svglib would follow for ever.
    """
    ids = {node.get("id"): node for node in root.iter() if isinstance(node.tag, str)}
    done: dict[etree._Element, int] = {}
    open_: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            open_.discard(node)
            done[node] = min(limit + 1, 1 + sum(done[d] for d in _svg_deps(node, ids)))
            continue
        if node in done:
            continue
        if node in open_:
            raise AssetError(
                f"{path.name}: the SVG's <use> elements refer to each other in a loop; remove one"
            )
        open_.add(node)
        stack.append((node, True))
        stack.extend((d, False) for d in _svg_deps(node, ids) if d not in done)
    return done[root]


def _svg_deps(node: etree._Element, ids: dict) -> list[etree._Element]:
    """What svglib draws for `node`: its element children, and what a `<use>` names."""
    out = [child for child in node if isinstance(child.tag, str)]
    if _local(node.tag) == "use":
        target = next((node.get(n) for n in _HREF_NAMES if node.get(n)), "")
        if target.startswith("#") and target[1:] in ids:
            out.append(ids[target[1:]])
    return out
