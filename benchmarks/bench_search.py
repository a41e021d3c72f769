"""Search at scale in a real browser: time to the first result and bytes downloaded.

    python benchmarks/bench_search.py --profiles 10000 [--runs 3] [--engines pagefind material]

Builds the site with N synthetic profiles (as bench_build.py makes them) once per search
engine and serves it gzipped on 127.0.0.1, as GitHub Pages serves it (bench_pages.py's server:
text compressed, Pagefind's own files sent as they are, compressed already). For each query it
opens a cold page (a new browser context: nothing cached) in headless Chromium, types the query
into Material's search box as soon as the page has loaded (the search index may still be
loading: the reader who types at once waits longest), and measures, in the page's own clock:
  - `first_result_ms`: from the query typed (its input event) to the first result in the list,
    at the next frame (when it can be seen);
  - `hit_ms`: to the first result that links to the profile the query was drawn from (for a
    topic, to any profile);
  - `cpu_ms`: the CPU time the browser's processes (page, search worker, network) spent meanwhile,
    which moves less than wall-clock time when other work competes for the cores;
  - `transfer_bytes`: what the browser received for search (response bodies as sent, gzipped
    where the server compressed them, and headers): Material's search_index.json, the search
    worker, Pagefind's script, entry, metadata, WebAssembly, index chunks and result fragments.
    The same bodies uncompressed are `body_bytes`. Nothing else of the page is counted.
Queries, for three profiles spread over the set: the English product name (`SYN05000
Injection`), the Chinese product name (…注射液), the start of the developer's Chinese name (a part
of a longer run of Chinese), the CDE acceptance number (`CXSL2405000`), and a topic in words every
profile page has (`knee osteoarthritis stem cell`: the largest index chunks), which any profile
answers.
Conditions: loopback, no network throttling (bytes are reported instead: over a real network the
time grows with them), and the machine's CPU as it is (its load average is reported: on a shared
machine the browser competes for the cores). No CPU throttling: Chromium's (DevTools',
Lighthouse's) slows a page's main thread but not its workers, and Pagefind searches in one
("Emulation.setCPUThrottlingRate: Operation is only supported for pages, not workers").
Also reports the build (wall-clock, CPU, peak memory) and the Pagefind bundle: its index chunks,
fragments (one a page, the text a result shows) and metadata.
Prints a table, then one JSON object as the last line. Figures only, never pass/fail.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import resource
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import CPU, make_tree, mkdocs, work_folder  # noqa: E402
from bench_pages import CHROME, _GzipHandler  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SEARCH_FILES = ("/search/search_index.json", "/workers/", "/javascripts/search-worker.js", "/pagefind/", "/lunr/")
RESULT = "li.md-search-result__item > a.md-search-result__link"

# In the page before its own scripts: the time of the query's input event, of the first result in
# the list and of the first result linking to the expected profile (window.__cstWanted), each
# taken at the frame after the change, when it can be seen.
TIMER = """
window.__cst = {};
document.addEventListener("input", (ev) => {
  if (ev.target.matches && ev.target.matches("input.md-search__input") && window.__cst.typed === undefined)
    window.__cst.typed = ev.timeStamp;
}, true);
new MutationObserver(() => {
  const t = window.__cst;
  if (t.typed === undefined) return;
  const links = document.querySelectorAll("%s");
  if (links.length && t.first === undefined) {
    t.first = null;
    requestAnimationFrame(() => { t.first = performance.now(); });
  }
  if (t.hit === undefined && [...links].some((a) => a.href.includes(window.__cstWanted))) {
    t.hit = null;
    requestAnimationFrame(() => { t.hit = performance.now(); });
  }
}).observe(document, {subtree: true, childList: true});
""" % RESULT


def queries(tree: Path, n: int) -> list[tuple[str, str, str]]:
    """(kind, query, the address a result must link to) for three profiles spread over the set:
    the profile itself, or for a topic, any profile."""
    import yaml

    out = []
    for k in sorted({n // 7, n // 2, n - 3}):
        pid = f"synthetic-{k:05d}"
        data = yaml.safe_load((tree / "profiles" / f"{pid}.yaml").read_text(encoding="utf-8"))
        wanted = f"profiles/{pid}/"
        out += [("english", data["names"]["en"], wanted),
                ("chinese", data["names"]["zh"], wanted),
                ("chinese part", data["developers"][0]["name_zh"].removesuffix("生物科技有限公司"), wanted),
                ("identifier", next(i["value"] for i in data["identifiers"] if i["type"] == "cde-acceptance"), wanted),
                # words on every profile page: the largest index chunks ("stem", "cell")
                ("topic", f"{data['indications'][0]['name'].lower()} stem cell", "profiles/")]
    return out


def measure(site: Path, cases: list) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    results = []
    try:
        with sync_playwright() as pw:
            tag = f"--cst-bench-search={os.getpid()}"  # finds the browser's process (Chromium ignores the flag)
            browser = pw.chromium.launch(executable_path=CHROME, args=[*ARGS, tag])
            root = next(pid for pid, (_, cmd, _) in _processes().items() if tag in cmd)
            for kind, query, wanted in cases:
                context = browser.new_context()  # cold: nothing cached
                context.add_init_script(TIMER)
                page = context.new_page()
                responses = []
                page.on("response", lambda r: responses.append(r) if any(s in r.url for s in SEARCH_FILES) else None)
                page.goto(url + "about/")
                page.wait_for_load_state("load")
                page.evaluate("(wanted) => { window.__cstWanted = wanted; }", wanted)
                box = page.locator("input.md-search__input")
                box.click()
                cpu = _cpu_seconds(root)
                box.fill(query)
                box.press("End")  # Material's search box reacts to key events; fill() alone sends none
                try:
                    page.wait_for_function("() => window.__cst.hit", timeout=60_000, polling=50)
                    found = True
                except Exception:
                    found = False
                cpu = _cpu_seconds(root) - cpu
                page.wait_for_timeout(500)  # let requests still in flight (other results' fragments) land
                times = page.evaluate("() => window.__cst")
                transfer = body = 0
                parts = dict.fromkeys(("setup", "index", "fragments"), 0)
                files = []
                for r in responses:
                    if r.status != 200:
                        continue
                    sizes = r.request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    transfer += size
                    body += len(r.body())
                    parts[_part(r.url)] += size
                    files.append(r.url.rsplit("/", 2)[-2] + "/" + r.url.rsplit("/", 1)[-1])
                results.append({
                    "kind": kind, "query": query, "wanted": wanted, "found": found,
                    "first_result_ms": round(times["first"] - times["typed"]) if times.get("first") else None,
                    "hit_ms": round(times["hit"] - times["typed"]) if found else None,
                    "cpu_ms": round(cpu * 1000),
                    "transfer_bytes": transfer, "body_bytes": body, "requests": len(files),
                    **{f"{part}_bytes": size for part, size in parts.items()},
                    "files": sorted(files)})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def _median(runs: tuple[dict, ...]) -> dict:
    """One query's runs as one: the median of each time, with every run's first result beside it."""
    out = dict(runs[0])
    out["found"] = all(r["found"] for r in runs)
    for key in ("first_result_ms", "hit_ms", "cpu_ms"):
        values = [r[key] for r in runs]
        out[key] = None if None in values else round(statistics.median(values))
    if len(runs) > 1:
        out["first_result_ms_runs"] = [r["first_result_ms"] for r in runs]
    return out


def _processes() -> dict[int, tuple[int, str, float]]:
    """Every process: its parent, command line and CPU seconds (user + system) so far."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue  # not a process, or it ended meanwhile
        if proc.name.isdigit():
            out[int(proc.name)] = (int(stat[1]), cmd, (int(stat[11]) + int(stat[12])) / tick)
    return out


