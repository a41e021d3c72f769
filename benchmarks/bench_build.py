"""Benchmark the generator and the site build on N synthetic profiles.

    python benchmarks/bench_build.py --profiles 1000

Creates N realistic profiles (varied fields, paragraphs, Chinese names, several citations with
real quotes from seeds/, milestones and identifiers) in a temporary copy of the project, then
measures in one run:
  - the generator's cost per profile: load, validate, render, write, and in total (ms), the
    total both cold (a fresh clone: nothing generated, no cache) and warm (after editing one
    profile, with the cache of the build before: `mkdocs serve`, or CI with its cache restored);
  - the full build (generator + `mkdocs build`), cold and warm, against a bare `mkdocs build` of
    the same generated Markdown with no generator step, as a ratio;
  - the floor: the same MkDocs + Material configuration and the same search indexing (Pagefind)
    over N one-paragraph pages, built in the same run, and the full cold build divided by it;
    again with as many pages as the site has, and the bound: the ratio with no generator, MkDocs
    at that floor's cost per page and Pagefind over the site's text;
  - the HTML size of a profile page and of the largest other page (the lists, which could grow
    with N), the search index per profile (raw and gzip), the whole site's size, and peak memory.
Prints a table, then, as its last line, one JSON object with the figures; its
`generator_ms_per_profile` and `build_ratio` are the cold ones, with `..._warm` beside them.
Figures only: no pass/fail on time (targets are in the README's Performance section).
"""
from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.check import check_project  # noqa: E402
from generator.draft import sentences  # noqa: E402
from generator.load import load_file  # noqa: E402
from generator.model import site_views  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.render import render_site  # noqa: E402
from generator.routes import OWNED_DIRS, OWNED_FILES  # noqa: E402
from generator.sources import load_sources  # noqa: E402
from generator.validate import check_profile  # noqa: E402
from generator.worktree import copy_tree  # noqa: E402
from generator.write import write_outputs  # noqa: E402

SYLLABLES = "中源协和细胞基因工程生物科技医药干细胞再生医学创新华东北京上海广州深圳苏州杭州天津武汉成都南京西安长沙"
DISEASES = [
    ("knee osteoarthritis", "KOA", "musculoskeletal", "膝骨关节炎"),
    ("liver cirrhosis", "LC", "hepatology", "肝硬化"),
    ("type 2 diabetes", "T2D", "endocrine-metabolic", "2型糖尿病"),
    ("ischemic stroke", "IS", "neurology", "缺血性脑卒中"),
    ("acute respiratory distress syndrome", "ARDS", "respiratory", "急性呼吸窘迫综合征"),
    ("heart failure", "HF", "cardiovascular", "心力衰竭"),
    ("Crohn's disease", "CD", "autoimmune", "克罗恩病"),
    ("premature ovarian insufficiency", "POI", "reproductive", "卵巢早衰"),
    ("spinal cord injury", "SCI", "neurology", "脊髓损伤"),
    ("systemic sclerosis", "SSc", "autoimmune", "系统性硬化症"),
]
CELLS = [("msc", "umbilical-cord"), ("msc", "bone-marrow"), ("msc", "adipose"), ("msc", "placenta"),
         ("ipsc-derived", "ipsc-line"), ("esc-derived", "esc-line"), ("hsc", "peripheral-blood")]
STAGES = ["ind-filed", "ind-approved", "clinical-research", "phase-1", "phase-1-2", "phase-2", "phase-2a", "phase-3",
          "approved-conditional"]
