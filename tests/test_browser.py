"""The built site in a real headless Chromium: search in English, Chinese and by identifier
lands on the right profile; pages render; nothing is fetched from outside 127.0.0.1."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURE_PROFILES, RESULTS, copy_tree, mkdocs_build, serving

pytestmark = pytest.mark.browser


def search(page, site_url: str, query: str, expect: str | None = None) -> list[str]:
    """Type a query as a reader would and return the result links. With `expect`, wait until a
    result links to that path (results arrive asynchronously from the search worker)."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the search box reacts to key events; fill() alone sends none
    links = page.locator("li.md-search-result__item > a.md-search-result__link")
    if expect:
        try:
            links.filter(has=page.locator(f"xpath=self::*[contains(@href, '{expect}')]")).first.wait_for(timeout=15000)
        except Exception:
            pass  # the assertion below reports what was found instead
    else:
        page.locator(".md-search-result__meta").filter(has_text=re.compile(r"No matching|\d+ matching")).wait_for()
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


@pytest.mark.parametrize("query, profile", [
    ("lupus", "beike-huc-msc-sle"),
    ("alveolar proteinosis", "jiuzhitang-maker-hbmmsc-apap"),
    ("Amimatosa", "amimatosa-agvhd"),
    ("CXSL2400092", "beike-huc-msc-sle"),
    ("2025LP02853", "vum02-ppf"),
    ("中源协和", "vum02-ppf"),
    ("全资子公司", "vum02-ppf"),
    ("细胞基因工程", "vum02-ppf"),
])
def test_search_lands_on_profile(page, site_url, query, profile):
    hrefs = search(page, site_url, query, expect=f"profiles/{profile}/")
    wanted = [h for h in hrefs if f"profiles/{profile}/" in h]
    assert wanted and f"profiles/{profile}/" in hrefs[0], f"{query!r} found {hrefs}"  # the profile comes first
    page.locator(f"li.md-search-result__item > a.md-search-result__link[href='{wanted[0]}']").click()
    page.wait_for_url(f"**/profiles/{profile}/**")
    page.locator(f"h1#{profile}").wait_for()


@pytest.mark.parametrize("query", ["协和", "全资子公司", "有限公司"])
def test_search_excerpts_quote_the_page_not_its_hidden_search_words(page, site_url, query):
    """A profile's hidden list of Chinese search words (every tail of every run) is indexed but
    never quoted: the excerpt shows the words on the page that hold the query, marked."""
    search(page, site_url, query, expect="profiles/vum02-ppf/")
    results = page.locator("li.md-search-result__item")
    text = " ".join(results.all_inner_texts())
    assert "中源协和细胞基因工程股份有限公司" in text or "(全资子公司)" in text, text
    assert "份有限公司 有限公司" not in text and "全资子公 " not in text, text  # tails, as the hidden list has them
    assert any(query in mark for mark in results.locator("mark").all_inner_texts())


def test_excerpt_near_the_end_of_a_page_stops_before_its_hidden_search_words(page, site_url):
    search(page, site_url, "tolerability", expect="profiles/vum02-ppf/")  # in the page's last note
    text = " ".join(page.locator("li.md-search-result__item").all_inner_texts())
    assert "data: JSON." in text and "股份有限公司 源协和" not in text and "份有限公司 有限公司" not in text, text


def test_search_results_show_contributor_text_as_text(browser, tmp_path):
    """Markup a contributor writes next to Chinese text reaches a search excerpt as text: the
    worker builds those excerpts itself, from Pagefind's content, which is the page's text unescaped."""
    tree = copy_tree(tmp_path / "tree")
    path = tree / "profiles/vum02-ppf.yaml"
    text = path.read_text(encoding="utf-8")
    old = "owned subsidiary (全资子公司)"
    assert old in text
    path.write_text(text.replace(old, "owned subsidiary <img src=x onerror=document.title=1> (全资子公司)"), encoding="utf-8")
    site = tmp_path / "site"
    with serving(site) as url:
        result = mkdocs_build(tree / "mkdocs.yml", site, site_url=url)
        assert result.returncode == 0, result.stdout + result.stderr
        context = browser.new_context()
        try:
            page = context.new_page()
            search(page, url, "全资子公司", expect="profiles/vum02-ppf/")
            results = page.locator("li.md-search-result__item")
            assert "<img src=x onerror=document.title=1>" in " ".join(results.all_inner_texts())
            assert results.locator("img").count() == 0 and page.title() != "1"
        finally:
            context.close()


