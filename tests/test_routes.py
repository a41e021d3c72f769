"""The routing table (generator/routes.py): every kind of page and data file round-trips between
its parameters, its source path and its address; to_root climbs back from its address; no two
pages can ever share a source path, an address or a file in the built site, for any parameters the
checks upstream let through; and those checks let through only what the table accepts."""
from __future__ import annotations

import ast
import itertools
import posixpath
import random
import string

import pytest

from generator import routes
from generator.facets import FACETS
from generator.render import OVERVIEW_ORDERS
from generator.routes import KINDS, PARAMS, path, route, url, url_of, value_path
from generator.schema import valid_slug

# Awkward candidates for every parameter: names of the site's own pages and folders, page numbers,
# MkDocs' special names, file suffixes, a web page's digest. Each parameter gets those its pattern
# accepts, so every combination below is one the site could meet.
CANDIDATES = [
    "index", "readme", "README", "Index", "by", "stage", "name", "milestone", "stage-2", "name-10", "2", "10", "1", "0",
    "02", "2025", "1999", "2024", "x", "a-b", "a--b", "profiles", "browse", "timeline", "sources", "api", "v1", "schema",
    "feed", "provenance", "glossary", "regulatory", "cell-type", "msc", "not-reported", "v-0123456789ab",
    "web-0123456789ab", "web-0123456789ab.txt", "x.txt", "x.txt.txt", "x.md", "x.md.txt", "index.txt", "README.txt",
    "readme.txt", ".hidden", ".hidden.txt", "001_2e7577810911cf49", "001_2e7577810911cf49.txt", "a.b", "A_B.txt",
    "profiles.json", "profile", "api-profile", "by-1", "x" * 80, "2-0123456789ab",
]
SAMPLES = {name: [c for c in CANDIDATES if routes.valid(name, c)] for name in PARAMS if name != "page"}
PAGES = (1, 2, 10)


def every_route():
    """(kind, page, params) for every kind over every combination of sample parameters."""
    for kind, k in KINDS.items():
        names = sorted({n for f, _ in routes.formats(kind) for n in _names(f)} - {"page"})
        for values in itertools.product(*(SAMPLES[n] for n in names)):
            for page in PAGES if k.paged else (1,):
                yield kind, page, dict(zip(names, values))


def folder_of(address: str) -> str:
    """The folder a browser resolves relative links from: the page's own address, a file's folder."""
    return address if address.endswith("/") else address.rpartition("/")[0] + "/" if "/" in address else ""


def _names(fmt: str) -> list[str]:
    return [part for i, part in enumerate(fmt.replace("}", "{").split("{")) if i % 2]


ROUTES = list(every_route())


def test_samples_cover_every_parameter():
    assert all(len(values) >= 3 for values in SAMPLES.values()), SAMPLES


def test_every_kind_round_trips_between_parameters_path_and_address():
    for kind, page, params in ROUTES:
        source = path(kind, page, **params)
        assert routes.parse(source) == (kind, page, params), source
        assert routes.parse_url(url(kind, page, **params)) == (kind, page, params), source
        assert url(kind, page, **params) == url_of(source)


def test_to_root_climbs_from_the_address_back_to_the_root():
    for kind, page, params in ROUTES:
        r = route(kind, page, **params)
        folder = folder_of(r.url)
        assert posixpath.normpath(posixpath.join("/", folder, r.to_root)) == "/", r
        assert r.to_root == "../" * folder.count("/")


def test_no_two_pages_share_a_path_an_address_or_a_built_file():
    paths, urls, built = {}, {}, {}
    for kind, page, params in ROUTES:
        r = route(kind, page, **params)
        key = (kind, page, tuple(sorted(params.items())))
        # MkDocs writes a page's address as a folder with index.html in it, a data file as itself
        out = r.url + "index.html" if r.url.endswith("/") or not r.url else r.url
        for seen, value in ((paths, r.path), (urls, r.url), (built, out)):
            assert seen.setdefault(value, key) == key, (value, seen[value], key)
    # nor is one page's file another's folder (sources/x.txt beside sources/x.txt/index.html)
    for f in built:
        assert not {"/".join(f.split("/")[:i]) for i in range(1, f.count("/") + 1)} & set(built), f


