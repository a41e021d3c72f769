"""Check the profiles, start one, draft one from a source document, or build the site's pages.

Run as `./dev check`, `./dev new <id>`, `./dev draft <seed>` (`build` is what ./dev serve and
./dev build run first); or as `python -m generator ...` or the installed `cst-generator ...`, which
find the project from the current folder up.

Exit status: 0 all well, 1 problems in the data (each printed as file:line:column: field: message),
2 wrong usage. Warnings (file:line:column: field: warning: message, on stderr) leave it 0. Under
GitHub Actions (GITHUB_ACTIONS=true) each problem and warning is also printed as an annotation so it
shows on the pull request's diff.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .project import NoProject, Project, default_project


def _print(problems, stream) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem, file=stream)
        if annotate:
            print(problem.github_annotation(), file=stream)


def _report(problems) -> None:
    _print(problems, sys.stdout)
    files = len({p.file for p in problems})
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    # Usage lines name the command as it was typed: ./dev sets CST_PROG, since it runs this module.
    prog = os.environ.get("CST_PROG") or (
        "cst-generator" if Path(sys.argv[0]).name == "cst-generator" else "python -m generator")
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path,
                        help="project folder (default: the one holding profiles/ and mkdocs.yml, from the current folder up)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every profile and source; print every problem")
    check.add_argument("--report", action="store_true",
                       help="also print the provenance report: values checked by machine, cited to web pages, free text")
    check.add_argument("--online", action="store_true",
                       help="fetch every cited web page and check that its values stand on it; write seeds/online-check.json")
    sub.add_parser("build", help="check, then write docs/ pages and data files")
    new = sub.add_parser("new", help="write profiles/<id>.yaml: every field of the schema, commented")
    new.add_argument("id", help="lower-case kebab-case, e.g. acme-msc-knee-oa")
    draft = sub.add_parser("draft", help="propose a profile from a document in seeds/ (printed, not written)")
    draft.add_argument("seed", type=Path, help="e.g. seeds/003_5b6dafc463f4908e.txt")
    args = parser.parse_args(argv)
    try:
        project = Project(args.root.resolve()) if args.root else default_project()
    except NoProject as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.command == "check":
        from .cache import Cache
        from .check import check_project

        with Cache.open(project) as cache:
            result = check_project(project, cache)
        # Warnings go to stderr: stdout holds problems only, and the online check's report is its stdout.
        _print(result.warnings, sys.stderr)
        if result.problems:
            _report(result.problems)
            return 1
        print(f"ok: {len(result.profiles)} profiles, {len(result.sources)} sources", file=sys.stderr)
        if args.report:
            from .provenance import report, report_text, summary

            sys.stdout.write(report_text(report([(p.id, summary(p.provenance)) for p in result.profiles],
                                                result.context.provenance if result.context else None,
                                                {u: {"checked": s.checked_online, "result": s.online_result}
                                                 for u, s in result.sources.items() if s.is_web})))
        if args.online:
            from .online import check_online

            return check_online(project, result)
        return 0

    if args.command == "new":
        return _new(project, args.id)
    if args.command == "draft":
        return _draft(project, args.seed)

    from .build import build

    outcome = build(project)
    if outcome.problems:
        _report(outcome.problems)
        return 1
    print(f"built {outcome.pages} pages from {outcome.profiles} profiles: "
          f"{outcome.written} written, {outcome.removed} removed, {outcome.unchanged} unchanged", file=sys.stderr)
    return 0


def _new(project: Project, profile_id: str) -> int:
    from .skeleton import template
    from .schema import valid_slug

    if not valid_slug(profile_id):
        print(f"error: '{profile_id}' is not a valid id: use lower-case kebab-case (a-z, 0-9, single hyphens)", file=sys.stderr)
        return 2
    path = project.profiles_dir / f"{profile_id}.yaml"
    if path.exists():
        print(f"error: {project.rel(path)} already exists", file=sys.stderr)
        return 2
    path.write_text(template(profile_id), encoding="utf-8")
    print(f"wrote {project.rel(path)}: fill in the required fields, uncomment the optional ones the sources state, then run `./dev check`",
          file=sys.stderr)
    return 0


def _draft(project: Project, seed: Path) -> int:
    from .draft import draft
    from .load import LoadError, read_text

    path = seed if seed.is_absolute() else Path.cwd() / seed
    if not path.is_file():
        path = project.seeds_dir / seed.name
    if path.resolve().parent != project.seeds_dir.resolve() or not path.is_file():
        print(f"error: {seed} is not a document in {project.rel(project.seeds_dir)}/", file=sys.stderr)
        return 2
    try:
        text = read_text(path)
    except LoadError as exc:
        print(f"{project.rel(path)}:{exc.line}:{exc.column}: {exc.field}: {exc.message}", file=sys.stderr)
        return 1
    sys.stdout.write(draft(path.name, text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
