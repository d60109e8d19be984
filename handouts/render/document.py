"""The only place that turns flowables into PDF bytes.

Output must not depend on the machine: ReportLab reads `~/.reportlab_settings`,
`reportlab_settings.py` and `RL_*` variables at import, so the values that
shape our files are set for every build and put back afterwards
(`reportlab_configured`). Writing the bytes to disk is `handouts.atomicfile`.
"""

from __future__ import annotations

import copy
import io
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab import rl_config, rl_settings
from reportlab.lib import pagesizes
from reportlab.lib import utils as rl_utils
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate, frames
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.doctemplate import LayoutError

from .. import markup
from ..diagnostics import Loc
from ..places import PlaceRecorder, Places
from ..plan import FitPolicy, Metadata, PageSpec, Plan
from .fit import FitCheck, plain_text
from .flowables import Room
from .grayink import GrayInk
from .meta import meta
from .tagging import TaggingCanvas
from .textflow import shared_layouts

PAGE_TOTAL_FORM = "handoutsPageTotal"

# Where our output differs from ReportLab's shipped defaults (rl_settings).
_PINNED = {
    "invariant": 1,  # fixed dates and document ID: reproducible bytes
    "useA85": 0,  # binary streams: 16 % smaller files, less encoding time
    "pageCompression": 1,
}


@contextmanager
def reportlab_configured() -> Iterator[None]:
    """ReportLab's settings as our files need them, for the length of a build.

    ReportLab keeps its configuration in module globals, process wide by its
    design: local settings files and `RL_*` variables may have changed them
    (`isolation` keeps those out at import, but a host program may have
    imported ReportLab first), so we set the values that shape our files on
    entry, and give line breaking a faster equivalent of its fragment
    comparison (`same_frag`) and a timestamp that ignores `SOURCE_DATE_EPOCH`
    (`fixed_timestamps`). On leaving the last build under way, every
    value, `sameFrag` included, is put back as it was: a program that uses
    this library keeps the ReportLab it configured. Builds in several
    threads (the print station) share one entry.
    """
    global _entered, _saved
    with _config_lock:
        if _entered == 0:
            _saved = {name: getattr(rl_config, name) for name in _CONFIG_NAMES}
            _saved_same_frag.append(rl_paragraph.sameFrag)
            for name in _CONFIG_NAMES:
                setattr(rl_config, name, _PINNED.get(name, _shipped(name)))
            rl_paragraph.sameFrag = same_frag
        _entered += 1
    try:
        with fixed_timestamps():
            yield
    finally:
        with _config_lock:
            _entered -= 1
            if _entered == 0:
                for name, value in _saved.items():
                    setattr(rl_config, name, value)
                rl_paragraph.sameFrag = _saved_same_frag.pop()


def _shipped(name: str) -> Any:
    """A setting as ReportLab derives it from its shipped defaults (rl_config._startUp):
    the page size is named in rl_settings ("A4") but used as points."""
    value = getattr(rl_settings, name)
    if name == "defaultPageSize":
        return getattr(pagesizes, value)
    if name.endswith("Glob"):
        return [part for part in (value or "").split() if part]
    return value


@contextmanager
def fixed_timestamps() -> Iterator[None]:
    """Documents made meanwhile get ReportLab's fixed date, whatever SOURCE_DATE_EPOCH says.

    Every build is inside (`reportlab_configured`), and so is every scratch
    document made while a brand is loaded (a logo's operators, a font's
    trial embedding), which must not change anything else of ReportLab's.
    Put back when the last one leaves, like the settings.
    """
    global _stamping
    with _config_lock:
        if _stamping == 0:
            _saved_stamp.append(pdfdoc.TimeStamp)
            pdfdoc.TimeStamp = InvariantTimeStamp
        _stamping += 1
    try:
        yield
    finally:
        with _config_lock:
            _stamping -= 1
            if _stamping == 0:
                pdfdoc.TimeStamp = _saved_stamp.pop()


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


# The settings a build pins: all of ReportLab's but its search paths (which
# only locate files; we never let ReportLab look files up by name).
_CONFIG_NAMES = tuple(n for n in rl_settings.__all__ if not n.endswith("SearchPath"))
_config_lock = threading.Lock()
_entered = 0  # builds under way in this process
_saved: dict[str, Any] = {}
_saved_same_frag: list[Any] = []
_stamping = 0  # documents under fixed_timestamps in this process
_saved_stamp: list[Any] = []


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


