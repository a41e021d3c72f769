"""The build cache: a cached build writes exactly what a build without it writes, and a change
to anything a page shows (its profile, a related profile, a source, the glossary) reaches it."""
from __future__ import annotations

import re

import hashlib
import shutil

import pytest

from conftest import copy_tree
from generator import cache as cache_module
from generator.build import build
from generator.cache import FILE, Cache
from generator.project import PACKAGE_DIR, Project


def _snapshot(project: Project) -> dict[str, str]:
    docs = project.docs_dir
    return {p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(docs.rglob("*")) if p.is_file()}


def _uncached(tmp_path, cached: Project, monkeypatch) -> dict[str, str]:
    """The same tree built from scratch without the cache."""
    fresh = Project(copy_tree(tmp_path / "fresh", profiles=False))
    for path in cached.profiles_dir.glob("*.yaml"):
        (fresh.profiles_dir / path.name).write_bytes(path.read_bytes())
    for folder in ("seeds", "context"):
        for path in (cached.root / folder).glob("*"):
            (fresh.root / folder / path.name).write_bytes(path.read_bytes())
    with monkeypatch.context() as m:
        m.setenv("CST_CACHE", "off")
        assert not build(fresh).problems
    assert not (fresh.root / FILE).exists()
    return _snapshot(fresh)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def cached(tmp_path, monkeypatch) -> Project:
    monkeypatch.delenv("CST_CACHE", raising=False)
    project = Project(copy_tree(tmp_path / "cached"))
    assert not build(project).problems
    assert (project.root / FILE).is_file()
    return project


def test_cached_build_equals_uncached(cached, tmp_path, monkeypatch):
    assert not build(cached).problems  # every page and check from the cache
    assert _snapshot(cached) == _uncached(tmp_path, cached, monkeypatch)


def test_edit_reaches_own_page_and_related_pages(cached, tmp_path, monkeypatch):
    # Both profiles treat MSC-based programmes; a new title must show on the neighbour too.
    # a name the fact check still finds in its quote (names compare without letter case)
    _edit(cached.profiles_dir / "beike-huc-msc-sle.yaml", "en: Human Umbilical Cord", "en: HUMAN UMBILICAL CORD")
    assert not build(cached).problems
    after = _snapshot(cached)
    assert after == _uncached(tmp_path, cached, monkeypatch)
    pages = [p for p in cached.docs_dir.glob("profiles/*.md") if p.name != "beike-huc-msc-sle.md"]
    assert any("HUMAN UMBILICAL CORD" in p.read_text(encoding="utf-8") for p in pages), "no related page shows the new title"


def test_a_neighbours_summary_edit_renders_only_its_own_page(cached, tmp_path, monkeypatch):
    """A page shows of its neighbours their title and stage only, so an edit to anything else
    renders the edited profile's page again, not every page that lists it as related."""
    from generator import render
    rendered = []
    real = render._profile_page
    monkeypatch.setattr(render, "_profile_page", lambda shared, i: rendered.append(i) or real(shared, i))
    _edit(cached.profiles_dir / "beike-huc-msc-sle.yaml", "    Beike Biotech has developed", "    Edited. Beike Biotech has developed")
    assert not build(cached).problems
    assert len(rendered) == 1
    assert _snapshot(cached) == _uncached(tmp_path, cached, monkeypatch)


def test_source_and_glossary_changes_reach_every_page(cached, tmp_path, monkeypatch):
    # every plain (unquoted) label, seed documents' and web pages' alike
    meta = cached.root / "seeds" / "sources.yaml"
    meta.write_text(re.sub(r"(?m)^  label: (?![\"'])", "  label: Retitled ", meta.read_text(encoding="utf-8")), encoding="utf-8")
    # an entry that is the tracker's own explanation: a cited one must match its quote
    _edit(cached.root / "context" / "glossary.yaml", "expansion: investigational", "expansion: changed investigational")
    assert not build(cached).problems
    assert _snapshot(cached) == _uncached(tmp_path, cached, monkeypatch)
    page = (cached.docs_dir / "profiles" / "vum02-ppf.md").read_text(encoding="utf-8")
    assert "Retitled " in page and 'title="changed ' in page


