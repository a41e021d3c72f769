"""The cross-field rules of generator/validate.py (RULES), each run directly on small profiles, and
the property that no value of the wrong type anywhere in a profile stops the check: the schema
names it, the rules pass over it, and `check` never shows a traceback."""
from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, copy_tree
from generator.context import load_context
from generator.load import load_file
from generator.project import Project
from generator.sources import load_sources
from generator.validate import (RULES, as_of_not_before_milestones, check_profile, identifiers_listed_once,
                                indications_defined, investigators_listed, status_dated, trial_identifiers_listed)


def run(rule, data: dict) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    rule(data, lambda path, message: found.append((path, message)))
    return found


def ident(value: str, **extra) -> dict:
    return {"type": "cde-acceptance", "value": value, **extra}


@pytest.mark.parametrize("rule, data, expected", [
    (identifiers_listed_once, {"identifiers": [ident("A1"), ident("B2")]}, []),
    (identifiers_listed_once, {"identifiers": [ident("A1"), ident("B2"), ident("A1")]},
     [(("identifiers", 2, "value"), "identifier 'A1' is listed twice (first as identifiers[0])")]),
    (indications_defined, {"indications": [{"name": "GVHD"}], "milestones": [{"indication": "GVHD"}]}, []),
    (indications_defined, {"indications": [{"name": "GVHD"}], "trials": [{}, {"indication": "ALS"}]},
     [(("trials", 1, "indication"), "'ALS' is not the name of one of this profile's indications")]),
    (indications_defined, {"identifiers": [{"indication": "ALS"}]},
     [(("identifiers", 0, "indication"), "'ALS' is not the name of one of this profile's indications")]),
    (investigators_listed, {"people": [{"name": "Li"}], "trials": [{"investigators": ["Li"]}]}, []),
    (investigators_listed, {"people": [{"name": "Li"}], "trials": [{"investigators": ["Li", "Wang"]}]},
     [(("trials", 0, "investigators", 1), "'Wang' is not listed under people")]),
    (trial_identifiers_listed, {"identifiers": [ident("A1")], "trials": [{"identifiers": ["A1"]}]}, []),
    (trial_identifiers_listed, {"trials": [{"identifiers": ["A1"]}]},
     [(("trials", 0, "identifiers", 0), "'A1' is not listed under identifiers")]),
    (status_dated, {"development": {"status": "unknown"}}, []),
    (status_dated, {"development": {"status": "active", "as_of": "2025"}}, []),
    (status_dated, {"development": {"status": "not-a-status"}}, []),  # the schema's to report
    (status_dated, {"development": {"status": "active"}},
     [(("development", "status"), "status 'active' needs `as_of`: the date of the latest source that shows it "
                                  "(a status holds as of a date); with no dated source, the status is unknown")]),
    (as_of_not_before_milestones, {"development": {"status": "active", "as_of": "2025-03"},
                                   "milestones": [{"date": "2025-03-14"}, {"date": "2024"}]}, []),
    (as_of_not_before_milestones, {"development": {"status": "active", "as_of": "2024"},
                                   "milestones": [{"date": "2025-01"}]},
     [(("development", "as_of"), "as_of 2024 is earlier than the latest milestone (2025-01): "
                                 "a status holds as of the latest dated evidence")]),
])
def test_rule(rule, data, expected):
    assert rule in RULES
    assert run(rule, data) == expected


WRONG = [None, 7, True, [], ["x", ["y"]], {}, {"a": ["b"]}]


@pytest.mark.parametrize("rule", RULES, ids=[r.__name__ for r in RULES])
@pytest.mark.parametrize("wrong", WRONG, ids=repr)
def test_rules_pass_over_values_of_the_wrong_type(rule, wrong):
    # Everywhere a rule looks, in turn: each section, each entry, each field of an entry.
    fields = ("name", "value", "indication", "investigators", "identifiers", "date", "status", "as_of")
    sections = ("identifiers", "indications", "people", "trials", "milestones", "development")
    run(rule, {s: wrong for s in sections})
    run(rule, {s: [wrong] for s in sections})
    run(rule, {**{s: [{f: wrong for f in fields}] for s in sections}, "development": {f: wrong for f in fields}})


def _paths(value, path: tuple = ()) -> list[tuple]:
    out = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, path + (i,))
    return out


FIXTURE_DATA = {p.stem: load_file(p).data for p in sorted(FIXTURES.glob("*.yaml"))}
PLACES = [(name, path) for name, data in FIXTURE_DATA.items() for path in _paths(data)]
SOURCES = load_sources(Project(ROOT))[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), wrong=st.sampled_from(WRONG + ["", "x" * 3, "2025-02-30"]))
def test_a_value_of_the_wrong_type_anywhere_is_reported_never_raised(tmp_path, place, wrong):
    name, path = place
    data = copy.deepcopy(FIXTURE_DATA[name])
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = wrong
    file = tmp_path / "profiles" / f"{name}.yaml"
    file.parent.mkdir(exist_ok=True)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    profile, problems = check_profile(file, Project(tmp_path), SOURCES)  # raises nothing
    assert all(p.file.endswith(f"{name}.yaml") and p.line >= 1 for p in problems)
    assert problems or profile is not None  # (an empty list or text may well be valid there)


def test_every_fixture_passes_every_rule():
    for name, data in FIXTURE_DATA.items():
        assert [found for rule in RULES for found in run(rule, data)] == [], name


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return copy_tree(tmp_path_factory.mktemp("rules"), profiles=False)


def _file_places(tree) -> list[tuple[str, tuple]]:
    out = []
    for rel in ("seeds/sources.yaml", *sorted(f"context/{p.name}" for p in (tree / "context").glob("*.yaml"))):
        data = load_file(tree / rel).data
        keep = set(list(data)[:4]) if rel == "seeds/sources.yaml" else set(data)  # a few sources are enough
        out += [(rel, path) for path in _paths(data) if path[0] in keep]
    return out


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_value_of_the_wrong_type_in_sources_or_context_is_reported_never_raised(tree, data):
    rel, path = data.draw(st.sampled_from(_file_places(tree)))
    wrong = data.draw(st.sampled_from(WRONG))
    file = tree / rel
    original = file.read_text(encoding="utf-8")
    content = load_file(file).data
    target = content
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = wrong
    file.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        project = Project(tree)
        sources, source_problems, unlisted = load_sources(project, with_unlisted=True)
        _, context_problems, _ = load_context(project, sources, unlisted)  # raises nothing
    finally:
        file.write_text(original, encoding="utf-8")
    assert all(p.line >= 1 for p in source_problems + context_problems)
