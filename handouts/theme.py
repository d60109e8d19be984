"""The clinic's branding, resolved once per build: colours, fonts, logo, styles.

Layouts receive a Theme and never look at the raw `clinic:` settings, so a
re-brand (another clinic, grayscale, large print) is a different Theme and
nothing else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .assets import AssetError, resolve_asset
from .engine.scripts import Fallback, fallback_problem
from .formats import FORMAT_NAMES
from .labels import LabelProblem, Labels, resolve
from .language import language
from .model import BRAND_LANGUAGE, Clinic, FontFaces
from .options import Limits
from .render.color import contrast_ratio, gray, hex_of
from .render.fonts import (
    STYLES,
    FontFamily,
    FontFileError,
    default_family,
    family_name,
    missing_glyphs,
    read_font_file,
    register_family,
)
from .render.pictures import Logo
from .render.primitives import TA_LEFT, ParagraphStyle, colors
from .render.textflow import face_of


@dataclass(frozen=True)
class Palette:
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    light: colors.Color
    muted: colors.Color
    rule: colors.Color
    warning: colors.Color
    warning_light: colors.Color
    on_primary: colors.Color = colors.white
    # Large solid areas (header band, cover panel, closing card, table heads);
    # None: the primary colour. Text on them is `on_primary`; `outline`, if
    # set, is drawn round them (where they are paper white).
    band: colors.Color | None = None
    outline: colors.Color | None = None
    # Bullets and other marks that carry meaning: the accent, or a darker
    # shade of it when the accent is too light for 3:1 (see `mark_color`).
    mark: colors.Color = colors.black

    @property
    def solid(self) -> colors.Color:
        return self.band or self.primary

    def grayscale(self) -> Palette:
        """Grays that save ink: black words, and outlines where the brand was solid.

        Solid brand fills would otherwise print as dark gray (as much toner
        as the colour): they become paper white inside a thin gray outline,
        with black words on them; tinted boxes lose their tint and keep
        their bar. Small marks (accent rules, bullets) keep the gray of their
        colour's luminance.
        """
        grays = {f.name: gray(c) for f in fields(self) if (c := getattr(self, f.name))}
        black, white = colors.Color(0, 0, 0), colors.Color(1, 1, 1)
        words = dict.fromkeys(("primary", "text", "muted", "on_primary", "warning"), black)
        paper = dict.fromkeys(("band", "light", "warning_light"), white)
        return Palette(**{**grays, **words, **paper, "outline": OUTLINE})


OUTLINE = colors.Color(0.55, 0.55, 0.55)  # a grayscale fill's edge: visible, little toner


def palette(clinic: Clinic) -> Palette:
    c = clinic.colors
    text = colors.HexColor(c.text)
    accent = colors.HexColor(c.accent)
    light = colors.HexColor(c.light)
    warning_light = colors.HexColor("#FBEDEA")
    return Palette(
        primary=colors.HexColor(c.primary),
        accent=accent,
        text=text,
        light=light,
        muted=colors.HexColor("#4A5560"),
        rule=colors.HexColor("#C9D3DC"),
        warning=colors.HexColor("#B3261E"),
        warning_light=warning_light,
        mark=mark_color(accent, (colors.white, light, warning_light)),
    )


NON_TEXT_RATIO = 3.0  # WCAG 1.4.11: bullets and other meaningful marks


def mark_color(color: colors.Color, backgrounds: tuple[colors.Color, ...]) -> colors.Color:
    """`color`, darkened just enough (same hue) to reach 3:1 on every background.

    Bullets sit on white and on box tints; a light brand accent (a warm
    orange, a pastel) would be a mark many readers cannot find.
    """
    r, g, b = color.rgb()
    for step in range(101):
        k = 1 - step / 100
        shade = colors.Color(
            round(r * k * 255) / 255, round(g * k * 255) / 255, round(b * k * 255) / 255
        )
        if all(contrast_ratio(shade, bg) >= NON_TEXT_RATIO for bg in backgrounds):
            return color if step == 0 else shade
    return colors.black


def mark_adjustment(pal: Palette) -> str | None:
    """What the theme did to the accent for marks, in words for `check`; None if nothing."""
    if pal.mark.hexval() == pal.accent.hexval():
        return None
    worst = min(contrast_ratio(pal.accent, bg) for bg in (colors.white, pal.light))
    return (
        f"accent {hex_of(pal.accent)} reaches only {worst:.2f}:1 against the page and box "
        f"backgrounds; bullets need {NON_TEXT_RATIO:g}:1 (WCAG 1.4.11), so they print in the "
        f"darker {hex_of(pal.mark)}"
    )


# Text that sits on a background, as (text, background, which brand colour to blame).
AA_RATIO = 4.5
_PAIRS = (
    ("text", "white", "text"),
    ("text", "light", "text"),
    ("on_primary", "band", "primary"),
    ("primary", "white", "primary"),
    ("primary", "light", "primary"),
)


class BrandProblem(ValueError):
    """A brand kit that cannot be used; `loc` is relative to the clinic."""

    def __init__(self, loc: tuple[str, ...], message: str, hint: str = "", machine: bool = False):
        self.loc, self.message, self.hint, self.machine = loc, message, hint, machine
        super().__init__(message)


def contrast_problems(pal: Palette) -> list[BrandProblem]:
    """The first pair of colours that fails WCAG AA for each colour to blame.

    One line per colour: darkening it fixes every pair it is in.
    """
    named = {"white": colors.white, **{f.name: getattr(pal, f.name) for f in fields(pal)}}
    named["band"] = pal.solid
    label = {"on_primary": "white", "white": "white", "band": "primary"}
    out: list[BrandProblem] = []
    for fg, bg, blame in _PAIRS:
        ratio = contrast_ratio(named[fg], named[bg])
        if ratio < AA_RATIO and all(p.loc != ("colors", blame) for p in out):
            fg_name, bg_name = label.get(fg, fg), label.get(bg, bg)
            out.append(
                BrandProblem(
                    ("colors", blame),
                    f"{fg_name} {hex_of(named[fg])} on {bg_name} {hex_of(named[bg])} has a "
                    f"contrast ratio of {ratio:.2f}:1; text needs at least {AA_RATIO}:1 (WCAG AA)",
                    f"make the {blame} colour darker" if blame != "light" else "",
                )
            )
    return out


KEPT_PICTURES = 8  # decoded photos kept per brand: a few MB each


class Pictures:
    """The pictures a brand prints, decoded within the build's limits; the last few kept.

    Decoding a photo and compressing it for the PDF takes tens of
    milliseconds, and a library prints the same few pictures in many files
    and formats: the last few are kept, keyed by the file's size and
    modification time so an edited picture (in `watch`) is read again. A
    brand's variants (languages, grayscale) share one store; the limits are
    the build's (`Limits`, from the options), held here only to read files.
    """

    def __init__(self, limits: Limits):
        self.limits = limits
        self._kept: dict[tuple, Logo] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, path: Path, grayscale: bool) -> Logo:
        try:
            stat = path.stat()
        except OSError:
            return Logo(path, grayscale, self.limits)  # reports it as ever
        key = (path, stat.st_size, stat.st_mtime_ns, grayscale)
        picture = self._kept.pop(key, None) or Logo(path, grayscale, self.limits)
        self._kept[key] = picture
        while len(self._kept) > KEPT_PICTURES:
            del self._kept[next(iter(self._kept))]
        return picture


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    box_title: ParagraphStyle
    small: ParagraphStyle
    cta: ParagraphStyle
    contact: ParagraphStyle


@dataclass(frozen=True)
class Theme:
    clinic: Clinic
    colors: Palette
    fonts: FontFamily
    logo: Logo | None
    base_dir: Path = field(default=Path("."))
    heading_fonts: FontFamily | None = None
    grayscale: bool = False
    # The pictures it prints, shared by its variants (not compared: a cache).
    pictures: Pictures = field(
        default_factory=lambda: Pictures(Limits()), compare=False, repr=False
    )
    # The clinic's words that print untranslated, in BRAND_LANGUAGE, in a
    # handout of another language (its tagline when `translations` has none).
    untranslated: frozenset[str] = frozenset()
    # Where text the brand's fonts lack is drawn from: its fonts by script, else defaults.
    fallback: Fallback = field(default_factory=Fallback)
    # The tool's words in the language printed (with the clinic's overrides),
    # or why they cannot print: never English in their place.
    language: str = BRAND_LANGUAGE
    label_table: Labels | None = None
    label_problem: LabelProblem | None = None

    @property
    def labels(self) -> Labels:
        """The labels this theme prints; a handout whose language has none is refused
        before layout (`render_pdf`), so a layout never sees the problem."""
        if self.label_table is None:
            raise self.label_problem or LabelProblem("no labels")
        return self.label_table

    def word_language(self, name: str) -> str | None:
        """The /Lang of one of the clinic's words (`tagline`, `hours`, ...) when
        it is not the handout's own language; None when it is."""
        return BRAND_LANGUAGE if name in self.untranslated else None

    @property
    def rtl(self) -> bool:
        """Whether the handout printed reads right to left: its layout is mirrored."""
        return language(self.language).rtl

    @property
    def heads(self) -> FontFamily:
        """The heading family (the body family unless the brand names one)."""
        return self.heading_fonts or self.fonts

    @functools.cached_property
    def unprintable_labels(self) -> str:
        """The characters of its labels that neither its fonts nor their script's
        default fonts print, in order of first use; found once per theme (a
        project keeps its themes), not on every render."""
        return "".join(
            dict.fromkeys("".join(self.unprintable(text) for _, text in self.labels.printed()))
        )

    def unprintable(self, text: str) -> str:
        """The characters of `text` that neither the brand's body and heading fonts
        nor their script's default fonts print (the engine falls back for the rest),
        each once, in order of first use."""
        return "".join(
            dict.fromkeys(
                ch
                for family in dict.fromkeys((self.fonts, self.heads))
                for ch in missing_glyphs(text, family)
                if fallback_problem(ch, self.fallback) is not None
            )
        )

    def styles(self, body_size: float = 12.0) -> Styles:
        return _styles(self.fonts, self.heads, self.colors, body_size, self.fallback, self.rtl)

    def picture(self, relative: str) -> Logo:
        """An image from the content folder, in this theme's colours (decoded once)."""
        return self.pictures.get(resolve_asset(self.base_dir, relative), self.grayscale)

    def in_language(self, language: str) -> Theme:
        """This brand with the clinic's words for a handout in `language`.

        Words the translation leaves out print as the brand wrote them, in
        English: they are listed in `untranslated` so they can be tagged so.
        """
        clinic = self.clinic.in_language(language)
        labels, problem = _labels(self.clinic, language)
        untranslated = frozenset(self.clinic.untranslated(language))
        if (clinic, untranslated, language) == (self.clinic, self.untranslated, self.language):
            return self
        return replace(
            self,
            clinic=clinic,
            untranslated=untranslated,
            language=language,
            label_table=labels,
            label_problem=problem,
        )

    def in_grayscale(self) -> Theme:
        """The ink-saving black-and-white variant of this brand."""
        if self.grayscale:
            return self
        logo = self.pictures.get(self.logo.path, grayscale=True) if self.logo else None
        return replace(self, colors=self.colors.grayscale(), logo=logo, grayscale=True)


