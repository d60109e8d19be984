"""Fonts: registered once per process, embedded in every PDF, checked for coverage.

ReportLab draws a character its font lacks as an empty box without a word
of warning; `missing_glyphs` is how we find those before a patient does.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from ..diagnostics import EnvironmentProblem
from ..files import FileTooBig, read_regular
from .ttf import TTFont

STYLES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True)
class FontFamily:
    """The ReportLab names of one family's four faces."""

    name: str
    regular: str
    bold: str
    italic: str
    bolditalic: str

    @property
    def faces(self) -> tuple[str, str, str, str]:
        return (self.regular, self.bold, self.italic, self.bolditalic)


def _atkinson_files() -> dict[str, Path]:
    files = Path(atkinson.ROOT) / "files"
    return {
        "regular": files / "AtkinsonHyperlegible-Regular.ttf",
        "bold": files / "AtkinsonHyperlegible-Bold.ttf",
        "italic": files / "AtkinsonHyperlegible-Italic.ttf",
        "bolditalic": files / "AtkinsonHyperlegible-BoldItalic.ttf",
    }


@functools.cache
def register_family(
    name: str, files: tuple[tuple[str, Path], ...], shipped: bool = False
) -> FontFamily:
    """Register a TrueType family with ReportLab, once per process.

    ReportLab's font registry is process-wide; caching here means a library
    of hundreds of handouts parses each font file once. A brand's fonts
    come with the content, so they are embedded once in a scratch PDF
    first; the family shipped with handouts is not (0.1 s a process).
    """
    by_style = dict(files)
    names = {style: f"{name}-{style}" for style in STYLES}
    for style in STYLES:
        path = by_style[style]
        try:
            pdfmetrics.registerFont(TTFont(names[style], str(path)))
        except OSError as exc:
            raise FontFileError(style, f"'{path.name}': cannot read the font file ({exc})") from exc
        except TTFError as exc:
            raise FontFileError(
                style, f"'{path.name}' is not a TrueType font that can be embedded ({exc})", True
            ) from exc
        except Exception as exc:  # a parser fed untrusted bytes: struct.error, IndexError...
            raise _damaged(style, path, exc) from exc
    if not shipped:
        _trial_embed(by_style, names)
    for bold in (0, 1):
        for italic in (0, 1):
            style = {(0, 0): "regular", (1, 0): "bold", (0, 1): "italic", (1, 1): "bolditalic"}
            addMapping(name, bold, italic, names[style[(bold, italic)]])
    return FontFamily(name, names["regular"], names["bold"], names["italic"], names["bolditalic"])


_TRIAL_CHARACTERS = 4096


def _trial_embed(by_style: dict[str, Path], names: dict[str, str]) -> None:
    """Embed every character each face has in a scratch PDF, once per family.

    ReportLab reads a font's tables when it registers it, but its glyph
    outlines only when it subsets them while saving: a font damaged there
    would fail in the middle of a handout. This finds it first, as the
    font's one problem.
    """
    from reportlab.pdfgen.canvas import Canvas

    from .document import fixed_timestamps

    with fixed_timestamps():  # the scratch PDF ignores SOURCE_DATE_EPOCH
        _embed_every_face(Canvas(io.BytesIO(), invariant=1), by_style, names)


def _embed_every_face(canvas, by_style: dict[str, Path], names: dict[str, str]) -> None:
    for style in STYLES:
        face = names[style]
        try:
            covered = sorted(pdfmetrics.getFont(face).face.charToGlyph)[:_TRIAL_CHARACTERS]
            canvas.setFont(face, 10)
            canvas.drawString(0, 0, "".join(map(chr, covered)))
            canvas.showPage()
        except Exception as exc:  # a parser fed untrusted bytes
            raise _damaged(style, by_style[style], exc) from exc
    try:
        canvas.save()
    except Exception as exc:  # which face failed is not known: name the regular one
        raise _damaged("regular", by_style["regular"], exc) from exc


def _damaged(style: str, path: Path, exc: Exception) -> FontFileError:
    return FontFileError(
        style, f"'{path.name}' is a damaged font file ({type(exc).__name__})", True
    )


def default_family() -> FontFamily:
    """Atkinson Hyperlegible, designed for readers with low vision."""
    try:
        return register_family("Atkinson", tuple(_atkinson_files().items()), shipped=True)
    except FontFileError as exc:
        raise EnvironmentProblem(f"the default font is damaged: {exc.message}") from exc


class FontFileError(Exception):
    """A brand's font file that ReportLab cannot register, and which face it was.

    `damaged` is set when the file itself is at fault (not a font, too big,
    broken tables): the content's problem. Otherwise the machine could not
    read it.
    """

    def __init__(self, style: str, message: str, damaged: bool = False):
        self.style, self.message, self.damaged = style, message, damaged
        super().__init__(message)


def family_name(regular: Path, max_bytes: int) -> str:
    """A name for a shipped family that depends on the font, never on where it sits.

    The name ends up in the PDF, so output stays byte-identical across machines.
    """
    digest = hashlib.sha256(read_font_file("regular", regular, max_bytes)).hexdigest()[:8]
    stem = "".join(c for c in regular.stem.split("-")[0] if c.isalnum()) or "Brand"
    return f"{stem}-{digest}"


def read_font_file(style: str, path: Path, max_bytes: int) -> bytes:
    """A font file's bytes, refused before reading when it is too big or not a file."""
    try:
        return read_regular(path, max_bytes)
    except FileTooBig as exc:
        raise FontFileError(
            style,
            f"'{path.name}': the file is {exc.size:,} bytes; the limit is {max_bytes:,} "
            "(--limit max_asset_bytes=N to raise it)",
            True,
        ) from None
    except OSError as exc:
        damaged = exc.errno in (errno.EINVAL, errno.EISDIR)  # a pipe, device or folder
        raise FontFileError(
            style, f"'{path.name}': cannot read the font file ({exc.strerror})", damaged
        ) from None


@functools.cache
def _coverage(face_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(face_name)
    return frozenset(font.face.charToGlyph)


# Characters ReportLab turns into spacing, never drawn with a glyph.
_LAYOUT_CHARS = frozenset(map(ord, "\n\t\r"))


@functools.cache
def _family_coverage(faces: tuple[str, ...]) -> frozenset[int]:
    """What every face can draw; intersected once, not for each string checked."""
    return functools.reduce(frozenset.intersection, map(_coverage, faces))


@functools.cache
def _family_characters(faces: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(chr, _family_coverage(faces) | _LAYOUT_CHARS))


def missing_glyphs(text: str, family: FontFamily) -> list[str]:
    """Characters of `text` that some face of `family` cannot draw, in order."""
    covered = _family_coverage(tuple(family.faces))
    if _family_characters(tuple(family.faces)).issuperset(text):
        return []  # the usual case, checked in C
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code not in covered and code not in _LAYOUT_CHARS and ch not in out:
            out.append(ch)
    return out
