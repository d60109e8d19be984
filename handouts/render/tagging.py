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
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from ..markup import LANG_TARGET
from . import pdfwrite
from .meta import Whole, annotate, carry, meta
from .pdfbytes import page_contents
from .structure import ARTIFACT, Element, Structure, Tag, xmp_packet

__all__ = [
    "DECORATION",
    "FOOTER",
    "HEADER",
    "PAGINATION",
    "ReadingOrder",
    "Tag",
    "TaggingCanvas",
    "UntaggedText",
    "artifact",
    "marked",
    "own_language",
    "reads_from_the_right",
    "tag_items",
    "tag_table",
    "tagged",
]

F = TypeVar("F", bound=Flowable)

# What a page is inside when nothing was declared: a box fill or a rule
# drawn by a flowable is an artifact, but text may never be (the canvas
# refuses it), so no content can leave the tree by omission.
_OPEN_ARTIFACT = "/Artifact BMC"

# Declared artifacts: running headers, footers and page numbers; ornaments
# that carry no meaning (a divider, a repeated table header, crop marks).
PAGINATION = Tag(ARTIFACT, artifact_type="Pagination")
HEADER = Tag(ARTIFACT, artifact_type="Pagination", artifact_subtype="Header")
FOOTER = Tag(ARTIFACT, artifact_type="Pagination", artifact_subtype="Footer")
DECORATION = Tag(ARTIFACT, artifact_type="Layout")
_GROUP = object()  # what `begin_marked` opened: a group
_PDF_VERSION = (1, 5)  # /Tabs on pages is PDF 1.5

# What was open in the content stream: an Element (tagged content), a Tag
# (a declared artifact) or None (the undeclared default).
Mark = Element | Tag | None


