"""Browse pages on the site built from the fixture profiles: the right profiles under each
facet value, and profile pages linking to them."""
from __future__ import annotations

import re

P = {"amimatosa-agvhd", "beike-huc-msc-sle", "jiuzhitang-maker-hbmmsc-apap", "vum02-ppf", "xellsmart-ipsc-npc-als"}


def groups(built_site, facet: str) -> dict[str, set[str]]:
    """value anchor -> profile ids listed under it, read from the built HTML."""
    html = (built_site / f"browse/{facet}/index.html").read_text(encoding="utf-8")
    out = {}
    for anchor, body in re.findall(r'<h2 id="([^"]+)">.*?</h2>\s*<ul class="cst-facet-list">(.*?)</ul>', html, re.S):
        out[anchor] = set(re.findall(r'href="../../profiles/([a-z0-9-]+)/"', body))
    return out


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
    assert '<a href="cell-type/#msc">Mesenchymal stem cells (MSC)</a> · 3' in html


def test_profile_pages_link_their_facet_values(built_site):
    """Each facet value on a profile page links to that value on its browse page, which lists the profile."""
    html = re.sub(r"</?abbr[^>]*>", "", (built_site / "profiles/vum02-ppf/index.html").read_text(encoding="utf-8"))
    nav = html.split('<nav class="md-tags" aria-label="Browse by facet">', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a class="md-tag" href="\.\./\.\./browse/([a-z-]+)/#([^"]+)">([^<]+)</a>', nav)
    texts = [text.replace("&amp;", "&") for _, _, text in links]
    for tag in ("Cell type: Mesenchymal stem cells (MSC)", "Stage: IND approved", "Regulatory pathway: Drug registration (CDE/NMPA)"):
        assert tag in texts, tag
    assert len(links) == nav.count("<a ")
    for facet, anchor, _ in links:
        assert "vum02-ppf" in groups(built_site, facet)[anchor]
