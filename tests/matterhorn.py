"""A second, independent accessibility checker for the tests (pypdf only).

It shares no code with our writer, with `tests/tagcheck.py` (pikepdf) or with
the page-validation library: it parses the file with pypdf, walks every page's
content stream (form XObjects followed) and the structure tree, and reports
the machine-checkable failure conditions of the Matterhorn Protocol 1.1 (the
PDF/UA-1 test suite) that it implements, by their checkpoint numbers:

    01-003  content marked as Artifact inside tagged content
    01-004  tagged content inside content marked as Artifact
    01-005  content neither marked as Artifact nor tagged as real content
    06-001  no metadata stream; 06-002 no dc:title; 06-003 no PDF/UA identifier
    07-001  ViewerPreferences without DisplayDocTitle true
    09-004  table elements out of place (TR outside Table, TH/TD outside TR)
    09-005  list elements out of place (LI outside L, Lbl/LBody outside LI)
    11-001  text whose natural language cannot be determined
    11-002  Alt text whose natural language cannot be determined
    11-004  link /Contents whose natural language cannot be determined
    11-006  document metadata whose natural language cannot be determined
    13-004  Figure without alternative text
    14-002  numbered headings that do not start at H1
    14-003  numbered heading levels skipped on the way down
    14-00x  a heading nested inside a heading (ours: Matterhorn has no number)
    15-003  TH without a Scope (no Headers/IDs are used)
    28-008  page with annotations and no /Tabs; 28-009 /Tabs other than /S
    28-010  widget not nested in a Form element
    28-011  link annotation not nested in a Link element
    28-012  link annotation without /Contents

and three conditions of our own that PDF/UA-1 does not number but screen
readers suffer from:

    empty-link   a Link element with no text of its own and no Alt
    empty-mc     a marked-content sequence with nothing in it
    mcid-twice   one MCID used by two sequences on a page
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}
# What puts marks on the page: text, painted paths, images, shadings.
PAINT_OPS = TEXT_OPS | {
    *(op.encode() for op in ["f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh"]),
    b"INLINE IMAGE",
}
HEADING = re.compile(r"H([1-6])")
STANDARD = {
    *[
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
    ],
    *[
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
    ],
    *[
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
    ],
    *["Figure", "Formula", "Form"],
}
TABLE_PARENTS = {
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
}
LIST_PARENTS = {"LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"}}


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str


@dataclass
class _Sequence:
    """One marked-content sequence met in a content stream."""

    tag: str
    mcid: int | None
    artifact: bool
    text: str = ""
    paints: int = 0  # operators inside it that put marks on the page


@dataclass
class _Elem:
    role: str
    obj: DictionaryObject
    parent: _Elem | None
    kids: list[_Elem] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annots: list[DictionaryObject] = field(default_factory=list)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def lang(self, document: str | None) -> str | None:
        elem: _Elem | None = self
        while elem is not None:
            value = elem.obj.get("/Lang")
            if value is not None and str(value).strip():
                return str(value)
            elem = elem.parent
        return document


class _Pages:
    """What every page's content streams hold, per MCID."""

    def __init__(self, reader: PdfReader, findings: list[Finding]):
        self.reader, self.findings = reader, findings
        self.text: dict[tuple[int, int], str] = {}

    def scan(self, index: int) -> None:
        page = self.reader.pages[index]
        contents = page.get_contents()
        if contents is None:
            return
        stack: list[_Sequence] = []
        seen: set[int] = set()
        self._run(index, ContentStream(contents, self.reader), page, stack, seen)

    def _run(self, index, stream, owner, stack: list[_Sequence], seen: set[int]) -> None:
        resources = owner.get("/Resources") or DictionaryObject()
        resources = resources.get_object()
        xobjects = resources.get("/XObject") or DictionaryObject()
        for operands, op in stream.operations:
            if op in (b"BMC", b"BDC"):
                self._begin(index, operands, stack, seen)
                continue
            if op in PAINT_OPS:
                for seq in stack:
                    seq.paints += 1
            if op == b"EMC":
                self._end(index, stack)
            elif op in TEXT_OPS:
                self._text(index, operands, op, stack)
            elif op == b"Do":
                xobject = xobjects[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    self._run(index, ContentStream(xobject, self.reader), xobject, stack, seen)
                elif not stack:
                    self._find("01-005", index, "an image is neither artifact nor tagged")

    def _begin(self, index, operands, stack: list[_Sequence], seen: set[int]) -> None:
        tag = str(operands[0])[1:]
        props = operands[1] if len(operands) > 1 else None
        mcid = None
        if isinstance(props, DictionaryObject) and "/MCID" in props:
            mcid = int(props["/MCID"])
        artifact = tag == "Artifact"
        inside_artifact = any(s.artifact for s in stack)
        inside_content = any(s.mcid is not None for s in stack)
        if artifact and inside_content:
            self._find("01-003", index, "an Artifact sequence inside tagged content")
        if mcid is not None and inside_artifact:
            self._find("01-004", index, f"MCID {mcid} inside an Artifact sequence")
        if mcid is not None:
            if mcid in seen:
                self._find("mcid-twice", index, f"MCID {mcid} used twice")
            seen.add(mcid)
        stack.append(_Sequence(tag, mcid, artifact))

    def _end(self, index: int, stack: list[_Sequence]) -> None:
        if not stack:
            self._find("01-005", index, "EMC without a sequence")
            return
        seq = stack.pop()
        if not seq.paints:
            what = f"MCID {seq.mcid}" if seq.mcid is not None else seq.tag
            self._find("empty-mc", index, f"{what}: an empty marked-content sequence")
        if seq.mcid is not None:
            key = (index, seq.mcid)
            self.text[key] = self.text.get(key, "") + seq.text

    def _text(self, index, operands, op, stack: list[_Sequence]) -> None:
        strings = operands[0] if op == b"TJ" else operands[-1]
        shown = strings if isinstance(strings, ArrayObject) else [strings]
        # Whether text is shown, not what it says: one mark per character code.
        text = "#" * sum(len(s) for s in shown if isinstance(s, bytes | str))
        owner = next((s for s in reversed(stack) if s.artifact or s.mcid is not None), None)
        if owner is None:
            self._find("01-005", index, "text neither marked as artifact nor tagged")
            return
        if not owner.artifact:
            owner.text += text

    def _find(self, rule: str, index: int, message: str) -> None:
        self.findings.append(Finding(rule, f"page {index + 1}: {message}"))


def check(path: Path | str) -> list[Finding]:
    """Every failure condition this checker knows, for the PDF at `path`."""
    reader = PdfReader(str(path))
    findings: list[Finding] = []
    root = reader.trailer["/Root"].get_object()
    _document(reader, root, findings)
    pages = _Pages(reader, findings)
    for i in range(len(reader.pages)):
        pages.scan(i)
    tree = root.get("/StructTreeRoot")
    if tree is None:
        findings.append(Finding("01-005", "no structure tree: nothing is tagged"))
        return findings
    page_index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    top = _Elem("StructTreeRoot", tree.get_object(), None)
    _kids(top, tree.get_object(), None, page_index)
    lang = str(root["/Lang"]) if "/Lang" in root else None
    _elements(top, pages, lang, findings)
    _headings(top, findings)
    _annotations(reader, top, page_index, lang, findings)
    return findings


def _document(reader: PdfReader, root: DictionaryObject, findings: list[Finding]) -> None:
    metadata = root.get("/Metadata")
    if metadata is None:
        findings.append(Finding("06-001", "no metadata stream"))
    else:
        xmp = metadata.get_object().get_data().decode("utf-8", "replace")
        if "<dc:title>" not in xmp:
            findings.append(Finding("06-002", "metadata without dc:title"))
        if "pdfuaid:part" not in xmp:
            findings.append(Finding("06-003", "metadata without the PDF/UA identifier"))
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else {}
    if not bool(prefs.get("/DisplayDocTitle", False)):
        findings.append(Finding("07-001", "ViewerPreferences do not display the title"))
    if not str(root.get("/Lang", "")).strip():
        findings.append(Finding("11-006", "the document's language is not given"))


def _kids(elem: _Elem, obj: DictionaryObject, page: int | None, page_index) -> None:
    kids = obj.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, IndirectObject):
            kid = kid.get_object()
        if isinstance(kid, int):
            elem.mcids.append((page, int(kid)))
        elif kid.get("/Type") == "/MCR":
            # A marked-content reference (content on another page than its element's
            # /Pg: a paragraph going on to the next page); its /Pg unresolved, as a reference.
            elem.mcids.append((page_index[kid.raw_get("/Pg").idnum], int(kid["/MCID"])))
        elif kid.get("/Type") == "/OBJR":
            elem.annots.append(kid["/Obj"].get_object())
        else:
            pg = kid.get("/Pg")
            child = _Elem(str(kid["/S"])[1:], kid, elem)
            elem.kids.append(child)
            _kids(child, kid, page_index[pg.idnum] if pg is not None else page, page_index)


