"""Bad content is reported as `file:line:col: path: message`, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CLINIC, handout, library, section, write_content

from handouts.api import load_library


def problems(tmp_path: Path, text: str) -> list[str]:
    checked = load_library(write_content(tmp_path, text))
    return [str(d) for d in checked.diagnostics]


CLINIC_YAML = """\
clinic:
  name: Harbor Light
  disclaimer: General information only.
"""


def test_invalid_yaml_names_line_and_column(tmp_path):
    assert problems(tmp_path, CLINIC_YAML + "handouts:\n  - id: [unclosed\n") == [
        "content.yaml:6:1: invalid YAML: while parsing a flow sequence did not find expected "
        "',' or ']' (check the indentation and quoting on this line)"
    ]


def test_misspelt_key_suggests_the_right_one(tmp_path):
    text = (
        CLINIC_YAML
        + """\
handouts:
  - id: a
    titel: Hello
    reviewed: 2026-10-01
    sections: [{heading: H, body: [text]}]
"""
    )
    assert problems(tmp_path, text) == [
        "content.yaml:6:5: handouts[0].titel: unknown key 'titel' (did you mean 'title'?)",
    ]


def test_every_problem_is_reported_at_once(tmp_path):
    text = """\
clinic:
  name: Harbor Light
  disclaimer: General information only.
  colours: {primary: "#000000"}
handouts:
  - id: a
    title: [not, text]
    reviewed: 2026-10-01
    sections:
      - heading: H
        body:
          - bulets: [one]
  - id: b
    title: Fine
    reviewed: 20261001
    sections: []
"""
    assert problems(tmp_path, text) == [
        "content.yaml:4:3: clinic.colours: unknown key 'colours' (did you mean 'colors'?)",
        "content.yaml:7:12: handouts[0].title: expected text, got a list (this takes one text: "
        "remove the '- ' in front, or join the items into one)",
        "content.yaml:12:13: handouts[0].sections[0].body[0].bulets: "
        "unknown key 'bulets' (did you mean 'bullets'?)",
        "content.yaml:15:15: handouts[1].reviewed: "
        "expected a date written as YYYY-MM-DD, for example 2026-10-01",
        "content.yaml:16:15: handouts[1].sections: needs at least one item (add an item on a "
        "line starting with '- ')",
    ]


def test_duplicate_yaml_key(tmp_path):
    text = CLINIC_YAML.replace("  name: Harbor Light\n", "  name: Harbor Light\n  name: Other\n")
    assert problems(tmp_path, text + "handouts: []\n")[0] == (
        "content.yaml:3:3: clinic.name: duplicate key 'name' (first given at line 2) "
        "(remove one of them; YAML would silently keep only the last)"
    )


def test_duplicate_handout_id(tmp_path):
    checked = load_library(write_content(tmp_path, library(handout("a"), handout("a"))))
    assert [str(d) for d in checked.diagnostics] == [
        "content.yaml:25:7: handouts[1].id: duplicate handout id 'a' (also handouts[0]) "
        "(every handout needs its own id; it names the PDF file)"
    ]
    assert [h.id for h in checked.library.handouts] == ["a"]


def test_broken_handout_is_dropped_and_others_survive(tmp_path):
    data = library(handout("good"), handout("bad", reviewed="yesterday"))
    checked = load_library(write_content(tmp_path, data))
    assert [h.id for h in checked.library.handouts] == ["good"]
    assert [d.handout for d in checked.diagnostics] == ["bad"]


@pytest.mark.parametrize("value", ["2026-10-01", "'2026-10-01'"])
def test_reviewed_accepts_yaml_date_or_quoted_iso_date(tmp_path, value):
    text = (
        CLINIC_YAML
        + f"""\
handouts:
  - id: a
    title: Hello
    reviewed: {value}
    sections: [{{heading: H, body: [text]}}]
