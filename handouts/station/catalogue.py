"""What the station shows: handouts and sets with their choices and status.

Everything here is derived from the loaded library; the only state is the
in-memory cache of rendered, *unpersonalised* PDFs and thumbnails, which
lives on one `Catalogue` object per app (never on disk).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import sys
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2

from ..batch import formats_for, formats_offered
from ..diagnostics import ContentError, Diagnostic, has_errors
from ..formats import DEFAULT_FORMAT, FORMATS
from ..labels import ENGLISH
from ..language import language
from ..model import Handout, HandoutSet, Library
from ..options import PAPERS, BuildOptions, RenderOptions, StationOptions
from ..project import Project, open_project, render_pdf
from ..render.combine import duplex_pages
from ..render.document import Rendered

THUMB_WIDTH = 300  # pixels; shown at half size, sharp on high-density screens

PAPER_LABELS = {"letter": "Letter (US)", "a4": "A4"}
VARIANTS: dict[str, tuple[str, dict[str, object]]] = {
    "standard": ("Standard", {}),
    "grayscale": ("Grayscale (saves colour ink)", {"grayscale": True}),
}


def language_name(tag: str) -> str:
    return language(tag).own_name


def folded(text: str) -> str:
    """Text as search compares it: lower case, accents optional ("sueño" and "sueno",
    "Tiếng Việt" and "tieng viet" are the same). Only combining marks go (canonical
    combining class not 0), never a letter's own vowel signs: Hindi "केटामाइन"
    keeps its matras. The page's script folds a query with `fold_table`."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.cache
def fold_table() -> dict[str, object]:
    """What station.js needs to fold a query exactly as `folded` folds the cards:
    the characters whose case folding differs from lower case ("ß" is "ss"), by
    their lower case, and the combining marks to drop, as a regular expression's
    character class of ranges (the browser's JavaScript knows no combining class)."""
    changed: dict[str, str] = {"đ": "d"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if len(lower) == 1 and char.casefold() != lower:
            changed[lower] = char.casefold()
    marks = [code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))]
    ranges: list[list[int]] = []
    for code in marks:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    drop = "".join(f"\\u{{{a:x}}}-\\u{{{b:x}}}" for a, b in ranges)
    return {"map": changed, "marks": drop}


def family(handout: Handout, library: Library) -> list[Handout]:
    """A handout and its other languages: its source (translation_of) first, then
    every translation of that source, in content order."""
    source = library.by_id.get(handout.translation_of or "", handout)
    return [source, *(h for h in library.handouts if h.translation_of == source.id)]


def variants() -> dict[str, str]:
    """The variants staff can choose, by key."""
    return {key: label for key, (label, _) in VARIANTS.items()}


def format_names() -> dict[str, str]:
    """Each format's name, as staff see it on the cards (the station speaks English)."""
    return {name: fmt.label() for name, fmt in FORMATS.items()}


def format_choices(pages: Mapping[str, int] | None = None) -> dict[str, str]:
    """Each format as it is offered on the print form, with the pages it prints
    where they are known ("Handout (3 pages)"), never a guess like "1–2 pages"."""
    known = pages or {}
    count = ENGLISH.catalogue.pages  # the station speaks English
    return {
        name: f"{fmt.description()} ({count.of(known[name])})"
        if name in known
        else fmt.description()
        for name, fmt in FORMATS.items()
    }


def render_options(paper: str, variant: str, clinic: str | None = None) -> RenderOptions:
    return RenderOptions(paper=paper, clinic=clinic, **VARIANTS[variant][1])


