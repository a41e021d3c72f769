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
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import Abort  # noqa: E402
from pagefind_bin_extended import get_executable  # noqa: E402

from generator.model import UNINDEXED  # noqa: E402

NICE = shutil.which("nice")


def command(site_dir: str) -> list[str]:
    """Pagefind over a built site, as every build runs it (benchmarks/bench_build.py too)."""
    out = [str(get_executable()), "--site", site_dir, "--silent"]
    for selector in UNINDEXED:
        out += ["--exclude-selectors", selector]
    return out


def _index(site_dir: str, background: bool = False) -> None:
    argv = command(site_dir)
    if background and NICE:
        # In the background, the next edit's rebuild goes first (Pagefind uses every core). Through
        # nice(1), not os.nice in a preexec_fn: that makes Python fork the whole server process
        # (400 MB at 1,000 profiles) instead of spawning, just as the browser reloads the page: the
        # page then took 0.4 to 1.9 s to show once built, 0.4 to 0.6 s since.
        argv = [NICE, "-n", "10", *argv]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise Abort(f"pagefind failed:\n{result.stdout}{result.stderr}")


class PagefindHook:
    """The hook's state, on one object (MkDocs loads a hook once per process, so under `mkdocs
    serve` it lives through every rebuild); the module's hook functions are its methods."""

    def __init__(self) -> None:
        self.serving = False
        self.builds = 0
        self._lock = threading.Lock()  # guards the two below, shared with the background thread
        self._running = False  # a background run is indexing
        self._again = False  # the site changed while it ran: index once more

    def on_startup(self, command, **kwargs):
        self.serving = command == "serve"

    def on_page_markdown(self, markdown, page, config, **kwargs):
        if config["extra"].get("search_engine") == "pagefind":
            # Material's own index, which every reader's browser would download whole, stays empty.
            page.meta["search"] = {"exclude": True}
        return markdown

    def on_post_build(self, config, **kwargs) -> None:
        if config["extra"].get("search_engine") != "pagefind":
            return
        self.builds += 1
        if self.serving and self.builds > 1:
            self._index_in_background(config["site_dir"])
        else:
            _index(config["site_dir"])

    def _index_in_background(self, site_dir: str) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, args=(site_dir,), name="pagefind", daemon=True).start()

    def _run(self, site_dir: str) -> None:
        while True:
            try:
                _index(site_dir, background=True)
            except Abort as exc:
                logging.getLogger("mkdocs").error(str(exc))
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False


_hook = PagefindHook()
on_startup = _hook.on_startup
on_page_markdown = _hook.on_page_markdown
on_post_build = _hook.on_post_build