"""
    )
    checked = load_library(write_content(tmp_path, text))
    assert checked.diagnostics == []
    assert str(checked.library.handouts[0].reviewed) == "2026-10-01"


def test_missing_logo(tmp_path):
    data = library(logo="assets/missing.png")
    assert problems(tmp_path, data) == [
        "content.yaml:14:9: clinic.logo: 'assets/missing.png' does not exist in the content "
        "folder; copy it there or correct the name"
    ]


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("../outside.png", "'../outside.png' points outside the content folder"),
        (
            "/etc/passwd.png",
            "'/etc/passwd.png' is an absolute path; give a path relative to content.yaml",
        ),
        (
            "https://example.com/a.png",
            "'https://example.com/a.png' is a URL; copy the file next to content.yaml and name it",
        ),
    ],
)
def test_asset_paths_are_confined(tmp_path, logo, message):
    (tmp_path / "outside.png").write_bytes(b"x")
    folder = tmp_path / "content"
    data = library(logo=logo)
    found = problems(folder, data)
    assert found == [f"content.yaml:14:9: clinic.logo: {message}"]


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "logo.png").symlink_to(tmp_path / "secret.png")
    assert problems(folder, library(logo="logo.png")) == [
        "content.yaml:14:9: clinic.logo: 'logo.png' points outside the content folder"
    ]


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert len(found) == 1
    assert "expands to more than 200,000 values" in found[0]


def test_link_with_forbidden_scheme(tmp_path):
    data = library(handout("a", section("H", "Click [here](javascript:alert).")))
    assert problems(tmp_path, data) == [
        "content.yaml:23:7: handouts[0].sections[0].body[0]: "
        "link scheme 'javascript:' is not allowed in 'javascript:alert'; "
        "use one of https:, http:, mailto:, tel:"
    ]


def test_sample_content_is_valid():
    root = Path(__file__).resolve().parent.parent
    checked = load_library(root / "content.yaml")
    assert checked.diagnostics == []
    assert len(checked.library.handouts) >= 3
    assert "ketamine-pain-relief" in checked.library.by_id


def test_clinic_is_required(tmp_path):
    assert problems(tmp_path, "handouts: []\n") == [
        "content.yaml:1:1: clinic: field required (add 'clinic:' with the clinic's name, "
        "colours and contact details)",
        "content.yaml:1:11: handouts: expected a list of handouts (list the handouts under "
        "'handouts:', each starting with '- id: ...')",
    ]


def test_clinic_helper_is_valid():
    assert CLINIC["name"]


def test_unquoted_bold_lead_in_gets_a_plain_words_hint(tmp_path):
    text = (
        CLINIC_YAML
        + """\
handouts:
  - id: a
    title: Hello
    reviewed: 2026-10-01
    summary:
      - **Fast:** often within hours.
    sections: [{heading: H, body: [text]}]