def _cpu_seconds(root: int) -> float:
    """CPU seconds of the browser and every process under it (renderers, network, GPU)."""
    procs = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in procs.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += procs[pid][2] if pid in procs else 0.0
        todo += children.get(pid, [])
    return total


def _part(url: str) -> str:
    """What a search request is for: the index chunks a query's words need, the fragments of the
    results shown (a page's title, text and headings), or setting up (every search's scripts,
    WebAssembly and Pagefind's metadata, whatever the query)."""
    if "/pagefind/index/" in url:
        return "index"
    if "/pagefind/fragment/" in url:
        return "fragments"
    return "setup"


def bundle(site: Path) -> dict:
    """The Pagefind bundle on disk (its index, fragment and metadata files are gzipped already)."""
    folder = site / "pagefind"
    if not folder.is_dir():
        return {}
    chunks = [p.stat().st_size for p in (folder / "index").glob("*.pf_index")]
    fragments = [p.stat().st_size for p in (folder / "fragment").glob("*.pf_fragment")]
    meta = [p.stat().st_size for p in folder.glob("*.pf_meta")]
    return {
        "index_chunks": len(chunks),
        "index_chunk_bytes_median": int(statistics.median(chunks)),
        "index_chunk_bytes_max": max(chunks),
        "fragments": len(fragments),
        "fragment_bytes_median": int(statistics.median(fragments)),
        "fragment_bytes_max": max(fragments),
        "meta_bytes": sum(meta),
        "bundle_bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
    }


