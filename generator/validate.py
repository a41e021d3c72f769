"""Every rule a profile must meet: the schema, then what a schema cannot say.

Cross-field rules: the id is the file name, dates exist on the calendar, every citation
names a real source, every quote stands in its source, names used in one section are
defined in another. Each problem is reported at its file:line:column; checking goes on
after a problem so a contributor sees all of them at once.
"""
from __future__ import annotations

import calendar
import copy
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fastjsonschema
from jsonschema import Draft202012Validator

from . import parallel
from .cache import Cache
from .load import MAX_BYTES, Document, LoadError, load_file
from .problems import Problem, field_path
from .project import SCHEMA_PATH, Project
from .schema_errors import schema_problems
from .sources import Source, is_url, load_sources, normalise

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
SEED_NAME = re.compile(r"[0-9A-Za-z_.-]+\.txt")
DATE_FIELDS = frozenset({"date", "as_of", "last_reviewed"})
CHECKED_KEYS = DATE_FIELDS | {"cite"}  # one walk of a profile finds both


@dataclass
class Profile:
    id: str
    file: str  # relative path, e.g. profiles/vum02-ppf.yaml
    data: dict
    doc: Document | None  # positions, kept only while checking
    key: str | None = None  # the cache key of the file's content: work derived from it is cached under it


@dataclass
class CheckResult:
    profiles: list[Profile]
    sources: dict[str, Source]
    problems: list[Problem]
    context: object = None  # generator.context.Context

    @property
    def ok(self) -> bool:
        return not self.problems


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    # Built once: jsonschema compiles $refs and patterns on first use and keeps them.
    return Draft202012Validator(schema())


@lru_cache(maxsize=1)
def _fast_validator():
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
        _fast_validator()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_project(project: Project, cache: Cache | None = None) -> CheckResult:
    from .context import load_context  # context borrows this module's citation rules

    sources, problems = load_sources(project)
    context, context_problems = load_context(project, sources)
    problems += context_problems
    profiles: list[Profile] = []
    for profile, found in _check_all(_profile_files(project, problems), project, sources, cache or Cache.disabled()):
        problems += found
        if profile is not None and not found:
            profiles.append(profile)
    problems.sort()
    if problems:
        profiles = []  # never render a partial site
    return CheckResult(profiles, sources, problems, context)


def _check_all(paths: list[Path], project: Project, sources: dict[str, Source], cache: Cache):
    """Check every profile file, in order: from the cache where the file is unchanged, the rest
    in parallel when many (files are independent)."""
    keys = [_content_key(path, project, cache) for path in paths]
    results = [cache.get(key) for key in keys]
    todo = [i for i, result in enumerate(results) if result is None]
    if todo:
        _validator(), _fast_validator()  # compile once, before any fork
        for i, result in zip(todo, parallel.forked_map(_checked_in_worker, [paths[i] for i in todo], (project, sources))):
            cache.put(keys[i], result)
            results[i] = result
    for key, (profile, _problems) in zip(keys, results):
        if profile is not None:
            profile.key = key
    return results


def _content_key(path: Path, project: Project, cache: Cache) -> str | None:
    if not cache.enabled:
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            return None  # the loader reports it; not worth keeping
        return cache.key("check", project.rel(path), path.read_bytes())
    except OSError:
        return None


def _checked_in_worker(path: Path):
    return _checked(path, *parallel.state())


def _checked(path: Path, project: Project, sources: dict[str, Source]):
    profile, problems = check_profile(path, project, sources)
    if profile is not None:
        profile.doc = None  # positions are only needed for the problems, already reported
    return profile, problems


def _profile_files(project: Project, problems: list[Problem]) -> list[Path]:
    if not project.profiles_dir.is_dir():
        problems.append(Problem("profiles", 1, 1, "(folder)", "the profiles/ folder is missing"))
        return []
    files = []
    for path in sorted(project.profiles_dir.iterdir()):
        rel = project.rel(path)
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            problems.append(Problem(rel, 1, 1, "(file)", "symbolic links are not allowed in profiles/; add the file itself"))
        elif path.is_dir():
            problems.append(Problem(rel, 1, 1, "(file)", "folders are not allowed in profiles/"))
        elif path.suffix == ".yml":
            problems.append(Problem(rel, 1, 1, "(file)", f"profile files end in .yaml: rename to {path.stem}.yaml"))
        elif path.suffix != ".yaml":
            problems.append(Problem(rel, 1, 1, "(file)", "only <id>.yaml profile files belong in profiles/"))
        else:
            files.append(path)
    return files


