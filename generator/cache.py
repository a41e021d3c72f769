"""Per-profile results kept between builds, keyed by the hash of everything they depend on.

A build then redoes only what its inputs changed: under `mkdocs serve`, editing one profile
checks and renders that profile again (and the pages that list it), not every profile.

A key is the SHA-256 of the generator's fingerprint (its own code and schema and the versions
of Python and of the libraries that shape its output, as loaded; its templates; the seed
documents and the context files) and of the item's own inputs (a profile file's path and bytes;
for a page, also its last-edited date and what it shows of its related profiles). A hit is therefore exactly what
computing again would give, and a damaged or unreadable entry is simply a miss. Entries live in
`.cache/generator.sqlite` beside mkdocs.yml (git-ignored, local to one checkout, written only by
this module). Jinja's compiled templates are kept in `.cache/jinja/` (template_cache).
`CST_CACHE=off` turns both off, and deleting `.cache/` is always safe.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .project import PACKAGE_DIR, Project

FOLDER = Path(".cache")
FILE = FOLDER / "generator.sqlite"
_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "fastjsonschema", "jsonschema")


def _hash_files(h, root: Path, folder: Path, skip: Path | None = None) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not (skip and path.is_relative_to(skip)):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())


def _enabled() -> bool:
    return os.environ.get("CST_CACHE", "").lower() not in ("off", "0", "no", "false")


class _BytecodeCache(FileSystemBytecodeCache):
    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a folder that cannot be written makes the next process slower, not wrong


def template_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept beside the build cache: a new process (every `mkdocs build`,
    every CI run) then loads them instead of compiling all templates again (2 ms against 65).
    Jinja checks each against its template's source, so a changed template is compiled anew."""
    if not _enabled():
        return None
    folder = PACKAGE_DIR.parent / FOLDER / "jinja"  # beside the templates, which may serve several projects
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(folder))


@lru_cache(maxsize=1)
def _loaded_code() -> bytes:
    """Python, the libraries, and the generator's code and schema as this process loaded them,
    hashed once. A long-running `mkdocs serve` keeps the modules and the schema it started with:
    were they hashed from disk at every build, an edit to them (or a library upgraded under it)
    would file results of the old code under the new code's keys, and the next process would
    take them from the cache as its own."""
    h = hashlib.sha256(sys.version.encode() + b"\0")
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    _hash_files(h, PACKAGE_DIR.parent, PACKAGE_DIR, skip=PACKAGE_DIR / "templates")
    return h.digest()


def fingerprint(project: Project) -> bytes:
    """What every result depends on besides its own inputs."""
    h = hashlib.sha256(_loaded_code())
    _hash_files(h, PACKAGE_DIR.parent, PACKAGE_DIR / "templates")  # Jinja reloads a changed template
    _hash_files(h, project.root, project.seeds_dir)
    _hash_files(h, project.root, project.root / "context")
    return h.digest()


class Cache:
    """Entries are pickles in one SQLite file: a build reads and writes thousands of small
    entries, and one file written in one transaction costs a fraction of a file per entry."""

    def __init__(self, path: Path | None, fingerprint_: bytes = b""):
        self.path = path
        self._fingerprint = fingerprint_
        self._db: sqlite3.Connection | None = None
        self._pending: dict[str, bytes] = {}
        self.used: set[str] = set()

    @classmethod
    def open(cls, project: Project) -> Cache:
        if not _enabled():
            return cls.disabled()
        return cls(project.root / FILE, fingerprint(project))

    @classmethod
    def disabled(cls) -> Cache:
        return cls(None)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def key(self, kind: str, *parts) -> str:
        """`parts` are text, bytes, or tuples and lists of them."""
        h = hashlib.sha256(self._fingerprint)
        h.update(kind.encode() + b"\0")
        _update(h, parts)
        return h.hexdigest()

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and self.path is not None:
            try:
                self._db = self._connect()
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError):
                    self.path = None  # locked or read-only: build without the cache
                else:  # not a database (damaged, or something else): start a new one
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                    try:
                        self._db = self._connect()
                    except (sqlite3.Error, OSError):
                        self.path = None
            except OSError:
                self.path = None  # .cache is not a folder, or cannot be made
        return self._db

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # a build and `mkdocs serve` may overlap
            # A cache needs no durability: a file damaged by a crash is replaced (see above).
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def get(self, key: str | None):
        if key is None or self._connection() is None:
            return None
        self.used.add(key)
        try:
            row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except Exception:  # damaged, or from another Python: recompute
            return None

    def put(self, key: str | None, value) -> None:
        if key is None or self.path is None:
            return
        self.used.add(key)
        self._pending[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    def close(self, prune: bool = False) -> None:
        """Write what was put, in one transaction; with `prune`, drop every entry this build did
        not use, so the file holds one site's worth."""
        db = self._connection()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", self._pending.items())
                if prune:
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                    db.execute("DELETE FROM used")
                    db.executemany("INSERT INTO used (key) VALUES (?)", ((k,) for k in self.used))
                    db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error:
            pass  # the next build is slower, not wrong
        finally:
            db.close()
            self._db, self._pending = None, {}


def _update(h, value) -> None:
    if isinstance(value, bytes):
        h.update(b"b%d:" % len(value) + value)
    elif isinstance(value, str):
        data = value.encode()
        h.update(b"s%d:" % len(data) + data)
    elif isinstance(value, (tuple, list)):
        h.update(b"(%d:" % len(value))
        for item in value:
            _update(h, item)
    elif value is None:
        h.update(b"n")
    else:
        raise TypeError(f"cache key parts are text, bytes or sequences of them, not {type(value).__name__}")
