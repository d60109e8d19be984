"""ReportLab's file writing (`PDFDocument.format`), with its commonest objects formatted here.

ReportLab formats every value through `pdfdoc.format`: a chain of type
checks, and for each dictionary key a `PDFName` that escapes the key one
character at a time. A handout's pages, annotations, font dictionaries and
streams were over a millisecond of that. `write` is the same loop, the same
cross-reference table and the same trailer; dictionaries, arrays,
references, names and numbers (and the pages, their resources, the
catalog and plain streams made of them) are formatted here to the bytes ReportLab writes, a test
compares the two, and any other object still formats itself.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import isSeq
from reportlab.pdfbase import pdfdoc

_LINE = b"\n "


def write(document: pdfdoc.PDFDocument) -> bytes:
    """The file `document.format()` makes, from an unencrypted, unsigned document."""
    plain = type(document.encrypt) is pdfdoc.NoEncryption and not getattr(
        document, "_digiSigs", None
    )
    if not plain or _commented():
        return pdfdoc.PDFDocument.format(document)
    catalog, info = document.Catalog, document.info
    document.Reference(catalog)
    document.Reference(info)
    numbers, objects = document.idToObjectNumberAndVersion, document.idToObject
    by_number, offsets = document.numberToId, document.idToOffset
    out = pdfdoc.PDFFile(document._pdfVersion)
    chunks, offset = out.strings, out.offset
    xref = [b"0000000000 65535 f "]
    counter = 1
    while counter in by_number:  # objects may be registered while others format
        name = by_number[counter]
        body = _top(objects[name], document)
        chunk = (
            b"%d %d obj\n" % numbers[name]
            + body
            + (b"endobj\n" if body[-1:] == b"\n" else b"\nendobj\n")
        )
        offsets[name] = offset
        xref.append(b"%010d %05d n " % (offset, numbers[name][1]))
        chunks.append(chunk)
        offset += len(chunk)
        counter += 1
    if counter - 1 != len(by_number):
        raise ValueError(f"objects numbered {counter - 1}, registered {len(by_number)}")
    chunks.append(b"xref\n0 %d\n" % len(xref) + b"\n".join(xref) + b"\n")
    trailer = pdfdoc.PDFTrailer(
        startxref=offset,
        Size=len(by_number) + 1,
        Root=document.Reference(catalog),
        Info=document.Reference(info),
        ID=document.ID(),
    )
    chunks.append(trailer.format(document))
    return b"".join(chunks)


def _commented() -> bool:
    """Whether ReportLab would write a comment before objects (never in an invariant file)."""
    return not rl_config.invariant and rl_config.pdfComments


def _top(obj: Any, document: pdfdoc.PDFDocument) -> bytes:
    """An object's body as `PDFIndirectObject` formats it (at top level)."""
    kind = type(obj)
    if kind is pdfdoc.PDFStream:
        return _stream(obj, document)
    if kind.format is pdfdoc.PDFCatalog.format:
        return _catalog(obj, document)
    fast = _FAST.get(kind)
    if fast is not None:
        return fast(obj, document)
    return (
        obj.format(document)
        if isinstance(obj, pdfdoc.PDFObject)
        else pdfdoc.format(obj, document, 1)
    )


def _value(value: Any, document: pdfdoc.PDFDocument) -> bytes:
    """A value inside another, as `pdfdoc.format` writes it."""
    fast = _FAST.get(type(value))
    if fast is not None:
        return fast(value, document)
    return pdfdoc.format(value, document)


@functools.cache
def _key(name: str) -> bytes:
    """A dictionary key as a PDF name, escaped once per name and process."""
    return pdfdoc.pdfdocEnc(pdfdoc.PDFName(name))


def _dictionary(obj: pdfdoc.PDFDictionary, document: pdfdoc.PDFDocument) -> bytes:
    """`PDFDictionary.format`: keys sorted unless ordered, six entries a line."""
    entries = obj.dict
    keys = list(entries) if isinstance(entries, OrderedDict) else sorted(entries)
    lines = [_key(k) + b" " + _value(entries[k], document) for k in keys]
    return _laid(obj, lines, 6, b"<<\n", b"\n>>")


