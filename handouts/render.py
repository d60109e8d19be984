"""The only place that turns flowables into PDF bytes, and bytes into files.

Output must not depend on the machine: ReportLab reads `~/.reportlab_settings`,
`reportlab_settings.py` and `RL_*` variables at import, so we put back the
values that shape our files before every build. Files are written to a
temporary name and renamed, so a failed build never leaves half a PDF and
never removes the last good one.
"""

from __future__ import annotations

import copy
import io
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config, rl_settings
from reportlab.lib import utils as rl_utils
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate, frames
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.doctemplate import LayoutError

from .diagnostics import EnvironmentProblem
from .model import Loc
from .tagging import TaggingCanvas

PAGE_TOTAL_FORM = "handoutsPageTotal"

# Where our output differs from ReportLab's shipped defaults (rl_settings).
_PINNED = {
    "invariant": 1,  # fixed dates and document ID: reproducible bytes
    "useA85": 0,  # binary streams: 16 % smaller files, less encoding time
    "pageCompression": 1,
}


def pin_reportlab_settings() -> None:
    """Undo local ReportLab settings files and RL_* variables, then set ours.

    This changes ReportLab's module-level configuration, which is process
    wide by ReportLab's design; it is idempotent and only ever sets the same
    values, so calling it before each build is safe. It also gives line
    breaking a faster equivalent of its fragment comparison (`same_frag`).
    """
    for name in rl_settings.__all__:
        if not name.endswith("SearchPath"):
            setattr(rl_config, name, getattr(rl_settings, name))
    for name, value in _PINNED.items():
        setattr(rl_config, name, value)
    rl_paragraph.sameFrag = same_frag
    pdfdoc.TimeStamp = InvariantTimeStamp


INVARIANT_EPOCH = 946684800.0  # ReportLab's fixed date: 2000-01-01 00:00:00 UTC


class InvariantTimeStamp(rl_utils.TimeStamp):
    """ReportLab's document timestamp, except that an invariant one is always fixed.

    ReportLab reads `SOURCE_DATE_EPOCH` for every document it makes: a value
    changes every PDF's dates and document ID, and a value that is not a
    number stops every build (even the logo's scratch canvas). Our output
    depends on the content only, so an invariant document gets ReportLab's
    own fixed date whatever the environment says (a test compares this with
    ReportLab's result in a clean environment).
    """

    def __init__(self, invariant: Any = None):
        if not (rl_config.invariant if invariant is None else invariant):
            super().__init__(invariant)
            return
        self.tzname = "UTC"
        self.t = INVARIANT_EPOCH
        self.lt = time.gmtime(INVARIANT_EPOCH)
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0


# What ReportLab compares to decide that two fragments print alike.
_FRAG_STYLE = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_ABSENT = object()


def same_frag(f: Any, g: Any) -> bool:
    """ReportLab's `sameFrag`, reading the fragments' dicts.

    Line breaking compares neighbouring fragments about 330 times per
    handout. The C accelerator's version asks for six attributes that
    fragments rarely have (`cbDefn`, `lineBreak`, `backColor`, `nobr`), and
    each miss raises and clears an AttributeError: 9 us a call, 12 % of a
    handout's time. This answers the same (an attribute one fragment lacks
    differs from any value the other has; both lacking it is a match), as a
    test checks against the accelerator, at a fifth of the cost.
    """
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    return [fd.get(k, _ABSENT) for k in _FRAG_STYLE] == [gd.get(k, _ABSENT) for k in _FRAG_STYLE]


class Canvas(TaggingCanvas):
    """Every document's canvas: knows the page total only when saving.

    Footers draw "Page N of " followed by a form XObject that is filled in
    here at save time, so page numbering costs no second layout pass. It is
    a tagging canvas (tagged PDF unless `tagging` is off): the form is drawn
    inside the footer's artifact, so its text is an artifact too.
    """

    page_total_drawer: Callable[[rl_canvas.Canvas, int], None] | None = None

    def save(self) -> None:
        if self.page_total_drawer is not None:
            self.beginForm(PAGE_TOTAL_FORM)
            self.page_total_drawer(self, self.getPageNumber() - 1)
            self.endForm()
        super().save()


_ATOMIC = (int, float, str, bool, type(None))


