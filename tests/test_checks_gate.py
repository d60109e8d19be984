"""The gate on whole libraries: the sample passes it, the reference article fails it,
and the command line reports it as a table, JSON or JUnit with the right exit code."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from checks_support import GOOD_HANDOUT, TODAY, content, where

from handouts import cli
from handouts.checks import Status, readability, report
from handouts.checks.run import check_content
from handouts.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
# The shared reference folder sits beside the repository (../shared/reference in CI);
# a git worktree may be nested one level deeper, so look in every parent folder.
ARTICLE = Path("shared") / "reference" / "clinic-article-ketamine.txt"
REFERENCE = next(
    (folder / ARTICLE for folder in ROOT.parents if (folder / ARTICLE).exists()),
    ROOT.parent / ARTICLE,
)
HARD = (
    " The pharmacological characteristics of intravenous administration demonstrate "
    "considerable interindividual variability."
)


def failures(report, *, font_size: bool) -> list[tuple[str, str, str]]:
    return [
        (h.handout, r.rule, r.summary)
        for h in report.handouts
        for r in h.results
        if r.status is Status.FAIL and (r.rule == "font_size") == font_size
    ]


def test_the_sample_library_passes_its_own_gate(sample_check) -> None:
    assert failures(sample_check, font_size=False) == []
    # The sample brochures ask for `fit: shrink`, and check says what it did.
    notes = [str(d) for d in sample_check.diagnostics]
    assert [n for n in notes if "text made smaller to fit" not in n] == []
    assert len(notes) == 2
    # Print rules ran for every handout.
    assert all(h.results[-1].status is not Status.SKIP for h in sample_check.handouts)


def test_the_sample_library_body_text_is_12_pt_or_more(sample_check) -> None:
    assert failures(sample_check, font_size=True) == []


def test_every_sample_handout_reads_at_grade_6_or_below(sample_check) -> None:
    for handout in sample_check.handouts:
        grade = next(r for r in handout.results if r.rule == "readability").measures
        if "fk_grade" in grade:
            assert grade["fk_grade"] <= 6, handout.handout
            assert grade["smog"] <= 8.5, handout.handout
        elif "fernandez_huerta" in grade:  # Spanish: 80 and up is grade 6 or easier
            assert grade["fernandez_huerta"] >= 80, handout.handout
        else:  # Vietnamese, Chinese, Arabic, Russian: no validated formula, no grade
            assert handout.handout.endswith(("-vi", "-zh", "-ar", "-ru")), handout.handout
            assert not any("grade" in key for key in grade), grade


def test_every_sample_handout_scores_90_on_the_clear_communication_index(sample_check) -> None:
    scores = {h.handout: report.cci_score(h) for h in sample_check.handouts}
    assert all(score is not None and score >= 90 for score in scores.values()), scores


def article_as_handout(text: str) -> dict:
    """Lay the web article out as a handout: its headings become sections."""
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    title = next(i for i, b in enumerate(blocks) if b.startswith("How Long Does Ketamine"))
    end = blocks.index("Leave a Comment")
    sections: list[dict] = []
    intro: list = []
    summary: list[str] = []
    for block in blocks[title + 1 : end]:
        is_heading = len(block) < 60 and not block.endswith(".")
        if is_heading:
            sections.append({"heading": block, "body": []})
            continue
        if block.startswith("TL;DR"):
            summary.append(block)
            continue
        if "•" in block:
            items = [i.strip() for i in block.split("•") if i.strip()]
            item: str | dict = {"bullets": items}
        else:
            item = " ".join(block.split())
        (sections[-1]["body"] if sections else intro).append(item)
    return {
        "id": "reference-article",
        "title": blocks[title],
        "reviewed": TODAY.isoformat(),
        "summary": summary,
        "intro": intro,
        "sections": [s for s in sections if s["body"]],
        "call_to_action": "Call us to learn more.",
    }


@pytest.mark.skipif(
    not REFERENCE.exists(),
    reason=f"the reference article is not at {REFERENCE} (../shared/reference/ beside the repo)",
)
def test_the_reference_article_laid_out_as_a_handout_fails_the_gate(tmp_path: Path) -> None:
    handout = article_as_handout(REFERENCE.read_text(encoding="utf-8"))
    clinic = yaml.safe_load(content(GOOD_HANDOUT))["clinic"]
    path = tmp_path / "content.yaml"
    path.write_text(
        yaml.safe_dump({"clinic": clinic, "handouts": [handout]}, allow_unicode=True),
        encoding="utf-8",
    )
    report = check_content(BuildOptions(content=path), today=TODAY)
    assert report.failed
    outcome = next(r for r in report.handouts[0].results if r.rule == "readability")
    assert outcome.status is Status.FAIL
    # College level, as the issue measured it (FK 14.2, SMOG 15.7 with textstat).
    assert outcome.measures["fk_grade"] > 12
    assert outcome.measures["smog"] > 13
    statuses = {r.rule: r.status for r in report.handouts[0].results}
    assert statuses["long_sentences"] is Status.WARN
    assert statuses["long_paragraphs"] is Status.WARN


# ---------------------------------------------------------------- command line


@pytest.fixture
def library_dir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    # Bullets rather than a checklist: the layout cannot print checklists yet.
    text = content(GOOD_HANDOUT).replace("checklist", "bullets")
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def make_hard(folder: Path) -> None:
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Try to sleep eight hours.", HARD * 3), encoding="utf-8")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch) -> None:
    """The table is as wide as the terminal: the same width whoever runs the tests."""
    monkeypatch.setenv("COLUMNS", "120")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", "--today", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_exits_0_and_prints_a_table_when_everything_passes(library_dir, capsys) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert re.search(r"│ good\s+│ readability\s+│ pass\s+│ FK grade", out)
    assert "1 handouts checked: 19 passed, 0 warnings, 0 failed, 0 skipped; passed" in out
    assert "PEMAT items a person must still judge: 2 no distracting" in out
    assert "Clear Communication Index (machine-scored items, of 100): good 92" in out
    assert "CDC CCI items a person must still judge: 11 what is known" in out


def test_check_exits_1_when_a_rule_fails_and_0_with_warn_only(library_dir, capsys) -> None:
    make_hard(library_dir)
    code, out, _ = run(capsys)
    assert code == 1
    assert "section 'Why rest helps' pulls the grade up most" in out
    assert re.search(r"│ Why rest helps\s+│ FK grade [\d.]+, SMOG [\d.]+\s+│ pulls the grade", out)
    assert run(capsys, "--warn-only")[0] == 0


def test_json_report_parses_and_says_what_failed(library_dir, capsys) -> None:
    make_hard(library_dir)
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["passed"] is False
    (handout,) = data["handouts"]
    assert handout["id"] == "good" and handout["status"] == "fail"
    rules = {r["rule"]: r for r in handout["rules"]}
    assert set(rules) == {
        "readability", "long_sentences", "long_paragraphs", "long_lists", "jargon", "numbers",
        "structure", "pemat", "cci", "review", "contact_placeholders", "clinic_words",
        "translation", "font_size",
        "fonts_embedded", "glyphs", "contrast", "margins", "pagination",
    }  # fmt: skip
    readable = rules["readability"]
    assert readable["status"] == "fail"
    assert readable["measures"]["fk_grade"] > 8
    finding = readable["findings"][0]
    assert (finding["file"], finding["path"]) == ("content.yaml", "handouts[0].sections[0].heading")
    assert "5 active voice" in data["pemat_needs_a_person"]
    assert "11 what is known and not known about the topic" in data["cci_needs_a_person"]
    # No picture (item 4), and the hard sentence is medical jargon (item 7).
    assert rules["cci"]["measures"]["not_met"] == [4, 7]
    assert rules["jargon"]["findings"][0]["message"].startswith(
        "medical word 'pharmacological' → with medicine: "
    )


def test_junit_report_has_a_case_per_handout_and_rule(library_dir, capsys) -> None:
    make_hard(library_dir)
    code, _, _ = run(capsys, "--junit", "reports/checks.xml")
    assert code == 1
    root = ET.parse(library_dir / "reports" / "checks.xml").getroot()
    assert root.tag == "testsuites"
    # readability and jargon (the hard sentence's medical words) fail; cci only warns.
    assert (root.get("tests"), root.get("failures")) == ("19", "2")
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "good"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert len(cases) == 19
    (score,) = suite.findall("properties/property")
    assert (score.get("name"), score.get("value")) == ("cci_score", "83.3")
    assert (
        cases["cci"]
        .find("system-out")
        .text.startswith("warn: 83 of 100 on 12 machine-scored items (min 90)\n")
    )
    failure = cases["readability"].find("failure")
    assert failure is not None and "pulls the grade up most" in failure.text
    assert cases["margins"].find("failure") is None
    assert (
        cases["long_sentences"].find("system-out").text == "pass: no sentence longer than 20 words"
    )


def test_check_selected_ids_and_unknown_id_is_a_usage_error(library_dir, capsys) -> None:
    code, out, _ = run(capsys, "good", "--format", "json")
    assert code == 0 and [h["id"] for h in json.loads(out)["handouts"]] == ["good"]
    code, _, err = run(capsys, "goood")
    assert code == 2
    assert err.strip() == "handouts: no handout with id 'goood'; did you mean 'good'?"


def test_stale_content_fails_on_the_day_after_review_is_due(library_dir, capsys) -> None:
    code = cli.main(["check", "--today", "2027-10-02"])
    out = capsys.readouterr().out
    assert code == 1
    assert "content is stale: review was due 2027-10-01 (1 days ago)" in out


def test_broken_content_is_exit_1_with_the_usual_one_line_error(library_dir, capsys) -> None:
    path = library_dir / "content.yaml"
    path.write_text(path.read_text().replace("title:", "titel:"), encoding="utf-8")
    code, out, err = run(capsys)
    assert code == 1
    text = path.read_text()
    assert err.splitlines() == [
        f"{where(text, 'titel')}: handouts[0].titel: unknown key 'titel' (did you mean 'title'?)",
    ]
    assert "0 handouts checked" in out
    code, out, _ = run(capsys, "--format", "json")
    messages = [d["message"] for d in json.loads(out)["diagnostics"]]
    assert messages == ["unknown key 'titel'"]


def test_a_bad_date_is_a_usage_error(library_dir, capsys) -> None:
    assert cli.main(["check", "--today", "tomorrow"]) == 2
    assert "'tomorrow' is not a date written as YYYY-MM-DD" in capsys.readouterr().err


def test_build_prints_each_handouts_grade_beside_its_file(library_dir, capsys) -> None:
    assert cli.main(["build"]) == 0
    scores = readability.score(
        [
            "Rest helps your body heal.",
            "Call us if you feel worse.",
            "Your body fixes itself while you sleep. Try to sleep eight hours.",
            "Go to bed at the same time each night.",
            "Keep your room dark and cool.",
            "I slept well last night.",  # a bullet here; a checklist in GOOD_HANDOUT
            "Call us if you have questions.",
        ],
        "en",
    )
    assert scores is not None
    assert capsys.readouterr().out.splitlines()[0] == (
        f"wrote out/good.pdf (1 page; {scores.label()})"
    )


@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize(
    "heading",
    ["[draft] Why rest helps", "Why [bold red]rest[/] helps", "[link=https://x.example]Why[/link]"],
)
def test_content_prints_as_text_in_the_table_never_as_console_markup(
    library_dir, heading, color
) -> None:
    make_hard(library_dir)
    path = library_dir / "content.yaml"
    quoted = yaml.safe_dump(heading).strip().removesuffix("...").strip()
    path.write_text(path.read_text().replace("Why rest helps", quoted), encoding="utf-8")
    from handouts.checks import report as report_module
    from handouts.checks.run import check_content

    result = check_content(BuildOptions(content=path), today=TODAY)
    table = report_module.table(result, color=color, width=200)
    plain = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\\\", "", table)
    assert f"│ {heading} " in plain
    assert f"section '{heading}' pulls the grade up most" in plain
    assert "\x1b]8;" not in table  # no hyperlink escape from content
