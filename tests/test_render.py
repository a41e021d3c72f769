"""Rendering: escaped, deterministic, incremental, and never partial."""
from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser

from conftest import FIXTURE_PROFILES, MINIMAL, SEED, copy_tree, mkdocs_build, run_cli, write
from generator.build import build
from generator.project import Project

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "![img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='javascript:alert(1)'>link</a>",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "**bold** _em_ `code` {: onclick=alert(1) }",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "</div></div><iframe src=//evil.example>",
]


def hostile_profile(pid: str) -> str:
    joined = " ".join(HOSTILE)
    text = MINIMAL.format(id=pid)
    text = text.replace("  en: VUM02 Injection", '  en: "A & B \\"quoted\\" {{x}} [x](javascript:y)"')
    # a name no quote states passes only when cited to a web page (cited, not verified)
    text = text.replace('      quote: "Drug Name: VUM02 Injection"', '      quote: "Drug Name: VUM02 Injection"\n    - source: https://example.org/hostile\n      at: headline', 1)
    text = text.replace("  text: A test profile.", "  text: " + json.dumps(joined))
    text += "notes:\n" + "".join(f"  - text: {json.dumps(h)}\n    cite: [{{source: {SEED}, quote: \"Drug Name: VUM02 Injection\"}}]\n" for h in HOSTILE)
    claimant = json.dumps('Dr. "X" & {{y}} [z](javascript:1)')
    text += f"claims:\n  - text: {json.dumps(joined)}\n    claimant: {claimant}\n"
    text += f"    cite: [{{source: {SEED}, quote: \"Drug Name: VUM02 Injection\"}}]\n"
    return text


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = _Collect()
    parser.feed(html)
    return parser.tags


