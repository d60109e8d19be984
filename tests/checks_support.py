"""Small purpose-built libraries for the check tests, written as YAML strings."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from handouts.checks import CheckReport, Printed, check_library
from handouts.load import parse
from handouts.validate import Validated, validate

TODAY = dt.date(2026, 11, 25)

CLINIC = """\
clinic:
  name: Test Clinic
  contact: {phone: "(555) 010-0100"}
  disclaimer: This handout is general information, not medical advice.
"""

GOOD_HANDOUT = """\
  - id: good
    title: Rest helps you heal
    reviewed: 2026-10-01
    summary:
      - Rest helps your body heal.
      - Call us if you feel worse.
    sections:
      - heading: Why rest helps
        body:
          - Your body fixes itself while you sleep. Try to sleep eight hours.
      - heading: What you can do
        body:
          - steps:
              - Go to bed at the same time each night.
              - Keep your room dark and cool.
          - checklist:
              - I slept well last night.
    call_to_action: Call us if you have questions.
"""


def content(*handouts: str, settings: str = "") -> str:
    """A content file: the test clinic, library settings, then the handouts."""
    return CLINIC + textwrap.dedent(settings) + "handouts:\n" + "".join(handouts)


def library(text: str, base_dir: Path = Path(".")) -> Validated:
    """Validate a content file given as a (dedented) YAML string."""
    source = parse(textwrap.dedent(text), "content.yaml")
    result = validate(source.data, source.source_map, base_dir)
    problems = [str(d) for d in result.diagnostics]
    assert problems == [], problems
    return result


def check(
    text: str,
    *,
    today: dt.date = TODAY,
    printed: dict[str, Printed] | None = None,
) -> CheckReport:
    return check_library(library(text), today=today, printed=printed)


def result(report: CheckReport, rule: str, handout: int = 0):
    return next(r for r in report.handouts[handout].results if r.rule == rule)


def where(text: str, needle: str) -> str:
    """`content.yaml:LINE:COL` of the first line containing `needle`, where it starts."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return f"content.yaml:{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} is not in the content")


def handout(hid: str = "h", *, sections: str, extra: str = "", summary: str = "") -> str:
    """A handout entry with the given YAML for its sections (indented 6 spaces)."""
    summary = summary or "      - Rest helps your body heal.\n"
    return (
        f"  - id: {hid}\n"
        f"    title: A test handout\n"
        f"    reviewed: 2026-10-01\n"
        f"{textwrap.indent(textwrap.dedent(extra), '    ')}"
        f"    summary:\n{summary}"
        f"    sections:\n{textwrap.indent(textwrap.dedent(sections), '      ')}"
        f"    call_to_action: Call us if you have questions.\n"
    )


def one_section(body: str, heading: str = "What to expect") -> str:
    """The YAML of one section with the given body lines (indented 4 spaces)."""
    return f"- heading: {heading}\n  body:\n{body}"
