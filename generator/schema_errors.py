"""jsonschema errors -> Problems a contributor can act on, each at its file:line:column."""
from __future__ import annotations

import difflib

from .load import Document
from .problems import Problem, field_path

_TYPE_NAMES = {
    "object": "a mapping (key: value lines)",
    "array": "a list (- item lines)",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text {_short(value)}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _suggest(word, choices) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _resolve(node, root: dict) -> dict:
    """A schema node with its $ref followed and its allOf merged in."""
    node = dict(node) if isinstance(node, dict) else {}
    while "$ref" in node:
        ref = node.pop("$ref")
        target = root.get("$defs", {}).get(ref.removeprefix("#/$defs/")) if ref.startswith("#/$defs/") else None
        if target is None:
            return node  # a reference into another file: too little known to say more
        node = {**target, **node}
    for part in node.pop("allOf", []):
        part = _resolve(part, root)
        required = [*node.get("required", ()), *part.get("required", ())]  # each part adds its own
        node = {**part, **node, "required": required}
    return node


def _required(root: dict, path: tuple) -> bool:
    """Whether the field at `path` must be there (a list item never must: its line can go)."""
    node = _resolve(root, root)
    for i, key in enumerate(path):
        if isinstance(key, int):
            node = _resolve(node.get("items", {}), root)
            continue
        if i == len(path) - 1:
            return key in node.get("required", ())
        node = _resolve(node.get("properties", {}).get(key, {}), root)
    return True


def _needed_by_its_source(data, path: tuple) -> bool:
    """A citation's `quote` (of a document in seeds/) or `at` (of a web page) is optional in the
    schema but required by the kind of its source: deleting it would only trade one problem for
    another."""
    parent = data
    for key in path[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(parent, dict) or not isinstance(parent.get("source"), str):
        return False
    web = parent["source"].startswith(("http://", "https://"))
    return path[-1] == ("at" if web else "quote")


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _messages(error, doc: Document, root: dict | None = None) -> list[tuple[tuple, bool, str]]:
    """(path, point-at-key, message) for one error; one error can name several fields."""
    path = tuple(error.absolute_path)
    kind, expected, value, schema = error.validator, error.validator_value, error.instance, error.schema
    custom = schema.get("x-message") if isinstance(schema, dict) else None

    if path and _empty(value) and kind not in ("required", "additionalProperties") and root is not None:
        # An empty value is what `new` or a half-done edit leaves: say how to finish it, in one
        # message however many rules the empty value breaks.
        if not _required(root, path) and not _needed_by_its_source(doc.data, path):
            return [(path, False, "is empty: fill it in or delete the line (this field is optional)")]
        if value is None or value == "":  # an empty list or mapping gets its own rule's message
            return [(path, False, "is empty: fill it in (this field is required)")]

    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(schema.get("properties", {}))
        out = []
        for key in value:
            if key not in allowed:
                out.append((path + (key,), True, f"unknown field '{key}'{_suggest(key, allowed)}"))
        return out
    if kind == "required" and isinstance(value, dict):
        return [(path, False, f"missing required field '{name}'") for name in expected if name not in value]
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        return [(path, False, f"must be {names}, not {_kind(value)}")]
    if kind == "enum":
        options = ", ".join(str(o) for o in expected)
        return [(path, False, f"{_short(value)} is not an allowed value{_suggest(value, expected)}; allowed: {options}")]
    if kind == "const":
        return [(path, False, f"must be {expected!r}")]
    if custom:
        return [(path, False, f"{_short(value)}: {custom}" if not isinstance(value, (dict, list)) else custom)]
    if kind == "minItems":
        return [(path, False, f"needs at least {expected} item{'s' if expected != 1 else ''}")]
    if kind == "uniqueItems":
        return [(path, False, "has the same item twice")]
    if kind == "minLength":
        return [(path, False, "must not be empty" if expected == 1 else f"must be at least {expected} characters")]
    if kind == "maxLength":
        return [(path, False, f"is {len(value)} characters; at most {expected} allowed")]
    if kind == "pattern":
        return [(path, False, f"{_short(value)} does not match the pattern {expected}")]
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return [(path, False, f"{value} is out of range ({kind} {expected})")]
    if kind == "propertyNames":
        return [(path, False, error.message)]
    return [(path, False, error.message)]


def schema_problems(validator, doc: Document, file: str) -> list[Problem]:
    problems = []
    for error in validator.iter_errors(doc.data):
        for path, at_key, message in _messages(error, doc, validator.schema):
            line, col = doc.position(path, key=at_key)
            problems.append(Problem(file, line, col, field_path(path), message))
    # jsonschema raises one `required` error per missing field, each carrying the whole list.
    return list(dict.fromkeys(problems))
