"""Timeline, sources, charts, glossary, related profiles and freshness on the built site."""
from __future__ import annotations

import html
import re

from conftest import FIXTURE_PROFILES, FIXTURES, ROOT
from generator.history import last_edited
from generator.load import load_file
from invariants import Tree, _classes, generated_tables_have_their_class


def read(built_site, path: str) -> str:
    return (built_site / path / "index.html").read_text(encoding="utf-8")


def plain(text: str) -> str:
    return re.sub(r"</?abbr[^>]*>", "", text)


def test_timeline_is_newest_first_grouped_by_year(built_site):
    page = read(built_site, "timeline")
    dates = re.findall(r'<li data-event="[^"]+"><time>([^<]+)</time>', page)
    milestones = [m["date"] for p in sorted(FIXTURES.glob("*.yaml")) for m in load_file(p).data.get("milestones") or []]
    assert dates == sorted(milestones, reverse=True) and len(dates) == 3
    years = re.findall(r'<h2 data-cst-group id="y(\d{4})"', page)
    assert years == ["2025", "2024", "2023"]


def test_every_source_page_carries_its_document(built_site, fixture_root):
    for seed in sorted((fixture_root / "seeds").glob("*.txt")):
        page = plain(read(built_site, f"sources/{seed.stem}"))
        for line in seed.read_text(encoding="utf-8").splitlines():
            if line.strip():
                assert html.escape(line.strip(), quote=False).replace('"', "&#34;").replace("'", "&#39;") in page.replace("&quot;", "&#34;"), (seed.name, line[:60])
        assert (built_site / "sources" / seed.name).read_bytes() == seed.read_bytes()


def test_source_page_lists_profiles_citing_it(built_site):
    page = read(built_site, "sources/003_5b6dafc463f4908e")
    cited = re.findall(r'<li><a href="../../profiles/([a-z0-9-]+)/">', page)
    assert cited == ["vum02-ppf"]
    assert 'class="cst-quoted"' in page


def test_a_quote_running_into_the_next_paragraph_marks_both(built_site):
    # "...was successfully held." ends paragraph 1 of this report; its date, 2023-11-04, is paragraph 2
    page = read(built_site, "sources/000_4ad39a634de9298b")
    assert '<p id="p-1" class="cst-quoted">' in page and '<p id="p-2" class="cst-quoted">' in page
    profile = read(built_site, "profiles/jiuzhitang-maker-hbmmsc-apap")
    assert re.search(r"successfully held\. 2023-11-04”</a> ¶1–2</li>", profile)


def test_abbreviations_render_as_abbr(built_site):
    page = read(built_site, "profiles/beike-huc-msc-sle")
    assert '<abbr title="systemic lupus erythematosus">SLE</abbr>' in page
    assert '<abbr title="mesenchymal stem cells">MSC</abbr>' in page
    # never inside code, attributes or the page title
    assert "<code><abbr" not in page and "<title>" in page and "<abbr" not in page.split("<title>")[1].split("</title>")[0]
    glossary = read(built_site, "glossary")
    for term in ("MSC", "hUC-MSC", "hBMMSC", "iPSC", "aPAP", "SLE", "ALS", "PPF", "NMPA", "CDE", "IND", "GMP", "CMC"):
        assert f'<dt id="{term}">{term}</dt>' in glossary, term


def test_pipeline_chart_has_a_linked_mark_per_product(built_site):
    home = read(built_site, "")
    svg = home.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
    links = re.findall(r'<a xlink:href="(profiles/[a-z0-9-]+/)"', svg)
    assert len(links) == len(set(links)) == len(FIXTURE_PROFILES)
    assert all((built_site / link / "index.html").is_file() for link in links)
    assert len(re.findall(r'<rect class="cst-ct-', svg)) == len(FIXTURE_PROFILES) + 3  # bars + legend swatches (3 cell types)
    assert '<title id="pipeline-title">' in svg and '<desc id="pipeline-desc">' in svg
    assert "<abbr" not in svg  # SVG text cannot show HTML: labels would vanish
    assert ">IND filed</text>" in svg and ">Mesenchymal stem cells (MSC)</text>" in svg


def test_timeline_chart_has_a_linked_mark_per_milestone(built_site):
    page = read(built_site, "timeline")
    svg = page.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
    assert len(re.findall(r"<circle ", svg)) == 3
    for link in re.findall(r'<a xlink:href="../(profiles/[a-z0-9-]+/)"', svg):
        assert (built_site / link / "index.html").is_file()


def test_related_profiles(built_site):
    page = plain(read(built_site, "profiles/beike-huc-msc-sle"))
    related = page.split('id="related-profiles"', 1)[1].split("<h2", 1)[0]
    assert 'href="../vum02-ppf/"' in related and "same cell type" in related
    assert "amimatosa" not in related


def test_regulatory_page_is_cited(built_site):
    page = read(built_site, "regulatory")
    for section in ("dual-track", "drug-registration", "guidelines", "hainan", "conditional-approval", "identifiers"):
        assert f'id="{section}"' in page
    refs = set(re.findall(r'href="#(note-\d+)"', page))
    assert refs and refs == set(re.findall(r'id="(note-\d+)"', page))
    assert '<code class="cst-id">CXSL2400092</code>' in page


def test_every_kind_of_table_has_its_class(built_site, fixture_root):
    """Each page that shows a table (tests/invariants.py checks every page of the real site)."""
    for path in ("", "profiles", "profiles/beike-huc-msc-sle", "sources", "browse", "regulatory", "provenance"):
        tags = re.findall(r"<table\b[^>]*>", read(built_site, path))
        assert tags and all("cst-table" in _classes(tag) for tag in tags), (path, tags)
    generated_tables_have_their_class(Tree(fixture_root, built_site))


def test_public_figures_name_each_value_s_column(built_site):
    """On a phone the home page's figures are cards, each value under its column's name (extra.css
    shows data-label): the name is the header of the value's own column."""
    table = read(built_site, "").split('<table id="cst-coverage"', 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    rows = re.findall(r"<tr role=\"row\">\n(.*?)</tr>", table, re.S)
    assert headers and rows
    for row in rows:
        cells = re.findall(r"<td[^>]*>", row)
        assert len(cells) == len(headers)
        labels = [re.search(r'data-label="([^"]*)"', c) for c in cells]
        assert labels[0] is None  # the figure itself heads its card
        assert [m.group(1) for m in labels[1:]] == headers[1:]


def test_last_reviewed_and_last_edited(real_site):
    """On the real tree, whose git history gives "last edited" (a fixture tree has none)."""
    edited = last_edited(ROOT)
    for path in sorted((ROOT / "profiles").glob("*.yaml")):
        page = read(real_site, f"profiles/{path.stem}")
        reviewed = load_file(path).data["last_reviewed"]
        assert f'<dt>Last reviewed</dt> <dd><time>{reviewed}</time>' in page
        date = edited.get(f"profiles/{path.name}")
        assert (f'last edited <time>{date}</time>' in page) if date else ("last edited" not in page)
        assert f'data-cst-reviewed="{reviewed}"' in page
