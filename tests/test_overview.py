"""The profiles overview: sorted and paged when the site is built, so it works the same without
JavaScript, and nothing on it moves once shown. (Paging over many profiles: tests/test_scale.py.)"""
from __future__ import annotations

import pytest

from conftest import RESULTS

pytestmark = pytest.mark.browser


def row_ids(page) -> list[str]:
    links = page.locator("table#cst-profiles tbody tr td:first-child a")
    return [links.nth(i).get_attribute("href").rstrip("/").rsplit("/", 1)[1] for i in range(links.count())]


def names(page) -> list[str]:
    links = page.locator("table#cst-profiles tbody tr td:first-child a")
    return [links.nth(i).inner_text() for i in range(links.count())]


def test_the_overview_sorts_by_following_links(page, site_url, built_site):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url)
    page.locator("nav.md-nav--primary a", has_text="Profiles").first.click()
    page.wait_for_url("**/profiles/")
    page.locator("table#cst-profiles caption", has_text="by furthest stage").wait_for()  # not the home page's table
    profiles = sorted(p.name for p in (built_site / "profiles").iterdir() if (p / "index.html").is_file())
    assert sorted(row_ids(page)) == profiles
    assert row_ids(page)[0] == "amimatosa-agvhd"  # furthest stage first: the approved one
    page.locator("nav.cst-pager a", has_text="name").click()
    page.wait_for_url("**/profiles/by/name/")
    # the address changes before the new page is in
    page.locator("table#cst-profiles caption", has_text="by name").wait_for()
    assert names(page) == sorted(names(page), key=str.casefold) and sorted(row_ids(page)) == profiles
    page.locator("nav.cst-pager a", has_text="latest milestone").click()
    page.wait_for_url("**/profiles/by/milestone/")
    page.locator("table#cst-profiles caption", has_text="by latest milestone").wait_for()
    dates = page.locator("table#cst-profiles tbody tr td:nth-child(6) time")
    shown = [dates.nth(i).inner_text() for i in range(dates.count())]
    assert shown and shown == sorted(shown, reverse=True)
    page.locator("nav.cst-pager a", has_text="furthest stage").click()
    page.wait_for_url("**/profiles/")
    page.locator("table#cst-profiles caption", has_text="by furthest stage").wait_for()
    assert row_ids(page)[0] == "amimatosa-agvhd"
    page.locator("table#cst-profiles tbody tr a").first.click()
    page.wait_for_url("**/profiles/amimatosa-agvhd/")
    assert not errors
    RESULTS.mkdir(exist_ok=True)


def test_the_overview_works_without_javascript(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url + "profiles/")
        assert len(row_ids(page)) == len(list((built_site / "profiles").glob("*/index.html")))
        page.locator("nav.cst-pager a", has_text="name").click()
        page.wait_for_url("**/profiles/by/name/")
        assert names(page) == sorted(names(page), key=str.casefold)
        page.screenshot(path=str(RESULTS / "overview-no-js.png"), full_page=True)
    finally:
        context.close()


def test_nothing_moves_once_shown(page, site_url, built_site):
    """Layout shifts as Chromium reports them (what Lighthouse's CLS adds up), on a phone's
    screen, on the overview and on the timeline pages, whose filter shows only with JavaScript."""
    page.set_viewport_size({"width": 390, "height": 844})
    year = sorted(built_site.glob("timeline/[0-9]*/index.html"))[-1].parent.name
    for path in ("profiles/", "timeline/", f"timeline/{year}/"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        shifts = page.evaluate("""() => new Promise(resolve => {
            new PerformanceObserver(list => resolve(list.getEntries().map(e => e.value)))
                .observe({type: "layout-shift", buffered: true});
            setTimeout(() => resolve([]), 300);
        })""")
        assert sum(shifts) == 0, (path, shifts)
