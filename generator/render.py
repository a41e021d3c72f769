"""Jinja templates -> page text. Autoescaping is on for every template: no text from a
profile reaches a page except as escaped HTML text, and profile pages put that text only
inside raw HTML blocks, where Markdown does not look for links, images or HTML."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, pass_context
from markupsafe import Markup, escape

from . import charts, exports, paging, provenance, routes, timeline
from .cache import Cache, template_cache
from .abbreviations import abbreviate
from .context import Context
from .search_terms import has_chinese, search_terms
from .facets import RELATED_BY, Facet, browse_index, browse_pages, build_facets, facet_links, related, values_of
from .model import (NOT_REPORTED, ContextView, ProfileView, SourceView, context_view, counted, coverage_view, group_notes,
                    labels, source_views, split_paragraphs)
from .schema import schema
from .project import TEMPLATES_DIR
from .sources import Source


def money(amount: float, currency: str) -> str:
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{currency} {text}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:<>])")


def md_heading(text: str) -> Markup:
    """Text for a Markdown heading: HTML-escaped, then every Markdown-active character
    backslash-escaped, so a name can neither open a link nor close the heading's attributes."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(text))).replace("\\&", "&").replace("\\#", "&#35;"))


def md_attr(text: str) -> str:
    return re.sub(r"[^\w-]", "", text)


# The smallest and most called presentation helpers live here, not as template macros: a Jinja
# macro call costs about ten times a Python call, and a profile page makes a hundred of them.
# Where the sources are silent, pages say so, marked so that it stands apart from what they say.
MARKED_NOT_REPORTED = Markup('<span class="cst-nr">%s</span>') % NOT_REPORTED


def refs(obj, page: str = "") -> Markup:
    """Citation links: <sup>[1][2]</sup> for an object's note numbers, in ascending order. The
    notes are on its profile's page: `page` is that page's URL when the object is shown on another."""
    numbers = obj.get("refs") if isinstance(obj, dict) else None
    if not numbers:
        return Markup("")
    page = escape(page)
    return Markup("<sup>" + "".join(f'<a href="{page}#note-{int(n)}">[{int(n)}]</a>' for n in sorted(numbers)) + "</sup>")


def sources_line(obj) -> Markup:
    """The citations of a block of facts (a profile cites per block, not per field), on a line of
    their own below it: put on one row, they would seem to cite that row alone."""
    cited = refs(obj)
    return Markup('<p class="cst-cite">Sources: %s</p>') % cited if cited else cited


def zh(text) -> Markup:
    return Markup('<span lang="zh">%s</span>') % text


def link(href: str | None, text) -> Markup:
    """A link, or its text alone where there is nowhere to go."""
    return Markup('<a href="%s">%s</a>') % (href, text) if href else escape(text)


def value(v, mark: Markup | str = ""):
    """A value followed by its verification mark, or "not reported" where it is empty."""
    if not v:
        return MARKED_NOT_REPORTED
    return escape(v) + mark if mark else v


def label(vocab: str, key) -> str:
    return labels()[vocab].get(key, key)


def labels_of(vocab: str, keys) -> str:
    """The labels of a list of vocabulary values, comma-separated; empty for none."""
    return ", ".join(label(vocab, k) for k in keys or ())


@pass_context
def url_to(context, kind: str, page: int = 1, **params: str) -> str:
    """In a template, a link from its page (`here`) to another: url_to("profile", id=other.id)."""
    return context["here"].href(kind, page, **params)


@pass_context
def path_to(context, kind: str, page: int = 1, **params: str) -> str:
    """In a template, a Markdown link from its page's source to another's: path_to("year", year=y)."""
    return context["here"].md_link(kind, page, **params)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        bytecode_cache=template_cache(),
        autoescape=True,
        undefined=ChainableUndefined,  # optional fields are simply absent
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(NOT_REPORTED=MARKED_NOT_REPORTED, refs=refs, sources_line=sources_line, zh=zh, link=link,
                       value=value, label=label, labels_of=labels_of, url_to=url_to, path_to=path_to)
    env.filters.update(paragraphs=split_paragraphs, money=money, md_heading=md_heading, md_attr=md_attr, counted=counted)
    return env