def check_profile(path: Path, project: Project, sources: dict[str, Source]) -> tuple[Profile | None, list[Problem]]:
    rel = project.rel(path)
    problems: list[Problem] = []
    if not SLUG.fullmatch(path.stem) or len(path.stem) > 80:
        problems.append(Problem(rel, 1, 1, "(file name)",
                                f"'{path.stem}' is not a valid id: use lower-case kebab-case (a-z, 0-9, single hyphens), at most 80 characters"))
    try:
        doc = load_file(path)
    except LoadError as exc:
        return None, problems + [Problem(rel, exc.line, exc.column, exc.field, exc.message)]

    if not schema_valid(doc.data):
        problems += schema_problems(_validator(), doc, rel)
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
    problems += cite_problems(doc, rel, sources, [(p, v) for p, v in found if p[-1] == "cite"])
    _check_references(data, add)
    return Profile(path.stem, rel, data, doc), problems


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


def cite_problems(doc: Document, rel: str, sources: dict[str, Source], cites: list | None = None) -> list[Problem]:
    """Every citation in a document (profile or context file) against the sources. `cites` are
    its (path, value) entries under `cite` when the caller has found them already."""
    found = []
    for path_, value in find_keys(doc.data, frozenset({"cite"})) if cites is None else cites:
        if isinstance(value, list):
            for i, citation in enumerate(value):
                if isinstance(citation, dict):
                    for sub, message in citation_problems(citation, sources):
                        line, col = doc.position(path_ + (i, sub))
                        found.append(Problem(rel, line, col, field_path(path_ + (i, sub)), message))
    return found


def citation_problems(citation: dict, sources: dict[str, Source]):
    ref = citation.get("source")
    if not isinstance(ref, str):
        return  # the schema reports it
    quote, at = citation.get("quote"), citation.get("at")
    if is_url(ref):
        # Web pages are cited by place, never by quote: the tracker copies no third-party web
        # text, and a page cannot be read at build time anyway (`check --online` reads it).
        if ref not in sources:
            yield "source", f"no entry for the web page {ref} in seeds/sources.yaml: add one (label, title, outlet, kind, published, language, accessed)"
        if quote is not None:
            yield "quote", "a web page is cited without a quote (the tracker copies no text from web pages): delete the quote and say in `at` where on the page the fact stands"
        elif at is None:
            yield "source", "a web page citation needs `at`: where on the page the fact stands, e.g. ¶4, list item 2, table row CXSL2400092"
        return
    if not SEED_NAME.fullmatch(ref):
        return  # the schema reports it
    source = sources.get(ref)
    if source is None:
        yield "source", f"no source document '{ref}' in seeds/ (is it listed in seeds/sources.yaml?)"
        return
    if at is not None:
        yield "at", "`at` is for web pages; a document in seeds/ is cited by a quote, which the page links to its paragraph"
    if quote is None:
        yield "source", "a citation of a document in seeds/ needs `quote`: the words of the document that state the fact, copied verbatim"
    elif isinstance(quote, str) and normalise(quote) not in source.normalised:
        yield "quote", f"quote not found in {ref}: {normalise(quote)[:80]!r}"


def _check_references(data: dict, add) -> None:
    people = {p.get("name") for p in data.get("people") or [] if isinstance(p, dict)}
    indications = {i.get("name") for i in data.get("indications") or [] if isinstance(i, dict)}
    identifiers = [i.get("value") for i in data.get("identifiers") or [] if isinstance(i, dict)]
    seen: dict = {}
    for i, value in enumerate(identifiers):
        if value in seen:
            add(("identifiers", i, "value"), f"identifier '{value}' is listed twice (first as identifiers[{seen[value]}])")
        seen.setdefault(value, i)
    for section in ("identifiers", "milestones", "trials"):
        for i, entry in enumerate(data.get(section) or []):
            if isinstance(entry, dict) and "indication" in entry and entry["indication"] not in indications:
                add((section, i, "indication"), f"'{entry['indication']}' is not the name of one of this profile's indications")
    for t, trial in enumerate(data.get("trials") or []):
        if not isinstance(trial, dict):
            continue
        for j, name in enumerate(trial.get("investigators") or []):
            if name not in people:
                add(("trials", t, "investigators", j), f"'{name}' is not listed under people")
        for j, value in enumerate(trial.get("identifiers") or []):
            if value not in seen:
                add(("trials", t, "identifiers", j), f"'{value}' is not listed under identifiers")


def find_keys(value, keys: frozenset, path: tuple = (), found: list | None = None) -> list[tuple[tuple, object]]:
    """(path, value) for every mapping entry whose key is in `keys`, at any depth, in document
    order. Appends to one list rather than chaining generators: this walks every node of every
    profile."""
    if found is None:
        found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in keys:
                found.append((path + (k,), v))
            if v.__class__ is dict or v.__class__ is list:
                find_keys(v, keys, path + (k,), found)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if v.__class__ is dict or v.__class__ is list:
                find_keys(v, keys, path + (i,), found)
    return found
