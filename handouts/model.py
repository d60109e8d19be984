"""The document model: what a clinic's content says, independent of YAML and PDF.

Every model forbids unknown keys, so a misspelt key is an error (with a
suggestion) rather than content that silently never prints. The JSON Schema
that editors use is generated from these classes (`handouts.schema`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from . import markup, sentences
from .dates import add_months
from .diagnostics import Loc
from .formats import FORMAT_NAMES
from .labels import LabelOverrides
from .language import Language as LanguageInfo
from .language import language as language_of

# Inline text: the project's markup (bold, italic, links with allowed schemes,
# {clinic.phone}-style placeholders).
Inline = Annotated[str, StringConstraints(min_length=1), AfterValidator(markup.check_inline)]
PlainText = Annotated[str, StringConstraints(min_length=1)]
HexColor = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$"),
    Field(description='A colour as "#RRGGBB".'),
]


def _iso_date(value: Any) -> Any:
    """Accept a YAML date or a quoted ISO date, and nothing else.

    Pydantic would also take a number as a Unix timestamp, which is never
    what an editor meant.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise DateError(f"'{value}' is not a real date") from exc
    raise ValueError("expected a date written as YYYY-MM-DD, for example 2026-10-01")


class DateError(ValueError):
    """A date that is not one; `hint` says how to write it (shown by validation)."""

    hint = "write it as YYYY-MM-DD, e.g. 2026-10-01, with a month from 01 to 12"


Date = Annotated[dt.date, BeforeValidator(_iso_date), Field(json_schema_extra={"format": "date"})]


class Model(BaseModel):
    """Base for all content models: strict about keys, frozen once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @property
    def loc(self) -> Loc:
        """Where this node sits in the content (for error messages).

        Kept in pydantic's private-values slot by `assign_locations`, not as a
        declared PrivateAttr: pydantic would fill in a default for each of the
        20,000 nodes of a big library, only for it to be replaced.
        """
        private = self.__pydantic_private__
        return private["_loc"] if private else ()


# ---------------------------------------------------------------- clinic


class Colors(Model):
    """The brand colours; text on each background is checked for contrast (WCAG AA)."""

    primary: HexColor = Field(
        "#1B4965", description="Headings, bars, the header band (white text sits on it)."
    )
    accent: HexColor = Field("#F4A259", description="Bullets and thin highlights; never text.")
    text: HexColor = Field("#1F2933", description="Body text, on white and on `light`.")
    light: HexColor = Field("#EEF4F8", description="Background of boxes.")


FontFile = Annotated[
    str,
    StringConstraints(min_length=1),
    Field(description="A TrueType (.ttf) file, relative to the content file."),
]


class FontFaces(Model):
    """One family's TrueType files; italic faces fall back to upright ones."""

    regular: FontFile
    bold: FontFile
    italic: FontFile | None = None
    bold_italic: FontFile | None = None


# Scripts a brand may give a font of its own (engine/scripts.py SOURCES has their defaults).
ScriptName = Literal["latin", "arabic", "hebrew", "devanagari", "thai", "cjk"]


class Fonts(Model):
    """Typefaces shipped next to the content; Atkinson Hyperlegible when left out."""

    body: FontFaces | None = None
    heading: FontFaces | None = Field(None, description="Defaults to the body family.")
    scripts: dict[ScriptName, FontFaces] = Field(
        default_factory=dict,
        description="The brand's own font for a script the body and heading fonts lack "
        "(latin, arabic, hebrew, devanagari, thai, cjk); a script not named here takes "
        "its default Noto or WenQuanYi font.",
    )


WebUrl = Annotated[str, StringConstraints(min_length=1), AfterValidator(markup.check_web_url)]


Language = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    Field(description="BCP 47 language tag, e.g. en, es, en-US."),
]


class Contact(Model):
    phone: PlainText | None = None
    website: WebUrl | None = None
    email: PlainText | None = None
    address: PlainText | None = None
    hours: PlainText | None = None


