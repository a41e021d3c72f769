"""Sizes that must not grow with the number of profiles (timings belong to benchmarks/)."""
from __future__ import annotations

import gzip
import json
import posixpath
import re
import statistics
import sys
from pathlib import Path


from conftest import FIXTURES, ROOT, copy_tree, mkdocs_build
from generator import timeline
from invariants import facet_values, year_pages
from generator.build import build
from generator.project import Project

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_build import add_synthetic  # noqa: E402

# The benchmark's synthetic profiles, quoting only the seeds the fixture profiles cite: with
# every seed, a document added to seeds/ would change what the synthetic pages quote and so
# their size.
QUOTED_SEEDS = frozenset(re.findall(r"source: ([^\s,}]+\.txt)", "".join(p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.yaml"))))


def make_tree(n: int, dest: Path) -> Project:
    """As benchmarks/bench_build.py's make_tree, from the fixed seeds above."""
    copy_tree(dest, profiles=False)
    return add_synthetic(n, dest, QUOTED_SEEDS)


def built(tmp_path, n: int):
    project = make_tree(n, tmp_path / f"tree-{n}")
    site = tmp_path / f"site-{n}"
    result = mkdocs_build(project.root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-2000:]
    return site


def page_sizes(site) -> list[int]:
    """Bytes a reader downloads: GitHub Pages serves HTML gzipped."""
    return [len(gzip.compress(p.read_bytes(), 6)) for p in sorted((site / "profiles").glob("synthetic-*/index.html"))]


def test_pages_do_not_grow_with_the_number_of_profiles(tmp_path):
    few_site, many_site = built(tmp_path, 10), built(tmp_path, 120)
    few, many = page_sizes(few_site)[:10], page_sizes(many_site)[:10]  # the same ten profiles
    assert statistics.median(many) <= statistics.median(few) * 1.03, (few, many)
    assert max(many) < 12_000
    assert statistics.median(many) <= 9_000, many  # the page budget, gzipped (README, Performance)
    home = (many_site / "index.html").read_text(encoding="utf-8")
    assert '<table id="cst-profiles"' not in home  # the overview lists all 120, on pages
    chart = home.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<a xlink:href=") == 50  # the 50 furthest along in the pipeline chart...
    counts = re.findall(r'y="30" text-anchor="middle" class="cst-chart-small">(\d+)</text>', chart)
    assert len(counts) == 9 and sum(map(int, counts)) == 120  # ...whose stage headings count all 120
    assert "all 120 are on the Profiles page" in home
    overview_is_paged(many_site, 120)
    source_lists_are_paged(many_site)
    browse = (many_site / "browse/index.html").read_text(encoding="utf-8")
    developers = len(facet_values(many_site, "developer"))  # over the facet's pages
    assert browse.count('<a href="developer/') == 12 + 2 and f'and <a href="developer/">{developers - 12} more</a>' in browse
    assert (many_site / "browse/developer/2/index.html").is_file()  # 120 developers, 100 a page
    assert toc_entries(many_site / "browse/developer/index.html") == 0  # the browse index links every value
    timeline_pages_are_bounded(many_site, 120 * 3)
    search_fragments_are_bounded(few_site, many_site)


def search_fragments(site) -> dict[str, int]:
    """Each indexed page's Pagefind fragment (what search downloads for a result it shows: the
    page's text, gzipped) by address, and its size."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = path.read_bytes()
        fragment = json.loads(gzip.decompress(raw).removeprefix(b"pagefind_dcd"))
        out[fragment["url"]] = len(raw)
        if fragment["url"].startswith("/profiles/synthetic-"):  # their values carry marks
            # verification marks are not words of the index (model.UNINDEXED)
            assert "○" not in fragment["content"] and "✓" not in fragment["content"], fragment["url"]
    return out


def search_fragments_are_bounded(few_site, many_site) -> None:
    """No page's search fragment grows with the number of profiles: a source page's list of the
    profiles citing it is not indexed (it made a document's fragment 125 KB at 10,000)."""
    few, many = search_fragments(few_site), search_fragments(many_site)
    assert any(url.startswith("/sources/") for url in few)  # source documents are indexed
    grown = {url: (few[url], many[url]) for url in few.keys() & many.keys() if many[url] > few[url] * 1.05 + 100}
    assert not grown, grown


def overview_rows(page) -> list[tuple[str, str]]:
    """(profile address, the row's text) for each row of an overview page's table."""
    table = page.read_text(encoding="utf-8").split('<table id="cst-profiles"', 1)[1].split("</table>", 1)[0]
    return [(m[0], re.sub(r"<[^>]+>", "", m[1])) for m in re.findall(r'<tr>\s*<td><a href="[./]*(profiles/[^"]+)">(.*?)</tr>', table, re.S)]


def overview_is_paged(site, n: int) -> None:
    """Every order lists every profile once, OVERVIEW_ROWS a page, each page linking the others."""
    from generator import routes
    from generator.render import OVERVIEW_ORDERS, OVERVIEW_ROWS
    pages = -(-n // OVERVIEW_ROWS)
    for order, _ in OVERVIEW_ORDERS:
        listed = []
        for number in range(1, pages + 1):
            page = site / routes.url("overview", number, order=order) / "index.html"
            rows = overview_rows(page)
            assert len(rows) == (OVERVIEW_ROWS if number < pages else n - OVERVIEW_ROWS * (pages - 1))
            html = page.read_text(encoding="utf-8")
            assert html.count('aria-current="page"') == 2  # its order and its number
            listed += rows
        assert sorted(a for a, _ in listed) == sorted({a for a, _ in listed}) and len(listed) == n
        if order == "name":
            names = [text.split("\n", 1)[0] for _, text in listed]
            assert names == sorted(names, key=str.casefold)
    assert not (site / "profiles/by/index.html").exists()


def toc_entries(page) -> int:
    html = page.read_text(encoding="utf-8")
    toc = html.split('aria-label="Table of contents"', 1)[1].split("</nav>", 1)[0] if 'aria-label="Table of contents"' in html else ""
    return toc.count('class="md-nav__link"')


def timeline_pages_are_bounded(site, milestones: int) -> None:
    """The Timeline page lists the newest 50 and each year has pages of at most PAGE_MILESTONES,
    whole months where they fit; the feed holds the newest 100."""
    main = (site / "timeline/index.html").read_text(encoding="utf-8")
    assert main.count("<li data-event=") == 50 and f"The 50 newest of {milestones} milestones" in main
    after_list = main.rsplit("</ul>", 1)[1]  # and below the list, the way on to the year pages
    assert "Earlier milestones, by year:" in after_list and after_list.count('<a href="20') == main.count('<a href="20') // 2
    chart = main.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<circle ") == 50
    listed = []
    for year, pages in year_pages(site).items():
        year_dates = []
        for rel, html in pages:
            dates = re.findall(r'<li data-event="[^"]+"><time>([^<]+)</time>', html)
            assert dates and all(d[:4] == year for d in dates)
            assert len(dates) <= timeline.PAGE_MILESTONES
            assert f'href="../../timeline/{year}/"' not in html  # its own year is not a link
            year_dates += dates
        assert year_dates == sorted(year_dates, reverse=True)
        for rel, html in pages:  # a dot per milestone, or past CHART_MARKS a bar per month
            assert html.count("<circle ") == (len(year_dates) if len(pages) == 1 and len(year_dates) <= timeline.CHART_MARKS else 0)
        listed += year_dates  # (at 120 profiles no year runs over a page: see the test below)
    assert len(listed) == milestones  # every milestone on exactly one year page
    newest = re.findall(r'<li data-event="[^"]+"><time>([^<]+)</time>', main)
    assert newest == sorted(listed, reverse=True)[:50]
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 100


def source_lists_are_paged(site) -> None:
    """A source cited by more profiles than a page lists has the rest on pages after it, each
    linking the others; only the first has the document's text."""
    from generator.render import SOURCE_CITED_BY
    paged = 0
    for first in sorted((site / "sources").glob("*/index.html")):
        pages = [first] + sorted(first.parent.glob("[0-9]*/index.html"), key=lambda p: int(p.parent.name))
        count = len(pages)
        paged += count > 1
        for n, page in enumerate(pages, 1):
            html = page.read_text(encoding="utf-8")
            assert page == first or page.parent.name == str(n)
            items = html.split("<h2 id=\"cited-by\">", 1)[1].split("</ul>", 1)[0].count("<li>")
            assert items <= SOURCE_CITED_BY and (n == count or items == SOURCE_CITED_BY)
            assert ('id="p-1"' in html) == (n == 1 and "cst-document" in html)
            if count > 1:
                assert f"of {count}" in html.split('aria-label="Pages"', 1)[1] and html.count('aria-current="page"') == 1
    assert paged  # at 120 profiles every document is cited by most of them


def test_a_crowded_year_gets_a_bar_per_month_and_pages(tmp_path, monkeypatch):
    """Past CHART_MARKS milestones a year's page draws a bar per month instead of a row per
    product; past PAGE_MILESTONES the year runs over several pages, whole months to a page where
    they fit, and each bar leads to its month wherever it is."""
    project = make_tree(120, tmp_path / "tree")
    monkeypatch.setattr(timeline, "CHART_MARKS", 20)
    monkeypatch.setattr(timeline, "PAGE_MILESTONES", 15)
    assert not build(project).problems
    docs = project.docs_dir
    crowded = split = 0
    for first in sorted((docs / "timeline").glob("[0-9][0-9][0-9][0-9].md")):
        year = first.stem
        pages = [first] + sorted((docs / "timeline" / year).glob("*.md"), key=lambda p: int(p.stem))
        texts = [p.read_text(encoding="utf-8") for p in pages]
        items = [len(re.findall(r'<li data-event="[^"]+"><time>', text)) for text in texts]
        assert all(0 < n <= 15 for n in items) and [p.stem for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
        if len(pages) == 1 and sum(items) <= 20:
            assert texts[0].count("<circle ") == items[0]
            continue
        crowded += 1
        for number, text in enumerate(texts, 1):
            svg = text.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
            bars = re.findall(r'<a xlink:href="([^"]*)#(m[\d-]+)" aria-label="[^"]+: (\d+) milestones?">', svg)
            assert "<circle " not in svg and sum(int(n) for _, _, n in bars) == sum(items)  # every bar on every page
            here = f"timeline/{year}/" + (f"{number}/" if number > 1 else "")
            for href, anchor, n in bars:  # each leads to the page where its month starts, which lists that many
                target = posixpath.normpath(posixpath.join(here, href)).removeprefix(f"timeline/{year}").strip("/")
                target = int(target) if target else 1
                found = texts[target - 1].split(f"{{: #{anchor} data-cst-group }}", 1)[1].split("</ul>", 1)[0].count("<li data-event=")
                rest = "".join(texts[target:])  # a month longer than a page goes on over the next ones
                found += sum(part.split("</ul>", 1)[0].count("<li data-event=")
                             for part in re.split(rf"\{{: #{anchor}-\d+ data-cst-group \}}", rest)[1:])
                assert found == int(n), (year, anchor)
        months_on = [re.findall(r"\{: #(m[\d-]+) data-cst-group \}", text) for text in texts]
        assert all(len({m[:8] for m in ms}) == len(ms) for ms in months_on)  # a month once a page
        split += any(len(ms) > 1 for ms in months_on)  # whole months share a page where they fit
    assert crowded >= 5 and split
