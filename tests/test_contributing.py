"""What a contributor uses: `new`, `draft`, the template in CONTRIBUTING.md, the repository files."""
from __future__ import annotations

import re

import yaml

from conftest import ROOT, run_cli
from generator.skeleton import template
from generator.sources import normalise


def test_contributing_template_is_the_schema():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- template:start -->\n```yaml\n(.*?)```\n<!-- template:end -->", text, re.S).group(1)
    assert block == template(), "CONTRIBUTING.md is out of date: paste `python -m generator new` output"


def test_template_lists_every_field_and_vocabulary():
    text = template()
    data = yaml.safe_load(text)
    from generator.validate import schema
    assert list(data) == list(schema()["properties"])
    for value in ("approved-conditional", "clinical-research-filing", "cde-acceptance", "umbilical-cord", "first-patient-enrolled"):
        assert value in text


def test_new_writes_a_commented_skeleton(project):
    result = run_cli("new", "acme-msc-knee", root=project.root)
    assert result.returncode == 0, result.stderr
    path = project.profiles_dir / "acme-msc-knee.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../generator/schema/profile.schema.json\n")
    assert "\nid: acme-msc-knee\n" in text
    # the skeleton is for filling in: check lists what is missing, with lines, and does not crash
    check = run_cli("check", root=project.root)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "profiles/acme-msc-knee.yaml:11:16: last_reviewed: '': must be a date written YYYY-MM-DD" in check.stdout
    assert run_cli("new", "acme-msc-knee", root=project.root).returncode == 2  # never overwrites
    assert run_cli("new", "Not_An_Id", root=project.root).returncode == 2


def test_draft_proposes_only_what_the_document_says():
    result = run_cli("draft", "seeds/001_2e7577810911cf49.txt")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert [(i["type"], i["value"]) for i in data["identifiers"]] == [
        ("cde-acceptance", "CXSL2400092"), ("clinical-trial-approval-notice", "2024LP01052")]
    assert [m["date"] for m in data["milestones"]] == ["2024-04-28"]
    assert data["cells"]["cell_type"] == "msc" and data["cells"]["tissue_source"] == "umbilical-cord"
    assert "moderate to severe systemic lupus erythematosus" in [i["name"] for i in data["indications"]]
    assert data["names"]["en"] == "" and data["development"]["stage"] == ""  # not guessed


def test_draft_quotes_are_verbatim_and_dates_without_year_are_not_completed():
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        result = run_cli("draft", f"seeds/{seed.name}")
        assert result.returncode == 0
        source = normalise(seed.read_text(encoding="utf-8"))
        quotes = re.findall(r"quote: (.*)", result.stdout)
        data = yaml.safe_load(result.stdout)

        def walk(x):
            if isinstance(x, dict):
                if x.get("quote"):
                    assert normalise(x["quote"]) in source, (seed.name, x["quote"])
                for v in x.values():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
        walk(data)
        assert quotes
    amimatosa = run_cli("draft", "seeds/004_0d42d5f0a81ffe65.txt").stdout
    assert "# A date without a year ('January 2nd')" in amimatosa
    assert "2025-01-02" not in amimatosa


def test_draft_refuses_files_outside_seeds(tmp_path):
    outside = tmp_path / "x.txt"
    outside.write_text("CXSL2400092", encoding="utf-8")
    assert run_cli("draft", str(outside)).returncode == 2
    assert run_cli("draft", "README.md").returncode == 2


def test_repository_files_for_contributors():
    forms = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml")}
    propose, report = forms["propose-profile.yml"], forms["report-error.yml"]

    def required(form):
        return {b["id"] for b in form["body"] if b.get("validations", {}).get("required")}
    assert "sources" in required(propose)
    assert {"page", "source"} <= required(report)
    assert (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").is_file()
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = [h["id"] for repo in hooks["repos"] for h in repo["hooks"]]
    assert {"check-jsonschema", "yamllint", "generator-check"} <= set(ids)
    assert "generator/schema/profile.schema.json" in (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
