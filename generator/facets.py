"""Facets: the ways a reader browses profiles (indication, cell type, developer, stage, ...).

Each facet maps a profile to zero or more values; a profile with none lands under
"Not reported", so every profile appears once on every facet page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from . import companies, routes
from .model import NOT_REPORTED, STAGE_ORDER, ProfileView, counted, labels, relation
from .routes import value_key, value_path


@dataclass(frozen=True)
class Value:
    key: str  # stable anchor and filter key
    label: str = field(compare=False)  # profiles may spell one value more or less fully: the key decides


@dataclass
class Facet:
    slug: str
    title: str  # e.g. "Cell type"
    description: str
    vocab: str | None = None  # schema vocabulary, when the values are controlled
    order: tuple = ()  # value keys in a meaningful order (stages); else by count
    groups: list[tuple[Value, list[ProfileView]]] = field(default_factory=list)
    # value key -> (relation, the other company, whether it has a group on this page to link to)
    links: dict[str, list[tuple[str, Value, bool]]] = field(default_factory=dict)


def _vocab(name: str, keys) -> list[Value]:
    lab = labels()[name]
    return [Value(k, lab[k]) for k in keys]


def _indications(d: dict) -> list[Value]:
    return [Value(value_key(i["name"]), i["name"] + (f" ({i['abbreviation']})" if i.get("abbreviation") else ""))
            for i in d.get("indications") or []]


def developer_value(dev: dict, fallback: str = "", zh: str = "") -> Value:
    """One developer, one value, however profiles spell it: keyed by its Chinese legal name where
    a source gives one (English renderings of one company vary between sources; `zh` is the name
    another profile gives it, see companies.py, whose rule the check's warning of likely duplicates
    shares), else its English name; a subsidiary with no name of its own is grouped under its
    parent's."""
    en, zh = dev.get("name"), dev.get("name_zh") or zh
    label = " · ".join(n for n in (en, zh) if n) or fallback
    return Value(companies.company_key(en or fallback, zh), label)


def _parent_value(dev: dict) -> Value | None:
    if not (dev.get("parent") or dev.get("parent_zh")):
        return None
    return developer_value({"name": dev.get("parent"), "name_zh": dev.get("parent_zh")})


def _developers(v: ProfileView) -> list[Value]:
    devs = v.data.get("developers") or []
    known = v.developer_zh or [""] * len(devs)
    return [developer_value(dev, name, zh) for dev, name, zh in zip(devs, v.developers, known, strict=True)]


FACETS = (
    ("indication", "Indication", "The diseases and conditions products are developed for.", None,
     lambda v: _indications(v.data)),
    ("therapeutic-area", "Therapeutic area", "Indications grouped by field of medicine.", "therapeutic_area",
     lambda v: _vocab("therapeutic_area", sorted({a for i in v.data.get("indications") or [] for a in i["therapeutic_areas"]}))),
    ("cell-type", "Cell type", "What kind of cells the product is made of.", "cell_type",
     lambda v: _vocab("cell_type", [v.data["cells"]["cell_type"]] if (v.data.get("cells") or {}).get("cell_type") else [])),
    ("derived-cell-type", "Differentiated cell type", "What stem cells were differentiated into (iPSC- or ESC-derived products).", "derived_cell_type",
     lambda v: _vocab("derived_cell_type", [v.data["cells"]["derived_cell_type"]] if (v.data.get("cells") or {}).get("derived_cell_type") else [])),
    ("tissue-source", "Tissue source", "Where the cells come from.", "tissue_source",
     lambda v: _vocab("tissue_source", [v.data["cells"]["tissue_source"]] if (v.data.get("cells") or {}).get("tissue_source") else [])),
    ("donor-type", "Donor type", "Allogeneic (from a donor) or autologous (from the patient), where a source says so.", None,
     lambda v: [Value(t, t.capitalize()) for t in [(v.data.get("cells") or {}).get("donor_type")] if t]),
    ("developer", "Developer", "Companies developing the products.", None, _developers),
    ("stage", "Stage", "How far each product has come, from IND to approval.", "stage",
     lambda v: _vocab("stage", [v.data["development"]["stage"]])),
    ("status", "Status", "Whether development is active according to the latest source.", "status",
     lambda v: _vocab("status", [v.data["development"]["status"]])),
    ("pathway", "Regulatory pathway", "Drug registration through CDE/NMPA, or stem-cell clinical research filing.", "pathway",
     lambda v: _vocab("pathway", [v.data["regulatory"]["pathway"]])),
)
UNREPORTED = Value("not-reported", NOT_REPORTED.capitalize())
# Facets that apply to some products only: a mesenchymal product was never differentiated into
# anything, so it is not listed as "not reported" there.
WHERE_APPLICABLE = frozenset({"derived-cell-type"})


def values_of(view: ProfileView) -> dict[str, list[Value]]:
    if view.facet_values is None:  # computed once per profile: listings ask many times
        view.facet_values = {slug_: get(view) for slug_, _, _, _, get in FACETS}
    return view.facet_values


