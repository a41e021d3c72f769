"""Write generated files under docs/ only when their bytes change, and remove stale ones.

Writing unchanged files would wake `mkdocs serve`'s watcher and loop; a file is replaced
atomically so the server never reads half of one.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .routes import OWNED_DIRS  # docs/ also holds hand-written pages: the generator owns only these

@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


class Written:
    """What one long-running process (`mkdocs serve`) last wrote or found under docs/: each file's
    bytes and stat signature. A rebuild then compares an output with those bytes, not with the
    file read again, while the file's signature is the one it had then (see cache.Memory: any
    write changes it): at 1,000 profiles that is 3,400 files, 60 MB, not read for every edit."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, tuple]] = {}

    def same(self, rel: str, target: Path, data: bytes) -> bool:
        known = self.files.get(rel)
        return known is not None and (known[0] is data or known[0] == data) and _signature(target) == known[1]

    def record(self, rel: str, target: Path, data: bytes) -> None:
        self.files[rel] = (data, _signature(target))


def _signature(path: Path) -> tuple | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) if stat.S_ISREG(st.st_mode) else None


def write_outputs(docs: Path, outputs: dict[str, bytes], written: Written | None = None) -> WriteStats:
    stats = WriteStats()
    for rel, data in sorted(outputs.items()):
        target = docs / rel
        if written is not None and written.same(rel, target, data):
            stats.unchanged += 1
            continue
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            stats.unchanged += 1
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, target)
            stats.written += 1
        if written is not None:
            written.record(rel, target, data)
    for owned in OWNED_DIRS:
        stats.removed += _remove_stale(docs, owned, outputs)
    if written is not None:
        written.files = {rel: known for rel, known in written.files.items() if rel in outputs}
    return stats


def _remove_stale(docs: Path, owned: str, outputs: dict[str, bytes]) -> int:
    """Remove what the generator made under docs/<owned> and no longer makes, and the folders
    that leaves empty; how many files went. (os.walk, not Path.rglob: the kind of each entry comes
    with its folder's listing, where rglob asked the file system about each of 3,400 paths.)"""
    removed = 0
    emptied: set[str] = set()
    for folder, dirs, files in os.walk(docs / owned, topdown=False):
        rel_folder = Path(folder).relative_to(docs).as_posix()
        kept = 0
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            if f"{rel_folder}/{name}" in outputs:
                kept += 1
            else:
                os.unlink(os.path.join(folder, name))
                removed += 1
        kept += sum(1 for d in dirs if f"{rel_folder}/{d}" not in emptied and not os.path.islink(os.path.join(folder, d)))
        if not kept and rel_folder != owned:
            os.rmdir(folder)
            emptied.add(rel_folder)
    return removed
