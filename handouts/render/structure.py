"""The logical structure of a PDF, recorded while pages are drawn, written at save.

`Structure` is the bookkeeping half of tagged PDF: which structure element
owns each marked-content id (MCID) on each page, which element owns each
annotation, and how elements nest. It knows nothing about flowables; the
canvas in `handouts.tagging` feeds it. `write` turns it into PDF objects with
ReportLab's own `pdfdoc` classes, so the file is still produced in one pass.
"""

from __future__ import annotations

import functools
import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)

from .pdfbytes import Formatted

# Roles whose elements only group other elements: drawing one opens no
# marked-content sequence, so its own decoration (box fills, rules) stays an
# artifact while the elements inside it are content.
GROUP_ROLES = frozenset(
    {
        "Document",
        "Part",
        "TOC",
        "TOCI",
        "Sect",
        "Div",
        "BlockQuote",
        "L",
        "LI",
        "Table",
        "TR",
        "THead",
        "TBody",
    }
)
ARTIFACT = "Artifact"


@dataclass(eq=False, frozen=True)
class Tag:
    """What a piece of the story is, for the structure tree.

    A Tag describes an element; the element itself is created the first time
    something carrying the tag is drawn, so the tree follows drawing order
    and every piece of a split paragraph lands in one element. `parent` ties
    elements that have no flowable of their own (a list's L and LI, a table
    row) to the pieces that do; without it an element nests in whatever
    tagged group is being drawn at the time, or in the Document.
    """

    role: str
    parent: Tag | None = None
    alt: str | None = None
    title: str | None = None
    lang: str | None = None
    scope: str | None = None  # "Column" or "Row" for a TH
    artifact_type: str | None = None  # "Pagination", "Layout" for artifacts
    artifact_subtype: str | None = None  # "Header", "Footer" for pagination
    numbering: str | None = None  # an L's /ListNumbering: "Decimal", "Disc", "None"
    contents: dict[str, str] = field(default_factory=dict)  # link target -> link text
    label: Tag | None = None  # a list item's Lbl, drawn first by a bulleted paragraph

    @property
    def is_artifact(self) -> bool:
        return self.role == ARTIFACT

    @property
    def is_group(self) -> bool:
        return self.role in GROUP_ROLES


@dataclass(eq=False)
class Element:
    """A structure element as drawing records it.

    It knows its kids, not its parent (written as /P from the walk of the
    tree): a tree without links back up is freed as soon as its document
    is, not left for the cycle collector (see `render.document`).
    """

    role: str
    tag: Tag | None = None
    order: int = 0
    # Kids: Elements, (page index, mcid) pairs and ("annot", reference) pairs.
    kids: list[Any] = field(default_factory=list)
    page: int | None = None  # page of its first content, written as /Pg
    lang: str | None = None  # its /Lang when it is not its tag's (a paragraph wholly in one)


@dataclass
class _Annotation:
    key: int
    ref: PDFObjectReference
    page: int
    owner: Element