def test_a_profile_id_is_never_another_page():
    """The overview's first page is profiles/index.md: no id may take its place, and the check
    says so (tests/test_check.py has the message)."""
    assert not routes.valid("id", "index") and valid_slug("index")
    for _ in range(2000):
        candidate = "-".join("".join(random.choices(string.ascii_lowercase + string.digits, k=random.randint(1, 6)))
                             for _ in range(random.randint(1, 3)))
        assert routes.valid("id", candidate) == (valid_slug(candidate) and candidate != "index")
        assert routes.parse(path("profile", id=candidate))[0] == "profile"


def test_what_the_site_passes_in_is_accepted():
    for slug, *_ in FACETS:
        assert routes.valid("facet", slug)
    for order, _ in OVERVIEW_ORDERS:
        assert routes.valid("order", order)
    assert path("overview", order=OVERVIEW_ORDERS[0][0]) == "profiles/index.md"  # the first order is Profiles
    for name in ("profile", "provenance", "api-profile", "api-profiles"):
        assert routes.valid("name", name)
    rnd = random.Random(14)
    alphabet = string.ascii_letters + string.digits + "-_ .·()" + "北京贝来生物科技有限公司" + "é"
    for key in ["index", "readme", "2", "12-3", "1-2-3", "x" * 61] + ["".join(rnd.choices(alphabet, k=rnd.randint(1, 70)))
                                                                     for _ in range(3000)]:
        assert routes.valid("value", value_path(key)), key


@pytest.mark.parametrize("ref, slug", [
    ("001_2e7577810911cf49.txt", "001_2e7577810911cf49"),
    ("https://example.org/a", "web-" + __import__("hashlib").sha256(b"https://example.org/a").hexdigest()[:12]),
])
def test_a_source_s_page_name(ref, slug):
    assert routes.source_slug(ref) == slug and routes.valid("slug", slug)


@pytest.mark.parametrize("name", ["index.txt", "README.txt", "x.txt.txt", ".hidden.txt", "web-0123456789ab.txt"])
def test_document_names_that_would_take_another_page_s_place_are_refused(name):
    assert not routes.valid("file", name)


def test_path_refuses_what_could_collide():
    for kind, params in [("profile", {"id": "index"}), ("facet", {"facet": "2"}), ("value", {"facet": "stage", "value": "2"}),
                         ("year", {"year": "25"}), ("source", {"slug": "index"}), ("document", {"file": "../x.txt"})]:
        with pytest.raises(ValueError):
            path(kind, **params)
    with pytest.raises(ValueError):
        path("profile", 2, id="x")  # a profile has one page


def test_sections_edit_files_and_what_the_generator_owns():
    assert routes.section("profiles/vum02-ppf.md") == "profiles/index.md"
    assert routes.section("profiles/by/name-2.md") == "profiles/index.md"
    assert routes.section("profiles/index.md") is None  # in the navigation itself
    assert routes.section("browse/stage/approved/2.md") == "browse/index.md"
    assert routes.section("timeline/2024.md") == "timeline.md"
    assert routes.section("about.md") is None
    assert routes.edit_file("profiles/vum02-ppf.md") == "profiles/vum02-ppf.yaml"
    assert routes.edit_file("profiles/by/name.md") is None and routes.edit_file("browse/index.md") is None
    for kind, page, params in ROUTES:
        assert routes.generated(path(kind, page, **params).split("/", 1)[0])
    assert not routes.generated("about.md") and not routes.generated("stylesheets")


def test_links_between_pages():
    profile = route("profile", id="a")
    assert profile.href("profile", id="b") == "../b/"
    assert profile.href("home") == "../../"
    assert profile.href("api-profile", id="a") == "../../api/v1/profiles/a.json"
    assert route("browse").href("value", facet="cell-type", value="msc") == "cell-type/msc/"
    assert route("source", slug="s").href("document", file="s.txt") == "../s.txt"
    assert route("timeline").md_link("year", year="2024") == "timeline/2024.md"
    assert route("year", year="2024").md_link("timeline") == "../timeline.md"
    for kind, page, params in ROUTES[:400]:
        here = route(kind, page, **params)
        for other in (route("profile", id="x"), route("value", 2, facet="stage", value="phase-2")):
            link = here.href(other.kind, 2 if other.kind == "value" else 1, **routes.parse(other.path)[2])
            assert posixpath.normpath(posixpath.join("/", folder_of(here.url), link)) + "/" == "/" + other.url, (here, link)


def test_routes_is_a_leaf():
    """Everyone asks the routing table, so it asks no one: it imports nothing of the generator."""
    tree = ast.parse(open(routes.__file__, encoding="utf-8").read())
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