def test_problems_are_reported_again_from_the_cache(cached):
    _edit(cached.profiles_dir / "vum02-ppf.yaml", "last_reviewed: ", "last_reviewed: 2024-02-30 #")
    first = build(cached).problems
    assert first and "February 2024 has no day 30" in str(first[0])
    assert build(cached).problems == first


def test_damaged_cache_is_rebuilt(cached, tmp_path, monkeypatch):
    (cached.root / FILE).write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (cached.root / f"{FILE}{suffix}").unlink(missing_ok=True)
    assert not build(cached).problems
    assert _snapshot(cached) == _uncached(tmp_path, cached, monkeypatch)
    cache = Cache.open(cached)  # and the next build has a cache again
    assert cache._connection().execute("SELECT count(*) FROM entries").fetchone()[0] > 0
    cache.close()


def test_unused_entries_are_pruned(cached):
    cache = Cache.open(cached)
    stored = cache._connection().execute("SELECT count(*) FROM entries").fetchone()[0]
    cache.close()
    for i in range(3):
        # a free-text edit (a name must stand in its quote): new content, new cache entries
        _edit(cached.profiles_dir / "vum02-ppf.yaml", "\nsummary:\n  text: >-\n", f"\nsummary:\n  text: >-\n    Edit{i}.\n")
        assert not build(cached).problems
    cache = Cache.open(cached)
    assert cache._connection().execute("SELECT count(*) FROM entries").fetchone()[0] == stored
    cache.close()


def test_unusable_cache_location_builds_without_it(tmp_path, monkeypatch):
    monkeypatch.delenv("CST_CACHE", raising=False)
    project = Project(copy_tree(tmp_path / "tree"))
    (project.root / ".cache").write_text("a file where the cache folder would go", encoding="utf-8")
    assert not build(project).problems
    assert (project.docs_dir / "profiles" / "vum02-ppf.md").is_file()


def test_code_is_fingerprinted_as_loaded(tmp_path, monkeypatch):
    """A running `mkdocs serve` keeps the code and schema it loaded: editing them on disk must
    not change its fingerprint (the old code's results would be filed under the new code's keys
    and taken as the new code's by the next process). A template, which Jinja reads again when
    it changes, must change it."""
    package = tmp_path / "generator"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    project = Project(copy_tree(tmp_path / "tree"))
    monkeypatch.setattr(cache_module, "PACKAGE_DIR", package)
    cache_module._loaded_code.cache_clear()
    try:
        first = cache_module.fingerprint(project)
        for edited in (package / "model.py", package / "schema/profile.schema.json"):
            edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            assert cache_module.fingerprint(project) == first, edited.name
        template = package / "templates/profile.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert cache_module.fingerprint(project) != first
    finally:
        cache_module._loaded_code.cache_clear()


def test_get_or_compute_computes_once_and_off_always(cached):
    calls = []
    with Cache.open(cached) as cache:
        key = cache.key("test", "one")
        assert cache.get_or_compute(key, lambda: calls.append(1) or "value") == "value"
        assert cache.get_or_compute(key, lambda: calls.append(1) or "other") == "value"
    with Cache.open(cached) as cache:  # kept in the file
        assert cache.get_or_compute(cache.key("test", "one"), lambda: calls.append(1) or "other") == "value"
    assert len(calls) == 1
    off = Cache.disabled()
    assert off.key("test", "one") is None
    assert [off.get_or_compute(None, lambda: calls.append(1) or len(calls)) for _ in range(2)] == [2, 3]


def test_get_or_compute_all_computes_only_the_missing(cached):
    computed = []

    def square(shared, item):
        computed.append(item)
        return shared * item * item
    with Cache.open(cached) as cache:
        keys = [cache.key("square", str(i)) for i in range(4)]
        assert cache.get_or_compute_all(keys[:2], square, 1, [0, 1]) == [0, 1]
        assert cache.get_or_compute_all([keys[0], None, keys[1], keys[3]], square, 1, [0, 5, 1, 3]) == [0, 25, 1, 9]
    assert computed == [0, 1, 5, 3]


def _edit_cycle(generator, *, later: bool) -> None:
    """A rebuild as `mkdocs serve` makes one for an edit: the edited pages first, then (`later`)
    the listings, which the next build writes."""
    assert not generator.build(listings_later=later).problems
    if later:
        generator.render_listings()
        assert not generator.build(listings_later=True).problems
        assert not generator.listings_pending


