"""One tagged PDF of several: a set's handouts in order, each keeping its structure.

A set (`sets:` in content.yaml) prints as one PDF, and the README promises
every PDF is tagged PDF/UA-1. Joining pages is not enough: a screen reader
needs one structure tree, and a Spanish copy after an English one must
still say it is Spanish. So each part's Document element becomes a `Part`
element of the set's Document, carrying that handout's `/Lang` and title;
its elements are copied as they are, and the keys that tie pages and
annotations to the tree (`/StructParents`, `/StructParent`, the ParentTree)
move up past the parts before it.

The document's own `/Lang` is the first part's (the language the set is
listed under); every Part states its own, so none inherits the wrong one.
Blank backs added so each handout starts on a front side draw nothing and
hold no marked content. The set's title and the clinic's name are the only
document metadata: nothing personal stamped on the pages reaches them.
The same parts give the same bytes.

pypdf writes the file (ReportLab cannot read one back). Two of its names
used here are undocumented, `_add_object` and the outline entry's
`/%is_open%` (its reading of /Count, which it does not keep):
tests/test_pypdf_contract.py lists both.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    TreeObject,
)

from .structure import xmp_packet

PART = "/Part"


def duplex_pages(counts: Sequence[int]) -> tuple[int, int]:
    """(pages, blank backs among them) of a set whose parts have `counts` pages:
    each part but the last that ends on a front side gets a blank back."""
    blanks = sum(n % 2 for n in counts[:-1])
    return sum(counts) + blanks, blanks


def combine(parts: Sequence[bytes], title: str, author: str, language: str) -> bytes:
    """One tagged PDF of `parts` (each a tagged PDF), in order, titled `title`.

    `language` is the document's `/Lang`; each part keeps its own on its
    Part element. Each part's outline hangs under an entry with its title.
    """
    writer = PdfWriter()
    tree = _Tree(writer)
    for i, data in enumerate(parts):
        reader = PdfReader(io.BytesIO(data))
        first = len(writer.pages)
        offset = tree.next_key
        for page in reader.pages:
            _add_page(writer, page, offset)
        part = tree.add(reader, offset)
        _outline(writer, reader, part.title, first)
        if len(reader.pages) % 2 and i < len(parts) - 1:
            box = reader.pages[-1].mediabox
            blank = writer.add_blank_page(float(box.width), float(box.height))
            blank[_n("/StructParents")] = NumberObject(tree.blank_key())
            blank[_n("/Tabs")] = _n("/S")
    tree.write()
    _metadata(writer, title, author, language, tree.languages)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_page(writer: PdfWriter, page, offset: int) -> None:
    """Copy `page` with its annotations, its structure keys moved up by `offset`."""
    copy = writer.add_page(page)  # pypdf drops /StructParents: it would point nowhere
    copy[_n("/StructParents")] = NumberObject(int(page["/StructParents"]) + offset)
    for ref in copy.get("/Annots", ()):
        annot = ref.get_object()
        if "/StructParent" in annot:
            annot[_n("/StructParent")] = NumberObject(int(annot["/StructParent"]) + offset)


@dataclass
class _Added:
    """A part as it went into the tree: its title and language."""

    title: str
    lang: str


@dataclass
class _Tree:
    """The set's structure tree, built part by part."""

    writer: PdfWriter
    next_key: int = 0
    nums: list[tuple[int, PdfObject]] = field(default_factory=list)
    kids: ArrayObject = field(default_factory=ArrayObject)
    role_map: dict[str, PdfObject] = field(default_factory=dict)
    class_map: dict[str, PdfObject] = field(default_factory=dict)
    ids: dict[bytes, IndirectObject] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = _indirect(self.writer, DictionaryObject({_n("/Type"): _n("/StructTreeRoot")}))
        document = DictionaryObject(
            {_n("/Type"): _n("/StructElem"), _n("/S"): _n("/Document"), _n("/P"): self.root}
        )
        self.document = _indirect(self.writer, document)

    def add(self, reader: PdfReader, offset: int) -> _Added:
        """The part's Document, as a Part of the set's; its keys from `offset`."""
        catalog = reader.root_object
        source = catalog.get("/StructTreeRoot")
        if source is None:
            raise ValueError(f"part {len(self.kids) + 1} of the set is not tagged")
        source = source.get_object()
        (top,) = _array(source["/K"])  # our writer's one Document element
        # Cloned without parents (they would drag the part's own tree root in);
        # `_parent` sets every /P again.
        part = top.clone(self.writer, False, ("/P",))
        elem = part.get_object()
        title, lang = (reader.metadata or {}).get("/Title"), catalog.get("/Lang")
        if title is None or lang is None:
            raise ValueError(f"part {len(self.kids) + 1} of the set has no title or language")
        added = _Added(str(title), str(lang))
        elem[_n("/S")] = _n(PART)
        elem[_n("/T")] = TextStringObject(added.title)
        elem[_n("/Lang")] = TextStringObject(added.lang)
        self.languages.append(added.lang)
        _parent(part, self.document)
        self.kids.append(part)
        nums = list(_number_tree(source["/ParentTree"].get_object()))
        for key, value in nums:
            self.nums.append((key + offset, value.clone(self.writer, False, ("/P",))))
        given = source.get("/ParentTreeNextKey")
        after = int(given) if given is not None else max((k for k, _ in nums), default=-1) + 1
        self.next_key = offset + after
        self._maps(source, len(self.kids))
        return added

    def _maps(self, source: DictionaryObject, index: int) -> None:
        """Merge the part's role map, class map and element IDs into the set's."""
        for name, merged in (("/RoleMap", self.role_map), ("/ClassMap", self.class_map)):
            for key, value in source.get(name, DictionaryObject()).items():
                value = value.clone(self.writer, False, ("/P",))
                if key in merged and merged[key] != value:
                    raise ValueError(f"part {index} of the set maps {key} otherwise ({name})")
                merged[key] = value
        if "/IDTree" not in source:
            return
        for key, ref in _name_tree(source["/IDTree"].get_object()):
            clone = ref.clone(self.writer, False, ("/P",))
            if key in self.ids:  # the same handout twice: the same IDs
                key = ByteStringObject(b"part%d-" % index + key)
                clone.get_object()[_n("/ID")] = key
            self.ids[key] = clone

    def blank_key(self) -> int:
        """A key for a blank page: it holds no marked content, so no owners."""
        key = self.next_key
        self.nums.append((key, ArrayObject()))
        self.next_key += 1
        return key

    def write(self) -> None:
        doc = self.document.get_object()
        doc[_n("/K")] = self.kids
        root = self.root.get_object()
        root[_n("/K")] = ArrayObject([self.document])
        nums = ArrayObject()
        for key, value in sorted(self.nums, key=lambda pair: pair[0]):
            nums += [NumberObject(key), value]
        root[_n("/ParentTree")] = _indirect(self.writer, DictionaryObject({_n("/Nums"): nums}))
        root[_n("/ParentTreeNextKey")] = NumberObject(self.next_key)
        for name, merged in (("/RoleMap", self.role_map), ("/ClassMap", self.class_map)):
            if merged:
                root[_n(name)] = DictionaryObject({_n(k): v for k, v in sorted(merged.items())})
        if self.ids:
            names = ArrayObject()
            for key in sorted(self.ids):
                names += [ByteStringObject(key), self.ids[key]]
            root[_n("/IDTree")] = DictionaryObject({_n("/Names"): names})
        catalog = self.writer.root_object
        catalog[_n("/StructTreeRoot")] = self.root
        catalog[_n("/MarkInfo")] = DictionaryObject({_n("/Marked"): BooleanObject(True)})


