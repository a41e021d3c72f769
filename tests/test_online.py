"""`check --online` against fixture pages served on 127.0.0.1: a redirect, a dead link, a GBK
page, a value split across tags, a page over the size limit and a page that no longer holds its
value. No test reaches another host."""
from __future__ import annotations

import http.server
import io
import json
from contextlib import contextmanager

import pytest

from conftest import MINIMAL, loopback_server, run_cli, write
from generator.build import build
from generator.check import check_project
from generator.online import check_online, decode, html_text

NAME_ZH = "中源协和细胞基因工程股份有限公司"
PAGES = {
    "/ok": ("200", "text/html; charset=utf-8",
            "<html><head><title>Roundup</title></head><body><p>CXSL2599991 accepted on 2025年5月20日.</p></body></html>".encode()),
    "/gbk": ("200", "text/html",
             f'<html><head><meta charset="gb2312"></head><body><p>{NAME_ZH}：受理号CXSL2599992</p></body></html>'.encode("gbk")),
    "/split": ("200", "text/html; charset=utf-8",
               "<p>受理号 CXSL<b>25</b><span>99993</span>，<i>2025</i>年5月20日</p>".encode()),
    "/big": ("200", "text/html; charset=utf-8", b"<p>CXSL2599994</p>" + b"x" * 40_000),
    "/changed": ("200", "text/html; charset=utf-8", b"<p>This page now lists CXSL2500000 only.</p>"),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_response(404)
            self.end_headers()
            self.wfile.write(b"not found")
            return
        status, ctype, body = PAGES[self.path]
        self.send_response(int(status))
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def fixture_server():
    """The fixture pages on 127.0.0.1; the URL without its final slash (the paths bring it)."""
    with loopback_server(_Handler) as url:
        yield url.rstrip("/")


CASES = [  # path, identifier the profile says the page holds
    ("/redirect", "CXSL2599991"),
    ("/gone", "CXSL2599990"),
    ("/gbk", "CXSL2599992"),
    ("/split", "CXSL2599993"),
    ("/big", "CXSL2599994"),
    ("/changed", "CXSL2599995"),
]


def _web_project(project, base: str):
    entries = "".join(
        f'\n"{base}{path}":\n  label: Fixture page {path}\n  title: Fixture page {path}\n  outlet: Fixture outlet\n'
        f'  kind: aggregator\n  published: not stated\n  accessed: "2026-12-02"\n  language: [zh]\n'
        for path, _ in CASES)
    with open(project.sources_meta, "a", encoding="utf-8") as f:
        f.write(entries)
    profile = MINIMAL.format(id="web-test") + "identifiers:\n" + "".join(
        f"  - type: cde-acceptance\n    value: {value}\n    cite:\n      - source: {base}{path}\n        at: ¶1\n"
        for path, value in CASES)
    profile += f"developers:\n  - name_zh: {NAME_ZH}\n    cite:\n      - source: {base}/gbk\n        at: ¶1\n"
    profile += ("milestones:\n  - date: \"2025-05-20\"\n    event: ind-accepted\n    description: Accepted.\n"
                f"    cite:\n      - source: {base}/split\n        at: ¶1\n")
    write(project, "web-test.yaml", profile)


@pytest.fixture(autouse=True)
def no_other_host(monkeypatch):
    """The tree's real web sources (cited by context/coverage.yaml and any profile) must not be
    fetched: every host but 127.0.0.1 goes through a proxy that does not exist, and fails at once."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1")


@pytest.fixture
def online(project):
    with fixture_server() as base:
        _web_project(project, base)
        result = check_project(project)
        assert result.ok, result.problems
        out = io.StringIO()
        code = check_online(project, result, today="2026-12-02", max_bytes=20_000, out=out)
        saved = json.loads((project.seeds_dir / "online-check.json").read_text(encoding="utf-8"))
        yield base, code, out.getvalue().splitlines(), saved["pages"]


def test_results_per_page(online):
    base, code, lines, pages = online
    assert code == 1
    assert {url: p["result"] for url, p in pages.items() if url.startswith(base)} == {
        f"{base}/redirect": "ok",
        f"{base}/gone": "dead link: HTTP 404",
        f"{base}/gbk": "ok",
        f"{base}/split": "ok",
        f"{base}/big": "page larger than the 19 KB limit",
        f"{base}/changed": "1 value(s) no longer on the page",
    }
    assert pages[f"{base}/redirect"]["final_url"] == f"{base}/ok"  # redirects are followed
    assert pages[f"{base}/changed"]["missing"] == ["CXSL2599995"]
    assert all(p["checked"] == "2026-12-02" for p in pages.values())
    others = [p for url, p in pages.items() if not url.startswith(base)]  # the tree's real web sources
    assert all(p["result"].startswith("dead link") for p in others)  # refused by the test's proxy, never fetched


def test_failures_are_reported_at_their_place(online):
    base, code, lines, pages = online
    assert any(line.startswith("seeds/sources.yaml:") and f"{base}/gone: dead link: HTTP 404 (checked 2026-12-02)" in line
               for line in lines)
    assert any(line.startswith("seeds/sources.yaml:") and "page larger than the 19 KB limit" in line for line in lines)
    changed = [line for line in lines if "CXSL2599995" in line]
    assert len(changed) == 1
    assert changed[0].startswith("profiles/web-test.yaml:")
    assert f"identifiers[5].cite[0].source: identifiers[5].value: 'CXSL2599995' is not on {base}/changed any more" in changed[0]


def test_pages_say_when_a_source_was_last_checked_online(online, project):
    base, *_ = online
    outcome = build(project)
    assert not outcome.problems
    page = (project.docs_dir / "profiles/web-test.md").read_text(encoding="utf-8")
    assert "last checked online <time>2026-12-02</time>" in page
    assert "last checked online <time>2026-12-02</time>: dead link: HTTP 404" in page
    report = json.loads((project.docs_dir / "api/v1/provenance.json").read_text(encoding="utf-8"))
    assert {"url": f"{base}/gbk", "last_checked_online": "2026-12-02", "online_result": "ok"} in report["web_pages"]


def test_decoding_and_text():
    gbk = f'<meta charset="GBK"><p>{NAME_ZH}</p>'.encode("gbk")
    assert NAME_ZH in decode(gbk)
    assert NAME_ZH in decode(f"<p>{NAME_ZH}</p>".encode("gb18030"), "text/html; charset=gb2312")
    assert NAME_ZH in decode(f"<p>{NAME_ZH}</p>".encode("utf-8"))
    assert "CXSL2599993" in html_text("<p>CXSL<b>25</b><span>99993</span></p>")
    assert "alert" not in html_text("<script>alert(1)</script><p>text</p>")
    assert "a b" in " ".join(html_text("<p>a</p><p>b</p>").split())  # blocks stay apart


def test_the_cli_writes_the_results_file(project):
    with fixture_server() as base:
        _web_project(project, base)
        result = run_cli("check", "--online", root=project.root)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert "dead link: HTTP 404" in result.stdout
    pages = json.loads((project.seeds_dir / "online-check.json").read_text(encoding="utf-8"))["pages"]
    assert pages[f"{base}/gbk"]["result"] == "ok"


def test_the_weekly_workflow_runs_it():
    from conftest import ROOT
    import yaml
    flow = yaml.safe_load((ROOT / ".github/workflows/online-check.yml").read_text(encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as true
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    steps = " ".join(str(step.get("run", "")) for job in flow["jobs"].values() for step in job["steps"])
    assert "check --online" in steps
