"""The machine does not change the output: ReportLab settings, cwd, folder path.

ReportLab reads `reportlab_settings.py` (anywhere on the import path),
`~/.reportlab_settings` and `RL_*` variables when it is imported. Each test
plants valid, output-changing values and shows the PDF bytes are identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from helpers import ROOT, library, long_handout, write_content

# Valid values that would each change our bytes (or worse) if ReportLab used them.
SETTINGS = """\
invariant = 0
useA85 = 1
pageCompression = 0
canvas_basefontname = "Courier"
defaultGraphicsFontName = "Courier"
shapeChecking = 0
ttfAsciiReadable = 0
pdfComments = 1
showBoundary = 1
underlineWidth = "3"
documentLang = "fr-FR"
"""
RL_ENV = {
    "RL_invariant": "0",
    "RL_useA85": "1",
    "RL_pageCompression": "0",
    "RL_canvas_basefontname": "Courier",
    "RL_shapeChecking": "0",
    "RL_showBoundary": "1",
    "RL_pdfComments": "1",
}


def _project(folder):
    data = library(long_handout("env", n=3), logo="logo.svg")
    write_content(folder, data)
    shutil.copy(ROOT / "assets" / "logo.svg", folder / "logo.svg")
    return folder


def _build(content_dir, cwd, env_extra=None, home=None, pythonpath=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RL_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, str(ROOT)) if p)
    env["HOME"] = str(home or content_dir.parent / "home-clean")
    env.update(env_extra or {})
    out = content_dir / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "handouts.cli",
            "--content",
            str(content_dir / "content.yaml"),
            "--out",
            str(out),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return (out / "env.pdf").read_bytes()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> bytes:
    """The PDF a clean environment builds: what every planted build must equal.

    Built once; that it does not depend on the folder or the working
    directory is itself a test below.
    """
    folder = tmp_path_factory.mktemp("clean")
    return _build(_project(folder / "ref"), cwd=folder)


def test_reportlab_settings_files_and_rl_variables_do_not_change_the_bytes(tmp_path, clean):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".reportlab_settings").write_text(SETTINGS)
    assert _build(_project(tmp_path / "b"), cwd=tmp_path, home=home) == clean

    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "reportlab_settings.py").write_text(SETTINGS)
    assert _build(_project(tmp_path / "c"), cwd=tmp_path, pythonpath=str(planted)) == clean

    assert _build(_project(tmp_path / "d"), cwd=tmp_path, env_extra=RL_ENV) == clean


def test_settings_file_in_the_working_directory_is_never_executed(tmp_path, clean):
    """`python -m` puts the working directory on the import path: content
    folders are untrusted, so a reportlab_settings.py there must not run."""
    folder = _project(tmp_path / "content")
    marker = tmp_path / "executed"
    (folder / "reportlab_settings.py").write_text(
        f"open({str(marker)!r}, 'w').write('pwned')\n" + SETTINGS
    )
    assert _build(folder, cwd=folder) == clean
    assert not marker.exists()


def test_working_directory_and_folder_path_do_not_change_the_bytes(tmp_path, clean):
    """`clean` was built in another folder, from the folder above its content."""
    deep = tmp_path / "a much longer" / "path with spaces" / "clinic"
    inside = _build(_project(deep), cwd=deep)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    beside = _build(_project(tmp_path / "three"), cwd=elsewhere)
    assert inside == clean and beside == clean


# Modules a content folder could carry to run code on the machine that builds it:
# ReportLab's hooks, our own dependencies' names, and an optional import (a shaper).
PLANTED = ("reportlab_mods", "reportlab_settings", "uharfbuzz", "yaml", "lxml", "svglib", "PIL")


def _plant(folder, marker):
    for name in PLANTED:
        (folder / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write({name!r} + ' ')\n")


def _generate_beside(folder):
    """A clinic's copy of the tool: generate.py and the package next to content.yaml."""
    shutil.copy(ROOT / "generate.py", folder / "generate.py")
    shutil.copytree(ROOT / "handouts", folder / "handouts", ignore=shutil.ignore_patterns("*.pyc"))


def _run_generate(folder, home):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "generate.py", "--no-catalogue"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_module_in_the_folder_of_generate_py_is_imported(tmp_path, clean):
    folder = _project(tmp_path / "clinic")
    _generate_beside(folder)
    marker = tmp_path / "executed"
    _plant(folder, marker)
    result = _run_generate(folder, tmp_path / "home-clean")
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), marker.read_text()
    assert (folder / "out" / "env.pdf").read_bytes() == clean


def test_no_module_in_the_working_folder_is_imported_under_python_m(tmp_path, clean):
    folder = _project(tmp_path / "content")
    marker = tmp_path / "executed"
    _plant(folder, marker)
    assert _build(folder, cwd=folder) == clean
    assert not marker.exists(), marker.read_text()


def test_home_folder_hooks_of_reportlab_never_run(tmp_path, clean):
    home = tmp_path / "home"
    home.mkdir()
    marker = tmp_path / "executed"
    for name in (".reportlab_mods", ".reportlab_settings"):
        (home / name).write_text(f"open({str(marker)!r}, 'a').write({name!r})\n")
    assert _build(_project(tmp_path / "a"), cwd=tmp_path, home=home) == clean
    assert not marker.exists(), marker.read_text()


def test_lazy_imports_during_a_command_skip_the_content_folder(tmp_path, monkeypatch):
    """What a command imports late (an optional shaper) cannot come from the content."""
    from handouts.trusted_imports import without_untrusted

    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "handouts_planted_probe.py").write_text("raise SystemExit('imported')\n")
    monkeypatch.syspath_prepend(str(folder))
    with without_untrusted([folder]), pytest.raises(ImportError):
        __import__("handouts_planted_probe")
    assert str(folder) in sys.path  # put back for the host program


@pytest.mark.parametrize("value", ["1234567890", "0", "not-a-number", " ", "99999999999999"])
def test_source_date_epoch_does_not_change_the_bytes_nor_break_the_build(tmp_path, clean, value):
    planted = _build(_project(tmp_path / "a"), cwd=tmp_path, env_extra={"SOURCE_DATE_EPOCH": value})
    assert planted == clean


def test_invariant_timestamp_matches_reportlabs_own_in_a_clean_environment(monkeypatch):
    from reportlab.lib.utils import TimeStamp

    from handouts.render.document import InvariantTimeStamp

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert vars(InvariantTimeStamp(1)) == vars(TimeStamp(1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    assert vars(InvariantTimeStamp(1)) != vars(TimeStamp(1))  # the witness: ReportLab reads it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert InvariantTimeStamp(1).t == 946684800.0
