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

import html
import logging
import mimetypes
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from generator import routes  # noqa: E402
from generator.build import build  # noqa: E402
from generator.cache import template_cache  # noqa: E402
from generator.project import Project  # noqa: E402


def on_config(config, **kwargs):
    # The repository is only known where the site is built for publishing (SITE_REPO_URL,
    # set by the workflows); without it there are no edit links rather than wrong ones.
    if not config.get("repo_url"):
        config["edit_uri"] = None
        config["edit_uri_template"] = None
    # MkDocs loads the configuration anew for every build, `mkdocs serve` rebuilds included,
    # so this is the one place the generator runs.
    global _problems, _every_page
    outcome = build(Project(Path(config["config_file_path"]).resolve().parent))
    # problems appearing or going change every served page (their banner), not only the Markdown
    # the generator rewrote: a dirty rebuild (on_serve) then builds every page (on_files)
    _every_page = bool(_problems) or bool(outcome.problems)
    _problems = [str(p) for p in outcome.problems]
    if _problems and not _serving:
        raise Abort("profiles have problems:\n" + "\n".join(_problems))
    if _problems:
        _log.error("profiles have problems (shown on every served page until fixed):\n" + "\n".join(_problems))
    return config


# Under `mkdocs serve` only (never `build`): the problems of the last generator run, shown in the
# browser. The generator writes nothing from bad data, so the rest of the site is the last good one.
_serving = False
_problems: list[str] = []
_every_page = False
_log = logging.getLogger("mkdocs.hooks.generator")
PROBLEM_PAGE = """---
title: Problems to fix
---

# Problems to fix

{body}
"""


def _problem_list() -> str:
    items = "".join(f"<li><code>{html.escape(p, quote=False)}</code></li>" for p in _problems)  # element content: < > & suffice
    return ('<div class="cst-problems" role="alert" data-pagefind-ignore>'
            f"<p><strong>{len(_problems)} problem{'s' if len(_problems) != 1 else ''} to fix.</strong> "
            "The site is not rebuilt from the data until they are fixed: every other page is from the last "
            "build without problems. Save a fix and this page updates.</p>"
            f"<ul>{items}</ul></div>")


def _problem_pages(files, config) -> None:
    """Each profile with problems, and the home page when there is none yet, shows the problems."""
    body = PROBLEM_PAGE.format(body=_problem_list())
    home = routes.path("home")
    wanted = {home} if files.get_file_from_path(home) is None else set()
    for problem in _problems:
        folder, _, name = problem.split(":", 1)[0].rpartition("/")
        profile_id = name.removesuffix(".yaml")
        if folder == "profiles" and name.endswith(".yaml") and routes.valid("id", profile_id):
            wanted.add(routes.path("profile", id=profile_id))
    for src in sorted(wanted):
        old = files.get_file_from_path(src)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, src, content=body))


# `mkdocs serve --dirty` rebuilds only the pages whose Markdown changed and deletes nothing; the
# hook then takes out of the site what the generator no longer makes (see on_post_build). Under
# `mkdocs serve` every rebuild is dirty (see on_serve). MkDocs loads a hook once per process, so
# this state outlives each build.
_dirty = False
_site_files: set[str] = set()
_built_files: set[str] | None = None  # what the build before in this process made, once known


def on_startup(command, dirty, **kwargs):
    global _dirty, _serving
    _dirty = dirty or command == "serve"
    _serving = command == "serve"


def on_files(files, config, **kwargs):
    docs = Path(config["docs_dir"]).resolve().relative_to(Path(config["config_file_path"]).resolve().parent).as_posix()
    for file in files.documentation_pages():
        src = file.src_uri
        if routes.generated(src.split("/", 1)[0]):
            file.edit_uri = routes.edit_file(src)  # a profile's YAML, not its page; a listing: none
        else:
            file.edit_uri = f"{docs}/{src}"
    if _problems:
        _problem_pages(files, config)
    if _dirty and _every_page:
        for file in files.documentation_pages():
            file.is_modified = _modified  # what MkDocs asks, under --dirty, before building a page
    return files


def _modified() -> bool:
    return True


def on_serve(server, config, builder, **kwargs):
    # The source documents (sources/*.txt) are UTF-8, some in Chinese; MkDocs' server sends
    # text/plain without a charset, and browsers then read them as Windows-1252. GitHub Pages
    # says UTF-8 itself.
    mimetypes.add_type("text/plain; charset=utf-8", ".txt")
    _dirty_rebuilds()
    return _watch_inputs(server, config)


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


_marked = None


def on_page_context(context, page, config, nav, **kwargs):
    global _marked
    _marked = _section(page, nav)
    if _marked is not None:
        _marked.active = True  # Material colours an active entry's link; undone once the page is rendered
    context["cst_feed"] = page.file.src_uri in routes.FEED_PAGES  # overrides/main.html links the feed
    return context


_ARTICLE = '<article class="md-content__inner md-typeset">'


def on_post_page(output, page, config, **kwargs):
    global _marked
    if _marked is not None:
        _marked.active = False
        _marked = None
    if _problems and 'class="cst-problems"' not in output:
        # on every other page too: the reader may be looking at any of them when an edit breaks
        banner = _problem_list()
        if _ARTICLE in output:
            output = output.replace(_ARTICLE, _ARTICLE + banner, 1)
        else:
            output = re.sub(r"<body[^>]*>", lambda m: m.group(0) + banner, output, count=1)
    return output


def on_env(env, config, files, **kwargs):
    global _site_files
    _site_files = {file.dest_uri for file in files}
    # Material's templates compiled once, beside the generator's, instead of at every build (every
    # `mkdocs serve` rebuild makes a new environment); Jinja checks each against its source.
    env.bytecode_cache = template_cache()
    return env


def on_post_build(config, **kwargs):
    """Under --dirty, remove from the site the generated pages and data that no longer have a
    source (a deleted or renamed profile's page and JSON), so they are neither served nor indexed
    for search (Pagefind's hook runs after this one)."""
    global _built_files
    if not _dirty:
        return
    site = Path(config["site_dir"])
    if _built_files is not None:  # `mkdocs serve`: what the build before made and this one did not
        gone = sorted(_built_files - _site_files)
        _built_files = set(_site_files)
        for rel in gone:
            if routes.generated(rel.split("/", 1)[0]):
                (site / rel).unlink(missing_ok=True)
                for folder in (site / rel).parents:  # and the folders that leaves empty
                    if folder == site or any(folder.iterdir()):
                        break
                    folder.rmdir()
        return
    _built_files = set(_site_files)
    for top in routes.OWNED_DIRS:
        for path in sorted((site / top).rglob("*"), reverse=True):  # files before their folders
            if path.is_file() and path.relative_to(site).as_posix() not in _site_files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