def _elements(top: _Elem, pages: _Pages, lang: str | None, findings: list[Finding]) -> None:
    def own_text(e: _Elem) -> str:
        return "".join(pages.text.get(m, "") for x in e.walk() for m in x.mcids)

    for e in top.walk():
        if e is top:
            continue
        parent = e.parent.role if e.parent is not None else ""
        if e.role not in STANDARD:
            findings.append(Finding("02-001", f"{e.role}: not a standard structure type"))
        if e.role in TABLE_PARENTS and parent not in TABLE_PARENTS[e.role]:
            findings.append(Finding("09-004", f"{e.role} inside {parent}"))
        if e.role in LIST_PARENTS and parent not in LIST_PARENTS[e.role]:
            findings.append(Finding("09-005", f"{e.role} inside {parent}"))
        if e.role == "L" and any(k.role not in {"LI", "L", "Caption"} for k in e.kids):
            findings.append(Finding("09-005", "an L holds something other than LI"))
        if e.role == "TH" and "/Headers" not in e.obj and _scope(e.obj) is None:
            findings.append(Finding("15-003", "a TH without a Scope"))
        alt = str(e.obj.get("/Alt", "") or e.obj.get("/ActualText", "")).strip()
        if e.role == "Figure" and not alt:
            findings.append(Finding("13-004", "a Figure without alternative text"))
        if alt and e.lang(lang) is None:
            findings.append(Finding("11-002", f"{e.role}: Alt text in no known language"))
        if e.mcids and e.lang(lang) is None and any(pages.text.get(m) for m in e.mcids):
            findings.append(Finding("11-001", f"{e.role}: text in no known language"))
        if e.role == "Link" and not alt and not own_text(e).strip():
            findings.append(Finding("empty-link", "a Link with no text of its own and no Alt"))


