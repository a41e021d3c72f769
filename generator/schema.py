"""The profile schema and everything read from it: both validators, the display labels and the
evidence terms of every controlled vocabulary, and the slug rule. A leaf: it imports nothing
else of the generator but where the schema file lives, so every other module may import it."""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache

import fastjsonschema
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from .project import SCHEMA_PATH

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def valid_slug(text: str) -> bool:
    return bool(SLUG.fullmatch(text)) and len(text) <= 80


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


_END = re.compile(r"(?<!\\)\$")


@lru_cache(maxsize=None)
def _ecma(pattern: str) -> re.Pattern:
    return re.compile(_END.sub(r"\\Z", pattern))


def _pattern(validator, pattern, instance, schema):
    """`pattern` as JSON Schema means it: its regular expressions are ECMA-262's, whose `$` ends
    the text. Python's `$` also matches before a final newline, so jsonschema let an id such as
    "abc\n" through where fastjsonschema rejects it, and the two validators disagreed."""
    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# Every schema of the project is validated with this one: the context and sources files too.
Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    # Built once: jsonschema compiles $refs and patterns on first use and keeps them.
    return Validator(schema())


@lru_cache(maxsize=1)
def fast_validator():
    """The same schema compiled to Python code by fastjsonschema: about six times faster on a
    valid profile, the common case. It stops at the first error, so a profile it rejects goes
    through jsonschema, which reports every error with its path. Both read the one schema file;
    tests/test_validators.py checks that they agree.

    The generated code names each array item in its error messages with
    `"...[{i}]".format(**locals())`, evaluated for every item even when nothing fails; in a
    function with hundreds of local variables, building that dict was half of all validation
    time. Those expressions become the equivalent f-strings before the code is compiled."""
    # On a copy: fastjsonschema rewrites every $ref in the schema it is given to an absolute URI,
    # and schema() is the one dict every other reader shares (labels, the published schema).
    code = _FORMAT_LOCALS.sub(r'f"\1"', fastjsonschema.compile_to_code(copy.deepcopy(schema())))
    namespace: dict = {}
    exec(compile(code, "<fastjsonschema: profile.schema.json>", "exec"), namespace)  # noqa: S102 (our own schema)
    return namespace[_FIRST_FUNCTION.search(code).group(1)]


# A string whose only braces are plain {name} fields, formatted with the caller's locals.
_FORMAT_LOCALS = re.compile(r'"((?:[^"\\{}]|\{[A-Za-z_][A-Za-z0-9_]*\})*)"\.format\(\*\*locals\(\)\)')
_FIRST_FUNCTION = re.compile(r"^def (\w+)\(data, ", re.M)  # the schema's own; $defs follow


def schema_valid(data) -> bool:
    try:
        fast_validator()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _vocabularies(key: str) -> dict[str, dict]:
    """`key` (x-labels, x-evidence) of every controlled vocabulary, by vocabulary name. The
    developer's relationship and the donor type are written inline rather than under $defs."""
    s = schema()
    out = {name: d[key] for name, d in s["$defs"].items() if key in d}
    props = s["properties"]
    for name, node in (("relationship", props["developers"]["items"]["properties"]["relationship"]),
                       ("donor_type", props["cells"]["properties"]["donor_type"])):
        if key in node:
            out[name] = node[key]
    return out


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """Display labels for every controlled vocabulary, read from the schema itself."""
    return _vocabularies("x-labels")


@lru_cache(maxsize=1)
def evidence() -> dict[str, dict[str, list[str]]]:
    """For every value of every controlled vocabulary, the words (English and Chinese) of which a
    quote must hold one for the value to count as stated: see generator/citations.py. A value
    whose list is empty (`other`, `unknown`) claims nothing and needs no evidence."""
    return _vocabularies("x-evidence")


STAGE_ORDER = tuple(schema()["$defs"]["stage"]["enum"])
