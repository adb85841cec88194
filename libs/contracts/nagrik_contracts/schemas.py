"""JSON Schemas of the published contracts, and the check that a published version never breaks.

Regenerate after a change: `python -m nagrik_contracts.schemas`. A breaking change needs a new
schema version (a new payload class with `schema_version = 2`), never an edit of a published one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .envelope import Envelope
from .topics import PAYLOADS

DIRECTORY = Path(__file__).parent / "schemas"


def generate() -> dict[str, dict]:
    """File name → JSON Schema, for the envelope and every payload of every topic."""
    schemas = {"envelope.v1.json": Envelope.model_json_schema()}
    for (event_type, version), model in sorted(PAYLOADS.items()):
        schemas[f"{event_type}.v{version}.json"] = model.model_json_schema()
    return schemas


def published() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text()) for path in sorted(DIRECTORY.glob("*.json"))}


def write() -> list[str]:
    DIRECTORY.mkdir(exist_ok=True)
    names = []
    for name, schema in generate().items():
        (DIRECTORY / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        names.append(name)
    return names


def breaking_changes(old: dict, new: dict) -> list[str]:
    """What in `new` would break a producer or consumer written against `old`."""
    problems: list[str] = []
    _compare(old, new, old, new, "$", problems)
    return problems


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _variants(node: dict, root: dict) -> list[dict]:
    node = _resolve(node, root)
    options = node.get("anyOf") or node.get("oneOf")
    return [_resolve(option, root) for option in options] if options else [node]


def _values(node: dict) -> set | None:
    """The values a node allows when it lists them (`enum`, or `const` for a single one)."""
    if "enum" in node:
        return {json.dumps(value, sort_keys=True) for value in node["enum"]}
    if "const" in node:
        return {json.dumps(node["const"], sort_keys=True)}
    return None


def _option_key(option: dict) -> str:
    """Pairs alternatives across versions: a model by its discriminator value, else by its type."""
    tag = next((p["const"] for p in option.get("properties", {}).values() if "const" in p), None)
    if tag is not None:
        return f"object:{tag}"
    if "title" in option and "properties" in option:
        return f"object:{option['title']}"
    return json.dumps(option.get("type")) + (f":{option['const']}" if "const" in option else "")


def _compare(old: dict, new: dict, old_root: dict, new_root: dict, where: str, problems: list[str]) -> None:
    old_options, new_options = _variants(old, old_root), _variants(new, new_root)
    if len(old_options) > 1 or len(new_options) > 1:
        by_key = {_option_key(option): option for option in new_options}
        for old_option in old_options:
            match = by_key.get(_option_key(old_option))
            if match is None:
                problems.append(f"{where}: alternatives removed ({_option_key(old_option)})")
            else:
                _compare(old_option, match, old_root, new_root, where, problems)
        return
    old, new = old_options[0], new_options[0]
    if old.get("type") != new.get("type"):
        problems.append(f"{where}: type {old.get('type')} became {new.get('type')}")
        return
    old_values, new_values = _values(old), _values(new)
    if new_values is not None and (old_values is None or not old_values <= new_values):
        problems.append(f"{where}: enum values removed")
    for keyword in ("format", "pattern"):
        if keyword in new and new[keyword] != old.get(keyword):
            problems.append(f"{where}: {keyword} {new[keyword]!r} added")
    if old.get("additionalProperties", True) is not False and new.get("additionalProperties") is False:
        problems.append(f"{where}: additional properties forbidden")
    for bound in ("maxLength", "maximum", "maxItems"):
        if bound in new and (bound not in old or new[bound] < old[bound]):
            problems.append(f"{where}: {bound} tightened to {new[bound]}")
    for bound in ("minLength", "minimum", "minItems"):
        if bound in new and (bound not in old or new[bound] > old[bound]):
            problems.append(f"{where}: {bound} raised to {new[bound]}")
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name in old_props.keys() - new_props.keys():
        problems.append(f"{where}.{name}: removed")
    for name in set(new.get("required", [])) - set(old.get("required", [])):
        problems.append(f"{where}.{name}: newly required")
    for name in old_props.keys() & new_props.keys():
        _compare(old_props[name], new_props[name], old_root, new_root, f"{where}.{name}", problems)
    if "items" in old and "items" in new:
        _compare(old["items"], new["items"], old_root, new_root, f"{where}[]", problems)


if __name__ == "__main__":
    for written in write():
        print(f"wrote {DIRECTORY / written}", file=sys.stderr)
