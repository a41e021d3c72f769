"""Validated profiles -> plain data the templates read. All decisions live here, none in templates.

Citations are numbered per page in the order the page shows them, so every fact links to
a numbered note under "Sources" that shows the document and the quoted words.
"""
from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, replace
from functools import lru_cache

from markupsafe import Markup

from . import routes
from .cache import Cache
from .companies import chinese_name, chinese_names
from .project import SOURCES_SCHEMA_PATH
from .sources import Source, normalise, online_problem, stated
from .provenance import summary
from .schema import STAGE_ORDER, labels, schema
from .validate import Profile

# The order of sections on a profile page; citations are numbered in this order too.
SECTION_ORDER = (
    "summary", "names", "developers", "cells", "product", "manufacturing", "indications",
    "regulatory", "development", "identifiers", "trials", "people", "institutions",
    "milestones", "claims", "financials", "notes",
)
NOT_REPORTED = "not reported"  # what every page says where the sources are silent


def counted(n: int, noun: str) -> str:
    """'1 profile', '2 profiles'."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


@lru_cache(maxsize=1)
def labels_zh() -> dict[str, dict[str, str]]:
    """Chinese labels for every controlled vocabulary, from the schema: shown beside a profile's
    English ones, so a reader searching 脐带 or 默示许可 finds the profiles they describe."""
    s = schema()
    out = {name: d["x-labels-zh"] for name, d in s["$defs"].items() if "x-labels-zh" in d}
    out["donor_type"] = s["properties"]["cells"]["properties"]["donor_type"]["x-labels-zh"]
    return out


def zh_terms(data: dict) -> list[str]:
    """The Chinese labels of a profile's vocabulary values, in page order, each once."""
    zh = labels_zh()
    cells = data.get("cells") or {}
    pairs = [(k, cells.get(k)) for k in ("cell_type", "derived_cell_type", "tissue_source", "donor_type")]
    pairs += [("therapeutic_area", a) for i in data.get("indications") or [] for a in i["therapeutic_areas"]]
    pairs += [("pathway", data["regulatory"]["pathway"])]
    pairs += [("designation", d) for d in data["regulatory"].get("designations") or []]
    pairs += [("stage", data["development"]["stage"]), ("status", data["development"]["status"])]
    pairs += [("identifier_type", i["type"]) for i in data.get("identifiers") or []]
    pairs += [("event_type", m["event"]) for m in data.get("milestones") or []]
    return list(dict.fromkeys(zh[k][v] for k, v in pairs if v and v != "other"))


@lru_cache(maxsize=1)
def source_kinds() -> dict[str, str]:
    return json.loads(SOURCES_SCHEMA_PATH.read_text(encoding="utf-8"))["additionalProperties"]["properties"]["kind"]["x-labels"]


@dataclass
class Note:
    n: int
    source: str
    quote: str | None
    label: str
    href: str  # relative to the page that shows the note; to the quoted paragraph when found
    page: str = ""  # the source's own page, for URL sources the URL itself
    paragraph: int | None = None
    last_paragraph: int | None = None  # where the quote ends, when it runs on into later paragraphs
    title: str = ""
    outlet: str = ""
    published: str = ""
    kind: str = ""  # who publishes the source, as its label (Regulator, Trade press, ...)
    at: str = ""  # web pages: where on the page the fact stands
    url: str = ""  # web pages: the page itself
    accessed: str = ""
    checked_online: str = ""  # web pages: the day `check --online` last read the page, if ever
    online_result: str = ""

    @property
    def stated_outlet(self) -> str:
        return stated(self.outlet)

    @property
    def name(self) -> str:
        """The source in a few words, where a line names it: its outlet, or its label where it
        states none."""
        return self.stated_outlet or self.label

    @property
    def stated_published(self) -> str:
        return stated(self.published)

    @property
    def online_problem(self) -> str:
        """What the last online check found wrong with a web page, if it found anything."""
        return online_problem(self.online_result)

    @property
    def found_online(self) -> bool:
        return bool(self.checked_online) and self.online_result == "ok"


