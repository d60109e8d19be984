"""Tagged PDF in the same pass that draws the pages.

How it works: `TaggingCanvas` keeps every page inside a default `/Artifact`
marked-content sequence. A tagged flowable closes it, wraps its own drawing
in `/Role <</MCID n>> BDC ... EMC` and reopens it; so whatever is drawn
without a tag (page furniture, box fills, rules) is an artifact, never
untagged content. Structure elements are recorded as flowables draw
(`handouts.structure`) and written when the canvas saves.

The layouts only say what things are:

    tagged(Paragraph(...), "H2")             # a heading
    tagged(box, "Sect", title="Key points")  # a group: what draws inside nests in it
    tag_items(bulleted_paragraphs)           # L / LI / Lbl (the bullet) / LBody
    tag_table(Table(...), header_rows=1)     # Table / TR / TH (Scope) / TD
    tagged(image, "Figure", alt="...")       # alt text is required
    ReadingOrder(2)                          # later top-level content reads 3rd
    with marked(canv, PAGINATION): ...       # in page callbacks

See docs/accessibility.md.

With `tagging=False` the canvas writes exactly what ReportLab would, and
tagged flowables draw as their untagged selves: same pixels, same text.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

from .meta import annotate, carry, meta
from .structure import ARTIFACT, Element, Structure, Tag, xmp_packet

__all__ = [
    "DECORATION",
    "PAGINATION",
    "ReadingOrder",
    "Tag",
    "TaggingCanvas",
    "artifact",
    "marked",
    "tag_items",
    "tag_table",
    "tagged",
]

F = TypeVar("F", bound=Flowable)

_OPEN_ARTIFACT = "/Artifact BMC"

# Artifacts drawn by page callbacks: running headers, footers, page numbers;
# and ornaments that carry no meaning.
PAGINATION = Tag(ARTIFACT, artifact_type="Pagination")
DECORATION = Tag(ARTIFACT)
_GROUP = object()  # what `begin_marked` opened: a group


class TaggingCanvas(Canvas):
    """A canvas that marks content as it is drawn and writes the structure tree.

    Subclass it (the document canvas with "Page N of M" does) rather than
    wrapping it: everything here hooks ReportLab's own page life cycle.
    """

    tagging = True  # a class attribute too, so a canvas class can say it

    def __init__(self, *args: Any, tagging: bool | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on = self.tagging if tagging is None else tagging
        self.structure: Structure | None = Structure() if on else None
        # What is open in the content stream, innermost last: None is an
        # artifact, an Element is a tagged sequence.
        self._marks: list[Element | None] = [None]
        self._after_label: Element | None = None
        self._links: dict[tuple[int, str], Element] = {}  # (id(owner), target) -> Link
        if self.structure:
            self._code.append(_OPEN_ARTIFACT)

    # ---------------------------------------------------------- marking

    def begin_marked(self, tag: Tag, label: Tag | None = None) -> Any:
        """Draw what follows as `tag`: content of its element, or an artifact.

        `label` is a list item's Lbl: the first text object drawn inside (a
        paragraph's bullet, which ReportLab draws before the text) goes to
        it, the rest to `tag`. Not a context manager: every tagged flowable
        draws through this, and two of them cost more than the bookkeeping.
        Returns what `end_marked` must close: `_GROUP` (a group entered as a
        parent), else the element drawn into (None for an artifact).
        """
        structure = self.structure
        if structure is None:
            return None
        if tag.is_group:
            structure.enter(structure.element(tag))
            return _GROUP
        first = structure.element(label) if label is not None else None
        elem = None if tag.is_artifact else structure.element(tag)
        self._close_mark()
        self._marks.append(first or elem)
        self._after_label = elem if first else None
        self._open_mark(tag)
        if elem is not None:
            structure.enter(elem)
        return elem

    def end_marked(self, opened: Any) -> None:
        structure = self.structure
        if structure is None:
            return
        if opened is _GROUP:
            structure.leave()
            return
        if opened is not None:
            structure.leave()
        self._after_label = None
        self._close_mark()
        self._marks.pop()
        self._open_mark(None)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:
        """A text object whose paragraph links get marked content of their own.

        ReportLab's paragraph calls `_linkRecord(link, "start")` just after
        the first piece of a link's text and `(link, "end")` just before the
        text after it; the link's text moves from the paragraph's sequence to
        a Link element's, which also gets the link's annotations.
        """
        tx = super().beginText(x, y, direction=direction)
        if self.structure is not None and self._marks[-1] is not None:
            tx._linkRecord = functools.partial(self._link_record, tx)
            tx._open_link = None
        return tx

    def _link_record(self, tx: Any, link: tuple[Any, str], event: str) -> None:
        owner = self._marks[-1]
        assert self.structure is not None and owner is not None
        if event == "start" and tx._open_link is None:
            key = (id(owner), link[1])
            elem = self._links.get(key) or self.structure.child(owner, "Link")
            self._links[key] = tx._open_link = elem
            mcid = self.structure.new_mcid(elem)
            tx._code.insert(len(tx._code) - 1, f"EMC /Link <</MCID {mcid}>> BDC")
        elif event == "end" and tx._open_link is not None:
            self._end_link(tx)

    def _end_link(self, tx: Any) -> None:
        owner = self._marks[-1]
        assert self.structure is not None and owner is not None
        tx._open_link = None
        tx._code.append(f"EMC /{owner.role} <</MCID {self.structure.new_mcid(owner)}>> BDC")

    def begin_link(self, target: str) -> None:
        """Text the engine draws for a link goes to a Link element of its own."""
        owner = self._marks[-1]
        if self.structure is None or owner is None:
            return
        key = (id(owner), target)
        elem = self._links.get(key) or self.structure.child(owner, "Link")
        self._links[key] = elem
        self._code.append(f"EMC /Link <</MCID {self.structure.new_mcid(elem)}>> BDC")

    def end_link(self) -> None:
        owner = self._marks[-1]
        if self.structure is None or owner is None:
            return
        self._code.append(f"EMC /{owner.role} <</MCID {self.structure.new_mcid(owner)}>> BDC")

    def drawText(self, aTextObject: Any) -> None:
        if getattr(aTextObject, "_open_link", None) is not None:
            self._end_link(aTextObject)  # marked content may not cross ET
        super().drawText(aTextObject)
        if self._after_label is not None:
            self._close_mark()
            self._marks[-1], self._after_label = self._after_label, None
            self._open_mark(None)

    def _open_mark(self, tag: Tag | None) -> None:
        elem = self._marks[-1]
        assert self.structure is not None
        if elem is None:
            kind = tag.artifact_type if tag is not None else None
            self._code.append(
                f"/Artifact <</Type /{kind}>> BDC" if kind else _OPEN_ARTIFACT,
            )
        else:
            mcid = self.structure.new_mcid(elem)
            self._code.append(f"/{elem.role} <</MCID {mcid}>> BDC")

    def _close_mark(self) -> None:
        if self._code and self._code[-1] == _OPEN_ARTIFACT:
            self._code.pop()  # an artifact with nothing in it: leave it out
        else:
            self._code.append("EMC")

    # ---------------------------------------------------------- page life cycle

    def showPage(self) -> None:
        if self.structure is None:
            super().showPage()
            return
        assert len(self._marks) == 1, "a page ended inside a tagged flowable"
        self._close_mark()
        super().showPage()
        self._code.append(_OPEN_ARTIFACT)

    def _setAnnotations(self, page: pdfdoc.PDFPage) -> None:
        """ReportLab's per-page hook: also the place to link the page to the tree."""
        super()._setAnnotations(page)
        if self.structure is None or not isinstance(page, pdfdoc.PDFPage):
            return  # a form XObject (the page total) goes through here too
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = self.structure.end_page()
        page.Tabs = PDFName("S")

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        """Put every annotation in the tree: a Link, a Form (a widget) or an Annot.

        It nests in the element being drawn, so a link sits in its paragraph;
        a link's /Contents is its visible text, as PDF/UA asks.
        """
        super()._addAnnotation(annotation, name, addtopage)
        if self.structure is None or not isinstance(annotation, PDFDictionary):
            return
        role = _ANNOTATION_ROLES.get(str(annotation.dict.get("Subtype")), "Annot")
        owner = self._marks[-1]
        target = _annotation_target(annotation)
        elem = self._links.get((id(owner), target)) if role == "Link" else None
        elem = elem or self.structure.child(owner, role)
        ref = self._doc.refAnnotation(name or f"NUMBER{self._annotationCount}")
        annotation["StructParent"] = self.structure.add_annotation(ref, elem)
        if role == "Link":
            contents = owner.tag.contents if owner is not None and owner.tag else {}
            annotation["Contents"] = PDFString(contents.get(target, target))

    def save(self) -> None:
        if self.structure is not None:
            if self._code != [_OPEN_ARTIFACT]:
                self.showPage()
            self._code = []  # the opening artifact alone is not a page
            self._write_structure()
        super().save()

    def _write_structure(self) -> None:
        assert self.structure is not None
        doc = self._doc
        pages = [pdfdoc.PDFObjectReference(f"Page{i + 1}") for i in range(doc.pageCounter - 1)]
        self.structure.write(doc, pages)
        info = doc.info
        lang = getattr(doc.Catalog, "Lang", None)
        keywords = info.keywords
        if not isinstance(keywords, str):
            keywords = ", ".join(keywords)
        catalog = doc.Catalog
        prefs = getattr(catalog, "ViewerPreferences", None)  # keep a layout's (Duplex)
        if prefs is None:
            catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
        else:
            prefs["DisplayDocTitle"] = "true"
        packet = xmp_packet(info.title, info.author, info.subject, keywords, lang.s if lang else "")
        xmp = pdfdoc.PDFStream(
            PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet
        )
        catalog.Metadata = doc.Reference(xmp)


