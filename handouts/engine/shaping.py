"""HarfBuzz shaping of one piece of text in one face, cached per process.

Kerning, ligatures, Arabic joining and Indic reordering all come from the
font's own OpenType tables. Shaping happens at units per em, so the cache key
is (face, features, direction, script, language, text), not the size.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import uharfbuzz as hb

from .faces import Face

FEATURES = (("kern", True), ("liga", True))


class Glyph(NamedTuple):
    """One shaped glyph, in font units; `cluster` is the offset of its text."""

    gid: int
    cluster: int
    advance: int
    dx: int
    dy: int


class Shaped(NamedTuple):
    glyphs: tuple[Glyph, ...]  # in visual order (right to left text comes reversed)
    advance: int


def shape(
    face: Face,
    text: str,
    rtl: bool = False,
    script: str = "",
    language: str = "",
    features: tuple[tuple[str, bool], ...] = FEATURES,
) -> Shaped:
    """The glyphs of `text` in `face`, from the process-wide cache."""
    return _shape(face, text, rtl, script, language, features)


@functools.lru_cache(maxsize=65536)
def _shape(
    face: Face,
    text: str,
    rtl: bool,
    script: str,
    language: str,
    features: tuple[tuple[str, bool], ...],
) -> Shaped:
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    if script and script not in ("Zyyy", "Zinh", "Zzzz"):
        buf.script = script
    if language:
        buf.language = language
    buf.guess_segment_properties()
    hb.shape(face.font, buf, dict(features))
    glyphs = tuple(
        Glyph(info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    )
    return Shaped(glyphs, sum(g.advance for g in glyphs))
