"""MkDocs hook: index the built site with Pagefind (the extended build, which segments Chinese).

Material's search box asks javascripts/search-worker.js, which reads this index in small
chunks, so search stays fast however many profiles there are (README, Performance). The
binary comes from PyPI (pagefind-bin-extended) and runs offline.
"""
from __future__ import annotations

import subprocess

from mkdocs.exceptions import Abort
from pagefind_bin_extended import get_executable


def on_page_markdown(markdown, page, config, **kwargs):
    if config["extra"].get("search_engine") == "pagefind":
        # Material's own index, which every reader's browser would download whole, stays empty.
        page.meta["search"] = {"exclude": True}
    return markdown


def on_post_build(config, **kwargs) -> None:
    if config["extra"].get("search_engine") != "pagefind":
        return
    result = subprocess.run(
        [str(get_executable()), "--site", config["site_dir"], "--silent"],
        capture_output=True, text=True, timeout=1800,
    )
    if result.returncode != 0:
        raise Abort(f"pagefind failed:\n{result.stdout}{result.stderr}")