class Frame(frames.Frame):
    """ReportLab's frame, deep-copied faster (every layout's frames are these).

    ReportLab deep-copies the document's current frame each time it measures
    a list or a keep-with-next group (`flowables._listWrapOn`, ~7 times a
    handout), through `copy`'s generic machinery, for two dozen numbers.
    Numbers and strings are immutable and stay shared, as `deepcopy` leaves
    them; anything else is deep-copied as before.
    """

    def __deepcopy__(self, memo: dict) -> Frame:
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        state = self.__dict__.copy()
        for name, value in state.items():
            if type(value) not in _ATOMIC:
                state[name] = copy.deepcopy(value, memo)
        new.__dict__.update(state)
        return new


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: Sequence[str]
    language: str


@dataclass(frozen=True)
class Note:
    """Something a layout changed to make the content fit; reported as a warning."""

    loc: Loc
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int
    notes: tuple[Note, ...] = ()


class SourcedLayoutError(Exception):
    """Content that cannot be placed on a page, with where it came from."""

    def __init__(self, loc: Loc, message: str):
        self.loc = loc
        super().__init__(message)


def source(flowable: Flowable, loc: Loc) -> Flowable:
    """Tag a flowable with the content location it was made from."""
    flowable._handouts_loc = loc
    return flowable


class DocTemplate(BaseDocTemplate):
    """Adds outline entries for headings and source-aware layout errors."""

    def __init__(self, buffer, *, pagesize, meta: Metadata, initial_font: str, **kw):
        super().__init__(
            buffer,
            pagesize=pagesize,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=list(meta.keywords),
            creator="handouts",
            producer="handouts (ReportLab)",
            lang=meta.language,
            displayDocTitle=1,
            invariant=1,
            pageCompression=1,
            initialFontName=initial_font,
            initialFontSize=10,
            initialLeading=12,
            **kw,
        )
        self._current: Flowable | None = None
        self._outline_keys = 0

    def handle_flowable(self, flowables):
        self._current = flowables[0] if flowables else None
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            text, level = outline
            self._outline_keys += 1
            key = f"h{self._outline_keys}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)


def render(
    story: list[Flowable],
    templates: list[PageTemplate],
    *,
    pagesize: tuple[float, float],
    meta: Metadata,
    initial_font: str,
    page_total_drawer: Callable[[rl_canvas.Canvas, int], None] | None = None,
    canvasmaker: type[Canvas] = Canvas,
    tagging: bool = True,
    doc_class: type[DocTemplate] = DocTemplate,
) -> Rendered:
    """Lay out `story` and return the PDF bytes with their page count."""
    pin_reportlab_settings()
    buffer = io.BytesIO()
    doc = doc_class(buffer, pagesize=pagesize, meta=meta, initial_font=initial_font)
    doc.addPageTemplates(templates)
    maker = type(
        "DocCanvas",
        (canvasmaker,),
        {"page_total_drawer": staticmethod(page_total_drawer), "tagging": tagging},
    )
    try:
        doc.build(story, canvasmaker=maker)
    except LayoutError as exc:
        flowable = doc._current
        loc = getattr(flowable, "_handouts_loc", ())
        raise SourcedLayoutError(loc, _layout_message(str(exc))) from None
    return Rendered(buffer.getvalue(), doc.page)


def _layout_message(text: str) -> str:
    if "too large" in text or "too high" in text:
        return "this block is taller than a page and cannot be split"
    return "this block cannot be placed on the page"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so readers see the old file or the new one.

    The temporary file is hidden (a dot name) and removed on any failure;
    every OS failure, including making the folder, is one EnvironmentProblem.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "a file is in the way of the folder"
        raise EnvironmentProblem(f"{path}: cannot write the file ({reason})") from exc
    except BaseException:
        _discard(tmp)
        raise


ABANDONED_AFTER = 3600.0  # seconds; a live build renames its file within seconds


def remove_abandoned_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Delete hidden temporary PDFs that a killed build left behind.

    Only files older than an hour go: a build running at the same time into
    the same folder is still writing (and will rename) its own.
    """
    now = time.time() if now is None else now
    removed = []
    for tmp in folder.glob(".*.pdf.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > ABANDONED_AFTER:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue  # gone already, or not ours to remove: harmless either way
    return removed


def _discard(tmp: str | None) -> None:
    if tmp is not None:
        Path(tmp).unlink(missing_ok=True)
