"""The rules a profile must meet: the schema, then what a schema cannot say.

Cross-field rules: the id is the file name, dates exist on the calendar, a status holds as of a
date, names used in one section are defined in another; then every citation (generator/citations.py)
and every fact against its quotes. Each problem is reported at its file:line:column; checking goes
on after a problem so a contributor sees all of them at once. Orchestration (sources, context, all
profiles, the cache) is generator/check.py.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import routes
from .citations import Provenance, cite_problems, fact_check, find_keys
from .load import Document, LoadError, listed, load_file
from .problems import Problem, field_path
from .project import Project
from .schema import labels, schema_valid, valid_slug, validator
from .schema_errors import schema_problems
from .sources import Source

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
DATE_FIELDS = frozenset({"date", "as_of", "last_reviewed"})
CHECKED_KEYS = DATE_FIELDS | {"cite"}  # one walk of a profile finds both

@dataclass
class Profile:
    id: str
    file: str  # relative path, e.g. profiles/vum02-ppf.yaml
    data: dict
    doc: Document | None  # positions, kept only while checking
    key: str | None = None  # the cache key of the file's content: work derived from it is cached under it
    provenance: Provenance = field(default_factory=Provenance)  # what the fact-level check found


def check_profile(path: Path, project: Project, sources: dict[str, Source],
                  unlisted: frozenset = frozenset()) -> tuple[Profile | None, list[Problem]]:
    rel = project.rel(path)
    problems: list[Problem] = []
    if not valid_slug(path.stem):
        problems.append(Problem(rel, 1, 1, "(file name)",
                                f"'{path.stem}' is not a valid id: use lower-case kebab-case (a-z, 0-9, single hyphens), at most 80 characters"))
    elif not routes.valid("id", path.stem):
        problems.append(Problem(rel, 1, 1, "(file name)",
                                f"'{path.stem}' cannot be an id: {routes.path('overview')} is the profiles overview's own page"))
    try:
        doc = load_file(path)
    except LoadError as exc:
        return None, problems + [Problem(rel, exc.line, exc.column, exc.field, exc.message)]

    if not schema_valid(doc.data):
        problems += schema_problems(validator(), doc, rel)
    data = doc.data
    if not isinstance(data, dict):
        return None, problems

    def add(path_: tuple, message: str, key: bool = False) -> None:
        line, col = doc.position(path_, key=key)
        problems.append(Problem(rel, line, col, field_path(path_), message))

    if isinstance(data.get("id"), str) and data["id"] != path.stem:
        add(("id",), f"id '{data['id']}' must equal the file name '{path.stem}'")

    found = find_keys(data, CHECKED_KEYS)
    for path_, value in found:
        if path_[-1] in DATE_FIELDS and isinstance(value, str):
            message = date_problem(value)
            if message:
                add(path_, message)
    cited = cite_problems(doc, rel, sources, [(p, v) for p, v in found if p[-1] == "cite"], unlisted)
    problems = _without_duplicates(problems, cited)
    for rule in RULES:
        rule(data, add)
    findings, provenance = fact_check(data, sources)
    taken = {(p.line, p.column) for p in problems}  # a value the schema or a rule rejected already
    for finding in findings:
        if doc.position(finding.path) not in taken:
            add(finding.path, finding.message)
    return Profile(path.stem, rel, data, doc, provenance=provenance), problems


def _without_duplicates(problems: list[Problem], cited: list[Problem]) -> list[Problem]:
    """A citation's own message ("did you mean x.txt") replaces the schema's general one at
    the same place."""
    places = {(p.line, p.column, p.field) for p in cited}
    return [p for p in problems if (p.line, p.column, p.field) not in places] + cited


def date_problem(text: str) -> str | None:
    match = _DATE.fullmatch(text)
    if not match:
        return None  # the schema reports the format
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"'{text}' is not a real date: month {month} does not exist"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"'{text}' is not a real date: {calendar.month_name[month]} {year} has no day {day}"
    return None


# What a schema cannot say, as small named rules: each reads the profile's data, reports through
# add(path, message), and leaves values of the wrong type to the schema's message (a list where a
# name belongs must not stop the check). tests/test_rules.py runs each one directly.
Add = Callable[[tuple, str], None]


def _entries(data: dict, section: str) -> list[tuple[int, dict]]:
    return [(i, e) for i, e in enumerate(listed(data.get(section))) if isinstance(e, dict)]


def _texts(data: dict, section: str, key: str) -> set[str]:
    return {e[key] for _, e in _entries(data, section) if isinstance(e.get(key), str)}


def identifiers_listed_once(data: dict, add: Add) -> None:
    seen: dict[str, int] = {}
    for i, entry in _entries(data, "identifiers"):
        value = entry.get("value")
        if isinstance(value, str):
            if value in seen:
                add(("identifiers", i, "value"), f"identifier '{value}' is listed twice (first as identifiers[{seen[value]}])")
            seen.setdefault(value, i)


def indications_defined(data: dict, add: Add) -> None:
    """Identifiers, milestones and trials name one of the profile's own indications."""
    indications = _texts(data, "indications", "name")
    for section in ("identifiers", "milestones", "trials"):
        for i, entry in _entries(data, section):
            if isinstance(entry.get("indication"), str) and entry["indication"] not in indications:
                add((section, i, "indication"), f"'{entry['indication']}' is not the name of one of this profile's indications")


def _trials_name_listed(data: dict, add: Add, key: str, section: str, known: set[str]) -> None:
    """Every text in a trial's list `key` is one of `known`, the names listed under `section`."""
    for t, trial in _entries(data, "trials"):
        for j, value in enumerate(listed(trial.get(key))):
            if isinstance(value, str) and value not in known:
                add(("trials", t, key, j), f"'{value}' is not listed under {section}")


def investigators_listed(data: dict, add: Add) -> None:
    _trials_name_listed(data, add, "investigators", "people", _texts(data, "people", "name"))


def trial_identifiers_listed(data: dict, add: Add) -> None:
    _trials_name_listed(data, add, "identifiers", "identifiers", _texts(data, "identifiers", "value"))


def _development(data: dict) -> dict | None:
    """The development block, when its status is one the schema knows (else the schema reports it)."""
    dev = data.get("development")
    status = dev.get("status") if isinstance(dev, dict) else None
    return dev if isinstance(status, str) and status in labels()["status"] else None


def status_dated(data: dict, add: Add) -> None:
    """A status other than unknown holds as of a date: the latest dated evidence for it."""
    dev = _development(data)
    if dev is not None and dev["status"] != "unknown" and dev.get("as_of") is None:
        add(("development", "status"), f"status '{dev['status']}' needs `as_of`: the date of the latest source "
            "that shows it (a status holds as of a date); with no dated source, the status is unknown")


def as_of_not_before_milestones(data: dict, add: Add) -> None:
    dev = _development(data)
    as_of = dev.get("as_of") if dev is not None else None
    dates = [e["date"] for _, e in _entries(data, "milestones") if isinstance(e.get("date"), str)]
    if isinstance(as_of, str) and dates and max(dates) > as_of and not max(dates).startswith(as_of):
        add(("development", "as_of"), f"as_of {as_of} is earlier than the latest milestone ({max(dates)}): "
            "a status holds as of the latest dated evidence")


RULES: tuple[Callable[[dict, Add], None], ...] = (
    identifiers_listed_once, indications_defined, investigators_listed, trial_identifiers_listed,
    status_dated, as_of_not_before_milestones,
)
