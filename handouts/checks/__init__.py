"""`generate.py check`: a health-literacy and print-quality gate (docs/checks.md).

Model-level rules read the validated content; print rules read the PDF the
layout produced. The library returns a `CheckReport`; `report` turns it into a
table, JSON or JUnit XML, and only the command line decides the exit code.
"""

from .gate import RULE_NAMES, Printed, check_library, grade_labels
from .printing import PrintSpec, print_spec
from .results import CheckReport, HandoutReport, RuleResult, Status

__all__ = [
    "RULE_NAMES",
    "CheckReport",
    "HandoutReport",
    "PrintSpec",
    "Printed",
    "RuleResult",
    "Status",
    "check_library",
    "grade_labels",
    "print_spec",
]