EVENTS = ["ind-accepted", "ind-approved", "trial-kickoff", "first-patient-enrolled", "enrollment-completed"]
LOREM = ("The company reports that the product is manufactured under a closed, serum-free process and released "
         "after testing for identity, purity, potency and sterility. ")


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _quotes(seeds: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(seeds.glob("*.txt")):
        for s in sentences(path.read_text(encoding="utf-8")):
            if 40 <= len(s) <= 160:
                out.append((path.name, s))
    return out


# Synthetic values stand in no real quote: each block also cites a web page, so the fact-level
# check accepts them as cited but not verified (as it does the profiles that cite web pages only).
WEB = "https://example.org/synthetic-roundup"
WEB_ENTRY = (f'\n"{WEB}":\n  label: Synthetic roundup\n  title: Synthetic roundup\n  outlet: Example outlet\n'
             '  kind: aggregator\n  published: not stated\n  accessed: "2026-12-02"\n  language: [zh]\n')


def synthetic_profile(n: int, rnd: random.Random, quotes: list) -> dict:
    def cite(k: int = 1) -> list:
        return [{"source": src, "quote": q} for src, q in rnd.sample(quotes, k)] + [{"source": WEB, "at": "¶1"}]

    zh = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(4, 8)))
    disease, abbr, area, disease_zh = rnd.choice(DISEASES)
    cell, tissue = rnd.choice(CELLS)
    stage = rnd.choice(STAGES)
    year = rnd.randint(2018, 2026)
    code = f"SYN{n:05d}"
    return {
        "id": f"synthetic-{n:05d}",
        "last_reviewed": f"{rnd.randint(2024, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        "names": {"en": f"{code} Injection", "zh": f"{zh}注射液", "code": code,
                  "aliases": [f"{code} cell injection"], "cite": cite(1)},
        "summary": {"text": f"{code} Injection is an investigational {tissue.replace('-', ' ')} cell product for {disease} "
                            f"({abbr}), developed by {zh}生物科技有限公司. " + LOREM, "cite": cite(2)},
        "developers": [{"name": f"{zh.title()} Biotech Co., Ltd.", "name_zh": f"{zh}生物科技有限公司",
                        "short_name": f"{zh} Bio", "parent_zh": f"{zh}集团股份有限公司",
                        "relationship": "wholly-owned-subsidiary", "description": LOREM, "cite": cite(2)}],
        "institutions": [{"name": f"Hospital {n % 97}", "name_zh": f"{zh}人民医院", "roles": ["trial-site"], "cite": cite(1)}],
        "people": [{"name": f"Investigator {n}", "roles": ["principal-investigator"],
                    "positions": ["Director of the Department of Medicine"], "affiliation": f"Hospital {n % 97}",
                    "cite": cite(1)}],
        "cells": {"cell_type": cell, "tissue_source": tissue, "donor_type": rnd.choice(["allogeneic", "autologous"]),
                  "donor_description": "healthy adult donors", "cite": cite(1)},
        "product": {"dosage_form": "Injection", "specification": f"{rnd.randint(1, 9)}E7 cells (10 mL) per bag",
                    "storage": "Cryopreserved", "regulatory_class": "Class 1 therapeutic biological product",
                    "cite": cite(2)},
        "manufacturing": [{"text": LOREM, "cite": cite(1)}],
        "indications": [{"name": disease.capitalize(), "name_zh": disease_zh, "abbreviation": abbr,
                         "therapeutic_areas": [area], "population": "adults", "description": LOREM, "cite": cite(2)}],
        "regulatory": {"pathway": "clinical-research-filing" if stage == "clinical-research" else "drug-registration",
                       "regulators": ["National Medical Products Administration"], "notes": [LOREM], "cite": cite(2)},
        "identifiers": [
            {"type": "cde-acceptance", "value": f"CXSL{year % 100:02d}{n:05d}", "cite": cite(1)},
            {"type": "clinical-trial-approval-notice", "value": f"{year}LP{n:05d}", "cite": cite(1)},
            {"type": "ctr", "value": f"CTR{year}{n:04d}", "cite": cite(1)},
        ],
        "development": {"stage": stage, "status": "active",
                        # December: not before the latest milestone; the draw keeps the random sequence
                        "as_of": f"{year}-{max(rnd.randint(1, 12), 12):02d}", "cite": cite(1)},
        "trials": [{"title": f"A study of {code} in {disease}", "phase": rnd.choice(["phase-1", "phase-2", "phase-2a"]),
                    "design": ["randomized", "double-blind"], "purpose": LOREM, "sites": [f"Hospital {n % 97}"],
                    "investigators": [f"Investigator {n}"], "enrollment": {"target": rnd.randint(20, 300)},
                    "status": "recruiting", "identifiers": [f"CTR{year}{n:04d}"], "cite": cite(2)}],
        "milestones": [{"date": f"{year - k}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", "event": rnd.choice(EVENTS),
                        "description": LOREM, "cite": cite(1)} for k in range(3)],
        "claims": [{"text": "The first product of its kind.", "claimant": "The developer", "cite": cite(1)[:1]}],  # claims quote a seed
        "financials": [{"description": "Invested in the programme", "amount": rnd.randint(1, 90) * 1_000_000,
                        "currency": "CNY", "approximate": True, "cite": cite(1)}],
    }


