"""Every private ReportLab name the code touches, in one list: a version bump fails here.

ReportLab 5.1 is pinned because tagging, fragments, pictures and a few
layout decisions read or override its internals. The scan below finds every
private name (`_name`) that our code uses as an attribute (or names in a
`getattr`, `hasattr` or `setattr`), imports from
ReportLab or overrides as a method, and that ReportLab's own source knows;
the list must match it exactly, so a new use of an internal is written
down here, and each listed name must still exist in the installed ReportLab.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
import reportlab

PACKAGE = Path(__file__).resolve().parents[1] / "handouts"

# name -> what we use it for
PRIVATE = {
    "_ZEROSIZE": "flowables: a place marker always fits its frame and never starts a page",
    "_addAnnotation": "tagging: link annotations join the structure tree",
    "_argW": "flowables: a table's column widths, widened to its column",
    "_annotationCount": "tagging: naming annotations as ReportLab does",
    "_atTop": "blocks: a panel break at the top of a frame does nothing",
    "_cellvalues": "tagging: table cells become TH/TD",
    "_code": "tagging, pictures and gray ink: the page's content operators",
    "_colWidths": "flowables: a table's column widths, widened to its column",
    "_content": "tagging and blocks: a list's items",
    "_currentPageHasImages": "pictures: an image drawn once per process",
    "_dataA": "pictures: a raster's alpha channel",
    "_digester": "pictures: names an image as drawImage would",
    "_digiSigs": "pdfwrite: a signed document is written by ReportLab's own loop",
    "_doc": "tagging and pictures: the canvas's PDF document",
    "_doSave": "document: a build leaves the canvas unsaved; balancing writes only the layout kept",
    "_fillColorObj": "textflow: furniture text drawn in the colour the canvas has",
    "_formData": "tagging: text inside a form XObject (the page total) is its user's",
    "_formsinuse": "pictures: a form XObject used on the page",
    "_generated_content": "document: a frame's content to add, None by default (no lookup miss)",
    "_hAlignAdjust": "textflow: drawn where Flowable.drawOn would put it (its hAlign)",
    "_height": "fit: the height of a table split by rows, for the overflow report",
    "_lineRepeats": "frags: underline kinds, as the parser records them",
    "_nameSpace": "document: emptied after a build, so no cycle keeps the document alive",
    "_linkRecord": "tagging: where a paragraph's link text starts and ends",
    "_pdfVersion": "tagging: the header says PDF 1.5 (pages carry /Tabs); pdfwrite writes it",
    "_rowHeights": "blocks: a table's header height for keep-with-next",
    "_setAnnotations": "tagging: annotations of a page join its /StructParents",
    "_setXObjects": "pictures: image objects shared between documents",
    "_ttf_data": "form fields: the whole font file, embedded for what a patient types",
    "_width_calculated_once": "flowables: a widened table measures its columns again",
    "_y": "spacing and balancing: a frame's cursor (where the closing starts, where a panel ends)",
}

# Private names of our own that ReportLab's source happens to use as well.
OURS = {
    "_add",
    "_align",
    "_bbox",
    "_build",
    "_catalog",
    "_copy",
    "_drawing",
    "_encode",
    "_frame",
    "_image",
    "_key",
    "_kind",
    "_line",
    "_lines",
    "_n",
    "_name",
    "_parent",
    "_pattern",
    "_patterns",
    "_pos",
    "_positions",
    "_stack",
    "_stream",
    "_table",
    "_text",
    "_top",
    "_value",
    "_values",
    "_words",
}


def _reportlab_identifiers() -> set[str]:
    root = Path(reportlab.__file__).parent
    text = "\n".join(p.read_text(errors="ignore") for p in root.rglob("*.py"))
    return set(re.findall(r"\b_[A-Za-z]\w*", text))


def _named_attribute(node: ast.AST) -> bool:
    """A `getattr`, `hasattr` or `setattr` call that names its attribute in a string."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("getattr", "hasattr", "setattr")
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
    )


def _private_names_used() -> set[str]:
    known = _reportlab_identifiers()
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute):
                names = [node.attr]
            elif _named_attribute(node):  # getattr(doc, "_digiSigs", None) and the like
                names = [node.args[1].value]  # type: ignore[attr-defined]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.FunctionDef):
                names = [node.name]
            elif isinstance(node, ast.ClassDef):  # class attributes that ReportLab reads
                names = [
                    target.id
                    for stmt in node.body
                    if isinstance(stmt, ast.Assign | ast.AnnAssign)
                    for target in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
                    if isinstance(target, ast.Name)
                ]
            else:
                continue
            used.update(n for n in names if n.startswith("_") and not n.startswith("__"))
    return used & known


def test_the_list_of_private_reportlab_names_is_complete_and_exact():
    assert _private_names_used() - OURS == set(PRIVATE)


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_each_listed_name_exists_in_this_reportlab(name):
    assert name in _reportlab_identifiers(), f"ReportLab {reportlab.Version} has no {name}"


def test_reportlab_is_imported_only_by_the_render_package():
    outside = []
    for path in PACKAGE.rglob("*.py"):
        if "render" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                modules = [node.module or ""]
            else:
                continue
            outside += [f"{path.name}: {m}" for m in modules if m.split(".")[0] == "reportlab"]
    assert outside == []


def test_the_model_and_options_load_neither_reportlab_nor_pil():
    import subprocess

    probe = (
        "import sys, handouts.model, handouts.options, handouts.markup;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'PIL'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert out.stdout.strip() == "[]"


def test_a_render_leaves_reportlabs_configuration_as_it_found_it(tmp_path):
    from helpers import handout, library, section, write_content
    from reportlab import rl_config
    from reportlab.platypus import paragraph

    from handouts.api import open_project, render_pdf

    project, _ = open_project(write_content(tmp_path, library(handout("h", section("A", "b")))))
    rl_config.invariant = 0  # as a host program might set it
    config = {name: getattr(rl_config, name) for name in dir(rl_config) if name[0] != "_"}
    same_frag = paragraph.sameFrag
    try:
        pdf = render_pdf(project, project.library.by_id["h"]).data
        assert b"/CreationDate (D:20000101000000" in pdf  # rendered with ours (invariant)
        assert paragraph.sameFrag is same_frag
        assert {name: getattr(rl_config, name) for name in config} == config
    finally:
        rl_config.invariant = 1
