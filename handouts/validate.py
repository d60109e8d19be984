"""Plain data + source map -> a validated Library and a list of diagnostics.

Handouts are validated one at a time: a broken handout is reported and left
out, and the others still build (unless the caller asks for --strict).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .assets import AssetError, resolve_asset
from .diagnostics import Diagnostic, Loc, format_path
from .language import tag_suggestion
from .load import SourceMap
from .model import Handout, HandoutSet, Library, LibrarySettings, assign_locations


@dataclass
class Validated:
    """The library with only its valid handouts, and every problem found."""

    library: Library | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source_map: SourceMap | None = None
    base_dir: Path = Path(".")
    # Every id written in the content, valid or not: a broken handout is not a deleted one.
    declared: set[str] = field(default_factory=set)

    def position(self, loc: Loc):
        return self.source_map.find(loc) if self.source_map else None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _unwrap(tp: Any) -> list[Any]:
    """The model classes (or list item types) hidden inside an annotation."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg)]
    return [tp]


def _fields_at(root: type[BaseModel], loc: Loc) -> list[str]:
    """Known keys of the model found at `loc`, for a 'did you mean'."""
    current: list[Any] = [root]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            for t in _unwrap(tp):
                if isinstance(part, int) and typing.get_origin(t) is list:
                    nxt.extend(_unwrap(typing.get_args(t)[0]))
                elif isinstance(t, type) and issubclass(t, BaseModel) and part in t.model_fields:
                    nxt.extend(_unwrap(t.model_fields[part].annotation))
                elif typing.get_origin(t) is dict:  # translations by language, formats
                    nxt.extend(_unwrap(typing.get_args(t)[1]))
        current = nxt
    return [
        name
        for tp in current
        for t in _unwrap(tp)
        if isinstance(t, type) and issubclass(t, BaseModel)
        for name in t.model_fields
    ]


def _message(err: dict[str, Any], root: type[BaseModel], loc: Loc) -> tuple[str, str]:
    """A plain-words message and hint for one pydantic error: what is wrong and what to do."""
    kind, value = err["type"], err.get("input")
    if kind == "missing":
        return "field required", f"add '{loc[-1]}: ...' here" if loc else ""
    if kind == "extra_forbidden":
        close = _suggestion(root, loc)
        known = _fields_at(root, loc[:-1])
        hint = f"did you mean '{close}'?" if close else f"known keys: {', '.join(known)}"
        key = str(loc[-1])
        # `- Note: bring your list` unquoted: YAML reads "Note" as a key. Words no
        # key is spelt with say so; a capitalised one may be either.
        quote = "a colon and a space make a key in YAML: if this is text, put the whole line "
        quote += "in double quotes" + (f" (known keys: {', '.join(known)})" if known else "")
        if not key.isascii() or " " in key:
            hint = quote
        elif key[:1].isupper() and key.lower() not in known:
            hint = f"did you mean '{close}'? or, {quote}" if close else quote
        return f"unknown key '{loc[-1]}'", hint
    if kind == "string_type":
        return f"expected text, got {_kind(value)}", _text_hint(value)
    if kind == "list_type":
        return f"expected a list, got {_kind(value)}", "start each item with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"expected a mapping of keys, got {_kind(value)}",
            "write 'key: value' lines indented below it",
        )
    if kind == "string_too_short":
        return "may not be empty", "write the text, or remove the line"
    if kind == "too_short":
        return "needs at least one item", "add an item on a line starting with '- '"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not in the expected form", _pattern_hint(loc, value)
    if kind == "literal_error":
        return f"'{value}' is not allowed", "use " + err["ctx"]["expected"]
    if kind == "bool_type" or kind == "bool_parsing":
        return f"expected true or false, got {_kind(value)}", "write true or false, without quotes"
    msg = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    hint = getattr(err.get("ctx", {}).get("error"), "hint", "")  # markup.MarkupError has one
    return msg[:1].lower() + msg[1:], hint


def _text_hint(value: Any) -> str:
    """What an editor typed instead of text, and how to make it text."""
    if isinstance(value, dict):
        # `Note: bring your list` unquoted: YAML reads "Note" as a key.
        return "a colon and a space make a key in YAML: put the whole text in double quotes"
    if isinstance(value, list):
        return "this takes one text: remove the '- ' in front, or join the items into one"
    if value is None:
        return "write the text after the colon, or remove the line"
    return f'put it in double quotes to keep it as text: "{value}"'


