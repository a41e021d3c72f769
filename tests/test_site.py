"""The fixture profiles (tests/fixtures/) through the real `mkdocs build --strict`: the built
site, file by file."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import FIXTURE_PROFILES, TEST_REPO_URL
from invariants import links_in
from test_render import tags_of

PROFILES = list(FIXTURE_PROFILES)  # the site these tests read is built from tests/fixtures/profiles


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_profile_has_a_page(built_site):
    # profiles/by/ holds the overview's other orders and pages, and no page of its own
    assert sorted(p.name for p in (built_site / "profiles").iterdir() if (p / "index.html").is_file()) == PROFILES
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f"The tracker holds <strong>{len(PROFILES)} profiles</strong>" in home
    for pid in PROFILES:
        assert f'href="profiles/{pid}/"' in home


def test_navigation_does_not_list_profiles(built_site):
    page = (built_site / "profiles/vum02-ppf/index.html").read_text(encoding="utf-8")
    nav = _primary_nav(page)
    assert not any(pid in nav for pid in PROFILES)


def _primary_nav(page: str) -> str:
    return page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]


def test_sidebar_marks_the_section_of_a_page_it_does_not_list(built_site):
    """Profile, facet, year and source pages are not in the navigation; the entry that lists them
    is marked instead, and only while one of them is shown (a section page marks itself)."""
    expected = {"profiles/vum02-ppf": "Profiles", "browse/cell-type": "Browse", "timeline/2024": "Timeline",
                "sources/000_4ad39a634de9298b": "Sources", "about": "About", "profiles": "Profiles", "data": "Data"}
    for rel, entry in expected.items():
        nav = _primary_nav((built_site / rel / "index.html").read_text(encoding="utf-8"))
        marked = re.findall(r'md-nav__item--active">.*?<span class="md-ellipsis">\s*(.*?)\s*</span>', nav, re.S)
        assert marked == [entry], rel
    for path in html_files(built_site):
        rel = path.parent.relative_to(built_site).as_posix()
        if rel.startswith(("profiles/", "browse/", "timeline/", "sources/")):
            assert _primary_nav(path.read_text(encoding="utf-8")).count("md-nav__item--active") == 1, rel


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_is_an_index_and_sitemap_pages_lists_every_page(built_site, site_url):
    """Material's script parses all of sitemap.xml on every page with a <link rel="alternate">
    (the feed's), a task that grows with the site (README, Performance): it is an index of one
    sitemap, sitemap-pages.xml, which lists every page for search engines."""
    index = ET.parse(built_site / "sitemap.xml").getroot()
    assert index.tag == SITEMAP + "sitemapindex"
    assert [loc.text for loc in index.iter(SITEMAP + "loc")] == [site_url + "sitemap-pages.xml"]
    listed = [loc.text for loc in ET.parse(built_site / "sitemap-pages.xml").getroot().iter(SITEMAP + "loc")]
    pages = [site_url + ("" if p.parent == built_site else p.parent.relative_to(built_site).as_posix() + "/")
             for p in html_files(built_site) if p.name == "index.html"]
    assert sorted(listed) == sorted(pages)


def test_no_request_leaves_the_site(built_site):
    for path in html_files(built_site):
        for tag, attrs in tags_of(path.read_text(encoding="utf-8")):
            fetched = attrs.get("src") if tag in ("script", "img", "iframe", "source", "audio", "video") else None
            if tag == "link" and attrs.get("rel") not in ("canonical", "alternate"):
                fetched = attrs.get("href")
            assert not (fetched and re.match(r"^(https?:)?//", fetched)), f"{path}: {tag} {attrs}"
    for css in built_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8"), css


def test_internal_links_resolve(built_site):
    links = links_in(built_site)
    assert not [(page, href) for page, href, found in links if not found]
    assert len(links) > 100


def test_citation_anchors_exist(built_site):
    for pid in PROFILES:
        page = (built_site / f"profiles/{pid}/index.html").read_text(encoding="utf-8")
        refs = set(re.findall(r'href="#(note-\d+)"', page))
        ids = set(re.findall(r'id="(note-\d+)"', page))
        assert refs and refs == ids, pid


def test_timeline_milestones_cite_the_notes_on_their_profiles(built_site):
    notes = {pid: set(re.findall(r'id="(note-\d+)"', (built_site / f"profiles/{pid}/index.html").read_text(encoding="utf-8")))
             for pid in PROFILES}
    entries = 0
    for path in [built_site / "timeline/index.html", *sorted((built_site / "timeline").glob("*/index.html"))]:
        for item in re.findall(r"<li data-event=.*?</li>", path.read_text(encoding="utf-8"), re.S):
            cited = re.findall(r'<a href="[^"]*profiles/([a-z0-9-]+)/#(note-\d+)">', item)
            assert cited, item
            assert all(note in notes[pid] for pid, note in cited), item
            entries += 1
    assert entries == 6  # three milestones, on the Timeline page and on their years' pages


def test_search_runs_on_pagefind_and_materials_index_stays_empty(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []  # every reader would download it whole
    assert (built_site / "pagefind/pagefind.js").is_file() and list((built_site / "pagefind/index").iterdir())
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '"search": "javascripts/search-worker.js"' in home  # Material's search box, our worker
    profile = (built_site / "profiles/vum02-ppf/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in profile and "data-pagefind-body" not in home  # lists are not indexed
    assert "细胞基因工程股份有限公司" in profile.split('class="cst-terms"', 1)[1].split("</div>", 1)[0]


def test_edit_links_open_the_yaml_file(built_site):
    for pid in PROFILES:
        page = (built_site / f"profiles/{pid}/index.html").read_text(encoding="utf-8")
        assert f'href="{TEST_REPO_URL}/edit/main/profiles/{pid}.yaml" title="Edit this page"' in page
    about = (built_site / "about/index.html").read_text(encoding="utf-8")
    assert f'href="{TEST_REPO_URL}/edit/main/docs/about.md"' in about
    overview = (built_site / "profiles/index.html").read_text(encoding="utf-8")
    assert 'title="Edit this page"' not in overview  # generated: nothing to edit by hand
