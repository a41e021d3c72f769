"""Search at scale in a real browser: time to the first result and bytes downloaded.

    python benchmarks/bench_search.py --profiles 5000 [--engines pagefind material]

Builds the site with N synthetic profiles (as bench_build.py makes them) once per search
engine, serves it on 127.0.0.1, and for English, Chinese and identifier queries opens a cold
page in headless Chromium, types the query into Material's search box and measures the time
from the first keystroke to the first result that links to the right profile. Bytes are what
the browser downloaded for search (the index and the search scripts), and what they would be
gzipped. Prints a table, then one JSON object as the last line. Figures only, never pass/fail.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import make_tree, work_folder  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SEARCH_FILES = ("search_index.json", "/workers/", "search-worker.js", "/pagefind/", "/lunr/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_site(tree: Path, site: Path, engine: str) -> float:
    config = tree / f"mkdocs-{engine}.yml"
    text = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("search_engine: pagefind", f"search_engine: {engine}"), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SITE_URL", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, env=env, cwd=tree, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def queries(tree: Path, n: int) -> list[tuple[str, str, str]]:
    """(kind, query, expected profile id) for a few profiles spread over the set."""
    import yaml

    out = []
    for k in sorted({n // 7, n // 2, n - 3}):
        pid = f"synthetic-{k:05d}"
        data = yaml.safe_load((tree / "profiles" / f"{pid}.yaml").read_text(encoding="utf-8"))
        developer_zh = data["developers"][0]["name_zh"]
        out += [("english", f"{data['names']['code']} Injection", pid),
                ("chinese", developer_zh.removesuffix("生物科技有限公司"), pid),  # the start of a longer name
                ("identifier", data["identifiers"][0]["value"], pid)]
    return out


def measure(site: Path, cases: list) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for kind, query, pid in cases:
                context = browser.new_context()  # cold: nothing cached
                page = context.new_page()
                fetched: dict[str, bytes] = {}

                def keep(response, fetched=fetched):
                    if any(part in response.url for part in SEARCH_FILES) and response.status == 200:
                        try:
                            fetched[response.url] = response.body()
                        except Exception:
                            pass

                page.on("response", keep)
                page.goto(url + "about/")
                page.wait_for_load_state("load")
                box = page.locator("input.md-search__input")
                box.click()
                start = page.evaluate("performance.now()")
                box.fill(query)
                box.press("End")
                hit = page.locator(f"li.md-search-result__item > a.md-search-result__link[href*='profiles/{pid}/']").first
                found = True
                try:
                    hit.wait_for(timeout=60_000)
                except Exception:
                    found = False
                elapsed = page.evaluate("performance.now()") - start
                page.wait_for_timeout(300)  # let in-flight chunks land before counting bytes
                raw = sum(len(b) for b in fetched.values())
                gz = sum(len(gzip.compress(b, 6)) for b in fetched.values())
                results.append({"kind": kind, "query": query, "found": found, "ms": round(elapsed),
                                "bytes": raw, "gzip_bytes": gz, "files": len(fetched)})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--engines", nargs="+", default=["pagefind", "material"], choices=["pagefind", "material"])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = work_folder(parser, args.keep, "cst-search-")
    tree = make_tree(args.profiles, work / "tree").root
    cases = queries(tree, args.profiles)
    summary = {"n": args.profiles}
    rows = []
    for engine in args.engines:
        site = work / f"site-{engine}"
        seconds = build_site(tree, site, engine)
        for r in measure(site, cases):
            rows.append((engine, r))
        mine = [r for e, r in rows if e == engine]
        summary[engine] = {
            "build_s": round(seconds, 1),
            "all_found": all(r["found"] for r in mine),
            "first_result_ms_max": max(r["ms"] for r in mine),
            "first_result_ms_median": sorted(r["ms"] for r in mine)[len(mine) // 2],
            "download_bytes_max": max(r["bytes"] for r in mine),
            "download_gzip_bytes_max": max(r["gzip_bytes"] for r in mine),
        }
    print(f"{'engine':<9} {'kind':<10} {'found':<5} {'first result':>12} {'downloaded':>12} {'gzip':>10}  query")
    for engine, r in rows:
        print(f"{engine:<9} {r['kind']:<10} {str(r['found']):<5} {r['ms']:>9} ms {r['bytes']:>12,} {r['gzip_bytes']:>10,}  {r['query']}")
    print(json.dumps(summary, sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main()
