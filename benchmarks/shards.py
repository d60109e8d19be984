"""Sharded builds of a big generated library: what N CI runners would each spend.

    python benchmarks/shards.py [--handouts 10000] [--languages 3] [--shards 1 2 4] [--jobs 1]

Writes a deterministic library of H handouts, each in L languages (made from
the sample content: English and Spanish words; a third language and more
are tagged fr, vi, ... with English words, which costs the layout the same),
then for each shard count N builds shard 1/N to N/N one after another, each
in a fresh `generate.py` process with no caches (a fresh CI runner), and
times each; then `merge-manifests` of those N folders (no QR-code cache,
as on a first run). It checks that every N merges to the same manifest.

From those figures it estimates the wall time of a pull request's build on
R runners: a shard costs a fixed part F (starting, reading and planning the
whole library, which every runner does) plus its share W / N of the work;
F and W are fitted to the measured slowest shard of each N by least squares,
and the estimate for R runners is F + W / R + the merge. With --scale-to H2
it also scales every figure linearly from H to H2 handouts, and says so:
on a shared 2-core machine the full 10,000 x 3 run takes hours. Scaling F
linearly overstates it (part of F is starting Python, not reading YAML).

Every figure comes twice: wall seconds, and CPU seconds of the command. On a
machine whose cores are shared with other work, the wall clock measures the
neighbours too; CPU seconds are what a runner of its own would spend with one
core (with J cores and --jobs J, less). They are exact with --jobs 1 (the
default): the kernel does not count the CPU time of workers that a
forkserver started.

Prints one JSON line. Targets live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PER_FILE = 100
EXTRA_LANGUAGES = ("fr", "vi", "zh", "ar", "ru", "ko", "tl", "pt", "pl", "ht", "de", "ja")


def write_library(folder: Path, handouts: int, languages: int) -> int:
    """H handouts x L languages, deterministic; returns how many handouts were written."""
    sample = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    english = [h for h in sample["handouts"] if h.get("language", "en") == "en"]
    spanish = [h for h in sample["handouts"] if h.get("language") == "es"]
    root = {k: v for k, v in sample.items() if k not in ("handouts", "sets")}
    root["settings"] = {"base_url": "https://clinic.example/handouts/"}
    root["include"] = ["library/*.yaml"]
    shutil.copytree(ROOT / "assets", folder / "assets")
    (folder / "library").mkdir(parents=True)
    written = []
    for i in range(handouts):
        for lang in range(languages):
            if lang == 1 and spanish:
                h = copy.deepcopy(spanish[i % len(spanish)])
            else:
                h = copy.deepcopy(english[i % len(english)])
                if lang:
                    h["language"] = EXTRA_LANGUAGES[(lang - 2) % len(EXTRA_LANGUAGES)]
            h["id"] = f"h{i + 1:05d}-{h.get('language', 'en')}"
            h["title"] = f"{h['title']} ({i + 1})"
            written.append(h)
    (folder / "content.yaml").write_text(yaml.safe_dump(root, sort_keys=False, allow_unicode=True))
    for part in range(0, len(written), PER_FILE):
        chunk = {"handouts": written[part : part + PER_FILE]}
        text = yaml.safe_dump(chunk, sort_keys=False, allow_unicode=True)
        (folder / "library" / f"part-{part // PER_FILE:04d}.yaml").write_text(text)
    return len(written)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def generate(folder: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds (the command and its workers) of one `generate.py` run in
    `folder`, as on a fresh CI runner (no caches)."""
    shutil.rmtree(folder / ".handouts-cache", ignore_errors=True)
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"generate.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return round(seconds, 2), round(_children_cpu() - cpu, 2)


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """F and W of t = F + W / n, least squares over (n, slowest shard's seconds)."""
    xs = [1 / n for n, _ in points]
    ys = [t for _, t in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mean_x) ** 2 for x in xs)
    if var == 0:
        return 0.0, mean_y
    w = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / var
    return max(0.0, mean_y - w * mean_x), w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--handouts", type=int, default=10_000)
    parser.add_argument("--languages", type=int, default=3)
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="worker processes per shard (1: the CPU seconds are exact; workers started "
        "by forkserver are not children the kernel counts)",
    )
    parser.add_argument("--runners", type=int, nargs="+", default=[10, 50])
    parser.add_argument(
        "--scale-to", type=int, help="also scale the figures linearly to this many handouts"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handouts-shards-") as tmp:
        folder = Path(tmp)
        total = write_library(folder, args.handouts, args.languages)
        figures: dict[str, object] = {
            "handouts": args.handouts,
            "languages": args.languages,
            "handouts_written": total,
            "jobs_per_shard": args.jobs,
        }
        runs: dict[int, list[tuple[float, float]]] = {}
        merges: dict[int, tuple[float, float]] = {}
        manifests: dict[int, bytes] = {}
        for n in args.shards:
            runs[n] = [
                generate(
                    folder, "build", f"--shard={k}/{n}", f"--out=out-{n}-{k}", f"--jobs={args.jobs}"
                )
                for k in range(1, n + 1)
            ]
            parts = [f"out-{n}-{k}/manifest.json" for k in range(1, n + 1)]
            merges[n] = generate(folder, "merge-manifests", *parts, f"--out=merged-{n}")
            manifests[n] = (folder / f"merged-{n}" / "manifest.json").read_bytes()
        figures["outputs"] = len(json.loads(manifests[args.shards[0]])["outputs"])
        figures["merged_manifests_identical"] = len(set(manifests.values())) == 1
        for i, kind in enumerate(("wall", "cpu")):
            shards = {n: [run[i] for run in r] for n, r in runs.items()}
            merge = max(m[i] for m in merges.values())
            fixed, work = fit([(n, max(t)) for n, t in shards.items()])
            sizes = [*args.shards, *args.runners]
            figures[kind] = {
                "shard_seconds": shards,
                "merge_seconds": {n: m[i] for n, m in merges.items()},
                "fit_fixed_seconds": round(fixed, 2),
                "fit_work_seconds": round(work, 2),
                "expected_seconds": {r: round(fixed + work / r + merge, 1) for r in sizes},
            }
            if args.scale_to:
                k = args.scale_to / args.handouts
                figures[kind]["scaled_to_handouts"] = args.scale_to
                figures[kind]["scaled_merge_seconds"] = round(k * merge, 1)
                figures[kind]["scaled_expected_seconds"] = {
                    r: round(k * (fixed + work / r + merge), 1) for r in sizes
                }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
