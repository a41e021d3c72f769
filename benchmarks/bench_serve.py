"""Edit to visible: how long a contributor waits, under the README's serve command, between
saving a profile and seeing the edit in the browser.

    python benchmarks/bench_serve.py --profiles 1000

Creates N synthetic profiles (as benchmarks/bench_build.py does), runs what `./dev serve` runs
(`python -m generator build`, then `mkdocs serve` on 127.0.0.1, with the same environment) in
that tree, then edits one profile's summary several times. After each edit, headless Chromium
reloads the profile's page until the new text shows: `edit_to_visible_s` is the median of those
waits, `edit_to_visible_max_s` the longest. The search index may catch up just after the page
shows; `search_caught_up_s` is how long after each edit Pagefind's index had changed (its
entry file names the index's hashes). Prints a table, then, as its last line, one JSON object.
Figures only: no pass/fail (targets are in the README's Performance section).
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_tree, report, work_folder  # noqa: E402

CHROME = os.environ.get("CHROMIUM") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except OSError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=200, help="number of synthetic profiles (default 200)")
    parser.add_argument("--edits", type=int, default=5, help="edits to time (default 5)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    work = work_folder(parser, args.keep, "cst-serve-")
    project = make_tree(args.profiles, work / "tree")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # as ./dev sets it
    env.pop("SITE_URL", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "build"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    log = open(work / "serve.log", "w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    target = sorted(project.profiles_dir.glob("*.yaml"))[0]
    url = f"{base}profiles/{target.stem}/"
    waits: list[float] = []
    caught_up: list[float] = []
    try:
        while fetch(url) is None:
            if server.poll() is not None:
                sys.exit(f"error: mkdocs serve stopped; see {work / 'serve.log'}")
            time.sleep(0.5)
        t_start = time.perf_counter() - start
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROME, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(url)
            for k in range(args.edits):
                time.sleep(2)  # let the server settle: the edits are a contributor's, seconds apart
                entry = fetch(base + "pagefind/pagefind-entry.json")
                token = f"Edited{k}x{int(time.time())}"
                text = target.read_text(encoding="utf-8")
                edited = text.replace("  text: ", f"  text: {token} ", 1)
                assert edited != text
                t0 = time.perf_counter()
                target.write_text(edited, encoding="utf-8")
                while True:
                    try:
                        page.goto(url, wait_until="domcontentloaded")
                        if token in page.content():
                            break
                    except PlaywrightError:
                        pass  # mkdocs serve's live reload navigated the page meanwhile: look again
                    if time.perf_counter() - t0 > 300:
                        sys.exit(f"error: edit {k} not visible after 300 s; see {work / 'serve.log'}")
                    time.sleep(0.05)
                waits.append(time.perf_counter() - t0)
                while fetch(base + "pagefind/pagefind-entry.json") == entry and time.perf_counter() - t0 < 300:
                    time.sleep(0.1)
                caught_up.append(time.perf_counter() - t0)
                print(f"edit {k + 1}: visible after {waits[-1]:.2f} s, search index after {caught_up[-1]:.2f} s", flush=True)
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    # mkdocs serve logs each build's time: the rebuilds are what an edit waits for, less the
    # watcher's delay and the page load
    builds = [float(t) for t in re.findall(r"Documentation built in ([0-9.]+) seconds", (work / "serve.log").read_text())]
    figures = {
        "n": args.profiles,
        "edits": args.edits,
        "first_build_and_serve_s": round(t_start, 2),
        "edit_to_visible_s": round(statistics.median(waits), 2),
        "edit_to_visible_max_s": round(max(waits), 2),
        "edit_to_visible_all_s": [round(w, 2) for w in waits],
        "rebuild_s": round(statistics.median(builds[1:]), 2) if len(builds) > 1 else None,
        "search_caught_up_s": round(statistics.median(caught_up), 2),
        "search_caught_up_max_s": round(max(caught_up), 2),
    }
    rows = [
        ("profiles", f"{args.profiles}", "synthetic"),
        ("start", f"{t_start:.1f} s", "generator, then mkdocs serve's first build, until the page answers"),
        ("edit to visible", f"{figures['edit_to_visible_s']:.2f} s", f"median of {args.edits} edits to one profile's summary"),
        ("  longest", f"{figures['edit_to_visible_max_s']:.2f} s", ", ".join(f"{w:.2f}" for w in waits)),
        ("rebuild", f"{figures['rebuild_s']} s", "median of mkdocs serve's own rebuild times (generator and MkDocs)"),
        ("search caught up", f"{figures['search_caught_up_s']:.2f} s", f"median; longest {figures['search_caught_up_max_s']:.2f} s"),
    ]
    report(rows, figures, 10)


if __name__ == "__main__":
    main()
