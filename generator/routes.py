"""Where every generated file of the site lives, in one table: for each kind of page or data file,
its source path under docs/, the address MkDocs serves it at, the way from it back to the site's
root, and the navigation entry the sidebar marks on it. The model, the renderer, the templates
(`url_to`, `path_to`), the writer and the MkDocs hook all ask here; none spells an address itself.

As Material's blog plugin does with its `*_url_format` options and `_format_path_for_*`, and
endoflife.date's generate-api-v1.rb with its paths: a format per kind, filled in with the page's
parameters. A leaf: it imports nothing of the generator.

Addresses are MkDocs' directory URLs: `profiles/vum02-ppf.md` is served at `profiles/vum02-ppf/`
and `profiles/index.md` at `profiles/`; a data file is served at its path.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# What each parameter of an address may hold. The checks upstream see to it (the schema's slug rule
# and validate.py for a profile's id, sources.py for a document's file name, value_path for a
# value's folder): these patterns are what keeps two kinds from ever sharing an address
# (tests/test_routes.py), so path() refuses anything else.
PARAMS = {
    "id": r"(?!index$)[a-z0-9]+(?:-[a-z0-9]+)*",  # profiles/index.md is the overview's first page
    "order": r"(?!index$)[a-z]+",  # no hyphen or digit: profiles/by/<order>-<page>.md
    "facet": r"(?!index$)[a-z]+(?:-[a-z]+)*",  # no digit: browse/<facet>/<page>.md; browse/index.md is Browse
    "value": r"(?!(?:index|readme)$)(?![0-9]+$)[a-z0-9][a-z0-9-]*",  # value_path's: never a page number
    "year": r"[0-9]{4}",
    # a source's page: a document's file name without .txt, or web-<digest> (source_slug); not the
    # Sources page, not a folder beside a document's own file (sources/x.txt/ beside sources/x.txt)
    "slug": r"(?!(?:index|README)$)(?!.*\.txt$)[0-9A-Za-z][0-9A-Za-z_.-]*",
    # a document as received: MkDocs skips hidden files; a web page's page name is web-<digest>
    "file": r"(?!(?:index|README)\.txt$)(?!.*\.txt\.txt$)(?!web-[0-9a-f]{12}\.txt$)[0-9A-Za-z][0-9A-Za-z_.-]*\.txt",
    "name": r"[a-z]+(?:-[a-z]+)*",
    "page": r"[2-9]|[1-9][0-9]+",  # page 1 is at the kind's own address
}
_VALID = {name: re.compile(pattern) for name, pattern in PARAMS.items()}


def valid(param: str, value: str) -> bool:
    """Whether a value can stand in an address as that parameter."""
    return bool(_VALID[param].fullmatch(value))


@dataclass(frozen=True)
class Kind:
    path: str  # source path under docs/, a format of the parameters
    paged: str = ""  # pages 2 and on, for a kind listed over several pages ({page})
    section: str = ""  # the navigation entry that is, or lists, a page of this kind; data files: none
    index: tuple = ()  # (parameters, path): the one page of the kind at an address of its own
    edit: str = ""  # the file a page's edit button opens, from the repository's root; generated: none


KINDS = {
    "home": Kind("index.md", section="index.md"),
    "overview": Kind("profiles/by/{order}.md", paged="profiles/by/{order}-{page}.md", section="profiles/index.md",
                     index=({"order": "stage"}, "profiles/index.md")),
    "profile": Kind("profiles/{id}.md", section="profiles/index.md", edit="profiles/{id}.yaml"),
    "browse": Kind("browse/index.md", section="browse/index.md"),
    "facet": Kind("browse/{facet}.md", paged="browse/{facet}/{page}.md", section="browse/index.md"),
    "value": Kind("browse/{facet}/{value}.md", paged="browse/{facet}/{value}/{page}.md", section="browse/index.md"),
    "timeline": Kind("timeline.md", section="timeline.md"),
    "year": Kind("timeline/{year}.md", paged="timeline/{year}/{page}.md", section="timeline.md"),
    "sources": Kind("sources/index.md", section="sources/index.md"),
    "source": Kind("sources/{slug}.md", paged="sources/{slug}/{page}.md", section="sources/index.md"),
    "document": Kind("sources/{file}"),
    "regulatory": Kind("regulatory.md", section="regulatory.md"),
    "glossary": Kind("glossary.md", section="glossary.md"),
    "provenance": Kind("provenance.md", section="provenance.md"),
    "api-profiles": Kind("api/v1/profiles.json"),
    "api-profile": Kind("api/v1/profiles/{id}.json"),
    "api-csv": Kind("api/v1/profiles.csv"),
    "api-provenance": Kind("api/v1/provenance.json"),
    "feed": Kind("feed.xml"),
    "schema": Kind("schema/{name}.schema.json"),
}


def path(kind: str, page: int = 1, **params: str) -> str:
    """A file's source path under docs/: path("profile", id="vum02-ppf") -> profiles/vum02-ppf.md."""
    k = KINDS[kind]
    if page < 1 or (page > 1 and not k.paged):
        raise ValueError(f"{kind}: no page {page}")
    for name, value in params.items():
        if not _VALID[name].fullmatch(value):
            raise ValueError(f"{kind}: {name} {value!r} cannot be part of an address")
    if page > 1:
        return k.paged.format(page=page, **params)
    if k.index and params in ({}, k.index[0]):  # path("overview"): its first page
        return k.index[1]
    return k.path.format(**params)


