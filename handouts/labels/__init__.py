"""The words the tool prints itself, in the handout's language: one data file per language.

A Spanish handout must not say "Key points" or "Page 1 of 2". Content
editors write everything else; these labels ship with the tool, as plain
YAML files beside this module (`en.yaml`, `es.yaml`, `zh-Hant.yaml`, ...)
so a translator can correct one without reading Python. Each file says in
its header how far it has been reviewed and who may correct it, and a
clinic can replace any label for its own handouts under its brand's
`translations: <language>: labels:`.

There is no English fallback: a language whose table (with the clinic's
overrides) lacks a key cannot print, and `resolve` names the missing keys
so the build can say what to add. Read the labels a handout prints through
its theme (`Theme.labels`), which has the clinic's overrides; the shipped
tables alone through `handouts.language.language(tag).labels`.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
    model_validator,
)

Word = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Words = Annotated[tuple[Word, ...], Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FillInWords(_Strict):
    """The whole fill-in labels that mean one of the station's fields ("Patient
    name" is where the patient's name goes), compared by `label_key`.

    Whole labels, never words inside one: "Ngày" is a date line, but "Ngày 1"
    (day 1) of a pain log is not, nor is "Date of the pain" a visit's date; a
    label no list names stays blank, and the detail goes in the station's card."""

    patient: Words
    clinician: Words
    date: Words
    next_appointment: Words
    notes: Words


class FormatWords(_Strict):
    name: Word = Field(description="What staff and patients call the format.")
    description: Word = Field(description="The choice on a print form.")


def _needs(text: str, *names: str) -> list[str]:
    return [f"{{{n}}}" for n in names if f"{{{n}}}" not in text]


def _require(key: str, text: str, *names: str) -> None:
    missing = _needs(text, *names)
    if missing:
        raise ValueError(f"{key} must contain {' and '.join(missing)}")


class Count(_Strict):
    """A number of things, "{n} pages": `one` for 1 ("1 page", or "صفحة واحدة"
    without the figure), `other` for any other number.

    A language whose nouns take more forms than two (Russian, Arabic, Polish)
    writes `other` so that it reads right for every number ("страниц: {n}").
    """

    one: Word
    other: Word

    @model_validator(mode="after")
    def _has_n(self) -> Count:
        _require("other", self.other, "n")
        return self

    def of(self, n: int) -> str:
        return (self.one if n == 1 else self.other).format(n=n)


class CatalogueWords(_Strict):
    """The words of the staff's print menu (`out/catalogue.pdf`), in the clinic's language."""

    title: Word = Field(description="The catalogue's title, running header and PDF title.")
    intro: Word = Field(description='"{handouts} in {pdfs}, grouped by topic."')
    find_by_code: Word = Field(description="How to get a PDF, when the cards have QR codes.")
    find_by_name: Word = Field(description="How to get a PDF, when they have none.")
    contents: Word
    formats: Word = Field(description='Before a card\'s formats: "Formats:".')
    also_in: Word = Field(description='Before a handout\'s other languages: "Also in:".')
    also_about: Word = Field(description='Before a handout\'s other tags: "Also about:".')
    not_built: Word = Field(description="A card's formats when nothing is built yet.")
    other_topics: Word = Field(description="The heading of handouts without a tag.")
    pages: Count
    handouts: Count
    pdfs: Count
    qr_alt: Word = Field(description='A card\'s QR code for screen readers: "... {file}".')
    subject: Word = Field(description="The PDF's subject (document properties).")

    @model_validator(mode="after")
    def _placeholders(self) -> CatalogueWords:
        _require("intro", self.intro, "handouts", "pdfs")
        _require("qr_alt", self.qr_alt, "file")
        return self


