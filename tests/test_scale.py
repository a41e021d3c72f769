"""Sizes that must not grow with the number of profiles (timings belong to benchmarks/)."""
from __future__ import annotations

import statistics
import sys

from conftest import ROOT, mkdocs_build

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_build import make_tree  # noqa: E402


def profile_page_sizes(tmp_path, n: int) -> list[int]:
    project = make_tree(n, tmp_path / f"tree-{n}")
    site = tmp_path / f"site-{n}"
    result = mkdocs_build(project.root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-2000:]
    return [p.stat().st_size for p in sorted((site / "profiles").glob("synthetic-*/index.html"))]


def test_profile_pages_do_not_grow_with_the_number_of_profiles(tmp_path):
    few = profile_page_sizes(tmp_path, 10)[:10]
    many = profile_page_sizes(tmp_path, 120)[:10]  # the same ten profiles among many more
    assert statistics.median(many) <= statistics.median(few) * 1.03, (few, many)
    assert max(many) < 45_000
