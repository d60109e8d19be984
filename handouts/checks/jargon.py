"""Medical words a reader may not know, found in any form, with an everyday word to use.

The list (`data/medical_terms.tsv`) was written for this project from public
plain-language guidance; each entry names the guide it follows. Words are
compared by a light stem, so "ecchymoses", "titrated" and "titrating" find
"ecchymosis" and "titrate" without a dictionary of forms.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import prose
from .data import rows

_NO_UNDOUBLING = frozenset("lsz")  # "ill", "pass", "buzz" keep their double letter


def stem(word: str) -> str:
    """A word without its plural, -ed or -ing ending, or a final e or y.

    Not a linguist's stem: only the same function applied to both the list
    and the text matters, so "dilate", "dilates", "dilated" and "dilating"
    all become "dilat".
    """
    w = word.casefold().replace("’", "'")
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"  # biopsies, biopsied -> biopsy
    elif w.endswith("ses") and len(w) > 5:
        w = w[:-3] + "sis"  # metastases -> metastasis
    elif w.endswith(("xes", "zes", "ches", "shes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _NO_UNDOUBLING and w[-1].isalpha():
        w = w[:-1]
    if w.endswith(("e", "y")) and len(w) > 3:
        w = w[:-1]
    return w


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in prose.words(text))


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    plain: str
    source: str

    @property
    def key(self) -> tuple[str, ...]:
        return stems(self.term)


@functools.cache
def terms() -> tuple[Term, ...]:
    return tuple(Term(r["term"], r["plain"], r["source"]) for r in rows("medical_terms.tsv"))


@functools.cache
def _index() -> dict[str, tuple[Term, ...]]:
    """Terms by the stem of their first word, longest first."""
    by_first: dict[str, list[Term]] = {}
    for term in terms():
        by_first.setdefault(term.key[0], []).append(term)
    return {k: tuple(sorted(v, key=lambda t: -len(t.key))) for k, v in by_first.items()}


@dataclass(frozen=True, slots=True)
class Use:
    """A list term found in a text: the words as written, and a few around them."""

    term: Term
    written: str
    context: str


def _explained_inline(text: str, start: int, stop: int) -> bool:
    """ "acute (sudden) pain" or "strong pain pills (opioids)": explained where it stands."""
    return text[stop:].lstrip().startswith("(") or text[:start].rstrip().endswith("(")


def _longest(candidates: Iterable[tuple[str, ...]], keys: tuple[str, ...], i: int) -> int:
    """How many words from `i` the longest matching candidate key covers (0: none)."""
    return max((len(k) for k in candidates if keys[i : i + len(k)] == k), default=0)


def find(text: str, skip: frozenset[tuple[str, ...]] = frozenset()) -> Iterator[Use]:
    """Every list term in `text` (longest match first) that is not explained inline.

    Words covered by a key in `skip` (terms the handout defines, the clinic
    allows or the glossary lists) are passed over whole, so "NMDA receptor"
    in the glossary keeps "receptor" from being flagged inside it.
    """
    spans = prose.word_spans(text)
    keys = tuple(stem(text[a:b]) for a, b in spans)
    index, i = _index(), 0
    skip_by_first = {k[0]: [s for s in skip if s[0] == k[0]] for k in skip}
    while i < len(keys):
        covered = _longest(skip_by_first.get(keys[i], ()), keys, i)
        match = next(
            (t for t in index.get(keys[i], ()) if keys[i : i + len(t.key)] == t.key),
            None,
        )
        if covered or match is None:
            i += covered or 1
            continue
        end = i + len(match.key)
        start, stop = spans[i][0], spans[end - 1][1]
        if not _explained_inline(text, start, stop):
            yield Use(match, text[start:stop], prose.excerpt(text, start, stop))
        i = end


def keys(phrases: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """The stem keys of words a handout defines or a clinic allows."""
    return frozenset(stems(p) for p in phrases if prose.words(p))