class ClinicText(Model):
    """A clinic's words in one more language (see Clinic.translations)."""

    tagline: PlainText | None = None
    logo_alt: PlainText | None = None
    accreditation: PlainText | None = None
    disclaimer: PlainText | None = None
    disclaimer_short: PlainText | None = None
    crisis_line: PlainText | None = None
    hours: PlainText | None = Field(None, description="The contact's opening hours.")
    labels: LabelOverrides | None = Field(  # type: ignore[valid-type]
        None,
        description="The clinic's own words for the tool's labels in this language "
        "(key_points, page, months, ...): they replace the labels the tool ships.",
    )


# The language the clinic's own words are written in (`translations:` add others),
# and those words.
BRAND_LANGUAGE = "en"
BRAND_WORDS = (
    "tagline",
    "logo_alt",
    "accreditation",
    "disclaimer",
    "disclaimer_short",
    "crisis_line",
    "hours",
)


class Clinic(Model):
    name: PlainText
    tagline: PlainText | None = None
    logo: PlainText | None = Field(
        None, description="PNG, JPEG or SVG file, relative to the content file."
    )
    logo_alt: PlainText | None = None
    colors: Colors = Colors()
    fonts: Fonts = Fonts()
    contact: Contact = Contact()
    qr_url: WebUrl | None = Field(
        None,
        description="Where the clinic's QR codes lead (a social page, a booking page); "
        "defaults to contact.website.",
    )
    accreditation: PlainText | None = None
    disclaimer: PlainText = Field(description="The full disclaimer, printed at the end.")
    disclaimer_short: PlainText | None = Field(
        None, description="Printed in every page footer; defaults to the first sentence."
    )
    crisis_line: PlainText | None = Field(
        None,
        description="Printed in bold in every page footer when set, e.g. "
        "'In a crisis, call or text 988 at any time.'",
    )
    translations: dict[Language, ClinicText] = Field(
        default_factory=dict,
        description="The clinic's own words for handouts in other languages, by language "
        "tag (es, fr-CA): what a translation leaves out is printed as written above.",
    )

    def in_language(self, language: str) -> Clinic:
        """The clinic as a handout in `language` prints it.

        A handout in es-MX takes the es translation when there is no es-MX
        one. A translated disclaimer without its own short form gives the
        footer its first sentence, never the other language's short form.
        """
        primary = language.split("-")[0]
        text = self.translations.get(language) or self.translations.get(primary)
        if text is None:
            return self
        update = text.model_dump(exclude_none=True, exclude={"hours", "labels"})
        if "disclaimer" in update and "disclaimer_short" not in update:
            update["disclaimer_short"] = None
        if text.hours:
            update["contact"] = self.contact.model_copy(update={"hours": text.hours})
        return self.model_copy(update=update)

    def untranslated(self, language: str) -> tuple[str, ...]:
        """The clinic's own words (BRAND_WORDS it has set) that a handout in
        `language` prints in the brand's language, for want of a translation."""
        if language.split("-")[0] == BRAND_LANGUAGE:
            return ()
        done = self.translated(language)
        contact = self.contact.hours
        return tuple(
            name
            for name in BRAND_WORDS
            if name not in done and (contact if name == "hours" else getattr(self, name))
        )

    def untranslated_note(self, language: str) -> tuple[str, str] | None:
        """What `untranslated` means for a handout in `language`, as (message, hint)
        (for `check`'s clinic_words rule and `build`'s warning), or None."""
        missing = self.untranslated(language)
        if not missing:
            return None
        key = language if language in self.translations else language.split("-")[0]
        return (
            f"the clinic's {', '.join(missing)} print in English in this '{language}' handout",
            f"add them under translations: {key}: in the clinic's details",
        )

    def label_overrides(self, language: str) -> BaseModel | None:
        """The clinic's own labels for `language` (its es ones for es-MX), if any."""
        primary = language.split("-")[0]
        text = self.translations.get(language) or self.translations.get(primary)
        return text.labels if text is not None else None

    def translated(self, language: str) -> frozenset[str]:
        """The words (ClinicText field names) a handout in `language` gets translated."""
        primary = language.split("-")[0]
        text = self.translations.get(language) or self.translations.get(primary)
        if text is None:
            return frozenset()
        names = set(text.model_dump(exclude_none=True, exclude={"labels"}))
        if "disclaimer" in names:
            names.add("disclaimer_short")  # the footer then takes its first sentence
        return frozenset(names)

    def footer_disclaimer_loc(self, language: str) -> Loc:
        """Where the footer's disclaimer for a handout in `language` is written:
        the translation's short form or disclaimer (whose first sentence it
        takes), else the brand's."""
        primary = language.split("-")[0]
        text = self.translations.get(language) or self.translations.get(primary)
        for source in (text, self):
            for name in ("disclaimer_short", "disclaimer"):
                if source is not None and getattr(source, name):
                    return (*source.loc, name)
        return self.loc

    @property
    def footer_disclaimer(self) -> str:
        if self.disclaimer_short:
            return self.disclaimer_short
        return sentences.first(self.disclaimer)


