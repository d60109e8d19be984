"""What a brochure costs: ms per tri-fold, against the handout, and with `fit: shrink`.

    python benchmarks/brochures.py [--copies N]

Each sample handout is laid out as a handout and as a tri-fold (whether or
not it lists that format); `shrink` is the tri-fold of the same handouts
with `fit: shrink`, which lays out again at each smaller size it tries.
Prints one JSON line; `*_overflowed` counts the handouts that did not fit.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.api import open_project, render_pdf  # noqa: E402
from handouts.diagnostics import ContentError  # noqa: E402


def _ms_per_document(project, handouts, fmt: str, copies: int) -> tuple[float, int]:
    done = failed = 0
    start = time.perf_counter()
    for _ in range(copies):
        for handout in handouts:
            try:
                render_pdf(project, handout, fmt)
                done += 1
            except ContentError:  # did not fit: it still cost a full layout
                failed += 1
    elapsed = time.perf_counter() - start
    return round(1000 * elapsed / max(1, done + failed), 1), failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    args = parser.parse_args()
    project, diagnostics = open_project(args.content)
    if project is None:
        sys.exit("\n".join(map(str, diagnostics)))
    handouts = list(project.library.handouts)
    render_pdf(project, handouts[0], "trifold")  # warm up: fonts, imports, the QR code
    shrinking = [h.model_copy(update={"fit": "shrink"}) for h in handouts]
    for original, copy in zip(handouts, shrinking, strict=True):
        copy.__pydantic_private__["_loc"] = original.loc
    figures: dict[str, object] = {"benchmark": "brochures"}
    for name, fmt, batch in (
        ("handout", "handout", handouts),
        ("trifold", "trifold", handouts),
        ("bifold", "bifold", handouts),
        ("trifold_shrink", "trifold", shrinking),
    ):
        ms, failed = _ms_per_document(project, batch, fmt, args.copies)
        figures[f"{name}_ms"] = ms
        figures[f"{name}_overflowed"] = failed // args.copies
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
