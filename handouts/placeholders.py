"""Fill in a handout's `{clinic.phone}`-style placeholders from its brand.

The model checks only the names: it knows no brand. A handout meets its
brand when it is laid out, checked or offered at the print station, and each
of those fills it in here first, so every later stage (layout, metadata,
outline, readability) reads the words a patient reads.

A brand's details go in as text. The markup of the text as written decides
what is bold, italic or a link; a detail that would change that (a `*` or
`](` in a clinic's name) is refused rather than printed differently. What
reaches ReportLab is still escaped by `markup`, like any other text.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import AfterValidator

from . import markup
from .diagnostics import format_path
from .model import Clinic, Handout, LibrarySettings, Loc, Model

# Where each placeholder's value sits in a brand, for the messages.
FIELDS = {
    "name": "name",
    "phone": "contact.phone",
    "email": "contact.email",
    "website": "contact.website",
    "address": "contact.address",
    "hours": "contact.hours",
}
# How a value is set in running text: kept on one line as the contact card keeps it.
_GLUE: dict[str, Callable[[str], str]] = {
    "phone": markup.phone_nowrap,
    "address": markup.keep_together,
    "hours": markup.keep_together,
}


# Longest a text may grow to when filled in (far beyond the words a
# paragraph may have), so a few placeholders cannot ask for gigabytes.
MAX_FILLED = 100_000
# Values that hold no text to fill in: the walk does not look at them.
_LEAVES = (int, float, type(None), dt.date)


@dataclass(frozen=True, slots=True)
class Problem:
    loc: Loc
    message: str
    hint: str


def values(clinic: Clinic) -> dict[str, str | None]:
    contact = clinic.contact
    return {
        "name": clinic.name,
        "phone": contact.phone,
        "email": contact.email,
        "website": contact.website,
        "address": contact.address,
        "hours": contact.hours,
    }


def _shown(name: str, value: str) -> str:
    glue = _GLUE.get(name)
    return glue(value) if glue else value


def _target(href: str, found: dict[str, str | None]) -> str:
    """A link target with its placeholder filled in (the forms markup allows)."""
    if href.startswith("tel:"):
        return "tel:" + markup.dial(found["phone"] or "")
    if href.startswith("mailto:"):
        return "mailto:" + (found["email"] or "")
    page = href.removeprefix("{clinic.website}")
    website = found["website"] or ""
    return website.rstrip("/") + page if page else website


def _sub(text: str, found: dict[str, str | None]) -> str:
    return markup.PLACEHOLDER.sub(lambda m: _shown(m[1], found[m[1]] or ""), text)


def _fill_spans(text: str, found: dict[str, str | None]) -> list[markup.Span]:
    """What the text means once filled in: its own markup, the brand's details as text."""
    return [
        markup.Span(
            _sub(s.text, found),
            s.bold,
            s.italic,
            _target(s.href, found) if s.href and markup.PLACEHOLDER.search(s.href) else s.href,
        )
        for s in markup.parse(text)
    ]


def _missing(loc: Loc, name: str, brand: str) -> Problem:
    return Problem(
        loc,
        f"{{clinic.{name}}}: {brand} has no {FIELDS[name]}",
        "add it there, or write this text without the placeholder",
    )


def fill_text(text: str, found: dict[str, str | None], brand: str, loc: Loc) -> tuple[str, list]:
    """`text` with its placeholders filled in, or as written with the problems."""
    names = dict.fromkeys(m[1] for m in markup.PLACEHOLDER.finditer(text))
    missing = [n for n in names if not found.get(n)]
    if missing:
        return text, [_missing(loc, n, brand) for n in missing]
    grown = len(text) + sum(len(found[m[1]] or "") for m in markup.PLACEHOLDER.finditer(text))
    if grown > MAX_FILLED:  # refused before it is built: 1 MB of {clinic.name} is 1 GB
        return text, [
            Problem(
                loc,
                f"filled in, this text would be {grown:,} characters long; "
                f"the limit is {MAX_FILLED:,}",
                "use fewer placeholders",
            )
        ]
    spans = markup.parse(text)
    filled = text
    for href in {s.href for s in spans if s.href and markup.PLACEHOLDER.search(s.href)}:
        filled = filled.replace(f"]({href})", f"]({_target(href, found)})")
    filled = _sub(filled, found)
    if markup.parse(filled) != _fill_spans(text, found):
        marked = [n for n in names if set(found[n] or "") & set("*_[]()")] or list(names)
        return text, [
            Problem(
                loc,
                f"{{clinic.{n}}} would change the bold, italics or links of this text: "
                f"{brand}.{FIELDS[n]} is '{found[n]}'",
                "write this text without the placeholder",
            )
            for n in marked
        ]
    return filled, []