class Labels(_Strict):
    """Every word the layouts, the catalogue and the print station print."""

    name: Word = Field(description="The language's name in itself, e.g. Español.")
    english_name: Word = Field(description="The language's name in English, e.g. Spanish.")
    key_points: Word
    warning: Word
    when_to_call: Word
    tip: Word
    contact: Word = Field(description='The closing card\'s title; "{clinic}" is the clinic.')
    phone: Word
    website: Word
    email: Word
    address: Word
    hours: Word
    page: Word = Field(description='"Page {n} of {total}"; {total} comes last.')
    reviewed: Word = Field(description='"Reviewed {date}".')
    months: tuple[Word, ...] = Field(min_length=12, max_length=12)
    date_format: Word = Field(description='"{month} {day}, {year}".')
    qr_caption: Word = Field(description="Under the QR code to the clinic's website.")
    list_separator: str = Field(
        min_length=1,
        description='Between the items of a list in a line ("sleep, pain"): "、" in Chinese '
        'and Japanese, "، " in Arabic.',
    )
    colon: str = Field(
        min_length=1,
        description='Between a label and its value ("Phone: ...", "Date: ..."): ": ", or the '
        'full-width "：" with no space in Chinese and Japanese.',
    )
    in_this_language: Word = Field(
        description="Under a QR code to the handout in this language, on a copy in another "
        'language: "This handout in English", written in this language.'
    )
    more_languages: Word = Field(
        description="After the QR codes to a handout's other languages, the rest by name: "
        '"Also in {languages}: ask us for a copy."'
    )
    prepared_for: Word = Field(description="The print station's card of a patient's details.")
    clinician: Word
    date_label: Word
    next_appointment: Word
    notes: Word = Field(description="The heading of the care team's notes.")
    fill_in_words: FillInWords
    formats: dict[str, FormatWords] = Field(description="Each format's name, by format.")
    catalogue: CatalogueWords

    @model_validator(mode="after")
    def _placeholders(self) -> Labels:
        wanted = {
            "contact": ("clinic",),
            "page": ("n", "total"),
            "reviewed": ("date",),
            "date_format": ("day", "month", "year"),
            "more_languages": ("languages",),
        }
        for key, names in wanted.items():
            _require(key, getattr(self, key), *names)
        if not self.page.rstrip().endswith("{total}"):
            raise ValueError("page must end with {total} (the page count is printed last)")
        return self

    def callout(self, kind: str) -> str:
        return {
            "key-points": self.key_points,
            "warning": self.warning,
            "when-to-call": self.when_to_call,
            "tip": self.tip,
        }[kind]

    def date(self, day: dt.date) -> str:
        month = self.months[day.month - 1]
        return self.date_format.format(month=month, day=day.day, year=day.year)

    def labelled(self, label: str, value: str) -> str:
        """ "Date: 2 December 2026", "日期：2026年12月2日": a label and its value on a line."""
        return f"{label}{self.colon}{value}"

    def label_parts(self, label: str) -> tuple[str, str]:
        """A label with its colon, and the space before its value ("Phone:", " ";
        "电话：", ""): a layout sets the first in bold."""
        mark = self.colon.rstrip()
        return f"{label}{mark}", self.colon[len(mark) :]

    def page_number(self, n: int | str) -> str:
        """ "Page 3 of ": the words before the page count, which is drawn after them."""
        return self.page.rstrip().removesuffix("{total}").format(n=n)

    def format_name(self, fmt: str) -> str:
        return self.formats[fmt].name

    def format_description(self, fmt: str) -> str:
        return self.formats[fmt].description

    def strings(self) -> Iterable[tuple[str, str]]:
        """(key, text) of every label."""
        for key, value in self.model_dump().items():
            yield from _flat(key, value)

    def printed(self) -> Iterable[tuple[str, str]]:
        """(key, text) of the labels a handout's pages print (not the words the
        station matches, the format names, the language's names or the catalogue's)."""
        unprinted = ("name", "english_name", "fill_in_words", "formats", "catalogue")
        return ((k, v) for k, v in self.strings() if not k.startswith(unprinted))


def _flat(key: str, value: Any) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _flat(f"{key}.{k}", v)
    else:
        for i, v in enumerate(value):
            yield from _flat(f"{key}[{i}]", v)


def _optional(model: type[BaseModel], name: str, nested: dict[str, Any]) -> type[BaseModel]:
    """`model` with every field optional: a clinic's overrides of some labels."""
    fields: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        kind = nested.get(key, info.annotation)
        fields[key] = (kind | None, Field(None, description=info.description))
    return create_model(name, __base__=_Strict, __doc__=model.__doc__, **fields)


FormatOverrides = _optional(FormatWords, "FormatOverrides", {})
CountOverrides = _optional(Count, "CountOverrides", {})
LabelOverrides = _optional(
    Labels,
    "LabelOverrides",
    {
        "fill_in_words": _optional(FillInWords, "FillInOverrides", {}),
        "formats": dict[str, FormatOverrides],  # type: ignore[valid-type]
        "catalogue": _optional(
            CatalogueWords,
            "CatalogueOverrides",
            {name: CountOverrides for name in ("pages", "handouts", "pdfs")},
        ),
    },
)
LabelOverrides.__doc__ = (
    "The clinic's own words for any of the tool's labels in this language (key_points, "
    "page, months, formats: {handout: {name: ...}}, ...); a language the tool ships no "
    "labels for needs every label here."
)


