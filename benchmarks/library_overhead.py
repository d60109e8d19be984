"""A whole-library build in one process against the warm render of the same files.

    python benchmarks/library_overhead.py [--handouts N] [--rounds R]

Writes the deterministic library of `batch_library.py` (N handouts cycled
from every sample handout, so every format and the Spanish one), then
alternates, R times, in this one process:

1. a build of it all (`handouts.api.build`, one process: `--jobs 1`,
   `--force`, no parse cache left from the round before): loading and
   checking the YAML, every PDF, reading grades, the catalogue with its QR
   codes, the manifest, the files written;
2. the warm render of the same files: `render_pdf` for each (handout,
   format) the build made, on a project opened beforehand;
3. the same build as `generate.py build --jobs 1 --force` in a fresh
   process: everything above plus starting Python, the imports and loading
   the fonts, and with no shaped word cached yet.

Prints one JSON line: CPU seconds of each (the machine is shared, so wall
time would also measure the neighbours) and the ratios build / render and
fresh build / render, per round and the median. Targets live here, not in
timed tests.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from batch_library import generate, write_library  # noqa: E402

from handouts.api import build, open_project, render_pdf  # noqa: E402
from handouts.batch import PARSE_CACHE, chosen, plan, relax_collector  # noqa: E402
from handouts.options import BuildOptions  # noqa: E402


def sample_ids() -> list[str]:
    project, problems = open_project(ROOT / "content.yaml")
    if project is None:
        sys.exit("\n".join(map(str, problems)))
    return [h.id for h in project.library.handouts]


def built(folder: Path) -> tuple[float, int]:
    """CPU seconds of one full build in this process, and the files it wrote."""
    shutil.rmtree(folder / PARSE_CACHE, ignore_errors=True)
    shutil.rmtree(folder / "out", ignore_errors=True)
    options = BuildOptions(
        content=folder / "content.yaml", out_dir=folder / "out", jobs=1, force=True
    )
    start = time.process_time()
    report = build(options)
    used = time.process_time() - start
    if report.failed:
        sys.exit("\n".join(map(str, report.diagnostics[:20])))
    return used, len(report.outputs)


def built_fresh(folder: Path) -> float:
    """CPU seconds of the same build by `generate.py` in a process of its own."""
    shutil.rmtree(folder / PARSE_CACHE, ignore_errors=True)
    content, out = str(folder / "content.yaml"), str(folder / "out")
    _, used, result = generate(
        "build", "--content", content, "--out", out, "--jobs", "1", "--force"
    )
    if result.returncode != 0:
        sys.exit(result.stderr)
    return used


def rendered(folder: Path) -> tuple[float, int]:
    """CPU seconds of rendering the build's files, warm, on a project opened beforehand."""
    options = BuildOptions(content=folder / "content.yaml", out_dir=folder / "out", jobs=1)
    project, problems = open_project(options.content)
    if project is None:
        sys.exit("\n".join(map(str, problems)))
    pairs, _ = chosen(project, options)
    jobs = plan(project, options, pairs)
    by_id = project.library.by_id
    start = time.process_time()
    for job in jobs:
        render_pdf(project, by_id[job.handout], job.format, options.render)
    return time.process_time() - start, len(jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--handouts", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    relax_collector()  # as generate.py runs
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        folder = Path(tmp)
        write_library(folder, args.handouts, sample_ids())
        rendered(folder)  # warm up: imports, fonts, logos, shaped words
        rounds = []
        for _ in range(args.rounds):  # alternating, so a neighbour's load hits both alike
            build_s, files = built(folder)
            render_s, rendered_files = rendered(folder)
            fresh_s = built_fresh(folder)
            assert files == rendered_files, (files, rendered_files)
            rounds.append((build_s, render_s, fresh_s))
    ratios = [round(b / r, 3) for b, r, _ in rounds]
    fresh = [round(f / r, 3) for _, r, f in rounds]
    print(
        json.dumps(
            {
                "benchmark": "library_overhead",
                "handouts": args.handouts,
                "files": files,
                "build_cpu_s": [round(b, 2) for b, _, _ in rounds],
                "render_cpu_s": [round(r, 2) for _, r, _ in rounds],
                "fresh_build_cpu_s": [round(f, 2) for _, _, f in rounds],
                "build_over_render": ratios,
                "median_build_over_render": statistics.median(ratios),
                "fresh_build_over_render": fresh,
                "median_fresh_build_over_render": statistics.median(fresh),
            }
        )
    )


if __name__ == "__main__":
    main()
