"""The fast compiled validator (fastjsonschema) and the reporting one (jsonschema) must agree on
what is valid, or a profile could slip through with a problem nobody is told about."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.load import LoadError, load_file
from generator.project import SCHEMA_PATH
from generator.schema import fast_validator as _fast_validator, schema, schema_valid, validator as _validator

REAL = [load_file(p).data for p in sorted((ROOT / "profiles").glob("*.yaml"))]


def corpus() -> list:
    out = []
    for p in sorted((Path(__file__).parent / "corpus").glob("*.yaml")):
        try:
            out.append(load_file(p).data)
        except LoadError:
            pass
    return out


def agree(data) -> None:
    full = not any(True for _ in _validator().iter_errors(data))
    assert schema_valid(data) == full, data


def test_agree_on_real_and_corpus_profiles():
    for data in REAL + corpus():
        agree(data)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


REPLACEMENTS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=12),
                         st.sampled_from(["msc", "phase-2a", "CXSL2400092", "2024LP01052", "2025-02-30", "2025-13",
                                          "", "x" * 301, "a\nb", "<b>", "NCT1234567", "drug-registration"]),
                         st.just([]), st.just({}), st.just([{"source": "x.txt"}]))


@settings(max_examples=300, deadline=None)
@given(which=st.integers(0, len(REAL) - 1), pick=st.integers(0, 10_000), value=REPLACEMENTS, delete=st.booleans())
def test_agree_on_mutations(which, pick, value, delete):
    data = copy.deepcopy(REAL[which])
    paths = [p for p in _paths(data) if p]
    path = paths[pick % len(paths)]
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    agree(data)


def test_compiling_the_fast_validator_leaves_the_shared_schema_alone():
    """fastjsonschema rewrites the $refs of the schema it compiles; every other reader of
    schema() (labels, the published schema file) must still see the file as written."""
    _fast_validator()
    assert schema() == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", ["abc\n", "0\n", "CXSL2400092\n"])
def test_agree_on_a_final_newline(text):
    """Python's `$` matches before a final newline, ECMA-262's (JSON Schema's) does not: both
    validators reject such an id, and jsonschema says why."""
    data = copy.deepcopy(REAL[0])
    data["id"] = text
    agree(data)
    assert not schema_valid(data)
