"""Map a function over many items in forked worker processes, or in this one when that is not
worth it or not safe. Forked workers inherit the parent's memory (compiled validators, every
profile's data), so only results cross back between processes.

Used where every item is computed: a cold build (a fresh clone, or CI whose cache no longer
matches), where checks and profile pages are five of the generator's six to seven CPU seconds
at 1,000 profiles, and run on as many cores as are idle. A warm build computes only the items
whose inputs changed, fewer than PARALLEL_FROM, and forks nothing. Measured on the shared 2-core
machine (cold generator, 1,000 profiles), they pay only while a core is free: at a load average
of 4 to 5, 5.8 and 6.6 s with two workers against 7.1 and 7.4 s in one process; at 7 to 9,
17.8 and 25.0 s against 11.4 and 13.3 s, its scheduler giving each login session one share
however many processes it runs. They cost 10 to 15% more CPU (README, Performance).
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable

PARALLEL_FROM = 200  # below this, starting workers costs more than it saves


def forked_map(fn: Callable, shared, items: list) -> list:
    """[fn(shared, item) for item in items], in order. `shared` is what `fn` needs besides its
    item (the sources, every view, ...): each worker is handed it as an argument of its process,
    which a fork passes on in memory, never pickled (a multiprocessing.Pool would pickle it
    with every task, or need it in a module global)."""
    workers = min(os.cpu_count() or 1, 8)
    # Forking a process that runs other threads (mkdocs serve's server) can deadlock.
    if (len(items) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [fn(shared, item) for item in items]
    context = multiprocessing.get_context("fork")
    started = []
    for k in range(workers):  # every workers-th item each: neighbouring profiles cost about the same
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_work, args=(fn, shared, items[k::workers], send), daemon=True)
        process.start()
        send.close()
        started.append((process, receive))
    results: list = [None] * len(items)
    try:
        for k, (_process, receive) in enumerate(started):
            ok, value = receive.recv()  # before joining: a worker blocks until its results are read
            if not ok:
                raise RuntimeError(f"a worker process failed:\n{value}")
            results[k::workers] = value
    finally:
        for process, receive in started:
            receive.close()
            process.join()
    return results


def _work(fn: Callable, shared, items: list, send) -> None:
    try:
        send.send((True, [fn(shared, item) for item in items]))
    except BaseException:  # noqa: BLE001 (reported by the parent, with the worker's traceback)
        send.send((False, traceback.format_exc()))
    finally:
        send.close()