def test_chinese_finds_every_page_that_writes_it(page, site_url):
    """Not only profiles: the source document and the regulatory page that quote the announcement's
    Chinese title are found from the middle of it too."""
    hrefs = search(page, site_url, "全资子公司", expect="sources/003_5b6dafc463f4908e/")
    for wanted in ("profiles/vum02-ppf/", "sources/003_5b6dafc463f4908e/", "regulatory/"):
        assert any(wanted in h for h in hrefs), (wanted, hrefs)


def test_profile_page_reads_well_and_links_to_sources(page, site_url):
    page.goto(site_url + "profiles/beike-huc-msc-sle/")
    box = page.locator(".cst-box")
    assert "CXSL2400092" in box.inner_text() and "2024LP01052" in box.inner_text()
    # a citation number leads to its note, and the note to the source document
    page.locator('sup > a[href*="#note-"]').first.click()
    assert page.url.endswith("#note-1")
    href = page.locator(".cst-source:has(#note-1) > p a").get_attribute("href")
    assert href.endswith("sources/001_2e7577810911cf49/")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "profile-beike.png"), full_page=False)
    # a quote is the link to its paragraph: it opens the source page there, marked as quoted
    note = page.locator("#note-1")
    assert note.inner_text().startswith("[1] “")  # the number shows, then the quote
    link = note.locator("> a")
    assert link.inner_text().startswith("“")  # descriptive link text: the quote itself
    link.click()
    page.wait_for_url("**/sources/001_2e7577810911cf49/#p-*")
    target = page.url.rsplit("#", 1)[1]
    paragraph = page.locator(f"p#{target}")
    assert "cst-quoted" in paragraph.get_attribute("class")
    page.screenshot(path=str(RESULTS / "source-beike.png"), full_page=False)
    response = page.goto(site_url + "sources/001_2e7577810911cf49.txt")
    assert response.status == 200 and "CXSL2400092" in response.text()


def test_home_and_overview_list_every_profile(page, site_url, built_site):
    """The home page's chart and the overview's table each lead to every profile (a handful here;
    past 50 the chart has the furthest along, tests/test_scale.py)."""
    profiles = sorted(p.name for p in (built_site / "profiles").iterdir() if (p / "index.html").is_file())
    for path, links in (("", "svg.cst-chart a"), ("profiles/", "table#cst-profiles tbody tr td:first-child a")):
        page.goto(site_url + path)
        assert page.locator(links).count() == len(profiles) == len(FIXTURE_PROFILES)
        reached = set()
        for i in range(len(profiles)):
            page.goto(site_url + path)
            page.locator(links).nth(i).click()
            page.wait_for_url("**/profiles/*/")
            pid = page.url.rstrip("/").rsplit("/", 1)[1]
            page.locator(f"h1#{pid}").wait_for()
            reached.add(pid)
        assert sorted(reached) == profiles
    page.goto(site_url)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "home.png"), full_page=True)


def test_search_without_match_says_so(page, site_url):
    assert search(page, site_url, "qqqzzzjjj") == []


