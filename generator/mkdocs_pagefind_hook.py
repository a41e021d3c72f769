"""MkDocs hook: index the built site with Pagefind (the extended build, which segments Chinese).

Material's search box asks javascripts/search-worker.js, which reads this index in small
chunks, so search stays fast however many profiles there are (README, Performance). The
binary comes from PyPI (pagefind-bin-extended) and runs offline.

Under `mkdocs serve`, each rebuild after the first indexes the site in the background: `mkdocs
serve` holds every request until a build has finished, and Pagefind over 1,000 profiles takes
seconds, so an edit would wait for the index before its page showed. The index catches up a
moment later; edits made meanwhile are indexed by one more run once the current one ends.
"""
from __future__ import annotations

import logging
import os
import subprocess
import threading

from mkdocs.exceptions import Abort
from pagefind_bin_extended import get_executable

_serving = False  # MkDocs loads a hook once per process: this outlives each build
_builds = 0
_lock = threading.Lock()
_running = False  # a background run is indexing
_again = False  # the site changed while it ran: index once more


def on_startup(command, **kwargs):
    global _serving
    _serving = command == "serve"


def on_page_markdown(markdown, page, config, **kwargs):
    if config["extra"].get("search_engine") == "pagefind":
        # Material's own index, which every reader's browser would download whole, stays empty.
        page.meta["search"] = {"exclude": True}
    return markdown


def _index(site_dir: str, background: bool = False) -> None:
    result = subprocess.run(
        [str(get_executable()), "--site", site_dir, "--silent"],
        capture_output=True, text=True, timeout=1800,
        # in the background, the next edit's rebuild goes first (Pagefind uses every core)
        preexec_fn=(lambda: os.nice(10)) if background else None,
    )
    if result.returncode != 0:
        raise Abort(f"pagefind failed:\n{result.stdout}{result.stderr}")


def _index_in_background(site_dir: str) -> None:
    global _running, _again
    with _lock:
        if _running:
            _again = True
            return
        _running = True

    def run() -> None:
        global _running, _again
        while True:
            try:
                _index(site_dir, background=True)
            except Abort as exc:
                logging.getLogger("mkdocs").error(str(exc))
            with _lock:
                if not _again:
                    _running = False
                    return
                _again = False
    threading.Thread(target=run, name="pagefind", daemon=True).start()


def on_post_build(config, **kwargs) -> None:
    global _builds
    if config["extra"].get("search_engine") != "pagefind":
        return
    _builds += 1
    if _serving and _builds > 1:
        _index_in_background(config["site_dir"])
    else:
        _index(config["site_dir"])
