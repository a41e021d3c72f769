"""MkDocs hook: run the generator before every build, so `mkdocs serve` follows YAML edits.

The generator writes only files whose bytes changed, so its own output does not wake the
watcher again. A profile with problems stops the build with the same messages as
`python -m generator check`.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import Abort  # noqa: E402

from generator.build import build  # noqa: E402
from generator.project import Project  # noqa: E402


def on_pre_build(config, **kwargs) -> None:
    outcome = build(Project(Path(config["config_file_path"]).resolve().parent))
    if outcome.problems:
        raise Abort("profiles have problems:\n" + "\n".join(str(p) for p in outcome.problems))