# ---------------------------------------------------------------- blocks


class Callout(Model):
    kind: Literal["key-points", "warning", "when-to-call", "tip"]
    title: Inline | None = None
    body: list[Inline] = Field(min_length=1)


class Table(Model):
    header: list[Inline] = Field(min_length=1)
    rows: list[list[Inline]] = Field(min_length=1)
    caption: Inline | None = None

    @model_validator(mode="after")
    def _rectangular(self) -> Table:
        width = len(self.header)
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {i + 1} has {len(row)} cells; the header has {width}")
        return self


class Image(Model):
    src: PlainText
    alt: PlainText = Field(description="What the image shows, for screen readers.")
    caption: Inline | None = None
    width: float = Field(1.0, gt=0, le=1, description="Share of the column width, 0 to 1.")


class Qr(Model):
    url: Annotated[str, AfterValidator(markup.check_web_target)] | None = Field(
        None,
        description="What the code opens; defaults to the clinic's qr_url or website. "
        "May start with {clinic.website}, e.g. {clinic.website}/first-visit.",
    )
    caption: Inline | None = None
    alt: PlainText | None = Field(
        None, description="What scanning does, for screen readers; defaults to the address."
    )


class Definition(Model):
    term: PlainText
    definition: Inline


class FillInField(Model):
    label: PlainText
    lines: int = Field(1, ge=1, le=8)


class Quote(Model):
    text: Inline
    by: Inline | None = Field(
        None, description="Who said it, printed plain; may name {clinic.name}."
    )


BLOCK_KINDS = (
    "paragraph",
    "bullets",
    "steps",
    "checklist",
    "callout",
    "table",
    "image",
    "qr",
    "definitions",
    "fill_in",
    "subheading",
    "quote",
)


class Block(Model):
    """One item of a section body: a paragraph (plain text) or one named block.

    In YAML a paragraph is written as a bare string and every other block as
    a mapping with exactly one key naming its kind (`- bullets: [...]`).
    """

    paragraph: Inline | None = None
    bullets: list[Inline] | None = Field(None, min_length=1)
    steps: list[Inline] | None = Field(None, min_length=1)
    checklist: list[Inline] | None = Field(None, min_length=1)
    callout: Callout | None = None
    table: Table | None = None
    image: Image | None = None
    qr: Qr | None = None
    definitions: list[Definition] | None = Field(None, min_length=1)
    fill_in: list[FillInField] | None = Field(None, min_length=1)
    subheading: Inline | None = None
    quote: Quote | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_string_is_paragraph(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"paragraph": value}
        if isinstance(value, dict) and len(value) > 1:
            raise ValueError(
                f"a block names exactly one kind, found {', '.join(map(str, value))}; "
                "start each block with its own '- '"
            )
        if isinstance(value, dict) and not value:
            raise ValueError("empty block; write a paragraph or one of: " + ", ".join(BLOCK_KINDS))
        return value

    @field_validator("fill_in", mode="before")
    @classmethod
    def _fill_in_labels(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"label": v} if isinstance(v, str) else v for v in value]
        return value

    @property
    def kind(self) -> str:
        for name in BLOCK_KINDS:
            if getattr(self, name) is not None:
                return name
        raise AssertionError("a validated block always has a kind")

    @property
    def value(self) -> Any:
        return getattr(self, self.kind)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler.resolve_ref_schema(handler(core_schema))
        props = {k: v for k, v in schema.get("properties", {}).items() if k != "paragraph"}
        return {
            "description": cls.__doc__.split("\n")[0] if cls.__doc__ else "",
            "oneOf": [
                {"type": "string", "description": "A paragraph (inline markup allowed)."},
                {
                    "type": "object",
                    "properties": props,
                    "additionalProperties": False,
                    "minProperties": 1,
                    "maxProperties": 1,
                },
            ],
        }


