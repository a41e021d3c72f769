"""check -> model -> render -> write: the whole generator step, shared by the CLI and the MkDocs hook."""
from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .cache import Cache, Memory
from .check import check_project
from .context import Context
from .history import last_edited
from .model import ProfileView, site_views
from .problems import Problem
from .project import Project
from .render import listing_outputs, profile_outputs
from .sources import Source
from .write import Written, write_outputs


@dataclass
class BuildOutcome:
    problems: list[Problem] = field(default_factory=list)
    profiles: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def build(project: Project, site_url: str | None = None) -> BuildOutcome:
    """One build, as `python -m generator build` and `mkdocs build` run it. `site_url` (default:
    $SITE_URL) makes feed links absolute; nothing else depends on it."""
    return Generator(project, site_url).build()


@contextmanager
def _collector_paused() -> Iterator[None]:
    # A build makes millions of small objects (every profile's data, its view, its page) and
    # frees them at the end; CPython's cycle collector would walk them all again and again while
    # they are built: a third of the build's time at 1,000 profiles. Nothing here depends on
    # reference cycles; the few that Jinja leaves wait for the collector until the build ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass
class _Listings:
    """The listings (listing_outputs) and what they were rendered from: `key` stands for all of it
    (every view's cache key, last-edited date and developers' Chinese names; the cache's fingerprint
    holds the sources, context files, templates and code), None when there is no cache."""
    key: str | None
    outputs: dict[str, bytes] | None = None
    views: list[ProfileView] | None = None
    sources: dict[str, Source] | None = None
    site_url: str = ""
    context: Context | None = None


class Generator:
    """The generator step of one process. `build` checks, models, renders and writes the site.

    A long-running `mkdocs serve` keeps one Generator for all its rebuilds (`remember=True`): it
    then keeps the cache's entries and every input file's digest in memory (cache.Memory), and
    what it last wrote (write.Written), so an edit reads, checks and renders only what it changed.
    The listings (every page that lists profiles: overview, browse, timeline, sources...) show
    every profile, so any edit to a profile renders them all again: `build(listings_later=True)`
    writes the profile pages and keeps the listings of the build before, and `render_listings`,
    which `mkdocs serve` calls once the edited page shows, brings them up to date for the next
    build to write. Without `listings_later` (every `mkdocs build`, and the first build of a
    server), a build writes the whole site as one.
    """

    def __init__(self, project: Project, site_url: str | None = None, remember: bool = False):
        self.project = project
        self.site_url = os.environ.get("SITE_URL", "") if site_url is None else site_url
        self._memory = Memory() if remember else None
        self._written = Written() if remember else None
        self._listings: _Listings | None = None  # the listings on disk, when remembering
        self._pending: _Listings | None = None  # what the next render_listings renders

    @property
    def listings_pending(self) -> bool:
        """Whether the listings on disk are older than the last build's profiles."""
        return self._pending is not None

    def build(self, listings_later: bool = False) -> BuildOutcome:
        self._pending = None
        with _collector_paused():
            with Cache.open(self.project, self._memory) as cache:
                result = check_project(self.project, cache)
                if result.problems:
                    return BuildOutcome(problems=result.problems)  # nothing is written from bad data
                views = site_views(result.profiles, result.sources, last_edited(self.project.root), cache)
                outputs = profile_outputs(views, result.sources, result.context, cache)
                cache.complete()
                key = cache.key("listings", self.site_url,
                                [(v.key, v.last_edited, v.developer_zh) for v in views]) if all(v.key for v in views) else None
            wanted = _Listings(key, None, views, result.sources, self.site_url, result.context)
            known = self._listings
            if known is not None and key is not None and known.key == key:
                listings = known.outputs
            elif listings_later and known is not None and key is not None:
                listings, self._pending = known.outputs, wanted  # until render_listings
            else:
                listings = self._render(wanted)
            stats = write_outputs(self.project.docs_dir, {**listings, **outputs}, self._written)
        pages = sum(1 for rel in (*listings, *outputs) if rel.endswith(".md"))
        return BuildOutcome([], len(views), pages, stats.written, stats.unchanged, stats.removed)

    def render_listings(self) -> bool:
        """Render the listings the last build left for later; whether they differ from those on
        disk (then the next build writes them)."""
        pending, self._pending = self._pending, None
        if pending is None:
            return False
        with _collector_paused():
            before = self._listings.outputs if self._listings else None
            return self._render(pending) != before

    def _render(self, wanted: _Listings) -> dict[str, bytes]:
        outputs = listing_outputs(wanted.views, wanted.sources, wanted.site_url, wanted.context)
        if self._written is not None:  # remembered (without the views: the next build has its own)
            self._listings = _Listings(wanted.key, outputs)
        return outputs
