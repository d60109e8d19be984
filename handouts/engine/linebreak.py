"""Lines chosen for the whole paragraph at once (total fit), for ragged text.

As TeX and Typst do: every way of breaking is scored by how unevenly the
lines end (the square of each line's slack), a hyphen costs a little, two
hyphenated lines running cost a lot, and a last line of one word costs
enough that a better break is taken wherever one exists. Greedy filling,
ReportLab's way, leaves one-word last lines and ragged right edges.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    The same costs with one state per end instead of two (hyphenated or not),
    and the last line scored apart (only it counts words): the breaker's
    inner loop is the engine's largest item.
    """
    n = len(boxes)
    cost = [0.0] * (n + 1)
    back = [0] * (n + 1)
    for j in range(1, n):
        end = boxes[j - 1]
        natural = end.width
        if natural > width:  # wider than a line: a line of its own
            cost[j], back[j] = cost[j - 1] + OVERFULL, j - 1
            continue
        extra = LINE if end.spaced else LINE + NO_SPACE_BREAK
        slack = width - natural
        best, best_i = cost[j - 1] + extra + scale * slack * slack, j - 1
        i = j - 2
        while i >= 0:
            natural += spans[i]
            if natural > width:
                break
            slack = width - natural
            c = cost[i] + extra + scale * slack * slack
            if c < best:  # ties keep the later start
                best, best_i = c, i
            i -= 1
        cost[j], back[j] = best, best_i
    # The last line costs nothing, unless it is one word where more could come down.
    natural = boxes[n - 1].width
    if natural > width:
        back[n] = n - 1
    else:
        words = 1
        best, best_i = cost[n - 1] + (ONE_WORD_LAST if n > 1 else 0.0), n - 1
        i = n - 2
        while i >= 0:
            natural += spans[i]
            if natural > width:
                break
            if glued[i]:
                words += 1
            c = cost[i] + (ONE_WORD_LAST if words == 1 and i else 0.0)
            if c < best:
                best, best_i = c, i
            i -= 1
        back[n] = best_i
    ends = []
    j = n
    while j > 0:
        ends.append(j)
        j = back[j]
    return ends[::-1]
