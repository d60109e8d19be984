"""Where a rendered document left room to write on, as its layout drew it.

The print station writes a patient's details onto a clean PDF: on the
handout's fill-in lines, in a card over the header band's quick contacts,
on a brochure's cover, or in a box after the last words. It must not guess
those places from the finished page (scanning a PDF for text and lines
breaks on every change of layout), so the drawing code records them while
it draws (`PlaceRecorder`, kept on the document's canvas), and the renderer
returns them with the bytes (`Rendered.places`). Pure data, in PDF points
from the page's lower left corner; page numbers count from 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .plan import Box


@dataclass(frozen=True, slots=True)
class Rule:
    """A printed line to write on: from x0 to x1 at height y, on `page`
    (a field split across pages has rules on two)."""

    x0: float
    y: float
    x1: float
    page: int


@dataclass(frozen=True, slots=True)
class WriteInPlace:
    """A fill-in label as printed ("Next appointment:"), with its ruled lines."""

    page: int  # where the label is
    label: str
    rules: tuple[Rule, ...]  # every rule of the field, on this page or the next
    size: float  # the label's type size: what is written on the line matches it
    rtl: bool = False  # a right-to-left page's: the label at the right, written from there


@dataclass(frozen=True, slots=True)
class BandPlace:
    """Page 1's header band: where its own words are, and the quick contacts.

    A "Prepared for" card may take the band beside `words` (the side with
    more room: the right, or the left on a right-to-left page); the contact
    lines (printed again at the end of the handout) may be covered.
    """

    page: int
    box: Box
    words: tuple[float, float]  # left and right edge of the logo, clinic's name and tagline
    contacts: tuple[Box, ...]
    # Room under the name and tagline, beside the logo, that a card may take when
    # there is too little beside them (large print's band stacks its contact
    # rows there, and its closing card prints them again).
    below: Box | None = None

    @property
    def free(self) -> tuple[float, float]:
        """The widest stretch of the band beside its own words, from left to right."""
        left, right = self.words
        if left - self.box.x > self.box.right - right:  # the words stand at the right
            return self.box.x, left
        return right, self.box.right


@dataclass(frozen=True)
class Places:
    """Everything the drawing code recorded for one document.

    `rooms` are named free rectangles: "end" is the room left in the frame
    after the last flowable (where a notes box can go), "cover" the free
    room on a brochure's cover between its title and its tagline.
    """

    write_ins: tuple[WriteInPlace, ...] = ()
    band: BandPlace | None = None
    rooms: Mapping[str, tuple[int, Box]] = field(default_factory=dict)


class PlaceRecorder:
    """Collects places while one document is drawn (one recorder per canvas)."""

    def __init__(self) -> None:
        self._write_ins: list[WriteInPlace] = []
        self._fields: dict[int, int] = {}  # id of a field -> its index in _write_ins
        self._band: BandPlace | None = None
        self._rooms: dict[str, tuple[int, Box]] = {}

    def write_in(self, place: WriteInPlace, field: object) -> None:
        """Record a field's rules; the parts of one `field` (split across pages)
        make one place, under the label its first part printed."""
        index = self._fields.setdefault(id(field), len(self._write_ins))
        if index == len(self._write_ins):
            self._write_ins.append(place)
            return
        first = self._write_ins[index]
        self._write_ins[index] = replace(first, rules=first.rules + place.rules)

    def band(self, place: BandPlace) -> None:
        if self._band is None:  # page 1's, the one the card goes on
            self._band = place

    def room(self, name: str, page: int, box: Box) -> None:
        self._rooms[name] = (page, box)

    def result(self) -> Places:
        return Places(tuple(self._write_ins), self._band, dict(self._rooms))