class UntaggedText(RuntimeError):
    """A layout drew text with neither a structure role nor a declared artifact."""


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
        # What is open in the content stream, innermost last.
        self._marks: list[Mark] = [None]
        # The sequence open now: its BDC, its element, the code list and index it sits at.
        self._opening: tuple[str, Element | None, list[str], int] | None = None
        self._after_label: Element | None = None
        self._links: dict[tuple[int, Any], Element] = {}  # (id(owner), target) -> Link
        self._whole_targets: frozenset[str] = frozenset()
        if self.structure:
            self._doc._pdfVersion = max(self._doc._pdfVersion, _PDF_VERSION)
            self._open_mark()

    # ---------------------------------------------------------- marking

    def begin_marked(self, tag: Tag, label: Tag | None = None, whole: Whole | None = None) -> Any:
        """Draw what follows as `tag`: content of its element, or an artifact.

        `label` is a list item's Lbl: the first text object drawn inside (a
        paragraph's bullet, which ReportLab draws before the text) goes to
        it, the rest to `tag`. `whole` is what the whole paragraph is (one
        link, one language). Not a context manager: every tagged flowable
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
        inner: Mark = tag if elem is None else self._whole(elem, whole)
        self._close_mark()
        self._marks.append(first or inner)
        self._after_label = inner if first else None  # type: ignore[assignment]
        self._open_mark()
        if elem is not None:
            structure.enter(elem)
        return elem

    def _whole(self, elem: Element, whole: Whole | None) -> Element:
        """Where a paragraph's text goes: a Link when it is all one link."""
        self._whole_targets = frozenset()
        if whole is None:
            return elem
        link, lang = whole
        if lang is not None:
            elem.lang = lang
            self._whole_targets |= {LANG_TARGET + lang}
        if link is None:
            return elem
        self._whole_targets |= {link}
        assert self.structure is not None
        key = (id(elem), link)
        if key not in self._links:
            contents = elem.tag.contents if elem.tag is not None else {}
            child = self.structure.child(elem, "Link")
            child.tag = Tag("Link", contents=contents)
            self._links[key] = child
        return self._links[key]

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
        self._whole_targets = frozenset()
        self._close_mark()
        self._marks.pop()
        self._open_mark()

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:
        """A text object whose paragraph links get marked content of their own.

        ReportLab's paragraph calls `_linkRecord(link, "start")` just after
        the first piece of a link's text and `(link, "end")` just before the
        text after it; the link's text moves from the paragraph's sequence to
        a Link element's, which also gets the link's annotations. A phrase in
        another language (`markup.LANG_TARGET`) rides the same hook into a
        Span with its /Lang.
        """
        tx = super().beginText(x, y, direction=direction)
        if self.structure is not None and isinstance(self._marks[-1], Element):
            tx._linkRecord = functools.partial(self._link_record, tx)
            tx._open_link = None
            tx._reopened = None  # the paragraph's sequence reopened after a link
        return tx

    def _link_record(self, tx: Any, link: tuple[Any, str], event: str) -> None:
        owner = self._marks[-1]
        assert self.structure is not None and isinstance(owner, Element)
        if link[1] in self._whole_targets:
            return  # the whole paragraph is this link or language: no inner element
        if event == "start" and tx._open_link is None:
            lang = link[1].removeprefix(LANG_TARGET) if link[1].startswith(LANG_TARGET) else None
            key = (id(owner), link if lang else link[1])
            elem = self._links.get(key)
            if elem is None:
                elem = self.structure.child(owner, "Span" if lang else "Link")
                elem.lang = lang
                self._links[key] = elem
            tx._open_link = elem
            self._unreopen(tx, before_last=True)
            mcid = self.structure.new_mcid(elem)
            tx._code.insert(len(tx._code) - 1, f"EMC /{elem.role} <</MCID {mcid}>> BDC")
        elif event == "end" and tx._open_link is not None:
            self._end_link(tx)

    def _end_link(self, tx: Any) -> None:
        owner = self._marks[-1]
        assert self.structure is not None and isinstance(owner, Element)
        tx._open_link = None
        code = f"EMC /{owner.role} <</MCID {self.structure.new_mcid(owner)}>> BDC"
        tx._code.append(code)
        tx._reopened = (code, owner)

    def _unreopen(self, tx: Any, before_last: bool = False) -> bool:
        """Take back the paragraph's sequence reopened after a link when no text
        followed (a link at a line's end): it would be an empty sequence.

        Returns whether it did; the link's sequence then runs on in its place.
        """
        reopened, tx._reopened = tx._reopened, None
        if reopened is None:
            return False
        code, owner = reopened
        end = len(tx._code) - (1 if before_last else 0)
        for i in range(end - 1, -1, -1):
            if tx._code[i] is code:
                if _paints(tx._code[i + 1 : end], 0):
                    return False
                del tx._code[i]  # with it the link's EMC: the link's sequence runs on
                assert self.structure is not None
                self.structure.drop_last_mcid(owner)
                return True
        return False

    def begin_link(self, target: str) -> bool:
        """Text the engine draws next for a link (or a phrase in another
        language, `markup.LANG_TARGET`) goes to a Link (or a Span with its
        /Lang) of its own; every run of the same target in a paragraph joins
        the same element. Returns whether `end_link` must follow.
        """
        owner = self._marks[-1]
        if self.structure is None or not isinstance(owner, Element):
            return False
        if target in self._whole_targets:
            return False  # the whole paragraph is this link or language
        lang = target.removeprefix(LANG_TARGET) if target.startswith(LANG_TARGET) else None
        key = (id(owner), target)
        elem = self._links.get(key)
        if elem is None:
            elem = self._links[key] = self.structure.child(owner, "Span" if lang else "Link")
            elem.lang = lang
        self._close_mark()
        self._marks.append(elem)
        self._open_mark()
        return True

    def end_link(self) -> None:
        """Back to the paragraph's own sequence after `begin_link`."""
        self._close_mark()
        self._marks.pop()
        self._open_mark()

    def require_role(self) -> None:
        """Refuse text about to be drawn with no role and no declared artifact."""
        if self.structure is not None and self._marks[-1] is None and not self._formData:
            raise UntaggedText(
                "text drawn with no structure role and no declared artifact: "
                "give the flowable a role with tagged(), or draw it inside marked()"
            )

    def drawText(self, aTextObject: Any) -> None:
        self.require_role()
        open_link = getattr(aTextObject, "_open_link", None)
        if open_link is None and getattr(aTextObject, "_reopened", None) is not None:
            open_link = self._unreopen(aTextObject) or None
        if open_link is not None:
            # A link that runs to the text's end: its sequence closes after ET
            # and the paragraph's reopens (left out if nothing follows).
            aTextObject._open_link = None
            self._opening = None
        super().drawText(aTextObject)
        if open_link is not None:
            self._code.append("EMC")
            self._open_mark()
        self.end_label()

    def end_label(self) -> None:
        """A list item's label is drawn: what follows is the item's body (see `begin_marked`).

        ReportLab's text objects end it in `drawText`; the engine's bullets call it.
        """
        if self._after_label is not None:
            self._close_mark()
            self._marks[-1], self._after_label = self._after_label, None
            self._open_mark()

    def _open_mark(self) -> None:
        mark = self._marks[-1]
        assert self.structure is not None
        if mark is None:
            code, elem = _OPEN_ARTIFACT, None
        elif isinstance(mark, Tag):
            code, elem = _artifact_bdc(mark), None
        else:
            code, elem = f"/{mark.role} <</MCID {self.structure.new_mcid(mark)}>> BDC", mark
        self._code.append(code)
        self._opening = (code, elem, self._code, len(self._code) - 1)

    def _close_mark(self) -> None:
        """End the open sequence; one that put no mark on the page is left out
        (its state changes, a colour or a `Q`, stay in place)."""
        opening, self._opening = self._opening, None
        if opening is not None:
            code, elem, where, index = opening
            if where is self._code and where[index] is code and not _paints(where, index + 1):
                del where[index]
                if elem is not None:
                    assert self.structure is not None
                    self.structure.drop_last_mcid(elem)
                return
        self._code.append("EMC")

    # ---------------------------------------------------------- page life cycle

    def showPage(self) -> None:
        if self.structure is None:
            super().showPage()
            return
        assert len(self._marks) == 1, "a page ended inside a tagged flowable"
        self._close_mark()
        super().showPage()
        self._open_mark()

    def _setAnnotations(self, page: pdfdoc.PDFPage) -> None:
        """ReportLab's per-page hook: also the place to link the page to the tree."""
        super()._setAnnotations(page)
        if self.structure is None or not isinstance(page, pdfdoc.PDFPage):
            return  # a form XObject (the page total) goes through here too
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = self.structure.end_page()
        page.Tabs = PDFName("S")
        if page.compression:
            page.Contents = page_contents(page)

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        """Put every annotation in the tree: a Link, a Form (a widget) or an Annot.

        It nests in the element being drawn, so a link sits in its paragraph;
        a link's /Contents is its visible text, as PDF/UA asks.
        """
        super()._addAnnotation(annotation, name, addtopage)
        if self.structure is None or not isinstance(annotation, PDFDictionary):
            return
        role = _ANNOTATION_ROLES.get(str(annotation.dict.get("Subtype")), "Annot")
        mark = self._marks[-1]
        owner = mark if isinstance(mark, Element) else None
        target = _annotation_target(annotation)
        elem = None
        if role == "Link":
            whole = owner is not None and owner.role == "Link"
            elem = owner if whole else self._links.get((id(owner), target))
            annotation["F"] = 4  # Print: the link's words print, so may its annotation
        elem = elem or self.structure.child(owner, role)
        ref = self._doc.refAnnotation(name or f"NUMBER{self._annotationCount}")
        annotation["StructParent"] = self.structure.add_annotation(ref, elem)
        if role == "Link":
            contents = owner.tag.contents if owner is not None and owner.tag else {}
            annotation["Contents"] = PDFString(contents.get(target, target))

    def linkURL(self, url: str, rect: Any, relative: int = 0, *args: Any, **kw: Any) -> None:
        """A phrase's language rides on the paragraph's link hook: it is no link."""
        if str(url).startswith(LANG_TARGET):
            return
        super().linkURL(url, rect, relative, *args, **kw)

    def save(self) -> None:
        if self.structure is not None:
            if self._code != [_OPEN_ARTIFACT]:
                self.showPage()
            self._code = []  # the opening artifact alone is not a page
            self._write_structure()
        # ReportLab's file writing, faster (pdfwrite): GetPDFData calls document.format.
        # Taken off again after: the bound partial would tie the document in a cycle.
        self._doc.format = functools.partial(pdfwrite.write, self._doc)
        try:
            super().save()
        finally:
            del self._doc.format

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
        packet = xmp_packet(
            info.title, info.author, info.subject, keywords, (lang.s,) if lang else ()
        )
        xmp = pdfdoc.PDFStream(
            PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet
        )
        catalog.Metadata = doc.Reference(xmp)


