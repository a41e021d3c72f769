"""Results kept between builds, keyed by the hash of everything they depend on: the one owner
of caching. A build opens the cache (`with Cache.open(project) as cache:`), each stage asks it
for what it needs (`get_or_compute`, or `get_or_compute_all` for many items, the missing ones
computed in forked workers), and closing it writes what was computed and drops what no build
asked for. A build then redoes only what its inputs changed: under `mkdocs serve`, editing one
profile checks and renders that profile again, not every profile.

A key is the SHA-256 of the generator's fingerprint (its own code and schema and the versions
of Python and of the libraries that shape its output, as loaded; its templates; the seed
documents and the context files) and of the item's own inputs (a profile file's path and bytes;
for a page, also its last-edited date and what it shows of its related profiles). A hit is
therefore exactly what computing again would give, and a damaged or unreadable entry is simply a
miss. Entries live in `.cache/generator.sqlite` beside mkdocs.yml (git-ignored, local to one
checkout, written only by this module); a long-running `mkdocs serve` also keeps them in memory
(Memory). Jinja's compiled templates are kept in `.cache/jinja/` (template_cache).
`CST_CACHE=off` turns all of it off, and deleting `.cache/` is always safe.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from jinja2 import FileSystemBytecodeCache

from . import parallel
from .project import PACKAGE_DIR, Project

FOLDER = Path(".cache")
FILE = FOLDER / "generator.sqlite"
_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "fastjsonschema", "jsonschema")


def _hash_files(h, root: Path, folder: Path, skip: Path | None = None, memory: Memory | None = None) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not (skip and path.is_relative_to(skip)):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(_digest(path, memory))


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


def fingerprint(project: Project, memory: Memory | None = None) -> bytes:
    """What every result depends on besides its own inputs."""
    h = hashlib.sha256(_loaded_code())
    _hash_files(h, PACKAGE_DIR.parent, PACKAGE_DIR / "templates", memory=memory)  # Jinja reloads a changed template
    _hash_files(h, project.root, project.seeds_dir, memory=memory)
    _hash_files(h, project.root, project.root / "context", memory=memory)
    return h.digest()


class Memory:
    """What a long-running process (`mkdocs serve`) keeps between its builds: the last build's
    entries as the objects themselves, so a rebuild neither reads nor unpickles them, and each
    input file's digest under its stat signature, so a rebuild reads only the files changed since.
    A file's signature is its inode, size, and modification and change times in nanoseconds: the
    kernel sets the change time at every write, and no one can set it back, so a file edited in any
    way has a new signature."""

    def __init__(self) -> None:
        self.entries: dict[str, object] = {}
        self.digests: dict[Path, tuple[tuple, bytes]] = {}
        self.used: set[str] | None = None  # the keys the file was last pruned to, if it was

    def digest(self, path: Path) -> bytes:
        st = path.stat()
        signature = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = self.digests.get(path)
        if known is None or known[0] != signature:
            known = self.digests[path] = (signature, hashlib.sha256(path.read_bytes()).digest())
        return known[1]


def _digest(path: Path, memory: Memory | None) -> bytes:
    return memory.digest(path) if memory is not None else hashlib.sha256(path.read_bytes()).digest()


class Cache:
    """The one owner of cached results: a build opens it (`with Cache.open(project) as cache:`),
    every stage asks it for what it needs (`get_or_compute`, `get_or_compute_all`), and closing it
    writes what was computed. Entries are pickles in one SQLite file: a build reads and writes
    thousands of small entries, and one file written in one transaction costs a fraction of a file
    per entry. With a Memory (`mkdocs serve`), entries are kept as objects between builds too.
    Callers must not change what they are given: the next build may be given the same object."""

    def __init__(self, path: Path | None, fingerprint_: bytes = b"", memory: Memory | None = None):
        self.path = path
        self._fingerprint = fingerprint_
        self._memory = memory
        # what this build has found or computed, as objects; under `mkdocs serve` the Memory's
        self._entries: dict[str, object] = memory.entries if memory is not None else {}
        self._db: sqlite3.Connection | None = None
        self._pending: dict[str, bytes] = {}
        self._complete = False
        self.used: set[str] = set()

    @classmethod
    def open(cls, project: Project, memory: Memory | None = None) -> Cache:
        if not _enabled():
            return cls.disabled()
        return cls(project.root / FILE, fingerprint(project, memory), memory)

    @classmethod
    def disabled(cls) -> Cache:
        return cls(None)

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(prune=self._complete and exc_type is None)

    def complete(self) -> None:
        """This build asked for every entry a whole site needs: on closing, drop every other, so the
        file (and the memory) hold one site's worth."""
        self._complete = True

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def key(self, kind: str, *parts) -> str | None:
        """`parts` are text, bytes, or tuples and lists of them. None when the cache is off."""
        if not self.enabled:
            return None
        h = hashlib.sha256(self._fingerprint)
        h.update(kind.encode() + b"\0")
        _update(h, parts)
        return h.hexdigest()

    def file_key(self, kind: str, path: Path, *parts) -> str | None:
        """A key for what is computed from a file's bytes (and `parts`); None when the cache is
        off or the file cannot be read. Under `mkdocs serve` a file unchanged since the build
        before is not read again (Memory)."""
        if not self.enabled:
            return None
        try:
            return self.key(kind, *parts, _digest(path, self._memory))
        except OSError:
            return None

    def get_or_compute(self, key: str | None, compute: Callable[[], T], persist: bool = True) -> T:
        """The entry under `key`, computed and kept first if there is none (always computed when
        `key` is None). With `persist=False` it is kept in memory only, between the builds of one
        `mkdocs serve` (what is cheap to compute once but costly to pickle: every source document)."""
        if key is None:
            return compute()
        if persist:
            value = self._get([key]).get(key, _MISSING)
        else:
            self.used.add(key)
            value = self._entries.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self._put(key, value, persist)
        return value

    def get_or_compute_all(self, keys: list[str | None], compute: Callable[[S, I], T], shared: S,
                           items: list[I], prepare: Callable[[], object] | None = None) -> list[T]:
        """[get_or_compute(key, compute(shared, item)) for each key and item], with what is missing
        computed in forked worker processes when that is much (see parallel.py). `prepare`, if
        anything is missing, runs first, in this process: what every computation needs once
        (compiled validators, templates), which forked workers then inherit."""
        found = self._get([k for k in keys if k is not None])
        results = [found.get(k, _MISSING) if k is not None else _MISSING for k in keys]
        todo = [i for i, value in enumerate(results) if value is _MISSING]
        if todo and prepare is not None:
            prepare()
        for i, value in zip(todo, parallel.forked_map(compute, shared, [items[i] for i in todo]), strict=True):
            results[i] = value
            if keys[i] is not None:
                self._put(keys[i], value, True)
        return results

    def _get(self, keys: list[str]) -> dict[str, object]:
        """The entries found under `keys`: from memory, else from the file."""
        self.used.update(keys)
        found: dict[str, object] = {}
        wanted = []
        for key in keys:
            value = self._entries.get(key, _MISSING)
            if value is _MISSING:
                wanted.append(key)
            else:
                found[key] = value
        if wanted and self._connection() is not None:
            for start in range(0, len(wanted), 500):  # SQLite's limit on a statement's parameters
                chunk = wanted[start:start + 500]
                try:
                    rows = self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})",
                                            chunk).fetchall()
                except sqlite3.Error:
                    break
                for key, blob in rows:
                    try:
                        found[key] = self._entries[key] = pickle.loads(blob)
                    except Exception:  # damaged, or from another Python: recompute
                        continue
        return found

    def _put(self, key: str, value, persist: bool) -> None:
        self.used.add(key)
        self._entries[key] = value
        if persist and self.path is not None:
            self._pending[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

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

    def close(self, prune: bool = False) -> None:
        """Write what was computed, in one transaction; with `prune`, drop every entry this build
        did not use, so the file holds one site's worth."""
        if prune and self._memory is not None:
            self._memory.entries = {k: v for k, v in self._entries.items() if k in self.used}
        if not self._pending and not prune and self._db is None:
            return
        db = self._connection()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", self._pending.items())
                if prune and self._memory is not None and self._memory.used is not None:
                    # the file holds the last build's entries and what this one added: drop those
                    # of the last that this one did not use, not all 4,000 keys compared again
                    db.executemany("DELETE FROM entries WHERE key = ?", ((k,) for k in self._memory.used - self.used))
                elif prune:
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                    db.execute("DELETE FROM used")
                    db.executemany("INSERT INTO used (key) VALUES (?)", ((k,) for k in self.used))
                    db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
            if prune and self._memory is not None:
                self._memory.used = set(self.used)
        except sqlite3.Error:
            pass  # the next build is slower, not wrong
        finally:
            db.close()
            self._db, self._pending = None, {}


_MISSING = object()
T = TypeVar("T")
S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


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
