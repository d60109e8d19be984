"""Handout sets in content.yaml: validated like everything else."""

from __future__ import annotations

from helpers import handout, library, write_content

from handouts.api import load_library


def _load(tmp_path, sets):
    data = library(handout("first-visit"), handout("after-care"))
    data["sets"] = sets
    return load_library(write_content(tmp_path, data))


def test_a_set_names_handouts_in_order(tmp_path):
    checked = _load(
        tmp_path, [{"id": "day-one", "title": "Day one", "handouts": ["after-care", "first-visit"]}]
    )
    assert checked.diagnostics == []
    (day_one,) = checked.library.sets
    assert day_one.title == "Day one" and day_one.handouts == ["after-care", "first-visit"]


def test_unknown_handout_in_a_set_is_a_positioned_error(tmp_path):
    checked = _load(tmp_path, [{"id": "day-one", "title": "Day one", "handouts": ["first-visits"]}])
    assert [str(d) for d in checked.diagnostics] == [
        "content.yaml:39:5: sets[0].handouts[0]: no handout with id 'first-visits' "
        "(did you mean 'first-visit'?)"
    ]
    assert checked.library.sets == []
    assert len(checked.library.handouts) == 2  # the handouts still build


def test_duplicate_set_ids_and_empty_sets_are_errors(tmp_path):
    one = {"id": "day-one", "title": "Day one", "handouts": ["first-visit"]}
    checked = _load(tmp_path, [one, one])
    assert [d.message for d in checked.diagnostics] == ["duplicate set id 'day-one'"]
    assert len(checked.library.sets) == 1
    checked = _load(tmp_path, [{"id": "day-one", "title": "Day one", "handouts": []}])
    assert [f"{d.path}: {d.message}" for d in checked.diagnostics] == [
        "sets[0].handouts: needs at least one item"
    ]
