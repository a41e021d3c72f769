"""Every published JSON document validates, as it is, against a schema published beside it."""
from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


def _registry(schema_dir):
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in schema_dir.glob("*.json")}
    resources = [(s["$id"], Resource.from_contents(s)) for s in schemas.values()]
    return schemas, Registry().with_resources(resources)


def test_every_api_document_validates_against_its_published_schema(real_site):
    """On the real profiles: what is published today."""
    built_site = real_site
    schemas, registry = _registry(built_site / "schema")
    one = Draft202012Validator(schemas["api-profile.schema.json"], registry=registry)
    every = Draft202012Validator(schemas["api-profiles.schema.json"], registry=registry)
    api = built_site / "api" / "v1"
    files = sorted((api / "profiles").glob("*.json"))
    assert files, "no profile JSON was published"
    for path in files:
        errors = [e.message for e in one.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert not errors, (path.name, errors)
    collection = json.loads((api / "profiles.json").read_text(encoding="utf-8"))
    assert not [e.message for e in every.iter_errors(collection)]
    assert collection["count"] == len(files) == len(collection["profiles"])
