"""Property: whatever text a contributor puts in any string field, the generator never crashes,
and the page it renders holds no live HTML: only the tags our templates write, no event
handlers, no script or javascript:/data: links."""
from __future__ import annotations

import copy
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import SEED, copy_tree
from generator.build import build
from generator.project import Project

CITE = [{"source": SEED, "quote": "Drug Name: VUM02 Injection"}]
BASE = {
    "id": "prop", "last_reviewed": "2026-11-21",
    "names": {"en": "VUM02 Injection", "aliases": ["x"], "cite": CITE},
    "summary": {"text": "x", "cite": CITE},
    "developers": [{"name": "x", "description": "x", "cite": CITE}],
    "indications": [{"name": "x", "description": "x", "population": "x", "therapeutic_areas": ["respiratory"], "cite": CITE}],
    "regulatory": {"pathway": "drug-registration", "notes": ["x"], "guidelines": ["x"], "cite": CITE},
    "identifiers": [{"type": "cde-acceptance", "value": "CXSL2500651", "description": "x", "cite": CITE}],
    "development": {"stage": "ind-approved", "status": "active", "cite": CITE},
    "trials": [{"title": "x", "purpose": "x", "design": ["x"], "sites": ["x"], "cite": CITE}],
    "milestones": [{"date": "2025", "event": "other", "description": "x", "cite": CITE}],
    "claims": [{"text": "x", "claimant": "x", "cite": [{"source": SEED, "quote": "Drug Name: VUM02 Injection"}]}],
    "financials": [{"description": "x", "amount": 1, "currency": "CNY", "cite": CITE}],
    "notes": [{"text": "x", "cite": CITE}],
}
FIELDS = [
    ("names", "en"), ("names", "zh"), ("names", "aliases", 0), ("summary", "text"),
    ("developers", 0, "name"), ("developers", 0, "description"), ("indications", 0, "name"),
    ("indications", 0, "description"), ("indications", 0, "population"), ("regulatory", "notes", 0),
    ("regulatory", "guidelines", 0), ("identifiers", 0, "description"), ("trials", 0, "title"),
    ("trials", 0, "purpose"), ("trials", 0, "design", 0), ("trials", 0, "sites", 0),
    ("milestones", 0, "description"), ("claims", 0, "text"), ("claims", 0, "claimant"),
    ("financials", 0, "description"), ("notes", 0, "text"), ("summary", "cite", 0, "source"),
]
TEMPLATE_TAGS = {"h1", "h2", "h3", "div", "dl", "dt", "dd", "p", "span", "code", "sup", "a", "ul", "ol", "li",
                 "b", "strong", "time", "table", "caption", "thead", "tbody", "tr", "th", "td", "br", "em", "abbr", "small", "nav"}
NASTY = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "](data:text/html,1)",
    "{{ 7*7 }}", "{% raw %}", "\n\n    <i>indented</i>\n", "&lt;b&gt;", "```\ncode\n```", "<!--", "-->", "]]>",
    "{: onclick='x' }", "<div markdown=\"1\">*x*</div>", "\u200b", "中源协和", "\x00", "\x1b[31m", "'", '"', "\\",
    "https://example.com/\"><script>", "javascript:alert(1)", "--- \ntitle: x\n---",
])
TEXT = st.lists(st.one_of(st.text(max_size=40), NASTY), min_size=1, max_size=5).map("".join)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the loader refuses anchors; BASE shares its CITE list
        return True


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def prop_project(tmp_path_factory) -> Project:
    return Project(copy_tree(tmp_path_factory.mktemp("prop"), profiles=False))


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def test_base_profile_renders(prop_project):
    (prop_project.profiles_dir / "prop.yaml").write_text(yaml.dump(BASE, Dumper=_NoAliases), encoding="utf-8")
    assert build(prop_project).problems == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), text=TEXT)
def test_any_text_in_any_field_renders_inert(prop_project, field, text):
    data = copy.deepcopy(BASE)
    _set(data, field, text)
    (prop_project.profiles_dir / "prop.yaml").write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True), encoding="utf-8")
    outcome = build(prop_project)  # must not raise, whatever the text
    event("rejected" if outcome.problems else "rendered")
    if outcome.problems:
        assert all(p.file == "profiles/prop.yaml" and p.line >= 1 for p in outcome.problems)
        return
    page = (prop_project.docs_dir / "profiles/prop.md").read_text(encoding="utf-8")
    front, body = page.split("\n---\n", 1)
    meta = yaml.safe_load(front.removeprefix("---\n"))
    assert "<" not in meta["title"] and "<" not in meta["description"]
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition", "toc"])
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in TEMPLATE_TAGS, (tag, attrs, text)
        assert not [k for k in attrs if k.startswith("on") or k == "style"], (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