class Citations:
    def __init__(self, sources: dict[str, Source], to_root: str):
        self.sources, self.to_root = sources, to_root
        self.notes: list[Note] = []
        self._numbers: dict[tuple, int] = {}

    def refs(self, cite: list) -> list[int]:
        numbers = []
        for c in cite:
            quote, at = c.get("quote"), c.get("at")
            key = (c["source"], normalise(quote) if quote else None, at)
            if key not in self._numbers:
                self._numbers[key] = len(self.notes) + 1
                self.notes.append(self._note(len(self.notes) + 1, c["source"], quote, at))
            if self._numbers[key] not in numbers:
                numbers.append(self._numbers[key])
        return numbers

    def _note(self, n: int, ref: str, quote: str | None, at: str | None) -> Note:
        s = self.sources[ref]
        page = self.to_root + routes.url("source", slug=s.slug)
        common = dict(page=page, title=s.title, outlet=s.outlet, published=s.published,
                      kind=source_kinds()[s.kind])
        if s.is_web:
            return Note(n, ref, None, s.label, ref, at=at or "", url=ref, accessed=s.accessed,
                        checked_online=s.checked_online, online_result=s.online_result, **common)
        paragraph, last = (s.locate(quote) if quote else None) or (None, None)
        anchor = f"#p-{paragraph}" if paragraph else ""
        return Note(n, ref, quote, s.label, page + anchor, paragraph=paragraph,
                    last_paragraph=last if last != paragraph else None, **common)


def _copy(data):
    """A deep copy of plain YAML data (dicts, lists, text, numbers): pickle's C code is many
    times faster than copy.deepcopy."""
    return pickle.loads(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


def group_notes(notes: list[Note]) -> list[list[Note]]:
    """Notes grouped by document, documents in order of first citation."""
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.source, []).append(note)
    return list(groups.values())


def _attach_refs(value, citations: Citations) -> None:
    """Give every object with `cite` a `refs` list of note numbers, depth first in page order."""
    if isinstance(value, dict):
        if isinstance(value.get("cite"), list):
            value["refs"] = citations.refs(value["cite"])
        for k, v in value.items():
            if k not in ("cite", "refs"):
                _attach_refs(v, citations)
    elif isinstance(value, list):
        for v in value:
            _attach_refs(v, citations)


def developer_name(dev: dict) -> str:
    name = dev.get("short_name") or dev.get("name") or dev.get("name_zh")
    if name:
        return name
    parent = dev.get("parent") or dev.get("parent_zh")
    relation = labels()["relationship"].get(dev.get("relationship", ""), "company")
    return f"A {relation} of {parent}"


def relation(dev: dict) -> str:
    """How a developer relates to the parent a source names: its label, or "part" where the source
    does not say."""
    return labels()["relationship"].get(dev.get("relationship", ""), "part")


def page_title(data: dict) -> str:
    devs = [developer_name(d) for d in data.get("developers") or []]
    name = data["names"]["en"]
    short = [d for d in devs if not d.startswith("A ")]
    return f"{name} ({', '.join(short)})" if short else name


def split_paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


@dataclass
class ProfileView:
    id: str
    file: str
    url: str  # site-relative, e.g. profiles/vum02-ppf/
    title: str
    data: dict  # the profile with `refs` added
    source_data: dict  # the profile exactly as validated, for the data exports
    notes: list[Note]
    developers: list[str]
    indications: list[str]
    cell: str  # empty when not reported
    stage: str
    status: str
    identifiers: list[dict]
    latest_milestone: dict | None
    milestones: list[dict]
    zh_terms: list[str]  # the Chinese labels of its vocabulary values
    marks: dict | None = None  # field path -> the verification mark its value carries (see MARKS)
    provenance: dict | None = None  # counts of values checked, cited but not verified, free text
    last_edited: str = ""  # from git history, set by site_views; empty when it cannot be known for sure
    facet_values: dict | None = None  # filled in by facets.values_of
    # per developer, the Chinese legal name it is known by: its own, or the one another profile
    # gives beside the same English name (set by site_views, which sees every profile)
    developer_zh: list[str] | None = None
    key: str | None = None  # the profile's cache key (see Profile.key)
    # what its page decides to show, beside the profile's own data
    developer_short_names: list[str] | None = None  # per developer, a short name other than its name
    developer_relations: list[str] | None = None  # per developer with a parent: how it relates to it
    gene_modified: str = ""  # Yes or No, where a source says
    trial_titles: list[str] | None = None  # each trial's own title, else Trial 1, Trial 2...
    trial_enrollments: list[Markup] | None = None  # each trial's enrollment, with its marks; empty: not reported
    identifier_columns: tuple[bool, bool] = (False, False)  # whether the table shows indications, descriptions

    @property
    def notes_by_source(self) -> list[list[Note]]:
        return group_notes(self.notes)