# Fine print never prints smaller: the full disclaimer carries the
# emergency (911) and crisis (988) lines.
FINE_PRINT_SIZE = 10.0


# The language a clinic's own words are written in, and the words a translation may replace.
def _labels(clinic: Clinic, language: str) -> tuple[Labels | None, LabelProblem | None]:
    """The tool's labels for `language` with the clinic's own, or the problem."""
    try:
        return resolve(language, clinic.label_overrides(language), FORMAT_NAMES), None
    except LabelProblem as exc:
        return None, exc


@functools.cache
def _styles(
    fonts: FontFamily,
    heads: FontFamily,
    pal: Palette,
    size: float,
    fallback: Fallback,
    rtl: bool = False,
) -> Styles:
    """Paragraph styles for one body size; cached because layouts ask often.

    Every style derives from `body`, which carries the brand's script fonts
    (`fallback`) and the page's direction (`rtl`: every paragraph, even one
    of English words, hangs from the right margin) to the text engine's flowables.
    """
    lead = round(size * 1.3, 2)
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=size,
        leading=lead,
        textColor=pal.text,
        alignment=TA_LEFT,
        spaceAfter=size * 0.5,
        bulletFontName=fonts.bold,
        bulletFontSize=size,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
        fallback=fallback,
        rtl=rtl,
    )
    return Styles(
        body=body,
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=size * 1.5,
            bulletIndent=size * 0.3,
            spaceAfter=size * 0.2,
            bulletColor=pal.mark,
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=heads.bold,
            fontSize=size * 2,
            leading=size * 2.25,
            textColor=pal.primary,
            spaceAfter=size * 0.4,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            parent=body,
            fontSize=size * 1.17,
            leading=size * 1.5,
            textColor=pal.muted,
            spaceAfter=size * 0.8,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=heads.bold,
            fontSize=size * 1.34,
            leading=size * 1.65,
            textColor=pal.primary,
            spaceBefore=size * 0.7,
            spaceAfter=size * 0.3,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=heads.bold,
            fontSize=size * 1.08,
            leading=size * 1.4,
            textColor=pal.text,
            spaceBefore=size * 0.4,
            spaceAfter=size * 0.2,
            keepWithNext=1,
        ),
        box_title=ParagraphStyle(
            "box_title",
            parent=body,
            fontName=heads.bold,
            fontSize=size * 1.08,
            leading=size * 1.4,
            textColor=pal.primary,
            spaceAfter=size * 0.3,
        ),
        small=ParagraphStyle(
            "small",
            parent=body,
            fontSize=max(FINE_PRINT_SIZE, size * 0.72),
            leading=max(FINE_PRINT_SIZE, size * 0.72) * 1.3,
            textColor=pal.muted,
            spaceAfter=size * 0.3,
        ),
        cta=ParagraphStyle(
            "cta",
            parent=body,
            fontName=heads.bold,
            fontSize=size * 1.17,
            leading=size * 1.5,
            textColor=pal.on_primary,
            spaceAfter=0,
        ),
        contact=ParagraphStyle("contact", parent=body, spaceAfter=size * 0.15),
    )


