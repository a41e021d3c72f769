"""The schema, written out as a fully commented YAML profile.

`python -m generator new <id>` writes it, and CONTRIBUTING.md shows it: both come from the
one schema, so the template cannot drift from what `check` enforces.
"""
from __future__ import annotations

import textwrap

from .schema import schema

SCHEMA_LINE = "# yaml-language-server: $schema=../generator/schema/profile.schema.json"
WIDTH = 96
HOW = ("Fill in the required fields. Optional fields are commented out: to fill one in, delete the `# ` at the"
       " start of each of its lines (an editor's toggle-comment does that); leave the others as they are.")


def _resolve(node: dict, root: dict) -> dict:
    """Follow $ref and merge allOf, so a field's own description and constraints are at hand."""
    seen = dict(node)
    while "$ref" in seen:
        target = root["$defs"][seen.pop("$ref").rsplit("/", 1)[1]]
        seen = {**target, **seen}
    for part in seen.pop("allOf", []):
        if "$ref" in part or "required" in part:
            part = _resolve(part, root)
            required = [*seen.get("required", ()), *part.get("required", ())]  # each part adds its own
            seen = {**part, **seen, "required": required}
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
    notes.append("Required." if required else "Optional.")
    text = " ".join(notes)
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2)]


def _placeholder(node: dict) -> str:
    if node.get("type") in ("integer", "number"):
        return ""
    if node.get("type") == "boolean":
        return " false"
    return ' ""'


def _commented_out(line: str, indent: str) -> str:
    """The line with `# ` at the field's own indent: deleting that `# ` (an editor's toggle-comment
    does) gives the live line back, nested lines keeping their indentation."""
    return f"{indent}# {line[len(indent):]}"


def _with_dash(lines: list[str], indent: str) -> list[str]:
    """A list item's lines: the first live key carries the `- `."""
    first = next((i for i, line in enumerate(lines) if not line.lstrip().startswith("#")), 0)
    lines = list(lines)
    lines[first] = f"{indent}  - " + lines[first].lstrip()
    return lines


def _field_lines(key: str, prop: dict, indent: str, root: dict, comments: bool, whole: bool) -> list[str]:
    if prop.get("type") == "object" and "properties" in prop:
        return [f"{indent}{key}:", *_object_lines(prop, indent + "  ", root, comments, whole)]
    if prop.get("type") == "array":
        item = _resolve(prop.get("items", {}), root)
        if item.get("type") == "object" and "properties" in item:
            return [f"{indent}{key}:", *_with_dash(_object_lines(item, indent + "    ", root, comments, whole), indent)]
        return [f"{indent}{key}: []"]
    return [f"{indent}{key}:{_placeholder(prop)}"]


def _object_lines(node: dict, indent: str, root: dict, comments: bool = True, whole: bool = False) -> list[str]:
    """Required fields live, to be filled in; optional ones commented out, to be uncommented or
    left alone: the file as written passes `check` once the required fields are filled. Inside
    a field already commented out (`whole`) every field is written, so uncommenting it once
    gives all of it; `check` then names each one left empty."""
    lines: list[str] = []
    required = set(node.get("required", []))
    for key, raw in node.get("properties", {}).items():
        prop = _resolve(raw, root)
        # a document in seeds/ needs its quote, and most citations are of such documents
        live = whole or key in required or (key == "quote" and "source" in node.get("properties", {}))
        if comments:
            lines += _comment(prop, key in required, indent)
        # a citation is the same everywhere: its fields are described once, in `cite`'s comment
        own = _field_lines(key, prop, indent, root, comments and key != "cite", not live or whole)
        lines += own if live else [_commented_out(line, indent) for line in own]
    return lines


def template(profile_id: str = "") -> str:
    root = schema()
    lines = [SCHEMA_LINE, *(f"# {line}" for line in textwrap.wrap(root["description"] + " " + HOW, WIDTH - 2))]
    body = _object_lines(root, "", root)
    if profile_id:
        body = [f"id: {profile_id}" if line == 'id: ""' else line for line in body]
    return "\n".join(lines + [""] + body) + "\n"