# The marks beside values: a value the build found in a quote of its block's cited documents, and
# one cited to a web page (which the build cannot read). Free text carries none. A mark is an
# <abbr> of what it means, as the site's other abbreviations are: Material's tooltips show its
# title on hover and keyboard focus, and screen readers read it; the legend on every profile page
# says the same. Kept this short because a page carries dozens of them within its size budget
# (README, Performance); CSS styles them by their title.
MARK_TITLES = {"verified": "checked against its quote", "cited": "cited, not verified"}
MARKS = {kind: Markup('<abbr title="%s">%s</abbr>') % (MARK_TITLES[kind], sign)
         for kind, sign in (("verified", "✓"), ("cited", "○"))}
# What the search index leaves out of a page (Pagefind's --exclude-selectors; an attribute on each
# mark would cost page bytes): written against its value, a mark made a second word of it
# ("syn00004○") in the index. By the title's first word: Pagefind 1.5 matches nothing with a
# selector whose attribute value holds a space, quoted or not.
UNINDEXED = tuple(f"abbr[title^={title.split()[0].rstrip(',')}]" for title in MARK_TITLES.values())


def _marks(profile: Profile) -> dict[str, Markup]:
    """Field path -> mark; a list's path (names.aliases) gets one mark for its whole row: ✓ when
    every item is checked, ○ when each is checked or cited, none otherwise."""
    kinds = {path: "verified" for path in profile.provenance.verified}
    kinds.update((path, "cited") for path in profile.provenance.cited)
    rows: dict[str, set] = {}
    for path, kind in kinds.items():
        if path.endswith("]"):
            rows.setdefault(path[:path.rindex("[")], set()).add((path, kind))
    out = {path: MARKS[kind] for path, kind in kinds.items()}
    data = profile.data
    for row, items in rows.items():
        if len(items) == _length(data, row):
            out[row] = MARKS["verified" if all(k == "verified" for _, k in items) else "cited"]
    return out


def _length(data, dotted: str) -> int:
    """How many items the list at a field path (as field_path writes it) holds."""
    node = data
    for part in dotted.replace("[", ".[").split("."):
        if part.startswith("["):
            node = node[int(part[1:-1])]
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return -1
    return len(node) if isinstance(node, list) else -1


def date_basis(milestone: dict, sources: dict[str, Source]) -> str:
    """How a milestone's date was derived, where not all of it stands in the text: shown beside
    the date wherever it appears (profile, timeline, feed, CSV)."""
    ref = milestone.get("year_from")
    if not ref:
        return ""
    s = sources.get(ref)
    return f"day and month from the text; year from the source's date line, {s.published if s else ref}"


