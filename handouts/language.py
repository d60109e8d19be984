"""A handout's language, in one place: its labels, date format, names and reading formula.

A language tag (BCP 47, as content writes it: `es`, `es-MX`, `zh-Hant`) is
parsed once, here; every stage asks the `Language` what it needs instead of
splitting the tag itself: the layouts and the print station their labels,
dates and reading direction, the catalogue the language's names, `check`
which readability formula applies.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .labels import Labels, table

# Languages whose reading level `check` can score, and with which formulas.
READABILITY = {
    "en": "english",
    "es": "spanish",
    "ru": "russian",
    "fr": "french",
    "pt": "portuguese",
}

# Written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer,
# Burmese, Tibetan): a count of spaced words means nothing in them.
UNSPACED_LANGUAGES = frozenset(("zh", "ja", "th", "lo", "km", "my", "bo"))

# Written right to left: the languages (primary subtags) and the scripts (a
# tag's script subtag, which wins: `az-Arab` is, `ku-Latn` is not).
RTL_LANGUAGES = frozenset(
    ("ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi")
)
RTL_SCRIPTS = frozenset(("arab", "hebr", "nkoo", "rohg", "syrc", "thaa"))


# Country codes written where a language tag belongs ("kr" is South Korea, the
# language is "ko"), for the languages the tool has labels for; only codes that
# are no language's own ("br" is Breton, "sa" Sanskrit, "tw" Twi: not slips).
_COUNTRY_FOR_LANGUAGE = {
    "kr": "ko",
    "jp": "ja",
    "cn": "zh-Hans",
    "vn": "vi",
    "ph": "tl",
    "eg": "ar",
}


def tag_suggestion(written: str) -> str | None:
    """The tag an editor probably meant: `ko_KR` -> `ko-KR`, `KO` -> `ko`, `kr` -> `ko`.

    BCP 47 writes subtags with hyphens, the language in lower case and a region
    in upper case; a country code in the language's place is a common slip.
    None when `written` is already in form and no slip is known.
    """
    parts = [p for p in written.replace("_", "-").strip().split("-") if p]
    if not parts:
        return None
    primary = parts[0].lower()
    rest = [
        p.upper() if len(p) == 2 else p.title() if len(p) == 4 and p.isalpha() else p.lower()
        for p in parts[1:]
    ]
    guess = "-".join([_COUNTRY_FOR_LANGUAGE.get(primary, primary), *rest])
    return guess if guess != written else None


@dataclass(frozen=True)
class Language:
    tag: str  # as written in the content
    primary: str  # the primary subtag, lower case: "es" for "es-MX"
    labels: Labels | None  # the tool's own words in this language; None when it has none
    english_name: str
    own_name: str
    readability: str | None  # which formulas score it, None when none is validated
    rtl: bool  # written right to left: its pages are mirrored (text, bullets, bars, panels)
    spaced: bool = True  # words are written with spaces between them (not Chinese, Japanese)

    @property
    def has_labels(self) -> bool:
        return self.labels is not None

    def speaks(self, wanted: str) -> bool:
        """`es` selects es, es-MX and es-419; `es-MX` selects only es-MX."""
        tag, wanted = self.tag.lower(), wanted.lower()
        return tag == wanted or tag.startswith(wanted + "-")


@functools.cache
def language(tag: str) -> Language:
    """The Language for a tag (cached: a library has a handful)."""
    primary = tag.split("-")[0].lower()
    labels = table(tag)
    return Language(
        tag=tag,
        primary=primary,
        labels=labels,
        english_name=labels.english_name if labels else tag,
        own_name=labels.name if labels else tag,
        readability=READABILITY.get(primary),
        rtl=_right_to_left(tag),
        spaced=primary not in UNSPACED_LANGUAGES,
    )


def _right_to_left(tag: str) -> bool:
    """Whether a tag's script (its own subtag, else its language's) runs right to left."""
    subtags = tag.lower().split("-")
    script = next((s for s in subtags[1:] if len(s) == 4 and s.isalpha()), None)
    if script is not None:
        return script in RTL_SCRIPTS
    return subtags[0] in RTL_LANGUAGES
