"""Quality in a real browser: accessibility (axe-core), keyboard-only search, small screens."""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import RESULTS
from generator import routes

pytestmark = pytest.mark.browser

PAGES = ["", "profiles/", "profiles/beike-huc-msc-sle/", "profiles/vum02-ppf/", "timeline/", "timeline/2024/", "browse/",
         "browse/cell-type/", "sources/", "sources/001_2e7577810911cf49/", "regulatory/", "provenance/", "glossary/",
         "data/", "about/"]


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


def pages_of_every_kind(site: Path) -> list[str]:
    """Addresses of generated pages, from the built site itself: the first and the last of each
    kind in address order (a document's source page and a web page's, say) and, for a kind listed
    over several pages, the first and the last of its later pages."""
    kinds: dict[tuple[str, bool], list[str]] = {}
    for page in sorted(site.rglob("index.html")):
        address = page.parent.relative_to(site).as_posix() + "/" if page.parent != site else ""
        parsed = routes.parse_url(address)
        if parsed:
            kinds.setdefault((parsed[0], parsed[1] > 1), []).append(address)
    return sorted({a for addresses in kinds.values() for a in (addresses[0], addresses[-1])})


def test_no_page_kind_is_wider_than_a_phone(browser, site_url, built_site):
    """At 390 px no page of any kind is wider than the screen (a wide table or chart scrolls in its
    own box), and Material's script moved no table: every one has the class it leaves alone."""
    addresses = pages_of_every_kind(built_site)
    assert {"", "profiles/", "browse/", "sources/", "regulatory/", "provenance/"} <= set(addresses)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    wide, moved = [], []
    try:
        for address in addresses:
            page.goto(site_url + address)
            page.wait_for_load_state("networkidle")
            widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
            if max(widths[:2]) > widths[2]:
                wide.append((address, widths))
            # Material wraps a table without a class in boxes of its own, inside the generator's
            if page.locator("article table:not(.cst-table), .md-typeset__scrollwrap .md-typeset__scrollwrap").count():
                moved.append(address)
    finally:
        context.close()
    assert not wide and not moved, (wide, moved)


def test_public_figures_are_cards_on_a_phone_and_a_table_on_a_wide_screen(browser, site_url):
    """The home page's public figures: on a phone each row a card as wide as the page, whose values
    are read under their columns' names, not a table scrolling sideways with its first column a
    word a line; a table to screen readers at any width."""
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=1)
        page = context.new_page()
        try:
            page.goto(site_url)
            page.wait_for_load_state("networkidle")
            table = page.get_by_role("table", name="Public figures beside the tracker's own counts")
            assert table.get_by_role("columnheader").count() == 5
            rows = table.locator("tbody tr")
            assert rows.count() and table.get_by_role("cell").count() == 5 * rows.count()
            wrap = page.locator("#cst-coverage").locator("xpath=ancestor::div[1]")
            box, header = wrap.bounding_box(), page.locator("#cst-coverage thead").bounding_box()
            scrolls = wrap.evaluate("e => e.parentElement.scrollWidth > e.parentElement.clientWidth")
            first = [rows.nth(i).locator("td").first.bounding_box() for i in range(rows.count())]
            label = page.locator("#cst-coverage td[data-label]").first.evaluate(
                "e => getComputedStyle(e, '::before').content")
            page.screenshot(path=str(RESULTS / f"home-figures-{width}.png"), full_page=True)
        finally:
            context.close()
        if width == 390:
            assert not scrolls and header["height"] <= 1, (scrolls, header)  # the header row is read, not shown
            assert all(cell["width"] > box["width"] * 0.8 for cell in first), (first, box)  # the figure's own line
            assert label.strip('"') == "As of", label
        else:
            assert header["height"] > 10 and label == "none", (header, label)


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