def profile_view(profile: Profile, sources: dict[str, Source]) -> ProfileView:
    data = _copy(profile.data)
    for i, m in enumerate(data.get("milestones") or []):
        m["index"] = i  # its place in the file, by which its marks are found once sorted by date
        if m.get("year_from"):
            m["date_basis"] = date_basis(m, sources)
    page = routes.route("profile", id=profile.id)
    citations = Citations(sources, to_root=page.to_root)
    for key in SECTION_ORDER:
        if key in data:
            _attach_refs(data[key], citations)
    lab = labels()
    cells = data.get("cells") or {}
    cell_parts = [lab["cell_type"].get(cells.get("cell_type"), ""), lab["tissue_source"].get(cells.get("tissue_source"), "")]
    milestones = sorted(data.get("milestones") or [], key=lambda m: m["date"])
    indications = [i["name"] + (f" ({i['abbreviation']})" if i.get("abbreviation") else "") for i in data.get("indications") or []]
    marks = _marks(profile)
    developers = data.get("developers") or []
    trials = data.get("trials") or []
    identifiers = data.get("identifiers") or []
    return ProfileView(
        id=profile.id,
        file=profile.file,
        url=page.url,
        title=page_title(data),
        data=data,
        source_data=profile.data,
        notes=citations.notes,
        developers=[developer_name(d) for d in data.get("developers") or []],
        indications=indications,
        cell=", ".join(p for p in cell_parts if p),
        stage=lab["stage"][data["development"]["stage"]],
        status=lab["status"][data["development"]["status"]],
        identifiers=identifiers,
        latest_milestone=milestones[-1] if milestones else None,
        milestones=milestones,
        zh_terms=zh_terms(data),
        marks=marks,
        provenance=summary(profile.provenance),
        key=profile.key,
        developer_short_names=[d.get("short_name", "") if d.get("short_name") != d.get("name") else "" for d in developers],
        developer_relations=[relation(d) if d.get("parent") or d.get("parent_zh") else "" for d in developers],
        gene_modified={True: "Yes", False: "No"}.get(cells.get("gene_modified"), ""),
        trial_titles=[t.get("title") or f"Trial {n}" for n, t in enumerate(trials, 1)],
        trial_enrollments=[_enrollment(t.get("enrollment") or {}, marks, f"trials[{n}].enrollment.")
                           for n, t in enumerate(trials)],
        identifier_columns=(any(i.get("indication") for i in identifiers), any(i.get("description") for i in identifiers)),
    )


def _enrollment(e: dict, marks: dict, path: str) -> Markup:
    """A trial's enrollment as its page shows it: "target 60✓; 58✓ enrolled" and the source's note."""
    parts = []
    if e.get("target"):
        parts.append(Markup("target %s%s") % (e["target"], marks.get(path + "target", "")))
    if e.get("actual") is not None:
        parts.append(Markup("%s%s enrolled") % (e["actual"], marks.get(path + "actual", "")))
    text = Markup("; ").join(parts)
    return text + Markup(" %s") % e["note"] if e.get("note") else text


def site_views(profiles: list[Profile], sources: dict[str, Source], edited: dict[str, str] | None = None,
               cache: Cache | None = None) -> list[ProfileView]:
    """All profiles, ordered by stage (furthest first) and then by title, for stable listings.
    A view depends on its profile, the sources and the schema's labels only, so it is cached
    under the profile's key (without the validated data, which the profile holds already); each
    build then has its own copy, with what it sets from every profile."""
    edited, cache = edited or {}, cache or Cache.disabled()
    views = []
    for p in profiles:
        kept = cache.get_or_compute(cache.key("view", p.key) if p.key else None,
                                    lambda p=p: replace(profile_view(p, sources), source_data=None))
        views.append(replace(kept, source_data=p.data, last_edited=edited.get(p.file, "")))
    known = chinese_names(d for view in views for d in view.data.get("developers") or [])
    for view in views:
        view.developer_zh = [chinese_name(d, known) for d in view.data.get("developers") or []]
    views.sort(key=lambda v: (-STAGE_ORDER.index(v.data["development"]["stage"]), v.title.lower(), v.id))
    return views


@dataclass
class SourceView:
    source: Source
    cited_by: list[tuple[ProfileView, int]]  # profile, number of its notes on this source
    quoted: set[int]  # paragraphs that some profile quotes
    kind: str = ""  # the kind's label
    places: list[tuple[ProfileView, list[str]]] | None = None  # web pages: where on it each profile's facts stand

    @property
    def citing(self) -> str:
        return counted(len(self.cited_by), "profile")

    @property
    def held(self) -> str:
        """What the tracker holds of the source: a web page's text is never copied."""
        return "web page" if self.source.is_web else "archived"

    @property
    def what(self) -> str:
        return "web page" if self.source.is_web else "document"

    @property
    def files(self) -> str:
        """The files in the repository that the source's pages are made from."""
        return "seeds/sources.yaml" + ("" if self.source.is_web else f" and seeds/{self.source.file}")

    @property
    def online_finding(self) -> str:
        """What the last online check of a web page found: a problem, or that its values stood."""
        return self.source.online_problem or "its cited identifiers, dates and names were found on the page"

    @property
    def paragraphs(self) -> list[tuple[int, str, bool]]:
        """A document's paragraphs: (number from 1, text, whether some profile quotes it)."""
        return [(n, text, n in self.quoted) for n, text in enumerate(self.source.paragraphs, 1)]


