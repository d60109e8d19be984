"""PDF values written as bytes we format ourselves, among ReportLab's objects.

ReportLab formats a value through one object and one dispatch per number,
name and array; a document's structure tree and font widths are thousands
of them. Where we know the value's whole shape, we write its bytes in one
pass and hand ReportLab this object, which it writes as it is (and numbers,
as an indirect object, like any other).
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc


class Formatted(pdfdoc.PDFObject):
    """A PDF value already formatted."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return self.data