# ---------------------------------------------------------------- handouts


class Section(Model):
    heading: Inline
    body: list[Block] = Field(min_length=1)
    panel_break: bool = Field(
        False, description="Brochures: start this section at the top of a new panel or page."
    )
    flap: bool = Field(
        False,
        description="Tri-fold: print this section on the fold-in flap instead of the key points.",
    )


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$"),
    Field(description="Lower-case letters, digits and hyphens; names the PDF file."),
]
FormatName = Literal[FORMAT_NAMES]  # type: ignore[valid-type]  (the registry's names)
Format = Annotated[
    FormatName,
    Field(description="One of the formats: " + ", ".join(FORMAT_NAMES) + "."),
]


# ---------------------------------------------------------------- checks


def _off_is_not_false(value: Any) -> Any:
    """YAML reads a bare `off` (or `no`) as false; an editor meant "off"."""
    return "off" if value is False else value


RuleLevel = Annotated[
    Literal["error", "warn", "off"],
    BeforeValidator(_off_is_not_false),
    Field(description="error fails `check`, warn reports only, off skips the rule."),
]


class RuleLevels(Model):
    """How much each rule of `generate.py check` matters (see docs/checks.md)."""

    readability: RuleLevel = "error"
    long_sentences: RuleLevel = "warn"
    long_paragraphs: RuleLevel = "warn"
    long_lists: RuleLevel = "warn"
    jargon: RuleLevel = "error"
    numbers: RuleLevel = "warn"
    structure: RuleLevel = "error"
    pemat: RuleLevel = "error"
    cci: RuleLevel = "warn"
    review: RuleLevel = "error"
    contact_placeholders: RuleLevel = "warn"
    clinic_words: RuleLevel = "error"
    translation: RuleLevel = "error"
    font_size: RuleLevel = "error"
    fonts_embedded: RuleLevel = "error"
    glyphs: RuleLevel = "error"
    contrast: RuleLevel = "error"
    margins: RuleLevel = "error"
    pagination: RuleLevel = "warn"


class CheckSettings(Model):
    """Targets for `generate.py check`; a handout's `checks:` overrides only the keys it sets."""

    max_grade: float = Field(
        8,
        gt=0,
        le=20,
        description="Highest reading grade allowed: Flesch-Kincaid (English) or the "
        "grade of the reading-ease band (Spanish, Russian, French, Portuguese).",
    )
    max_smog: float | None = Field(
        None,
        gt=0,
        le=20,
        description="Highest SMOG grade allowed; default max_grade + 1 (SMOG aims at full "
        "comprehension, so it reads about a grade above Flesch-Kincaid).",
    )
    max_sentence_words: int = Field(20, ge=1, description="Longer sentences are listed.")
    max_paragraph_words: int = Field(60, ge=1, description="Longer paragraphs are listed.")
    max_list_items: int = Field(7, ge=1, description="Longer bullet or step lists are listed.")
    pemat_threshold: float = Field(
        70, ge=0, le=100, description="Lowest PEMAT-style score, in percent, that passes."
    )
    cci_threshold: float = Field(
        90,
        ge=0,
        le=100,
        description="Lowest CDC Clear Communication Index score, in percent of the items a "
        "machine can score, that passes.",
    )
    allowed_terms: list[PlainText] = Field(
        default=[],
        description="Medical words this clinic's readers know: the jargon rule does not "
        "flag them (any plural, -ed or -ing form included).",
    )
    review_months: int = Field(
        12, ge=1, le=120, description="When review_by is not given: reviewed plus this many months."
    )
    rules: RuleLevels = RuleLevels()

    def merged(self, override: CheckSettings | None) -> CheckSettings:
        """These settings with the keys `override` sets explicitly replaced
        (a handout's `allowed_terms` add to the library's)."""
        if override is None:
            return self
        update = {k: getattr(override, k) for k in override.model_fields_set if k != "rules"}
        if "allowed_terms" in update:
            update["allowed_terms"] = [*self.allowed_terms, *override.allowed_terms]
        if "rules" in override.model_fields_set:
            rules = override.rules
            update["rules"] = self.rules.model_copy(
                update={k: getattr(rules, k) for k in rules.model_fields_set}
            )
        return self.model_copy(update=update)

    @property
    def smog_limit(self) -> float:
        return self.max_smog if self.max_smog is not None else self.max_grade + 1


