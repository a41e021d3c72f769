"""A working copy of the project's data and site configuration in another folder, for tests and
benchmarks that change or generate profiles without touching the real tree."""
from __future__ import annotations

import shutil
from pathlib import Path

from .routes import OWNED_DIRS, OWNED_FILES

COPIED = ("seeds", "docs", "overrides", "context", "mkdocs.yml")


def copy_tree(root: Path, dest: Path, *, profiles: bool = True) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = root / name
        if src.is_dir():
            # hand-written files only: what the generator owns is left for it to write
            generated = (*OWNED_DIRS, *OWNED_FILES) if name == "docs" else ()
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(*generated))
        else:
            shutil.copy(src, dest / name)
    (dest / "profiles").mkdir()
    if profiles:
        for f in (root / "profiles").glob("*.yaml"):
            shutil.copy(f, dest / "profiles" / f.name)
    # The MkDocs hook is found relative to mkdocs.yml; point it at the real package.
    (dest / "generator").symlink_to(root / "generator")
    return dest