def _configure(tree: Path, engine: str) -> Path:
    config = tree / f"mkdocs-{engine}.yml"
    text = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("search_engine: pagefind", f"search_engine: {engine}"), encoding="utf-8")
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--engines", nargs="+", default=["pagefind"], choices=["pagefind", "material"],
                        help="pagefind (the site's) and/or material (Material's lunr index, to compare)")
    parser.add_argument("--runs", type=int, default=1,
                        help="measure each query R times, each on a cold page; its times are their median")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--reuse", type=Path, metavar="FOLDER",
                        help="measure the tree and sites an earlier --keep run left in FOLDER, without building")
    args = parser.parse_args()
    if args.reuse:
        work = args.reuse
        tree = work / "tree"
        n = len(list((tree / "profiles").glob("synthetic-*.yaml")))
    else:
        work = work_folder(parser, args.keep, "cst-search-")
        n = args.profiles
        tree = make_tree(n, work / "tree").root
    cases = queries(tree, n)
    summary = {"n": n, "runs": args.runs, "load_average": round(os.getloadavg()[0], 1)}
    rows = []
    for engine in args.engines:
        site = work / f"site-{engine}"
        build = {}
        if not args.reuse:
            wall = mkdocs(_configure(tree, engine), site)
            build = {"build_s": round(wall, 1), "build_cpu_s": round(CPU[site], 1),
                     "build_peak_memory_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
        mine = [_median(runs) for runs in zip(*(measure(site, cases) for _ in range(args.runs)))]
        rows += [(engine, r) for r in mine]
        firsts = [r["first_result_ms"] if r["first_result_ms"] is not None else 10**9 for r in mine]
        summary[engine] = {
            **build,
            **bundle(site),
            "all_found": all(r["found"] for r in mine),
            "first_result_ms_max": max(firsts),
            "first_result_ms_median": statistics.median(firsts),
            "hit_ms_max": max(r["hit_ms"] if r["found"] else 10**9 for r in mine),
            "transfer_bytes_max": max(r["transfer_bytes"] for r in mine),
            "body_bytes_max": max(r["body_bytes"] for r in mine),
            "cpu_ms_max": max(r["cpu_ms"] for r in mine),
            "by_kind": {kind: {"first_result_ms_max": max(f for f, r in zip(firsts, mine) if r["kind"] == kind),
                               "cpu_ms_max": max(r["cpu_ms"] for r in mine if r["kind"] == kind),
                               "transfer_bytes_max": max(r["transfer_bytes"] for r in mine if r["kind"] == kind)}
                        for kind in dict.fromkeys(r["kind"] for r in mine)},
            "queries": {f"{r['kind']}: {r['query']}": {k: r[k] for k in (
                "first_result_ms", "first_result_ms_runs", "hit_ms", "cpu_ms", "transfer_bytes", "body_bytes", "requests",
                "setup_bytes", "index_bytes", "fragments_bytes") if k in r} for r in mine},
        }
    print(f"{'engine':<9} {'kind':<12} {'first result':>12} {'right one':>10} {'CPU':>8} {'transferred':>12} "
          f"{'of which: setup':>15} {'index':>8} {'fragments':>9} {'requests':>8}  query")
    for engine, r in rows:
        first = f"{r['first_result_ms']} ms" if r["first_result_ms"] is not None else "none"
        hit = f"{r['hit_ms']} ms" if r["found"] else "not found"
        print(f"{engine:<9} {r['kind']:<12} {first:>12} {hit:>10} {r['cpu_ms']:>5} ms {r['transfer_bytes']:>12,} "
              f"{r['setup_bytes']:>15,} {r['index_bytes']:>8,} {r['fragments_bytes']:>9,} {r['requests']:>8}  {r['query']}")
    for engine in args.engines:
        s = summary[engine]
        print(f"{engine}: first result max {s['first_result_ms_max']} ms (median {s['first_result_ms_median']}), "
              f"transferred max {s['transfer_bytes_max']:,} bytes")
        for kind, k in s["by_kind"].items():
            print(f"  {kind:<12} first result max {k['first_result_ms_max']:>5} ms (CPU {k['cpu_ms_max']:>5} ms), "
                  f"transferred max {k['transfer_bytes_max']:>9,} bytes")
        if "build_s" in s:
            print(f"  built in {s['build_s']} s ({s['build_cpu_s']} s CPU), peak memory {s['build_peak_memory_mb']} MB")
        if "index_chunks" in s:
            print(f"  Pagefind: {s['index_chunks']:,} index chunks (median {s['index_chunk_bytes_median']:,} bytes, largest "
                  f"{s['index_chunk_bytes_max']:,}), {s['fragments']:,} fragments (median {s['fragment_bytes_median']:,} bytes, "
                  f"largest {s['fragment_bytes_max']:,}), metadata {s['meta_bytes']:,} bytes")
    summary["load_average"] = [summary["load_average"], round(os.getloadavg()[0], 1)]  # at the start and the end
    print(f"load average {summary['load_average'][0]} at the start, {summary['load_average'][1]} at the end (2 cores)")
    print(json.dumps(summary, sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main()
