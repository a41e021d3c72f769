"""MkDocs hook: run the generator before every build, so `mkdocs serve` follows YAML edits
(watching what a contributor edits, not what the generator writes), and point each page's
"edit" button at the file a contributor should change.

The generator writes only files whose bytes changed, and the watcher ignores what it writes
(on_serve), so a build does not wake the watcher again. A profile with problems stops the build
with the same messages as `python -m generator check`; under `mkdocs serve` the site is built
anyway, from the last good pages, with those messages on every page and in place of each
profile that has them, so the browser shows what to fix instead of a page silently stale.
"""
from __future__ import annotations

import gc
import html
import logging
import mimetypes
import re
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from generator import routes  # noqa: E402
from generator.build import Generator  # noqa: E402
from generator.cache import template_cache  # noqa: E402
from generator.project import Project  # noqa: E402


_log = logging.getLogger("mkdocs.hooks.generator")
PROBLEM_PAGE = """---
title: Problems to fix
---

# Problems to fix

{body}
"""
_ARTICLE = '<article class="md-content__inner md-typeset">'
LISTINGS_AFTER = 1.0  # seconds between an edit's page showing and its listings' rendering (see _render_listings)


class GeneratorHook:
    """The hook's state, on one object: MkDocs loads a hook once per process, so under `mkdocs
    serve` it lives through every rebuild. The module's hook functions are this object's methods."""

    def __init__(self) -> None:
        self.serving = False  # `mkdocs serve` (never `build`): problems are shown in the browser
        # `mkdocs serve --dirty` rebuilds only the pages whose Markdown changed and deletes nothing;
        # the hook then takes out of the site what the generator no longer makes (on_post_build).
        # Under `mkdocs serve` every rebuild is dirty (see on_serve).
        self.dirty = False
        self.generator: Generator | None = None  # one for every build of the process (see on_config)
        self.server = None  # `mkdocs serve`'s server, once it serves
        self.listings: threading.Thread | None = None  # rendering the listings in the background
        self.cancel = threading.Event()  # a build is waiting: a listings thread not yet started gives way
        # The problems of the last generator run, shown in the browser under `mkdocs serve`. The
        # generator writes nothing from bad data, so the rest of the site is the last good one.
        self.problems: list[str] = []
        self.every_page = False  # problems appeared or went: every page changes (their banner)
        self.site_files: set[str] = set()  # what this build makes
        self.built_files: set[str] | None = None  # what the build before in this process made, once known
        self.marked = None  # the navigation entry marked for the page being rendered
        self.theme_files: tuple[list[str], list[str]] | None = None  # the theme's folders and their files

    def on_startup(self, command, dirty, **kwargs):
        self.dirty = dirty or command == "serve"
        self.serving = command == "serve"

    def on_config(self, config, **kwargs):
        # The repository is only known where the site is built for publishing (SITE_REPO_URL,
        # set by the workflows); without it there are no edit links rather than wrong ones.
        if not config.get("repo_url"):
            config["edit_uri"] = None
            config["edit_uri_template"] = None
        # MkDocs loads the configuration anew for every build, `mkdocs serve` rebuilds included,
        # so this is the one place the generator runs. Under `mkdocs serve` one Generator keeps
        # what it read and rendered between rebuilds; a `mkdocs build` starts afresh.
        if self.serving:
            self._list_theme_once(config.theme)
        project = Project(Path(config["config_file_path"]).resolve().parent)
        if self.generator is None or self.generator.project != project or not self.serving:
            self.generator = Generator(project, remember=self.serving)
        self._wait_for_listings()
        # Once the server serves, an edit's page is built first and the listings after it (see
        # on_post_build): every listing shows every profile, and at 1,000 profiles rendering them
        # all again was most of the generator's time for each edit.
        outcome = self.generator.build(listings_later=self.server is not None)
        # problems appearing or going change every served page (their banner), not only the Markdown
        # the generator rewrote: a dirty rebuild (on_serve) then builds every page (on_files)
        self.every_page = bool(self.problems) or bool(outcome.problems)
        self.problems = [str(p) for p in outcome.problems]
        if self.problems and not self.serving:
            raise Abort("profiles have problems:\n" + "\n".join(self.problems))
        if self.problems:
            _log.error("profiles have problems (shown on every served page until fixed):\n" + "\n".join(self.problems))
        return config

    def _list_theme_once(self, theme) -> None:
        """Every build lists all 14,500 files of the theme's folders (Material's icons among them)
        to find the 43 it copies into the site: 45 ms of CPU for each `mkdocs serve` rebuild, at
        any size. The theme's files do not change while serving (restart after changing
        overrides/, README), so under `mkdocs serve` they are listed once."""
        get_env = theme.get_env

        def get_env_listed_once():
            env = get_env()
            if self.theme_files is None or self.theme_files[0] != theme.dirs:
                self.theme_files = (list(theme.dirs), env.loader.list_templates())
            names = self.theme_files[1]
            env.loader.list_templates = lambda: list(names)
            return env
        theme.get_env = get_env_listed_once

    def _problem_list(self) -> str:
        items = "".join(f"<li><code>{html.escape(p, quote=False)}</code></li>" for p in self.problems)  # element content: < > & suffice
        return ('<div class="cst-problems" role="alert" data-pagefind-ignore>'
                f"<p><strong>{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} to fix.</strong> "
                "The site is not rebuilt from the data until they are fixed: every other page is from the last "
                "build without problems. Save a fix and this page updates.</p>"
                f"<ul>{items}</ul></div>")

    def _problem_pages(self, files, config) -> None:
        """Each profile with problems, and the home page when there is none yet, shows the problems."""
        body = PROBLEM_PAGE.format(body=self._problem_list())
        home = routes.path("home")
        wanted = {home} if files.get_file_from_path(home) is None else set()
        for problem in self.problems:
            folder, _, name = problem.split(":", 1)[0].rpartition("/")
            profile_id = name.removesuffix(".yaml")
            if folder == "profiles" and name.endswith(".yaml") and routes.valid("id", profile_id):
                wanted.add(routes.path("profile", id=profile_id))
        for src in sorted(wanted):
            old = files.get_file_from_path(src)
            if old is not None:
                files.remove(old)
            files.append(File.generated(config, src, content=body))

    def on_files(self, files, config, **kwargs):
        docs = Path(config["docs_dir"]).resolve().relative_to(Path(config["config_file_path"]).resolve().parent).as_posix()
        for file in files.documentation_pages():
            src = file.src_uri
            if routes.generated(src.split("/", 1)[0]):
                file.edit_uri = routes.edit_file(src)  # a profile's YAML, not its page; a listing: none
            else:
                file.edit_uri = f"{docs}/{src}"
        if self.problems:
            self._problem_pages(files, config)
        if self.dirty and self.every_page:
            for file in files.documentation_pages():
                file.is_modified = _modified  # what MkDocs asks, under --dirty, before building a page
        return files

    def on_serve(self, server, config, builder, **kwargs):
        # The source documents (sources/*.txt) are UTF-8, some in Chinese; MkDocs' server sends
        # text/plain without a charset, and browsers then read them as Windows-1252. GitHub Pages
        # says UTF-8 itself.
        mimetypes.add_type("text/plain; charset=utf-8", ".txt")
        _dirty_rebuilds()
        self.server = server
        # What the first build left is what the server keeps (the generator's results, millions of
        # objects at 1,000 profiles): the cycle collector's full passes walked all of it again,
        # 0.45 s in the middle of a rebuild now and then. Collected once here, then frozen, the
        # collector walks only what each rebuild makes.
        gc.collect()
        gc.freeze()
        return _watch_inputs(server, config)

    def on_page_context(self, context, page, config, nav, **kwargs):
        self.marked = _section(page, nav)
        if self.marked is not None:
            self.marked.active = True  # Material colours an active entry's link; undone once the page is rendered
        return context

    def on_post_page(self, output, page, config, **kwargs):
        if self.marked is not None:
            self.marked.active = False
            self.marked = None
        if self.problems and 'class="cst-problems"' not in output:
            # on every other page too: the reader may be looking at any of them when an edit breaks
            banner = self._problem_list()
            if _ARTICLE in output:
                output = output.replace(_ARTICLE, _ARTICLE + banner, 1)
            else:
                output = re.sub(r"<body[^>]*>", lambda m: m.group(0) + banner, output, count=1)
        return output

    def on_env(self, env, config, files, **kwargs):
        self.site_files = {file.dest_uri for file in files}
        # Material's templates compiled once, beside the generator's, instead of at every build (every
        # `mkdocs serve` rebuild makes a new environment); Jinja checks each against its source.
        env.bytecode_cache = template_cache()
        return env

    def on_post_build(self, config, **kwargs):
        if self.dirty:
            self._remove_stale(Path(config["site_dir"]))
        if self.server is not None and self.generator is not None and self.generator.listings_pending:
            self.listings = threading.Thread(target=self._render_listings, name="listings", daemon=True)
            self.listings.start()

    def _remove_stale(self, site: Path) -> None:
        """Under --dirty, remove from the site the generated pages and data that no longer have a
        source (a deleted or renamed profile's page and JSON), so they are neither served nor indexed
        for search (Pagefind's hook runs after this one)."""
        if self.built_files is not None:  # `mkdocs serve`: what the build before made and this one did not
            gone = sorted(self.built_files - self.site_files)
            self.built_files = set(self.site_files)
            for rel in gone:
                if routes.generated(rel.split("/", 1)[0]):
                    (site / rel).unlink(missing_ok=True)
                    for folder in (site / rel).parents:  # and the folders that leaves empty
                        if folder == site or any(folder.iterdir()):
                            break
                        folder.rmdir()
            return
        self.built_files = set(self.site_files)
        for top in routes.OWNED_DIRS:
            for path in sorted((site / top).rglob("*"), reverse=True):  # files before their folders
                if path.is_file() and path.relative_to(site).as_posix() not in self.site_files:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()

    def _render_listings(self) -> None:
        """In the background, once the edited page shows: the listings of the last build's
        profiles; where they changed, a rebuild writes them and builds their pages (as an edit
        would, through the server's own rebuild loop). It first gives the browser LISTINGS_AFTER
        seconds to reload the edited page, which this thread's second of Python work would slow
        down (one process, one interpreter lock); a build that starts meanwhile (another edit)
        cancels it, and renders the listings after itself instead."""
        if self.cancel.wait(LISTINGS_AFTER):
            return
        try:
            changed = self.generator.render_listings()
        except Exception:  # noqa: BLE001 (the server goes on; the next edit renders them again)
            _log.exception("rendering the listings failed")
            return
        if changed:
            _log.info("Listings changed: building their pages")
            with self.server._rebuild_cond:  # what the server's file watcher does on a change
                self.server._want_rebuild = True
                self.server._rebuild_cond.notify_all()

    def _wait_for_listings(self) -> None:
        """A build never runs beside the listings' background rendering: one not yet started is
        cancelled, one started is waited for (at most its time: 0.6 s of CPU at 1,000 profiles)."""
        if self.listings is not None:
            self.cancel.set()
            self.listings.join()
            self.listings = None
            self.cancel.clear()


