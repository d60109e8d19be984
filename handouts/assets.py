"""Files the content points at (logos, images), confined to the content folder.

Content is untrusted: a path may not climb out with `../`, be absolute,
follow a symlink that leads outside, or be a URL (nothing is ever fetched).
The files themselves are untrusted too: an SVG is XML that can name other
files, entities and URLs, and a small PNG can decode to gigabytes, so both
are checked here before svglib or Pillow sees them.
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

from lxml import etree
from PIL import Image

from .options import Limits

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class AssetError(ValueError):
    """An asset path that may not or cannot be used; the text says why."""


def resolve_asset(
    base_dir: Path, relative: str, suffixes: tuple[str, ...] = IMAGE_SUFFIXES
) -> Path:
    """The real path of `relative` inside `base_dir`, or AssetError."""
    if "://" in relative or relative.startswith(("data:", "//")):
        raise AssetError(f"'{relative}' is a URL; copy the file next to content.yaml and name it")
    candidate = Path(relative)
    if candidate.is_absolute():
        raise AssetError(f"'{relative}' is an absolute path; give a path relative to content.yaml")
    root = base_dir.resolve()
    target = (root / candidate).resolve()
    if not target.is_relative_to(root):
        raise AssetError(f"'{relative}' points outside the content folder")
    if suffixes and target.suffix.lower() not in suffixes:
        raise AssetError(f"'{relative}' is not a supported file type; use {', '.join(suffixes)}")
    if not target.is_file():
        raise AssetError(f"'{relative}' does not exist in the content folder")
    return target


def read_asset(path: Path, limits: Limits) -> bytes:
    """The bytes of an asset, read once (what is checked is what is drawn)."""
    size = path.stat().st_size
    if size > limits.max_asset_bytes:
        raise AssetError(
            f"{path.name}: the file is {size:,} bytes; the limit is {limits.max_asset_bytes:,}"
        )
    return path.read_bytes()


def check_raster(path: Path, data: bytes, limits: Limits) -> tuple[int, int]:
    """Pixel size of a PNG/JPEG, read from its header without decoding it."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own ceiling, far above ours
        raise AssetError(
            f"{path.name}: the image declares billions of pixels; the limit is "
            f"{limits.max_image_pixels:,}; save a smaller copy"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow raises all three
        raise AssetError(f"{path.name}: not a readable PNG or JPEG file ({exc})") from None
    if width * height > limits.max_image_pixels:
        raise AssetError(
            f"{path.name}: {width:,} x {height:,} pixels is more than the limit of "
            f"{limits.max_image_pixels:,}; save a smaller copy (300 dpi at print size is plenty)"
        )
    return width, height


# Anything in an SVG that makes a reader go elsewhere: a non-fragment href,
# url(...) that is not url(#id), or a CSS @import.
_EXTERNAL_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)
_HREF_NAMES = ("href", "{http://www.w3.org/1999/xlink}href")


def check_svg(path: Path, data: bytes) -> None:
    """Refuse an SVG that declares a DTD or entities or refers to anything outside itself.

    svglib would resolve relative file references (including `../`),
    decode embedded images without a size limit and look up fonts on this
    machine; we allow only self-contained drawings: shapes, internal `#id`
    references, and nothing else.
    """
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise AssetError(f"{path.name}: not a readable SVG file ({exc.msg})") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise AssetError(f"{path.name}: SVG files with a <!DOCTYPE> are not accepted; remove it")
    for node in itertools.chain(root.itersiblings(preceding=True), root.iter()):
        if isinstance(node, etree._ProcessingInstruction | etree._Entity):
            raise AssetError(
                f"{path.name}: SVG contains '{str(node)[:40]}'; only plain drawings are accepted"
            )
        if not isinstance(node.tag, str):  # a comment
            continue
        for name in _HREF_NAMES:
            target = node.get(name)
            if target is not None and not target.startswith("#"):
                raise AssetError(
                    f"{path.name}: the SVG refers to '{target[:60]}'; only drawings without "
                    "linked or embedded files are accepted (export it as plain SVG or PNG)"
                )
        name = etree.QName(node).localname
        if name in ("text", "tspan", "textPath"):
            # svglib would look the font up on this machine (fc-match) or fall
            # back to unembedded Helvetica: output would depend on the computer.
            raise AssetError(
                f"{path.name}: the SVG contains text; convert the text to outlines (paths)"
            )
        styles = [node.get("style") or ""]
        if name == "style":
            styles.append(node.text or "")
        if any(_EXTERNAL_CSS.search(text) for text in styles):
            raise AssetError(f"{path.name}: the SVG's styles load another file; remove url()")
