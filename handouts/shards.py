"""Sharded builds: each CI runner builds a stable, balanced share of the outputs.

Every runner computes the same partition from the content alone (never from
its own cache, which differs from runner to runner), so the shares are
disjoint and together make the whole library. Outputs are ordered by a hash
of their file name and the order is cut into N runs of equal expected pages:
adding a handout inserts one output somewhere in that order and moves each of
the N - 1 cut points by at most its pages, so only outputs next to a cut
change runner. Balance is by expected pages, not by count: a 6-page handout
costs a runner three times a 2-page one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Handout

# About this many words fill a page of the handout format beside its header,
# boxes and closing; brochures are one sheet, printed on both sides.
WORDS_PER_PAGE = 300
BROCHURE_PAGES = 2

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4); ValueError with what to write otherwise."""
    found = _SHARD.match(text)
    if not found:
        raise ValueError(f"expected K/N such as 1/4, got '{text}'")
    index, count = int(found[1]), int(found[2])
    if count < 1:
        raise ValueError(f"'{text}': in K/N the number of shards N must be at least 1")
    if not 1 <= index <= count:
        raise ValueError(
            f"'{text}': in K/N, K counts from 1 to N, e.g. 1/{count} to {count}/{count}"
        )
    return index, count


def expected_pages(handout: Handout, fmt: str) -> int:
    """A guess at the pages an output will have, from its words only.

    Deterministic and cheap: every runner must make the same guess without
    building anything.
    """
    if fmt != "handout":
        return BROCHURE_PAGES
    words = sum(len(text.split()) for text in _texts(handout))
    return 1 + words // WORDS_PER_PAGE


def _texts(node) -> Iterable[str]:
    from pydantic import BaseModel

    if isinstance(node, str):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _texts(item)


def _order_key(file: str) -> bytes:
    return hashlib.sha256(file.encode()).digest()


@dataclass(frozen=True)
class Weighted:
    file: str
    pages: int


def assign(outputs: Sequence[Weighted], count: int) -> dict[str, int]:
    """Each output's shard, 1 to `count`: cuts of equal pages along the hash order.

    An output belongs to the shard its middle page falls in, so a cut never
    splits one; integer arithmetic, so every machine agrees.
    """
    ordered = sorted(outputs, key=lambda o: _order_key(o.file))
    total = sum(max(1, o.pages) for o in ordered) or 1
    out: dict[str, int] = {}
    start = 0
    for o in ordered:
        weight = max(1, o.pages)
        middle2 = 2 * start + weight  # twice the middle page, to stay in integers
        out[o.file] = min(count, middle2 * count // (2 * total) + 1)
        start += weight
    return out
