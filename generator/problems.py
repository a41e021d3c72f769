"""The one shape every error takes, so `check` can print them all the same way."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project root, with forward slashes
    line: int
    column: int
    field: str  # dotted field path such as developers[0].name, or (file) / (yaml)
    message: str
    level: str = "error"  # or "warning": worth a look, and the data stays valid

    def __str__(self) -> str:
        warning = "warning: " if self.level == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {warning}{self.message}"

    def github_annotation(self) -> str:
        # GitHub Actions shows these on the pull request's diff.
        msg = f"{self.field}: {self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.level} file={self.file},line={self.line},col={self.column}::{msg}"


def field_path(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(root)"
