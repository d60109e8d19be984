"""Every option of a build in one place (as black keeps its Mode).

The command line only fills these in; the library reads nothing else: no
environment variables, no module-level settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Paper sizes in points, as ReportLab defines them (A4 is 210 x 297 mm).
PAPERS: dict[str, tuple[float, float]] = {
    "letter": (612.0, 792.0),
    "a4": (595.2755905511812, 841.8897637795277),
}


@dataclass(frozen=True)
class Edition:
    """A translation of the handout being printed, as a patient can fetch it."""

    language: str  # its language tag, as the content writes it
    url: str  # where its PDF is published (settings.base_url + its file name)
    file: str  # that file's name in the build's output folder


@dataclass(frozen=True)
class Editions:
    """The handout in its other languages, most wanted first: a QR code to each
    of the first few (`codes`, as many as the format has room for:
    `Format.edition_codes`), the rest named in one line (`named`, language
    tags) that tells the reader to ask for a copy."""

    codes: tuple[Edition, ...] = ()
    named: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.codes or self.named)


@dataclass(frozen=True)
class Limits:
    """Bounds on the work a content file may ask for (see SECURITY.md)."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_nodes: int = 200_000
    max_depth: int = 64
    # Layout time grows with pages, and faster than linearly with the length
    # of one paragraph or table: bound each handout before layout starts.
    max_paragraph_words: int = 3_000
    max_handout_words: int = 15_000
    max_handout_texts: int = 1_500  # paragraphs, list items, table cells...
    # Images: bytes on disk, and decoded pixels (a small PNG can decode to GBs).
    max_asset_bytes: int = 20 * 1024 * 1024
    max_image_pixels: int = 50_000_000
    # Decoded pixels of all the pictures of one handout together (memory, time).
    max_handout_pixels: int = 100_000_000
    # Elements an SVG draws with every <use> expanded (an 89 KB file fanned out to 2 GB);
    # svglib takes 1-3 ms an element.
    max_svg_elements: int = 2_000
    # Files an include: pattern may visit, and of those, files it may include.
    max_include_files: int = 1_000


@dataclass(frozen=True)
class RenderOptions:
    """What changes how one PDF looks."""

    paper: str = "letter"
    tags: bool = True  # tagged PDF/UA-1; off only to compare (--no-tags)
    # Write-in lines become AcroForm text fields that can be typed into.
    fillable: bool = False
    # Ink-saving black and white: the brand in grays of equal contrast.
    grayscale: bool = False
    # Print every handout with this brand from `clinics:` (a sister clinic).
    clinic: str | None = None
    # Brochures for a print shop: bleed, crop and fold marks, TrimBox/BleedBox.
    print_shop: bool = False
    # The same handout in other languages, where they are published: a copy
    # carries a QR code to the first few and names the rest (set per handout
    # by `project.render_pdf`).
    editions: Editions = field(default_factory=Editions)

    @property
    def pagesize(self) -> tuple[float, float]:
        return PAPERS[self.paper]


@dataclass(frozen=True)
class BuildOptions:
    """What to build from which content, and where to put it.

    `ids` are handout ids or shell-style globs (`sleep-*`); `topics` (tags) and
    `languages` narrow the selection further (a handout matches any of them).
    """

    content: Path = Path("content.yaml")
    out_dir: Path = Path("out")
    ids: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # handout tags: build those with any of them
    languages: tuple[str, ...] = ()
    strict: bool = False
    render: RenderOptions = field(default_factory=RenderOptions)
    limits: Limits = field(default_factory=Limits)
    # Worker processes; 1 builds in this process; 0 picks one per CPU when
    # there are enough files to pay for starting them.
    jobs: int = 1
    force: bool = False  # rebuild even when the content hash is unchanged
    fail_fast: bool = False  # stop at the first handout that fails
    catalogue: bool = True  # out/catalogue.pdf, the staff's print menu (full builds only)
    # Several clinics at once, one folder each (out/<id>/); ("all",) is every clinic.
    clinics: tuple[str, ...] = ()
    # (K, N): build only the K-th of N stable, balanced shares (1-based), for CI runners.
    shard: tuple[int, int] | None = None


LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class StationOptions:
    """The print station: which content, and where it listens.

    Only requests naming a trusted host are answered, so a web page that
    rebinds its own domain name to this machine cannot talk to the station.
    """

    content: Path = Path("content.yaml")
    host: str = "127.0.0.1"
    port: int = 8000
    trusted_hosts: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    # One station per clinic: every PDF in this brand, no choice on the front page.
    clinic: str | None = None

    @property
    def allowed_hosts(self) -> frozenset[str]:
        extra = () if self.host in ("0.0.0.0", "::") else (self.host,)
        return frozenset(h.lower() for h in (*LOOPBACK_HOSTS, *extra, *self.trusted_hosts))
