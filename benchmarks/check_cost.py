"""What `check` costs on top of laying out: reading each PDF back and judging it.

    python benchmarks/check_cost.py [--content content.yaml] [--repeat 3]

Renders every sample handout in every format it lists and in large print,
then times, per document, pdfminer's reading of the PDF (`pdf.measure`)
and the print rules on what it read, against the render itself (best of
`--repeat`, CPU time). Prints one JSON line per document and a summary
line with the ratios of the totals. On the sample (2026-12-02): reading
back takes 1.8 times the render (pdfminer's content-stream parser, in
Python); the rules 0.07 times (0.78 before font_size stopped comparing
glyphs pairwise).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.api import open_project, render_pdf  # noqa: E402
from handouts.checks.gate import PRINT_RULES, context  # noqa: E402
from handouts.checks.pdf import measure  # noqa: E402
from handouts.checks.printing import print_spec  # noqa: E402
from handouts.options import RenderOptions  # noqa: E402


def _best(repeat: int, work, *args) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = work(*args)
        best = min(best, time.process_time() - start)
    return best, result


def _judge(ctx, facts, spec) -> list:
    return [rule(ctx, facts, spec) for _, rule in PRINT_RULES]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project, _ = open_project(args.content)
    options = RenderOptions()
    totals = {"render": 0.0, "measure": 0.0, "rules": 0.0}
    for handout in project.library.handouts:
        ctx = context(project, handout, dt.date.today())
        for fmt in dict.fromkeys([*handout.formats, "large-print"]):
            render, rendered = _best(args.repeat, render_pdf, project, handout, fmt, options)
            read, facts = _best(args.repeat, measure, rendered.data)
            spec = print_spec(fmt, project.theme_for(handout, options), rendered)
            rules, _ = _best(args.repeat, _judge, ctx, facts, spec)
            row = {"render": render, "measure": read, "rules": rules}
            for key, value in row.items():
                totals[key] += value
            print(
                json.dumps(
                    {"document": f"{handout.id}.{fmt}", **{k: round(v, 4) for k, v in row.items()}}
                )
            )
    print(
        json.dumps(
            {
                "measure_per_render": round(totals["measure"] / totals["render"], 2),
                "rules_per_render": round(totals["rules"] / totals["render"], 3),
                **{k: round(v, 2) for k, v in totals.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
