"""Which font draws which script when the brand font cannot.

Every script a handout may be written in has a default face, installed by
the project's own files: Noto families from PyPI (`fontpkg-noto-*`), and for
Hebrew and Chinese/Japanese/Korean the Debian packages that `.ci/run` and the
README install. A brand may name its own font per script; a script whose font
is missing is an error that names the package to install.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from pathlib import Path

from fontTools import unicodedata

from .faces import Face, load

# ISO 15924 codes grouped as the fonts group them.
SCRIPT_GROUPS = {
    "Latn": "latin",
    "Grek": "latin",
    "Cyrl": "latin",
    "Arab": "arabic",
    "Hebr": "hebrew",
    "Deva": "devanagari",
    "Thai": "thai",
    "Hani": "cjk",
    "Hira": "cjk",
    "Kana": "cjk",
    "Hang": "cjk",
    "Bopo": "cjk",
}

WEIGHT = {"regular": 400, "bold": 700}


@dataclass(frozen=True)
class Source:
    """Where one script's default font comes from, and how to install it."""

    group: str
    install: str  # what to tell a user whose machine lacks it
    package: str = ""  # a fontpkg module with a variable font in files/
    pattern: str = ""  # the variable font's file name
    debian: tuple[str, ...] = ()  # regular, bold files of a Debian package
    index: int = 0


SOURCES = {
    "latin": Source(
        "latin", "pip install fontpkg-noto-sans", "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf"
    ),
    "arabic": Source(
        "arabic",
        "pip install fontpkg-noto-sans-arabic",
        "fontpkg_noto_sans_arabic",
        "NotoSansArabic[wdth,wght].ttf",
    ),
    "devanagari": Source(
        "devanagari",
        "pip install fontpkg-noto-sans-devanagari",
        "fontpkg_noto_sans_devanagari",
        "NotoSansDevanagari[wdth,wght].ttf",
    ),
    "thai": Source(
        "thai",
        "pip install fontpkg-noto-sans-thai",
        "fontpkg_noto_sans_thai",
        "NotoSansThai[wdth,wght].ttf",
    ),
    "hebrew": Source(
        "hebrew",
        "apt-get install fonts-noto-core",
        debian=(
            "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoSansHebrew-Bold.ttf",
        ),
    ),
    "cjk": Source(
        "cjk",
        "apt-get install fonts-wqy-microhei",
        debian=("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",),
    ),
}


class MissingFont(Exception):
    """A script's default font is not installed; says what to install."""

    def __init__(self, group: str):
        self.group = group
        self.install = SOURCES[group].install
        super().__init__(f"no font for {group} text is installed: {self.install}")


def script_of(ch: str) -> str:
    """The ISO 15924 script of a character (Zyyy common, Zinh inherited)."""
    return unicodedata.script(ch)


def group_of(ch: str) -> str | None:
    return SCRIPT_GROUPS.get(script_of(ch))


@functools.cache
def default_face(group: str, weight: str = "regular") -> Face:
    """The default face for a script group, loaded once; MissingFont if absent."""
    source = SOURCES[group]
    if source.package:
        try:
            module = importlib.import_module(source.package)
        except ImportError:
            raise MissingFont(group) from None
        path = Path(module.ROOT) / "files" / source.pattern
        if not path.exists():
            raise MissingFont(group)
        return load(str(path), 0, (("wght", float(WEIGHT[weight])),))
    files = [Path(p) for p in source.debian]
    path = files[1] if weight == "bold" and len(files) > 1 and files[1].exists() else files[0]
    if not path.exists():
        raise MissingFont(group)
    return load(str(path), source.index)


@dataclass(frozen=True)
class Fallback:
    """The faces tried, in order, for text the span's own face cannot draw.

    `brand` holds a brand's own faces per script group and weight (its
    `fonts: scripts:`); any other group takes its default.
    """

    brand: tuple[tuple[str, str, Face], ...] = ()  # (group, weight, face)

    def face_for(self, text: str, weight: str = "regular") -> Face | None:
        """A face that draws all of `text`, by the script of its first letter."""
        group = next((g for g in map(group_of, text) if g), None)
        candidates: list[Face | str] = []
        if group:
            own = [(w, face) for g, w, face in self.brand if g == group]
            candidates += [face for w, face in own if w == weight]
            candidates += [face for w, face in own if w != weight]
            candidates.append(group)
        candidates += [g for g in SOURCES if g != group]
        for candidate in candidates:
            try:
                face = candidate if isinstance(candidate, Face) else default_face(candidate, weight)
            except MissingFont:
                if candidate == group:
                    raise
                continue
            if face.covers(text):
                return face
        return None


def fallback_problem(ch: str, fallback: Fallback | None = None) -> str | None:
    """None when the brand's script fonts or a default font draw `ch`; else what to
    install ('' when no font has it)."""
    try:
        return None if (fallback or Fallback()).face_for(ch) is not None else ""
    except MissingFont as exc:
        return exc.install
