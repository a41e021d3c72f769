"""`mkdocs serve` as a contributor runs it: editing one YAML file updates the served page, the
generator rewrites only that profile's page and the data that list it, and one edit costs one
build."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import copy_tree, mkdocs_build
from generator.project import Project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1 only)
        return response.read().decode("utf-8")


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            page = _fetch(url)
            if text in page:
                return page
        except OSError:
            pass  # not up yet, or rebuilding
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not served at {url} within {seconds} s")


def _mtimes(project: Project) -> dict[str, int]:
    docs = project.docs_dir
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


class _Serving:
    """`mkdocs serve` on 127.0.0.1 in a subprocess; its log is read once it has stopped."""

    def __init__(self, project: Project, *options: str):
        self.port = _free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env.pop("SITE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", *options,
             "-f", str(project.root / "mkdocs.yml")],
            cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.log = ""

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            _, self.log = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, self.log = self.process.communicate()


def _wait_for_404(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            _fetch(url)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} still served after {seconds} s")


def test_serve_follows_a_yaml_edit(tmp_path):
    project = Project(copy_tree(tmp_path / "tree"))
    with _Serving(project) as server:
        url = server.url("profiles/vum02-ppf/")
        _wait_for(url, "VUM02 Injection")
        # a source document in Chinese is served as UTF-8, not left to the browser to guess
        with urllib.request.urlopen(server.url("sources/003_5b6dafc463f4908e.txt"), timeout=5) as response:  # noqa: S310
            assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
            assert "中源协和" in response.read().decode("utf-8")
        before = _mtimes(project)
        path = project.profiles_dir / "vum02-ppf.yaml"
        text = path.read_text(encoding="utf-8")
        old = "    VUM02 Injection is a frozen"  # the summary's first line
        assert old in text
        path.write_text(text.replace(old, "    Served edit. VUM02 Injection is a frozen", 1), encoding="utf-8")
        _wait_for(url, "Served edit.")
        time.sleep(5)  # time enough for a second build to start and finish, were one triggered
        after = _mtimes(project)
        rewritten = {rel for rel, mtime in after.items() if before.get(rel) != mtime}
        # the summary shows on the profile page and in the data; no other page shows it
        assert rewritten == {"profiles/vum02-ppf.md", "api/v1/profiles/vum02-ppf.json", "api/v1/profiles.json"}, rewritten
        # hand-written pages are still watched
        about = project.docs_dir / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nHand-written edit.\n", encoding="utf-8")
        _wait_for(server.url("about/"), "Hand-written edit.")
        time.sleep(3)
    # one build to start and one for each edit: the generator's own writes to docs/ do not wake
    # the watcher for another
    assert server.log.count("Building documentation") == 3, server.log


def test_serve_dirty_follows_edits_and_drops_a_deleted_profile(tmp_path):
    """`./dev serve --dirty` (README): only changed pages are rebuilt, and what the generator no
    longer makes leaves the site."""
    project = Project(copy_tree(tmp_path / "tree"))
    with _Serving(project, "--dirty") as server:
        page = server.url("profiles/vum02-ppf/")
        _wait_for(page, "VUM02 Injection")
        path = project.profiles_dir / "vum02-ppf.yaml"
        # a name the fact check still finds in its quote (names compare without letter case)
        path.write_text(path.read_text(encoding="utf-8").replace("en: VUM02 Injection", "en: VUM02 INJECTION", 1),
                        encoding="utf-8")
        _wait_for(page, "VUM02 INJECTION")
        _wait_for(server.url("profiles/"), "VUM02 INJECTION")  # the overview lists it
        path.unlink()
        _wait_for_404(page)
        _wait_for_404(server.url("api/v1/profiles/vum02-ppf.json"))
        # the listings follow in a build of their own, once the edit's pages show (README)
        overview = _wait_without(server.url("profiles/"), "vum02-ppf")
        assert "4 profiles" in overview
    assert "Listings changed" in server.log


def _wait_without(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            page = _fetch(url)
            if text not in page:
                return page
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} still served at {url} after {seconds} s")


def test_serve_shows_problems_in_the_browser_until_fixed(tmp_path):
    """A breaking edit under `./dev serve`: the profile's page, and a banner on every other page,
    list the problems as check prints them, escaped; fixing them brings the page back."""
    project = Project(copy_tree(tmp_path / "tree"))
    with _Serving(project) as server:
        url = server.url("profiles/vum02-ppf/")
        _wait_for(url, "VUM02 Injection")
        path = project.profiles_dir / "vum02-ppf.yaml"
        good = path.read_text(encoding="utf-8")
        assert "  stage: ind-approved\n" in good
        path.write_text(good.replace("  stage: ind-approved\n", '  stage: "<img src=x onerror=alert(1)>"\n'), encoding="utf-8")
        page = _wait_for(url, "Problems to fix")
        assert "profiles/vum02-ppf.yaml:" in page and "development.stage: '&lt;img src=x onerror=alert(1)&gt;'" in page
        assert "<img src=x" not in page  # the contributor's text, never markup
        for other in ("", "profiles/beike-huc-msc-sle/", "about/"):  # the last good pages, with the banner
            html = _fetch(server.url(other))
            assert 'class="cst-problems"' in html and "profiles/vum02-ppf.yaml:" in html, other
        assert "Human Umbilical Cord" in _fetch(server.url("profiles/beike-huc-msc-sle/"))
        # a new profile that never built gets its own page of problems too
        (project.profiles_dir / "brand-new.yaml").write_text("id: brand-new\nnames: {en: [\n", encoding="utf-8")
        _wait_for(server.url("profiles/brand-new/"), "profiles/brand-new.yaml:3:1: (yaml): invalid YAML")
        # fixed: the problems leave every page
        (project.profiles_dir / "brand-new.yaml").unlink()
        path.write_text(good, encoding="utf-8")
        page = _wait_without(url, 'class="cst-problems"')
        assert "VUM02 Injection" in page and "Problems to fix" not in page
        assert 'class="cst-problems"' not in _fetch(server.url(""))
    assert "profiles have problems" in server.log


def test_a_built_site_never_shows_problems(tmp_path):
    """`mkdocs build` (strict, as CI and the Pages deploy run it) fails on the same data instead."""
    tree = copy_tree(tmp_path / "tree")
    path = tree / "profiles/vum02-ppf.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  stage: ind-approved\n", "  stage: nowhere\n"), encoding="utf-8")
    result = mkdocs_build(tree / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0 and "profiles/vum02-ppf.yaml:" in result.stdout + result.stderr
    built = [p for p in (tmp_path / "site").rglob("*.html")] if (tmp_path / "site").exists() else []
    assert not any("cst-problems" in p.read_text(encoding="utf-8") for p in built)
