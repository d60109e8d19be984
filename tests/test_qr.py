"""QR codes: the modules are ReportLab's own, with the mask chosen faster."""

from __future__ import annotations

import random
import string

import pytest
from reportlab.graphics.barcode import qrencoder

from handouts.render import qrmask
from handouts.render.flowables import qr_modules


def _reportlab(text: str) -> tuple[tuple[bool, ...], ...]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "/:.-_?=&#%~ "
    out = []
    for _ in range(count):
        size = rng.choice([5, 20, 40, 60, 90, 140, 250])  # versions 1 to about 10
        out.append("https://" + "".join(rng.choice(alphabet) for _ in range(size)))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_qr_codes_are_reportlabs_module_for_module(seed):
    for text in _texts(seed, 25):
        assert qr_modules.__wrapped__(text) == _reportlab(text), text


def test_the_lost_points_are_reportlabs_for_every_mask():
    for text in _texts(7, 12):
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(text)
        code.version = code.calculate_version()
        for mask in range(8):
            code.makeImpl(True, mask)
            assert qrmask.lost_points(code.modules) == qrencoder.QRUtil.getLostPoint(code)
