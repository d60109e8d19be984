"""Syllables of Portuguese words, counted from their spelling.

Portuguese writes its syllables plainly, and its accents mark what the
letters alone would leave open, so the rules of the written division
(divisão silábica, as Brazilian dictionaries give it) can be applied
directly:

- every vowel is a syllable, except the second letter of a diphthong:
  a vowel followed by unaccented *i* or *u* (cai·xa, mui·to, ou·vi·do,
  sau·dá·vel, par·tiu), and *ão*, *ãe*, *õe* (co·ra·ção, mãe, li·ções);
- an accented *í* or *ú* after a vowel is a syllable of its own (sa·ú·de,
  pa·ís, pro·te·í·na), and so is an *i* or *u* that a consonant other than
  *s* closes, or that *nh* follows (ru·im, a·in·da, ju·iz, ca·ir, ra·i·nha);
- two vowels that are not a diphthong are two syllables (di·a, po·e·ta,
  pa·ci·en·te, vo·o), except a final unstressed *ia*, *ie*, *io*, *ua*,
  *ue*, *uo*, *ea*, *eo* or *oa* after the stressed syllable, which the
  dictionaries divide as one (his·tó·ria, re·mé·dio, sé·rie): a written
  accent before it shows the stress fell earlier (without one, "dia" and
  "alergia" are stressed on the *i*, a hiatus);
- *u* after *q*, and after *g* before a vowel, is not a syllable (qua·tro,
  á·gua, se·guin·te).

The measure is tests/cases/syllables/pt.tsv, 320 words divided by hand
(benchmarks/syllables_fr_pt.py compares Pyphen).
"""

from __future__ import annotations

import functools
import re

VOWELS = frozenset("aeiouáàâãéêíóôõúüy")
_ACCENTED = frozenset("áàâéêíóôú")  # stress marks (ã and õ mark nasal vowels)
_GLIDES = frozenset("iu")  # unaccented: the second half of a falling diphthong
_NASAL = {"ã": "oei", "õ": "ei"}  # ão, ãe, ãi, õe, õi
_CLOSING = frozenset("lmnrz")  # after i or u, closing its syllable: a hiatus
_FINAL_PAIRS = re.compile(r"[iueo][aeo]s?$")
_PARTS = re.compile(r"[-'’]")


def syllables(word: str) -> int:
    """Syllables in one Portuguese word (at least one); the parts of a hyphenated
    word are counted one by one (to·me-o, guar·da-chu·va)."""
    return max(sum(_part(p) for p in _PARTS.split(word.lower())), 1)


@functools.lru_cache(maxsize=1 << 14)
def _part(part: str) -> int:
    letters = _respell(part)
    count, i = 0, 0
    while i < len(letters):
        if letters[i] in VOWELS:
            count += 1
            i += 2 if _diphthong(letters, i) else 1
        else:
            i += 1
    return count - _final_diphthong(letters)


def _respell(part: str) -> str:
    """The word with the u of qu and gu (before a vowel) dropped, y read as i."""
    return re.sub(r"(?<=[qg])[uü](?=[aeioáéíóâêôãõ])", "", part).replace("y", "i")


def _diphthong(letters: str, i: int) -> bool:
    """Whether the vowel at i and the next letter are one syllable."""
    first, second = letters[i], letters[i + 1 : i + 2]
    if second in _NASAL.get(first, ""):
        return True
    if second not in _GLIDES or second == first:
        return False
    after, then = letters[i + 2 : i + 3], letters[i + 3 : i + 4]
    if letters.startswith("nh", i + 2):
        return False  # ra·i·nha
    return not (after in _CLOSING and then not in VOWELS)  # ru·im, a·in·da, ca·ir


def _final_diphthong(letters: str) -> int:
    """1 when the word ends in an unstressed rising diphthong (his·tó·ria): two
    vowels counted apart above, after a written accent."""
    found = _FINAL_PAIRS.search(letters)
    if not found or letters[found.start() - 1 : found.start()] in VOWELS:
        return 0
    return int(any(ch in _ACCENTED for ch in letters[: found.start()]))
