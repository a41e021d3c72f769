"""The real profiles, whatever they are, and a tree with one profile added and another removed:
the site built from each keeps every invariant of tests/invariants.py. Nothing here names a
profile or counts today's."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, mkdocs_build, real_tree, run_cli, serving
from invariants import INVARIANTS, Tree, every_identifier_is_searchable


@pytest.fixture(scope="module")
def real(real_site) -> Tree:
    return Tree(ROOT, real_site)


@pytest.mark.parametrize("invariant", INVARIANTS, ids=lambda f: f.__name__)
def test_real_site(real, invariant):
    invariant(real)


@pytest.mark.browser
def test_every_real_identifier_is_searchable(browser, real, real_site_url):
    page = browser.new_page()
    try:
        every_identifier_is_searchable(page, real_site_url, real)
    finally:
        page.close()


def add_copy(tree, source: str, new_id: str) -> None:
    """A valid new profile: an existing one under a new id and name."""
    text = (tree / "profiles" / f"{source}.yaml").read_text(encoding="utf-8")
    text, ids = re.subn(rf"^id: ['\"]?{re.escape(source)}['\"]?$", f"id: {new_id}", text, count=1, flags=re.M)
    # the first `en:` is names.en (names come first in every profile, as the schema orders them)
    text, names = re.subn(r"^(  en: )(['\"]?)", r"\1\2Added copy of ", text, count=1, flags=re.M)
    assert ids == names == 1, source
    (tree / "profiles" / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def test_a_profile_added_and_another_removed(tmp_path, browser):
    """What a contributor's pull request does: the checks and every invariant still hold."""
    tree = real_tree(tmp_path / "tree")
    present = sorted(p.stem for p in (tree / "profiles").glob("*.yaml"))
    add_copy(tree, present[0], "added-copy-for-test")
    if len(present) > 1:
        (tree / "profiles" / f"{present[-1]}.yaml").unlink()
    check = run_cli("check", root=tree)
    assert check.returncode == 0, check.stdout + check.stderr
    site = tmp_path / "site"
    with serving(site) as url:
        result = mkdocs_build(tree / "mkdocs.yml", site, site_url=url)
        assert result.returncode == 0, result.stdout + result.stderr
        t = Tree(tree, site)
        assert "added-copy-for-test" in t.profiles and (len(present) == 1 or present[-1] not in t.profiles)
        for invariant in INVARIANTS:
            invariant(t)
        page = browser.new_page()
        try:
            every_identifier_is_searchable(page, url, t)
        finally:
            page.close()
    shutil.rmtree(site)
