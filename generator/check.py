"""`check`: the sources, then the context files, then every profile, each problem at its
file:line:column. The one place that knows the order; the rules live below it (citations.py for
citations and facts, validate.py for a profile, context.py for the context files)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import parallel
from .cache import Cache
from .context import Context, load_context
from .load import MAX_BYTES
from .problems import Problem
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

    @property
    def ok(self) -> bool:
        return not self.problems


def check_project(project: Project, cache: Cache | None = None) -> CheckResult:
    sources, source_problems, unlisted = load_sources(project, with_unlisted=True)
    context, problems, _ = load_context(project, sources, unlisted)
    profiles: list[Profile] = []
    for profile, found in _check_all(_profile_files(project, problems), project, sources, unlisted,
                                     cache or Cache.disabled()):
        problems += found
        if profile is not None and not found:
            profiles.append(profile)
    # The sources' own problems first: a seed with no sources.yaml entry is the cause of what follows.
    problems = sorted(source_problems) + sorted(problems)
    if problems:
        profiles = []  # never render a partial site
    return CheckResult(profiles, sources, problems, context)


def _check_all(paths: list[Path], project: Project, sources: dict[str, Source], unlisted: frozenset, cache: Cache):
    """Check every profile file, in order: from the cache where the file is unchanged, the rest
    in parallel when many (files are independent)."""
    keys = [_content_key(path, project, cache) for path in paths]
    results = [cache.get(key) for key in keys]
    todo = [i for i, result in enumerate(results) if result is None]
    if todo:
        validator(), fast_validator()  # compile once, before any fork
        for i, result in zip(todo, parallel.forked_map(_checked_in_worker, [paths[i] for i in todo],
                                                       (project, sources, unlisted))):
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


def _checked(path: Path, project: Project, sources: dict[str, Source], unlisted: frozenset = frozenset()):
    profile, problems = check_profile(path, project, sources, unlisted)
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
