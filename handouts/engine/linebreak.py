"""Lines chosen for the whole paragraph at once (total fit), for ragged text.

As TeX and Typst do: every way of breaking is scored by how unevenly the
lines end (the square of each line's slack), a hyphen costs a little, two
hyphenated lines running cost a lot, and a last line of one word costs
enough that a better break is taken wherever one exists. Greedy filling,
ReportLab's way, leaves one-word last lines and ragged right edges.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import lt

SLACK = 1000.0  # cost of a line left wholly empty (slack squared is scaled by this)
LINE = 2000.0  # more than any raggedness: never a line more than needed (panels are tight)
HYPHEN = 150.0  # worth it only where it saves a good deal of raggedness
HYPHENS_RUNNING = 5000.0  # more than a line more: never two hyphens running if avoidable
NO_SPACE_BREAK = 8.0  # inside an address, between ideographs
ONE_WORD_LAST = 400.0
OVERFULL = 1e9


@dataclass(frozen=True, slots=True)
class Box:
    """What the breaker knows of an item: its widths and how a line may end after it."""

    width: float  # the item's text, without trailing spaces
    glue: float  # its trailing spaces, dropped at a line end
    hyphen: float = 0.0  # the hyphen's width if a line ends here (0: no hyphen)
    spaced: bool = True  # a line ending here ends at a space (not mid-word)
    # A line ending here ends after a Chinese or Japanese character or mark, which
    # end words as spaces do elsewhere (a last line of them is not "one word").
    ideographic: bool = False


def total_fit(boxes: list[Box], width: float) -> list[int]:
    """The end (exclusive item index) of each line, best first to last."""
    n = len(boxes)
    if n == 0:
        return []
    inf = float("inf")
    # cost[h][j], back[h][j]: the best way to end a line after item j - 1, h = it ends
    # hyphenated; back holds the previous line's (end, hyphenated).
    cost0, cost1 = [inf] * (n + 1), [inf] * (n + 1)
    back0: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    back1 = list(back0)
    cost0[0] = 0.0
    scale = SLACK / (width * width) if width else 0.0
    spans = [b.width + b.glue for b in boxes]  # an item's width when a line goes on past it
    if sum(spans) - boxes[-1].glue <= width:
        return [n]  # one line: nothing beats it (a last line costs nothing)
    glued = [b.glue > 0 or b.ideographic for b in boxes]
    if not any(b.hyphen for b in boxes):
        return _fit_unhyphenated(boxes, spans, glued, width, scale)
    for j in range(1, n + 1):
        end = boxes[j - 1]
        last = j == n
        h = 1 if end.hyphen and not last else 0
        natural = end.width + (end.hyphen if h else 0.0)
        extra = LINE + (HYPHEN if h else 0.0 if end.spaced else NO_SPACE_BREAK)
        words = 1
        best, best_back = inf, (0, 0)
        i = j - 1
        while i >= 0:
            if i < j - 1:
                natural += spans[i]
                if glued[i]:
                    words += 1
                if natural > width:
                    break
            if natural > width:
                line = OVERFULL
            elif last:
                line = ONE_WORD_LAST if words == 1 and i else 0.0
            else:
                slack = width - natural
                line = extra + scale * slack * slack
            c = cost0[i] + line
            if c < best:
                best, best_back = c, (i, 0)
            c = cost1[i] + line + (HYPHENS_RUNNING if h else 0.0)
            if c < best:
                best, best_back = c, (i, 1)
            i -= 1
        if h:
            cost1[j], back1[j] = best, best_back
        else:
            cost0[j], back0[j] = best, best_back
    state = (n, 0 if cost0[n] <= cost1[n] else 1)
    ends = []
    while state[0] > 0:
        ends.append(state[0])
        state = (back1 if state[1] else back0)[state[0]]
    return ends[::-1]


def _fit_unhyphenated(
    boxes: list[Box], spans: list[float], glued: list[bool], width: float, scale: float
) -> list[int]:
    """`total_fit` where no line can end in a hyphen (most paragraphs, before hyphenation).

    The same costs with one state per end instead of two (hyphenated or
    not), the last line scored apart (only it counts words), and only the
    ends that can lie on a paragraph of the fewest lines tried first: the
    breaker's inner loop was the engine's largest item. A line more costs
    more (`LINE`) than the raggedness of almost any paragraph, so the best
    breaks nearly always take the fewest lines; when the best of those is
    ragged enough that one more line might beat it, every end is tried.
    Either way the breaks are those of trying every end (see `_best`).
    """
    n = len(boxes)
    # before[i]: the width of items[:i] running on; a line of items[i:j] has room
    # to spare before[i] - reach[j] (one subtraction, so "it fits" is "spare >= 0").
    before = list(accumulate(spans, initial=0.0))
    reach = [0.0] + [before[j - 1] + boxes[j - 1].width - width for j in range(1, n + 1)]
    every = range(n + 1)
    if any(map(lt, before, reach[1:])):  # an item wider than a line
        return _best(boxes, glued, before, reach, scale, every, every)[1]
    fewest, on_fewest, bands = _fewest_lines(before, reach)
    cost, ends = _best(boxes, glued, before, reach, scale, on_fewest, bands)
    if cost < LINE * fewest:  # any paragraph of more lines costs at least this
        return ends
    return _best(boxes, glued, before, reach, scale, every, every)[1]


def _fewest_lines(before: list[float], reach: list[float]) -> tuple[int, list[int], list[int]]:
    """The fewest lines the paragraph takes, the ends that can lie on such a paragraph,
    and for each of those where the ends of one line fewer start (its `bands`).

    An end j can when the fewest lines to it and the fewest after it add up
    to the fewest in all. The fewest to j start its last line as early as
    it fits; the fewest after i end its first line as late as it fits. On
    such a paragraph the line before one ending at j ends where the fewest
    lines to it are one fewer than to j: the ends before j's band.
    """
    n = len(before) - 1
    to = [0] * (n + 1)
    for j in range(1, n + 1):
        to[j] = 1 + to[bisect_left(before, reach[j], 0, j - 1)]
    after = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        after[i] = 1 + after[bisect_right(reach, before[i], i + 1) - 1]
    fewest = to[n]
    kept = [j for j in range(n + 1) if to[j] + after[j] == fewest]
    bands, start = [], 0
    for k, j in enumerate(kept):
        if to[j] != to[kept[k - 1]]:
            start = k
        bands.append(start)
    return fewest, kept, bands


def _best(
    boxes: list[Box],
    glued: list[bool],
    before: list[float],
    reach: list[float],
    scale: float,
    ends: Sequence[int],
    bands: Sequence[int],
) -> tuple[float, list[int]]:
    """The best breaks whose line ends are all in `ends` (ascending, 0 and n included),
    and their cost; a line ending at `ends[k]` starts at one of `ends[:bands[k]]`.

    Each end keeps its best start, the later one on a tie, tried from the
    latest back. A best path whose lines are all among those tried has, at
    each of its ends, the cost and start that trying every line gives it,
    so any choice of lines holding the best paragraph's gives its breaks
    exactly.
    """
    n = len(boxes)
    inf = float("inf")
    cost = [inf] * (n + 1)
    cost[0] = 0.0
    back = [0] * (n + 1)
    for k in range(1, len(ends) - 1):
        j = ends[k]
        reach_j = reach[j]
        if before[j - 1] < reach_j:  # wider than a line: a line of its own
            cost[j], back[j] = cost[j - 1] + OVERFULL, j - 1
            continue
        extra = LINE if boxes[j - 1].spaced else LINE + NO_SPACE_BREAK
        first = bisect_left(ends, bisect_left(before, reach_j, 0, j - 1), 0, k)
        best, best_i = inf, j - 1
        for m in range(bands[k] - 1, first - 1, -1):
            i = ends[m]
            slack = before[i] - reach_j
            c = cost[i] + extra + scale * slack * slack
            if c < best:
                best, best_i = c, i
        cost[j], back[j] = best, best_i
    # The last line costs nothing, unless it is one word where more could come down.
    k = len(ends) - 1
    if before[n - 1] < reach[n]:
        best, best_i = cost[n - 1] + OVERFULL, n - 1
    else:
        first = bisect_left(ends, bisect_left(before, reach[n], 0, n - 1), 0, k)
        best, best_i = inf, n - 1
        words, i_word = 1, n - 1  # words on a last line from i_word on
        for m in range(bands[k] - 1, first - 1, -1):
            i = ends[m]
            while i_word > i:
                i_word -= 1
                words += glued[i_word]
            c = cost[i] + (ONE_WORD_LAST if words == 1 and i else 0.0)
            if c < best:
                best, best_i = c, i
    back[n] = best_i
    out = []
    j = n
    while j > 0:
        out.append(j)
        j = back[j]
    return best, out[::-1]