_ANNOTATION_ROLES = {"/Link": "Link", "/Widget": "Form"}


def _annotation_target(annotation: PDFDictionary) -> str:
    action = annotation.dict.get("A")
    uri = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
    return str(getattr(uri, "s", uri or ""))


# -------------------------------------------------------------- flowables


@contextmanager
def marked(canv: Canvas, tag: Tag, label: Tag | None = None) -> Iterator[None]:
    """Draw the body as `tag` on a tagging canvas; nothing on any other canvas.

    For drawing code that is not a flowable, such as page callbacks:
    `with marked(canv, Tag("P")): canv.drawString(...)`.
    """
    begin = getattr(canv, "begin_marked", None)
    opened = begin(tag, label) if begin else None
    try:
        yield
    finally:
        if begin:
            canv.end_marked(opened)


class _Tagged:
    """Mixed into a flowable's own class by `tagged`; see there. The tag itself
    is the flowable's metadata (`meta.tag`), which split pieces carry."""

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        tag = meta(self).tag
        assert tag is not None
        # A piece of a split item has no bullet, hence no label.
        label = tag.label if getattr(self, "bulletText", None) else None
        if not hasattr(canv, "begin_marked"):
            super().drawOn(canv, x, y, _sW)  # type: ignore[misc]
            return
        opened = canv.begin_marked(tag, label)  # `marked`, less a context manager
        try:
            super().drawOn(canv, x, y, _sW)  # type: ignore[misc]
        finally:
            canv.end_marked(opened)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        # Paragraph.split and Table.split rebuild through self.__class__ and
        # forget our attribute: give every piece the same tag, hence one element.
        parts = carry(self, super().split(aW, aH))  # type: ignore[misc]
        for part in parts:
            _swap_class(part)
        return parts


