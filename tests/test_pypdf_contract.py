"""Every private pypdf name the code touches, in one list: a version bump fails here.

The print station's sets and stamps are written with pypdf (`render.combine`,
`render.overlay`), which adds a copied object to a writer only through an
undocumented method. As for ReportLab (test_reportlab_contract), the scan
finds every private attribute that the modules importing pypdf use and that
pypdf's own source knows; the list must match it, and each listed name must
still exist in the installed pypdf.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pypdf
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "handouts"

# name -> what we use it for
PRIVATE = {
    "_add_object": "combine and overlay: a copied object (a structure element) joins the writer",
}
# Keys pypdf invents for its own objects ("/%...%"), read as strings.
PRIVATE_KEYS = {
    "/%is_open%": "combine: whether a part's outline entry is open (pypdf drops its /Count)",
}


def _pypdf_identifiers() -> set[str]:
    root = Path(pypdf.__file__).parent
    text = "\n".join(p.read_text(errors="ignore") for p in root.rglob("*.py"))
    return set(re.findall(r"\b_[A-Za-z]\w*", text))


def _private_names_used() -> set[str]:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        if "pypdf" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            private = isinstance(node, ast.Attribute) and node.attr.startswith("_")
            if private and not node.attr.startswith("__"):
                used.add(node.attr)
    return used & _pypdf_identifiers()


def test_the_list_of_private_pypdf_names_is_complete_and_exact():
    assert _private_names_used() == set(PRIVATE)


def _private_keys_used() -> set[str]:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        if "pypdf" in source:
            used.update(re.findall(r'"(/%\w+%)"', source))
    return used


def test_the_keys_pypdf_invents_that_the_code_reads_are_listed_and_still_pypdfs():
    assert _private_keys_used() == set(PRIVATE_KEYS)
    root = Path(pypdf.__file__).parent
    text = "\n".join(p.read_text(errors="ignore") for p in root.rglob("*.py"))
    assert [key for key in PRIVATE_KEYS if key not in text] == []


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_each_listed_name_exists_in_this_pypdf(name):
    assert hasattr(pypdf.PdfWriter, name), f"pypdf {pypdf.__version__} has no {name}"