# The home page's chart shows this many profiles, the furthest along, so the page does not grow
# with the tracker; the Profiles page lists them all. (A table of the same 50 below the chart,
# 450 elements on a page of 890, is gone: it repeated the Profiles page's first page.)
HOME_ROWS = 50
# The overview is paged, each order sorted here: at 1,000 profiles one page of every row was
# 727 KB, and the script that sorted and filtered it blocked a phone's main thread for 4.5 s.
# Filtering is the browse pages' job (a page per facet), finding a name or number the search's.
# 50 rows a page: at 100, Lighthouse found 1,900 elements and 1.4 s of blocking time on a phone
# (styles, layout and Material's script going over every element).
OVERVIEW_ROWS = 50
OVERVIEW_ORDERS = (("stage", "furthest stage"), ("name", "name"), ("milestone", "latest milestone"))
BROWSE_VALUES = 12  # values per facet on the browse index, most profiles first; its page has them all

def identifier_types(views: list[ProfileView]) -> list[tuple[str, str, str, str, str]]:
    """(type, label, format, an example a profile holds, what it is and where to look it up) for
    the identifiers table: the format from the schema's message for it, the rest from the
    vocabulary's own `x-lookup`."""
    defs = schema()["$defs"]
    formats = {}
    for rule in defs["identifier"]["allOf"]:
        key = rule["if"]["properties"]["type"]["const"]
        formats[key] = rule["then"]["properties"]["value"]["x-message"].split(" is ", 1)[-1].split(", e.g.")[0]
    examples = {}
    for v in views:
        for i in v.identifiers:
            examples.setdefault(i["type"], i["value"])
    lab, lookup = labels()["identifier_type"], defs["identifier_type"]["x-lookup"]
    return [(k, lab[k], formats[k], examples.get(k, ""), lookup[k]) for k in defs["identifier_type"]["enum"]]


def _profile_page(shared: tuple[list[ProfileView], dict, dict], i: int) -> bytes:
    """One profile page, ready to write: rendered and with its abbreviations marked."""
    views, related_to, glossary = shared
    view = views[i]
    here = routes.route("profile", id=view.id)
    page = environment().get_template("profile.md.j2").render(
        here=here, view=view, p=view.data, facet_links=facet_links(view, here), related=related_to[view.id],
        search_terms=search_terms(view.source_data))
    return abbreviate(page.encode(), glossary)


class Neighbour(NamedTuple):
    """What a profile page shows of a related profile: all the template can reach of it, so a
    page's cache key can hold exactly that (an edit to a neighbour's summary re-rendered sixty
    pages that do not show it)."""
    id: str
    title: str
    stage: str


def _neighbours(views: list[ProfileView], cache: Cache) -> dict[str, list[tuple[Neighbour, list[str]]]]:
    """What each page shows of its related profiles. facets.related reads of every profile its
    id, title and RELATED_BY values only, and a Neighbour adds the stage: the result is kept under
    exactly those, between the builds of one `mkdocs serve` (70 ms a build at 1,000 profiles)."""
    key = cache.key("related", [(v.id, v.title, v.stage, [[x.key for x in values_of(v)[facet]] for facet, _ in RELATED_BY])
                                for v in views])
    return cache.get_or_compute(key, lambda: {vid: [(Neighbour(o.id, o.title, o.stage), why) for o, why in found]
                                              for vid, found in related(views).items()}, persist=False)


def _page_keys(views: list[ProfileView], related_to: dict, cache: Cache) -> list[str | None]:
    """A page shows its own profile, the Chinese names other profiles give its developers (its
    developer link is keyed by them) and, under "Related profiles", what it shows of its
    neighbours; the glossary, sources and templates are in every key."""
    return [cache.key("page", v.key, v.last_edited, v.developer_zh, [(*n, why) for n, why in related_to[v.id]])
            if v.key else None for v in views]


def render_site(views: list[ProfileView], sources: dict[str, Source], site_url: str = "", context=None,
                cache: Cache | None = None) -> dict[str, bytes]:
    """Every generated file under docs/, as relative path -> bytes."""
    return {**listing_outputs(views, sources, site_url, context), **profile_outputs(views, sources, context, cache)}