def make_tree(n: int, dest: Path) -> Project:
    copy_tree(ROOT, dest, profiles=False)
    return add_synthetic(n, dest)


def add_synthetic(n: int, dest: Path, seeds=None) -> Project:
    """N synthetic profiles in a copied tree, quoting its seeds (only those named in `seeds`,
    when given), and the web page their blocks also cite."""
    with open(dest / "seeds" / "sources.yaml", "a", encoding="utf-8") as f:
        f.write(WEB_ENTRY)
    rnd = random.Random(20261121)
    quotes = [q for q in _quotes(dest / "seeds") if seeds is None or q[0] in seeds]
    assert quotes
    for i in range(n):
        data = synthetic_profile(i, rnd, quotes)
        text = "# yaml-language-server: $schema=../generator/schema/profile.schema.json\n"
        text += yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)
        (dest / "profiles" / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
    return Project(dest)


def report(rows: list[tuple[str, str, str]], figures: dict, value_width: int) -> None:
    """The benchmark's table, then its figures as the last line, one JSON object."""
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>{value_width}}  {note}")
    print(json.dumps(figures, sort_keys=True))


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


# Pages are measured as published: the workflows set the repository's URL, which adds the
# repository link and each page's edit button.
REPO_URL = "https://github.com/china-stem-cell-tracker/china-stem-cell-tracker"


CPU: dict[Path, float] = {}  # CPU seconds (user + system, Pagefind's threads included) of each build


def mkdocs(config: Path, site: Path, site_url: str | None = None) -> float:
    """Wall-clock seconds of one `mkdocs build`; its CPU seconds go to CPU[site]. The machines
    are shared: CPU time moves less than wall-clock time when other work competes for the cores.
    Without a site URL unless one is given (mkdocs.yml reads SITE_URL, as the workflows set it)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_REPO_URL=REPO_URL)
    env.pop("SITE_URL", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, env=env, cwd=config.parent, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[site] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall


def clean(project: Project) -> None:
    """Back to a fresh clone: no generated files, no cache."""
    shutil.rmtree(project.root / ".cache", ignore_errors=True)
    for name in (*OWNED_DIRS, *OWNED_FILES):
        target = project.docs_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def pagefind(site: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of indexing a built site with Pagefind, as the hook does."""
    from generator.mkdocs_pagefind_hook import command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command(str(site)), check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def make_floor(n: int, dest: Path) -> Path:
    """What the tools themselves cost: the project's mkdocs.yml, theme overrides, stylesheets and
    scripts, with N one-paragraph pages where the profiles would be and one for each navigation
    entry, and no hook but the search index's. Returns its mkdocs.yml. With N the number of
    pages the real site has (every listing page counted), it is the floor of that many pages."""
    copy_tree(ROOT, dest, profiles=False)
    docs = dest / "docs"
    for page in docs.rglob("*.md"):
        page.unlink()
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = config.split("hooks:\n", 1)[1].split("\n\n", 1)[0]
    config = config.replace(hooks, "  - generator/mkdocs_pagefind_hook.py")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    pages = re.findall(r"^  - [^:\n]+: (\S+\.md)$", config, re.M)  # the navigation's entries
    pages += [f"profiles/p-{i:05d}.md" for i in range(n)]
    for i, rel in enumerate(pages):
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Page {i}\n\n{LOREM}\n", encoding="utf-8")
    return dest / "mkdocs.yml"


