"""The words a reader meets in a handout, cut into the units the rules judge.

Readability formulas are made for running prose, so headings, table cells and
form labels (fragments without verbs) are left out of the scores; they would
make every handout look easier than it reads. Each unit keeps its location so
a finding can point at the line in content.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import markup
from .. import sentences as ends
from ..language import language as language_of
from ..model import Block, Handout, Loc

LIST_KINDS = ("bullets", "steps", "checklist")


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph or list item as plain text, where it is, and what it is."""

    text: str
    loc: Loc
    kind: str  # "paragraph" or "item"
    section: int | None  # index into handout.sections; None outside sections


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[str, ...]
    loc: Loc


def words(text: str) -> list[str]:
    """Words as a reader counts them: hyphenated words and contractions are one
    (`handouts.sentences`: a letter keeps its combining marks, as in Hindi)."""
    return ends.word_pattern(text).findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each of `words(text)` starts and ends in the text."""
    return [m.span() for m in ends.word_pattern(text).finditer(text)]


def excerpt(text: str, start: int, end: int, pad: int = 4) -> str:
    """`text[start:end]` with up to `pad` words either side, to quote in a finding."""
    spans = word_spans(text)
    before = [a for a, b in spans if b <= start][-pad:]
    after = [b for a, b in spans if a >= end][:pad]
    return text[before[0] if before else start : after[-1] if after else end]


def sentences(text: str) -> list[str]:
    """The sentences of a unit (ended as `handouts.sentences` says, in any script);
    a unit without end punctuation is one sentence."""
    return [s for s in ends.split(text) if words(s)]


# Japanese is counted in characters, two to an English word: the University of
# Tokyo's checklist for understandable materials (https://ez2understand.ifi.u-tokyo.ac.jp/
# checklist-basic/basic_2/, item 2) reckons so, and turns the 10 to 20 words an
# English sentence should have into "about 40 characters" for Japanese. No such
# published figure was found for Chinese, Thai or the other unspaced languages.
CHARACTERS_PER_WORD = {"ja": 2}


@dataclass(frozen=True, slots=True)
class Length:
    """How a language's text is measured against a limit set in words."""

    unit: str  # "words" or "characters"
    per_word: int  # units to one word of the limit

    def of(self, text: str) -> int:
        if self.unit == "words":
            return len(words(text))
        return sum(ch.isalnum() for ch in text)  # letters, kana, ideographs and digits

    def limit(self, words_limit: int) -> int:
        return words_limit * self.per_word


WORDS = Length("words", 1)


def length(language: str) -> Length | None:
    """How to measure the language's sentences and paragraphs; None when nothing
    honest can be counted (a language written without spaces between words, for
    which no published character limit was found: Chinese)."""
    lang = language_of(language)
    if lang.spaced:
        return WORDS
    per_word = CHARACTERS_PER_WORD.get(lang.primary)
    return Length("characters", per_word) if per_word else None


def not_measured(language: str) -> str:
    """Why the length rules cannot measure the language's text."""
    name = language_of(language).english_name
    return f"not measured: {name} is written without spaces between words"


first_words = markup.first_words  # where a finding quotes the text


def _block_units(block: Block, section: int | None) -> Iterator[Unit]:
    kind, value, loc = block.kind, block.value, block.loc
    if kind in ("paragraph",):
        yield Unit(markup.plain(value), (*loc, kind), "paragraph", section)
    elif kind in LIST_KINDS:
        for i, item in enumerate(value):
            yield Unit(markup.plain(item), (*loc, kind, i), "item", section)
    elif kind == "callout":
        for i, text in enumerate(value.body):
            yield Unit(markup.plain(text), (*value.loc, "body", i), "paragraph", section)
    elif kind == "definitions":
        for d in value:
            yield Unit(markup.plain(d.definition), (*d.loc, "definition"), "paragraph", section)
    elif kind == "quote":
        yield Unit(markup.plain(value.text), (*value.loc, "text"), "paragraph", section)
    elif kind in ("table", "image", "qr") and value.caption:
        yield Unit(markup.plain(value.caption), (*value.loc, "caption"), "paragraph", section)


def units(handout: Handout) -> list[Unit]:
    """Every prose unit of the handout, in reading order."""
    out = [
        Unit(markup.plain(text), (*handout.loc, "summary", i), "item", None)
        for i, text in enumerate(handout.summary)
    ]
    for block in handout.intro:
        out.extend(_block_units(block, None))
    for index, section in enumerate(handout.sections):
        for block in section.body:
            out.extend(_block_units(block, index))
    if handout.call_to_action:
        cta = markup.plain(handout.call_to_action)
        out.append(Unit(cta, (*handout.loc, "call_to_action"), "paragraph", None))
    return out


def blocks(handout: Handout) -> Iterator[Block]:
    yield from handout.intro
    for section in handout.sections:
        yield from section.body


def lists(handout: Handout) -> Iterator[ListBlock]:
    """Every list a reader has to hold in mind, the key points included."""
    if handout.summary:
        yield ListBlock(tuple(handout.summary), (*handout.loc, "summary"))
    for block in blocks(handout):
        if block.kind in LIST_KINDS:
            yield ListBlock(tuple(block.value), (*block.loc, block.kind))
        elif block.kind == "callout" and len(block.value.body) > 1:
            yield ListBlock(tuple(block.value.body), (*block.value.loc, "body"))


def all_text(handout: Handout) -> Iterator[tuple[str, Loc]]:
    """Everything printed from the handout's own content, headings included."""
    yield markup.plain(handout.title), (*handout.loc, "title")
    if handout.subtitle:
        yield markup.plain(handout.subtitle), (*handout.loc, "subtitle")
    for index, section in enumerate(handout.sections):
        yield markup.plain(section.heading), (*handout.loc, "sections", index, "heading")
    for block in blocks(handout):
        if block.kind == "subheading":
            yield markup.plain(block.value), (*block.loc, "subheading")
        elif block.kind == "table":
            for r, row in enumerate([block.value.header, *block.value.rows]):
                for c, cell in enumerate(row):
                    where = ("header", c) if r == 0 else ("rows", r - 1, c)
                    yield markup.plain(cell), (*block.value.loc, *where)
    for unit in units(handout):
        yield unit.text, unit.loc