def build_facets(views: list[ProfileView]) -> list[Facet]:
    facets = []
    for slug_, title, description, vocab, _get in FACETS:
        facet = Facet(slug_, title, description, vocab=vocab,
                      order=STAGE_ORDER if slug_ == "stage" else ())
        members: dict[Value, list[ProfileView]] = {}
        for view in views:
            found = values_of(view)[slug_] or ([] if slug_ in WHERE_APPLICABLE else [UNREPORTED])
            for value in dict.fromkeys(found):  # each value once
                members.setdefault(value, []).append(view)

        def sort_key(item, facet=facet):
            value, group = item
            if value == UNREPORTED:
                return (2, 0, "")
            if facet.order:
                return (0, -facet.order.index(value.key), "")
            return (1, -len(group), value.label.lower())
        # the fullest spelling of each value names its group (English and Chinese, where any profile gives both)
        fullest = {}
        for view in views:
            for value in values_of(view)[slug_]:
                if len(value.label) > len(fullest.get(value.key, "")):
                    fullest[value.key] = value.label
        facet.groups = sorted(((Value(v.key, fullest.get(v.key, v.label)), g) for v, g in members.items()), key=sort_key)
        if slug_ == "developer":
            facet.links = _company_links(views, {v.key for v, _ in facet.groups})
        facets.append(facet)
    return facets


def _company_links(views: list[ProfileView], developers: set[str]) -> dict[str, list[tuple[str, Value, bool]]]:
    """Parent companies and subsidiaries, as sources state them: each developer's group names its
    parent, and a parent that develops products itself names its subsidiaries."""
    links: dict[str, list[tuple[str, Value, bool]]] = {}
    for view in views:
        for dev, child in zip(view.data.get("developers") or [], _developers(view), strict=True):
            parent = _parent_value(dev)
            if parent is None:
                continue
            how = relation(dev)
            if child.key != parent.key:  # as the pages write it: "Wholly owned subsidiary of ..."
                links.setdefault(child.key, []).append((f"{how} of".capitalize(), parent, parent.key in developers))
                if parent.key in developers:
                    links.setdefault(parent.key, []).append((f"parent company of ({how})".capitalize(), child, True))
    return {k: list(dict.fromkeys(v)) for k, v in sorted(links.items())}


def facet_links(view: ProfileView, here: routes.Route) -> list[tuple[str, str, Value, str]]:
    """(facet slug, facet title, value, a link from `here`, the profile's page, to the value's)
    for each facet value of a profile: the links at the top of its page. (Material's tags plugin
    did this before, but its tag index lists every page under every tag: 1.3 MB at 1,000 profiles.)"""
    by_slug = values_of(view)
    return [(slug_, title, value, here.href("value", facet=slug_, value=value_path(value.key)))
            for slug_, title, *_ in FACETS for value in by_slug[slug_]]


# A facet's page lists its values, each value's page its profiles, this many a page: one page of
# every profile under every value was 3,000 to 6,000 elements at 1,000 profiles, and a phone spent
# most of a second on their style and layout (README, Performance).
FACET_VALUES = 100
VALUE_ROWS = 100


def value_href(facet_slug: str, key: str) -> str:
    """The address of a value's first page, from the site's root."""
    return routes.url("value", facet=facet_slug, value=value_path(key))


class FacetSummary(NamedTuple):
    """A facet's row on the Browse page: its most common values, links relative to that page."""
    facet: Facet
    href: str
    values: list[tuple[Value, int, str]]  # (value, number of profiles, link to its page)
    more: int  # how many values the row leaves to the facet's page


def browse_index(facets: list[Facet], shown: int, here: routes.Route) -> list[FacetSummary]:
    return [FacetSummary(f, here.href("facet", facet=f.slug),
                         [(value, len(group), here.href("value", facet=f.slug, value=value_path(value.key)))
                          for value, group in f.groups[:shown]],
                         max(0, len(f.groups) - shown))
            for f in facets]


@dataclass
class BrowsePage:
    """One page of a facet's values (value is None) or of one value's profiles; hrefs relative to it."""
    rel: str
    to_root: str
    facet: Facet
    value: Value | None
    entries: list  # (value, how many profiles, href, links) on a facet's page; profiles on a value's
    first: int  # position of the first entry, from 1
    total: int  # entries over all pages
    number: int
    count: int
    pages: list  # (number, href or None for this page)
    previous: str | None
    next: str | None
    up: str  # the facet's page that lists this value, or the browse index
    links: list = field(default_factory=list)  # (relation, other value, href or None)

    @property
    def title(self) -> str:
        """The page's title, in the browser's tab and search results."""
        name = f"{self.facet.title}: {self.value.label}" if self.value else self.heading
        return name + (f", page {self.number} of {self.count}" if self.number > 1 else "")

    @property
    def heading(self) -> str:
        return f"Browse by {self.facet.title.lower()}"

    @property
    def paged(self) -> bool:
        return self.count > 1

    @property
    def last(self) -> int:
        """The position of the last entry, from 1."""
        return self.first + len(self.entries) - 1

    @property
    def counts(self) -> str:
        """How many values a facet has, or how many profiles a value."""
        return counted(self.total, "profile" if self.value else "value")

    @property
    def rows_show_stage(self) -> bool:
        return self.facet.slug != "stage"  # on a stage's page every profile is at that stage