def edit_one(project: Project) -> None:
    path = sorted(project.profiles_dir.glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  text: ", "  text: Edited. ", 1), encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the generator's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def work_folder(parser: argparse.ArgumentParser, keep: Path | None, prefix: str) -> Path:
    """--keep's folder, which must be new or empty (a synthetic tree is not built over another),
    or a new temporary one."""
    if keep is None:
        return Path(tempfile.mkdtemp(prefix=prefix))
    if keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        parser.error(f"--keep {keep}: the folder is not empty; remove it or name a new one")
    return keep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=200, help="number of synthetic profiles (default 200)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    n = args.profiles
    work = work_folder(parser, args.keep, "cst-bench-")
    project, t_make = timed(lambda: make_tree(n, work / "tree"))
    yaml_bytes = sum(p.stat().st_size for p in project.profiles_dir.glob("*.yaml"))

    files = sorted(project.profiles_dir.glob("*.yaml"))
    gc.disable()  # as build() does: see generator/build.py
    _, t_load = timed(lambda: [load_file(f) for f in files])
    sources, _ = load_sources(project)
    _, t_check = timed(lambda: [check_profile(f, project, sources) for f in files])  # one process
    result = check_project(project)
    assert not result.problems, result.problems[:5]
    views, t_model = timed(lambda: site_views(result.profiles, result.sources))
    outputs, t_render = timed(lambda: render_site(views, result.sources, "", result.context))
    _, t_write = timed(lambda: write_outputs(project.docs_dir, outputs))
    gc.enable()

    # The whole generator step as the MkDocs hook runs it. Cold: a fresh clone, nothing generated
    # and no cache. Warm: the next build after one profile was edited, as under `mkdocs serve`
    # or in CI with the cache restored.
    clean(project)
    before = _cpu()
    cold, t_cold = timed(lambda: build(project))
    cpu_cold = _cpu() - before
    site_pages = sum(1 for _ in project.docs_dir.rglob("*.md"))
    assert not cold.problems and cold.written == len(outputs)
    edit_one(project)
    warm, t_warm = timed(lambda: build(project))
    assert not warm.problems and 0 < warm.written < 20, warm

    # MkDocs with the generator hook, cold and warm as above, against MkDocs alone.
    clean(project)
    t_full_cold = mkdocs(project.root / "mkdocs.yml", work / "site-full")
    cpu_full_cold = CPU[work / "site-full"]
    edit_one(project)
    t_full = mkdocs(project.root / "mkdocs.yml", work / "site-full")
    bare_config = project.root / "mkdocs-bare.yml"
    config_text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    bare_config.write_text(config_text.replace("  - generator/mkdocs_hook.py\n", ""), encoding="utf-8")
    t_bare = mkdocs(bare_config, work / "site-bare")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    t_floor = mkdocs(make_floor(n, work / "floor"), work / "site-floor")
    # The site has more pages than profiles (a page per developer, indication, year, source...):
    # the floor again with as many one-paragraph pages as the site has, nav entries included, is
    # what MkDocs and Material cost for that many pages whatever they hold.
    nav_pages = sum(1 for _ in (work / "floor" / "docs").rglob("*.md")) - n
    t_floor_pages = mkdocs(make_floor(site_pages - nav_pages, work / "floor-pages"), work / "site-floor-pages")
    # Of each, the search index alone: Pagefind again over the built site (its work grows with
    # the text it indexes, not with how the pages were made).
    t_pagefind, cpu_pagefind = pagefind(work / "site-full")
    t_pagefind_floor, cpu_pagefind_floor = pagefind(work / "site-floor")
    t_pagefind_pages, cpu_pagefind_pages = pagefind(work / "site-floor-pages")
    # The lowest ratio any change to the generator or to what the pages hold could reach: no
    # generator at all, MkDocs at the one-paragraph cost of each of the site's pages, and
    # Pagefind over the site's own text. Below it, only fewer pages or less indexed text help.
    t_bound = t_floor_pages - t_pagefind_pages + t_pagefind
    cpu_bound = CPU[work / "site-floor-pages"] - cpu_pagefind_pages + cpu_pagefind

    site = work / "site-full"
    pages = sorted((site / "profiles").glob("synthetic-*/index.html"))
    page_bytes = int(statistics.median(p.stat().st_size for p in pages))
    # Pages that list profiles or milestones: they are the ones that could grow with N.
    listings = sorted((p.stat().st_size, p.parent.relative_to(site).as_posix() + "/") for p in site.rglob("index.html")
                      if not p.parent.match("profiles/synthetic-*"))
    largest_bytes, largest = listings[-1]
    # Readers download only the chunks a query needs (benchmarks/bench_search.py measures that);
    # this is the whole Pagefind bundle on disk. Its files are compressed already.
    bundle = [p.read_bytes() for p in sorted((site / "pagefind").rglob("*")) if p.is_file()]
    index, index_gz = sum(len(b) for b in bundle), sum(len(gzip.compress(b, 6)) for b in bundle)
    ms = lambda seconds: seconds * 1000 / n  # noqa: E731
    t_validate = max(t_check - t_load, 0.0)
    figures = {
        "n": n,
        "yaml_bytes_per_profile": yaml_bytes // n,
        "load_ms_per_profile": round(ms(t_load), 3),
        "validate_ms_per_profile": round(ms(t_validate), 3),
        "render_ms_per_profile": round(ms(t_model + t_render), 3),
        "write_ms_per_profile": round(ms(t_write), 3),
        # The headline figures are the cold ones (every profile loaded, checked and rendered); the
        # warm ones, with the cache of the build before, are what `mkdocs serve` and CI see.
        "generator_ms_per_profile": round(ms(t_cold), 3),
        "generator_warm_ms_per_profile": round(ms(t_warm), 3),
        "pages_rewritten_after_one_edit": warm.written,
        "full_build_s": round(t_full, 2),
        "full_build_cold_s": round(t_full_cold, 2),
        "bare_mkdocs_s": round(t_bare, 2),
        "build_ratio": round(t_full_cold / t_bare, 3),
        "build_ratio_warm": round(t_full / t_bare, 3),
        "generator_cold_cpu_s": round(cpu_cold, 2),
        "site_pages": site_pages,
        "floor_same_pages_s": round(t_floor_pages, 2),
        "floor_same_pages_cpu_s": round(CPU[work / "site-floor-pages"], 2),
        "floor_ratio_same_pages_cpu": round(cpu_full_cold / CPU[work / "site-floor-pages"], 3),
        "floor_ratio_bound": round(t_bound / t_floor, 3),
        "floor_ratio_bound_cpu": round(cpu_bound / CPU[work / "site-floor"], 3),
        "floor_s": round(t_floor, 2),
        "floor_ratio": round(t_full_cold / t_floor, 3),
        "floor_cpu_s": round(CPU[work / "site-floor"], 2),
        "bare_mkdocs_cpu_s": round(CPU[work / "site-bare"], 2),
        "full_build_cold_cpu_s": round(cpu_full_cold, 2),
        "floor_ratio_cpu": round(cpu_full_cold / CPU[work / "site-floor"], 3),
        "pagefind_s": round(t_pagefind, 2),
        "pagefind_cpu_s": round(cpu_pagefind, 2),
        "pagefind_floor_s": round(t_pagefind_floor, 2),
        "pagefind_floor_cpu_s": round(cpu_pagefind_floor, 2),
        "profile_page_bytes": page_bytes,
        "largest_page": largest,
        "largest_page_bytes": largest_bytes,
        "search_index_bytes": index,
        "search_index_bytes_per_profile": index // n,
        "search_index_gzip_bytes_per_profile": index_gz // n,
        "site_bytes": dir_size(site),
        "peak_memory_mb": round(peak_mb, 1),
    }
    rows = [
        ("profiles", f"{n}", f"synthetic, {yaml_bytes // n:,} bytes of YAML each (made in {t_make:.1f} s)"),
        ("load", f"{figures['load_ms_per_profile']:.3f} ms/profile", "libyaml events -> data with positions"),
        ("validate", f"{figures['validate_ms_per_profile']:.3f} ms/profile", "schema, cross-field rules, quotes (one process)"),
        ("render", f"{figures['render_ms_per_profile']:.3f} ms/profile", "model, templates, exports, charts"),
        ("write", f"{figures['write_ms_per_profile']:.3f} ms/profile", "first write of every output"),
        ("generator, cold", f"{figures['generator_ms_per_profile']:.3f} ms/profile", "`build()` on a fresh clone: nothing generated, no cache"),
        ("generator, warm", f"{figures['generator_warm_ms_per_profile']:.3f} ms/profile",
         f"`build()` after editing one profile: {warm.written} files rewritten"),
        ("full build, cold", f"{t_full_cold:.2f} s", "mkdocs build with the generator hook, fresh clone"),
        ("full build, warm", f"{t_full:.2f} s", "the same after editing one profile"),
        ("bare mkdocs build", f"{t_bare:.2f} s", f"same Markdown, no generator step ({CPU[work / 'site-bare']:.1f} s CPU)"),
        ("build ratio", f"{figures['build_ratio']:.3f} cold, {figures['build_ratio_warm']:.3f} warm", "full / bare"),
        ("floor", f"{t_floor:.2f} s", "the same MkDocs + Material + Pagefind over N one-paragraph pages"),
        ("floor ratio", f"{figures['floor_ratio']:.3f}", f"full build, cold / floor (CPU time: {cpu_full_cold:.1f} s / "
                                                         f"{CPU[work / 'site-floor']:.1f} s = {figures['floor_ratio_cpu']:.3f})"),
        ("floor, same pages", f"{t_floor_pages:.2f} s", f"the floor with as many pages as the site ({site_pages:,}): "
                                                          f"{CPU[work / 'site-floor-pages']:.1f} s CPU, full build / it "
                                                          f"{figures['floor_ratio_same_pages_cpu']:.3f} in CPU time"),
        ("floor ratio bound", f"{figures['floor_ratio_bound']:.3f}",
         f"CPU time {figures['floor_ratio_bound_cpu']:.3f}: no generator, MkDocs at the floor's cost for the site's "
         "pages, Pagefind over the site's text"),
        ("of which generator", f"{t_cold:.2f} s", f"the generator step of the full cold build ({cpu_cold:.1f} s CPU, workers included)"),
        ("of which search", f"{t_pagefind:.2f} s", f"Pagefind alone over the site ({cpu_pagefind:.1f} s CPU); over the floor "
                                                  f"{t_pagefind_floor:.2f} s ({cpu_pagefind_floor:.1f} s CPU)"),
        ("profile page", f"{page_bytes:,} bytes", "median HTML size"),
        ("largest page", f"{largest_bytes:,} bytes", f"{largest} (every page but the profiles'; next: "
                                                     + ", ".join(f"{name} {size // 1000:,} KB" for size, name in listings[-4:-1][::-1]) + ")"),
        ("search index", f"{index:,} bytes", f"Pagefind bundle: {index // n:,} raw, {index_gz // n:,} gzip per profile"),
        ("site", f"{figures['site_bytes']:,} bytes", str(site)),
        ("peak memory", f"{peak_mb:.0f} MB", "largest child process (mkdocs)"),
    ]
    report(rows, figures, 22)


if __name__ == "__main__":
    main()
