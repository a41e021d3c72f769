"""overrides/ against the installed Material: an upgrade that changes a partial this project copied,
or that breaks the search worker's swap, fails here instead of silently on the site.

Each partial in overrides/partials/ is a copy of Material's, changed a little (each says how at its
top). Material's original is pinned here by its SHA-256: when an upgrade changes it, compare the
new original with the copy, carry over what changed, and put the new hash here."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT

import material

OVERRIDES = ROOT / "overrides"
MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"
# Material's original of every partial overrides/ copies, as of the Material it was copied from.
COPIED = {
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/source.html": "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
    "partials/javascripts/palette.html": "8790389765ea6036effddba548b15093bb05bdc75624eaeaf8b13f3c24be4ab5",
}
COPIED_FROM = "9.8.1"


def test_every_copied_partial_is_registered():
    copies = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html") if p.name != "main.html"}
    assert copies == set(COPIED), "a partial copied into overrides/ needs its original's hash in COPIED"


@pytest.mark.parametrize("name", sorted(COPIED))
def test_materials_original_is_the_one_copied(name):
    original = MATERIAL_TEMPLATES / name
    assert original.is_file(), f"Material {version('mkdocs-material')} has no {name} any more: overrides/{name} is dead"
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    assert digest == COPIED[name], (
        f"Material {version('mkdocs-material')} changed {name} (overrides/{name} was copied from {COPIED_FROM}): "
        f"compare {original} with overrides/{name}, carry the change over, then set its hash here to {digest}")


def test_main_html_overrides_blocks_material_has():
    base = (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    ours = set(re.findall(r"{%-?\s*block (\w+)", main))
    assert ours, "main.html overrides no block?"
    theirs = set(re.findall(r"{%-?\s*block (\w+)", base))
    assert ours <= theirs, f"Material's base.html no longer has block(s) {sorted(ours - theirs)}"


def material_config(site: Path, page: str) -> dict:
    html = (site / page).read_text(encoding="utf-8")
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"{page}: no __config block, which Material's bundle reads"
    return json.loads(match[1])


@pytest.fixture(scope="module")
def tiny_sites(tmp_path_factory) -> dict[str, Path]:
    """A two-page site built with the real overrides/, once per search engine: seconds, where the
    project's own site takes longer and is built by other tests."""
    sites = {}
    for engine in ("pagefind", "material"):
        folder = tmp_path_factory.mktemp(engine)
        (folder / "docs" / "deep").mkdir(parents=True)
        (folder / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        (folder / "docs" / "deep" / "page.md").write_text("# Deep\n", encoding="utf-8")
        (folder / "mkdocs.yml").write_text(
            f"site_name: t\ntheme:\n  name: material\n  custom_dir: {json.dumps(str(OVERRIDES))}\n"
            f"extra:\n  search_engine: {engine}\n", encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=folder,
                             capture_output=True, text=True, timeout=300,
                             env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        assert out.returncode == 0, out.stderr
        sites[engine] = folder / "site"
    return sites


def test_search_box_starts_the_pagefind_worker(tiny_sites):
    site = tiny_sites["pagefind"]
    assert material_config(site, "index.html")["search"] == "javascripts/search-worker.js"
    assert material_config(site, "deep/page/index.html")["search"] == "../../javascripts/search-worker.js"
    assert "workers/search." not in (site / "index.html").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "javascripts" / "search-worker.js").is_file()


def test_materials_engine_keeps_materials_worker(tiny_sites):
    site = tiny_sites["material"]
    worker = material_config(site, "index.html")["search"]
    assert re.fullmatch(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", worker), worker
    assert (site / worker).is_file()
    # The rest of the block is Material's own: the swap changes one value, not the JSON around it.
    swapped = material_config(tiny_sites["pagefind"], "index.html")
    assert {k: v for k, v in swapped.items() if k != "search"} == \
        {k: v for k, v in material_config(site, "index.html").items() if k != "search"}
