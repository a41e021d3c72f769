"""Map a function over many items in forked worker processes, or in this one when that is not
worth it or not safe. Forked workers inherit the parent's memory (compiled validators, every
profile's data), so only items and results cross between processes."""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PARALLEL_FROM = 200  # below this, starting workers costs more than it saves

_STATE = None  # what `fn` needs besides its item, inherited by the forked workers


def state():
    return _STATE


def forked_map(fn, items: list, shared=None) -> list:
    """[fn(item) for item in items], in order; `fn` reads `shared` through state()."""
    with forked(fn, items, shared) as results:
        return list(results)


@contextmanager
def forked(fn, items: list, shared=None) -> Iterator[Iterator]:
    """fn(item) for each item, in order, as an iterator. With workers, they start at once, so the
    caller can do other work in the block before it reads the results."""
    global _STATE
    workers = min(os.cpu_count() or 1, 8)
    _STATE = shared
    try:
        # Forking a process that runs other threads (mkdocs serve's server) can deadlock.
        if (len(items) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1
                or "fork" not in multiprocessing.get_all_start_methods()):
            yield (fn(item) for item in items)
            return
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield pool.imap(fn, items, chunksize=-(-len(items) // (workers * 4)))
    finally:
        _STATE = None