def test_serve_generator_equals_a_cold_build_after_every_edit(cached, tmp_path, monkeypatch):
    """What `mkdocs serve` keeps in memory between rebuilds (cache entries, file digests, written
    bytes, the listings) never shows: after each kind of edit, and once the listings have caught
    up, docs/ is byte for byte what a cold build without any cache writes."""
    from generator.build import Generator
    generator = Generator(cached, remember=True)
    _edit_cycle(generator, later=False)  # the server's first build
    profile = cached.profiles_dir / "beike-huc-msc-sle.yaml"
    edits = [
        lambda: _edit(profile, "    Beike Biotech has developed", "    Edited. Beike Biotech has developed"),
        lambda: _edit(profile, "en: Human Umbilical Cord", "en: HUMAN UMBILICAL CORD"),  # a title: listings change
        lambda: (cached.profiles_dir / "vum02-ppf.yaml").rename(tmp_path / "vum02-ppf.yaml"),  # a profile goes
        lambda: (tmp_path / "vum02-ppf.yaml").rename(cached.profiles_dir / "vum02-ppf.yaml"),  # and comes back
        lambda: _edit(cached.root / "context" / "glossary.yaml", "expansion: investigational", "expansion: changed investigational"),
    ]
    for i, edit in enumerate(edits):
        edit()
        _edit_cycle(generator, later=True)
        assert _snapshot(cached) == _uncached(tmp_path / str(i), cached, monkeypatch), i


def test_serve_generator_writes_the_edited_page_before_the_listings(cached):
    from generator.build import Generator
    generator = Generator(cached, remember=True)
    _edit_cycle(generator, later=False)
    overview = cached.docs_dir / "profiles" / "index.md"
    _edit(cached.profiles_dir / "vum02-ppf.yaml", "en: VUM02 Injection", "en: VUM02 INJECTION")
    assert not generator.build(listings_later=True).problems
    assert "VUM02 INJECTION" in (cached.docs_dir / "profiles" / "vum02-ppf.md").read_text(encoding="utf-8")
    assert "VUM02 INJECTION" not in overview.read_text(encoding="utf-8") and generator.listings_pending
    assert generator.render_listings()  # they changed: the hook asks the server for a build
    assert not generator.build(listings_later=True).problems
    assert "VUM02 INJECTION" in overview.read_text(encoding="utf-8")
    assert not generator.listings_pending and not generator.render_listings()


def test_serve_generator_sees_every_change_on_disk(cached):
    """Files are compared by stat signature between rebuilds: an edit that keeps a file's size and
    modification time is still seen (the change time moves), and a generated file changed behind
    the generator's back is written again."""
    import os
    from generator.build import Generator
    generator = Generator(cached, remember=True)
    _edit_cycle(generator, later=False)
    profile = cached.profiles_dir / "vum02-ppf.yaml"
    before = profile.stat()
    _edit(profile, "en: VUM02 Injection", "en: VUM02 INJECTIOn")  # same length
    os.utime(profile, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert profile.stat().st_size == before.st_size and profile.stat().st_mtime_ns == before.st_mtime_ns
    _edit_cycle(generator, later=True)
    page = cached.docs_dir / "profiles" / "vum02-ppf.md"
    assert "VUM02 INJECTIOn" in page.read_text(encoding="utf-8")
    good = page.read_bytes()
    page.write_bytes(b"changed by hand")
    (cached.docs_dir / "feed.xml").unlink()
    assert generator.build(listings_later=True).written == 2
    assert page.read_bytes() == good and (cached.docs_dir / "feed.xml").is_file()


def test_serve_memory_holds_one_sites_worth(cached):
    from generator.build import Generator
    generator = Generator(cached, remember=True)
    _edit_cycle(generator, later=False)
    entries = len(generator._memory.entries)
    cache = Cache.open(cached)
    stored = cache._connection().execute("SELECT count(*) FROM entries").fetchone()[0]
    cache.close()
    for i in range(3):
        _edit(cached.profiles_dir / "vum02-ppf.yaml", "\nsummary:\n  text: >-\n", f"\nsummary:\n  text: >-\n    Edit{i}.\n")
        _edit_cycle(generator, later=True)
    assert len(generator._memory.entries) == entries
    cache = Cache.open(cached)
    assert cache._connection().execute("SELECT count(*) FROM entries").fetchone()[0] == stored
    cache.close()
