"""Numbers a reader can use: percentages with a natural frequency, ranges with a
unit, and no sums left for the reader to do (CDC Clear Communication Index part C).

Many adults cannot turn "30 %" into "30 out of 100 people", work out what
"twice the dose" is, or tell whether "take 1-2" means tablets or spoonfuls.
These are patterns in the words, so a finding is a prompt to reread the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..language import language as language_of
from ..model import Loc
from . import prose, readability
from .context import Context
from .results import Outcome

_NUMBER = r"\d+(?:[.,]\d+)?"
PERCENT = re.compile(rf"(?<![\w.,])({_NUMBER})\s?(?:%|per ?cent\b)", re.IGNORECASE)
# "30 out of 100", "1 in 10", "3 of every 100": a natural frequency.
FREQUENCY = re.compile(
    r"(?<![\w.,])[\d,]+\s+(?:out of|in|of every|de cada|de)\s+[\d,]*\d(?!\w|[.,]\d)",
    re.IGNORECASE,
)
# Two small numbers joined by a dash or "to", not part of a phone number or a date.
RANGE = re.compile(
    r"(?<![\w.,\-–(/])(\d{1,3}(?:\.\d+)?)\s?(?:-|–|to)\s?(\d{1,3}(?:\.\d+)?)(?![\w\-–/)]|[.,]\d)"
)
# What may follow a range and is no unit: the reader cannot tell what is counted.
_NOT_A_UNIT = frozenset(
    (
        *("a", "an", "and", "as", "at", "but", "by", "each", "every", "for", "from", "if"),
        *("in", "into", "it", "of", "on", "or", "so", "than", "that", "the", "then", "this"),
        *("to", "up", "when", "with", "you", "your"),
    )
)
# A unit or a scale named before the range: "$10-20", "ages 18-65", "a scale of 0 to 10".
_UNIT_BEFORE = re.compile(r"(?:[$£€]|\bages?\s|\baged\s|\bscale (?:of|from)\s)$", re.IGNORECASE)
_ATTACHED_UNIT = re.compile(r"\s?(?:%|°|[a-zµ]+\b)", re.IGNORECASE)
ARITHMETIC = re.compile(
    r"\b(?:twice|double|triple|half|a third of|a quarter of"
    r"|(?:two|three|four|five|ten|\d+) times)"
    r"\s+(?:the|as|that|your|this|more|less|what)\b(?:\s+\w+)?"
    r"|\b(?:add|subtract|multiply|divide)\b"
    r"|(?<![\w.,])\d+(?:\.\d+)?\s?(?:%|per ?cent)\s+(?:more|less|higher|lower|fewer)\b"
    r"|\bper (?:kg|kilogram|pound|lb)\b|/kg\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # "percent", "range" or "arithmetic"
    message: str
    hint: str
    loc: Loc


def _frequency_hint(value: str) -> str:
    number = float(value.replace(",", "."))
    if number == int(number):
        return f'add the same as a count: "{int(number)} out of 100 people"'
    return f'add the same as a count: "{round(number * 10)} out of 1,000 people"'


def _percentages(text: str, loc: Loc) -> Iterator[Problem]:
    if FREQUENCY.search(text):
        return
    for m in PERCENT.finditer(text):
        yield Problem(
            "percent",
            f'percentage "{m.group(0)}" without an "N out of 100" form: '
            f'"{prose.excerpt(text, *m.span())}"',
            _frequency_hint(m.group(1)),
            loc,
        )


def _has_unit(text: str, end: int) -> bool:
    attached = _ATTACHED_UNIT.match(text, end)
    if attached is None or text[end : end + 1] in ".,;:!?)":
        return False
    word = attached.group(0).strip().casefold()
    return word in ("%", "°") or (word.isalpha() and word not in _NOT_A_UNIT)


def _ranges(text: str, loc: Loc) -> Iterator[Problem]:
    for m in RANGE.finditer(text):
        if _UNIT_BEFORE.search(text, 0, m.start()) or _has_unit(text, m.end()):
            continue
        low, high = m.groups()
        yield Problem(
            "range",
            f'range "{m.group(0)}" without a unit: "{prose.excerpt(text, *m.span())}"',
            f'say what is counted, e.g. "{low} to {high} tablets" or "{low} to {high} days"',
            loc,
        )


def _arithmetic(text: str, loc: Loc, earlier: str) -> Iterator[Problem]:
    for m in ARITHMETIC.finditer(text):
        if not _DIGIT.search(earlier + text[: m.start()]) and not _DIGIT.search(m.group(0)):
            continue  # "twice a day" with no number to work from is not a sum
        yield Problem(
            "arithmetic",
            f'the reader has to work out "{m.group(0)}": "{prose.excerpt(text, *m.span())}"',
            "do the sum for the reader and write the result",
            loc,
        )


def problems(ctx: Context) -> list[Problem]:
    """Every number problem in the handout, in reading order."""
    found: list[Problem] = []
    english, earlier = readability.is_english(ctx.handout.language), ""
    for text, loc in prose.all_text(ctx.handout):
        found += _percentages(text, loc)
        if english:  # the range and sum patterns are English words
            found += [*_ranges(text, loc), *_arithmetic(text, loc, earlier)]
        earlier = text
    return found


def has_numbers(ctx: Context) -> bool:
    return any(_DIGIT.search(u.text) for u in prose.units(ctx.handout))


def numbers(ctx: Context) -> Outcome:
    findings = [ctx.finding(p.message, p.loc, p.hint) for p in problems(ctx)]
    if not findings and not readability.is_english(ctx.handout.language):
        name = language_of(ctx.handout.language).english_name
        return Outcome(
            True,
            "every percentage has a count beside it (the range and sum patterns are "
            f"English; a person reads the {name} for them)",
        )
    if not findings:
        return Outcome(True, "numbers are given as counts, with units, and need no sums")
    plural = "s" if len(findings) > 1 else ""
    return Outcome(
        False, f"{len(findings)} number{plural} a reader may not be able to use", tuple(findings)
    )
