"""What holds for any valid set of profiles, checked on a built site against the YAML it was built
from. Each check compares two things the site or the tree says (a count shown and the items it
counts, a link and its target), never a number written here, so adding or removing a profile
cannot break one; tests/test_real_data.py runs them all on the real profiles and on a tree with
one profile added and another removed."""
from __future__ import annotations

import csv
import html
import io
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.load import load_file
from generator.mkdocs_html_hook import GENERATED


class Tree:
    """A project tree's profiles and seeds, and the site built from it."""

    def __init__(self, root: Path, site: Path):
        self.root, self.site = root, site
        self.profiles = {p.stem: load_file(p).data for p in sorted((root / "profiles").glob("*.yaml"))}
        self.seeds = sorted((root / "seeds").glob("*.txt"))

    def page(self, rel: str) -> str:
        return (self.site / rel / "index.html").read_text(encoding="utf-8")

    def milestone_dates(self) -> list[str]:
        return sorted((m["date"] for d in self.profiles.values() for m in d.get("milestones") or []), reverse=True)


def _plain(html: str) -> str:
    return re.sub(r"</?abbr[^>]*>", "", html)


def _table_ids(html: str) -> list[str]:
    table = html.split('<table id="cst-profiles"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr[^>]*><td><a href="[^"]*profiles/([a-z0-9-]+)/">', table)


def _overview_ids(t: Tree) -> list[str]:
    """Every row of the overview in its default order, across its pages (profiles/, then
    profiles/by/stage-2/, ...)."""
    ids, n = _table_ids(t.page("profiles")), 2
    while (t.site / "profiles" / "by" / f"stage-{n}" / "index.html").is_file():
        ids += _table_ids(t.page(f"profiles/by/stage-{n}"))
        n += 1
    return ids


def every_profile_has_a_page(t: Tree) -> None:
    pages = sorted(p.name for p in (t.site / "profiles").iterdir() if (p / "index.html").is_file())
    assert pages == sorted(t.profiles)
    for pid, data in t.profiles.items():
        h1 = re.search(rf'<h1 id="{pid}">(.*?)</h1>', _plain(t.page(f"profiles/{pid}")), re.S)
        assert h1 and html.unescape(h1.group(1)) == data["names"]["en"], pid


def counts_shown_equal_profiles_present(t: Tree) -> None:
    n = len(t.profiles)
    home = t.page("")
    assert f"The tracker holds <strong>{n} profile{'s' if n != 1 else ''}</strong>" in home
    overview = _overview_ids(t)
    assert sorted(overview) == sorted(t.profiles) and len(overview) == n  # each once, over its pages
    first = len(_table_ids(t.page("profiles")))
    assert f"<caption>Profiles 1 to {first} of {n}, by furthest stage</caption>" in t.page("profiles")
    shown = _chart_ids(home)
    assert (len(shown) == n) == (f"all {n} are on the Profiles page" not in home)
    if len(shown) < n:  # and the way there
        assert f'The chart shows the {len(shown)} furthest along; <a href="profiles/">all {n} are on the Profiles page</a>' in home


def _chart_ids(home: str) -> list[str]:
    svg = home.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
    return re.findall(r'<a xlink:href="profiles/([a-z0-9-]+)/"', svg)


def chart_marks_equal_profiles_shown(t: Tree) -> None:
    """The home page's chart links the profiles furthest along: the first of the overview's rows."""
    home = t.page("")
    shown = _chart_ids(home)
    assert len(set(shown)) == len(shown) and set(shown) <= set(t.profiles)
    assert sorted(shown) == sorted(_overview_ids(t)[:len(shown)])
    svg = home.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
    counts = re.findall(r'class="cst-chart-small">(\d+)</text>', svg)
    assert sum(map(int, counts)) == len(t.profiles)  # each stage heading counts all profiles at that stage


def _numbered(site: Path, rel: str) -> list[str]:
    """A paged list's pages: rel/, then rel/2/, rel/3/, ..."""
    pages, n = [(site / rel / "index.html").read_text(encoding="utf-8")], 2
    while (site / rel / str(n) / "index.html").is_file():
        pages.append((site / rel / str(n) / "index.html").read_text(encoding="utf-8"))
        n += 1
    return pages