def resolve_theme(clinic: Clinic, base_dir: Path, limits: Limits | None = None) -> Theme:
    """Everything a layout needs to brand a page, loaded once per build.

    Raises BrandProblems listing every part of the brand that cannot be
    used (colours that fail contrast, fonts, the logo), each independent of
    the others; `machine` is set on a font file that is missing or unreadable.
    """
    limits = limits or Limits()
    pal = palette(clinic)
    problems = contrast_problems(pal)
    body = _collect(problems, _family, clinic.fonts.body, base_dir, ("fonts", "body"), limits)
    heads = _collect(
        problems, _family, clinic.fonts.heading, base_dir, ("fonts", "heading"), limits
    )
    scripts = {
        group: _collect(problems, _family, faces, base_dir, ("fonts", "scripts", group), limits)
        for group, faces in clinic.fonts.scripts.items()
    }
    logo = _collect(problems, _logo, clinic, base_dir, limits)
    labels, wrong = _labels(clinic, BRAND_LANGUAGE)
    if wrong is not None:  # only the clinic's own English labels can be wrong
        where = ("translations", BRAND_LANGUAGE, "labels")
        problems.append(BrandProblem(where, wrong.message, "correct the label in content.yaml"))
    if problems:
        raise BrandProblems(problems)
    family = body or default_family()
    pictures = Pictures(limits)
    return Theme(
        clinic,
        pal,
        family,
        logo,
        base_dir,
        heading_fonts=heads,
        pictures=pictures,
        fallback=script_fallback(scripts),
        label_table=labels,
    )


