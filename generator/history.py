"""When each profile file was last changed, from git history: shown as "last edited".

Never wrong rather than always present: no date for a file with uncommitted changes, for a
shallow clone (whose history is cut short) or where git or the repository is missing.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def last_edited(root: Path, folder: str = "profiles") -> dict[str, str]:
    """Relative file path -> date (YYYY-MM-DD) of the last commit that touched it."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != root.resolve():
        return {}
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return {}
    log = _git(root, "log", "--format=%x00%cs", "--name-only", "--", f"{folder}/")
    dirty = _git(root, "status", "--porcelain", "--untracked-files=all", "--", f"{folder}/")
    if log is None or dirty is None:
        return {}
    changed = {line[3:].strip() for line in dirty.splitlines() if line.strip()}
    dates: dict[str, str] = {}
    date = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            date = line[1:].strip()
        elif line.strip() and line.strip() not in dates:
            dates[line.strip()] = date
    return {path: d for path, d in dates.items() if path not in changed}
