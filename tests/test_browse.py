"""Browse pages and tags on the built site: the right profiles under each facet value."""
from __future__ import annotations

import re

from conftest import copy_tree, mkdocs_build

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
        "drug-registration": P - {"xellsmart-ipsc-npc-als"}, "clinical-research-filing": {"xellsmart-ipsc-npc-als"}}
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
    assert '<a href="cell-type/#msc">Mesenchymal stem cells (MSC)</a> (3)' in html


def test_profile_pages_carry_their_tags(built_site):
    html = re.sub(r"</?abbr[^>]*>", "", (built_site / "profiles/vum02-ppf/index.html").read_text(encoding="utf-8"))
    for tag in ("Cell type: Mesenchymal stem cells (MSC)", "Stage: IND approved", "Regulatory pathway: Drug registration (CDE/NMPA)"):
        assert f">{tag}</" in html.replace("&amp;", "&"), tag


def test_a_tag_outside_the_facets_fails_the_build(tmp_path):
    root = copy_tree(tmp_path / "tree")
    (root / "docs/note.md").write_text('---\ntags:\n  - "Cell type: Mesenchymal stem cells (MSK)"\n---\n# Note\n', encoding="utf-8")
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "Tags not in allow list: Cell type: Mesenchymal stem cells (MSK)" in result.stdout + result.stderr
