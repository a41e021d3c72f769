"""Forked workers (generator/parallel.py): results in order, what they share handed to them
explicitly, a worker's failure reported with its traceback. Run in a fresh interpreter: this
test process has server threads, and then everything stays in one process."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SCRIPT = """
import os, sys, threading
import generator.parallel as par
assert threading.active_count() == 1
par.PARALLEL_FROM = 2
parent = os.getpid()
shared = {"offset": 1000}  # a closure or a lambda would do as well: nothing is pickled but results
print(par.forked_map(lambda s, i: (s["offset"] + i, os.getpid() != parent), shared, list(range(11))))
def fail(s, i):
    if i == 7:
        raise ValueError("item seven")
    return i
try:
    par.forked_map(fail, None, list(range(11)))
except RuntimeError as exc:
    print("failed:", "ValueError: item seven" in str(exc))
"""


def test_forked_map_in_order_with_shared_state():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    results, failed = result.stdout.splitlines()
    assert eval(results) == [(1000 + i, True) for i in range(11)]  # noqa: S307 (our own output)
    assert failed == "failed: True"


def test_no_module_global_holds_worker_state():
    import generator.parallel as par
    assert not [name for name, value in vars(par).items()
                if not name.startswith("__") and not callable(value) and name != "PARALLEL_FROM"
                and type(value).__name__ not in ("module", "_Feature")]
