"""Provenance, end to end: the edits the fact-level check exists to stop are rejected at their
file:line; pages mark what the build verified and say what it did not; the provenance report is
printed, on the site and in the data, and agrees with itself. Holds for any valid set of profiles."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from jsonschema import Draft202012Validator

from conftest import FIXTURES, MINIMAL, ROOT, SEED, copy_tree, run_cli, write
from generator.build import build
from generator.project import Project

BEIKE = "beike-huc-msc-sle"


def lines_of(result):
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = Project(copy_tree(tmp_path_factory.mktemp("prov")))
    outcome = build(project)
    assert not outcome.problems, outcome.problems
    return project


# The four edits at the top of issue 11, each of which passed the check before it.
ISSUE_EDITS = [
    ("    value: CXSL2400092", "    value: CXSL2400093", "identifiers[0].value", "CXSL2400093"),
    ('  - date: "2024-04-28"', '  - date: "2024-05-28"', "milestones[0].date", "2024-05-28"),
    ('        quote: "(acceptance number: CXSL2400092)"', "        quote: the", "identifiers[0].cite[0].quote", "one-word quote"),
    ("  stage: ind-approved", "  stage: approved", "development.stage", "'approved'"),
]


@pytest.mark.parametrize("old, new, field, words", ISSUE_EDITS, ids=["identifier", "date", "one-word-quote", "stage"])
def test_the_four_edits_of_the_issue_are_rejected(project, old, new, field, words):
    text = (FIXTURES / f"{BEIKE}.yaml").read_text(encoding="utf-8")  # the fixture: holds whatever profiles/ holds
    assert old in text
    write(project, f"{BEIKE}.yaml", text.replace(old, new, 1))
    result = run_cli("check", root=project.root)
    assert result.returncode == 1
    hits = [line for line in lines_of(result) if re.match(rf"profiles/{BEIKE}\.yaml:\d+:\d+: {re.escape(field)}: ", line)]
    assert hits and words in hits[0], lines_of(result)


def test_a_seed_without_its_entry_is_reported_once_and_first(project):
    (project.seeds_dir / "zz_new.txt").write_text("A new document about the CXSL2599999 application.\n", encoding="utf-8")
    profile = MINIMAL.format(id="cites-new").replace(f"source: {SEED}", "source: zz_new.txt")
    write(project, "cites-new.yaml", profile)
    lines = lines_of(run_cli("check", root=project.root))
    assert lines[0].startswith("seeds/sources.yaml:1:1: (file): document seeds/zz_new.txt has no metadata entry")
    assert [line for line in lines if "zz_new.txt" in line] == lines[:1]


def test_a_status_needs_its_date_and_pages_show_it(project, built):
    profile = MINIMAL.format(id="status-test").replace("  status: unknown", "  status: active")
    write(project, "status-test.yaml", profile)
    lines = lines_of(run_cli("check", root=project.root))
    assert lines == ["profiles/status-test.yaml:21:11: development.status: status 'active' needs `as_of`: the date of the "
                     "latest source that shows it (a status holds as of a date); with no dated source, the status is unknown"]
    for path in (built.profiles_dir).glob("*.yaml"):
        data = json.loads((built.docs_dir / "api/v1/profiles" / f"{path.stem}.json").read_text(encoding="utf-8"))
        dev = data["development"]
        if dev["status"] != "unknown":
            page = (built.docs_dir / "profiles" / f"{path.stem}.md").read_text(encoding="utf-8")
            assert f"(as of <time>{dev['as_of']}</time>" in page


def test_pages_mark_checked_values_and_explain_the_marks(built):
    report = json.loads((built.docs_dir / "api/v1/provenance.json").read_text(encoding="utf-8"))
    for row in report["profiles"]:
        page = (built.docs_dir / "profiles" / f"{row['id']}.md").read_text(encoding="utf-8")
        assert 'class="cst-legend"' in page and "the build found the value in a quote" in page  # the legend
        marks = re.findall(r'<abbr title="(checked against its quote|cited, not verified)">([✓○])</abbr>', page)
        assert marks, row["id"]
        assert sum(title.startswith("checked") for title, _ in marks) <= row["verified"]
        assert all((title, sign) in (("checked against its quote", "✓"), ("cited, not verified", "○")) for title, sign in marks)
        # free text carries no mark: the summary paragraph stands without one
        summary = page.split("## In plain words", 1)[1].split("##", 1)[0]
        assert "✓" not in summary and "○" not in summary


def test_web_cited_values_are_shown_as_cited_not_verified(project):
    url = "https://example.org/roundup"
    with open(project.sources_meta, "a", encoding="utf-8") as f:
        f.write(f'\n"{url}":\n  label: Example roundup\n  title: Example roundup\n  outlet: Example outlet\n'
                '  kind: aggregator\n  published: not stated\n  accessed: "2026-12-02"\n  language: [zh]\n')
    profile = MINIMAL.format(id="web-only") + f"""\
identifiers:
  - type: cde-acceptance
    value: CXSL2599999
    cite:
      - source: {url}
        at: table row 3