def _scope(obj: DictionaryObject) -> str | None:
    attrs = obj.get("/A")
    if attrs is None:
        return None
    attrs = attrs.get_object()
    for a in attrs if isinstance(attrs, ArrayObject) else [attrs]:
        a = a.get_object()
        if isinstance(a, DictionaryObject) and "/Scope" in a:
            return str(a["/Scope"])
    return None


def _headings(top: _Elem, findings: list[Finding]) -> None:
    levels = []
    for e in top.walk():
        match = HEADING.fullmatch(e.role)
        if match:
            levels.append(int(match.group(1)))
        if match or e.role == "H":
            inner = [k.role for k in e.walk() if k is not e and HEADING.fullmatch(k.role)]
            if inner:
                findings.append(Finding("14-00x", f"{e.role} holds the heading {inner[0]}"))
    if levels and levels[0] != 1:
        findings.append(Finding("14-002", f"the first heading is H{levels[0]}, not H1"))
    for a, b in itertools.pairwise(levels):
        if b > a + 1:
            findings.append(Finding("14-003", f"H{a} is followed by H{b}"))


def _annotations(reader, top: _Elem, page_index, lang, findings: list[Finding]) -> None:
    owners = {id_: e for e in top.walk() for id_ in (_ref(a) for a in e.annots)}
    for i, page in enumerate(reader.pages):
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else []
        if annots and "/Tabs" not in page:
            findings.append(Finding("28-008", f"page {i + 1}: annotations and no /Tabs"))
        elif annots and page["/Tabs"] != "/S":
            findings.append(Finding("28-009", f"page {i + 1}: /Tabs is not /S"))
        for ref in annots:
            annot = ref.get_object()
            owner = owners.get(_ref(annot))
            subtype = annot.get("/Subtype")
            if subtype == "/Widget" and (owner is None or owner.role != "Form"):
                findings.append(Finding("28-010", f"page {i + 1}: a widget outside a Form"))
            if subtype != "/Link":
                continue
            if owner is None or owner.role != "Link":
                findings.append(Finding("28-011", f"page {i + 1}: a link outside a Link"))
            if not str(annot.get("/Contents", "")).strip():
                findings.append(Finding("28-012", f"page {i + 1}: a link without /Contents"))
            elif owner is not None and owner.lang(lang) is None:
                findings.append(Finding("11-004", f"page {i + 1}: link text in no language"))


def _ref(obj: DictionaryObject) -> int:
    ref = obj.indirect_reference
    return ref.idnum if ref is not None else id(obj)