class GlossaryTerm(Model):
    """A term readers may not know: a handout that uses it must define it."""

    term: PlainText
    forms: list[PlainText] = Field(
        default=[], description="Other spellings or forms that count as the term, e.g. plurals."
    )

    @model_validator(mode="before")
    @classmethod
    def _bare_string_is_term(cls, value: Any) -> Any:
        return {"term": value} if isinstance(value, str) else value


class Handout(Model):
    id: Slug
    title: Inline
    subtitle: Inline | None = None
    language: Language = "en"
    translation_of: Slug | None = Field(
        None,
        description="The id of the handout this one translates: `check` reports it when "
        "the source changed after this one was reviewed, or lost sections, and the "
        "catalogue and the print station show the two together.",
    )
    source_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] | None = Field(
        None,
        description="The source's words when this translation was brought up to date, as "
        "`check` prints them (12 letters and digits): a source edited since, even without "
        "a new reviewed date, is reported.",
    )
    reviewed: Date
    review_by: Date | None = Field(
        None, description="Review again by this date; defaults to reviewed + checks.review_months."
    )
    tags: list[PlainText] = []
    summary: list[Inline] = Field(
        default=[], description="The key points, printed in a box before the sections."
    )
    intro: list[Block] = []
    sections: list[Section] = Field(min_length=1)
    call_to_action: Inline | None = None
    clinic: Slug | None = Field(
        None, description="Which of the library's `clinics:` prints this handout."
    )
    cover_image: Image | None = Field(
        None, description="Brochures: a picture on the front cover (the handout omits it)."
    )
    formats: list[Format] = Field(
        default=["handout"], min_length=1, description="The PDFs to make from this handout."
    )
    fit: Literal["strict", "shrink"] = Field(
        "strict",
        description="Brochures: 'shrink' may make the text smaller (never below 10 pt) to fit; "
        "'strict' fails the build instead.",
    )
    checks: CheckSettings | None = Field(
        None, description="Overrides of the library's checks for this handout only."
    )

    @property
    def lang(self) -> LanguageInfo:
        """Its language: labels, date format, names, readability formula."""
        return language_of(self.language)

    @model_validator(mode="after")
    def _review_after_reviewed(self) -> Handout:
        if self.review_by is not None and self.review_by <= self.reviewed:
            raise ValueError(
                f"review_by ({self.review_by}) must come after reviewed ({self.reviewed})"
            )
        return self

    @model_validator(mode="after")
    def _one_flap_and_no_repeats(self) -> Handout:
        flaps = [i + 1 for i, s in enumerate(self.sections) if s.flap]
        if len(flaps) > 1:
            raise ValueError(
                f"sections {' and '.join(map(str, flaps))} both have 'flap: true'; "
                "only one section fits on the flap"
            )
        repeated = sorted({f for f in self.formats if self.formats.count(f) > 1})
        if repeated:
            raise ValueError(f"formats lists '{repeated[0]}' twice")
        return self


class HandoutSet(Model):
    """Handouts given together (a first visit, a treatment plan): printed as one PDF."""

    id: Slug
    title: PlainText
    handouts: list[Slug] = Field(min_length=1, description="Handout ids, in printing order.")


def _web_urls(value: str | dict[str, str]) -> str | dict[str, str]:
    """One address, or one per clinic: each checked as a web address (one error, not
    one per form the value might have taken)."""
    for url in value.values() if isinstance(value, dict) else [value]:
        markup.check_web_url(url)
    return value