def facet_values(site: Path, facet: str) -> list[tuple[str, str, int]]:
    """(value key, the folder of its page under browse/<facet>/, the count shown) for each value a
    facet's pages list, in their order."""
    out = []
    for html in _numbered(site, f"browse/{facet}"):
        ul = _plain(html).split('<ul class="cst-facet-list cst-values">', 1)[1].split("</ul>", 1)[0]
        for key, href, count in re.findall(r'<li id="([^"]+)">\s*<a href="([^"]+)">.*?</a> · (\d+) profiles?', ul, re.S):
            assert href.startswith("../") and href.endswith(f"/browse/{facet}/" + href.rstrip("/").rsplit("/", 1)[1] + "/"), href
            out.append((key, href.rstrip("/").rsplit("/", 1)[1], int(count)))
    return out


def browse_groups(site: Path, facet: str) -> dict[str, list[str]]:
    """value key -> the profile ids its own pages list, each page's count checked against them."""
    out = {}
    for key, folder, count in facet_values(site, facet):
        ids = []
        for html in _numbered(site, f"browse/{facet}/{folder}"):
            assert re.search(rf"<strong>{count} profiles?</strong>", html), (facet, key)
            ul = html.split('<ul class="cst-facet-list">', 1)[1].split("</ul>", 1)[0]
            ids += re.findall(r'<li>\s*<a href="[./]*profiles/([a-z0-9-]+)/">', ul)
        assert count == len(ids) == len(set(ids)), (facet, key)
        out[key] = ids
    return out


def _facets(t: Tree) -> list[str]:
    return sorted(p.name for p in (t.site / "browse").iterdir() if (p / "index.html").is_file())


def facet_counts_equal_profiles_having_the_value(t: Tree) -> None:
    """Each value's count equals the profiles its pages list, and a profile is listed under a
    value exactly when its own page links to that value's page."""
    facets = _facets(t)
    assert facets
    folders = {(facet, folder): key for facet in facets for key, folder, _ in facet_values(t.site, facet)}
    chips: dict[tuple[str, str], set[str]] = {}
    for pid in t.profiles:
        nav = t.page(f"profiles/{pid}").split('aria-label="Browse by facet">', 1)[1].split("</nav>", 1)[0]
        for facet, folder in re.findall(r'href="\.\./\.\./browse/([a-z-]+)/([^/"]+)/"', nav):
            chips.setdefault((facet, folders[facet, folder]), set()).add(pid)
    index = _plain(t.page("browse"))
    listed: dict[tuple[str, str], set[str]] = {}
    for facet in facets:
        groups = browse_groups(t.site, facet)
        if "not-reported" in groups:  # a facet every profile has, or says it does not report
            assert set().union(*groups.values()) == set(t.profiles), facet
        for key, ids in groups.items():
            listed[(facet, key)] = set(ids)
        shown = re.findall(rf'<a href="{facet}/([^/"]+)/">[^<]*</a> · (\d+)', index)
        assert shown, facet
        for folder, count in shown:
            assert int(count) == len(groups[folders[facet, folder]]), (facet, folder)
    # a page links the values its sources report; "not reported" is where a profile with none is listed
    for (facet, key), ids in listed.items():
        if key == "not-reported":
            assert not any(pid in chips.get((facet, a), ()) for pid in ids for a in _anchors(listed, facet)), facet
    assert chips == {k: v for k, v in listed.items() if k[1] != "not-reported"}


def _anchors(listed: dict, facet: str) -> list[str]:
    return [a for f, a in listed if f == facet]


