"""What a flowable knows about itself beyond ReportLab: one attribute, one copier.

A flowable made from content carries where it came from (for errors that
point at the YAML), the brochure region it must stay in (for fitting), and
its structure role (for tagging). ReportLab rebuilds flowables when it splits
them across frames and forgets anything it does not know; `carry` is the one
helper that gives every piece its parent's metadata, so a new flowable class
cannot silently lose its tag or its source line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from ..diagnostics import Loc
from .structure import Tag

F = TypeVar("F")

ATTRIBUTE = "_handouts_meta"


# What a whole paragraph is: (the link all its words are, the language they are in).
Whole = tuple[str | None, str | None]


@dataclass(frozen=True, slots=True)
class FlowMeta:
    loc: Loc = ()
    region: str | None = None
    tag: Tag | None = None
    whole: Whole | None = None  # a paragraph wholly one link or in one language


NONE = FlowMeta()
_FIELDS = frozenset(FlowMeta.__dataclass_fields__)


def meta(flowable: Any) -> FlowMeta:
    """The flowable's metadata (empty when it has none)."""
    return flowable.__dict__.get(ATTRIBUTE, NONE)


def annotate(flowable: F, **changes: Any) -> F:
    """Set some of a flowable's metadata, keeping the rest; returns the flowable.

    Written to `__dict__` directly: list indenters proxy attribute writes to
    the flowable they hold.
    """
    if not changes.keys() <= _FIELDS:
        raise TypeError(f"no such metadata: {sorted(changes.keys() - _FIELDS)}")
    old = meta(flowable)
    # Built directly: `dataclasses.replace` inspects the fields on every call,
    # and every paragraph of a story is annotated twice (its source, its tag).
    flowable.__dict__[ATTRIBUTE] = FlowMeta(
        changes.get("loc", old.loc),
        changes.get("region", old.region),
        changes.get("tag", old.tag),
        changes.get("whole", old.whole),
    )
    return flowable


def carry(parent: Any, pieces: list[Any]) -> list[Any]:
    """Give the pieces of a split flowable the metadata of the whole."""
    data = meta(parent)
    if data is not NONE:
        for piece in pieces:
            piece.__dict__[ATTRIBUTE] = data
    return pieces


def fill_in(flowable: Any, previous: Any) -> None:
    """Give a flowable the source location and region it lacks from the one before it.

    When ReportLab splits a group (a keep-together block, a list), it pushes
    the group's members back into the story one by one: they have their own
    structure role but not the group's region. The structure role itself is
    never passed on: untagged content stays untagged.
    """
    own, before = meta(flowable), meta(previous)
    if (own.loc and own.region) or before is NONE:
        return
    flowable.__dict__[ATTRIBUTE] = FlowMeta(
        own.loc or before.loc, own.region or before.region, own.tag, own.whole
    )


def source(flowable: F, loc: Loc) -> F:
    """Mark a flowable with the content location it was made from."""
    return annotate(flowable, loc=loc)