_ANNOTATION_ROLES = {"/Link": "Link", "/Widget": "Form"}


# Operators that put marks on a page: text, painted paths, images and shadings.
_PAINT = re.compile(r"(?<![\w*])(?:Tj|TJ|'|\"|f\*?|F|B\*?|b\*?|S|s|Do|sh|BI)(?![\w*])")


def _paints(code: list[str], start: int) -> bool:
    # "] TJ" first: the engine's text objects are long, and a substring test
    # finds their operator far sooner than the pattern's scan of every offset.
    pieces = itertools.islice(code, start, None)
    return any("] TJ" in piece or _PAINT.search(piece) for piece in pieces)


def _artifact_bdc(tag: Tag) -> str:
    entries = f"/Type /{tag.artifact_type}" if tag.artifact_type else ""
    if tag.artifact_subtype:
        entries += f" /Subtype /{tag.artifact_subtype}"
    return f"/Artifact <<{entries}>> BDC"


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
        if not getattr(canv, "drawing", True):
            return  # a trial layout, measured and never written: nothing to tag
        data = meta(self)
        tag = data.tag
        assert tag is not None
        # A piece of a split item has no bullet, hence no label.
        label = tag.label if getattr(self, "bulletText", None) else None
        if not hasattr(canv, "begin_marked"):
            super().drawOn(canv, x, y, _sW)  # type: ignore[misc]
            return
        # `marked`, less a context manager
        opened = canv.begin_marked(tag, label, data.whole)
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