def _pattern_hint(loc: Loc, value: Any) -> str:
    last = loc[-1] if loc else ""
    if last == "language" and isinstance(value, str) and (meant := tag_suggestion(value)):
        return f"did you mean '{meant}'? (a language tag such as en, es or zh-Hant)"
    return {
        "id": "use lower-case letters, digits and hyphens, e.g. ketamine-pain-relief",
        "language": "use a language tag such as en or es",
    }.get(str(last), 'colours are written "#RRGGBB"' if "colors" in loc else "")


def display_loc(loc: Loc) -> Loc:
    """A bare-string paragraph has no `paragraph:` key in the file; don't show one."""
    return tuple(
        part
        for i, part in enumerate(loc)
        if not (part == "paragraph" and i and isinstance(loc[i - 1], int))
    )


def _suggestion(root: type[BaseModel], loc: Loc) -> str | None:
    """The known key closest to the unknown one at the end of `loc`."""
    close = difflib.get_close_matches(str(loc[-1]), _fields_at(root, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _diagnostics(exc: ValidationError, prefix: Loc, smap: SourceMap, handout: str = ""):
    errors = exc.errors()
    # `titel:` makes `title` missing too; the did-you-mean says it all in one line.
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = display_loc((*prefix, *err["loc"]))
            close = _suggestion(Library, loc)
            if close:
                misspelt.add((*loc[:-1], close))
    for err in errors:
        loc = display_loc((*prefix, *err["loc"]))
        if err["type"] == "missing" and loc in misspelt:
            continue
        message, hint = _message(err, Library, loc)
        position = smap.key(loc) if err["type"] == "extra_forbidden" else smap.find(loc)
        yield Diagnostic(
            message, position=position, path=smap.path(loc), hint=hint, handout=handout
        )


def _asset_problems(data: dict, base_dir: Path, smap: SourceMap) -> Iterator[Diagnostic]:
    """Logo files must exist inside the content folder.

    Read from the raw data, so that a brand with another mistake (a bad
    colour) still has its logo checked in the same run.
    """
    clinics = data.get("clinics")
    brands = clinics.items() if isinstance(clinics, dict) else [(None, data.get("clinic"))]
    for brand, clinic in brands:
        logo = clinic.get("logo") if isinstance(clinic, dict) else None
        if isinstance(logo, str) and logo:
            loc = ("clinic", "logo") if brand is None else ("clinics", brand, "logo")
            try:
                resolve_asset(base_dir, logo)
            except AssetError as exc:
                yield Diagnostic(str(exc), position=smap.find(loc), path=format_path(loc))


def _unknown_base_urls(library: LibrarySettings, smap: SourceMap) -> Iterator[Diagnostic]:
    """settings.base_url by clinic must name the library's clinics."""
    urls = library.settings.base_url
    if not isinstance(urls, dict):
        return
    known = list(library.brands) if library.clinics is not None else []
    for brand in urls:
        if brand in known:
            continue
        loc = ("settings", "base_url", brand)
        if not known:
            message, hint = "this library has one clinic", "write base_url: as one address"
        else:
            close = difflib.get_close_matches(brand, known, n=1)
            message = f"no clinic with id '{brand}'"
            hint = f"did you mean '{close[0]}'?" if close else f"known clinics: {', '.join(known)}"
        yield Diagnostic(message, position=smap.key(loc), path=format_path(loc), hint=hint)


def _unknown_brands(
    library: LibrarySettings, handouts: list[Handout], smap: SourceMap, sink: list[Diagnostic]
) -> list[Handout]:
    """Handouts that name a brand the library does not have are left out."""
    known = list(library.brands) if library.clinics is not None else []
    good = []
    for h in handouts:
        if h.clinic is None or h.clinic in known:
            good.append(h)
            continue
        loc = (*h.loc, "clinic")
        close = difflib.get_close_matches(h.clinic, known, n=1)
        if not known:
            message, hint = "this library has one clinic", "list brands under clinics: to choose"
        else:
            message = f"no clinic with id '{h.clinic}'"
            hint = f"did you mean '{close[0]}'?" if close else f"known clinics: {', '.join(known)}"
        sink.append(
            Diagnostic(
                message, position=smap.find(loc), path=format_path(loc), hint=hint, handout=h.id
            )
        )
    return good


def handout_images(handout: Handout) -> list:
    """Every picture a handout prints: its cover and its image blocks, in order."""
    blocks = [*handout.intro, *(b for s in handout.sections for b in s.body)]
    return [i for i in [*(b.image for b in blocks), handout.cover_image] if i is not None]


def handout_asset_problems(raw: Any, loc: Loc, base_dir: Path, smap: SourceMap, hid: str):
    """Pictures a handout names that cannot be used, read from the raw data.

    A handout with another mistake (an impossible date) still has its
    pictures checked in the same run.
    """
    for where, src in _raw_pictures(raw, loc):
        try:
            resolve_asset(base_dir, src)
        except AssetError as exc:
            yield Diagnostic(
                str(exc), position=smap.find(where), path=smap.path(where), handout=hid
            )


def _raw_pictures(node: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every `image:` and `cover_image:` with a `src` text, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            src = value.get("src") if isinstance(value, dict) else None
            if key in ("image", "cover_image") and isinstance(src, str):
                yield (*loc, key, "src"), src
            else:
                yield from _raw_pictures(value, (*loc, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _raw_pictures(item, (*loc, i))


def validate(data: Any, smap: SourceMap, base_dir: Path) -> Validated:
    """Validate the whole library, collecting every problem at once."""
    out = Validated(None, [], smap, base_dir)
    if not isinstance(data, dict):
        out.diagnostics.append(
            Diagnostic(
                f"expected a mapping with 'clinic' and 'handouts', got {_kind(data)}",
                position=smap.find(()),
            )
        )
        return out
    settings = _validate_settings(data, smap, out.diagnostics)
    problems = list(_asset_problems(data, base_dir, smap))
    out.diagnostics.extend(problems)
    handouts = _validate_handouts(data, smap, base_dir, out.diagnostics, out.declared)
    if settings is not None:
        assign_locations(settings, ())
        unknown = _unknown_base_urls(settings, smap)
        out.diagnostics.extend(unknown)
        problems += unknown
        if not problems:
            handouts = _unknown_brands(settings, handouts, smap, out.diagnostics)
            handouts = _checked_translations(handouts, out.declared, smap, out.diagnostics)
            sets = _checked_sets(settings, _declared_ids(data), smap, out.diagnostics)
            fields = {**dict(settings), "sets": sets}
            out.library = Library.model_construct(**fields, handouts=handouts)
    return out


def _checked_translations(
    handouts: list[Handout], declared: set[str], smap: SourceMap, sink: list[Diagnostic]
) -> list[Handout]:
    """`translation_of` must name another handout, in another language, that is not a
    translation itself; a handout whose link is broken is reported and left out (its
    source's own errors, if any, are reported where they are)."""
    by_id = {h.id: h for h in handouts}
    good = []
    for h in handouts:
        source_id = h.translation_of
        source = by_id.get(source_id or "")
        problem = ""
        if source_id is None or (source is None and source_id in declared):
            good.append(h)
            continue
        if source_id == h.id:
            problem, hint = "a handout cannot be a translation of itself", "name its source's id"
        elif source is None:
            close = difflib.get_close_matches(source_id, list(by_id), n=1)
            problem = f"no handout with id '{source_id}'"
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "use the id of the handout it translates"
            )
        elif source.translation_of is not None:
            problem = f"'{source_id}' is itself a translation of '{source.translation_of}'"
            hint = f"write translation_of: {source.translation_of} (the original)"
        elif source.language == h.language:
            problem = f"'{source_id}' is in the same language ({h.language})"
            hint = "a translation is in another language than its source; check language:"
        if problem:
            loc = (*h.loc, "translation_of")
            sink.append(
                Diagnostic(
                    problem, position=smap.find(loc), path=format_path(loc), hint=hint, handout=h.id
                )
            )
        else:
            good.append(h)
    return good


def _declared_ids(data: dict) -> list[str]:
    """Every id written in the file, valid handout or not (it has its own error)."""
    raw = data.get("handouts")
    items = raw if isinstance(raw, list) else []
    return [h["id"] for h in items if isinstance(h, dict) and isinstance(h.get("id"), str)]


def _checked_sets(
    settings: LibrarySettings, known: list[str], smap: SourceMap, sink: list[Diagnostic]
) -> list[HandoutSet]:
    """Sets that name only real handouts; a broken set is reported and left out."""
    good: list[HandoutSet] = []
    seen: set[str] = set()
    for i, handout_set in enumerate(settings.sets):
        problems = []
        if handout_set.id in seen:
            problems.append((("sets", i, "id"), f"duplicate set id '{handout_set.id}'", ""))
        for j, hid in enumerate(handout_set.handouts):
            if hid not in known:
                close = difflib.get_close_matches(hid, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "use the id of a handout"
                problems.append((("sets", i, "handouts", j), f"no handout with id '{hid}'", hint))
        for loc, message, hint in problems:
            sink.append(
                Diagnostic(message, position=smap.find(loc), path=format_path(loc), hint=hint)
            )
        seen.add(handout_set.id)
        if not problems:
            good.append(handout_set)
    return good


def _validate_settings(data: dict, smap: SourceMap, sink: list[Diagnostic]):
    head = {k: v for k, v in data.items() if k != "handouts"}
    if "clinic" not in head and "clinics" not in head:
        # One brand is the usual case: ask for `clinic:`, as a required key would.
        sink.append(
            Diagnostic(
                "field required",
                position=smap.find(("clinic",)),
                path="clinic",
                hint="add 'clinic:' with the clinic's name, colours and contact details",
            )
        )
        return None
    try:
        return LibrarySettings.model_validate(head)
    except ValidationError as exc:
        sink.extend(_diagnostics(exc, (), smap))
        return None


def _validate_handouts(
    data: dict, smap: SourceMap, base_dir: Path, sink: list[Diagnostic], declared: set[str]
):
    raw_handouts = data.get("handouts")
    if not isinstance(raw_handouts, list) or not raw_handouts:
        message = "field required" if raw_handouts is None else "expected a list of handouts"
        sink.append(
            Diagnostic(
                message,
                position=smap.find(("handouts",)),
                path="handouts",
                hint="list the handouts under 'handouts:', each starting with '- id: ...'",
            )
        )
        return []
    good: list[Handout] = []
    # Every id as written, valid handout or not: a later handout taking the id
    # of a broken one would otherwise replace its PDF, and only the other
    # error would be reported.
    seen: dict[str, Loc] = {}
    for i, raw in enumerate(raw_handouts):
        loc: Loc = ("handouts", i)
        hid = raw.get("id", "") if isinstance(raw, dict) else ""
        hid = hid if isinstance(hid, str) else ""
        declared.add(hid)
        duplicate = hid in seen
        if duplicate:
            sink.append(_duplicate(smap, hid, seen[hid], loc))
        elif hid:
            seen[hid] = loc
        problems = list(handout_asset_problems(raw, loc, base_dir, smap, hid))
        try:
            handout = Handout.model_validate(raw)
        except ValidationError as exc:
            sink.extend(_diagnostics(exc, loc, smap, hid))
            sink.extend(problems)
            continue
        assign_locations(handout, loc)
        sink.extend(problems)
        if not (problems or duplicate):
            good.append(handout)
    return good


def _duplicate(smap: SourceMap, hid: str, first: Loc, loc: Loc) -> Diagnostic:
    return Diagnostic(
        f"duplicate handout id '{hid}' (also {_elsewhere(smap, first, loc)})",
        position=smap.find((*loc, "id")),
        path=smap.path((*loc, "id")),
        hint="every handout needs its own id; it names the PDF file",
        handout=hid,
    )


def _elsewhere(smap: SourceMap, first: Loc, here: Loc) -> str:
    """Where the first holder of a duplicate id is, naming its file if another."""
    pos, this = smap.find((*first, "id")), smap.find((*here, "id"))
    if pos is not None and this is not None and pos.file != this.file:
        return f"{smap.path(first)} in {pos.file}:{pos.line}"
    return smap.path(first)