def source_views(sources: dict[str, Source], views: list[ProfileView]) -> list[SourceView]:
    # Each profile's notes grouped by source once: asking every profile about every source was
    # a quarter of the generator's listings at 1,000 profiles (205 sources x 1,000 profiles).
    by_source: dict[str, list[tuple[ProfileView, list[Note]]]] = {}
    for view in views:
        for notes in view.notes_by_source:
            by_source.setdefault(notes[0].source, []).append((view, notes))
    out = []
    for name in sorted(sources):
        cited_by, quoted, places = [], set(), []
        for view, notes in by_source.get(name, ()):
            cited_by.append((view, len(notes)))
            if sources[name].is_web:
                places.append((view, sorted({n.at for n in notes})))
            for n in notes:
                if n.paragraph:
                    quoted.update(range(n.paragraph, (n.last_paragraph or n.paragraph) + 1))
        out.append(SourceView(sources[name], cited_by, quoted, source_kinds()[sources[name].kind], places))
    return out


@dataclass
class ContextView:
    intro: str
    sections: list[dict]  # each statement gains `refs`
    notes: list[Note]
    glossary: list[tuple[str, dict]]  # sorted by term, case-insensitively; entries gain `refs`
    glossary_notes: list[Note]
    provenance: object = None  # citations.Provenance of the context files, for the report


def context_view(context, sources: dict[str, Source]) -> ContextView:
    regulatory = _copy(context.regulatory or {})
    citations = Citations(sources, to_root=routes.to_root(routes.path("regulatory")))
    for section in regulatory.get("sections") or []:
        for statement in section["statements"]:
            statement["refs"] = citations.refs(statement["cite"])
    glossary = _copy(context.glossary or {})
    glossary_citations = Citations(sources, to_root=routes.to_root(routes.path("glossary")))
    for entry in glossary.values():
        if entry.get("cite"):
            entry["refs"] = glossary_citations.refs(entry["cite"])
    return ContextView(regulatory.get("intro", ""), regulatory.get("sections") or [], citations.notes,
                       sorted(glossary.items(), key=lambda kv: kv[0].lower()), glossary_citations.notes,
                       getattr(context, "provenance", None))


# The tracker's own counts that context/coverage.yaml's public figures are set beside (its schema
# describes each): how much of the public record the tracker holds.
_CLEARED = STAGE_ORDER.index("ind-approved")
COVERAGE_COUNTS = {
    "drug-registration": lambda d: d["regulatory"]["pathway"] == "drug-registration",
    "cleared-for-trials": lambda d: (d["regulatory"]["pathway"] == "drug-registration"
                                     and d["development"]["stage"] != "clinical-research"
                                     and STAGE_ORDER.index(d["development"]["stage"]) >= _CLEARED),
    "approved": lambda d: d["development"]["stage"] in ("approved-conditional", "approved"),
}


@dataclass
class Figure:
    statement: str
    value: int
    as_of: str
    tracker: int  # the tracker's own count of the same thing
    notes: list[Note]  # where the figure comes from


def coverage_view(coverage: dict, views: list[ProfileView], sources: dict[str, Source]) -> list[Figure]:
    figures = []
    for figure in coverage.get("figures") or []:
        citations = Citations(sources, to_root=routes.to_root(routes.path("home")))  # shown on the home page
        citations.refs(figure["cite"])
        count = COVERAGE_COUNTS[figure["compare"]]
        figures.append(Figure(figure["statement"], figure["value"], figure["as_of"],
                              sum(1 for v in views if count(v.data)), citations.notes))
    return figures
