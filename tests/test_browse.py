"""Browse pages on the site built from the fixture profiles: the right profiles under each
facet value, and profile pages linking to them."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from generator.routes import value_path
from invariants import browse_groups, facet_values

P = {"amimatosa-agvhd", "beike-huc-msc-sle", "jiuzhitang-maker-hbmmsc-apap", "vum02-ppf", "xellsmart-ipsc-npc-als"}


def groups(built_site, facet: str) -> dict[str, set[str]]:
    """value key -> profile ids its own pages list, read from the built HTML."""
    return {key: set(ids) for key, ids in browse_groups(built_site, facet).items()}


def test_facet_pages_list_the_right_profiles(built_site):
    assert groups(built_site, "cell-type") == {
        "msc": {"beike-huc-msc-sle", "jiuzhitang-maker-hbmmsc-apap", "vum02-ppf"},
        "ipsc-derived": {"xellsmart-ipsc-npc-als"},
        "not-reported": {"amimatosa-agvhd"},
    }
    assert groups(built_site, "tissue-source") == {
        "umbilical-cord": {"beike-huc-msc-sle", "vum02-ppf"}, "bone-marrow": {"jiuzhitang-maker-hbmmsc-apap"},
        "ipsc-line": {"xellsmart-ipsc-npc-als"}, "not-reported": {"amimatosa-agvhd"},
    }
    assert groups(built_site, "pathway") == {
        "drug-registration": P - {"xellsmart-ipsc-npc-als", "jiuzhitang-maker-hbmmsc-apap"},
        "clinical-research-filing": {"xellsmart-ipsc-npc-als"}, "not-stated": {"jiuzhitang-maker-hbmmsc-apap"}}
    assert groups(built_site, "donor-type") == {"allogeneic": {"xellsmart-ipsc-npc-als"},
                                                "not-reported": P - {"xellsmart-ipsc-npc-als"}}
    stage = groups(built_site, "stage")
    assert list(stage) == ["approved-conditional", "phase-2a", "clinical-research", "ind-approved"]  # furthest first
    assert stage["ind-approved"] == {"beike-huc-msc-sle", "vum02-ppf"}
    developers = groups(built_site, "developer")
    assert developers["beike-biotech"] == {"beike-huc-msc-sle"} and developers["not-reported"] == {"amimatosa-agvhd"}
    for facet in ("indication", "therapeutic-area", "status"):
        assert set().union(*groups(built_site, facet).values()) == P  # every profile somewhere


def test_browse_index_counts(built_site):
    html = re.sub(r"</?abbr[^>]*>", "", (built_site / "browse/index.html").read_text(encoding="utf-8"))
    assert '<a href="cell-type/msc/">Mesenchymal stem cells (MSC)</a> · 3' in html


def test_facet_pages_link_each_value_s_page(built_site):
    """A facet's page lists each value once with its count, under the anchor links to it used
    before values had pages (browse/<facet>/#<key>), and its script sends those to the value's page."""
    for facet in ("cell-type", "developer", "stage"):
        values = facet_values(built_site, facet)
        assert [k for k, _, _ in values] == list(groups(built_site, facet)) and len({k for k, _, _ in values}) == len(values)
        for key, folder, _ in values:
            assert folder == value_path(key)
    page = (built_site / "browse/cell-type/index.html").read_text(encoding="utf-8")
    assert "location.replace" in page and 'id="msc"' in page


def test_value_paths_are_safe_and_stable():
    assert value_path("msc") == "msc" and value_path("phase-2a") == "phase-2a"
    for key in ("北京贝来生物科技有限公司", "index", "readme", "2", "12-3", "a_b", "x" * 61, "café", "Ab"):
        path = value_path(key)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", path) and len(path) <= 60, (key, path)
        assert not path.replace("-", "").isdigit() and path not in ("index", "readme")
        assert value_path(key) == path  # the key alone decides it
    assert value_path("北京贝来生物科技有限公司") != value_path("北京贝来生物科技")
    assert value_path("cafe\u0301") == value_path("café")  # one spelling in Unicode, one folder


def test_large_values_are_paged(tmp_path):
    from generator.facets import VALUE_ROWS, Facet, Value, browse_pages
    views = [type("V", (), {"id": f"p{i}", "url": f"profiles/p{i}/", "title": f"P{i}", "stage": "IND", "indications": []})()
             for i in range(VALUE_ROWS * 2 + 1)]
    facet = Facet("cell-type", "Cell type", "", groups=[(Value("msc", "MSC"), views)])
    pages = [bp for bp in browse_pages([facet]) if bp.value]
    assert [bp.rel for bp in pages] == ["browse/cell-type/msc.md", "browse/cell-type/msc/2.md", "browse/cell-type/msc/3.md"]
    assert [v.id for bp in pages for v in bp.entries] == [v.id for v in views]
    assert pages[1].pages == [(1, "../../../../browse/cell-type/msc/"), (2, None), (3, "../../../../browse/cell-type/msc/3/")]
    assert pages[2].up == "../../../../browse/cell-type/#msc"


def test_profile_pages_link_their_facet_values(built_site):
    """Each facet value on a profile page links to that value's own page, which lists the profile."""
    html = re.sub(r"</?abbr[^>]*>", "", (built_site / "profiles/vum02-ppf/index.html").read_text(encoding="utf-8"))
    nav = html.split('<nav class="md-tags" aria-label="Browse by facet">', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a class="md-tag" href="\.\./\.\./browse/([a-z-]+)/([^/"]+)/">([^<]+)</a>', nav)
    texts = [text.replace("&amp;", "&") for _, _, text in links]
    for tag in ("Cell type: Mesenchymal stem cells (MSC)", "Stage: IND approved", "Regulatory pathway: Drug registration (CDE/NMPA)"):
        assert tag in texts, tag
    assert len(links) == nav.count("<a ")
    for facet, folder, _ in links:
        key = {f: k for k, f, _ in facet_values(built_site, facet)}[folder]
        assert "vum02-ppf" in groups(built_site, facet)[key]