def test_timeline_filters_by_event_type(page, site_url):
    page.goto(site_url + "timeline/")
    form = page.locator('form[data-cst-filter="timeline"]')
    form.wait_for(state="visible")
    assert form.locator("output").inner_text() == "3 of 3 milestones shown"
    dot = page.locator('.cst-chart a[data-event="trial-kickoff"]')
    assert dot.is_visible()
    form.locator('input[value="trial-kickoff"]').uncheck()
    assert form.locator("output").inner_text() == "2 of 3 milestones shown"
    assert dot.is_hidden() and page.locator('.cst-chart a[data-event="ind-approved"]').is_visible()  # the chart follows
    assert page.locator("h2#y2023").is_hidden() and page.locator("h2#y2024").is_visible()
    page.locator('article a[href="2024/"]').first.click()  # a year's page
    page.locator("h2#m2024-04").wait_for()  # the new page's content is in
    # a whole page load: the count is written once the page's scripts have run
    form.locator("output", has_text="1 of 1 milestones shown").wait_for()
    # The year page is not in the navigation: the sidebar marks Timeline, coloured as a current entry.
    marked = page.locator("nav.md-nav--primary .md-nav__item--active > a")
    assert marked.inner_text().strip() == "Timeline"
    colour = "a => getComputedStyle(a).color"
    assert marked.evaluate(colour) == page.locator("article a").first.evaluate(colour)
    assert page.locator("nav.md-nav--primary a", has_text="Sources").evaluate(colour) != marked.evaluate(colour)


def test_chart_marks_link_to_profiles(page, site_url):
    page.goto(site_url)
    marks = page.locator("svg.cst-chart a")
    assert marks.count() == len(FIXTURE_PROFILES)
    page.locator('svg.cst-chart a[*|href="profiles/vum02-ppf/"]').click()
    page.wait_for_url("**/profiles/vum02-ppf/")
    page.locator("h1#vum02-ppf").wait_for()


def test_stale_profile_says_so(browser, site_url):
    context = browser.new_context()
    # the reader's clock decides: move it two years past the review date
    context.add_init_script("(() => { const D = Date; const now = new D('2028-12-01T00:00:00Z').getTime();"
                            " Date = class extends D { constructor(...a) { super(...(a.length ? a : [now])); } };"
                            " Date.now = () => now; })();")
    page = context.new_page()
    page.goto(site_url + "profiles/vum02-ppf/")
    page.locator(".cst-stale").wait_for(state="visible")
    assert "more than 12 months ago" in page.locator(".cst-stale").inner_text()
    context.close()


def test_current_profile_has_no_stale_notice(page, site_url):
    page.goto(site_url + "profiles/vum02-ppf/")
    page.wait_for_function("document.querySelector('.cst-stale') !== null")
    assert page.locator(".cst-stale").is_hidden()


def test_palette_choice_is_kept_on_the_next_page(page, site_url):
    # overrides/partials/javascripts/palette.html: the shortened script still reapplies a choice
    page.goto(site_url + "about/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    first = page.evaluate(scheme)
    page.locator("form[data-md-component=palette] label:visible").click()
    chosen = page.evaluate(scheme)
    assert {first, chosen} == {"default", "slate"}
    # a full page load without Material's bundle: the inline script alone, before the page is
    # drawn, reapplies the choice (the bundle would too, but only after a flash of the other one)
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    page.goto(site_url + "glossary/")
    assert page.evaluate(scheme) == chosen


def test_no_script_errors_across_pages(page, site_url):
    """Material's script works through each page it loads (links, tables, tooltips); anything in
    our pages that makes it throw stops it half-way (an SVG link's href did, under instant
    navigation). And the sitemap it fetches on a page with the feed's link lists no page: it
    parses all of it (README, Performance)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with page.expect_response(lambda response: "sitemap" in response.url) as sitemap:
        page.goto(site_url)  # the home page, with the pipeline chart and the feed's link
    assert b"<url>" not in sitemap.value.body()
    for link in ("timeline/", "browse/", "profiles/", "profiles/vum02-ppf/"):
        links = page.locator(".md-nav--primary a, .md-content a")
        links.nth(links.evaluate_all("links => links.map(a => a.href)").index(site_url + link)).click()
        page.wait_for_url(f"**/{link}")
        page.locator("h1").first.wait_for()
    assert not errors, errors
