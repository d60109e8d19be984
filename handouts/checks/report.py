"""The gate's report as a terminal table, JSON or JUnit XML.

Each function returns text; the command line decides where it goes. Every
cell of the terminal table is a `rich.text.Text`, never a string rich would
read as console markup: a heading "[draft] Sleep" prints as written, and
content cannot recolour or hide parts of the report.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import cci
from .readability import LABELS, shown
from .results import CheckReport, HandoutReport, Status
from .structure import NEEDS_A_PERSON

_STYLE = {
    Status.PASS: "green",
    Status.WARN: "yellow",
    Status.FAIL: "bold red",
    Status.OFF: "dim",
    Status.SKIP: "dim",
}


def table(report: CheckReport, *, color: bool = False, width: int = 100) -> str:
    """A table of handout x rule with pass/warn/fail, then every finding.

    Problems with the content itself (`report.diagnostics`) are left to the
    caller, which prints them as `build` does.
    """
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=color, no_color=not color, highlight=False
    )
    grid = Table(title="Health-literacy and print check", title_justify="left")
    for name in ("Handout", "Rule", "Status", "Result"):
        grid.add_column(name, overflow="fold")
    for handout in report.handouts:
        for i, result in enumerate(handout.results):
            grid.add_row(
                Text(handout.handout if i == 0 else ""),
                Text(result.rule),
                Text(str(result.status), style=_STYLE[result.status]),
                Text(result.summary),
                end_section=i == len(handout.results) - 1,
            )
    if report.handouts:
        console.print(grid)
    by_section = _sections_table(report)
    if by_section.row_count:
        console.print(by_section)
    for handout in report.handouts:
        findings = [str(f) for result in handout.results for f in result.findings]
        if findings:  # under its id: a page-break finding quotes none of its words
            console.print(f"{handout.handout} ({handout.title}):", style="bold", markup=False)
        for finding in findings:
            console.print(finding, markup=False, soft_wrap=True)
    counts = report.counts()
    verdict = "FAILED" if report.failed else "passed"
    console.print(
        f"{len(report.handouts)} handouts checked: {counts['pass']} passed, "
        f"{counts['warn']} warnings, {counts['fail']} failed, "
        f"{counts['skip'] + counts['off']} skipped; {verdict}",
        markup=False,
        soft_wrap=True,
    )
    scores = [(h.handout, cci_score(h)) for h in report.handouts]
    scored = ", ".join(f"{hid} {score:.0f}" for hid, score in scores if score is not None)
    if scored:
        console.print(
            f"Clear Communication Index (machine-scored items, of 100): {scored}",
            markup=False,
            soft_wrap=True,
        )
    for instrument, items in (("PEMAT", NEEDS_A_PERSON), ("CDC CCI", cci.NEEDS_A_PERSON)):
        console.print(
            f"{instrument} items a person must still judge: " + "; ".join(items),
            style="dim",
            markup=False,
        )
    return out.getvalue()


def cci_score(handout: HandoutReport) -> float | None:
    """The handout's Clear Communication Index total, if the rule ran."""
    found = next((r for r in handout.results if r.rule == "cci"), None)
    score = found.measures.get("score") if found else None
    return score if isinstance(score, int | float) else None


def _sections_table(report: CheckReport) -> Table:
    """Each section's own grade, so an editor knows where to start rewriting."""
    grid = Table(title="Reading grade by section", title_justify="left")
    for name in ("Handout", "Section", "Grade", ""):
        grid.add_column(name, overflow="fold")
    for handout in report.handouts:
        found = next((r for r in handout.results if r.rule == "readability"), None)
        sections = found.measures.get("sections", []) if found else []
        for i, section in enumerate(sections):
            scores = ", ".join(shown(key, value) for key, value in section.items() if key in LABELS)
            if "grade" in section:  # a reading ease, which is no grade: the band's beside it
                scores += f" (≈ grade {section['grade']:g})"
            hardest = section["heading"] == found.measures.get("hardest_section")
            grid.add_row(
                Text(handout.handout if i == 0 else ""),
                Text(section["heading"]),
                Text(scores),
                Text("pulls the grade up most" if hardest else ""),
                end_section=i == len(sections) - 1,
            )
    return grid


def to_json(report: CheckReport) -> str:
    data = report.to_json()
    data["pemat_needs_a_person"] = list(NEEDS_A_PERSON)
    data["cci_needs_a_person"] = list(cci.NEEDS_A_PERSON)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def junit(report: CheckReport) -> str:
    """JUnit XML: one test suite per handout, one test case per rule."""
    counts = report.counts()
    root = ET.Element(
        "testsuites",
        name="handouts check",
        tests=str(sum(counts.values())),
        failures=str(counts["fail"]),
        skipped=str(counts["skip"] + counts["off"]),
    )
    for handout in report.handouts:
        results = handout.results
        suite = ET.SubElement(
            root,
            "testsuite",
            name=handout.handout,
            tests=str(len(results)),
            failures=str(sum(r.status is Status.FAIL for r in results)),
            skipped=str(sum(r.status in (Status.SKIP, Status.OFF) for r in results)),
        )
        score = cci_score(handout)
        if score is not None:
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="cci_score", value=f"{score:g}")
        for result in results:
            case = ET.SubElement(
                suite, "testcase", classname=f"handouts.{handout.handout}", name=result.rule
            )
            details = "\n".join(str(f) for f in result.findings)
            if result.status is Status.FAIL:
                failure = ET.SubElement(case, "failure", message=result.summary, type="fail")
                failure.text = details
            elif result.status in (Status.SKIP, Status.OFF):
                ET.SubElement(case, "skipped", message=result.summary)
            else:
                ET.SubElement(case, "system-out").text = "\n".join(
                    filter(None, [f"{result.status}: {result.summary}", details])
                )
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
