"""How much toner a PDF's pages take, and whether its colours are all gray.

Coverage is read from a render (pypdfium2): the mean darkness of a page's
pixels, 0 (blank paper) to 1 (solid black). For a colour page that is the
coverage it would take printed in black and white, which is what an office
printer in grayscale mode lays down.
"""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

COLOUR_OPERATORS = {b"rg", b"RG", b"k", b"K", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS"}


def page_coverage(pdf: bytes, scale: float = 0.5) -> list[float]:
    """Each page's ink coverage, 0 to 1, from a render at `scale` (72 dpi x scale)."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [darkness(page.render(scale=scale).to_pil()) for page in doc]
    finally:
        doc.close()


def colour_operators(pdf: bytes) -> list[str]:
    """Every operator of the file that sets a colour other than DeviceGray.

    Pages, their form XObjects (however deep) and images: a page-1 logo in
    RGB counts as much as a heading. Returns "page N: op args" lines.
    """
    reader = PdfReader(io.BytesIO(pdf))
    found: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        seen: set[int] = set()
        _walk(reader, page.get_contents(), page.get("/Resources"), f"page {number}", found, seen)
    return found


def _walk(reader, contents, resources, where: str, found: list[str], seen: set[int]) -> None:
    if contents is not None:
        for operands, operator in ContentStream(contents, reader).operations:
            if operator in COLOUR_OPERATORS:
                found.append(f"{where}: {operator.decode()} {operands}")
    xobjects = (resources or {}).get("/XObject") or {}
    for name, ref in xobjects.items():
        if id(ref) in seen:
            continue
        seen.add(id(ref))
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            space = xobject.get("/ColorSpace")
            if space != "/DeviceGray":
                found.append(f"{where}: image {name} in {space}")
        elif xobject.get("/Subtype") == "/Form":
            _walk(reader, xobject, xobject.get("/Resources"), f"{where} {name}", found, seen)


def darkness(image: Image.Image) -> float:
    """Mean darkness of an image's pixels, 0 (white) to 1 (black)."""
    histogram = image.convert("L").histogram()
    return 1 - sum(level * n for level, n in enumerate(histogram)) / (255 * sum(histogram))
