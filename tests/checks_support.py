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


def library(text: str, base_dir: Path = Path(".")) -> Validated:
    """Validate a content file given as a (dedented) YAML string."""
    source = parse(textwrap.dedent(text), "content.yaml")
    result = validate(source.data, source.source_map, base_dir)
    assert [str(d) for d in result.diagnostics] == []
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