def url_of(source: str) -> str:
    """The address MkDocs gives a source path: index.md -> "", profiles/index.md -> profiles/,
    profiles/by/name.md -> profiles/by/name/; any other file keeps its path."""
    if not source.endswith(".md"):
        return source
    folder = source.removesuffix(".md").removesuffix("index").removesuffix("/")
    return f"{folder}/" if folder else ""


def to_root(source: str) -> str:
    """From the address of the file at a source path back to the site's root: ../ per folder."""
    return "../" * url_of(source).count("/")


def url(kind: str, page: int = 1, **params: str) -> str:
    """A file's address from the site's root: url("profile", id="vum02-ppf") -> profiles/vum02-ppf/."""
    return url_of(path(kind, page, **params))


@dataclass(frozen=True)
class Route:
    """One page or data file: what every other module needs to know of where it is."""
    kind: str
    path: str  # under docs/
    url: str  # from the site's root
    to_root: str  # from its address back to the site's root
    section: str  # the navigation entry the sidebar marks on it

    @property
    def in_nav(self) -> bool:
        """Whether the navigation lists this page itself (Profiles, not its second page)."""
        return self.path == self.section

    def href(self, kind: str, page: int = 1, **params: str) -> str:
        """A link from this page to another, as short as it goes: ../vum02-ppf/ between profiles,
        ../../browse/stage/ from a profile to a facet."""
        target = url(kind, page, **params)
        folder = self.url.removesuffix("/") if self.path.endswith(".md") else posixpath.dirname(self.url)
        rel = _relative(target.removesuffix("/"), folder)
        return rel + "/" if target.endswith("/") or not target else rel

    def md_link(self, kind: str, page: int = 1, **params: str) -> str:
        """A Markdown link from this page's source to another's (timeline/2025.md), which MkDocs
        checks when it builds and turns into the other page's address."""
        return _relative(path(kind, page, **params), posixpath.dirname(self.path))


def _relative(target: str, folder: str) -> str:
    """posixpath.relpath for the clean relative paths here (no . or ..), without its trip to the
    file system for the current folder: a year page makes thousands of links."""
    to, start = target.split("/") if target else [], folder.split("/") if folder else []
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def route(kind: str, page: int = 1, **params: str) -> Route:
    source = path(kind, page, **params)
    return Route(kind, source, url_of(source), to_root(source), KINDS[kind].section)


def at(source: str) -> Route:
    """The route of the generated file at a source path."""
    kind, page, params = parse(source)
    return route(kind, page, **params)


# -- reading an address back: which kind of file a path is, for the MkDocs hook and the tests -----

def formats(kind: str) -> list[tuple[str, dict]]:
    """Every source path format of a kind, with the parameters its index page stands for."""
    k = KINDS[kind]
    out = [(k.path, {})] + ([(k.paged, {})] if k.paged else [])
    return out + ([(k.index[1], dict(k.index[0]))] if k.index else [])


