"""Quality in a real browser: accessibility (axe-core), keyboard-only search, small screens."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import RESULTS

pytestmark = pytest.mark.browser

PAGES = ["", "profiles/", "profiles/beike-huc-msc-sle/", "profiles/vum02-ppf/", "timeline/", "timeline/2024/", "browse/",
         "browse/cell-type/", "sources/001_2e7577810911cf49/", "regulatory/", "glossary/", "data/", "about/"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, site_url, axe, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = []
    for path in PAGES:
        page.goto(site_url + path)
        for v in axe.run(page).response["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append((path, v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]))
    context.close()
    assert not found, found


def test_search_with_the_keyboard_only(page, site_url):
    page.goto(site_url + "about/")
    page.wait_for_load_state("networkidle")  # Material's keyboard handlers and search are set up
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    page.wait_for_function("document.activeElement && document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("CXSL2400092", delay=20)
    # results follow the typing; wait until those for the whole query are in (Material links
    # each result with ?h=<the query's terms>)
    page.wait_for_function(
        "() => { const a = document.querySelector('li.md-search-result__item > a.md-search-result__link');"
        " return a && a.href.includes('profiles/beike-huc-msc-sle/?h=cxsl2400092'); }", timeout=15000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/profiles/beike-huc-msc-sle/**")
    page.locator("h1#beike-huc-msc-sle").wait_for()


def test_tab_reaches_the_content(page, site_url):
    page.goto(site_url + "profiles/")
    page.keyboard.press("Tab")  # the first stop is Material's "skip to content" link
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")


@pytest.mark.parametrize("path", PAGES)
def test_readable_at_390_px_without_horizontal_scrolling(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"mobile-{path.strip('/').replace('/', '-') or 'home'}.png"), full_page=True)
    context.close()
    assert widths[0] <= widths[2] and widths[1] <= widths[2], widths


@pytest.mark.parametrize("width", [390, 1280])
def test_a_profile_shows_its_name_first(browser, site_url, fixture_root, width):
    """The product's name is the first thing on a profile, above its facet links, and heavier
    than they are; on a phone the links take a few compact rows, not a screenful."""
    context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    try:
        for path in sorted((fixture_root / "profiles").glob("*.yaml")):
            page.goto(site_url + f"profiles/{path.stem}/")
            page.wait_for_load_state("networkidle")
            title, chips = page.locator("article h1"), page.locator("article nav.md-tags")
            h1, nav = title.bounding_box(), chips.bounding_box()
            assert h1["y"] + h1["height"] <= nav["y"] and h1["y"] < 150, (path.stem, h1, nav)
            weight = "e => Number(getComputedStyle(e).fontWeight)"
            assert title.evaluate(weight) > chips.locator("a").first.evaluate(weight)
            if width == 390:
                assert nav["height"] < 200, (path.stem, nav)  # eight facets at most in about seven rows
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"profile-header-{width}.png"))
    finally:
        context.close()
