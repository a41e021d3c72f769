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


def default_project() -> Project:
    return Project(PACKAGE_DIR.parent)