def script_fallback(scripts: dict[str, FontFamily | None]) -> Fallback:
    """The faces the text engine tries for text the brand's body and heading fonts lack:
    the brand's own font per script (`fonts: scripts:`), else each script's default."""
    return Fallback(
        tuple(
            (group, weight, face_of(name))
            for group, family in scripts.items()
            if family is not None
            for weight, name in (("regular", family.regular), ("bold", family.bold))
        )
    )


class BrandProblems(Exception):
    """Every BrandProblem of one brand, found in one pass."""

    def __init__(self, problems: list[BrandProblem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _collect(problems: list[BrandProblem], make, *args):
    """`make(*args)`, or None with its BrandProblem added to `problems`."""
    try:
        return make(*args)
    except BrandProblem as exc:
        problems.append(exc)
        return None


def _logo(clinic: Clinic, base_dir: Path, limits: Limits) -> Logo | None:
    if not clinic.logo:
        return None
    try:
        return Logo(resolve_asset(base_dir, clinic.logo), limits=limits)
    except (OSError, ValueError) as exc:  # AssetError is a ValueError
        raise BrandProblem(("logo",), f"cannot read the logo: {exc}") from None


def _family(
    faces: FontFaces | None, base_dir: Path, loc: tuple[str, ...], limits: Limits
) -> FontFamily | None:
    if faces is None:
        return None
    paths: dict[str, Path] = {}
    for style, attr in _FACE_KEYS.items():
        relative = getattr(faces, attr)
        if relative is None:  # italics fall back to the upright faces
            paths[style] = paths["regular" if style == "italic" else "bold"]
            continue
        try:
            paths[style] = resolve_asset(base_dir, relative, (".ttf",))
        except AssetError as exc:
            raise BrandProblem((*loc, attr), str(exc), _TTF_HINT, machine=exc.missing) from None
    try:
        for style, path in paths.items():  # sized before ReportLab reads a byte
            read_font_file(style, path, limits.max_asset_bytes)
        return register_family(
            family_name(paths["regular"], limits.max_asset_bytes), tuple(paths.items())
        )
    except FontFileError as exc:
        key = _FACE_KEYS[exc.style]
        hint = _DAMAGED_HINT if exc.damaged else _TTF_HINT
        raise BrandProblem((*loc, key), exc.message, hint, machine=not exc.damaged) from None


_FACE_KEYS = dict(zip(STYLES, ("regular", "bold", "italic", "bold_italic"), strict=True))
_TTF_HINT = "ship the TrueType (.ttf) files in the content folder"
_DAMAGED_HINT = "download the font again, or choose another TrueType (.ttf) font"