def year_pages(site: Path) -> dict[str, list[tuple[str, str]]]:
    """year -> (address, HTML) of each of its pages: timeline/<year>/, then each page its pager
    links to (timeline/<year>/2/, ...), found by following the pagers, not by listing folders."""
    out = {}
    for first in sorted((site / "timeline").glob("[0-9][0-9][0-9][0-9]/index.html")):
        year = first.parent.name
        todo, seen = [f"timeline/{year}/"], {}
        while todo:
            rel = todo.pop()
            html = (site / rel / "index.html").read_text(encoding="utf-8")
            seen[rel] = html
            pager = html.split('<nav class="cst-pager" aria-label="Pages">', 1)[1].split("</nav>", 1)[0] if 'aria-label="Pages"' in html else ""
            for href in re.findall(r'href="([^"#]+)"', pager):
                target = posixpath.normpath(posixpath.join(rel, href)) + "/"
                assert target.startswith(f"timeline/{year}/"), (rel, href)
                if target not in seen and target not in todo:
                    todo.append(target)
        out[year] = sorted(seen.items(), key=lambda kv: (len(kv[0]), kv[0]))
    return out


def timeline_lists_every_milestone(t: Tree) -> None:
    dates = t.milestone_dates()
    main = t.page("timeline")
    newest = re.findall(r'<li data-event="[^"]+"><time>([^<]+)</time>', main)
    assert newest == dates[:len(newest)] and (newest or not dates)
    if len(newest) < len(dates):
        assert f"The {len(newest)} newest of {len(dates)} milestones" in main
    if 'class="cst-chart"' in main:
        svg = main.split('<svg class="cst-chart"', 1)[1].split("</svg>", 1)[0]
        assert svg.count("<circle ") == len(newest)
    listed = []
    for year, pages in year_pages(t.site).items():
        year_dates = []
        for rel, html in pages:
            on_page = re.findall(r'<li data-event="[^"]+"><time>([^<]+)</time>', html)
            assert on_page and all(d[:4] == year for d in on_page), rel
            year_dates += on_page
        assert year_dates == sorted(year_dates, reverse=True), year  # newest first, across its pages
        count = next(c for y, c in re.findall(r'(?:<a href="[^"]*">|<strong>)(\d{4})(?:</a>|</strong>) \((\d+)\)', main) if y == year)
        assert int(count) == len(year_dates), year  # the count the Timeline page gives
        listed += year_dates
    assert sorted(listed, reverse=True) == dates  # each milestone on exactly one year page


