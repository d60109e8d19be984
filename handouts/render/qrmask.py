"""ReportLab's QR code mask choice, scored in C-speed string and integer operations.

ReportLab's encoder lays a code out with each of its 8 mask patterns and
scores each (`QRUtil.getLostPoint`: runs, blocks, finder-like patterns,
balance) in Python loops over every module, twice per rule; that scoring
was most of the 7 ms a code took, and the catalogue prints one code per
handout. The same rules, with ReportLab's own quirks, are scored here on
rows and columns as bytes (regular expressions and `bytes.find`) and as
bit masks, so the mask chosen and hence every module are ReportLab's
(tests/test_qr.py compares them on many texts).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

_RUN = re.compile(rb"\x00{5,}|\x01{5,}")  # five or more modules of one colour in a line
# The finder-like pattern ReportLab looks for (in this one orientation only).
_FINDER = bytes([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0])
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def best_mask(code: Any) -> int:
    """The mask `QRCode.getBestMaskPattern` picks (the first with the fewest lost points),
    laying `code` out with each mask as it does."""
    best, best_lost = 0, 0
    for mask in range(8):
        code.makeImpl(True, mask)
        lost = lost_points(code.modules)
        if mask == 0 or best_lost > lost:
            best, best_lost = mask, lost
    return best


def lost_points(modules: list[list[bool]]) -> int:
    """`QRUtil.getLostPoint` of a laid-out code: rule 1 on rows and columns, rule 2 on
    blocks, rule 3 on rows (ReportLab compares each column, a tuple, with a list
    pattern, which never matches), rule 4 on the balance of dark and light."""
    rows = [bytes(row) for row in modules]
    columns = [bytes(column) for column in zip(*modules, strict=True)]
    n = len(rows)
    dark = sum(row.count(1) for row in rows)
    return (
        _runs(rows)
        + _runs(columns)
        + _blocks(rows, n)
        + _finders(rows, n)
        + 10 * (abs(100 * dark // (n * n) - 50) // 5)
    )


def _runs(lines: list[bytes]) -> int:
    """Rule 1: a run of five or more modules of one colour scores its length less 2."""
    return sum(len(run) - 2 for line in lines for run in _RUN.findall(line))


def _blocks(rows: list[bytes], n: int) -> int:
    """Rule 2: 3 for each 2 x 2 block of one colour (overlapping blocks counted each)."""
    bits = [int(row.translate(_DIGITS), 2) for row in rows]
    inside = (1 << (n - 1)) - 1  # a block's left column: every column but the last
    score = 0
    for above, below in itertools.pairwise(bits):
        same = ~(above ^ (above >> 1)) & ~(below ^ (below >> 1)) & ~(above ^ below) & inside
        score += 3 * same.bit_count()
    return score


def _finders(lines: list[bytes], n: int) -> int:
    """Rule 3, as ReportLab scans: 40 for each finder-like pattern, searched left to right
    without overlap, starting before the last place it could start."""
    score, size = 0, len(_FINDER)
    end = n - 1  # so a match starts before n - size, the last place it could start
    for line in lines:
        at = line.find(_FINDER, 0, end)
        while at >= 0:
            score += 40
            at = line.find(_FINDER, at + size, end)
    return score