def _array(obj: pdfdoc.PDFArray, document: pdfdoc.PDFDocument) -> bytes:
    """`PDFArray.format`: ten items a line."""
    return _laid(obj, [_value(v, document) for v in obj.sequence], 10, b"[ ", b" ]")


def _laid(obj: Any, parts: list[bytes], per_line: int, opening: bytes, closing: bytes) -> bytes:
    """Parts one a line (a multiline object), else `per_line` a line, as ReportLab lays them."""
    if (obj.multiline and rl_config.pdfMultiLine) or obj.multiline == "forced":
        return opening + _LINE.join(parts) + closing
    for i in reversed(range(per_line, len(parts), per_line)):
        parts.insert(i, _LINE)
    return opening + b" ".join(parts) + closing


def _reference(obj: pdfdoc.PDFObjectReference, document: pdfdoc.PDFDocument) -> bytes:
    return b"%d %d R" % document.idToObjectNumberAndVersion[obj.name]


def _catalog(obj: pdfdoc.PDFCatalog, document: pdfdoc.PDFDocument) -> bytes:
    """`PDFCatalog.format` (a page, the page tree and the catalog format so)."""
    obj.check_format(document)
    entries = {}
    for k, v in obj.__Defaults__.items():
        v = getattr(obj, k, v)
        if v is not None:
            entries[k] = v
    for k in obj.__NoDefault__:
        v = getattr(obj, k, None)
        if v is not None:
            entries[k] = v
    for k in obj.__Refs__:
        if k in entries:
            entries[k] = document.Reference(entries[k])
    return _dictionary(pdfdoc.PDFDictionary(entries), document)


def _stream(obj: pdfdoc.PDFStream, document: pdfdoc.PDFDocument) -> bytes:
    """`PDFStream.format`: filtered content, /Filter and /Length added to a copy."""
    if obj.content is None:
        raise ValueError("stream content not set")
    dictionary = pdfdoc.PDFDictionary(obj.dictionary.dict.copy())
    content = obj.content
    filters = document.defaultStreamFilters if obj.filters is None else obj.filters
    if filters is not None and "Filter" not in dictionary.dict:
        for f in reversed(filters):
            content = f.encode(content)
        dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(f.pdfname) for f in filters])
    content = document.encrypt.encode(content)
    dictionary["Length"] = len(content)
    body = pdfdoc.pdfdocEnc(content)
    return _dictionary(dictionary, document) + b"\nstream\n" + body + b"endstream\n"


def _resources(obj: pdfdoc.PDFResourceDictionary, document: pdfdoc.PDFDocument) -> bytes:
    """`PDFResourceDictionary.format`: empty sub-dictionaries and an empty ProcSet left out."""
    entries: dict[str, Any] = {}
    for name in obj.dict_attributes:
        v = getattr(obj, name)
        if not isinstance(v, dict):
            entries[name] = v
        elif v:
            entries[name] = pdfdoc.PDFDictionary(v)
    procs = obj.ProcSet
    if not isSeq(procs):
        entries["ProcSet"] = procs
    elif procs:
        entries["ProcSet"] = pdfdoc.PDFArray(procs)
    return _dictionary(pdfdoc.PDFDictionary(entries), document)


def _number(value: float, document: pdfdoc.PDFDocument) -> bytes:
    return pdfdoc.pdfdocEnc(fp_str(value))


def _text(value: str, document: pdfdoc.PDFDocument) -> bytes:
    return pdfdoc.pdfdocEnc(value)


def _bytes(value: bytes, document: pdfdoc.PDFDocument) -> bytes:
    return value


# Exact types only: a subclass (a checked dictionary, a compact array) formats itself.
_FAST = {
    pdfdoc.PDFDictionary: _dictionary,
    pdfdoc.PDFArray: _array,
    pdfdoc.PDFObjectReference: _reference,
    pdfdoc.PDFResourceDictionary: _resources,
    int: _number,
    float: _number,
    str: _text,
    bytes: _bytes,
}
