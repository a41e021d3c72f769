"""The schema, written out as a fully commented YAML profile.

`python -m generator new <id>` writes it, and CONTRIBUTING.md shows it: both come from the
one schema, so the template cannot drift from what `check` enforces.
"""
from __future__ import annotations

import textwrap

from .schema import schema

SCHEMA_LINE = "# yaml-language-server: $schema=../generator/schema/profile.schema.json"
WIDTH = 96


def _resolve(node: dict, root: dict) -> dict:
    """Follow $ref and merge allOf, so a field's own description and constraints are at hand."""
    seen = dict(node)
    while "$ref" in seen:
        target = root["$defs"][seen.pop("$ref").rsplit("/", 1)[1]]
        seen = {**target, **seen}
    for part in seen.pop("allOf", []):
        if "$ref" in part or "required" in part:
            seen = {**_resolve(part, root), **seen}
    return seen


def _comment(node: dict, required: bool, indent: str) -> list[str]:
    notes = []
    if node.get("description"):
        notes.append(node["description"])
    if "enum" in node:
        notes.append("One of: " + ", ".join(str(v) for v in node["enum"]) + ".")
    elif node.get("x-message"):
        notes.append(f"Must be {node['x-message'].removeprefix('must be ')}.")
    elif node.get("type") == "array" and isinstance(node.get("items"), dict):
        item = _resolve(node["items"], schema())
        if "enum" in item:
            notes.append("A list; each one of: " + ", ".join(item["enum"]) + ".")
    notes.append("Required." if required else "Optional: leave out what the sources do not state.")
    text = " ".join(notes)
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2)]


def _placeholder(node: dict) -> str:
    if node.get("type") in ("integer", "number"):
        return ""
    if node.get("type") == "boolean":
        return " false"
    return ' ""'


def _object_lines(node: dict, indent: str, root: dict) -> list[str]:
    lines: list[str] = []
    required = set(node.get("required", []))
    for key, raw in node.get("properties", {}).items():
        prop = _resolve(raw, root)
        lines += _comment(prop, key in required, indent)
        if key == "cite":  # the same everywhere: one comment, not one per citation field
            lines += [f"{indent}cite:", f'{indent}  - source: ""', f'{indent}    quote: ""']
        elif prop.get("type") == "object" and "properties" in prop:
            lines.append(f"{indent}{key}:")
            lines += _object_lines(prop, indent + "  ", root)
        elif prop.get("type") == "array":
            item = _resolve(prop.get("items", {}), root)
            if item.get("type") == "object" and "properties" in item:
                lines.append(f"{indent}{key}:")
                inner = _object_lines(item, indent + "    ", root)
                # the first key of the item carries the list dash
                first = next(i for i, line in enumerate(inner) if not line.lstrip().startswith("#"))
                inner[first] = f"{indent}  - " + inner[first].lstrip()
                lines += inner
            else:
                lines.append(f"{indent}{key}: []")
        else:
            lines.append(f"{indent}{key}:{_placeholder(prop)}")
    return lines


def template(profile_id: str = "") -> str:
    root = schema()
    lines = [SCHEMA_LINE, *(f"# {line}" for line in textwrap.wrap(root["description"], WIDTH - 2))]
    body = _object_lines(root, "", root)
    if profile_id:
        body = [f"id: {profile_id}" if line == 'id: ""' else line for line in body]
    return "\n".join(lines + [""] + body) + "\n"
