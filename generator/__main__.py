"""Command line: `python -m generator check` and `python -m generator build`.

Exit status: 0 all well, 1 problems in the data (each printed as file:line:column: field: message),
2 wrong usage. Under GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed as an
annotation so it shows on the pull request's diff.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .project import Project, default_project


def _report(problems, stream=sys.stdout) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem, file=stream)
        if annotate:
            print(problem.github_annotation(), file=stream)
    files = len({p.file for p in problems})
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="project folder (default: the one holding this package)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every profile and source; print every problem")
    sub.add_parser("build", help="check, then write docs/ pages and data files")
    args = parser.parse_args(argv)
    project = Project(args.root.resolve()) if args.root else default_project()

    if args.command == "check":
        from .validate import check_project

        result = check_project(project)
        if result.problems:
            _report(result.problems)
            return 1
        print(f"ok: {len(result.profiles)} profiles, {len(result.sources)} sources", file=sys.stderr)
        return 0

    from .build import build

    outcome = build(project)
    if outcome.problems:
        _report(outcome.problems)
        return 1
    print(f"built {outcome.pages} pages from {outcome.profiles} profiles: "
          f"{outcome.written} written, {outcome.removed} removed, {outcome.unchanged} unchanged", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