def _regex(fmt: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", fmt)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>{PARAMS[p]})" for i, p in enumerate(parts)))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, re.Pattern, dict]]:
    """(kind, source path pattern, address pattern, fixed parameters) for every format of every kind."""
    return [(kind, _regex(f), _regex(url_of(f)), fixed) for kind in KINDS for f, fixed in formats(kind)]


def parse(source: str) -> tuple[str, int, dict[str, str]] | None:
    """The kind, page number and parameters of the generated file at a source path, or None for a
    hand-written page such as about.md: path(*parse(p)[:2], **parse(p)[2]) == p."""
    return _parse(source, 1)


def parse_url(address: str) -> tuple[str, int, dict[str, str]] | None:
    """The same from an address (profiles/vum02-ppf/)."""
    return _parse(address, 2)


def _parse(text: str, which: int) -> tuple[str, int, dict[str, str]] | None:
    for kind, *regexes, fixed in _patterns():
        m = regexes[which - 1].fullmatch(text)
        if m:
            params = {**fixed, **m.groupdict()}
            return kind, int(params.pop("page", 1)), params
    return None


def section(source: str) -> str | None:
    """The navigation entry the sidebar marks on a page the navigation does not list (a profile
    lists under Profiles, a year under Timeline); None for the pages it lists and hand-written ones."""
    found = parse(source)
    if found is None or KINDS[found[0]].section in ("", source):
        return None
    return KINDS[found[0]].section


def edit_file(source: str) -> str | None:
    """The file, from the repository's root, that the edit button of a generated page opens: a
    profile's YAML; None for a page made from many files (a listing)."""
    found = parse(source)
    return KINDS[found[0]].edit.format(**found[2]) or None if found else None


# What the generator owns under docs/ (the rest is hand-written): the top folder or file of each kind.
_TOPS = dict.fromkeys(f.split("/", 1)[0] + ("/" if "/" in f else "") for kind in KINDS for f, _ in formats(kind))
OWNED_DIRS = tuple(t.removesuffix("/") for t in _TOPS if t.endswith("/"))
OWNED_FILES = tuple(t for t in _TOPS if not t.endswith("/"))


def generated(top: str) -> bool:
    """Whether an entry directly under docs/ (a file or folder name) is the generator's."""
    return top in OWNED_DIRS or top in OWNED_FILES


# The pages that list milestones announce the Atom feed (overrides/main.html).
FEED_PAGES = frozenset({path("home"), path("timeline"), path("overview", order="stage")})


# -- parameters made from data --------------------------------------------------------------------

def source_slug(ref: str) -> str:
    """A source's page name: a document's file name without .txt; a web page's URL is no file name,
    so a short stable digest of it is."""
    if ref.startswith(("http://", "https://")):
        return "web-" + hashlib.sha256(ref.encode()).hexdigest()[:12]
    return ref.removesuffix(".txt")


def value_key(text: str) -> str:
    """A facet value's key, from the name it stands for: letter case folded and every run of
    anything but letters and digits one hyphen, so spellings that differ only there are one value
    (`Co., Ltd.` and `Co Ltd`)."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "x"


_PLAIN_VALUE = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
_RESERVED = frozenset({"index", "readme"})  # MkDocs makes either the folder's own page


def value_path(key: str) -> str:
    """The folder of a value's own page under browse/<facet>/: the key itself where it is a short
    lowercase ASCII slug, so most addresses read as what they are; otherwise (Chinese developer
    names, very long names, names MkDocs or a file system treat specially, all-digit names, which
    are the facet's own page numbers) an ASCII slug of what the key holds of ASCII, then a digest of
    the key. The key alone decides it, so the address stays as long as the value does."""
    key = unicodedata.normalize("NFC", key)
    if _PLAIN_VALUE.fullmatch(key) and key not in _RESERVED and not key.replace("-", "").isdigit():
        return key
    ascii_part = re.sub(r"[^a-z0-9]+", "-", key.encode("ascii", "ignore").decode().lower()).strip("-")[:40].strip("-")
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return f"{ascii_part}-{digest}" if ascii_part else f"v-{digest}"