def test_hostile_text_renders_inert(tmp_path):
    project = Project(copy_tree(tmp_path / "tree", profiles=False))
    with open(project.sources_meta, "a", encoding="utf-8") as f:
        f.write('\n"https://example.org/hostile":\n  label: Hostile page\n  title: Hostile page\n  outlet: Hostile outlet\n  kind: trade-press\n'
                '  published: not stated\n  accessed: "2026-12-02"\n  language: [en]\n')
    write(project, "hostile.yaml", hostile_profile("hostile"))
    write(project, "plain.yaml", MINIMAL.format(id="plain"))
    result = mkdocs_build(project.root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    hostile_html = (tmp_path / "site/profiles/hostile/index.html").read_text(encoding="utf-8")
    plain_html = (tmp_path / "site/profiles/plain/index.html").read_text(encoding="utf-8")

    def scripts(html):
        return sorted(a.get("src", "") for t, a in tags_of(html) if t == "script")

    tags = tags_of(hostile_html)
    assert scripts(hostile_html) == scripts(plain_html)  # only Material's own scripts
    assert not [t for t, _ in tags if t in ("iframe", "img", "object", "embed")]
    for tag, attrs in tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    # the text itself is there, visible and escaped
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in hostile_html
    assert "{{ 7*7 }} {% raw %} ${7*7}" in hostile_html  # template syntax is text, never evaluated
    assert "&amp;lt;script&amp;gt;" in hostile_html
    assert "<title>A &amp; B &#34;quoted&#34; {{x}} [x](javascript:y) - China Stem Cell Therapy Tracker</title>" in hostile_html


def _snapshot(docs) -> dict[str, str]:
    return {p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(docs.rglob("*")) if p.is_file()}


def test_build_is_deterministic_and_incremental(tmp_path):
    a = Project(copy_tree(tmp_path / "a"))
    b = Project(copy_tree(tmp_path / "b"))
    first = build(a)
    generated = {k for k in _snapshot(a.docs_dir) if not k.startswith(("about.md", "data.md", "stylesheets/", "javascripts/"))}
    assert not first.problems and first.profiles == len(FIXTURE_PROFILES)
    assert first.written == len(generated)
    assert {"profiles/vum02-ppf.md", "api/v1/profiles.json", "feed.xml", "browse/stage.md", "sources/003_5b6dafc463f4908e.md"} <= generated
    build(b)
    assert _snapshot(a.docs_dir) == _snapshot(b.docs_dir)  # byte-identical

    again = build(a)
    assert (again.written, again.removed, again.unchanged) == (0, 0, first.written)

    # editing one profile rewrites its page and the pages and data that show it, nothing else
    path = a.profiles_dir / "vum02-ppf.yaml"
    # an edit the fact check accepts (names compare without letter case), shown nowhere else
    path.write_text(path.read_text(encoding="utf-8").replace("en: VUM02 Injection", "en: VUM02 INJECTION"), encoding="utf-8")
    before = _snapshot(a.docs_dir)
    edited = build(a)
    after = _snapshot(a.docs_dir)
    changed = {k for k in after if before.get(k) != after[k]}
    showing = {k for k in after if "VUM02 INJECTION" in (a.docs_dir / k).read_text(encoding="utf-8", errors="replace")}
    assert changed == showing
    assert {"profiles/vum02-ppf.md", "profiles/index.md", "index.md", "api/v1/profiles.json",
            "api/v1/profiles/vum02-ppf.json", "api/v1/profiles.csv"} <= changed
    assert "profiles/amimatosa-agvhd.md" not in changed and "feed.xml" not in changed  # unrelated; no milestones
    assert edited.written == len(changed)

    # a removed profile takes its page and data with it
    path.unlink()
    before = _snapshot(a.docs_dir)
    gone = build(a)
    removed = set(before) - set(_snapshot(a.docs_dir))
    assert gone.removed == len(removed) and {"profiles/vum02-ppf.md", "api/v1/profiles/vum02-ppf.json"} <= removed
    # and the pages of facet values no other profile holds
    assert all(r.startswith("browse/") for r in removed - {"profiles/vum02-ppf.md", "api/v1/profiles/vum02-ppf.json"})
    assert not (a.docs_dir / "api/v1/profiles/vum02-ppf.json").exists()
    assert (a.docs_dir / "about.md").exists()  # hand-written pages are never touched


def test_search_words_come_from_text_in_any_container():
    from generator.search_terms import search_terms
    entry = ("CDE", {"expansion": "Center for Drug Evaluation (药品审评中心)"})  # as the glossary pairs them
    assert "审评中心" in search_terms([[entry]]).split(" ")


def test_generated_page_structure(tmp_path):
    tree = copy_tree(tmp_path / "tree")
    assert run_cli("build", root=tree).returncode == 0
    page = (tree / "docs/profiles/beike-huc-msc-sle.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "Human Umbilical Cord Mesenchymal Stem Cell Injection (Beike Biotech)"\n')
    for heading in ("## In plain words", "## Product", "## Indication", "## Regulatory path and identifiers",
                    "## Trials", "## Timeline", "## What the sources claim", "## Sources"):
        assert f"\n{heading}\n" in page
    assert "<code>CXSL2400092</code>" in page and "<code>2024LP01052</code>" in page
    amimatosa = (tree / "docs/profiles/amimatosa-agvhd.md").read_text(encoding="utf-8")
    # the seed names no developer and no cell type: the page says so instead of guessing
    assert '<dt>Developer</dt> <dd><span class="cst-nr">not reported</span></dd>' in amimatosa
    assert '<dt>Cells</dt> <dd><span class="cst-nr">not reported</span></dd>' in amimatosa
    # a block's citations stand below it, never on one of its rows, least of all on "not reported"
    product = page.split("\n## Product\n", 1)[1].split("\n## Indication\n", 1)[0]
    assert "<dt>Dosage form</dt> <dd><span class=\"cst-nr\">not reported</span></dd>" in product
    assert re.search(r"</dl>\n<p class=\"cst-cite\">Sources: <sup>(<a href=\"#note-\d+\">\[\d+\]</a>)+</sup></p>", product)
    for path in (tree / "docs/profiles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "not reported</span><sup>" not in text, path.name
        for group in re.findall(r"<sup>((?:<a href=\"#note-\d+\">\[\d+\]</a>)+)</sup>", text):
            numbers = [int(n) for n in re.findall(r"\[(\d+)\]", group)]
            assert numbers == sorted(numbers), (path.name, numbers)  # ascending, as readers expect
    # a space between each term and its description, or Pagefind indexes them as one word
    glued = [p.name for p in (tree / "docs").rglob("*.md") if "</dt><dd" in p.read_text(encoding="utf-8")]
    assert not glued, glued


def test_two_site_builds_are_byte_identical(tmp_path):
    """The whole built site, search index included, not only the generated Markdown and data."""
    tree = copy_tree(tmp_path / "tree")
    sites = []
    for name in ("one", "two"):
        result = mkdocs_build(tree / "mkdocs.yml", tmp_path / name)
        assert result.returncode == 0, result.stderr[-2000:]
        sites.append(_snapshot(tmp_path / name))
    assert sites[0] == sites[1]
    assert any(k.startswith("pagefind/") for k in sites[0]) and "feed.xml" in sites[0]


def test_parallel_build_writes_the_same_bytes(tmp_path):
    """Profile pages are rendered in forked workers from PARALLEL_FROM profiles on: same output.
    Run in a fresh interpreter, as this test process has server threads (then all stays serial)."""
    import subprocess
    import sys

    from conftest import ROOT
    serial, forked = Project(copy_tree(tmp_path / "serial")), Project(copy_tree(tmp_path / "forked"))
    assert not build(serial).problems
    script = ("import sys, pathlib, threading; import generator.parallel as par; from generator.build import build;"
              "from generator.project import Project; par.PARALLEL_FROM = 2; assert threading.active_count() == 1;"
              "assert not build(Project(pathlib.Path(sys.argv[1]))).problems")
    result = subprocess.run([sys.executable, "-c", script, str(forked.root)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert _snapshot(serial.docs_dir) == _snapshot(forked.docs_dir)