"""
    )
    (found,) = problems(tmp_path, text)
    assert found.startswith("content.yaml:9:10: invalid YAML: while scanning an alias")
    assert found.endswith(
        '(text that starts with * or ** (bold) must be in double quotes: "**Like this:** ...")'
    )


def test_tab_indentation_gets_a_plain_words_hint(tmp_path):
    text = CLINIC_YAML + "handouts:\n\t- id: a\n"
    (found,) = problems(tmp_path, text)
    assert found.endswith("(indent with spaces, not tabs (your editor can convert them))")


# ------------------------------------------------------ all at once, each with a fix


def _yaml(data: dict, *replace: tuple[str, str]) -> str:
    import yaml

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_an_impossible_unquoted_date_is_that_handouts_problem_only(tmp_path):
    from helpers import build_into

    data = library(handout("one"), handout("two"), handout("three"))
    for date in ("2026-13-01", "2026-02-30", "2026-00-10"):
        text = _yaml(data, ("reviewed: '2026-10-01'", f"reviewed: {date}"))
        report = build_into(tmp_path, text)
        assert [str(d) for d in report.diagnostics] == [
            f"content.yaml:17:13: handouts[0].reviewed: '{date}' is not a real date (write it "
            "as YYYY-MM-DD, e.g. 2026-10-01, with a month from 01 to 12)"
        ]
        assert [o.handout for o in report.outputs if o.handout != "one"] in (
            ["two", "three"],
            [],  # unchanged since the first date
        )
        assert not (tmp_path / "out" / "one.pdf").exists()


def test_a_bad_colour_a_missing_logo_and_a_missing_picture_are_all_reported(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "photo.png").write_bytes(b"")
    picture = {"image": {"src": "assets/fhoto.png", "alt": "A photo"}}
    data = library(handout("one", section("Look", picture)), logo="assets/logo.png")
    data["clinic"]["colors"]["primary"] = "#12345"
    text = _yaml(data, ("reviewed: '2026-10-01'", "reviewed: 2026-13-01"))
    assert problems(tmp_path, text) == [
        "content.yaml:5:14: clinic.colors.primary: '#12345' is not in the expected form "
        '(colours are written "#RRGGBB")',
        "content.yaml:14:9: clinic.logo: 'assets/logo.png' does not exist in the content "
        "folder; copy it there or correct the name",
        "content.yaml:18:13: handouts[0].reviewed: '2026-13-01' is not a real date (write it "
        "as YYYY-MM-DD, e.g. 2026-10-01, with a month from 01 to 12)",
        "content.yaml:25:14: handouts[0].sections[0].body[0].image.src: 'assets/fhoto.png' does "
        "not exist in the content folder; did you mean 'assets/photo.png'?",
    ]


def test_every_colour_that_fails_contrast_is_reported_with_the_logo(tmp_path):
    from helpers import build_into

    data = library(colors={"primary": "#7FB3D5", "text": "#999999"}, logo="nope.svg")
    report = build_into(tmp_path, data)
    assert [d.path for d in report.diagnostics] == ["clinic.logo"]  # validation: the path
    (tmp_path / "nope.svg").write_text("<svg")
    report = build_into(tmp_path, data)
    assert sorted((d.path, d.message.split(" has ")[0][:40]) for d in report.diagnostics) == [
        ("clinic.colors.primary", "white #FFFFFF on primary #7FB3D5"),
        ("clinic.colors.text", "text #999999 on white #FFFFFF"),
        ("clinic.logo", "cannot read the logo: nope.svg: not a re"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "title: Note: bring your list",
            "invalid YAML: mapping values are not allowed in this context (text "
            'containing ": " must be in double quotes)',
        ),
        (
            "title:\n    Note: bring your list",
            "handouts[0].title: expected text, got a mapping (a colon and a space make a key in "
            "YAML: put the whole text in double quotes)",
        ),
        (
            "title:\n    - Rest\n    - Sleep",
            "handouts[0].title: expected text, got a list (this takes one text: remove the '- ' "
            "in front, or join the items into one)",
        ),
        (
            "title: 42",
            "handouts[0].title: expected text, got a number (put it in double quotes to keep it "
            'as text: "42")',
        ),
        (
            "title:",
            "handouts[0].title: expected text, got nothing (write the text after the "
            "colon, or remove the line)",
        ),
        ("titel: Rest", "handouts[0].titel: unknown key 'titel' (did you mean 'title'?)"),
    ],
    ids=["unquoted-colon", "mapping", "list", "number", "empty", "misspelt"],
)
def test_every_message_about_a_field_says_what_to_do(tmp_path, line, expected):
    text = _yaml(library(handout("one")), ("title: About one", line))
    found = [p.split(": ", 1)[1] for p in problems(tmp_path, text)]
    assert expected in found, found
    assert all("(" in p for p in found), found  # each has a hint


def test_a_missing_field_says_which_line_to_add(tmp_path):
    data = library(handout("one"))
    del data["handouts"][0]["title"]
    assert problems(tmp_path, _yaml(data)) == [
        "content.yaml:15:3: handouts[0].title: field required (add 'title: ...' here)"
    ]