def _modified() -> bool:
    return True


def _dirty_rebuilds():
    """Every rebuild under `mkdocs serve` builds only the pages whose Markdown changed, as
    `--dirty` does: the generator rewrites only what an edit changes (one profile's page, and a
    listing only when what it shows changed), so that is exactly the pages the edit touched. At
    1,000 profiles a full rebuild rendered all 1,000 pages again for one edit. MkDocs' serve
    command takes `dirty` from its command line only; the rebuilds it starts after this (on_serve
    runs after the first, full build) call its `build` through the module, which this wraps."""
    from mkdocs.commands import serve as serve_command
    full = serve_command.build
    if getattr(full, "cst_dirty", False):
        return

    def build(config, *, serve_url=None, dirty=False):
        return full(config, serve_url=serve_url, dirty=True)
    build.cst_dirty = True
    serve_command.build = build


def _watch_inputs(server, config):
    """Watch the hand-written parts of docs/, not the generator's output. MkDocs watches all of
    docs/, and the generator writes there during each build, so every edit to a profile woke the
    watcher a second time and cost a second full build (33 s instead of 16 at 1,000 profiles).
    The generator's inputs (profiles/, seeds/, context/, generator/templates/) are watched through
    `watch:` in mkdocs.yml. A file added to docs/ while serving is seen after a restart."""
    docs = Path(config["docs_dir"]).resolve()
    server.unwatch(str(docs))
    for entry in sorted(docs.iterdir()):
        if not routes.generated(entry.name):
            server.watch(str(entry))
    return server


def _section(page, nav):
    """On a page the navigation does not list (a profile, facet, year or source page), the entry
    that lists it: the sidebar marks that entry while the reader is on one."""
    index = routes.section(page.file.src_uri)
    if index is None:
        return None
    return next((p for p in nav.pages if p.file.src_uri == index), None)


_hook = GeneratorHook()
on_startup = _hook.on_startup
on_config = _hook.on_config
on_files = _hook.on_files
on_serve = _hook.on_serve
on_env = _hook.on_env
on_page_context = _hook.on_page_context
on_post_page = _hook.on_post_page
on_post_build = _hook.on_post_build