@dataclass(frozen=True)
class Entry:
    """One handout as the catalogue shows it."""

    handout: Handout
    formats: list[str]
    pages: int
    review_due: dt.date
    stale: bool
    problem: str = ""
    # The handout's other languages (its source and translations), by id and tag.
    languages: tuple[tuple[str, str], ...] = ()
    # The words of those copies: "sleep" finds the Spanish copy through its source.
    related_words: tuple[str, ...] = ()
    # The topics of the whole family, its source's first: choosing "ketamine"
    # shows the Korean copy tagged "케타민" too.
    topics: tuple[str, ...] = ()

    @property
    def printable(self) -> bool:
        return not self.problem

    @property
    def entries(self) -> list[Entry]:
        return [self]

    @property
    def known_pages(self) -> dict[str, int]:
        """Pages by format, of the formats rendered so far (the first offered)."""
        return {self.formats[0]: self.pages} if self.printable else {}

    @property
    def name(self) -> str:
        """What the PDF is called: the id, never anything typed into the form."""
        return self.handout.id

    @property
    def title(self) -> str:
        return self.handout.title

    @property
    def search_text(self) -> str:
        """Title, id, topics and language of this copy and of its other languages,
        folded (accents optional)."""
        h = self.handout
        words = [h.title, h.id, *h.tags, h.language, language_name(h.language)]
        return folded(" ".join([*words, *self.related_words]))


@dataclass(frozen=True)
class SetEntry:
    handout_set: HandoutSet
    entries: list[Entry]

    @property
    def name(self) -> str:
        return self.handout_set.id

    @property
    def title(self) -> str:
        return self.handout_set.title

    @property
    def stale(self) -> bool:
        return any(e.stale for e in self.entries)

    @property
    def problem(self) -> str:
        return next((f"{e.handout.id}: {e.problem}" for e in self.entries if e.problem), "")

    @property
    def formats(self) -> list[str]:
        common = [f for f in self.entries[0].formats if all(f in e.formats for e in self.entries)]
        return common or [DEFAULT_FORMAT]

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for e in self.entries for t in e.topics))

    @property
    def known_pages(self) -> dict[str, int]:
        """The set's pages, when they are those of its first format (each handout's own)."""
        first = self.formats[0]
        if self.problem or any(e.formats[0] != first for e in self.entries):
            return {}
        return {first: self.pages}

    @property
    def pages(self) -> int:
        """Pages of the set's PDF, with the blank backs that start each handout on a front."""
        return duplex_pages([e.pages for e in self.entries])[0]

    @property
    def blank_backs(self) -> int:
        return duplex_pages([e.pages for e in self.entries])[1]


