"""What tagged PDF costs: build time with and without tags (target: at most +20 %).

    python benchmarks/tagging_cost.py [--copies N] [--rounds R]

Renders every sample handout that builds, N times per round, alternating
tagged and untagged rounds so that machine noise hits both alike; prints one
JSON line with the best round of each and the overhead in per cent. Times are
this process's CPU time: on a shared machine wall-clock time measures the
neighbours (it is printed too, for the record).
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
from handouts.options import RenderOptions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    args = parser.parse_args()
    project, diagnostics = open_project(args.content)
    if project is None:
        sys.exit("\n".join(map(str, diagnostics)))
    handouts = []
    for handout in project.library.handouts:
        try:
            render_pdf(project, handout)  # warm up: fonts, images, imports
        except ContentError:
            continue  # a block this version cannot print yet: not ours to time
        handouts.append(handout)
    if not handouts:
        sys.exit("no sample handout builds")
    best = {True: float("inf"), False: float("inf")}
    wall = {True: float("inf"), False: float("inf")}
    pages = 0
    for _ in range(args.rounds):
        for tags in (True, False):
            options = RenderOptions(tags=tags)
            start, start_wall = time.process_time(), time.perf_counter()
            pages = 0
            for _ in range(args.copies):
                for handout in handouts:
                    pages += render_pdf(project, handout, "handout", options).pages
            best[tags] = min(best[tags], time.process_time() - start)
            wall[tags] = min(wall[tags], time.perf_counter() - start_wall)
    docs = args.copies * len(handouts)
    print(
        json.dumps(
            {
                "benchmark": "tagging_cost",
                "documents": docs,
                "pages": pages,
                "tagged_cpu_s": round(best[True], 3),
                "untagged_cpu_s": round(best[False], 3),
                "tagged_wall_s": round(wall[True], 3),
                "untagged_wall_s": round(wall[False], 3),
                "tagged_ms_per_doc": round(1000 * best[True] / docs, 2),
                "untagged_ms_per_doc": round(1000 * best[False] / docs, 2),
                "overhead_percent": round(100 * (best[True] / best[False] - 1), 1),
                "target_percent": 20,
            }
        )
    )


if __name__ == "__main__":
    main()
