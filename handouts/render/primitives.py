"""ReportLab's page model, as the layouts and the theme use it.

The layouts build flowables and page templates from these; importing them
from here (not from ReportLab) keeps ReportLab inside `handouts.render`.
"""

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import ActionFlowable

__all__ = [
    "TA_LEFT",
    "ActionFlowable",
    "Canvas",
    "CondPageBreak",
    "Flowable",
    "FrameBreak",
    "KeepTogether",
    "NextPageTemplate",
    "PageTemplate",
    "Paragraph",
    "ParagraphStyle",
    "Spacer",
    "Table",
    "TableStyle",
    "colors",
    "inch",
    "mm",
    "simpleSplit",
    "stringWidth",
]
