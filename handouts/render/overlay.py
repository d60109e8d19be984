"""Draw a tagged overlay onto a tagged PDF's page, and its structure into the PDF's tree.

The print station stamps a patient's details on a clean handout by merging
an overlay page onto the handout's page. Merged as plain drawing, the
stamped words would be content outside the structure tree: a screen reader
skips them and a PDF/UA-1 check fails. So the overlay is drawn on a tagging
canvas (each drawing a `P`, its furniture artifacts), and `merge_overlay`
moves its marked content past the page's own MCIDs, adds its elements to the
handout's Document after the elements that begin on that page or before
(page order: the tree knows nothing finer about where on the page they
are), and records them in the ParentTree.

pypdf does the merging; the handout's tree is the flat one
`handouts.render.structure` writes (a ParentTree of /Nums only).
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

# What is copied from an overlay element: everything but its place in its own file.
_PLACE = frozenset({"/P", "/Pg", "/K"})


def merge_overlay(writer: PdfWriter, index: int, overlay: PdfWriter, over: int) -> None:
    """Merge page `over` of the tagged `overlay` onto page `index` of `writer`'s PDF
    (the overlay in a writer of its own: its page's content is rewritten)."""
    page = writer.pages[index]
    drawn = overlay.pages[over]
    tree = writer.root_object["/StructTreeRoot"]
    owners = _owners(tree, page)
    base = len(owners)
    content = ContentStream(drawn.get_contents(), overlay)
    for operands, op in content.operations:
        if op == b"BDC" and isinstance(operands[1], DictionaryObject) and "/MCID" in operands[1]:
            operands[1][NameObject("/MCID")] = NumberObject(base + int(operands[1]["/MCID"]))
    drawn.replace_contents(content)
    document = tree["/K"][0].get_object()
    if not isinstance(document.get("/K"), ArrayObject):  # one kid, or none: a list of them
        document[NameObject("/K")] = ArrayObject(_kids(document))
    numbers = {p.indirect_reference.idnum: i for i, p in enumerate(writer.pages)}
    added: dict[int, IndirectObject] = {}
    for elem in _elements(overlay, drawn):
        mcids = [int(k) for k in _kids(elem) if isinstance(k, int)]
        copy = DictionaryObject({k: v for k, v in elem.items() if k not in _PLACE})
        copy[NameObject("/P")] = tree["/K"][0]
        copy[NameObject("/Pg")] = page.indirect_reference
        copy[NameObject("/K")] = ArrayObject(NumberObject(base + m) for m in mcids)
        ref = writer._add_object(copy)  # pypdf's one way to add an object; undocumented
        added.update((base + m, ref) for m in mcids)
        _insert(document["/K"], ref, index, numbers)
    # The tagging canvas numbers a page's sequences 0, 1, 2...: the owners run on.
    if sorted(added) != list(range(base, base + len(added))):
        raise ValueError(f"page {index + 1}'s stamps are not numbered in order")
    owners.extend(added[m] for m in sorted(added))
    page.merge_page(drawn)


def _owners(tree: DictionaryObject, page) -> ArrayObject:
    """The page's ParentTree array (owner of each MCID), made if the page had none."""
    nums = tree["/ParentTree"].get_object()["/Nums"]
    if "/StructParents" not in page:  # a page the station added
        key = int(tree["/ParentTreeNextKey"])
        nums += [NumberObject(key), ArrayObject()]
        tree[NameObject("/ParentTreeNextKey")] = NumberObject(key + 1)
        page[NameObject("/StructParents")] = NumberObject(key)
        page[NameObject("/Tabs")] = NameObject("/S")
    key = int(page["/StructParents"])
    at = next(i for i in range(0, len(nums), 2) if int(nums[i]) == key)
    return nums[at + 1].get_object()


def _elements(overlay: PdfWriter, drawn) -> list[DictionaryObject]:
    """The overlay's elements with content on page `drawn`, in drawing order
    (an element whose sequences were all empty holds nothing and is left out)."""
    tree = overlay.root_object["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    ref = drawn.indirect_reference
    out = []
    for kid in _kids(document):
        elem = kid.get_object()
        if "/Pg" in elem and elem.raw_get("/Pg") == ref:
            out.append(elem)
    return out


def _kids(elem: DictionaryObject) -> list:
    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _insert(kids: ArrayObject, ref: IndirectObject, index: int, numbers: dict[int, int]) -> None:
    """Put `ref` after the last kid that begins on page `index` or before
    (`numbers`: each page object's number, by its object id)."""
    at = 0
    for i, kid in enumerate(kids):
        pg = _first_page(kid.get_object())
        if pg is not None and numbers.get(pg.idnum, index + 1) <= index:
            at = i + 1
    kids.insert(at, ref)


def _first_page(elem: DictionaryObject) -> IndirectObject | None:
    """The page an element's content begins on (a group's is its first kid's)."""
    if "/Pg" in elem:
        return elem.raw_get("/Pg")
    for kid in _kids(elem):
        if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
            found = _first_page(kid.get_object())
            if found is not None:
                return found
    return None