def _retag(flowable: Any, tag: Tag, whole: Whole | None = None) -> None:
    _swap_class(flowable)
    annotate(flowable, tag=tag, whole=whole)


def tagged(flowable: F, role: str | Tag, **attrs: Any) -> F:
    """Mark `flowable` as a structure element of `role` (or as `Tag` given).

    Returns the same object (its class is swapped for a subclass of the same
    name), so it can be used inline while building a story.
    """
    tag = role if isinstance(role, Tag) else Tag(role, **attrs)
    if tag.role == "Figure" and not (tag.alt or "").strip():
        raise ValueError("a Figure needs alt text")
    whole = None
    if isinstance(getattr(flowable, "frags", None), list):
        # ReportLab's paragraph or the text engine's TextFlow: both keep their fragments
        tag.contents.update(_link_texts(flowable))
        whole = _whole_paragraph(flowable)
    _retag(flowable, tag, whole)
    return flowable


def artifact(flowable: F, kind: str = "Layout") -> F:
    """Mark `flowable` as page furniture, even inside tagged content."""
    return tagged(flowable, Tag(ARTIFACT, artifact_type=kind))


def _link_texts(paragraph: Any) -> dict[str, str]:
    """Link target -> its visible text, for the Link annotation's /Contents."""
    texts: dict[str, str] = {}
    for frag in paragraph.frags:
        for _, target in getattr(frag, "link", None) or ():
            if not target.startswith(LANG_TARGET):
                texts[target] = texts.get(target, "") + frag.text
    return {k: " ".join(v.split()) for k, v in texts.items()}