def data_exports_hold_every_profile(t: Tree) -> None:
    everything = json.loads((t.site / "api/v1/profiles.json").read_text(encoding="utf-8"))
    assert everything["count"] == len(everything["profiles"]) == len(t.profiles)
    assert [p["id"] for p in everything["profiles"]] == sorted(t.profiles)
    for pid in t.profiles:
        assert json.loads((t.site / f"api/v1/profiles/{pid}.json").read_text(encoding="utf-8"))["id"] == pid
    assert sorted(p.stem for p in (t.site / "api/v1/profiles").glob("*.json")) == sorted(t.profiles)
    rows = list(csv.DictReader(io.StringIO((t.site / "api/v1/profiles.csv").read_bytes().decode("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(t.profiles)
    feed = (t.site / "feed.xml").read_text(encoding="utf-8")
    updated = re.findall(r"<entry>.*?<updated>([^<]+)</updated>", feed, re.S)
    assert len(updated) <= len(t.milestone_dates()) and updated == sorted(updated, reverse=True)


def citations_lead_to_their_notes(t: Tree) -> None:
    for pid in t.profiles:
        page = t.page(f"profiles/{pid}")
        refs = set(re.findall(r'href="#(note-\d+)"', page))
        assert refs and refs == set(re.findall(r'id="(note-\d+)"', page)), pid


def source_pages_list_the_profiles_citing_them(t: Tree) -> None:
    citing: dict[str, set[str]] = {}
    for pid, data in t.profiles.items():
        for name in _cited(data):
            if not re.match(r"https?://", name):  # a web page has no source page here
                citing.setdefault(Path(name).stem, set()).add(pid)
    for seed in t.seeds:
        assert (t.site / "sources" / seed.name).read_bytes() == seed.read_bytes()
        listed = []
        for n, page in enumerate(_numbered(t.site, f"sources/{seed.stem}"), 1):  # the list over its pages
            depth = "../../" if n == 1 else "../../../"
            listed += re.findall(rf'<li><a href="{depth}profiles/([a-z0-9-]+)/">', page)
        assert len(listed) == len(set(listed)) and set(listed) == citing.get(seed.stem, set()), seed.name
        if n > 1:  # a list over several pages says how long it is
            assert f"{len(listed)} profile{'s' if len(listed) != 1 else ''} cite this document:" in page, seed.name


def _cited(data) -> list[str]:
    """Every `source` a profile's citations name."""
    if isinstance(data, dict):
        own = [c["source"] for c in data.get("cite") or [] if isinstance(c, dict) and "source" in c]
        return own + [s for k, v in data.items() if k != "cite" for s in _cited(v)]
    if isinstance(data, list):
        return [s for v in data for s in _cited(v)]
    return []


def links_in(site) -> list[tuple[str, str, bool]]:
    """(page, link, whether its target exists) for every relative link and script or image
    source of a built site."""
    from test_render import tags_of
    out = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue  # served at any depth, so MkDocs gives it root-absolute links
        for tag, attrs in tags_of(path.read_text(encoding="utf-8")):
            href = attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag in ("script", "img") else None
            if not href or href.startswith(("#", "mailto:")) or re.match(r"^[a-z]+:", href):
                continue
            target = (path.parent / unquote(urlsplit(href).path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            out.append((str(path.relative_to(site)), href, target.is_file()))
    return out


def internal_links_resolve(t: Tree) -> None:
    missing = [(page, href) for page, href, found in links_in(t.site) if not found]
    assert not missing, missing


def edit_links_open_the_yaml_file(t: Tree) -> None:
    for pid in t.profiles:
        assert f'/edit/main/profiles/{pid}.yaml" title="Edit this page"' in t.page(f"profiles/{pid}"), pid


def generated_tables(site: Path) -> list[tuple[str, str]]:
    """(page, opening tag) of every table on a page the generator wrote (one opening with its
    "Generated by" comment), whether its template wrote the table or Markdown made it."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if GENERATED in text:
            found += [(str(page.relative_to(site)), tag) for tag in re.findall(r"<table\b[^>]*>", text)]
    return found


def generated_tables_have_their_class(t: Tree) -> None:
    """Material's script moves every table without a class into scrolling boxes once the page has
    loaded, a second style and layout of it on a phone; a table with class cst-table it leaves
    alone (extra.css gives it Material's look). A Markdown pipe table can carry no class, so a
    generated page writes its tables in HTML."""
    tables = generated_tables(t.site)
    assert tables  # the profiles overview has one, with or without profiles
    unclassed = [(page, tag) for page, tag in tables if "cst-table" not in _classes(tag)]
    assert not unclassed, unclassed


def _classes(tag: str) -> list[str]:
    """The classes of an opening tag, its attribute quoted or not."""
    m = re.search(r'\bclass=(?:"([^"]*)"|([^\s>"]+))', tag)
    return (m.group(1) or m.group(2) or "").split() if m else []


INVARIANTS: list[Callable[[Tree], None]] = [
    every_profile_has_a_page, counts_shown_equal_profiles_present, chart_marks_equal_profiles_shown,
    facet_counts_equal_profiles_having_the_value, timeline_lists_every_milestone, data_exports_hold_every_profile,
    citations_lead_to_their_notes, source_pages_list_the_profiles_citing_them, internal_links_resolve,
    edit_links_open_the_yaml_file, generated_tables_have_their_class,
]


def identifiers(t: Tree) -> list[tuple[str, str]]:
    """(identifier, profile id) for every identifier a profile gives."""
    return sorted({(i["value"], pid) for pid, d in t.profiles.items() for i in d.get("identifiers") or []})


# Pagefind's own API in the page: every identifier searched in one round trip, not one page load each.
SEARCH_ALL = """async (pairs) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  const missing = [];
  for (const [query, pid] of pairs) {
    const search = await pagefind.search(query);
    const urls = await Promise.all(search.results.map(async r => (await r.data()).url));
    if (!urls.some(u => u.includes(`profiles/${pid}/`))) missing.push([query, pid, urls.slice(0, 5)]);
  }
  return missing;
}"""


def every_identifier_is_searchable(page, site_url: str, t: Tree) -> None:
    page.goto(site_url)
    missing = page.evaluate(SEARCH_ALL, [list(p) for p in identifiers(t)])
    assert not missing, missing
