"""Batch builds of a big synthetic library: throughput, memory, no-op rebuild, cold start.

    python benchmarks/batch_library.py [--handouts N] [--jobs J] [--from ID ...]

Writes a deterministic library of N handouts made from the sample content
(ids `<sample-id>-0001` ..., spread over include files of 100 handouts),
then:

1. a full build with J workers (in this process, so that the workers are
   its only children and their peak memory can be read): documents/s and
   pages/s (with the catalogue);
2. a no-op rebuild (nothing changed) in a fresh `generate.py` process;
3. a rebuild after one handout's title was edited (it and the catalogue);
4. a cold start: `generate.py build ketamine-pain-relief` on the sample.

Prints one JSON line, with CPU seconds beside wall seconds (on a shared
machine the wall clock also measures the neighbours). Peak RSS per worker is
the largest VmHWM among the build's worker processes, sampled from /proc.
Targets live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PER_FILE = 100


def write_library(folder: Path, n: int, sources: list[str]) -> None:
    """N handouts cycled from `sources`, deterministic; assets copied alongside."""
    sample = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in sample["handouts"]}
    root = {k: v for k, v in sample.items() if k not in ("handouts", "sets")}
    root["settings"] = {"base_url": "https://clinic.example/handouts/"}
    root["include"] = ["library/*.yaml"]
    (folder / "library").mkdir(parents=True)
    for name in ("assets",):
        for path in (ROOT / name).rglob("*"):
            if path.is_file():
                target = folder / path.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    handouts = []
    for i in range(n):
        start = i - i % len(sources)  # this round of `sources` is copied to start + 1, ...
        copied = {s: f"{s[:70]}-{start + k + 1:04d}" for k, s in enumerate(sources)}
        h = copy.deepcopy(by_id[sources[i % len(sources)]])
        h["id"] = copied[h["id"]]
        h["title"] = f"{h['title']} ({i + 1})"
        original = copied.get(h.pop("translation_of", None))
        if original is not None and int(original[-4:]) <= n:  # its original's copy, if made
            h["translation_of"] = original
        handouts.append(h)
    (folder / "content.yaml").write_text(yaml.safe_dump(root, sort_keys=False, allow_unicode=True))
    for part in range(0, n, PER_FILE):
        chunk = {"handouts": handouts[part : part + PER_FILE]}
        text = yaml.safe_dump(chunk, sort_keys=False, allow_unicode=True)
        (folder / "library" / f"part-{part // PER_FILE:03d}.yaml").write_text(text)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def generate(*args: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds (this process's children: the CLI and its workers)."""
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return time.perf_counter() - start, _children_cpu() - cpu, result


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, ValueError, IndexError):
            continue
    out = []
    for pid in parents:
        up = parents.get(pid)
        while up not in (None, 0, 1, root):
            up = parents.get(up)
        if up == root:
            out.append(pid)
    return out


class _Workers(threading.Thread):
    """Samples the workers (forkserver children) from /proc twice a second, Linux only:
    the largest peak RSS (VmHWM) and each one's CPU seconds."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb, self.cpu, self.done = 0.0, {}, threading.Event()

    def run(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        while not self.done.wait(0.5):
            for pid in _descendants(os.getpid()):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)
                self.cpu[pid] = (int(stat[11]) + int(stat[12])) / tick


def build_in_process(folder: Path, jobs: int) -> tuple[float, float, float, float]:
    """The full build, here, so that the workers are this process's descendants.

    Returns wall and CPU seconds (this process and its workers) and the peak
    RSS of the largest worker and of this process, in MB.
    """
    sys.path.insert(0, str(ROOT))
    from handouts.api import build
    from handouts.options import BuildOptions

    start, cpu = time.perf_counter(), time.process_time()
    options = BuildOptions(content=folder / "content.yaml", out_dir=folder / "out", jobs=jobs)
    workers = _Workers()
    workers.start()
    report = build(options)
    workers.done.set()
    workers.join()
    if report.failed:
        sys.exit("\n".join(map(str, report.diagnostics[:20])))
    wall = time.perf_counter() - start
    used = time.process_time() - cpu + sum(workers.cpu.values())  # last samples: a bit low
    worker = workers.peak_mb
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return wall, used, worker, parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--handouts", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--from", dest="sources", action="append", help="sample handout ids to copy"
    )
    args = parser.parse_args()
    sources = args.sources or ["ketamine-pain-relief"]
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        folder = Path(tmp)
        write_library(folder, args.handouts, sources)
        content, out = str(folder / "content.yaml"), str(folder / "out")
        full_s, full_cpu, worker_mb, parent_mb = build_in_process(folder, args.jobs)
        common = ["build", "--content", content, "--out", out, "--jobs", str(args.jobs)]
        manifest = json.loads((folder / "out" / "manifest.json").read_text())
        pages = sum(e["pages"] for e in manifest["outputs"])
        noop_s, noop_cpu, noop = generate(*common)
        assert "0 built" in noop.stdout, noop.stdout
        # A pull request that edits one handout: it and the catalogue are rebuilt.
        part = folder / "library" / "part-000.yaml"
        part.write_text(part.read_text().replace("title: ", "title: Edited ", 1))
        one_s, one_cpu, one = generate(*common)
        assert "1 built" in one.stdout or "2 built" in one.stdout, one.stdout
        cold_s, cold_cpu, cold = generate(
            "build", "ketamine-pain-relief", "--content", str(ROOT / "content.yaml"),
            "--out", str(folder / "cold"), "--jobs", "1",
        )  # fmt: skip
        assert cold.returncode == 0, cold.stderr
    docs = len(manifest["outputs"])
    from reportlab.lib import rl_accel  # the C accelerator, if ReportLab found it

    accelerated = rl_accel.fp_str.__module__ == "_rl_accel"
    print(
        json.dumps(
            {
                "benchmark": "batch_library",
                "handouts": args.handouts,
                "jobs": args.jobs,
                "documents": docs,
                "pages": pages,
                "build_s": round(full_s, 2),
                "build_cpu_s": round(full_cpu, 2),
                "documents_per_s": round(docs / full_s, 1),
                "pages_per_s": round(pages / full_s, 1),
                "documents_per_cpu_s": round(docs / full_cpu, 1),
                "pages_per_cpu_s": round(pages / full_cpu, 1),
                "peak_rss_worker_mb": round(worker_mb, 1),
                "peak_rss_parent_mb": round(parent_mb, 1),
                "noop_rebuild_s": round(noop_s, 2),
                "noop_rebuild_cpu_s": round(noop_cpu, 2),
                "one_edit_rebuild_s": round(one_s, 2),
                "one_edit_rebuild_cpu_s": round(one_cpu, 2),
                "cold_start_s": round(cold_s, 2),
                "cold_start_cpu_s": round(cold_cpu, 2),
                "rl_accel": accelerated,
            }
        )
    )


if __name__ == "__main__":
    main()
