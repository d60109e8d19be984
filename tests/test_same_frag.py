"""Our fragment comparison must answer exactly as ReportLab's C accelerator."""

from __future__ import annotations

import itertools
import random

from reportlab.lib import colors
from reportlab.lib.rl_accel import sameFrag as accelerated  # the C version (rl-accel)
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paraparser import ParaFrag

from handouts.render.document import reportlab_configured, same_frag

MARKUP = [
    "plain <b>bold</b> <i>italic</i> <b><i>both</i></b> &amp; more",
    'a <a href="https://a.example" color="#1b4965"><u>link</u></a> and text',
    'x <font backColor="#ffff00">marked</font> <nobr>no break</nobr> y',
    "one<br/>two <strike>gone</strike> <super>2</super> <sub>n</sub>",
    'an anchor <a name="here"/> and <font color="red" size="14">big</font>',
    '<span color="#336699" fontSize="9">small</span> <u>under</u> end',
]


def test_same_frag_answers_as_the_accelerator_for_parsed_fragments():
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    frags = [f for text in MARKUP for f in Paragraph(text, style).frags]
    assert any("cbDefn" in f.__dict__ for f in frags) and any(
        "lineBreak" in f.__dict__ for f in frags
    )
    for f, g in itertools.product(frags, repeat=2):
        assert same_frag(f, g) == bool(accelerated(f, g)), (f.__dict__, g.__dict__)


def test_same_frag_answers_as_the_accelerator_when_attributes_are_missing_or_none():
    values = {
        "fontName": ["Helvetica", "Helvetica-Bold"],
        "fontSize": [10, 12],
        "textColor": [colors.black, colors.red],
        "rise": [0, 2],
        "us_lines": [[], [(0, "underline", None, "", "-0.125*F", 0, 1, "1")]],
        "link": [[], [(0, "https://a.example")]],
        "backColor": [None, colors.yellow],
        "nobr": [None, False, True],
        "cbDefn": [None],
        "lineBreak": [True],
    }
    rng = random.Random(7)
    frags = []
    for _ in range(300):
        frag = ParaFrag()
        for name, choices in values.items():
            if rng.random() < (0.2 if name in ("cbDefn", "lineBreak") else 0.7):
                setattr(frag, name, rng.choice(choices))
        frags.append(frag)
    for f, g in itertools.product(frags[:120], repeat=2):
        assert same_frag(f, g) == bool(accelerated(f, g)), (f.__dict__, g.__dict__)


def test_builds_use_it_and_put_reportlabs_back():
    before = rl_paragraph.sameFrag
    with reportlab_configured():
        assert rl_paragraph.sameFrag is same_frag
        with reportlab_configured():  # nested (or another thread's) build
            assert rl_paragraph.sameFrag is same_frag
        assert rl_paragraph.sameFrag is same_frag
    assert rl_paragraph.sameFrag is before


def test_a_build_sees_reportlabs_own_values_not_its_settings_strings():
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4

    with reportlab_configured():
        assert rl_config.defaultPageSize == A4  # points, as rl_config computes them
        assert rl_config.unShapedFontGlob == []