class Structure:
    """Elements, MCIDs and annotations of one document, in drawing order."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self._elements: dict[int, Element] = {}  # id(Tag) -> Element
        self._tags: list[Tag] = []  # keeps the tags alive while ids are keys
        self._groups: list[Element] = []  # elements being drawn, innermost last
        self._page_mcids: list[list[Element]] = [[]]
        self._page_keys: list[int] = []
        self._annotations: list[_Annotation] = []
        self._keys = itertools.count()
        self.order = 0

    @property
    def page(self) -> int:
        return len(self._page_mcids) - 1

    def element(self, tag: Tag) -> Element:
        """The element for `tag`, created (with its parents) on first use."""
        found = self._elements.get(id(tag))
        if found is not None:
            return found
        parent = self.element(tag.parent) if tag.parent is not None else None
        elem = self.child(parent, tag.role)
        elem.tag = tag
        self._elements[id(tag)] = elem
        self._tags.append(tag)
        return elem

    def child(self, parent: Element | None, role: str) -> Element:
        """A new element of `role` in `parent` (default: where drawing is)."""
        if parent is None:
            parent = self._groups[-1] if self._groups else self.root
        elem = Element(role, order=self.order)
        parent.kids.append(elem)
        return elem

    def enter(self, elem: Element) -> None:
        """While `elem` draws, tagged things without a parent nest in it."""
        self._groups.append(elem)

    def leave(self) -> None:
        self._groups.pop()

    def drop_last_mcid(self, elem: Element) -> None:
        """Take back the MCID just given to `elem`: its sequence stayed empty."""
        mcids = self._page_mcids[-1]
        mcids.pop()
        # Not simply the last kid: an annotation or a child may have come after it.
        index = len(elem.kids) - 1 - elem.kids[::-1].index((self.page, len(mcids)))
        del elem.kids[index]
        if not any(isinstance(k, tuple) for k in elem.kids):
            elem.page = None

    def new_mcid(self, elem: Element) -> int:
        """Give `elem` the next marked-content id on the current page."""
        mcids = self._page_mcids[-1]
        mcids.append(elem)
        if elem.page is None:
            elem.page = self.page
        elem.kids.append((self.page, len(mcids) - 1))
        return len(mcids) - 1

    def add_annotation(self, ref: PDFObjectReference, owner: Element) -> int:
        """Record an annotation owned by `owner`; returns its /StructParent key."""
        key = next(self._keys)
        self._annotations.append(_Annotation(key, ref, self.page, owner))
        owner.kids.append(("annot", ref))
        if owner.page is None:
            owner.page = self.page
        return key

    def end_page(self) -> int:
        """Close the current page; returns its /StructParents key."""
        key = next(self._keys)
        self._page_keys.append(key)
        self._page_mcids.append([])
        return key

    # ------------------------------------------------------------ writing

    def write(self, doc: pdfdoc.PDFDocument, page_refs: list[PDFObjectReference]) -> None:
        """Add StructTreeRoot, ParentTree and MarkInfo to `doc`'s catalog."""
        self.root.kids.sort(key=lambda k: k.order if isinstance(k, Element) else 0)
        root_dict = _Dict(Type=_name("StructTreeRoot"))
        root_ref = doc.Reference(root_dict)
        walked = _walk(self.root)
        objects = [Formatted(b"") for _ in walked]
        refs = {id(e): doc.Reference(o) for (e, _), o in zip(walked, objects, strict=True)}
        _format_elements(walked, objects, refs, root_ref, page_refs, doc)
        root_dict["K"] = [refs[id(self.root)]]
        nums: list[Any] = []
        for page, key in enumerate(self._page_keys):
            owners = self._page_mcids[page]
            nums += [key, [refs[id(e)] for e in owners]]
        for annot in self._annotations:
            nums += [annot.key, refs[id(annot.owner)]]
        pairs = sorted(zip(nums[::2], nums[1::2], strict=True), key=lambda p: p[0])
        root_dict["ParentTree"] = {"Nums": [x for p in pairs for x in p]}
        root_dict["ParentTreeNextKey"] = next(self._keys)
        catalog = doc.Catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def _walk(root: Element) -> list[tuple[Element, Element | None]]:
    """`root` and every element below it, each with its parent, parents first and kids
    in order (a stack, not nested generators: each element of a deep tree passed
    through one generator per level)."""
    out: list[tuple[Element, Element | None]] = []
    stack: list[tuple[Element, Element | None]] = [(root, None)]
    while stack:
        elem, parent = stack.pop()
        out.append((elem, parent))
        stack.extend((kid, elem) for kid in reversed(elem.kids) if isinstance(kid, Element))
    return out


# ------------------------------------------------------------ fast objects


@functools.cache
def _name(name: str) -> bytes:
    """A PDF name, escaped by ReportLab once per name and process."""
    return pdfdoc.pdfdocEnc(PDFName(name))


def _format_elements(
    walked: list[tuple[Element, Element | None]],
    objects: list[Formatted],
    refs: dict[int, PDFObjectReference],
    root_ref: PDFObjectReference,
    page_refs: list[PDFObjectReference],
    doc: pdfdoc.PDFDocument,
) -> None:
    """Write each element's dictionary into its object, once all have numbers.

    A tagged handout has well over a hundred elements: formatting each
    through `PDFDictionary` (a name object and a dispatch per key and value)
    was a tenth of the time spent saving a document. Every number is known
    once the elements are registered, so each reference is formatted once
    here and the dictionaries are written in one pass, keys in the order
    `PDFDictionary` sorts them.
    """
    numbers = doc.idToObjectNumberAndVersion
    elem_refs = {key: b"%d %d R" % numbers[ref.name] for key, ref in refs.items()}
    pages = [b"%d %d R" % numbers[ref.name] for ref in page_refs]
    root = b"%d %d R" % numbers[root_ref.name]
    for (elem, parent), obj in zip(walked, objects, strict=True):
        tag = elem.tag
        entries = _tag_entries(tag, doc) if tag is not None else []
        kids = _kids(elem, elem_refs, pages, numbers)
        entries.append(b"/K [" + b" ".join(kids) + b"]")
        lang = elem.lang or (tag.lang if tag is not None else None)
        if lang is not None:
            entries.append(b"/Lang " + pdfdoc.format(PDFString(lang), doc))
        entries.append(b"/P " + (elem_refs[id(parent)] if parent is not None else root))
        if elem.page is not None:
            entries.append(b"/Pg " + pages[elem.page])
        entries.append(b"/S " + _name(elem.role))
        if tag is not None and tag.title is not None:
            entries.append(b"/T " + pdfdoc.format(PDFString(tag.title), doc))
        entries.append(b"/Type /StructElem")
        obj.data = b"<< " + b"\n".join(entries) + b" >>"