@pytest.mark.browser
def test_old_value_anchors_lead_to_the_value_s_page(page, site_url, built_site):
    """browse/<facet>/#<key>, the address of a value before values had pages, opens the value's
    page: an ASCII key and a Chinese one (its folder a digest, computed again in the browser)."""
    chinese = next((k, f) for k, f, _ in facet_values(built_site, "developer") if not k.isascii())
    for facet, key, folder in (("cell-type", "msc", "msc"), ("developer", *chinese)):
        page.goto(f"{site_url}browse/{facet}/#{quote(key)}")
        page.wait_for_url(f"**/browse/{facet}/{folder}/")


def test_a_company_named_only_in_english_joins_the_profile_that_gives_its_chinese_name(project):
    """Developers appear once each: keyed by the Chinese legal name, which one profile gives beside
    the English name another profile uses alone."""
    from conftest import MINIMAL, run_cli, write
    from test_web_sources import ENTRY, URL

    with open(project.root / "seeds" / "sources.yaml", "a", encoding="utf-8") as f:
        f.write(ENTRY)
    cite = f"    cite:\n      - source: {URL}\n        at: ¶2\n"
    both = "developers:\n  - name: Acme Cell Therapeutics\n    name_zh: 艾克美细胞治疗有限公司\n" + cite
    english = "developers:\n  - name: Acme Cell Therapeutics\n" + cite
    write(project, "acme-one.yaml", MINIMAL.format(id="acme-one") + both)
    write(project, "acme-two.yaml", (MINIMAL + english).format(id="acme-two"))
    result = run_cli("build", root=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project.docs_dir / "browse" / "developer.md").read_text(encoding="utf-8")
    assert page.count("Acme Cell Therapeutics") == 1, page
    assert "Acme Cell Therapeutics · 艾克美细胞治疗有限公司" in page and "· 2 profiles" in page
