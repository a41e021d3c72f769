"""Fixtures over the real parts: the real tree, a real MkDocs build, a real HTTP server on
127.0.0.1 and Debian's headless Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.project import Project  # noqa: E402
from generator.worktree import copy_tree as _copy_tree  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
RESULTS = ROOT / "test-results"
TEST_REPO_URL = "https://github.com/example/china-stem-cell-tracker"  # as the workflows set it

SEED = "003_5b6dafc463f4908e.txt"

MINIMAL = f"""\
# yaml-language-server: $schema=../generator/schema/profile.schema.json
id: {{id}}
last_reviewed: "2026-11-21"
names:
  en: VUM02 Injection
  cite:
    - source: {SEED}
      quote: "Drug Name: VUM02 Injection"
summary:
  text: A test profile.
  cite:
    - source: {SEED}
      quote: VUM02 injection is a cryopreserved cell preparation
regulatory:
  pathway: drug-registration
  cite:
    - source: {SEED}
      quote: received approval from the National Medical Products Administration for the clinical trial
development:
  stage: ind-approved
  status: unknown
  cite:
    - source: {SEED}
      quote: received approval from the National Medical Products Administration for the clinical trial
"""


def write(project: Project, name: str, text: str) -> None:
    (project.profiles_dir / name).write_text(text, encoding="utf-8")


def run_cli(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "generator"]
    if root is not None:
        cmd += ["--root", str(root)]
    return subprocess.run(cmd + list(args), cwd=ROOT, capture_output=True, text=True, timeout=120)


def mkdocs_build(config: Path, site: Path, site_url: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_REPO_URL=TEST_REPO_URL)
    env.pop("SITE_URL", None)
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                          cwd=config.parent, capture_output=True, text=True, env=env, timeout=600)


# Tests of behaviour read their own profiles, frozen here, so they hold whatever profiles/ holds:
# today's five as they stood when these tests were written. Tests of the real data check
# invariants only (tests/invariants.py).
FIXTURES = ROOT / "tests" / "fixtures" / "profiles"
FIXTURE_PROFILES = tuple(sorted(p.stem for p in FIXTURES.glob("*.yaml")))


def copy_tree(dest: Path, *, profiles: bool | Iterable[str] = True) -> Path:
    """A working copy of the project's code, seeds, context, docs and config, with the fixture
    profiles (all of them, those named, or none): a tree to build and change freely."""
    tree = _copy_tree(ROOT, dest, profiles=False)
    names = FIXTURE_PROFILES if profiles is True else () if profiles is False else tuple(profiles)
    for name in names:
        shutil.copy(FIXTURES / f"{name}.yaml", tree / "profiles" / f"{name}.yaml")
    _keep_cited_sources(tree)
    return tree


def _cited(data) -> set[str]:
    if isinstance(data, dict):
        own = {data["source"]} if isinstance(data.get("source"), str) else set()
        return own.union(*(_cited(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_cited(v) for v in data))
    return set()


def _keep_cited_sources(tree: Path) -> None:
    """Only the sources the fixture profiles and the context cite: a document or web page added
    to seeds/ would otherwise add a source page to every fixture site, and change its search."""
    from generator.load import load_file
    cited = set().union(*(_cited(load_file(p).data) for p in [*FIXTURES.glob("*.yaml"), *(tree / "context").glob("*.yaml")]))
    meta = tree / "seeds" / "sources.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, keep = [], True
    for line in lines:
        if line[:1] not in ("", " ", "#", "\n"):  # a top-level key: a source's entry starts
            key = line.split(":\n", 1)[0].strip().strip('"').strip("'")
            keep = key in cited
        if keep:
            kept.append(line)
    meta.write_text("".join(kept), encoding="utf-8")
    for seed in (tree / "seeds").glob("*.txt"):
        if seed.name not in cited:
            seed.unlink()


def real_tree(dest: Path) -> Path:
    """A working copy of the project with the real profiles, whatever they are today."""
    return _copy_tree(ROOT, dest, profiles=True)


@pytest.fixture
def project(tmp_path) -> Project:
    """A copy of the real tree with no profiles: tests add the files they need."""
    return Project(copy_tree(tmp_path, profiles=False))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # As GitHub Pages serves them: the source documents are UTF-8 text, some in Chinese.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".txt": "text/plain; charset=utf-8"}

    def log_message(self, *args):  # keep test output readable
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 for a site folder, stopped on leaving; yields its URL."""
    with loopback_server(functools.partial(_QuietHandler, directory=str(site))) as url:
        yield url


@contextmanager
def loopback_server(handler) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 with any request handler, stopped on leaving; yields
    its URL, ending in a slash."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    """An HTTP server on 127.0.0.1 for the built site, started first so the site can be built
    knowing its own address, as the published site is (canonical links, the feed, the sitemap)."""
    site = tmp_path_factory.mktemp("site")
    with serving(site) as url:
        yield site, url


def strict_build(config: Path, site: Path, site_url: str = "") -> Path:
    result = mkdocs_build(config, site, site_url=site_url)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert not warnings, warnings
    return site


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory) -> Path:
    """The tree `built_site` is built from: the fixture profiles (see FIXTURES)."""
    return copy_tree(tmp_path_factory.mktemp("fixture") / "tree")


@pytest.fixture(scope="session")
def built_site(_server, fixture_root) -> Path:
    """The fixture profiles, built by the real generator and `mkdocs build --strict`."""
    site, url = _server
    return strict_build(fixture_root / "mkdocs.yml", site, site_url=url)


@pytest.fixture(scope="session")
def _real_server(tmp_path_factory):
    site = tmp_path_factory.mktemp("real-site")
    with serving(site) as url:
        yield site, url


@pytest.fixture(scope="session")
def real_site(_real_server) -> Path:
    """The real profiles, whatever they are today, built in place (as `./dev build` does, so
    "last edited" comes from git) by the real generator and `mkdocs build --strict`."""
    site, url = _real_server
    return strict_build(ROOT / "mkdocs.yml", site, site_url=url)


@pytest.fixture(scope="session")
def real_site_url(_real_server, real_site) -> str:
    return _real_server[1]


@pytest.fixture(scope="session")
def site_url(_server, built_site) -> str:
    return _server[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: `./dev test` installs Debian's chromium"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def _guarded_page(browser, site_url: str):
    """A fresh page that fails the test on any request leaving the site at site_url."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not outside, f"requests left the site: {outside}"


@pytest.fixture
def page(browser, site_url):
    """A page on the site built from the fixture profiles."""
    with _guarded_page(browser, site_url) as pg:
        yield pg


@pytest.fixture
def real_page(browser, real_site_url):
    """A page on the site built from the real profiles."""
    with _guarded_page(browser, real_site_url) as pg:
        yield pg
