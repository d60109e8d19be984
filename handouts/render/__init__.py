"""The only package that imports ReportLab: drawing, fonts, pictures, tagging, PDF files.

Everything above it (layouts, theme, station) asks this package for the
page model (`primitives`), the platypus subclasses (`paragraphs`,
`flowables`, `tagging`) and the document build (`document`), so that a
ReportLab upgrade is judged in one place (tests/test_reportlab_contract.py
lists every private name we touch).

`isolation` runs first, on the first import of this package: ReportLab must
be imported without the machine's settings files and variables.
"""

from . import isolation  # noqa: F401  (first: ReportLab must not see local settings)
