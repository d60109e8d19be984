"""`generate.py watch`: a real edit in a real folder, seen by a real process."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time

from helpers import ROOT, handout, library, write_content

from handouts.watch import changes, snapshot


def _lines(stream, sink: queue.Queue) -> None:
    for line in stream:
        sink.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue, prefix: str, timeout: float = 60) -> list[str]:
    """Lines read until one starts with `prefix` (bounded, so a hang fails the test)."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=deadline - time.monotonic())
        except queue.Empty:
            break
        seen.append(line)
        if line.startswith(prefix):
            return seen
    raise AssertionError(f"no line starting {prefix!r} in {timeout} s; saw {seen}")


def test_watch_rebuilds_only_what_changed_after_a_save(tmp_path):
    data = library(handout("one"), handout("two"))
    write_content(tmp_path, data)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "watch", "--jobs", "1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        first = _wait_for(lines, "2 built")
        assert first[0].startswith("watching ")
        data["handouts"][1]["title"] = "A changed title"
        write_content(tmp_path, data)
        again = _wait_for(lines, "1 built")
        assert again[:2] == [
            "changed: content.yaml",
            "wrote out/two.pdf (1 page; FK grade 1.2, SMOG 6.4)",
        ]
        assert again[2].startswith("1 built, 1 unchanged, 0 failed")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 0
    assert _wait_for(lines, "stopped watching", timeout=10)


def test_a_change_is_reported_once_the_save_settles_and_out_is_ignored(tmp_path):
    (tmp_path / "out").mkdir()
    content = write_content(tmp_path, library())
    before = snapshot(tmp_path, tmp_path / "out")
    assert list(before) == [str(content)]
    stop = threading.Event()
    seen: list[list[str]] = []

    def watch() -> None:
        # From the snapshot taken above, not one of the thread's own: the writes
        # below may happen before the thread first looks.
        out = tmp_path / "out"
        for changed in changes(tmp_path, out, interval=0.05, stop=stop.is_set, since=before):
            seen.append(changed)

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        # Files of watched kinds in out/ (a build copies nothing there today,
        # but the folder must be skipped whatever lands in it) and in .git.
        (tmp_path / "out" / "x.pdf").write_bytes(b"%PDF")
        (tmp_path / "out" / "copied-logo.svg").write_text("<svg/>")
        (tmp_path / "out" / "notes.yaml").write_text("x: 1")
        (tmp_path / ".git").mkdir()
        (tmp_path / ".git" / "x.yaml").write_text("x")  # hidden: not content
        time.sleep(0.3)
        assert seen == []
        (tmp_path / "logo.svg").write_text("<svg/>")
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert seen == [[str(tmp_path / "logo.svg")]]


def test_an_edit_made_while_the_first_build_ran_is_not_lost(tmp_path):
    content = write_content(tmp_path, library())
    built_from = snapshot(tmp_path)
    content.write_text(content.read_text() + "# edited during the build\n")
    assert next(changes(tmp_path, since=built_from, interval=0.02)) == [str(content)]