"""
    write(project, "web-only.yaml", profile)
    outcome = build(project)
    assert not outcome.problems, outcome.problems
    page = (project.docs_dir / "profiles/web-only.md").read_text(encoding="utf-8")
    assert '<code>CXSL2599999</code><abbr title="cited, not verified">○</abbr>' in page
    report = json.loads((project.docs_dir / "api/v1/provenance.json").read_text(encoding="utf-8"))
    row = next(r for r in report["profiles"] if r["id"] == "web-only")
    assert row["not_verified"] == {"identifiers[0].value": "CXSL2599999"}
    assert row["web_citations"] == 1 and row["web_pages"] == [url]
    assert "identifiers[0].value" not in json.dumps([r for r in report["profiles"] if r["id"] == "web-only"][0]["verified"])
    assert {"url": url, "last_checked_online": "", "online_result": ""} in report["web_pages"]
    assert "not yet checked online" in page


def test_the_report_is_published_valid_and_adds_up(built):
    report = json.loads((built.docs_dir / "api/v1/provenance.json").read_text(encoding="utf-8"))
    schema = json.loads((built.docs_dir / "schema/provenance.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(report)) == []
    ids = sorted(p.stem for p in built.profiles_dir.glob("*.yaml"))
    assert [r["id"] for r in report["profiles"]] == ids and report["profiles_count"] == len(ids)
    for key, total in report["totals"].items():
        assert total == sum(r[key] for r in report["profiles"]) + report["context"][key]
    page = (built.docs_dir / "provenance.md").read_text(encoding="utf-8")
    for r in report["profiles"]:
        assert re.search(rf'<tr id="{r["id"]}">\s*<td><a href="\.\./{r["url"]}">', page), r["id"]
    assert f"<dt>Values checked by machine</dt> <dd>{report['totals']['verified']}</dd>" in page
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - Provenance: provenance.md\n" in nav


def test_check_report_prints_the_same_counts(built):
    result = run_cli("check", "--report", root=built.root)
    assert result.returncode == 0, result.stdout
    report = json.loads((built.docs_dir / "api/v1/provenance.json").read_text(encoding="utf-8"))
    for r in report["profiles"]:
        assert re.search(rf"^{re.escape(r['id'])}\s+{r['verified']}\s+{r['cited_not_verified']}\s+{r['free_text']}\s+{r['web_citations']}$",
                         result.stdout, re.M)
    t = report["totals"]
    assert re.search(rf"^total\s+{t['verified']}\s+{t['cited_not_verified']}\s+{t['free_text']}\s+{t['web_citations']}$", result.stdout, re.M)


def test_a_date_whose_year_comes_from_the_date_line_says_so_everywhere(built):
    """Every milestone with `year_from` shows how its date was derived on its profile page, the
    timeline, the feed and (when it is the latest) the CSV; the JSON keeps the field."""
    derived = []
    for path in sorted(built.profiles_dir.glob("*.yaml")):
        data = json.loads((built.docs_dir / "api/v1/profiles" / f"{path.stem}.json").read_text(encoding="utf-8"))
        derived += [(path.stem, m) for m in data.get("milestones") or [] if m.get("year_from")]
    if not derived:
        pytest.skip("no profile takes a year from a date line")
    feed = (built.docs_dir / "feed.xml").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((built.docs_dir / "api/v1/profiles.csv").read_bytes().decode("utf-8-sig"))))
    timeline = "".join(p.read_text(encoding="utf-8") for p in [built.docs_dir / "timeline.md", *(built.docs_dir / "timeline").glob("*.md")])
    for pid, m in derived:
        page = (built.docs_dir / "profiles" / f"{pid}.md").read_text(encoding="utf-8")
        shown = f"<time>{m['date']}</time>"
        for text in (page, timeline):
            at = text.index(shown)
            assert "year from the source&#39;s date line" in text[at:at + 1000]
        assert "year from the source&#39;s date line" in feed or "year from the source's date line" in feed
        row = next(r for r in rows if r["id"] == pid)
        if row["latest_milestone_date"] == m["date"]:
            assert "year from the source's date line" in row["latest_milestone_date_basis"]


def test_year_from_is_checked_part_by_part(project):
    # the frozen fixture copy: the real profile may gain web sources the fixture tree does not list
    text = (FIXTURES / "amimatosa-agvhd.yaml").read_text(encoding="utf-8")
    assert "year_from:" in text
    write(project, "amimatosa-agvhd.yaml", text)
    assert run_cli("check", root=project.root).returncode == 0
    write(project, "amimatosa-agvhd.yaml", text.replace('date: "2025-01-02"', 'date: "2025-01-03"'))
    lines = lines_of(run_cli("check", root=project.root))
    assert len(lines) == 1 and "milestones[0].date: 2025-01-03 is written in no quote" in lines[0]
    write(project, "amimatosa-agvhd.yaml", text.replace('date: "2025-01-02"', 'date: "2025-01-09"'))
    lines = lines_of(run_cli("check", root=project.root))
    assert any("is after the date line" in line for line in lines)


def test_context_statements_are_cited_or_marked_as_the_trackers_own(project):
    path = project.root / "context/glossary.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "XYZ:\n  expansion: an uncited expansion\n", encoding="utf-8")
    lines = lines_of(run_cli("check", root=project.root))
    assert any(re.match(r"context/glossary\.yaml:\d+:\d+: XYZ: no citation: .*own_explanation: true", line) for line in lines)


def test_glossary_marks_its_own_explanations(built):
    page = (built.docs_dir / "glossary.md").read_text(encoding="utf-8")
    assert "the tracker&#39;s own explanation" in page or "the tracker's own explanation" in page
