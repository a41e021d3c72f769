"""Where one `mkdocs serve` rebuild spends its time, in this process, without a browser.

    python benchmarks/bench_rebuild.py --profiles 1000 [--profile-out rebuild.prof]

Creates N synthetic profiles (as benchmarks/bench_build.py does), then does what `./dev serve`
does for each edit, minus the watcher and the browser: `python -m generator build` first, then
MkDocs' serve-time configuration and first full build (hooks started as under `mkdocs serve`),
MkDocs' server handed to the hooks (never started: no requests, no watcher), then for each of
several edits to one profile's summary: MkDocs loading its configuration again (as `mkdocs serve`
does for every rebuild) and a dirty build. Each rebuild's wall-clock and CPU time are split into
the configuration, the generator (in the hook's on_config) and the rest of MkDocs' build; then
the listings the hook renders in the background once the page shows are timed, and the build of
those that changed, if any. Pagefind runs in the background as under `serve` and is not counted.
With `--profile-out`, the last rebuild is run under cProfile and its statistics written there.
Prints a table, then, as its last line, one JSON object. Figures only: no pass/fail.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_tree, report, work_folder  # noqa: E402


class Clock:
    """Wall-clock and CPU seconds (this process's) of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=200, help="number of synthetic profiles (default 200)")
    parser.add_argument("--edits", type=int, default=5, help="edits to time (default 5)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--profile-out", type=Path, help="write cProfile statistics of the last rebuild here")
    args = parser.parse_args()

    work = work_folder(parser, args.keep, "cst-rebuild-")
    project = make_tree(args.profiles, work / "tree")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # as ./dev sets it
    os.environ.pop("SITE_URL", None)
    subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "build"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chdir(project.root)

    import logging

    from mkdocs.commands import build as build_command
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer
    logging.basicConfig(level=logging.WARNING)

    site = tempfile.mkdtemp(prefix="mkdocs_")

    def config():
        cfg = load_config(config_file=str(project.root / "mkdocs.yml"), site_dir=site)
        cfg.site_url = "http://127.0.0.1:8000/"
        return cfg

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build_command.build(first, serve_url=first.site_url)
    # then what `mkdocs serve` does before it serves: its server (never started here: it answers
    # no requests and watches nothing) handed to the hooks
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=site)
    server.watch(first.docs_dir)
    first.plugins.on_serve(server, config=first, builder=lambda: None)
    # `mkdocs serve` answers requests on a thread of its own while it builds (the generator then
    # forks no workers: see generator/parallel.py)
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    hook_module = sys.modules["generator/mkdocs_hook.py"]
    hook_module.LISTINGS_AFTER = 0  # no browser to let reload first
    hook = hook_module._hook

    # the generator's share: time the build step the hook calls
    from generator.build import Generator
    spent = {}
    real_build = Generator.build

    def timed_build(*a, **k):
        with Clock() as c:
            out = real_build(*a, **k)
        spent["generator"] = c
        return out
    Generator.build = timed_build

    def rebuild(profiler=None):
        if profiler:
            profiler.enable()
        with Clock() as total:
            with Clock() as load:
                cfg = config()
            build_command.build(cfg, serve_url=cfg.site_url, dirty=True)
        if profiler:
            profiler.disable()
        return total, load, spent["generator"]

    target = sorted(project.profiles_dir.glob("*.yaml"))[0]
    rows, later = [], []
    for k in range(args.edits):
        time.sleep(1)
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("  text: ", f"  text: Edited{k}. ", 1), encoding="utf-8")
        profiler = cProfile.Profile() if args.profile_out and k == args.edits - 1 else None
        total, load, gen = rebuild(profiler)
        if profiler:
            profiler.dump_stats(str(args.profile_out))
        rows.append((total, load, gen))
        page = Path(site, "profiles", target.stem, "index.html").read_text(encoding="utf-8")
        assert f"Edited{k}." in page, "the edit is not in the built page"
        # the listings, rendered in the background once the page shows, and the build of any that changed
        with Clock() as listings:
            if hook.listings is not None:
                hook.listings.join()
        again = None
        if server._want_rebuild:
            server._want_rebuild = False
            again = rebuild()[0]
        later.append((listings, again))
        print(f"edit {k + 1}: {total.wall:.2f} s ({total.cpu:.2f} s CPU): configuration {load.wall:.2f} s, "
              f"generator {gen.wall:.2f} s, rest of MkDocs {total.wall - load.wall - gen.wall:.2f} s; "
              f"then the listings {listings.wall:.2f} s"
              + (f" and a build of those that changed {again.wall:.2f} s" if again else ", unchanged"), flush=True)

    def med(values):
        return round(statistics.median(values), 3)
    figures = {
        "n": args.profiles,
        "rebuild_s": med([t.wall for t, _, _ in rows]),
        "rebuild_cpu_s": med([t.cpu for t, _, _ in rows]),
        "config_s": med([c.wall for _, c, _ in rows]),
        "generator_s": med([g.wall for _, _, g in rows]),
        "generator_cpu_s": med([g.cpu for _, _, g in rows]),
        "mkdocs_rest_s": med([t.wall - c.wall - g.wall for t, c, g in rows]),
        "listings_later_s": med([lst.wall for lst, _ in later]),
        "listings_rebuilds": sum(1 for _, again in later if again),
    }
    report([
        ("profiles", f"{args.profiles}", "synthetic"),
        ("rebuild", f"{figures['rebuild_s']:.2f} s", f"median of {args.edits}; {figures['rebuild_cpu_s']:.2f} s CPU"),
        ("  configuration", f"{figures['config_s']:.2f} s", "MkDocs loading mkdocs.yml, as for every serve rebuild"),
        ("  generator", f"{figures['generator_s']:.2f} s", f"in the hook's on_config; {figures['generator_cpu_s']:.2f} s CPU"),
        ("  rest of MkDocs", f"{figures['mkdocs_rest_s']:.2f} s", "files, navigation, changed pages, sitemap, hooks"),
        ("listings, after", f"{figures['listings_later_s']:.2f} s",
         f"median, in the background once the page shows; {figures['listings_rebuilds']} changed and were built"),
    ], figures, 8)


if __name__ == "__main__":
    main()
