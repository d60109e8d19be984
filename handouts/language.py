"""A handout's language, in one place: its labels, date format, names and reading formula.

A language tag (BCP 47, as content writes it: `es`, `es-MX`, `zh-Hant`) is
parsed once, here; every stage asks the `Language` what it needs instead of
splitting the tag itself: the layouts and the print station their labels
and dates, the catalogue the language's names, `check` which readability
formula applies.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from .labels import ENGLISH, LABELS, LANGUAGE_NAMES, Labels

# Languages whose reading level `check` can score, and with which formulas.
READABILITY = {"en": "english", "es": "spanish"}


@dataclass(frozen=True)
class Language:
    tag: str  # as written in the content
    primary: str  # the primary subtag, lower case: "es" for "es-MX"
    labels: Labels  # the words the layouts print, in this language (English when none)
    has_labels: bool  # False when the tool has no labels for it yet
    english_name: str
    own_name: str
    readability: str | None  # which formulas score it, None when none is validated

    def date(self, day: dt.date) -> str:
        """A date as this language writes it ("October 1, 2026", "1 de octubre de 2026")."""
        return self.labels.date(day)

    def speaks(self, wanted: str) -> bool:
        """`es` selects es, es-MX and es-419; `es-MX` selects only es-MX."""
        tag, wanted = self.tag.lower(), wanted.lower()
        return tag == wanted or tag.startswith(wanted + "-")


@functools.cache
def language(tag: str) -> Language:
    """The Language for a tag (cached: a library has a handful)."""
    primary = tag.split("-")[0].lower()
    english, own = LANGUAGE_NAMES.get(primary, (tag, tag))
    return Language(
        tag=tag,
        primary=primary,
        labels=LABELS.get(primary, ENGLISH),
        has_labels=primary in LABELS,
        english_name=english,
        own_name=own,
        readability=READABILITY.get(primary),
    )
