"""The checks' word lists, shipped as TSV files in `handouts/data/` (readable, diffable)."""

from __future__ import annotations

import csv
from importlib import resources


def rows(name: str) -> list[dict[str, str]]:
    """A TSV file's rows by its header; lines starting with # are comments."""
    text = resources.files("handouts").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
