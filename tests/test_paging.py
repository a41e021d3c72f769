"""Long lists over several pages: the pager's links, a year's milestones packed by month, a
source's citing profiles, and links to a month made before its year had pages."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from conftest import serving
from generator import paging, routes, timeline
from generator.render import SOURCE_CITED_BY, environment, source_pages
from test_timeline import entry


@pytest.mark.parametrize("number, count, shown", [
    (1, 1, [1]),
    (3, 5, [1, 2, 3, 4, 5]),
    (7, paging.ALL_PAGES, list(range(1, paging.ALL_PAGES + 1))),  # every page, up to ALL_PAGES
    (1, 200, [1, 2, 3, 4, None, 200]),  # past it: the first, the last, three either side, gaps
    (100, 200, [1, None, 97, 98, 99, 100, 101, 102, 103, None, 200]),
    (5, 200, [1, 2, 3, 4, 5, 6, 7, 8, None, 200]),
    (200, 200, [1, None, 197, 198, 199, 200]),
])
def test_pager_links(number, count, shown):
    pg = paging.pager(number, count, lambda n: f"p{n}")
    assert [n for n, _ in pg.links] == shown
    assert all((href is None) == (n is None or n == number) for n, href in pg.links)  # this page and gaps: no link
    assert all(href == f"p{n}" for n, href in pg.links if href)
    assert pg.previous == (f"p{number - 1}" if number > 1 else None) and pg.next == (f"p{number + 1}" if number < count else None)


def test_chunks_keep_a_first_page():
    assert paging.chunks([], 3) == [[]] and paging.chunks(list("abcdefg"), 3) == [list("abc"), list("def"), ["g"]]


def months(*sizes: int, year: str = "2023") -> list:
    """Milestones newest first: sizes[0] in December, sizes[1] in November, ..."""
    return [entry(f"{year}-{12 - m:02d}-{28 - i:02d}", pid=f"p{m}-{i}") for m, size in enumerate(sizes) for i in range(size)]


def year(entries: list, monkeypatch, per_page: int) -> list[timeline.TimelinePage]:
    monkeypatch.setattr(timeline, "PAGE_MILESTONES", per_page)
    return timeline.timeline_pages(entries, ["trial-kickoff"])[1:]


def test_a_year_has_whole_months_to_a_page_where_they_fit(monkeypatch):
    pages = year(months(3, 4, 2, 5), monkeypatch, per_page=7)
    assert [[(g.heading, len(g.entries)) for g in p.groups] for p in pages] == [
        [("December 2023", 3), ("November 2023", 4)], [("October 2023", 2), ("September 2023", 5)]]
    assert [p.rel for p in pages] == ["timeline/2023.md", "timeline/2023/2.md"]  # the first at the year's own address
    assert [p.to_root for p in pages] == ["../../", "../../../"]
    assert pages[0].summary.startswith("14 milestones, newest first, by month, on 2 pages; this page lists December 2023 and November 2023 (7).")
    assert [p.title for p in pages] == ["Timeline: 2023", "Timeline: 2023, page 2 of 2"]
    assert [p.forwards_old_anchors for p in pages] == [True, False]


def test_a_month_longer_than_a_page_goes_on_over_the_next(monkeypatch):
    pages = year(months(2, 9, 1), monkeypatch, per_page=4)
    assert [[(g.heading, g.anchor, len(g.entries)) for g in p.groups] for p in pages] == [
        [("December 2023", "m2023-12", 2)],
        [("November 2023", "m2023-11", 4)], [("November 2023 (continued)", "m2023-11-2", 4)],
        [("November 2023 (continued)", "m2023-11-3", 1), ("October 2023", "m2023-10", 1)]]
    assert sum(len(p.entries) for p in pages) == 12


def test_every_page_of_a_year_charts_every_month_and_leads_to_its_page(monkeypatch):
    pages = year(months(3, 4, 2, 5), monkeypatch, per_page=7)
    assert {p.chart for p in pages} == {"months"}  # the same chart on every page, whatever the page holds
    assert [(m.anchor, len(m.entries), m.href) for m in pages[0].months] == [
        ("m2023-12", 3, "#m2023-12"), ("m2023-11", 4, "#m2023-11"), ("m2023-10", 2, "2/#m2023-10"), ("m2023-09", 5, "2/#m2023-09")]
    assert [m.href for m in pages[1].months] == ["../#m2023-12", "../#m2023-11", "#m2023-10", "#m2023-09"]
    assert [(n, h) for n, h in pages[1].pager.links] == [(1, "../"), (2, None)]


def test_a_year_on_one_page_keeps_its_dots(monkeypatch):
    (page,) = year(months(3, 4), monkeypatch, per_page=50)
    assert (page.chart, page.pager, page.forwards_old_anchors) == ("dots", None, False)
    assert page.summary == "7 milestones, newest first, by month; citation numbers lead to the source notes on each profile."


def source_view(n: int, web: bool = False):
    views = [SimpleNamespace(id=f"p{i}", title=f"P{i}") for i in range(n)]
    source = SimpleNamespace(slug="doc" if not web else "web-0123456789ab", label="Doc", is_web=web)
    return SimpleNamespace(source=source, cited_by=[(v, i % 3 + 1) for i, v in enumerate(views)],
                           places=[(v, ["¶1", "¶2"]) for v in views] if web else None)


def test_a_source_lists_its_citing_profiles_a_page_at_a_time():
    n = 2 * SOURCE_CITED_BY + 1
    pages = source_pages(source_view(n))
    assert [p.here.path for p in pages] == ["sources/doc.md", "sources/doc/2.md", "sources/doc/3.md"]
    assert [len(p.entries) for p in pages] == [SOURCE_CITED_BY, SOURCE_CITED_BY, 1]
    assert [v.id for p in pages for v, _ in p.entries] == [f"p{i}" for i in range(n)]  # each once, in order
    assert pages[0].entries[0][1] == "1 citation" and pages[0].entries[1][1] == "2 citations"
    assert pages[2].listing == f"{n} profiles cite this document: {2 * SOURCE_CITED_BY + 1} to {n} here."
    assert pages[1].pager.previous == "../" and pages[1].pager.next == "../3/"
    assert pages[1].title == "Doc: cited by, page 2 of 3"


def test_a_source_few_cite_has_one_page():
    (page,) = source_pages(source_view(2, web=True))
    assert (page.pager, page.listing, page.title) == (None, "", "Doc")
    assert [note for _, note in page.entries] == ["at ¶1; ¶2", "at ¶1; ¶2"]
    (empty,) = source_pages(source_view(0))
    assert empty.entries == [] and empty.empty == "No profile cites this document yet."


@pytest.mark.browser
def test_a_link_to_a_month_made_before_its_year_had_pages_finds_it(browser, tmp_path, monkeypatch):
    """timeline/<year>/#m<year>-<month> was the month's place; it now may be on another page of
    the year, which the year's first page sends the reader on to."""
    first, later = year(months(3, 4, 2, 5), monkeypatch, per_page=7)
    from generator.charts import months_svg
    page = environment().get_template("timeline_year.md.j2").render(
        tl=first, years=[("2023", 14)], chart=months_svg(first.months, "2023"), here=routes.at(first.rel))
    script = re.search(r"<script>.*?</script>", page, re.S).group(0)
    (tmp_path / "timeline/2023/2").mkdir(parents=True)
    (tmp_path / "timeline/2023/index.html").write_text(
        f'<!doctype html><meta charset="utf-8"><div id="m2023-12">December</div>{months_svg(first.months, "2023")}{script}', encoding="utf-8")
    (tmp_path / "timeline/2023/2/index.html").write_text('<!doctype html><p id="m2023-10">October</p>', encoding="utf-8")
    context = browser.new_context()
    try:
        tab = context.new_page()
        with serving(tmp_path) as url:
            tab.goto(url + "timeline/2023/#m2023-10")
            tab.wait_for_url("**/timeline/2023/2/#m2023-10")
            tab.goto(url + "timeline/2023/#m2023-12")  # on the first page: it stays
            tab.wait_for_timeout(200)
            assert tab.url.endswith("/timeline/2023/#m2023-12")
    finally:
        context.close()