def _tag_entries(tag: Tag, doc: pdfdoc.PDFDocument) -> list[bytes]:
    """The entries a tag gives its element that sort before /K: attributes and /Alt."""
    entries: list[bytes] = []
    if tag.numbering is not None:
        entries.append(b"/A << /ListNumbering " + _name(tag.numbering) + b"\n/O /List >>")
    elif tag.scope is not None:
        entries.append(b"/A << /O /Table\n/Scope " + _name(tag.scope) + b" >>")
    if tag.alt is not None:
        entries.append(b"/Alt " + pdfdoc.format(PDFString(tag.alt), doc))
    return entries


def _kids(
    elem: Element,
    elem_refs: dict[int, bytes],
    pages: list[bytes],
    numbers: dict[str, tuple[int, int]],
) -> list[bytes]:
    """Child elements, MCIDs (marked content on another page through an MCR) and
    annotations (OBJR)."""
    out: list[bytes] = []
    own_page = elem.page
    for kid in elem.kids:
        if type(kid) is Element:
            out.append(elem_refs[id(kid)])
            continue
        page, value = kid
        if page == "annot":
            out.append(b"<< /Obj %d %d R\n/Type /OBJR >>" % numbers[value.name])
        elif page == own_page:
            out.append(b"%d" % value)
        else:
            out.append(b"<< /MCID %d\n/Pg " % value + pages[page] + b"\n/Type /MCR >>")
    return out


class _Dict(dict, pdfdoc.PDFObject):
    """A dictionary of the structure tree's root, formatted straight to bytes.

    Values are names (bytes from `_name`), ints, references, lists, plain
    dicts or any other ReportLab object (strings go through `PDFString`,
    which escapes them). Keys are written sorted, as `PDFDictionary` writes them.
    """

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return _format(self, document)


def _format(value: Any, document: pdfdoc.PDFDocument) -> bytes:
    kind = type(value)  # the exact types first: most values are one of them
    if kind is bytes:
        return value
    if kind is int:
        return b"%d" % value
    if kind is PDFObjectReference:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if isinstance(value, bytes):
        return value
    if isinstance(value, PDFObjectReference):
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if isinstance(value, list):
        return b"[" + b" ".join([_format(v, document) for v in value]) + b"]"
    if isinstance(value, dict):
        entries = [_name(k) + b" " + _format(value[k], document) for k in sorted(value)]
        return b"<< " + b"\n".join(entries) + b" >>"
    return pdfdoc.format(value, document)


def xmp_packet(
    title: str, author: str, subject: str, keywords: str, languages: Sequence[str]
) -> bytes:
    """XMP metadata that declares PDF/UA-1 and repeats the document info
    (`languages`: the document's, then any others it holds, as a set does)."""

    def e(text: str) -> str:
        return html.escape(text, quote=False)

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{e(text)}</rdf:li></rdf:Alt>'

    props = [f"<dc:title>{alt(title)}</dc:title>"]
    if author:
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>")
    if subject:
        props.append(f"<dc:description>{alt(subject)}</dc:description>")
    if keywords:
        props.append(f"<pdf:Keywords>{e(keywords)}</pdf:Keywords>")
    if languages:
        items = "".join(f"<rdf:li>{e(lang)}</rdf:li>" for lang in languages)
        props.append(f"<dc:language><rdf:Bag>{items}</rdf:Bag></dc:language>")
    props.append("<pdfuaid:part>1</pdfuaid:part>")
    body = "\n".join(props)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f"{body}\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()
