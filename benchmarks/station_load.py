"""The print station under load: response times for a personalised handout, and memory.

    python benchmarks/station_load.py [--concurrency 1 10 50] [--requests 200] [--soak 1000]

Starts `generate.py serve` on the sample content on a free loopback port (as
staff start it: waitress, 4 threads), then for each concurrency C sends
`--requests` POSTs of a personalised handout (patient name, date, clinician,
notes) from C client threads at once and reports the median and 95th
percentile response time and the throughput. Then it sends `--soak` more
requests (10 at a time) and reads the server's resident memory (VmRSS) and
peak (VmHWM) from /proc after each quarter of them: memory must level off,
not grow with every request.

Loopback only, bounded loops: every request is counted in advance, and the
server is stopped at the end. Prints one JSON line. Targets live here, not
in timed tests.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
FORM = {
    "format": "handout",
    "paper": "letter",
    "variant": "standard",
    "patient": "Ada Quinlan-Marsh",
    "date": "2026-12-01",
    "clinician": "Dr. R. Okafor",
    "next_appointment": "Tuesday at 10 am",
    "notes": "Take the evening dose with food. Call if the pain gets worse.",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _memory_mb(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def _post(port: int, path: str) -> float:
    """Seconds for one personalised PDF, from sending to the last byte."""
    body = urllib.parse.urlencode(FORM)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://{HOST}:{port}",
        "Sec-Fetch-Site": "same-origin",
    }
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    if response.status != 200 or not data.startswith(b"%PDF"):
        raise SystemExit(f"POST {path}: HTTP {response.status}")
    return time.perf_counter() - start


def _wait_until_up(port: int, server: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the station stopped before answering")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the station did not start")


def _round(concurrency: int, requests: int, port: int, path: str) -> dict[str, float]:
    with cf.ThreadPoolExecutor(max_workers=concurrency) as pool:
        start = time.perf_counter()
        times = sorted(pool.map(lambda _: _post(port, path), range(requests)))
        wall = time.perf_counter() - start
    return {
        "requests": requests,
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)] * 1000, 1),
        "per_second": round(requests / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrency")
    parser.add_argument("--soak", type=int, default=1000, help="requests before reading memory")
    parser.add_argument("--handout", default="ketamine-pain-relief")
    parser.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    args = parser.parse_args()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "generate.py"),
            "serve",
            "--content",
            str(args.content),
            "--host",
            HOST,
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    path = f"/handout/{args.handout}/pdf"
    try:
        _wait_until_up(port, server)
        _post(port, path)  # the first one renders the clean PDF the others reuse
        figures: dict[str, object] = {"after_first": _memory_mb(server.pid)}
        for c in args.concurrency:
            figures[f"concurrency_{c}"] = _round(c, max(args.requests, c), port, path)
        sent = 1 + sum(max(args.requests, c) for c in args.concurrency)
        growth = []  # resident memory every quarter of the soak: flat, or growing?
        for quarter in range(4):
            count = args.soak // 4 + (args.soak % 4 if quarter == 3 else 0)
            _round(10, count, port, path)
            sent += count
            growth.append({"requests_in_all": sent, **_memory_mb(server.pid)})
        figures["soak"] = growth
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