class Canvas(GrayInk, TaggingCanvas):
    """Every document's canvas: knows the page total only when saving.

    Footers draw "Page N of " followed by a form XObject that is filled in
    here at save time, so page numbering costs no second layout pass. It is
    a tagging canvas (tagged PDF unless `tagging` is off): the form is drawn
    inside the footer's artifact, so its text is an artifact too. With
    `grayscale` set it writes every colour as DeviceGray.
    """

    page_total_drawer: Callable[[rl_canvas.Canvas, int], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Where the drawing code left room to write on (the print station's stamp).
        self.places = PlaceRecorder()

    def save(self) -> None:
        if self.page_total_drawer is not None:
            self.beginForm(PAGE_TOTAL_FORM)
            self.page_total_drawer(self, self.getPageNumber() - 1)
            self.endForm()
        super().save()


class Frame(frames.Frame):
    """The frames every layout uses: ReportLab's, copied shallowly.

    Platypus deep-copies the current frame each time it measures a list or
    a kept-together group (a stand-in frame for what the measuring adds),
    a tenth of a millisecond each, a dozen times a handout. A frame holds
    numbers (its box, padding, cursor) and the list of content it was given
    to add, which the copy drops first: a shallow copy serves.
    """

    # What platypus asks of a frame before every flowable (content a flowable
    # left for it to add): a frame sets it on itself when there is some, and a
    # missing attribute went through Frame.__getattr__ and an exception each time.
    _generated_content = None

    def __deepcopy__(self, memo: dict) -> Frame:
        return copy.copy(self)


@dataclass(frozen=True)
class Note:
    """Something a layout changed to make the content fit; reported as a warning."""

    loc: Loc
    message: str
    hint: str = ""
    rule: str = ""  # the check rule that reports it too (`generate.py check`), if any


@dataclass(frozen=True)
class Rendered:
    """A plan's PDF: its bytes and pages, what the layout changed to fit, the
    places it left to write on (`handouts.places`), and how to draw a page
    added after the last (the print station's notes page), if one may be."""

    data: bytes
    pages: int
    notes: tuple[Note, ...] = ()
    places: Places = field(default_factory=Places)
    continuation: PageSpec | None = None  # the template an added page uses
    page_total: Callable[[Any, int], None] | None = None  # redraws "of M"


class LayoutProblem(Exception):
    """Content that cannot be placed on a page, with where it came from and what to do."""

    def __init__(self, loc: Loc, message: str, hint: str = ""):
        self.loc, self.message, self.hint = loc, message, hint
        super().__init__(message)


class DocTemplate(BaseDocTemplate):
    """Adds outline entries for headings and source-aware layout errors."""

    def __init__(
        self, buffer, *, pagesize, meta: Metadata, initial_font: str, check: FitCheck | None, **kw
    ):
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
        self._check = check

    def handle_flowable(self, flowables):
        self._current = flowables[0] if flowables else None
        if self._check is not None and flowables:
            self._check.inherit(flowables[0])
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._check is not None and self.frame is not None:
            self._check.placed(flowable, self.frame.id, self.frame._y)
        placed = getattr(flowable, "placed_on", None)  # a flowable noting its page
        if placed is not None:
            placed(self.canv.getPageNumber())
        outline = getattr(flowable, "outline", None)
        if outline:
            text, level = outline
            self._outline_keys += 1
            key = f"h{self._outline_keys}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)


def render(plan: Plan) -> Rendered:
    """Lay out a plan and return the PDF bytes with their page count.

    A plan with a fit policy (brochures) is laid out again at smaller sizes,
    as long as its policy offers one, until nothing lands outside its
    region; otherwise LayoutProblem says where the overflow starts.
    """
    first = plan
    while True:
        # Written out only once kept: a layout that overflows or is revised is not.
        unsaved, check = _laid_out(plan)
        if check is None or check.overflow is None:
            kept, notes = unsaved, ()
            if plan.fit is not None and plan.fit.balance is not None and check is not None:
                kept, notes = _balanced(plan, unsaved, check)
            revised = plan.revise(kept.doc.page) if plan.revise else None
            if isinstance(revised, Plan):
                plan = revised
                continue
            rendered = kept.save()
            noted = replace(rendered, notes=(*rendered.notes, *notes, *(revised or ())))
            return _noted(noted, first, plan)
        smaller = plan.fit.smaller() if plan.fit else None
        if smaller is None:
            raise _overflow_problem(plan, check, shrunk=plan is not first)
        plan = smaller


def measure(plan: Plan) -> None:
    """Lay `plan` out without drawing or writing it: for a layout that only needs to
    know where its flowables land (they note it in `placed_on`), such as the
    catalogue's first pass, which finds the pages its contents list."""
    _laid_out(plan, drawn=False)


class _Unsaved:
    """A document laid out and drawn, not yet written out as PDF bytes.

    Balancing a brochure lays it out a dozen times and keeps one, and a
    handout whose closing would stand alone is laid out again: writing (the
    structure tree, font subsets, compression) is a quarter of a build, so
    only the layout kept is written.
    """

    def __init__(self, doc: DocTemplate, buffer: io.BytesIO, plan: Plan):
        self.doc, self.buffer, self.plan = doc, buffer, plan

    def save(self) -> Rendered:
        doc, plan = self.doc, self.plan
        with reportlab_configured():  # the settings the drawing had
            doc.canv.save()
        more = plan.page(plan.continuation) if plan.continuation else None
        places = doc.canv.places.result()
        return Rendered(self.buffer.getvalue(), doc.page, (), places, more, plan.page_total)


def _laid_out(plan: Plan, drawn: bool = True) -> tuple[_Unsaved, FitCheck | None]:
    """The plan laid out; `drawn` False for a trial that is measured, never written:
    its text and page furniture are not drawn (see `TextFlow.drawOn`)."""
    buffer = io.BytesIO()
    check = FitCheck(plan.fit) if plan.fit else None
    doc = DocTemplate(
        buffer, pagesize=plan.page_size, meta=plan.meta, initial_font=plan.initial_font, check=check
    )
    doc.addPageTemplates([_template(page) for page in plan.pages])
    doc._doSave = 0  # ReportLab's switch: build() leaves the canvas unsaved (_Unsaved.save)
    maker = type(
        "DocCanvas",
        (Canvas,),
        {
            "page_total_drawer": staticmethod(plan.page_total),
            "tagging": plan.tagging,
            "grayscale": plan.grayscale,
            "drawing": drawn,
        },
    )
    try:
        with reportlab_configured():
            # Room("end"): where the story ended, for a box the print station adds.
            doc.build([*plan.story, Room("end")], canvasmaker=maker)
    except LayoutError as exc:
        hint = "shorten or split it, or use the handout format"
        raise LayoutProblem(meta(doc._current).loc, _layout_message(str(exc)), hint) from None
    finally:
        _unlink(doc)
    return _Unsaved(doc, buffer, plan), check


def _unlink(doc: DocTemplate) -> None:
    """Let the document be freed as soon as it is dropped, not by the cycle collector.

    ReportLab's document template keeps itself in its own namespace (for
    DocAssign and DocExec, which no layout uses): a reference cycle that
    holds the canvas, every PDF object and the structure tree, about 1,500
    objects a document, until Python's cycle collector runs. Sweeping a few
    dozen documents' worth at a time was about 1.5 ms of every document's
    CPU time; with the cycle gone, reference counting frees each as it goes.
    """
    doc._nameSpace.clear()


BALANCE_STEPS = 6  # layouts tried to balance a brochure's inside panels (to 1/64 of their height)


def _balanced(plan: Plan, fitted: _Unsaved, check: FitCheck) -> tuple[_Unsaved, tuple[Note, ...]]:
    """The layout whose inside panels end nearest each other, or a note saying why not.

    `balance(share, last)` is the plan with its inside panels `share` of
    their height shorter (all of them, or all but the last with `last`
    False); a binary search keeps the shortest that still fits, so the text
    ends at about the same height on every panel instead of filling the
    first ones and leaving the last half empty. Shortening all works for
    text that flows; where blocks that do not split sit at a break, only
    shortening the first panels pushes them on to the last. The one whose
    panels end closer is kept (unsaved: only the caller's choice is written);
    beyond `policy.panel_tolerance` apart, the note says by how much and what
    to do.
    """
    policy = plan.fit
    assert policy is not None and policy.balance is not None
    frames = {k: v for page in plan.pages for k, v in page.frames.items()}
    inside = [f for f in frames if f in policy.regions.get("inside", ())]
    tops = {f: frames[f].top for f in inside}
    heights = {f: frames[f].height for f in inside}

    def fills(ends: dict[str, float]) -> list[float]:
        return [max(0.0, min(1.0, (tops[f] - ends.get(f, tops[f])) / heights[f])) for f in inside]

    # Trials are measured, not drawn (a third of a layout): the one kept is laid out
    # again, drawn, unless it is the first. They share their paragraphs' layouts:
    # the same words at the same widths, only the panels' heights change.
    best = (fitted, fills(check.ends), check)
    kept: tuple[float, bool] | None = None
    with shared_layouts():
        for last in (True, False):
            low, high = 0.0, 0.85
            for _ in range(BALANCE_STEPS):
                share = (low + high) / 2
                try:
                    unsaved, tried = _laid_out(policy.balance(share, last), drawn=False)
                except LayoutProblem:
                    high = share
                    continue
                if tried is None or tried.overflow is not None:
                    high = share
                    continue
                low = share
                found = fills(tried.ends)
                if last or _spread(found) < _spread(best[1]):
                    best, kept = (unsaved, found, tried), (share, last)
            if round(_spread(best[1]), 2) <= policy.panel_tolerance:  # as the note shows it
                return _drawn(policy, best[0], kept), ()
        note = _unbalanced(plan, best[1], heights, [_words(best[2], f) for f in inside])
        return _drawn(policy, best[0], kept), (note,)


def _drawn(policy: FitPolicy, layout: _Unsaved, trial: tuple[float, bool] | None) -> _Unsaved:
    """`layout`, drawn: the balancing trial it is laid out again, now drawn (the same plan
    lays out the same), or as it is when it is the first layout (drawn already)."""
    if trial is None:
        return layout
    assert policy.balance is not None
    return _laid_out(policy.balance(*trial))[0]


def _words(check: FitCheck, frame: str) -> tuple[str, str]:
    """The first words of the first and the last block drawn in `frame`."""
    first, last = check.firsts.get(frame), check.lasts.get(frame)
    return tuple(markup.first_words(plain_text(f), 6) if f else "" for f in (first, last))


def _spread(fills: list[float]) -> float:
    """How far apart the fullest and the emptiest used panels end (0 to 1)."""
    used = fills[: max((i + 1 for i, f in enumerate(fills) if f > 0), default=0)]
    return max(used) - min(used) if len(used) > 1 else 0.0


def _unbalanced(
    plan: Plan, fills: list[float], heights: dict[str, float], words: list[tuple[str, str]]
) -> Note:
    """Why the inside panels end apart (the blocks that do not split), and what to do.

    `words` holds the first words of each panel's first and last block.
    """
    policy = plan.fit
    assert policy is not None
    shown = ", ".join(f"{f:.0%}" for f in fills)
    short = min(range(len(fills)), key=fills.__getitem__)
    lines = round((max(fills) - fills[short]) * max(heights.values()) / policy.leading)
    after = words[short + 1][0] if short + 1 < len(fills) and fills[short + 1] else ""
    if after:  # what opens the next panel would not fit at this one's foot
        why = f'"{after}", which opens panel {short + 2}, does not fit in the room left'
        hint = f'shorten "{after}" or break it into smaller blocks'
    else:  # the last panel: what ends the panels before it would not move on
        ends = [f'"{last}" (panel {i + 1})' for i, (_, last) in enumerate(words[:short]) if last]
        why = "the blocks ending the panels before it do not split" + (
            f": {', '.join(ends)}" if ends else ""
        )
        hint = (
            f"add about {lines} lines to inside panel {short + 1}, or break a box, list or "
            "table at the end of the panel before it into smaller ones"
        )
    return Note(
        (*plan.loc, "sections"),
        f"inside panel {short + 1} ends {_spread(fills):.0%} short of the fullest "
        f"({shown} full; the stated tolerance is {policy.panel_tolerance:.0%}): {why}",
        f"{hint} (a list or box splits only with two items on each side)",
        rule="pagination",
    )


def _template(page: PageSpec) -> PageTemplate:
    frames = [
        Frame(
            box.x,
            box.y,
            box.width,
            box.height,
            id=frame_id,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for frame_id, box in page.frames.items()
    ]
    on_page = _page_drawer(page.draw) if page.draw else _nothing
    return PageTemplate(page.name, frames, onPage=on_page, pagesize=page.size)


def _nothing(canv, doc) -> None:
    return None


def _page_drawer(draw: Callable[[Any], None]) -> Callable[[Any, Any], None]:
    """A page template's onPage: the page's furniture, on a canvas that draws."""

    def on_page(canv: Any, doc: Any) -> None:
        if getattr(canv, "drawing", True):
            draw(canv)

    return on_page


def _noted(rendered: Rendered, first: Plan, fitted: Plan) -> Rendered:
    if fitted is first or fitted.fit is None:
        return rendered
    note = Note(
        (*fitted.loc, "fit"),
        f"text made smaller to fit: {fitted.fit.normal_size:g} pt to {fitted.fit.size:g} pt",
        "shorten the text to print at the normal size",
    )
    return replace(rendered, notes=(*rendered.notes, note))


def _overflow_problem(plan: Plan, check: FitCheck, shrunk: bool) -> LayoutProblem:
    policy, over = check.policy, check.overflow
    assert over is not None
    fixed = over.region in policy.fixed_regions  # set at its own sizes: shrinking cannot help
    where = policy.region_names.get(over.region, f"in the {over.region}")
    even = f" even at {policy.size:g} pt" if shrunk and not fixed else ""
    if fixed:
        hint = "shorten the title or subtitle"
    elif shrunk:
        hint = "shorten it, split it into two handouts, or use the handout format"
    else:
        hint = (
            "shorten it, split it into two handouts, add 'fit: shrink', or use the handout format"
        )
    return LayoutProblem(
        meta(over.first).loc or plan.loc,
        f"'{plan.name}' does not fit {where}{even}: {check.amount()} from here on did not fit",
        hint,
    )


def _layout_message(text: str) -> str:
    if "too large" in text or "too high" in text:
        return "this block is taller than a page and cannot be split"
    return "this block cannot be placed on the page"