@functools.cache
def _tagged_class(cls: type) -> type:
    if issubclass(cls, _Tagged):
        return cls
    # Same name, so identity() and LayoutError messages read as without tags.
    return type(cls.__name__, (_Tagged, cls), {"__qualname__": cls.__qualname__})


def _swap_class(flowable: Any) -> None:
    # object.__setattr__: indenters proxy setattr to their content.
    object.__setattr__(flowable, "__class__", _tagged_class(type(flowable)))


def _retag(flowable: Any, tag: Tag) -> None:
    _swap_class(flowable)
    annotate(flowable, tag=tag)


def tagged(flowable: F, role: str | Tag, **attrs: Any) -> F:
    """Mark `flowable` as a structure element of `role` (or as `Tag` given).

    Returns the same object (its class is swapped for a subclass of the same
    name), so it can be used inline while building a story.
    """
    tag = role if isinstance(role, Tag) else Tag(role, **attrs)
    if tag.role == "Figure" and not (tag.alt or "").strip():
        raise ValueError("a Figure needs alt text")
    if isinstance(flowable, Paragraph):
        tag.contents.update(_link_texts(flowable))
    elif hasattr(flowable, "link_texts"):  # the text engine's flowable
        tag.contents.update(flowable.link_texts())
    _retag(flowable, tag)
    return flowable


