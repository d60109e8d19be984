"""Layouts: one module per format, registered here by name.

A layout turns a handout and a theme into PDF bytes. Adding a format is a
new module and one line in LAYOUTS (as Pandoc adds writers).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Handout
from ..options import RenderOptions
from ..render.document import Rendered
from ..theme import Theme
from . import bifold, handout, trifold

Layout = Callable[[Handout, Theme, RenderOptions], Rendered]

LAYOUTS: dict[str, Layout] = {
    "handout": handout.render_handout,
    "trifold": trifold.render_trifold,
    "bifold": bifold.render_bifold,
}