def _pages(rels: list[str]) -> list[tuple[str, str, list, str | None, str | None]]:
    out = []
    for i, rel in enumerate(rels):
        to_root = routes.to_root(rel)
        hrefs = [to_root + routes.url_of(r) for r in rels]
        out.append((rel, to_root, [(n + 1, None if n == i else h) for n, h in enumerate(hrefs)],
                    hrefs[i - 1] if i else None, hrefs[i + 1] if i + 1 < len(rels) else None))
    return out


def browse_pages(facets: list[Facet]) -> list[BrowsePage]:
    """Each facet's pages of values, and each value's pages of profiles."""
    out = []
    for facet in facets:
        n_pages = max(1, -(-len(facet.groups) // FACET_VALUES))
        page_of = {value.key: i // FACET_VALUES + 1 for i, (value, _) in enumerate(facet.groups)}
        linked = set(page_of)
        rels = [routes.path("facet", n, facet=facet.slug) for n in range(1, n_pages + 1)]
        for number, (rel, to_root, pages, prev, nxt) in enumerate(_pages(rels), 1):
            start = (number - 1) * FACET_VALUES
            entries = [(value, counted(len(group), "profile"), to_root + value_href(facet.slug, value.key),
                        [(rel_, other, to_root + value_href(facet.slug, other.key) if other.key in linked else None)
                         for rel_, other, _ in facet.links.get(value.key, [])])
                       for value, group in facet.groups[start:start + FACET_VALUES]]
            out.append(BrowsePage(rel, to_root, facet, None, entries, start + 1, len(facet.groups), number, n_pages,
                                  pages, prev, nxt, to_root + routes.url("browse")))
        for value, group in facet.groups:
            v_pages = max(1, -(-len(group) // VALUE_ROWS))
            rels = [routes.path("value", n, facet=facet.slug, value=value_path(value.key)) for n in range(1, v_pages + 1)]
            for number, (rel, to_root, pages, prev, nxt) in enumerate(_pages(rels), 1):
                start = (number - 1) * VALUE_ROWS
                up = to_root + routes.url("facet", page_of[value.key], facet=facet.slug) + f"#{value.key}"
                links = [(rel_, other, to_root + value_href(facet.slug, other.key) if other.key in linked else None)
                         for rel_, other, _ in facet.links.get(value.key, [])]
                out.append(BrowsePage(rel, to_root, facet, value, group[start:start + VALUE_ROWS], start + 1, len(group),
                                      number, v_pages, pages, prev, nxt, up, links))
    return out


RELATED_BY = (("indication", "same indication"), ("developer", "same developer"), ("cell-type", "same cell type"))


def related(views: list[ProfileView], limit: int = 5) -> dict[str, list[tuple[ProfileView, list[str]]]]:
    """For each profile, others sharing an indication, developer or cell type: most shared first,
    then by title. Through an index of who holds each value, not by comparing every pair: a
    profile sharing two or more facets shares an indication or a developer (small groups), and
    of those sharing only the cell type (a group that can hold most profiles) the first few by
    title are all that can be shown."""
    holders: dict[tuple[str, str], list[ProfileView]] = {}
    by_title = sorted(views, key=lambda v: (v.title.lower(), v.id))
    rank = {v.id: i for i, v in enumerate(by_title)}  # sorting by a number, not by titles, per profile
    facet_values = [(v, [(facet, why, [value.key for value in values_of(v)[facet]]) for facet, why in RELATED_BY])
                    for v in views]
    for v in by_title:
        for facet, _why in RELATED_BY:
            for value in values_of(v)[facet]:
                holders.setdefault((facet, value.key), []).append(v)
    out = {}
    for v, facets in facet_values:
        shared: dict[str, tuple[ProfileView, list[str]]] = {}
        for facet, why, keys in facets:
            for key in keys:
                group = holders[(facet, key)]
                if facet == "cell-type":
                    group = group[: limit + 1 + len(shared)]
                for other in group:
                    if other is not v:
                        entry = shared.get(other.id)
                        if entry is None:
                            shared[other.id] = (other, [why])
                        elif why not in entry[1]:
                            entry[1].append(why)
        found = sorted(shared.values(), key=lambda item: (-len(item[1]), rank[item[0].id]))
        out[v.id] = [(other, [why for _f, why in RELATED_BY if why in reasons]) for other, reasons in found[:limit]]
    return out
