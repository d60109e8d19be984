"""An independent reader of tagged PDF, for the tests (pikepdf only).

It does not trust the validator or our writer: it decodes each page's
content stream itself (ToUnicode maps of simple fonts, form XObjects
followed), tracks marked-content sequences, and walks the structure tree
from the catalog, so the tests can state facts about what a screen reader
would read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

TEXT_OPS = {"Tj", "TJ", "'", '"'}
ANNOTATION_ROLES = {"/Link": "/Link", "/Widget": "/Form"}
LINE_OPS = {"T*", "Td", "TD", "Tm", "'", '"'}


@dataclass
class Page:
    mcid_text: dict[int, str] = field(default_factory=dict)
    artifact_text: list[str] = field(default_factory=list)
    mcid_roles: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class Elem:
    role: str
    obj: pikepdf.Dictionary
    parent: Elem | None
    kids: list[Elem] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)  # (page index, mcid)
    annots: list[pikepdf.Object] = field(default_factory=list)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


@dataclass
class Report:
    pdf: pikepdf.Pdf
    pages: list[Page]
    root: Elem
    problems: list[str]

    def text(self, elem: Elem) -> str:
        """Text of `elem` and its descendants, in structure order."""
        parts: list[str] = []
        _collect(elem, self.pages, parts)
        return " ".join(" ".join(parts).split())

    def elements(self, role: str) -> list[Elem]:
        return [e for e in self.root.walk() if e.role == role]

    def artifact_text(self) -> str:
        return " ".join(" ".join(t for p in self.pages for t in p.artifact_text).split())


def _collect(elem: Elem, pages: list[Page], out: list[str]) -> None:
    for item in elem.order:  # type: ignore[attr-defined]
        if isinstance(item, Elem):
            _collect(item, pages, out)
        else:
            page, mcid = item
            out.append(pages[page].mcid_text.get(mcid, ""))


class _CMap(dict):
    """Code -> text, and how many bytes a code takes (2 in a Type 0 font: the text engine's)."""

    width = 1


def _codes(cmap: dict[int, str], string: pikepdf.String) -> list[int]:
    data = bytes(string)
    if getattr(cmap, "width", 1) == 2:
        return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
    return list(data)


def _cmap(font: pikepdf.Dictionary) -> dict[int, str]:
    mapping = _CMap()
    if font.get("/Subtype") == "/Type0":
        mapping.width = 2
    if "/ToUnicode" not in font:
        return mapping
    data = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    return mapping


def text_map(font: pikepdf.Dictionary) -> dict[int, str]:
    """Code -> text for a font of a page's resources (simple or the engine's Type 0)."""
    return _cmap(font)


def shown_text(cmap: dict[int, str], operand: pikepdf.Object) -> str:
    """The text a Tj string or TJ array shows, through `cmap` (see `text_map`)."""
    strings = operand if isinstance(operand, pikepdf.Array) else [operand]
    return "".join(
        cmap.get(code, "\ufffd")
        for item in strings
        if isinstance(item, pikepdf.String)
        for code in _codes(cmap, item)
    )


def _scan(
    stream_owner: pikepdf.Object,
    page: Page,
    stack: list[tuple[str, int | None]],
    fonts_cache: dict,
) -> None:
    resources = stream_owner.get("/Resources", pikepdf.Dictionary())
    fonts = resources.get("/Font", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    cmap: dict[int, str] = {}

    def current() -> tuple[str, int | None] | None:
        for tag, mcid in reversed(stack):
            if tag == "/Artifact" or mcid is not None:
                return tag, mcid
        return None

    def emit(text: str) -> None:
        where = current()
        if where is None:
            page.problems.append(f"text outside any marked sequence: {text!r}")
        elif where[0] == "/Artifact":
            page.artifact_text.append(text)
        else:
            page.mcid_text[where[1]] = page.mcid_text.get(where[1], "") + text

    for op in pikepdf.parse_content_stream(stream_owner):
        name = str(op.operator)
        if name in ("BMC", "BDC"):
            tag = str(op.operands[0])
            mcid = None
            if name == "BDC" and isinstance(op.operands[1], pikepdf.Dictionary):
                mcid = op.operands[1].get("/MCID")
                mcid = int(mcid) if mcid is not None else None
            if mcid is not None:
                if current() is not None and current()[1] is not None:
                    page.problems.append(f"MCID {mcid} nested in MCID {current()[1]}")
                if mcid in page.mcid_roles:
                    page.problems.append(f"MCID {mcid} used twice")
                page.mcid_roles[mcid] = tag
                page.mcid_text.setdefault(mcid, "")
            stack.append((tag, mcid))
        elif name == "EMC":
            if not stack:
                page.problems.append("EMC without an open sequence")
            else:
                stack.pop()
        elif name == "Tf":
            key = str(op.operands[0])
            if key not in fonts_cache:
                fonts_cache[key] = _cmap(fonts[key])
            cmap = fonts_cache[key]
        elif name in LINE_OPS and current() is not None:
            emit(" ")
        if name in TEXT_OPS:
            emit(shown_text(cmap, op.operands[-1]))
        elif name == "Do":
            xobj = xobjects[str(op.operands[0])]
            if xobj.Subtype == "/Form":
                _scan(xobj, page, stack, {})
            elif current() is None:
                page.problems.append(f"image {op.operands[0]} outside any marked sequence")
        elif name in ("BI", "INLINE IMAGE") and current() is None:
            page.problems.append("inline image outside any marked sequence")
    if stack and stream_owner.get("/Type") == "/Page":
        page.problems.append(f"{len(stack)} marked sequences left open at page end")


def read(path: Path) -> Report:
    pdf = pikepdf.open(path)
    problems: list[str] = []
    page_index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    pages: list[Page] = []
    for p in pdf.pages:
        page = Page()
        _scan(p.obj, page, [], {})
        pages.append(page)
        problems += [f"page {len(pages)}: {x}" for x in page.problems]

    tree = pdf.Root.StructTreeRoot
    top = tree.K
    top = top if isinstance(top, pikepdf.Array) else [top]
    root = Elem("StructTreeRoot", tree, None)
    root.order = []  # type: ignore[attr-defined]
    for kid in top:
        _walk(kid, root, tree, page_index, problems)

    # Every MCID on every page is referenced exactly once by the tree.
    refs = Counter((p, m) for e in root.walk() for p, m in e.content)
    for i, page in enumerate(pages):
        for mcid in page.mcid_roles:
            if refs[(i, mcid)] != 1:
                problems.append(f"page {i + 1} MCID {mcid} referenced {refs[(i, mcid)]} times")
    for (p, m), _n in refs.items():
        if m not in pages[p].mcid_roles:
            problems.append(f"tree refers to missing MCID {m} on page {p + 1}")

    # The parent tree round-trips: page key -> array[mcid] is the owning element.
    nums = _number_tree(tree.ParentTree)
    for i, p in enumerate(pdf.pages):
        key = p.obj.get("/StructParents")
        if key is None:
            problems.append(f"page {i + 1} has no /StructParents")
            continue
        if p.obj.get("/Tabs") != "/S":
            problems.append(f"page {i + 1} has no /Tabs /S")
        owners = nums.get(int(key))
        for e in root.walk():
            for pg, mcid in e.content:
                if pg == i and (owners is None or owners[mcid].objgen != e.obj.objgen):
                    problems.append(f"parent tree: page {i + 1} MCID {mcid} not owned by {e.role}")
        for annot in p.obj.get("/Annots", []):
            sp = annot.get("/StructParent")
            owner = nums.get(int(sp)) if sp is not None else None
            role = ANNOTATION_ROLES.get(str(annot.Subtype), "/Annot")
            if owner is None or owner.get("/S") != role:
                problems.append(f"page {i + 1}: {annot.Subtype} annotation not in a {role}")
            elif not any(o.objgen == annot.objgen for o in _objrs(owner)):
                problems.append(f"page {i + 1}: {role} does not point back to its annotation")
            described = annot.get("/Contents") if role == "/Link" else annot.get("/TU")
            if not str(described or "").strip():
                problems.append(f"page {i + 1}: {annot.Subtype} annotation not described")
    for e in root.walk():
        if e.role == "Figure" and not str(e.obj.get("/Alt", "")).strip():
            problems.append("Figure without /Alt")
    return Report(pdf, pages, root, problems)


def _objrs(elem: pikepdf.Dictionary):
    kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
    for k in kids:
        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR":
            yield k.Obj


def _walk(obj, parent: Elem, parent_obj, page_index, problems) -> None:
    if obj.get("/P") is None or obj.P.objgen != parent_obj.objgen:
        problems.append(f"{obj.get('/S')}: /P does not point to its parent")
    elem = Elem(str(obj.S)[1:], obj, parent)
    elem.order = []  # type: ignore[attr-defined]
    parent.kids.append(elem)
    parent.order.append(elem)  # type: ignore[attr-defined]
    pg = page_index.get(obj.Pg.objgen) if "/Pg" in obj else None
    kids = obj.get("/K", pikepdf.Array())
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    for kid in kids:
        if isinstance(kid, int):
            elem.content.append((pg, int(kid)))
            elem.order.append((pg, int(kid)))  # type: ignore[attr-defined]
        elif kid.get("/Type") == "/MCR":
            item = (page_index[kid.Pg.objgen], int(kid.MCID))
            elem.content.append(item)
            elem.order.append(item)  # type: ignore[attr-defined]
        elif kid.get("/Type") == "/OBJR":
            elem.annots.append(kid.Obj)
        else:
            _walk(kid, elem, obj, page_index, problems)


def _number_tree(node) -> dict[int, pikepdf.Object]:
    out: dict[int, pikepdf.Object] = {}
    if "/Nums" in node:
        nums = node.Nums
        for i in range(0, len(nums), 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid))
    return out


def heading_levels(report: Report) -> list[int]:
    return [int(e.role[1:]) for e in report.root.walk() if re.fullmatch(r"H[1-6]", e.role)]