def artifact(flowable: F, kind: str | None = None) -> F:
    """Mark `flowable` as page furniture, even inside tagged content."""
    return tagged(flowable, Tag(ARTIFACT, artifact_type=kind))


def _link_texts(paragraph: Paragraph) -> dict[str, str]:
    """Link target -> its visible text, for the Link annotation's /Contents."""
    texts: dict[str, str] = {}
    for frag in paragraph.frags:
        for _, target in getattr(frag, "link", None) or ():
            texts[target] = texts.get(target, "") + frag.text
    return {k: " ".join(v.split()) for k, v in texts.items()}


class ReadingOrder(Flowable):
    """Zero-size marker: top-level content drawn after it reads in place `key`.

    A tri-fold draws flap, back and cover before the inside, but is read
    cover, inside 1-3, flap, back; the layout puts a marker at the start of
    each panel's content and the tree is sorted (stably) by key at save.
    """

    def __init__(self, key: int) -> None:
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        structure = getattr(self.canv, "structure", None)
        if structure is not None:
            structure.order = self.key


# -------------------------------------------------------------- lists


def tag_items(items: list[F], tag: Tag | None = None) -> list[F]:
    """Tag bulleted paragraphs (`bulletText`) as one list: L -> LI -> (Lbl, LBody)."""
    parent = tag or Tag("L")
    for item in items:
        li = Tag("LI", parent=parent)
        tagged(item, Tag("LBody", parent=li, label=Tag("Lbl", parent=li)))
    return items


# -------------------------------------------------------------- tables


def tag_table(table: Table, header_rows: int = 1, tag: Tag | None = None) -> Table:
    """Tag a Table whose cells are flowables: Table -> TR -> TH (Scope Column) / TD.

    Header rows that ReportLab repeats on a new page are artifacts there.
    """
    table_tag = tag or Tag("Table")
    for r, row in enumerate(table._cellvalues):
        tr = Tag("TR", parent=table_tag)
        for cell in row:
            role = "TH" if r < header_rows else "TD"
            scope = "Column" if r < header_rows else None
            cell_tag = Tag(role, parent=tr, scope=scope)
            for flowable in _cell_flowables(cell):
                tagged(flowable, cell_tag)
    object.__setattr__(table, "__class__", _tagged_table_class(type(table)))
    return annotate(table, tag=table_tag)


def _cell_flowables(cell: Any) -> list[Flowable]:
    if isinstance(cell, Flowable):
        return [cell]
    if isinstance(cell, (list, tuple)):
        return [c for c in cell if isinstance(c, Flowable)]
    raise TypeError(f"tag_table needs flowable cells, got {type(cell).__name__}")


@functools.cache
def _tagged_table_class(cls: type) -> type:
    def split(self: Any, aW: float, aH: float) -> list[Flowable]:
        parts = _Tagged.split(self, aW, aH)
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else 0
        for part in parts[1:]:
            # Fresh row lists: the rows are shared with the table being split.
            rows = part._cellvalues
            rows[:repeat] = [[_artifact_copy(cell) for cell in row] for row in rows[:repeat]]
        return parts

    base = _tagged_class(cls)
    return type(cls.__name__, (base,), {"__qualname__": cls.__qualname__, "split": split})


def _artifact_copy(cell: Any) -> Any:
    if isinstance(cell, (list, tuple)):
        return [_artifact_copy(c) for c in cell]
    return artifact(copy.copy(cell)) if isinstance(cell, Flowable) else cell