def own_language(paragraph: Any) -> str | None:
    """The language of a paragraph wholly in another one (`[...]{lang=en}`), else None."""
    whole = _whole_paragraph(paragraph)
    return whole[1] if whole else None


def _whole_paragraph(paragraph: Any) -> Whole | None:
    """The link and language every word of `paragraph` shares, if any.

    ReportLab reports no link start or end for a paragraph that is one link
    from its first word to its last, so such a paragraph's content goes
    into its Link element directly (else the Link would hold only its
    annotation and read as empty); a paragraph wholly in another language
    takes the /Lang itself rather than one Span around everything.
    """
    common: set[str] | None = None
    for frag in paragraph.frags:
        text = getattr(frag, "text", None)
        if text is None:
            return None  # not plain fragments (a paragraph split into words): no guess
        if not text.strip():
            continue
        targets = {target for _, target in getattr(frag, "link", None) or ()}
        common = targets if common is None else common & targets
        if not common:
            return None
    if not common:
        return None
    langs = [t.removeprefix(LANG_TARGET) for t in common if t.startswith(LANG_TARGET)]
    links = [t for t in common if not t.startswith(LANG_TARGET)]
    return (links[0] if len(links) == 1 else None, langs[0] if langs else None)


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
    """Tag bulleted paragraphs (`bulletText`) as one list: L -> LI -> (Lbl, LBody).

    Pass `Tag("L", numbering="Decimal")` for steps, "Disc" for bullets: the
    /ListNumbering a screen reader announces.
    """
    parent = tag or Tag("L")
    for item in items:
        li = Tag("LI", parent=parent)
        tagged(item, Tag("LBody", parent=li, label=Tag("Lbl", parent=li)))
    return items


# -------------------------------------------------------------- tables


def tag_table(
    table: Table, header_rows: int = 1, tag: Tag | None = None, mirrored: bool = False
) -> Table:
    """Tag a Table whose cells are flowables: Table -> TR -> TH (Scope Column) / TD.

    Header rows that ReportLab repeats on a new page are artifacts there.
    A `mirrored` table (a right-to-left page's) was given its columns from
    the right, as they print; its tree still reads each row from the first
    column (see `reads_from_the_right`).
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
    if mirrored:
        reads_from_the_right(table)
    return annotate(table, tag=table_tag)


def reads_from_the_right(table: Table) -> Table:
    """A table whose columns are given as a right-to-left page prints them
    (the first at the right) but read as written: the first column first.

    ReportLab draws each row's cells from the left, and elements join the
    tree as they are first drawn; so each row's elements are made, from its
    rightmost cell to its leftmost, just before the table draws. Its cells'
    flowables must be tagged already.
    """
    object.__setattr__(table, "__class__", _from_the_right_class(type(table)))
    return table


class _FromTheRight:
    def draw(self) -> None:
        structure = getattr(self.canv, "structure", None)  # type: ignore[attr-defined]
        if structure is not None:
            for row in self._cellvalues:  # type: ignore[attr-defined]
                for cell in reversed(row):
                    for flowable in _cell_flowables(cell):
                        tag = meta(flowable).tag
                        if tag is not None and not tag.is_artifact:
                            structure.element(tag)
        super().draw()  # type: ignore[misc]


@functools.cache
def _from_the_right_class(cls: type) -> type:
    if issubclass(cls, _FromTheRight):
        return cls
    return type(cls.__name__, (_FromTheRight, cls), {"__qualname__": cls.__qualname__})


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
