"""The formats a handout can be printed in: one registry of frozen `Format` objects.

A format is a thing, not a string scattered over modules: its name, its
label (in the label tables, handouts/labels/*.yaml), its file suffix, its page
geometry for a paper size (page, frames, furniture bands, panels and folds,
in points), the print promises `check` holds it to, and `lay_out`, which
turns a handout into a `Plan`. The model's `formats:` validation, the JSON
Schema, `check`'s print rules, the catalogue, the print station's labels
and stamp positions and the picture-resolution warning all read it here.

Each format lives in its own layout module (`handouts/layouts/<name>.py`),
which defines `FORMAT`. Adding one is that module and one line in
`FORMAT_MODULES`; the registry imports a module the first time its format
is asked for, so `import handouts.model` (which only needs the names) never
loads ReportLab.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .labels import Labels
from .language import language as language_of
from .plan import Box, Plan

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .model import Handout
    from .options import RenderOptions
    from .theme import Theme

# The one line per format: its name and the module that lays it out.
FORMAT_MODULES: dict[str, str] = {
    "handout": "handouts.layouts.handout",
    "trifold": "handouts.layouts.trifold",
    "bifold": "handouts.layouts.bifold",
    "large-print": "handouts.layouts.large_print",
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMAT_MODULES)
DEFAULT_FORMAT = "handout"


def in_format(fmt: str, message: str) -> str:
    """A message about one format's PDF, named by it unless it is the handout."""
    return message if fmt == DEFAULT_FORMAT else f"{fmt}: {message}"


# Pagination's stated limits, which layouts keep and `check` measures.
BLANK_LIMIT = 2.0 * 72  # pt of blank at a page's foot, when the next page starts with words
MIN_PICTURE_SCALE = 0.7  # a picture prints down to this share of its width to avoid a hole


@dataclass(frozen=True, slots=True)
class PrintSpec:
    """What a format promises about its pages, which `check`'s print rules hold it to."""

    min_body_size: float = 12.0  # pt: smallest body text
    safe_margin: float = 18.0  # pt: a quarter inch, what office printers reliably reach
    # Page furniture (header band, running header, footer) is not body text: its
    # height in points from the top edge (page 1 and later pages) and bottom edge.
    header_first: float = 0.0
    header: float = 0.0
    footer: float = 0.0
    # The one size the layout uses for fine print (full disclaimer, accreditation):
    # reported beside the body size rather than failing it. Set from the brand's
    # styles when a PDF is judged (`checks.printing.print_spec`), unless the
    # format sets its fine print at the body size (`brand_fine_print=False`).
    fine_print: float | None = None
    brand_fine_print: bool = True
    # Smallest text allowed in the page furniture (header band, footers), if any.
    min_furniture_size: float | None = None
    # Pages that flow one into the next (a handout's): judged by the pagination
    # rule, with the smallest heading size (set from the brand's styles) and
    # what the layout itself reported.
    paged: bool = False
    heading_size: float = 0.0
    layout_notes: tuple[Diagnostic, ...] = ()  # where in content.yaml the layout points
    # A brochure: how many inside panels its second page has, and where their
    # text area starts and ends (pt from the top and bottom edges).
    inside_panels: int = 0
    panel_top: float = 0.0
    panel_bottom: float = 0.0


@dataclass(frozen=True)
class Geometry:
    """A format's pages for one paper size, in points from the page's lower left.

    `frames` are the text frames of each page template; `bands` the page
    furniture a stamp must not cover ("header" on page 1, "running_header"
    and "footer" on every page); `panels` a folded sheet's panels, left to
    right as printed; `folds` where it folds, from the trim's left edge.
    """

    page: tuple[float, float]
    trim: Box
    frames: Mapping[str, Mapping[str, Box]]
    bands: Mapping[str, Box] = field(default_factory=dict)
    panels: tuple[Box, ...] = ()
    folds: tuple[float, ...] = ()

    @property
    def column_width(self) -> float:
        """The widest text frame: what a picture may be printed across."""
        return max(box.width for frames in self.frames.values() for box in frames.values())

    def mirrored(self) -> Geometry:
        """The same pages for a right-to-left handout: every frame, band and panel
        mirrored about the page's centre (a column kept to a line length then
        hangs from the right margin), panels and folds still listed left to right."""
        page = Box(0, 0, *self.page)
        panels = sorted((box.mirrored(page) for box in self.panels), key=lambda box: box.x)
        return Geometry(
            page=self.page,
            trim=self.trim,
            frames={
                name: {frame: box.mirrored(page) for frame, box in frames.items()}
                for name, frames in self.frames.items()
            },
            bands={name: box.mirrored(page) for name, box in self.bands.items()},
            panels=tuple(panels),
            folds=tuple(sorted(self.trim.width - fold for fold in self.folds)),
        )

    def mirrored_if(self, rtl: bool) -> Geometry:
        return self.mirrored() if rtl else self


@dataclass(frozen=True)
class Format:
    """One way to print a handout."""

    name: str
    suffix: str  # of the file name: "" for handouts, "-trifold" ...
    spec: PrintSpec
    geometry: Callable[[RenderOptions], Geometry]
    lay_out: Callable[[Handout, Theme, RenderOptions], Plan]
    body_size: float = 12.0
    folded: bool = False  # a sheet folded into panels: fixed room, stamped on its cover
    # Offered for every handout, whatever its formats: list says (large print),
    # when asked for by name (build --format, the print station).
    every_handout: bool = False
    regions: Mapping[str, str] = field(default_factory=dict)  # region -> "on the cover"
    # QR codes to the handout's other languages that its closing has room for,
    # most wanted first; the other languages are named in a line of two at most,
    # so a family of 40 takes no more room than one of six.
    edition_codes: int = 3

    def file_name(self, handout_id: str) -> str:
        return f"{handout_id}{self.suffix}.pdf"

    def label(self, language: str = "en") -> str:
        """What staff and patients call it in a language the tool has labels for
        (the labels' `formats:`, so translators find it with the other words)."""
        return self._words(language).format_name(self.name)

    def description(self, language: str = "en") -> str:
        """The format as a print form offers it."""
        return self._words(language).format_description(self.name)

    def _words(self, language: str) -> Labels:
        words = language_of(language).labels
        if words is None:
            raise KeyError(f"the tool has no labels for language {language!r}")
        return words


class _Registry(Mapping[str, Format]):
    """Formats by name, each imported on first use."""

    def __init__(self, modules: Mapping[str, str]):
        self._modules = dict(modules)

    def __getitem__(self, name: str) -> Format:
        module: Any = importlib.import_module(self._modules[name])  # cached by Python
        fmt = module.FORMAT
        assert fmt.name == name, f"{self._modules[name]} defines {fmt.name!r}"
        return fmt

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


FORMATS: Mapping[str, Format] = _Registry(FORMAT_MODULES)
