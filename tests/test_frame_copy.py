"""Our frames deep-copy as ReportLab's do (it measures lists and groups in a copy)."""

from __future__ import annotations

import copy
import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame as ReportLabFrame
from reportlab.platypus import Paragraph

from handouts.render import Frame


def used(frame):
    canvas = Canvas(io.BytesIO())
    frame._frameBGs = []  # as the document gives it
    frame.add(Paragraph("Some words to place", ParagraphStyle("p")), canvas)
    return frame


def test_a_deep_copy_has_reportlabs_values_and_shares_nothing_mutable():
    ours = used(Frame(36, 72, 300, 500, id="body", leftPadding=0, topPadding=3))
    theirs = used(ReportLabFrame(36, 72, 300, 500, id="body", leftPadding=0, topPadding=3))
    ours_copy, theirs_copy = copy.deepcopy(ours), copy.deepcopy(theirs)
    assert type(ours_copy) is Frame
    assert vars(ours_copy) == vars(theirs_copy)
    assert list(vars(ours_copy)) == list(vars(theirs_copy))  # same order too
    for name, value in vars(ours).items():
        if isinstance(value, list | dict):
            assert getattr(ours_copy, name) is not value, name
    ours_copy._frameBGs.append("more")
    assert ours._frameBGs == theirs._frameBGs