def _parent(ref: IndirectObject, parent: IndirectObject) -> None:
    """Set `/P` of the element at `ref` and of every element under it."""
    elem = ref.get_object()
    elem[_n("/P")] = parent
    for kid in _array(elem.get("/K")):
        if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
            _parent(kid, ref)
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            raise ValueError("a structure element written inline; the merge needs references")


def _array(value) -> list:
    """A /K value as a list: one kid, an array of them, or none."""
    if value is None:
        return []
    if isinstance(value, IndirectObject) and isinstance(value.get_object(), ArrayObject):
        value = value.get_object()
    return list(value) if isinstance(value, ArrayObject) else [value]


def _number_tree(node: DictionaryObject) -> Iterator[tuple[int, PdfObject]]:
    """(key, value) of a number tree, its kids flattened, in order."""
    nums = node.get("/Nums", ArrayObject())
    for i in range(0, len(nums), 2):
        yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_tree(kid.get_object())


def _name_tree(node: DictionaryObject) -> Iterator[tuple[bytes, IndirectObject]]:
    """(name, reference) of a name tree, its kids flattened."""
    names = node.get("/Names", ArrayObject())
    for i in range(0, len(names), 2):
        key = names[i]
        yield (
            (key.original_bytes if isinstance(key, TextStringObject) else bytes(key)),
            names[i + 1],
        )
    for kid in node.get("/Kids", ()):
        yield from _name_tree(kid.get_object())


def _outline(writer: PdfWriter, reader: PdfReader, title: str, first: int) -> None:
    """An entry for the part (its title, its first page) holding the part's outline."""
    top = writer.add_outline_item(title=title, page_number=first)
    pages = {p.indirect_reference.idnum: first + i for i, p in enumerate(reader.pages)}
    _outline_items(writer, reader.outline, top, pages)


def _outline_items(writer: PdfWriter, items: list, parent: TreeObject, pages: dict) -> None:
    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _outline_items(writer, item, last, pages)
            continue
        dest = item.dest_array
        last = writer.add_outline_item(
            title=str(item.title),
            page_number=pages[item.page.idnum],
            parent=parent,
            fit=Fit(str(dest[1]), tuple(dest[2:])),
            is_open=bool(item.get("/%is_open%", True)),  # pypdf's reading of /Count
        )


def _metadata(
    writer: PdfWriter, title: str, author: str, language: str, languages: list[str]
) -> None:
    """The set's title and clinic, in the info dictionary and the XMP that matches it."""
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": author,
            "/Creator": "handouts",
            "/Producer": "handouts (pypdf)",
        }
    )
    writer.create_viewer_preferences().display_doctitle = True
    catalog = writer.root_object
    catalog[_n("/Lang")] = TextStringObject(language)
    langs = list(dict.fromkeys([language, *languages]))
    stream = StreamObject()
    stream[_n("/Type")] = _n("/Metadata")
    stream[_n("/Subtype")] = _n("/XML")
    stream.set_data(xmp_packet(title, author, "", "", langs))
    catalog[_n("/Metadata")] = _indirect(writer, stream)


def _indirect(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    return writer._add_object(obj)


def _n(name: str) -> NameObject:
    return NameObject(name)
