"""`check`: the sources, then the context files, then every profile, each problem at its
file:line:column; then, across profiles, warnings of developers that are probably one company
listed twice. The one place that knows the order; the rules live below it (citations.py for
citations and facts, validate.py for a profile, context.py for the context files, companies.py
for which entries are one company)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache
from .companies import entries, likely_duplicates
from .context import Context, load_context
from .load import MAX_BYTES, LoadError, load_file
from .problems import Problem, field_path
from .project import Project
from .schema import fast_validator, validator
from .sources import Source, load_sources
from .validate import Profile, check_profile


@dataclass
class CheckResult:
    profiles: list[Profile]
    sources: dict[str, Source]
    problems: list[Problem]
    context: Context | None = None
    warnings: list[Problem] = field(default_factory=list)  # worth a look; the data is valid all the same

    @property
    def ok(self) -> bool:
        return not self.problems


def check_project(project: Project, cache: Cache | None = None) -> CheckResult:
    cache = cache or Cache.disabled()
    # The sources and the context files are in every cache key (cache.fingerprint): their checked
    # form is kept in memory between the builds of one `mkdocs serve`.
    sources, source_problems, unlisted, context, context_problems = cache.get_or_compute(
        cache.key("sources and context"), lambda: _sources_and_context(project), persist=False)
    problems = list(context_problems)
    profiles: list[Profile] = []
    for profile, found in _check_all(_profile_files(project, problems), project, sources, unlisted, cache):
        problems += found
        if profile is not None and not found:
            profiles.append(profile)
    warnings = _likely_duplicates(project, profiles)
    # The sources' own problems first: a seed with no sources.yaml entry is the cause of what follows.
    problems = sorted(source_problems) + sorted(problems)
    if problems:
        profiles = []  # never render a partial site
    return CheckResult(profiles, sources, problems, context, warnings)


def _likely_duplicates(project: Project, profiles: list[Profile]) -> list[Problem]:
    """A warning where two profiles probably name one company that the browse pages would list
    twice (companies.likely_duplicates). A checked profile keeps no positions: the few files
    warned about are read again for theirs."""
    docs: dict = {}
    warnings = []
    for entry, other in likely_duplicates(entries((p.file, p.data) for p in profiles)):
        if entry.file not in docs:
            try:
                docs[entry.file] = load_file(project.root / entry.file)
            except (OSError, LoadError):
                docs[entry.file] = None
        line, col = docs[entry.file].position(entry.path) if docs[entry.file] else (1, 1)
        warnings.append(Problem(
            entry.file, line, col, field_path(entry.path),
            f"{entry.shown} may be the company {other.file} lists as {other.shown}, yet the browse pages list "
            "them apart: where a source states the Chinese legal name, give it (name_zh) in both; where no "
            "source says they are one company, leave them apart", level="warning"))
    return warnings


def _sources_and_context(project: Project):
    sources, source_problems, unlisted = load_sources(project, with_unlisted=True)
    context, context_problems, _ = load_context(project, sources, unlisted)
    return sources, source_problems, unlisted, context, context_problems


def _check_all(paths: list[Path], project: Project, sources: dict[str, Source], unlisted: frozenset, cache: Cache):
    """Check every profile file, in order: from the cache where the file is unchanged, the rest
    in parallel when many (files are independent)."""
    keys = [_content_key(path, project, cache) for path in paths]
    results = cache.get_or_compute_all(keys, _checked, (project, sources, unlisted), paths,
                                       prepare=lambda: (validator(), fast_validator()))
    for key, (profile, _problems) in zip(keys, results):
        if profile is not None:
            profile.key = key  # the same key each time this object is given out: it is its file's
    return results


def _content_key(path: Path, project: Project, cache: Cache) -> str | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None  # the loader reports it; not worth keeping
    except OSError:
        return None
    return cache.file_key("check", path, project.rel(path))


def _checked(shared: tuple[Project, dict[str, Source], frozenset], path: Path):
    profile, problems = check_profile(path, *shared)
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
