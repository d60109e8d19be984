"""Editors get a JSON Schema that matches the model, referenced from content.yaml."""

from __future__ import annotations

import json

from helpers import ROOT

from handouts.schema import SCHEMA_FILE, content_schema, schema_text


def test_committed_schema_is_up_to_date():
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run: python generate.py schema"


def test_content_yaml_points_editors_at_the_schema():
    first = (ROOT / "content.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=./{SCHEMA_FILE}"


def test_schema_forbids_unknown_keys_and_knows_block_kinds():
    schema = content_schema()
    defs = schema["$defs"]
    assert defs["Handout"]["additionalProperties"] is False
    assert set(defs["Handout"]["required"]) == {"id", "title", "reviewed", "sections"}
    block = defs["Block"]["oneOf"]
    assert block[0]["type"] == "string"
    assert {"bullets", "callout", "table", "image", "qr"} <= set(block[1]["properties"])
    json.dumps(schema)
