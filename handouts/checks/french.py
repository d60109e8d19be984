"""Syllables of French words, counted from their spelling.

What a count means here: the vowel sounds a careful reader says, with two
conventions a pronouncing dictionary would not make, chosen because they are
stable from one speaker to the next and are how the word is written and taught:

- every written *e* inside a word is a syllable (trai-te-ment, mé-de-cin,
  seu-le-ment), though everyday speech often drops it;
- a final mute *e* or *es* is not (table, fièvre and minutes have one, one and
  two), and nor is the *-ent* of a verb in the third person plural (ils
  *prennent*: one).

The rest follows the spoken language:

- a vowel group is one syllable when its letters spell one sound (ou, au, eau,
  ai, ei, eu, œu, oi, ui; the *i* of -ail, -eil, -euil and œil);
- *i*, *u* and *ou* before another vowel are said as a consonant (pied,
  na-tion, nuage, jouer, sci-ence: one syllable with that vowel), except after
  a consonant and *l* or *r*, where French says both (cli-ent, pri-er,
  ou-bli-er, cru-el);
- two vowels that each keep their sound are two syllables (po-ème, ré-agir,
  cré-er, a-éroport, na-ïf, No-ël: *é*, *è*, *ê* and a trema always start
  a syllable of their own after a, e or o);
- *y* between vowels is two *i* (pa-yer = pai-ier, mo-yen, tu-yau), *u* is
  silent after *q* and after *g* before e or i (quel, guérir), and so is *e*
  after *g* before a or o (mangeons).

The *-ent* ending is the one case the spelling cannot settle: *le patient*
and *ils copient*, *un accident* and *ils décident* end alike. We decide by the
word's ending, from the table in `data/french_ent.tsv` (the longest ending
listed wins; a word listed whole beats every ending), which says which
endings are verbs (mute) and which are nouns, adjectives and adverbs (said).
Words the rules get wrong (pays, abbaye, août) are listed with their count in
`data/french_syllables.tsv`. The measure is tests/cases/syllables/fr.tsv,
333 words divided by hand (benchmarks/syllables_fr_pt.py compares Pyphen).
"""

from __future__ import annotations

import functools
import re

from .data import rows

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿæœ")
# Letter groups said as one vowel, longest first ("eui" of feuille before "eu").
_UNITS = (
    "eau", "œu", "oeu", "oei", "eui",
    "ai", "aî", "ei", "au", "eu", "eû", "ou", "oû", "où", "oi", "oî", "ui", "uî", "œi",
)  # fmt: skip
# Said as a consonant before another vowel (j, ɥ, w): "pied", "nuage", "jouer".
_GLIDES = frozenset(("i", "u", "ou", "ï"))
_VOWEL_RUN = re.compile(f"[{''.join(sorted(VOWELS))}]+")
_OBSTRUENT_LIQUID = re.compile(r"[bcdfgkptv][lr]$")
_GU_SILENT_U = frozenset("eéèêiîy")  # before these gu is a hard g: guérir, guide
_GE_SILENT_E = frozenset("aâoô")  # before these ge is a soft g: mangeons
_PARTS = re.compile(r"[-'’]")


def syllables(word: str) -> int:
    """Syllables in one French word (at least one); elisions and hyphens are
    counted part by part (l'hô-pi-tal, au-jour-d'hui, peut-ê-tre)."""
    return max(sum(_part(p) for p in _PARTS.split(word.lower())), 1)


@functools.lru_cache(maxsize=1 << 14)
def _part(part: str) -> int:
    """One piece of a word; a piece without a vowel ("l" of l'eau) is none."""
    if part in words():
        return words()[part]
    keep = len(part) - _mute_ending(part)
    return len(_nuclei(_respell(part, keep)))


def _mute_ending(part: str) -> int:
    """How many letters at the end are not said: a final e, es or verbal ent,
    when a vowel is left before them (le, les and dent keep theirs)."""
    for ending in ("ent", "es", "e", "ë"):
        if part.endswith(ending) and any(ch in VOWELS for ch in part[: -len(ending)]):
            if ending == "ent" and ent_is_said(part):
                return 0
            return len(ending)
    return 0


def ent_is_said(word: str) -> bool:
    """Whether a word's final -ent is said (patient, souvent) or is a verb's mute
    ending (ils copient, ils doivent): the longest matching entry of the table."""
    table = ent_table()
    if "^" + word in table:
        return table["^" + word]
    for start in range(len(word) - 3 + 1):
        found = table.get(word[start:])
        if found is not None:
            return found
    return True


def _respell(part: str, keep: int) -> str:
    """The first `keep` letters, with the letters that are not vowels here made
    consonants: qu- and gu- (before e, i) lose their u, ge- before a, o its e,
    and y between vowels becomes ii (initial y before a vowel becomes j)."""
    out = []
    for i, ch in enumerate(part[:keep]):
        before, after = part[i - 1 : i], part[i + 1 : i + 2]
        if ch == "u" and (before == "q" or (before == "g" and after in _GU_SILENT_U)):
            continue
        if ch == "e" and before == "g" and after in _GE_SILENT_E:
            continue
        if ch == "y":
            ch = _y(i == 0, before, after if i + 1 < keep else "")
        out.append(ch)
    return "".join(out).replace("alcool", "alcol")


def _y(first: bool, before: str, after: str) -> str:
    """A y before a said vowel is j at a word's start (yeux) and ii between two
    vowels (pa-yer = pai-ier, mo-yen); any other y is the vowel i (type)."""
    if after not in VOWELS:
        return "i"
    if first:
        return "j"
    return "ii" if before in VOWELS else "i"


def _nuclei(letters: str) -> list[str]:
    """The syllables' vowel sounds, each as the letters that spell it."""
    out: list[str] = []
    for run in _VOWEL_RUN.finditer(letters):
        liquid_before = bool(_OBSTRUENT_LIQUID.search(letters[: run.start()]))
        glide_open = False
        for unit in _units(run.group()):
            if glide_open:
                out[-1] += unit  # the glide and this vowel are one syllable
                glide_open = False
                continue
            out.append(unit)
            glide_open = unit in _GLIDES and not liquid_before
            liquid_before = False
    return out


def _units(run: str) -> list[str]:
    """A vowel run cut into the groups that spell one vowel (longest first)."""
    units, i = [], 0
    while i < len(run):
        unit = next((u for u in _UNITS if run.startswith(u, i)), run[i])
        units.append(unit)
        i += len(unit)
    return units


@functools.cache
def ent_table() -> dict[str, bool]:
    """Endings in -ent (and whole words, written ^word) and whether it is said."""
    return {row["ending"]: row["said"] == "yes" for row in rows("french_ent.tsv")}


@functools.cache
def words() -> dict[str, int]:
    """Words whose syllables the rules get wrong, counted by hand."""
    return {row["word"]: int(row["syllables"]) for row in rows("french_syllables.tsv")}
