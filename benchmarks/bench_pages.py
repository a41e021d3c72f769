"""Lighthouse (mobile) on every page type of a site built from N synthetic profiles.

    python benchmarks/bench_pages.py --profiles 1000

Builds the site as benchmarks/bench_build.py does, serves it gzipped on 127.0.0.1 (as GitHub
Pages serves it: text compressed, cached for 10 minutes), and runs Lighthouse 12.2.3 with its
mobile defaults (a mid-range phone, simulated slow 4G and a 4x slower CPU) in Debian's Chromium
on the home page, the profiles overview, a profile, a browse page, the developer browse page (the
largest), the timeline, the busiest year page and the largest source page. Lighthouse is
installed with npm into benchmarks/.lighthouse/ (never globally); without it the script says so
and exits non-zero. Prints a table, then, as its last line, one JSON object with each page's
figures, `min_performance`, `max_cls` and `max_tbt_ms`. With --runs R, each page's figures are
the median of R runs (Lighthouse's own advice: scores move from run to run).
Figures only: no pass/fail (targets are in the README's Performance section).

    python benchmarks/bench_pages.py --profiles 1000 --keep /tmp/pages      # build once, keep it
    python benchmarks/bench_pages.py --site /tmp/pages/site --runs 3 --save /tmp/reports

--site measures a site built before (the site/ folder of a --keep run) without building one;
--save writes each run's whole Lighthouse report, whose diagnostics (main-thread work by kind,
DOM size, long tasks) say where a page's blocking time goes.

    python benchmarks/bench_pages.py --profiles 1000 --site-url --keep /tmp/pages-url

--site-url builds the site as it is published, with `site_url` set (the workflows set SITE_URL),
to the benchmark server's own address, so that its absolute addresses (canonical links, the feed,
the sitemap) lead to it. Without a site URL MkDocs' sitemap lists no page, and Material's script,
which fetches sitemap.xml and parses all of it (on pages with a feed link, and on every page with
instant navigation), has nothing to parse. --site serves a site built with --site-url on the port
it was built for. The JSON line names the site URL (null without one) and the size of sitemap.xml
as written and gzipped.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_tree, mkdocs, work_folder  # noqa: E402

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = "12.2.3"
TOOL_DIR = HERE / ".lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it, with GitHub Pages' cache lifetime."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".txt": "text/plain; charset=utf-8"}
    _cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        gzipped = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            key = str(path)
            if key not in self._cache:
                self._cache[key] = gzip.compress(body, 6)
            body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


def lighthouse() -> Path:
    """The pinned Lighthouse, installed into benchmarks/.lighthouse/ when it is not there yet."""
    exe = TOOL_DIR / "node_modules" / ".bin" / "lighthouse"
    package = TOOL_DIR / "node_modules" / "lighthouse" / "package.json"
    if exe.exists() and package.exists() and json.loads(package.read_text())["version"] == LIGHTHOUSE:
        return exe
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(f"error: npm is not installed, so Lighthouse {LIGHTHOUSE} cannot be installed into {TOOL_DIR}")
    TOOL_DIR.mkdir(exist_ok=True)
    result = subprocess.run([npm, "install", "--prefix", str(TOOL_DIR), "--no-audit", "--no-fund", "--no-save",
                             f"lighthouse@{LIGHTHOUSE}"], capture_output=True, text=True)
    if result.returncode != 0 or not exe.exists():
        sys.exit(f"error: could not install Lighthouse {LIGHTHOUSE} with npm into {TOOL_DIR}:\n"
                 f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return exe


def audit(exe: Path, url: str, save: Path | None = None) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROME)
    result = subprocess.run(
        [str(exe), url, "--output=json", "--output-path=stdout", "--quiet", "--only-categories=performance",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, env=env, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    if save is not None:  # the whole report, for its diagnostics (main-thread work, DOM size, long tasks)
        save.write_text(result.stdout, encoding="utf-8")
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 4),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
        "dom_elements": round(audits["dom-size"]["numericValue"]),
    }


def pages(site: Path) -> dict[str, str]:
    """The page of each type to measure: where there are several, the largest."""
    def largest(pattern: str) -> str:
        found = max(site.glob(pattern), key=lambda p: p.stat().st_size)
        return found.parent.relative_to(site).as_posix() + "/"
    return {
        "home": "",
        "overview": "profiles/",
        "profile": largest("profiles/synthetic-*/index.html"),
        "browse": "browse/cell-type/",
        "developers": "browse/developer/",
        "timeline": "timeline/",
        "year": largest("timeline/[0-9][0-9][0-9][0-9]/index.html"),
        "source": largest("sources/*/index.html"),
    }


def built_for(site: Path) -> int:
    """The port a site was built for with --site-url (its sitemap's addresses are absolute and
    name it), so that --site serves it where its links lead; 0, any free port, for a site built
    without a site URL (MkDocs then writes each page's path alone)."""
    match = re.search(rb"<loc>http://127\.0\.0\.1:(\d+)/", (site / "sitemap.xml").read_bytes())
    return int(match.group(1)) if match else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=200, help="number of synthetic profiles (default 200)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; figures are their median")
    parser.add_argument("--pages", help="only these page types, comma-separated (default: all)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one (e.g. the site/ folder "
                                                   "of an earlier --keep; its profile pages are counted for the report)")
    parser.add_argument("--site-url", action="store_true",
                        help="build with site_url set, as the published site is (SITE_URL in the workflows), "
                             "to the benchmark server's own address")
    parser.add_argument("--save", type=Path, help="write each run's whole Lighthouse report (JSON) into this folder")
    args = parser.parse_args()
    if not Path(CHROME).exists():
        sys.exit(f"error: no Chromium at {CHROME} (set CHROME_PATH)")
    if args.site is not None and not (args.site / "index.html").is_file():
        parser.error(f"--site {args.site}: no built site there (no index.html)")
    if args.site is not None and args.site_url:
        parser.error("--site-url builds a site: a site given with --site keeps the site URL it was built with")
    exe = lighthouse()
    if args.site is not None:
        site, t_build = args.site, 0.0
        args.profiles = sum(1 for p in (site / "profiles").iterdir() if p.name != "by" and (p / "index.html").is_file())
    else:
        work = work_folder(parser, args.keep, "cst-pages-")
        site = work / "site"
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
    # The server first: a site built with --site-url is built for its address.
    port = built_for(site) if args.site is not None else 0
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_GzipHandler, directory=str(site)))
    except OSError as error:
        sys.exit(f"error: cannot serve {site} on 127.0.0.1:{port}, the port it was built for: {error}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    if args.site is None:
        project = make_tree(args.profiles, work / "tree")
        t_build = mkdocs(project.root / "mkdocs.yml", site, site_url=base if args.site_url else None)
    site_url = base if args.site_url or port else None
    sitemap = (site / "sitemap.xml").read_bytes()
    print(f"site URL: {site_url or 'none'}; sitemap.xml, which Material's script parses: {len(sitemap) / 1000:.1f} KB, "
          f"{len(gzip.compress(sitemap, 6)) / 1000:.1f} KB gzipped, {sitemap.count(b'<url>')} pages listed", flush=True)
    results: dict[str, dict] = {}
    try:
        chosen = pages(site)
        if args.pages:
            chosen = {name: chosen[name] for name in args.pages.split(",")}
        for name, path in chosen.items():
            runs = [audit(exe, base + path, args.save / f"{name}-{run + 1}.json" if args.save else None)
                    for run in range(args.runs)]
            figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            figures["path"] = path
            if args.runs > 1:
                figures["performance_runs"] = [run["performance"] for run in runs]
                figures["tbt_ms_runs"] = [run["tbt_ms"] for run in runs]
            results[name] = figures
            print(f"{name:<11} {figures['performance']:>5} perf  CLS {figures['cls']:<6} TBT {figures['tbt_ms']:>5} ms  "
                  f"LCP {figures['lcp_ms']:>5} ms  {figures['bytes'] / 1000:>6.0f} KB  {figures['dom_elements']:>5} elements  {path}",
                  flush=True)
    finally:
        server.shutdown()
        server.server_close()
    summary = {
        "n": args.profiles,
        "runs": args.runs,
        "build_s": round(t_build, 2),
        "site_url": site_url,
        "sitemap_bytes": len(sitemap),
        "sitemap_gzip_bytes": len(gzip.compress(sitemap, 6)),
        "pages": results,
        "min_performance": min(r["performance"] for r in results.values()),
        "max_cls": max(r["cls"] for r in results.values()),
        "max_tbt_ms": max(r["tbt_ms"] for r in results.values()),
    }
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