class Settings(Model):
    """How the library is published."""

    base_url: Annotated[str | dict[Slug, str], AfterValidator(_web_urls)] | None = Field(
        None,
        description="Where the built PDFs are published, e.g. https://clinic.example/handouts/; "
        "the catalogue's QR codes point to base_url + the PDF's file name. With several "
        "clinics, give each its own address by clinic id (harbor: https://...); one address "
        "serves only the first (default) clinic, so no catalogue points at another's PDFs.",
    )

    def base_url_for(self, brand: str, default_brand: str) -> str | None:
        """Where `brand`'s PDFs are published, or None (its catalogue prints no codes)."""
        if isinstance(self.base_url, dict):
            return self.base_url.get(brand)
        return self.base_url if brand == default_brand else None


class LibrarySettings(Model):
    """Everything in content.yaml except the handouts themselves."""

    clinic: Clinic | None = Field(None, description="The clinic's brand kit, for one brand.")
    clinics: dict[Slug, Clinic] | None = Field(
        None,
        description="Several brands keyed by id: a handout picks one with `clinic:`, "
        "and `--clinic ID` re-brands the whole library. The first is the default.",
        min_length=1,
    )

    checks: CheckSettings = CheckSettings()
    glossary: list[GlossaryTerm] = Field(
        default=[], description="Terms every handout that uses them must define."
    )
    sets: list[HandoutSet] = Field(
        default=[], description="Named groups of handouts that print as one PDF."
    )
    settings: Settings = Settings()
    include: list[PlainText] | PlainText = Field(
        default=[],
        description="More YAML files (or globs such as library/*.yaml), relative to this file, "
        "each holding `handouts:`.",
    )

    @model_validator(mode="after")
    def _one_brand_form(self) -> LibrarySettings:
        if self.clinic is None and self.clinics is None:
            raise ValueError("give the clinic's details under clinic: (or several under clinics:)")
        if self.clinic is not None and self.clinics is not None:
            raise ValueError("use clinic: for one brand or clinics: for several, not both")
        return self

    @property
    def brands(self) -> dict[str, Clinic]:
        """Every brand by id; the single `clinic:` form is the brand 'clinic'."""
        return self.clinics if self.clinics is not None else {"clinic": self.clinic}

    @property
    def default_brand(self) -> str:
        return next(iter(self.brands))

    def brand_for(self, handout: Handout, wanted: str | None = None) -> str:
        """The brand a handout prints with: `wanted` (--clinic), else its own, else the default."""
        return wanted or handout.clinic or self.default_brand

    def brand_loc(self, brand: str) -> Loc:
        """Where a brand sits in the file: `clinic` or `clinics.<id>`."""
        return ("clinic",) if self.clinics is None else ("clinics", brand)

    def review_due(self, handout: Handout) -> dt.date:
        """When the handout must be reviewed again: its review_by, else reviewed plus
        review_months from its checks (what `check`, the manifest and the station use)."""
        months = self.checks.merged(handout.checks).review_months
        return handout.review_by or add_months(handout.reviewed, months)

    def base_url_for(self, brand: str) -> str | None:
        """Where `brand`'s PDFs are published (settings.base_url), if anywhere."""
        return self.settings.base_url_for(brand, self.default_brand)


class Library(LibrarySettings):
    handouts: list[Handout] = Field(
        default=[], description="The handouts; more may come from the `include:` files."
    )

    @property
    def by_id(self) -> dict[str, Handout]:
        return {h.id: h for h in self.handouts}


# Values that hold no model: the walk below does not descend into them.
_LEAVES = (str, int, float, type(None), dt.date)


def assign_locations(node: Any, loc: Loc = ()) -> None:
    """Record on every model node where it sits, so later stages can say so."""
    if isinstance(node, Model):
        object.__setattr__(node, "__pydantic_private__", {"_loc": loc})
        items: Any = node.__dict__.items()  # the fields (extra keys are forbidden)
    elif isinstance(node, list):
        items = enumerate(node)
    elif isinstance(node, dict):
        items = node.items()
    else:
        return
    for key, item in items:
        if not isinstance(item, _LEAVES):
            assign_locations(item, (*loc, key))