def profile_outputs(views: list[ProfileView], sources: dict[str, Source], context=None,
                    cache: Cache | None = None) -> dict[str, bytes]:
    """Each profile's page and JSON, and the JSON of them all: from the cache where nothing they
    show has changed, the rest rendered in worker processes when many."""
    cache = cache or Cache.disabled()
    glossary = dict(context_view(context or Context(), sources).glossary)
    related_to = _neighbours(views, cache)

    def prepare() -> None:
        environment().get_template("profile.md.j2")  # compiled before any fork, so workers inherit it
        for view in views:
            values_of(view)  # facet values, likewise
    pages = cache.get_or_compute_all(_page_keys(views, related_to, cache), _profile_page, (views, related_to, glossary),
                                     list(range(len(views))), prepare=prepare)
    out = {routes.path("profile", id=view.id): page for view, page in zip(views, pages, strict=True)}
    encoded = {view.id: cache.get_or_compute(cache.key("json", view.key) if view.key else None,
                                             lambda view=view: exports.profile_json(view))
               for view in views}
    out.update((routes.path("api-profile", id=vid), data) for vid, data in encoded.items())
    out[routes.path("api-profiles")] = exports.profiles_json(views, encoded)
    return out


def listing_outputs(views: list[ProfileView], sources: dict[str, Source], site_url: str = "",
                    context=None) -> dict[str, bytes]:
    """Every generated file but each profile's page and JSON (profile_outputs): the pages and
    data that list profiles, and the site's other generated pages."""
    context = context or Context()
    ctx = context_view(context, sources)
    return _listings(Site(views, sources, context, ctx, site_url), dict(ctx.glossary))


class OverviewPage(NamedTuple):
    """One page of the profiles overview: its rows in one order, with links to the other orders
    and pages (hrefs relative to the page)."""
    rel: str
    to_root: str
    order: str
    label: str
    number: int
    count: int
    first: int  # the position of its first row, from 1
    total: int
    views: list
    orders: list  # (label, href or None for this order)
    pager: paging.Pager | None  # None when one page holds every profile
    in_nav: bool  # the first page of the first order, which the navigation names "Profiles"