@dataclass
class Catalogue:
    """The loaded library and a cache of clean renders, reloaded when the file changes."""

    options: StationOptions
    lock: threading.RLock = field(default_factory=threading.RLock)
    _stamp: tuple[int, int] | bool | None = False  # False: never loaded
    _project: Project | None = None
    _diagnostics: list[Diagnostic] = field(default_factory=list)
    _pdfs: dict[tuple, Rendered | ContentError] = field(default_factory=dict)
    _thumbs: dict[tuple[str, str | None], bytes] = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.options.content

    def project(self) -> Project | None:
        """The library, re-read when content.yaml has changed since last time."""
        with self.lock:
            try:
                st = self.content.stat()
                stamp = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = None
            if stamp != self._stamp:
                self._stamp = stamp
                self._project, self._diagnostics = open_project(self.content, self.options.limits)
                self._pdfs.clear()
                self._thumbs.clear()
            return self._project

    @property
    def problems(self) -> list[Diagnostic]:
        return [d for d in self._diagnostics if has_errors([d])]

    def render(self, handout: Handout, fmt: str, options: RenderOptions) -> Rendered:
        """A clean (unpersonalised) PDF, rendered once; ContentError if it cannot be."""
        key = (handout.id, fmt, options)
        with self.lock:
            project = self.project()
            if project is None:
                raise ContentError(self.problems)
            if key not in self._pdfs:
                try:
                    self._pdfs[key] = render_pdf(project, handout, fmt, options)
                except ContentError as exc:
                    self._pdfs[key] = exc
            found = self._pdfs[key]
        if isinstance(found, ContentError):
            raise found
        return found

    def clinics(self) -> dict[str, str]:
        """The clinics staff may choose from, by id (none when the library has one
        clinic, or the station serves one with --clinic)."""
        project = self.project()
        if project is None or project.library.clinics is None or self.options.clinic:
            return {}
        return {bid: clinic.name for bid, clinic in project.library.brands.items()}

    def clinic(self, chosen: str | None) -> str | None:
        """The clinic this request prints for: the station's own, else a known choice."""
        if self.options.clinic:
            return self.options.clinic
        return chosen if chosen in self.clinics() else None

    def brand(self, clinic: str | None) -> str | None:
        """The brand the pages are dressed in: the clinic printed for, else the default."""
        project = self.project()
        return (clinic or project.library.default_brand) if project else None

    def entry(self, handout: Handout, today: dt.date, clinic: str | None = None) -> Entry:
        project = self.project()
        assert project is not None
        formats = formats_offered(handout)
        due = project.library.review_due(handout)
        options = RenderOptions(clinic=clinic)
        try:
            pages = self.render(handout, formats[0], options).pages
            problem = ""
        except ContentError as exc:
            pages, problem = 0, exc.diagnostics[0].message if exc.diagnostics else "cannot print"
        # Staff see the title as it prints; personalising reads the fill-in labels.
        shown, _ = project.filled(handout, options)
        members = family(handout, project.library)
        others = [h for h in members if h.id != handout.id]
        languages = tuple((h.id, h.language) for h in others)
        related = tuple(
            w
            for h in others
            for w in (project.filled(h, options)[0].title, h.id, *h.tags, language_name(h.language))
        )
        topics = tuple(dict.fromkeys(t for h in members for t in h.tags))
        return Entry(shown, formats, pages, due, due < today, problem, languages, related, topics)

    def entries(self, today: dt.date, clinic: str | None = None) -> list[Entry]:
        """Every handout, each followed by its other languages (translation_of)."""
        project = self.project()
        if project is None:
            return []
        library = project.library
        ordered = dict.fromkeys(h.id for first in library.handouts for h in family(first, library))
        return [self.entry(library.by_id[hid], today, clinic) for hid in ordered]

    def topics(self) -> list[str]:
        """The topics staff filter by: each family's once, as its source names them
        (the station speaks the source's language), not one per translation."""
        project = self.project()
        if project is None:
            return []
        library = project.library
        sources = dict.fromkeys(family(h, library)[0].id for h in library.handouts)
        tags = dict.fromkeys(t for hid in sources for t in library.by_id[hid].tags)
        return sorted(tags, key=str.casefold)

    def sets(self, today: dt.date, clinic: str | None = None) -> list[SetEntry]:
        project = self.project()
        if project is None:
            return []
        by_id = project.library.by_id
        out = []
        for handout_set in project.library.sets:
            members = [by_id[i] for i in handout_set.handouts if i in by_id]
            if len(members) == len(handout_set.handouts):
                entries = [self.entry(h, today, clinic) for h in members]
                out.append(SetEntry(handout_set, entries))
        return out

    def handout(self, hid: str) -> Handout | None:
        project = self.project()
        return project.library.by_id.get(hid) if project else None

    def handout_set(self, sid: str) -> HandoutSet | None:
        project = self.project()
        if project is None:
            return None
        return next((s for s in project.library.sets if s.id == sid), None)

    def thumbnail(self, handout: Handout, clinic: str | None = None) -> bytes:
        """Page 1 as a PNG, THUMB_WIDTH pixels wide, in the brand of `clinic` (else
        the handout's own); ContentError if it cannot print."""
        key = (handout.id, clinic)
        with self.lock:
            if key not in self._thumbs:
                fmt = formats_for(handout, BuildOptions())[0]
                data = self.render(handout, fmt, RenderOptions(clinic=clinic)).data
                pdf = pypdfium2.PdfDocument(data)
                try:
                    page = pdf[0]
                    image = page.render(scale=THUMB_WIDTH / page.get_width()).to_pil()
                finally:
                    pdf.close()
                buffer = io.BytesIO()
                image.save(buffer, "PNG", optimize=True)
                self._thumbs[key] = buffer.getvalue()
            return self._thumbs[key]


PAPER_CHOICES = {k: PAPER_LABELS.get(k, k) for k in PAPERS}
