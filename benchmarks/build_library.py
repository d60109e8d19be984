"""How fast the sample library builds: documents/s, pages/s and peak memory.

    python benchmarks/build_library.py [--copies N]

Builds N copies of every sample handout in one process (warm: fonts and the
logo are loaded once, and the garbage collector is set as in a build worker)
and prints one JSON line.
Targets live here, not in timed tests: shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.api import open_project, render_pdf  # noqa: E402
from handouts.batch import relax_collector  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    parser.add_argument(
        "--handout", action="append", help="handout id to build (default: every handout)"
    )
    args = parser.parse_args()
    relax_collector()  # as generate.py and each of its workers run
    project, diagnostics = open_project(args.content)
    if project is None:
        sys.exit("\n".join(map(str, diagnostics)))
    handouts = [h for h in project.library.handouts if not args.handout or h.id in args.handout]
    render_pdf(project, handouts[0])  # warm up: font parsing, imports
    docs = pages = 0
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.copies):
        for handout in handouts:
            pages += render_pdf(project, handout).pages
            docs += 1
    elapsed = time.perf_counter() - start
    used = time.process_time() - cpu  # on a shared machine, wall time also measures neighbours
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "benchmark": "build_library",
                "documents": docs,
                "pages": pages,
                "seconds": round(elapsed, 3),
                "documents_per_s": round(docs / elapsed, 1),
                "pages_per_s": round(pages / elapsed, 1),
                "cpu_seconds": round(used, 3),
                "documents_per_cpu_s": round(docs / used, 1),
                "peak_rss_mb": round(peak_mb, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
