"""`check` and `build` choose and render alike: the same selection, the same options.

A library that fails to build for a sister clinic, on A4 or with a lower
limit must fail `check` with the same options; globs, tags and languages
choose the same handouts in both.
"""

from __future__ import annotations

import copy
import json

import pytest
from helpers import CLINIC, handout, library, run_main, section, write_content


def _two_clinics():
    spanish = {"tagline": "Atención integral", "disclaimer": "Solo para informarle."}
    spanish["accreditation"] = "Proveedor acreditado"
    sister = copy.deepcopy(CLINIC)
    sister["translations"] = {"es": spanish}
    sister["name"] = "Seaside Wellness"
    del sister["contact"]["address"]  # {clinic.address} cannot be filled for Seaside
    home = copy.deepcopy(CLINIC)
    home["translations"] = {"es": spanish}
    data = {
        "clinics": {"harbor": home, "seaside": sister},
        "handouts": [
            handout(
                "visit",
                section("Where we are", "Find us at {clinic.address}."),
                tags=["visits"],
            ),
            handout("sleep-well", tags=["sleep"]),
            handout("sleep-es", language="es", tags=["sleep"], title="Dormir"),
        ],
    }
    return data


def checked(tmp_path, *args: str):
    write_content(tmp_path, _two_clinics())
    result = run_main("check", "--format", "json", "--today", "2026-10-02", *args, cwd=tmp_path)
    report = json.loads(result.stdout) if result.stdout.strip() else None
    return result, report


def built(tmp_path, *args: str):
    write_content(tmp_path, _two_clinics())
    return run_main("build", "--no-catalogue", *args, cwd=tmp_path)


def checked_ids(report) -> list[str]:
    return sorted(h["id"] for h in report["handouts"])


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ((), ["sleep-es", "sleep-well", "visit"]),
        (("sleep-*",), ["sleep-es", "sleep-well"]),
        (("--tag", "visits"), ["visit"]),
        (("--language", "es"), ["sleep-es"]),
        (("sleep-*", "--language", "en"), ["sleep-well"]),
    ],
)
def test_check_selects_what_build_selects(tmp_path, args, ids):
    result, report = checked(tmp_path / "check", *args)
    assert result.returncode == 0, result.stderr
    assert checked_ids(report) == ids
    build = built(tmp_path / "build", *args)
    assert build.returncode == 0, build.stderr
    assert sorted(p.stem for p in (tmp_path / "build" / "out").glob("*.pdf")) == ids


def test_a_clinic_the_build_cannot_print_for_fails_check_too(tmp_path):
    build = built(tmp_path / "build", "--clinic", "seaside")
    assert build.returncode == 1
    assert "{clinic.address}" in build.stderr
    result, _ = checked(tmp_path / "check", "--clinic", "seaside")
    assert result.returncode == 1
    assert "{clinic.address}" in result.stdout  # the JSON report lists it
    result, _ = checked(tmp_path / "home", "--clinic", "harbor")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nosuch",), "no handout with id 'nosuch'"),
        (("--clinic", "nowhere"), "no clinic with id 'nowhere'"),
        (("--tag", "none"), "no handout matches tag 'none'"),
    ],
)
def test_check_and_build_refuse_the_same_selection_with_the_same_line(tmp_path, args, message):
    result, _ = checked(tmp_path / "check", *args)
    build = built(tmp_path / "build", *args)
    assert result.returncode == build.returncode == 2
    assert message in result.stderr and message in build.stderr


def test_a_limit_the_build_refuses_fails_check_too(tmp_path):
    args = ("--limit", "max_handout_words=5")
    assert built(tmp_path / "build", *args).returncode == 1
    result, _ = checked(tmp_path / "check", *args)
    assert result.returncode == 1
    assert "the limit is 5" in result.stdout


def test_check_takes_paper_and_grayscale_as_build_does(tmp_path):
    result, report = checked(
        tmp_path, "visit", "--paper", "a4", "--grayscale", "--clinic", "harbor"
    )
    assert result.returncode == 0, result.stderr
    assert checked_ids(report) == ["visit"]


def test_verbose_says_what_is_built_and_why(tmp_path):
    write_content(tmp_path, library(handout("one")))
    first = run_main("-v", "build", "--no-catalogue", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "handouts: building one.pdf: not built before" in first.stderr
    again = run_main("-v", "build", "--no-catalogue", cwd=tmp_path)
    assert "handouts: 0 to build, 1 unchanged" in again.stderr
    quiet = run_main("build", "--no-catalogue", "--force", cwd=tmp_path)
    assert "handouts: building" not in quiet.stderr
