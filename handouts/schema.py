"""The JSON Schema of content.yaml, generated from the model.

Editors (VS Code's YAML extension, JetBrains) read it through the
`# yaml-language-server: $schema=` line at the top of content.yaml and then
autocomplete keys and flag mistakes while the author types.
"""

from __future__ import annotations

import json
from typing import Any

from .model import Library

SCHEMA_FILE = "content.schema.json"


def content_schema() -> dict[str, Any]:
    schema = Library.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "handouts content file"
    schema["description"] = "A clinic's branding and its patient handouts (content.yaml)."
    return schema


def schema_text() -> str:
    return json.dumps(content_schema(), indent=2, sort_keys=True) + "\n"