def overview_pages(views: list[ProfileView]) -> list[OverviewPage]:
    by_name = sorted(views, key=lambda v: (v.title.casefold(), v.id))
    # newest first; undated last; Python's sort is stable, so ties stay in name order
    by_milestone = sorted(by_name, key=lambda v: v.latest_milestone["date"] if v.latest_milestone else "", reverse=True)
    orders = {"stage": views, "name": by_name, "milestone": by_milestone}
    count = max(1, -(-len(views) // OVERVIEW_ROWS))
    total = len(views)
    out = []
    for order, label in OVERVIEW_ORDERS:
        for number in range(1, count + 1):
            here = routes.route("overview", number, order=order)
            start = (number - 1) * OVERVIEW_ROWS
            rows = orders[order][start:start + OVERVIEW_ROWS]
            out.append(OverviewPage(
                here.path, here.to_root, order, label, number, count, start + 1, total, rows,
                [(lab, None if o == order else here.href("overview", order=o)) for o, lab in OVERVIEW_ORDERS],
                paging.pager(number, count, lambda n: here.href("overview", n, order=order)) if count > 1 else None,
                here.in_nav))
    return out


# A source page lists this many of the profiles citing it, the rest on pages after it: in the
# synthetic set every profile cites every document, and a list of 1,000 (3,200 elements) took a
# phone most of a second to lay out.
SOURCE_CITED_BY = 100


class SourcePage(NamedTuple):
    """One page of a source: the first has its details, the profiles citing it (the first
    SOURCE_CITED_BY) and its text; the others the rest of the profiles, a page each."""
    here: routes.Route
    sv: SourceView
    number: int
    entries: list  # (citing profile's view, what it cites: "3 citations" or "at ¶2")
    pager: paging.Pager | None
    listing: str  # what the list holds, when it runs over several pages
    empty: str  # what the page says when no profile cites the source
    title: str  # the page's title
    back: str  # pages after the first: the link to the first, which has the source's details
    unindexed: str  # why search leaves the page out (its front matter's comment), or ""

    @property
    def first(self) -> bool:
        return self.number == 1

    @property
    def shows_text(self) -> bool:
        """A document's first page shows its full text; nothing of a web page is copied."""
        return self.first and not self.sv.source.is_web

    @property
    def unverified(self) -> bool:
        """The page lists facts cited to a web page, which the build cannot verify: it says so."""
        return self.sv.source.is_web and bool(self.entries)


def source_pages(sv: SourceView) -> list[SourcePage]:
    """A source's page, and more pages when more profiles cite it than one lists: the first at
    the source's own address (sources/<name>/), the others sources/<name>/2/, ..."""
    s = sv.source
    what = "page" if s.is_web else "document"
    listed = ([(v, "at " + "; ".join(places)) for v, places in sv.places or []] if s.is_web
              else [(v, counted(count, "citation")) for v, count in sv.cited_by])
    parts = paging.chunks(listed, SOURCE_CITED_BY)
    back = "The web page's details" if s.is_web else "The document's details and full text"
    out = []
    for number, part in enumerate(parts, 1):
        here = routes.route("source", number, slug=s.slug)
        first = (number - 1) * SOURCE_CITED_BY + 1
        listing = (f"{counted(len(listed), 'profile')} cite this {what}: {first} to {first + len(part) - 1} here."
                   if len(parts) > 1 else "")
        if s.is_web:
            unindexed = "nothing of a web page is archived: search finds the profiles that cite it, not its metadata"
        elif number > 1:
            unindexed = "a list of other pages: search finds those pages themselves"
        else:
            unindexed = ""
        out.append(SourcePage(
            here, sv, number, part,
            paging.pager(number, len(parts), lambda n: here.href("source", n, slug=s.slug)) if len(parts) > 1 else None,
            listing, f"No profile cites this {what} yet.",
            s.label if number == 1 else f"{s.label}: cited by, page {number} of {len(parts)}", back,
            unindexed))
    return out


def _timeline_chart(tl: timeline.TimelinePage) -> str:
    if tl.chart == "dots":
        return charts.timeline_svg(tl.entries, tl.to_root)
    if tl.chart == "months":
        return charts.months_svg(tl.months, tl.year)
    return ""


def _has_chinese_name(view: ProfileView) -> bool:
    """Whether Chinese search finds the profile by a name: its product's or a developer's."""
    names = [view.data["names"].get("zh", "")] + [d.get("name_zh", "") for d in view.data.get("developers") or []]
    return any(has_chinese(n) for n in names)


@dataclass
class Site:
    """What the listing pages and data files are made from: every profile's view, the sources and
    the cited context, and what several pages share, computed once."""
    views: list[ProfileView]
    sources: dict[str, Source]
    context: Context
    ctx: ContextView
    site_url: str

    @cached_property
    def facets(self) -> list[Facet]:
        return build_facets(self.views)

    @cached_property
    def entries(self) -> list[dict]:
        """Every milestone, newest first."""
        return exports.milestone_entries(self.views)

    @cached_property
    def source_views(self) -> list[SourceView]:
        return source_views(self.sources, self.views)

    @cached_property
    def provenance(self) -> dict:
        online = {u: {"checked": s.checked_online, "result": s.online_result} for u, s in self.sources.items() if s.is_web}
        return provenance.report([(v.id, v.provenance) for v in self.views], self.ctx.provenance, online)


Built = Iterator[tuple[str, bytes]]  # (path under docs/, contents) of each file a builder makes


def _render(template: str, here: routes.Route, **values) -> bytes:
    """A page: its template gets its own route as `here`, which url_to and path_to link from."""
    return environment().get_template(template).render(here=here, **values).encode()


class HomePage(NamedTuple):
    coverage_columns = ("Public figure", "As of", "Reported", "In the tracker", "Source")  # the coverage table's
    total: int  # profiles
    sources: int
    zh_count: int  # profiles that give a Chinese name (search finds them in Chinese)
    coverage: list  # model.Figure: public figures beside the tracker's own counts
    pipeline: Markup  # the chart
    shown: int  # profiles on the chart
    partial: bool  # the chart shows some of the profiles, those furthest along


def home_page(site: Site, here: routes.Route) -> HomePage:
    views, total = site.views, len(site.views)
    shown = min(total, HOME_ROWS)
    return HomePage(total, len(site.sources),
                    sum(_has_chinese_name(v) for v in views), coverage_view(site.context.coverage, views, site.sources),
                    Markup(charts.pipeline_svg(views, here.to_root, HOME_ROWS)), shown, shown < total)


def _id_lines(identifiers: list) -> Markup:
    """A profile's identifiers for the overview: one text, a line each (see _row.j2)."""
    return Markup("&#10;").join(escape(i["value"]) for i in identifiers)


def build_home(site: Site) -> Built:
    here = routes.route("home")
    yield here.path, _render("home.md.j2", here, home=home_page(site, here))


def build_overview(site: Site) -> Built:
    narrow = [f for f in site.facets if f.slug in ("cell-type", "stage", "pathway", "therapeutic-area", "status")]
    row = environment().get_template("_row.j2")
    rows: dict[tuple[str, str], Markup] = {}  # (profile, to_root): every order lists every profile
    for op in overview_pages(site.views):
        for v in op.views:
            if (v.id, op.to_root) not in rows:
                rows[v.id, op.to_root] = Markup(row.render(v=v, to_root=op.to_root, id_lines=_id_lines))
        yield op.rel, _render("overview.md.j2", routes.at(op.rel), op=op, facets=narrow,
                              rows=[rows[v.id, op.to_root] for v in op.views])


def build_timeline(site: Site) -> Built:
    for tl in timeline.timeline_pages(site.entries, list(labels()["event_type"])):
        yield tl.rel, _render("timeline_year.md.j2" if tl.year else "timeline.md.j2", routes.at(tl.rel),
                              tl=tl, chart=Markup(_timeline_chart(tl)))


def build_browse(site: Site) -> Built:
    here = routes.route("browse")
    yield here.path, _render("browse.md.j2", here, facets=browse_index(site.facets, BROWSE_VALUES, here))
    for bp in browse_pages(site.facets):
        yield bp.rel, _render("facet_value.md.j2" if bp.value else "facet.md.j2", routes.at(bp.rel),
                              bp=bp, profiles=counted(len(site.views), "profile"))


def build_sources(site: Site) -> Built:
    here = routes.route("sources")
    yield here.path, _render("sources.md.j2", here, source_views=site.source_views)
    for sv in site.source_views:
        for sp in source_pages(sv):
            yield sp.here.path, _render("source.md.j2", sp.here, sp=sp, sv=sv,
                                        search_terms=search_terms([sv.source.title, sv.source.text]) if sp.number == 1 else "")
        if not sv.source.is_web:  # a web page's text is never copied
            yield routes.path("document", file=sv.source.file), sv.source.text.encode()  # the document as received


def build_regulatory(site: Site) -> Built:
    here, ctx = routes.route("regulatory"), site.ctx
    types = identifier_types(site.views)
    yield here.path, _render(
        "regulatory.md.j2", here, ctx=ctx, note_groups=group_notes(ctx.notes), identifier_types=types,
        search_terms=search_terms([ctx.intro, ctx.sections, [n.quote for n in ctx.notes], [t[-1] for t in types]]))


def build_glossary(site: Site) -> Built:
    here, ctx = routes.route("glossary"), site.ctx
    yield here.path, _render("glossary.md.j2", here, ctx=ctx, note_groups=group_notes(ctx.glossary_notes),
                             search_terms=search_terms([ctx.glossary, [n.quote for n in ctx.glossary_notes]]))


def build_provenance(site: Site) -> Built:
    here = routes.route("provenance")
    yield here.path, _render("provenance.md.j2", here, rep=site.provenance, titles={v.id: v.title for v in site.views})


def build_data(site: Site) -> Built:
    """The open data but each profile's JSON and the JSON of them all (profile_outputs): every
    profile in one CSV, the feed, the provenance report and the schemas."""
    yield routes.path("api-csv"), exports.profiles_csv(site.views)
    yield routes.path("feed"), exports.atom_feed(site.entries, site.site_url)
    yield routes.path("api-provenance"), provenance.report_json(site.provenance)
    yield routes.path("schema", name="provenance"), provenance.schema_json()
    # Published so editors (yaml-language-server) and data users read the one schema.
    yield routes.path("schema", name="profile"), (json.dumps(schema(), ensure_ascii=False, indent=2) + "\n").encode()
    for path, api_schema in exports.api_schemas(schema()).items():
        yield path, (json.dumps(api_schema, ensure_ascii=False, indent=2) + "\n").encode()


# Every file but the profile pages, in a builder each. Glossary terms are marked as <abbr> on the
# pages of the first group; the glossary defines them, and the provenance page never had them.
ABBREVIATED = (build_home, build_overview, build_timeline, build_browse, build_sources, build_regulatory)
LISTINGS = (*ABBREVIATED, build_glossary, build_provenance, build_data)


def _listings(site: Site, glossary: dict) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for build in LISTINGS:
        for path, data in build(site):
            out[path] = abbreviate(data, glossary) if build in ABBREVIATED and path.endswith(".md") else data
    for path in routes.FEED_PAGES:
        out[path] = _announce_feed(out[path])
    return out


def _announce_feed(page: bytes) -> bytes:
    """`feed: true` in the page's front matter: overrides/main.html links the Atom feed from it.
    In the page itself, not set by a hook, so any tool that builds the Markdown keeps the link."""
    assert page.startswith(b"---\n"), "a page that announces the feed opens with front matter"
    return b"---\nfeed: true" + page[3:]
