"""`generate.py check`: a health-literacy and print-quality gate (docs/checks.md).

Model-level rules read the validated content; print rules read the PDF the
layout produced. The library returns a `CheckReport`; `report` turns it into a
table, JSON or JUnit XML, and only the command line decides the exit code.
"""

import importlib
from typing import Any

# Loaded on first use (PEP 562): `build` asks only for the reading grade, and
# the print rules' PDF readers (PDFium and pypdf) would add ~0.1 s to every start.
_EXPORTS = {
    "RULE_NAMES": "gate",
    "Printed": "gate",
    "check_library": "gate",
    "PrintSpec": "printing",
    "print_spec": "printing",
    "CheckReport": "results",
    "HandoutReport": "results",
    "RuleResult": "results",
    "Status": "results",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "RULE_NAMES",
    "CheckReport",
    "HandoutReport",
    "PrintSpec",
    "Printed",
    "RuleResult",
    "Status",
    "check_library",
    "print_spec",
]
