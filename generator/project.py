"""Where things live in the tree. Tests point a Project at a temporary copy."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = PACKAGE_DIR / "schema" / "profile.schema.json"
SOURCES_SCHEMA_PATH = PACKAGE_DIR / "schema" / "sources.schema.json"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def sources_meta(self) -> Path:
        return self.seeds_dir / "sources.yaml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class NoProject(Exception):
    """Neither the current folder nor any folder above it is a clone of the project."""


def find_root(start: Path) -> Path | None:
    """The nearest folder from `start` up that holds profiles/ and mkdocs.yml, the two things every
    clone has (a bare profiles/ folder could be anybody's)."""
    for folder in (start, *start.parents):
        if (folder / "profiles").is_dir() and (folder / "mkdocs.yml").is_file():
            return folder
    return None


def default_project(cwd: Path | None = None) -> Project:
    """The project the command is run in, found from the current folder up. An installed
    `cst-generator` lives in site-packages, far from any clone, so the package's own place says
    nothing about which project is meant; inside a clone it is the same folder anyway."""
    start = (cwd or Path.cwd()).resolve()
    root = find_root(start)
    if root is None:
        raise NoProject(f"{start} is not inside the project: run this in a clone (the folder holding "
                        "profiles/ and mkdocs.yml, or one below it), or give --root")
    return Project(root)