def _checked_by(check: Callable, annotation: Any, metadata: Any = ()) -> bool:
    """Whether a field's text (alone or in lists) is validated by `check`."""
    if any(isinstance(m, AfterValidator) and m.func is check for m in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        return _checked_by(check, typing.get_args(annotation)[0], annotation.__metadata__)
    return any(_checked_by(check, arg) for arg in typing.get_args(annotation))


@functools.cache
def _fields(cls: type[Model]) -> dict[str, str]:
    """The fields of `cls` that take placeholders: inline text, or a web address."""
    out = {}
    for name, info in cls.model_fields.items():
        if _checked_by(markup.check_inline, info.annotation, info.metadata):
            out[name] = "inline"
        elif _checked_by(markup.check_web_target, info.annotation, info.metadata):
            out[name] = "target"
    return out


def fill_target(url: str, found: dict[str, str | None], brand: str, loc: Loc) -> tuple[str, list]:
    """A web address that starts with {clinic.website}, filled in."""
    if not markup.PLACEHOLDER.search(url):
        return url, []
    if not found["website"]:
        return url, [_missing(loc, "website", brand)]
    return _target(url, found), []


def fill(handout: Handout, clinic: Clinic, brand: str) -> tuple[Handout, list[Problem]]:
    """The handout as `clinic` prints it (`brand` says where it is written).

    Inline text and QR codes' addresses are filled in; a handout without
    placeholders comes back as it is. Nodes keep their locations (model_copy keeps private values).
    """
    found = values(clinic)
    problems: list[Problem] = []

    fillers = {"inline": fill_text, "target": fill_target}

    def walk(node: Any, loc: Loc, kind: str | None) -> Any:
        if isinstance(node, str):
            if kind is None or "{clinic." not in node:
                return node
            text, found_problems = fillers[kind](node, found, brand, loc)
            problems.extend(found_problems)
            return text
        if isinstance(node, Model):
            fields = _fields(type(node))
            update = {}
            for name, value in node.__dict__.items():  # the fields (extra keys are forbidden)
                if isinstance(value, _LEAVES):
                    continue
                new = walk(value, (*loc, name), fields.get(name))
                if new is not value:
                    update[name] = new
            return node.model_copy(update=update) if update else node
        if isinstance(node, list):
            items = [walk(item, (*loc, i), kind) for i, item in enumerate(node)]
            return items if any(a is not b for a, b in zip(items, node, strict=True)) else node
        return node

    return walk(handout, handout.loc, None), problems


def fill_for(
    library: LibrarySettings, handout: Handout, wanted: str | None = None
) -> tuple[Handout, list[Problem]]:
    """The handout as its brand prints it (`wanted` is --clinic), in its language."""
    brand = library.brand_for(handout, wanted)
    clinic = library.brands[brand].in_language(handout.language)
    return fill(handout, clinic, format_path(library.brand_loc(brand)))


def texts(node: Any, loc: Loc, kind: str | None = None) -> Iterator[tuple[Loc, str]]:
    """Every text under `node` that takes placeholders (inline text, a QR code's url)."""
    if isinstance(node, str):
        if kind is not None:
            yield loc, node
    elif isinstance(node, Model):
        fields = _fields(type(node))
        for name in type(node).model_fields:
            yield from texts(getattr(node, name), (*loc, name), fields.get(name))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from texts(item, (*loc, i), kind)
