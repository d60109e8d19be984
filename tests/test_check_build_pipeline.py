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


# ------------------------------------------------------------ --format: PDF formats and reports


def _rules(report) -> list[str]:
    return [r["rule"] for r in report["handouts"][0]["rules"]]


def test_check_format_judges_large_print_as_build_builds_it(tmp_path):
    """`formats:` does not list large print; `--format large-print` asks for it, in both."""
    write_content(tmp_path, library(handout("one")))
    build = run_main("build", "--no-catalogue", "--format", "large-print", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["one-large-print.pdf"]
    result = run_main("check", "--format", "large-print", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = _rules(json.loads(result.stdout))
    assert "font_size[large-print]" in rules and "pagination[large-print]" in rules
    assert "font_size" not in rules  # only the formats asked for, as build
    table = run_main("check", "--format", "large-print", cwd=tmp_path)
    assert "font_size[large-print]" in table.stdout and "smallest body text 18 pt" in table.stdout


def test_check_format_still_chooses_the_report(tmp_path):
    write_content(tmp_path, library(handout("one", formats=["handout", "trifold"])))
    report = json.loads(run_main("check", "--format", "json", cwd=tmp_path).stdout)
    assert {"font_size", "font_size[trifold]"} <= set(_rules(report))  # every listed format
    table = run_main("check", "--format", "table", cwd=tmp_path).stdout
    assert "Health-literacy and print check" in table and not table.lstrip().startswith("{")
    both = run_main("check", "--format", "handout", "--format", "json", cwd=tmp_path)
    assert "font_size[trifold]" not in _rules(json.loads(both.stdout))


def test_check_format_refuses_what_build_refuses(tmp_path):
    write_content(tmp_path, library(handout("one")))
    result = run_main("check", "--format", "bifold", cwd=tmp_path)
    build = run_main("build", "--format", "bifold", cwd=tmp_path)
    assert result.returncode == build.returncode == 2
    assert (
        result.stderr
        == build.stderr
        == (
            "handouts: no handout lists the format 'bifold'; add it to a handout's formats: "
            "list, e.g. formats: [handout, bifold]\n"
        )
    )
    for command in ("check", "build"):
        unknown = run_main(command, "--format", "pdf", cwd=tmp_path)
        assert unknown.returncode == 2
        assert "argument --format: invalid choice: 'pdf'" in unknown.stderr
    two = run_main("check", "--format", "json", "--format", "table", cwd=tmp_path)
    assert two.returncode == 2
    assert "handouts: --format: choose one report format, table or json" in two.stderr


def test_report_format_names_are_no_pdf_format_names():
    from handouts.cli import REPORT_FORMATS
    from handouts.formats import FORMAT_NAMES

    assert not set(REPORT_FORMATS) & set(FORMAT_NAMES)


# ------------------------------------------------------------ where a page-break warning points

FILLER = (
    "Relief can come fast for some people. It may fade over days or weeks. Your care "
    "team will plan the next steps with you and check how you feel at each visit."
)


def _closing_alone():
    """Four short parts: the closing is too tall for what page 1 has left."""
    parts = [
        section(f"Part {i + 1}", FILLER, {"bullets": ["**Sleep:** rest.", "**Move:** walk."]})
        for i in range(4)
    ]
    return library(handout("first", section("Rest")), handout("tight", *parts))


def test_a_page_break_warning_says_where_and_which_handout_as_build_does(tmp_path):
    write_content(tmp_path, _closing_alone())
    build = run_main("build", "--no-catalogue", cwd=tmp_path)
    (said,) = [line for line in build.stderr.splitlines() if "holds only" in line]
    assert said.startswith("content.yaml:") and ": warning: handouts[1].sections: page 2" in said
    text = run_main("check", cwd=tmp_path).stdout.splitlines()
    assert said in text  # the very line build prints: file:line:col, path, message, hint
    heading = next(i for i, line in enumerate(text) if line == "tight (About tight):")
    assert heading < text.index(said)
    assert all(not line.endswith("):") for line in text[heading + 1 : text.index(said)])
    report = json.loads(run_main("check", "--format", "json", cwd=tmp_path).stdout)
    (found,) = [
        f
        for h in report["handouts"]
        for r in h["rules"]
        if r["rule"] == "pagination"
        for f in r["findings"]
    ]
    line, column = (int(n) for n in said.split(":")[1:3])
    assert (found["file"], found["line"], found["column"]) == ("content.yaml", line, column)
    assert (found["handout"], found["path"]) == ("tight", "handouts[1].sections")


def test_a_print_finding_in_another_format_names_the_format_and_the_handout(tmp_path):
    write_content(tmp_path, library(handout("short", formats=["trifold"])))
    report = json.loads(run_main("check", "--format", "json", cwd=tmp_path).stdout)
    (rule,) = [r for r in report["handouts"][0]["rules"] if r["rule"] == "pagination[trifold]"]
    (found,) = rule["findings"]
    assert found["message"].startswith("trifold: inside panels ")
    assert (found["file"], found["path"], found["handout"]) == (
        "content.yaml",
        "handouts[0]",
        "short",
    )
    assert found["line"] and found["column"]
