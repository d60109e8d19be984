"""Where a sentence ends and what counts as a word, in every script the labels cover.

The rules that count sentences and words (`check`, the footer's first
sentence of the disclaimer) must not depend on the text being English.
A sentence ends at `.`, `!` or `?` followed by a space ("2.5 mg" does not
end one), or at a mark that only ever ends a sentence, with or without a
space after it: the Devanagari danda and double danda (Hindi: "।", "॥"),
the Chinese and Japanese full stops and full-width marks ("。！？．", and
the half-width "｡"), the Arabic question mark "؟" and the Urdu full stop
"۔", the Armenian full stop "։", the Ethiopic "።", the Burmese "။" and
the Khmer "។". Closing quotes and brackets after the mark ("」", "”", ")")
stay with its sentence. tests/test_checks_sentences.py holds the split
against ICU's sentence breaker (UAX #29) in each language.

A word is a run of letters and digits with the marks that belong to them:
Python's `\\w` leaves out combining marks, so without them a Hindi word
such as "केटामाइन" would count as four words (every vowel sign splits it),
and so would Thai, Bengali or decomposed Vietnamese.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Marks that end a sentence wherever they stand (no space needed after them).
ALWAYS_FINAL = "।॥。！？．｡؟۔։።။។"
_CLOSERS = "\"'”’)\\]」』）〉》】"
# Lazily up to the first end: `.!?` before a space or the end of the text, or an
# always-final mark; closing quotes and brackets after either stay with it.
_SENTENCE = re.compile(
    rf"\S.*?(?:[.!?][{_CLOSERS}]*(?=\s|$)|[{ALWAYS_FINAL}][{_CLOSERS}]*|$)", re.DOTALL
)
_ASCII_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def split(text: str) -> list[str]:
    """The sentences of a text, stripped; a text without end punctuation is one."""
    return [m.group().strip() for m in _SENTENCE.finditer(text)]


def first(text: str) -> str:
    """The text's first sentence, as written (its end mark and closer included)."""
    return split(text)[0] if text.strip() else ""


@functools.cache
def _word() -> re.Pattern[str]:
    """Letters, digits and combining marks, joined by an apostrophe or a hyphen.

    The marks are those of the Basic Multilingual Plane (beyond it are
    historic scripts and a few minority ones such as Adlam and Chakma, none a
    language the labels cover), found once in a few milliseconds and only for
    text that is not ASCII. Kept to the BMP, the class is looked up in a table;
    one character past it and Python's engine walks its ranges one by one,
    15 to 20 times slower on every character (benchmarks/word_pattern.py).
    """
    marks = "".join(
        re.escape(chr(code)) for code in range(0x10000) if unicodedata.category(chr(code))[0] == "M"
    )
    letters = rf"[\w{marks}]+"
    return re.compile(rf"{letters}(?:['’-]{letters})*")


def word_pattern(text: str) -> re.Pattern[str]:
    """The pattern that finds the words of `text`: hyphenated words and
    contractions are one word, a letter keeps its combining marks."""
    return _ASCII_WORD if text.isascii() else _word()
