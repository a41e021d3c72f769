"""Jinja templates -> page text. Autoescaping is on for every template: no text from a
profile reaches a page except as escaped HTML text, and profile pages put that text only
inside raw HTML blocks, where Markdown does not look for links, images or HTML."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import NamedTuple

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup, escape

from . import charts, exports, parallel, provenance, timeline
from .cache import Cache, template_cache
from .abbreviations import abbreviate
from .context import Context
from .search_terms import has_chinese, search_terms
from .facets import browse_pages, build_facets, facet_links, related, value_href, values_of
from .model import (NOT_REPORTED, STAGE_ORDER, ContextView, ProfileView, context_view, coverage_view, group_notes, labels, source_views,
                    split_paragraphs)
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
_NOT_REPORTED = Markup('<span class="cst-nr">%s</span>') % NOT_REPORTED


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


def value(v):
    return v if v else _NOT_REPORTED


def label(vocab: str, key) -> str:
    return labels()[vocab].get(key, key)


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
    env.globals.update(labels=labels(), NOT_REPORTED=NOT_REPORTED, facet_values=values_of,
                       refs=refs, sources_line=sources_line, zh=zh, nr=lambda: _NOT_REPORTED, value=value, label=label,
                       stage_rank=lambda v: STAGE_ORDER.index(v.data["development"]["stage"]))
    env.filters.update(paragraphs=split_paragraphs, money=money, md_heading=md_heading, md_attr=md_attr)
    return env


HOME_ROWS = 50  # the home page lists this many profiles
# The overview is paged, each order sorted here: at 1,000 profiles one page of every row was
# 727 KB, and the script that sorted and filtered it blocked a phone's main thread for 4.5 s.
# Filtering is the browse pages' job (a page per facet), finding a name or number the search's.
# 50 rows a page: at 100, Lighthouse found 1,900 elements and 1.4 s of blocking time on a phone
# (styles, layout and Material's script going over every element).
OVERVIEW_ROWS = 50
OVERVIEW_ORDERS = (("stage", "furthest stage"), ("name", "name"), ("milestone", "latest milestone"))
BROWSE_VALUES = 12  # values per facet on the browse index, most profiles first; its page has them all

LOOKUP = {
    "cde-acceptance": "The number the Center for Drug Evaluation (CDE) gives an application when it accepts it (受理号). Search it on the CDE website, www.cde.org.cn.",
    "clinical-trial-approval-notice": "The number of the drug clinical trial approval notice (药物临床试验批准通知书) the CDE issues; companies quote it in their announcements.",
    "ctr": "Registration on China's Drug Clinical Trial Registration and Information Disclosure Platform, www.chinadrugtrials.org.cn.",
    "chictr": "Registration in the Chinese Clinical Trial Registry, www.chictr.org.cn.",
    "nct": "Registration on ClinicalTrials.gov, the United States registry used worldwide.",
    "nmpa-approval": "The approval number (国药准字) of a drug approved for marketing; searchable in the NMPA's drug databases, www.nmpa.gov.cn.",
    "stem-cell-filing": "The filing number of a stem-cell clinical research project; recorded as the source writes it.",
}


def identifier_types(views: list[ProfileView]) -> list[tuple[str, str, str, str]]:
    """(type, label, format, an example a profile holds) for the identifiers table."""
    defs = schema()["$defs"]
    formats = {}
    for rule in defs["identifier"]["allOf"]:
        key = rule["if"]["properties"]["type"]["const"]
        formats[key] = rule["then"]["properties"]["value"]["x-message"].split(" is ", 1)[-1].split(", e.g.")[0]
    examples = {}
    for v in views:
        for i in v.identifiers:
            examples.setdefault(i["type"], i["value"])
    lab = labels()["identifier_type"]
    return [(k, lab[k], formats[k], examples.get(k, "")) for k in defs["identifier_type"]["enum"]]


def _profile_page(i: int) -> bytes:
    """One profile page, ready to write: rendered and with its abbreviations marked."""
    views, related_to, glossary = parallel.state()
    view = views[i]
    page = environment().get_template("profile.md.j2").render(
        view=view, p=view.data, facet_links=facet_links(view), related=related_to[view.id],
        search_terms=search_terms(view.source_data))
    return abbreviate(page.encode(), glossary)


class Neighbour(NamedTuple):
    """What a profile page shows of a related profile: all the template can reach of it, so a
    page's cache key can hold exactly that (an edit to a neighbour's summary re-rendered sixty
    pages that do not show it)."""
    id: str
    title: str
    stage: str


def _neighbours(views: list[ProfileView]) -> dict[str, list[tuple[Neighbour, list[str]]]]:
    return {vid: [(Neighbour(o.id, o.title, o.stage), why) for o, why in found] for vid, found in related(views).items()}


def _page_keys(views: list[ProfileView], related_to: dict, cache: Cache) -> list[str | None]:
    """A page shows its own profile, the Chinese names other profiles give its developers (its
    developer link is keyed by them) and, under "Related profiles", what it shows of its
    neighbours; the glossary, sources and templates are in every key."""
    return [cache.key("page", v.key, v.last_edited, v.developer_zh, [(*n, why) for n, why in related_to[v.id]])
            if v.key else None for v in views]


def render_site(views: list[ProfileView], sources: dict[str, Source], site_url: str = "", context=None,
                cache: Cache | None = None) -> dict[str, bytes]:
    """Every generated file under docs/, as relative path -> bytes. Profile pages come from the
    cache when nothing they show has changed; the rest are rendered in worker processes when
    many, while this one renders the listings."""
    cache = cache or Cache.disabled()
    context = context or Context()
    ctx = context_view(context, sources)
    glossary = dict(ctx.glossary)
    related_to = _neighbours(views)
    keys = _page_keys(views, related_to, cache)
    pages = [cache.get(key) for key in keys]
    todo = [i for i, page in enumerate(pages) if page is None]
    if todo:
        environment().get_template("profile.md.j2")  # compiled before the fork, so workers inherit it
        for view in views:
            values_of(view)  # facet values, likewise
    with parallel.forked(_profile_page, todo, (views, related_to, glossary)) as rendered:
        out = _listings(views, sources, site_url, ctx, glossary, cache, context.coverage)
        for i, page in zip(todo, rendered):
            cache.put(keys[i], page)
            pages[i] = page
    out.update((f"profiles/{view.id}.md", page) for view, page in zip(views, pages, strict=True))
    return out


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
    pages: list  # (number, href or None for this page)
    previous: str | None
    next: str | None


def overview_rel(order: str, number: int) -> str:
    """profiles/ is the first page of the default order; the others are under profiles/by/ (a
    profile's page is profiles/<id>.md, so no id can take their place)."""
    if (order, number) == (OVERVIEW_ORDERS[0][0], 1):
        return "profiles/index.md"
    return f"profiles/by/{order}.md" if number == 1 else f"profiles/by/{order}-{number}.md"


def _url(rel: str) -> str:
    """The address MkDocs gives a page: profiles/index.md -> profiles/, profiles/by/name.md -> profiles/by/name/."""
    return rel.removesuffix("index.md").removesuffix(".md").removesuffix("/") + "/"


def overview_pages(views: list[ProfileView]) -> list[OverviewPage]:
    by_name = sorted(views, key=lambda v: (v.title.casefold(), v.id))
    # newest first; undated last; Python's sort is stable, so ties stay in name order
    by_milestone = sorted(by_name, key=lambda v: v.latest_milestone["date"] if v.latest_milestone else "", reverse=True)
    orders = {"stage": views, "name": by_name, "milestone": by_milestone}
    count = max(1, -(-len(views) // OVERVIEW_ROWS))
    out = []
    for order, label in OVERVIEW_ORDERS:
        for number in range(1, count + 1):
            rel = overview_rel(order, number)
            to_root = "../" * _url(rel).count("/")

            def link(o: str, n: int, current: bool) -> str | None:
                return None if current else to_root + _url(overview_rel(o, n))
            start = (number - 1) * OVERVIEW_ROWS
            out.append(OverviewPage(
                rel, to_root, order, label, number, count, start + 1, len(views), orders[order][start:start + OVERVIEW_ROWS],
                [(lab, link(o, 1, o == order)) for o, lab in OVERVIEW_ORDERS],
                [(n, link(order, n, n == number)) for n in range(1, count + 1)],
                link(order, number - 1, False) if number > 1 else None,
                link(order, number + 1, False) if number < count else None))
    return out


def _timeline_chart(tl: timeline.TimelinePage) -> str:
    if tl.chart == "dots":
        return charts.timeline_svg(tl.entries, tl.to_root)
    if tl.chart == "months":
        return charts.months_svg(tl.groups, tl.year)
    return ""


def _has_chinese_name(view: ProfileView) -> bool:
    """Whether Chinese search finds the profile by a name: its product's or a developer's."""
    names = [view.data["names"].get("zh", "")] + [d.get("name_zh", "") for d in view.data.get("developers") or []]
    return any(has_chinese(n) for n in names)


def _listings(views: list[ProfileView], sources: dict[str, Source], site_url: str, ctx: ContextView,
              glossary: dict, cache: Cache, ctx_coverage: dict) -> dict[str, bytes]:
    """Every generated file but the profile pages."""
    env = environment()
    out: dict[str, bytes] = {}
    common = {"views": views, "sources": sources}
    row = env.get_template("_row.j2")
    out["index.md"] = env.get_template("home.md.j2").render(
        rows=[Markup(row.render(v=v, to_root="", full=False)) for v in views[:HOME_ROWS]],
        pipeline=Markup(charts.pipeline_svg(views, "", HOME_ROWS)), home_rows=HOME_ROWS,
        zh_profiles=sum(_has_chinese_name(v) for v in views),
        coverage=coverage_view(ctx_coverage, views, sources), **common).encode()
    facets = build_facets(views)
    narrow = [f for f in facets if f.slug in ("cell-type", "stage", "pathway", "therapeutic-area", "status")]
    overview = env.get_template("overview.md.j2")
    rows: dict[tuple[str, str], Markup] = {}  # (profile, to_root): every order lists every profile
    for op in overview_pages(views):
        for v in op.views:
            if (v.id, op.to_root) not in rows:
                rows[v.id, op.to_root] = Markup(row.render(v=v, to_root=op.to_root, full=True))
        out[op.rel] = overview.render(op=op, facets=narrow, rows=[rows[v.id, op.to_root] for v in op.views]).encode()
    entries = exports.milestone_entries(views)
    years = timeline.years(entries)
    for tl in timeline.timeline_pages(entries, list(labels()["event_type"])):
        out[tl.rel] = env.get_template("timeline_year.md.j2" if tl.year else "timeline.md.j2").render(
            tl=tl, years=years, total=len(entries), chart=Markup(_timeline_chart(tl))).encode()
    out["browse/index.md"] = env.get_template("browse.md.j2").render(facets=facets, values_shown=BROWSE_VALUES, value_href=value_href).encode()
    facet_page, value_page = env.get_template("facet.md.j2"), env.get_template("facet_value.md.j2")
    for bp in browse_pages(facets):
        out[bp.rel] = (value_page if bp.value else facet_page).render(bp=bp, profiles=len(views)).encode()
    sviews = source_views(sources, views)
    out["sources/index.md"] = env.get_template("sources.md.j2").render(source_views=sviews).encode()
    source_page = env.get_template("source.md.j2")
    for sv in sviews:
        out[f"sources/{sv.source.slug}.md"] = source_page.render(
            sv=sv, search_terms=search_terms([sv.source.title, sv.source.text])).encode()
        if not sv.source.is_web:  # a web page's text is never copied
            out[f"sources/{sv.source.file}"] = sv.source.text.encode()  # the document as received
    encoded = {}
    for view in views:
        key = cache.key("json", view.key) if view.key else None
        data = cache.get(key)
        if data is None:
            data = exports.profile_json(view)
            cache.put(key, data)
        encoded[view.id] = out[f"{exports.API}/profiles/{view.id}.json"] = data
    out[f"{exports.API}/profiles.json"] = exports.profiles_json(views, encoded)
    out[f"{exports.API}/profiles.csv"] = exports.profiles_csv(views)
    out["feed.xml"] = exports.atom_feed(entries, site_url)
    out["regulatory.md"] = env.get_template("regulatory.md.j2").render(
        ctx=ctx, note_groups=group_notes(ctx.notes), lookup=LOOKUP, identifier_types=identifier_types(views),
        search_terms=search_terms([ctx.intro, ctx.sections, [n.quote for n in ctx.notes], LOOKUP])).encode()
    out["glossary.md"] = env.get_template("glossary.md.j2").render(
        ctx=ctx, note_groups=group_notes(ctx.glossary_notes),
        search_terms=search_terms([ctx.glossary, [n.quote for n in ctx.glossary_notes]])).encode()
    for rel in out:
        if rel.endswith(".md") and rel != "glossary.md":
            out[rel] = abbreviate(out[rel], glossary)
    rep = provenance.report([(v.id, v.provenance) for v in views], ctx.provenance,
                            {u: {"checked": s.checked_online, "result": s.online_result} for u, s in sources.items() if s.is_web})
    out["provenance.md"] = env.get_template("provenance.md.j2").render(rep=rep, titles={v.id: v.title for v in views}).encode()
    out[f"{exports.API}/provenance.json"] = provenance.report_json(rep)
    out["schema/provenance.schema.json"] = provenance.schema_json()
    # Published so editors (yaml-language-server) and data users read the one schema.
    out["schema/profile.schema.json"] = (json.dumps(schema(), ensure_ascii=False, indent=2) + "\n").encode()
    for path, api_schema in exports.api_schemas(schema()).items():
        out[path] = (json.dumps(api_schema, ensure_ascii=False, indent=2) + "\n").encode()
    return out