# ------------------------------------------------------------ the shipped tables


def _file_tag(name: str) -> str:
    return name.removesuffix(".yaml")


@functools.cache
def shipped() -> dict[str, str]:
    """Shipped tables by lower-case tag ("zh-hant"), each with its file's tag."""
    files = resources.files(__package__)
    tags = (_file_tag(f.name) for f in files.iterdir() if f.name.endswith(".yaml"))
    return {tag.lower(): tag for tag in sorted(tags)}


@functools.cache
def _parsed(tag: str) -> Mapping[str, Any]:
    text = resources.files(__package__).joinpath(f"{tag}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def raw_table(tag: str) -> dict[str, Any]:
    """A shipped table as written (its `review:` notes left out): a copy, the caller's
    to change."""
    data = copy.deepcopy(dict(_parsed(tag)))
    data.pop("review", None)
    return data


def review_note(tag: str) -> Mapping[str, Any]:
    """What a shipped table's `review:` says about who checked it."""
    return copy.deepcopy(_parsed(tag).get("review", {}))


# Chinese by script: Simplified for mainland China and Singapore, Traditional
# for Taiwan, Hong Kong and Macau.
_TRADITIONAL_REGIONS = {"tw", "hk", "mo"}


def table_for(tag: str) -> str | None:
    """The shipped table a language tag prints with ("zh-TW" -> "zh-Hant"), if any."""
    parts = tag.lower().split("-")
    known = shipped()
    if "-".join(parts) in known:
        return known["-".join(parts)]
    primary = parts[0]
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if primary == "zh":
        traditional = script == "hant" or (
            script is None and any(p in _TRADITIONAL_REGIONS for p in parts[1:])
        )
        return known.get("zh-hant" if traditional else "zh-hans")
    if script and f"{primary}-{script}" in known:
        return known[f"{primary}-{script}"]
    return known.get(primary)


@functools.cache
def table(tag: str) -> Labels | None:
    """The shipped labels for a language tag, or None when the tool has none."""
    found = table_for(tag)
    return Labels.model_validate(raw_table(found)) if found else None


# ------------------------------------------------------------ with a clinic's words


def _merged(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _missing(data: Mapping[str, Any], formats: Iterable[str]) -> list[str]:
    """Keys (dotted, as a clinic writes them) that a table lacks."""
    out = [k for k in Labels.model_fields if k not in data]
    words = data.get("fill_in_words") or {}
    if "fill_in_words" in data:
        out += [f"fill_in_words.{k}" for k in FillInWords.model_fields if k not in words]
    catalogue = data.get("catalogue") or {}
    if "catalogue" in data:
        for key, info in CatalogueWords.model_fields.items():
            if key not in catalogue:
                out.append(f"catalogue.{key}")
            elif info.annotation is Count:
                given = catalogue[key] or {}
                out += [f"catalogue.{key}.{k}" for k in Count.model_fields if k not in given]
    given = data.get("formats") or {}
    for fmt in formats:
        for key in FormatWords.model_fields:
            if key not in (given.get(fmt) or {}):
                out.append(f"formats.{fmt}.{key}")
    return out


class LabelProblem(ValueError):
    """A language's labels cannot print: `missing` keys, or a key that is wrong."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.message, self.missing = message, missing


def resolve(tag: str, overrides: BaseModel | None, formats: Iterable[str]) -> Labels:
    """The labels a handout in `tag` prints: the shipped table with the clinic's
    overrides. LabelProblem names every key neither gives (never English instead)."""
    found = table_for(tag)
    data: dict[str, Any] = raw_table(found) if found else {}
    if overrides is not None:
        data = _merged(data, overrides.model_dump(exclude_none=True))
    missing = tuple(_missing(data, formats))
    if missing:
        raise LabelProblem(f"no labels for {', '.join(missing)}", missing)
    if overrides is None and found:
        return table(found)  # type: ignore[return-value]  (validated once, cached)
    try:
        return Labels.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise LabelProblem(f"{where}: {message}" if where else message) from None


def label_key(label: str) -> str:
    """A fill-in label as the station compares it: compatibility forms folded
    (a full-width colon is a colon), case and spacing ignored, and a trailing
    colon, rule or ellipsis left out ("Date:", "日期：", " DATE " are "date")."""
    text = unicodedata.normalize("NFKC", label).replace("\u2019", "'").casefold()
    return " ".join(text.split()).rstrip(":_. ")


ENGLISH: Labels = table("en")  # type: ignore[assignment]  (shipped, so never None)
