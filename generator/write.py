"""Write generated files under docs/ only when their bytes change, and remove stale ones.

Writing unchanged files would wake `mkdocs serve`'s watcher and loop; a file is replaced
atomically so the server never reads half of one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .routes import OWNED_DIRS  # docs/ also holds hand-written pages: the generator owns only these

@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def write_outputs(docs: Path, outputs: dict[str, bytes]) -> WriteStats:
    stats = WriteStats()
    for rel, data in sorted(outputs.items()):
        target = docs / rel
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            stats.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        stats.written += 1
    for owned in OWNED_DIRS:
        folder = docs / owned
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(docs).as_posix()
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in outputs:
                path.unlink()
                stats.removed += 1
    return stats
