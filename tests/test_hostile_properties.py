"""Any input has one of two outcomes: PDFs, or positioned one-line errors.

Hypothesis generates content trees (mostly well-formed, so they reach the
layouts, with junk mixed in), strings with control characters, emoji,
right-to-left text, 10,000-character words, empty sections and deep nesting.
Examples are few and derandomized: the suite stays fast and repeatable.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from helpers import CLINIC, run_cli, run_main, write_content
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from handouts.api import build
from handouts.diagnostics import EnvironmentProblem, is_invisible
from handouts.model import BLOCK_KINDS
from handouts.options import BuildOptions

settings.register_profile(
    "hostile",
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HOSTILE = settings.get_profile("hostile")

POSITIONED = re.compile(r"^content\.yaml:\d+:\d+: \S")

# -------------------------------------------------------------- strategies

NASTY = [
    "\x00",
    "\x1b[31m",
    "\x07",
    "\x7f",
    "\u202e",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\ud7ff",
    "😀",
    "👩‍⚕️",
    "שלום",
    "مرحبا",
    "<b>",
    "</para>",
    "<img src='/etc/passwd'/>",
    "&amp;",
    "&#0;",
    "&nbsp;",
    "**",
    "_",
    "[x](javascript:alert(1))",
    "[x](https://ok.example)",
    "\t",
    "\n",
    "   ",
    "%s%n{0}",
]
# Mostly what the font can print (so layouts are reached), sometimes anything.
latin = st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_categories=("Cc", "Cf"))
anything = st.characters(codec="utf-8", exclude_categories=("Cs",))
words = st.one_of(
    st.text(alphabet=latin, min_size=1, max_size=12),
    st.text(alphabet=latin, min_size=1, max_size=12),
    st.text(alphabet=anything, min_size=0, max_size=12),
)
# Inline markup that prints as typed: characters ReportLab's parser would read.
MARKUP = ["<b>", "</para>", "<img src='/etc/passwd'/>", "&amp;", "&#0;", "**", "_", "&nbsp;"]
hostile_text = st.lists(
    st.one_of(
        words,
        words,
        st.sampled_from(MARKUP),
        st.sampled_from(NASTY),
        st.just("word " * 3),
        st.integers(10_000, 10_002).map(lambda n: "x" * n),  # a 10,000-character word
    ),
    min_size=1,
    max_size=5,
).map(" ".join)
# Printable text full of ReportLab markup: reaches the layouts and must print as typed.
markup_text = st.lists(
    st.one_of(st.text(alphabet=latin, min_size=1, max_size=12), st.sampled_from(MARKUP)),
    min_size=1,
    max_size=6,
).map(" ".join)
text = st.one_of(markup_text, markup_text, hostile_text)
scalar = st.one_of(text, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())


def nested(depth: int = 3):
    """Junk of any shape: where content expects a string, a deep list appears."""
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)
        ),
        max_leaves=8,
    )


texts = st.lists(text, min_size=0, max_size=3)


def block():
    return st.one_of(
        text,
        st.builds(lambda t: {"bullets": t}, texts),
        st.builds(lambda t: {"steps": t}, texts),
        st.builds(lambda t: {"subheading": t}, text),
        st.builds(
            lambda k, t, b: {"callout": {"kind": k, "title": t, "body": b}},
            st.sampled_from(["tip", "warning", "when-to-call", "key-points", "nope"]),
            text,
            texts,
        ),
        st.builds(lambda t, d: {"definitions": [{"term": t, "definition": d}]}, text, text),
        st.builds(lambda t, b: {"quote": {"text": t, "by": b}}, text, text),
        st.builds(
            lambda h, r, c: {"table": {"header": h, "rows": [r], "caption": c}}, texts, texts, text
        ),
        st.builds(lambda k, v: {k: v}, st.sampled_from(BLOCK_KINDS), nested()),
        nested(),
    )


section = st.fixed_dictionaries(
    {
        "heading": text,
        "body": st.one_of(*[st.lists(block(), min_size=1, max_size=4)] * 7, st.just([])),
    }
)
handout = st.fixed_dictionaries(
    {
        "id": st.one_of(st.just("h"), st.just("h"), text),
        "title": text,
        "reviewed": st.sampled_from(["2026-10-01"] * 6 + ["2026-02-30", "soon", 20261001]),
        "summary": texts,
        "sections": st.lists(section, min_size=1, max_size=3),
    },
    optional={
        "subtitle": text,
        "intro": st.lists(block(), max_size=2),
        "call_to_action": text,
        "language": st.sampled_from(["en", "es", "xx-!!"]),
        "tags": texts,
        "formats": st.lists(st.sampled_from(["handout", "trifold", "bifold"]), max_size=2),
    },
)
# Sometimes a key the model does not know, with junk under it.
handout = st.builds(
    lambda h, extra: {**extra, **h},
    handout,
    st.one_of(st.just({}), st.just({}), st.just({}), st.dictionaries(text, nested(), max_size=1)),
)
clinic = st.fixed_dictionaries(
    {"name": st.one_of(st.just(CLINIC["name"]), text), "disclaimer": text},
    optional={
        "tagline": text,
        "accreditation": text,
        "disclaimer_short": text,
        "contact": st.fixed_dictionaries(
            {},
            optional={
                "phone": text,
                "email": text,
                "address": text,
                "hours": text,
                "website": text.map(lambda t: "https://x.example/" + t),
            },
        ),
    },
)
library = st.fixed_dictionaries(
    {"clinic": clinic, "handouts": st.lists(handout, min_size=1, max_size=2)},
    optional={
        "settings": st.fixed_dictionaries({"base_url": text.map("https://x.example/".__add__)})
    },
)


def _deep(depth: int) -> str:
    """A library whose first handout nests `depth` levels (written as text:
    PyYAML's dumper itself cannot write a few hundred levels)."""
    clinic = yaml.safe_dump({"clinic": CLINIC}, default_flow_style=True).strip()
    return clinic[:-1] + ", handouts: [" + "{k: [" * depth + "x" + "]}" * depth + "]}"


# -------------------------------------------------------------- the property


def assert_one_of_two_outcomes(folder: Path, content: str | dict) -> bool:
    """Build; every problem is one positioned line; every output a whole PDF."""
    path = write_content(folder, content)
    try:
        report = build(BuildOptions(content=path, out_dir=folder / "out"))
    except EnvironmentProblem as exc:  # pragma: no cover - the property failed
        pytest.fail(f"content caused an environment error: {exc}")
    for d in report.diagnostics:
        line = str(d)
        assert POSITIONED.match(line), line
        assert not any(map(is_invisible, line)) and len(line) < 1000, repr(line)
    for out in report.outputs:
        data = out.path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert len(PdfReader(out.path).pages) == out.pages >= 1
    assert report.outputs or report.failed, "nothing built and nothing said"
    return bool(report.outputs)


def _outcome(built: bool) -> None:
    event("built a PDF" if built else "refused with errors")


@HOSTILE
@given(data=library)
def test_any_content_tree_gives_pdfs_or_positioned_errors(data):
    with tempfile.TemporaryDirectory() as tmp:
        _outcome(assert_one_of_two_outcomes(Path(tmp), data))


@settings(HOSTILE, max_examples=15)
@given(pieces=st.lists(st.one_of(text, text, text, st.sampled_from(NASTY)), min_size=1, max_size=4))
def test_any_text_in_every_field_of_a_valid_handout(pieces):
    """A well-formed library whose every string is hostile text."""
    value = " ".join(pieces)
    data = {
        "clinic": {**CLINIC, "name": value, "tagline": value, "disclaimer": value},
        "handouts": [
            {
                "id": "h",
                "title": value,
                "subtitle": value,
                "reviewed": "2026-10-01",
                "summary": [value],
                "sections": [{"heading": value, "body": [value, {"bullets": [value]}]}],
                "call_to_action": value,
            }
        ],
    }
    with tempfile.TemporaryDirectory() as tmp:
        _outcome(assert_one_of_two_outcomes(Path(tmp), data))


@settings(HOSTILE, max_examples=25)
@given(raw=st.text(min_size=0, max_size=300))
def test_any_yaml_text_gives_pdfs_or_positioned_errors(raw):
    with tempfile.TemporaryDirectory() as tmp:
        _outcome(assert_one_of_two_outcomes(Path(tmp), raw))


@pytest.mark.parametrize("depth", [1, 40, 200, 5_000])
def test_deep_nesting_is_a_positioned_error(tmp_path, depth):
    assert_one_of_two_outcomes(tmp_path, _deep(depth))


HOSTILE_FILES = {
    "binary": "\x00\x01\x02 not yaml",
    "tabs": "clinic:\n\tname: x\n",
    "alias-bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "python-tag": "clinic: !!python/object/apply:os.system ['echo pwned']\n",
    "deep-flow": "[" * 200_000 + "]" * 200_000,  # once a SIGSEGV inside yaml.compose
    "rtl-and-emoji": yaml.safe_dump(
        {
            "clinic": {**CLINIC, "name": "\u202eevil\u202c 😀"},
            "handouts": [
                {
                    "id": "a",
                    "title": "שלום",
                    "reviewed": "2026-10-01",
                    "sections": [{"heading": "x" * 10_000, "body": ["\x1b[2J"]}],
                }
            ],
        },
        allow_unicode=True,
    ),
}


# Files that once crashed or could exhaust the process that reads them run in
# a fresh one (run_cli); the others call the same cli.main in this process.
FRESH_PROCESS = {"alias-bomb", "deep-flow"}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_the_command_line_on_hostile_files_exits_1_with_positioned_lines(tmp_path, name):
    write_content(tmp_path, HOSTILE_FILES[name])
    result = (run_cli if name in FRESH_PROCESS else run_main)(cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(POSITIONED.match(line) for line in lines), result.stderr
    assert not any(is_invisible(ch) for line in lines for ch in line)
    assert not (tmp_path / "pwned").exists()


def test_a_raw_control_character_is_named_at_its_line_and_column(tmp_path):
    """libyaml reports a byte offset; the column counts characters, as editors do."""
    path = write_content(tmp_path, 'clinic:\n  name: "ééééé"\n  tagline: ééé\x1bb\n')
    report = build(BuildOptions(content=path, out_dir=tmp_path / "out"))
    assert [str(d) for d in report.diagnostics] == [
        "content.yaml:3:15: the character U+001B is not allowed in a YAML file "
        "(delete it; it is invisible in most editors)"
    ]
