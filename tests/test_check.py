"""`python -m generator check`: every problem, one line each, file:line:column: field: message."""
from __future__ import annotations

import json
import re

from conftest import MINIMAL, ROOT, SEED, run_cli, write



def check(project):
    result = run_cli("check", root=project.root)
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, result.stdout.splitlines()


def test_real_profiles_pass():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    profiles = len(list((ROOT / "profiles").glob("*.yaml")))
    assert re.search(rf"ok: {profiles} profiles?, \d+ sources?", result.stderr), result.stderr


def test_minimal_profile_passes(project):
    write(project, "vum02-test.yaml", MINIMAL.format(id="vum02-test"))
    assert check(project) == (0, [])


def test_every_problem_is_reported_with_its_position(project):
    text = MINIMAL.format(id="not-the-name")
    text = text.replace('last_reviewed: "2026-11-21"', 'last_reviewed: "2026-02-30"')
    text = text.replace("  en: VUM02 Injection\n", "  en: VUM02 Injection\n  colour: red\n")
    text = text.replace('quote: "Drug Name: VUM02 Injection"', 'quote: "Drug Name: VUM03 Injection"')
    text = text.replace("  stage: ind-approved", "  stage: phase2a")
    text = text.replace("  status: unknown", "  status: NO")
    text += f"""\
identifiers:
  - type: cde-acceptance
    value: CXSL25
    cite: [{{source: {SEED}, quote: \"Drug Name: VUM02 Injection\"}}]
  - type: clinical-trial-approval-notice
    value: 2025LP0285
    cite: [{{source: missing.txt}}]
milestones:
  - date: "2025-13"
    event: approved
    description: x
    cite: [{{source: "javascript:alert(1)"}}]
financials:
  - description: invested
    amount: lots
    currency: CNY
    cite: [{{source: {SEED}, quote: \"Drug Name: VUM02 Injection\"}}]
"""
    write(project, "vum02-test.yaml", text)
    code, lines = check(project)
    assert code == 1
    f = "profiles/vum02-test.yaml"
    assert lines == [
        f"{f}:2:5: id: id 'not-the-name' must equal the file name 'vum02-test'",
        f"{f}:3:16: last_reviewed: '2026-02-30' is not a real date: February 2026 has no day 30",
        f"{f}:6:3: names.colour: unknown field 'colour'",
        f"{f}:9:14: names.cite[0].quote: quote not found in {SEED}: it matches the document up to 'Drug Name:', "
        "then the quote has 'VUM03 Injection' where the document has 'VUM02 Injection - Dosage Form: Injection'",
        f"{f}:21:10: development.stage: 'phase2a' is not an allowed value (did you mean 'phase-2a'?); allowed: "
        "preclinical, ind-filed, ind-approved, clinical-research, phase-1, phase-1-2, phase-2, phase-2a, phase-2b, "
        "phase-3, nda-filed, approved-conditional, approved",
        f"{f}:22:11: development.status: 'NO' is not an allowed value; allowed: active, marketed, suspended, discontinued, unknown",
        f"{f}:28:12: identifiers[0].value: 'CXSL25': a CDE acceptance number is C or J, X, H/S/Z, L/S/B and 7 digits, e.g. CXSL2400092",
        f"{f}:31:12: identifiers[1].value: '2025LP0285': a clinical-trial approval notice number is a year, LP and 5 digits, e.g. 2024LP01052",
        f"{f}:32:21: identifiers[1].cite[0].source: no source document 'missing.txt' in seeds/ (is it listed in seeds/sources.yaml?)",
        f"{f}:34:11: milestones[0].date: '2025-13' is not a real date: month 13 does not exist",
        f"{f}:37:21: milestones[0].cite[0].source: 'javascript:alert(1)': must be the file name of a document in seeds/ or an http(s) URL",
        f"{f}:40:13: financials[0].amount: must be a number, not the text 'lots'",
        f"{f}:41:15: financials[0].currency: 'CNY' stands in no quote of this block: not in cite[0] 'Drug Name: VUM02 Injection'",
    ]


def test_file_level_problems(project):
    write(project, "Bad_Name.yaml", MINIMAL.format(id="Bad_Name"))
    write(project, "list.yaml", "- a\n- b\n")
    write(project, "other.yml", "id: other\n")
    write(project, "notes.txt", "hello\n")
    (project.profiles_dir / "link.yaml").symlink_to(project.root / "seeds" / SEED)
    write(project, "empty.yaml", "")
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "profiles/Bad_Name.yaml:1:1: (file name): 'Bad_Name' is not a valid id: use lower-case kebab-case (a-z, 0-9, single hyphens), at most 80 characters",
        "profiles/Bad_Name.yaml:2:5: id: 'Bad_Name': must be lower-case kebab-case (a-z, 0-9 and single hyphens), at most 80 characters",
        "profiles/empty.yaml:1:1: (file): file is empty",
        "profiles/link.yaml:1:1: (file): symbolic links are not allowed in profiles/; add the file itself",
        "profiles/list.yaml:1:1: (root): must be a mapping (key: value lines), not a list",
        "profiles/notes.txt:1:1: (file): only <id>.yaml profile files belong in profiles/",
        "profiles/other.yml:1:1: (file): profile files end in .yaml: rename to other.yaml",
    ]


def test_names_that_would_take_another_page_s_place(project):
    """A profile id or a document's name is part of an address (generator/routes.py): one that
    would take the place of another page is refused."""
    write(project, "index.yaml", MINIMAL.format(id="index"))
    (project.root / "seeds" / "index.txt").write_text("A document.\n", encoding="utf-8")
    meta = project.sources_meta
    meta.write_text(meta.read_text(encoding="utf-8") + "\nindex.txt:\n  label: x\n  title: x\n  outlet: x\n"
                    "  published: not stated\n  language: [en]\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert "profiles/index.yaml:1:1: (file name): 'index' cannot be an id: profiles/index.md is the profiles overview's own page" in lines
    assert any(re.fullmatch(r"seeds/sources\.yaml:\d+:1: index\.txt: rename seeds/index\.txt: .*", line) for line in lines), lines


def test_missing_required_fields_and_wrong_types(project):
    write(project, "bare.yaml", 'id: bare\nnames: VUM02\nlast_reviewd: 2026-11-21\nsummary: {text: 12, cite: []}\n')
    code, lines = check(project)
    assert code == 1
    assert lines == [
        "profiles/bare.yaml:1:1: (root): missing required field 'development'",
        "profiles/bare.yaml:1:1: (root): missing required field 'last_reviewed'",
        "profiles/bare.yaml:1:1: (root): missing required field 'regulatory'",
        "profiles/bare.yaml:2:8: names: must be a mapping (key: value lines), not the text 'VUM02'",
        "profiles/bare.yaml:3:1: last_reviewd: unknown field 'last_reviewd' (did you mean 'last_reviewed'?)",
        "profiles/bare.yaml:4:17: summary.text: must be text, not the number 12",
        "profiles/bare.yaml:4:27: summary.cite: needs at least 1 item",
    ]


def test_quotes_match_modulo_whitespace_and_typographic_quotes(project):
    # typographic quotes, line breaks and runs of spaces do not matter; words do
    seed_text = "As of September 2025,\n   the company has invested approximately RMB 23.52 million"
    text = MINIMAL.format(id="quote-test").replace(
        'quote: VUM02 injection is a cryopreserved cell preparation', "quote: " + json.dumps(seed_text.replace("the", "the"[:3])).replace("As of", "As  of"))
    write(project, "quote-test.yaml", text)
    assert check(project) == (0, [])
    write(project, "quote-test.yaml", text.replace("approximately", "about"))
    code, lines = check(project)
    assert code == 1 and "quote not found" in lines[0]


def test_sources_metadata_is_checked(project):
    meta = project.sources_meta
    meta.write_text(meta.read_text(encoding="utf-8").replace('published: "2023-11-04"', "published: last week")
                    + "\nghost.txt:\n  label: x\n  title: x\n  outlet: x\n  published: not stated\n  language: [en]\n",
                    encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert lines[0].startswith("seeds/sources.yaml:") and "published: 'last week' does not match" in lines[0]
    assert any("no such document in seeds/: ghost.txt" in line for line in lines)


def test_build_refuses_bad_data_and_writes_nothing(project):
    write(project, "bad.yaml", "id: [\n")
    result = run_cli("build", root=project.root)
    assert result.returncode == 1
    assert result.stdout.startswith("profiles/bad.yaml:2:1: (yaml): invalid YAML")
    assert not (project.docs_dir / "profiles").exists()


def test_github_annotations(project):
    write(project, "bad.yaml", "id: bad\nid: again\n")
    import os
    import subprocess
    import sys
    from conftest import ROOT
    env = dict(os.environ, GITHUB_ACTIONS="true")
    out = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "check"],
                         cwd=ROOT, capture_output=True, text=True, env=env).stdout
    assert "::error file=profiles/bad.yaml,line=2,col=1::id: duplicate key 'id' (first defined on line 1)" in out


def test_parallel_and_serial_checks_agree(project):
    """From PARALLEL_FROM files on, profiles are checked in forked worker processes. Run in a
    fresh interpreter: this test process has server threads, and then the check stays serial."""
    import json
    import subprocess
    import sys

    from conftest import ROOT
    from generator.check import check_project
    for i in range(12):
        text = MINIMAL.format(id=f"p-{i:02d}")
        if i % 4 == 0:
            text = text.replace("stage: ind-approved", "stage: nowhere")
        write(project, f"p-{i:02d}.yaml", text)
    script = (
        "import json, sys, threading; import generator.parallel as par, generator.check as v;"
        "from generator.project import Project; par.PARALLEL_FROM = 2;"
        "assert threading.active_count() == 1;"
        "r = v.check_project(Project(__import__('pathlib').Path(sys.argv[1])));"
        "print(json.dumps([str(p) for p in r.problems]))"
    )
    out = subprocess.run([sys.executable, "-c", script, str(project.root)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    serial = check_project(project)
    assert json.loads(out.stdout) == [str(p) for p in serial.problems] and len(serial.problems) == 3


def test_an_empty_field_says_how_to_finish_it(project):
    """An empty optional field can simply go; an empty required one must be filled in."""
    text = MINIMAL.format(id="empty-test").replace("  en: VUM02 Injection\n", "  en: VUM02 Injection\n  zh:\n")
    text = text.replace("  text: A test profile.\n", '  text: ""\n')
    write(project, "empty-test.yaml", text)
    code, lines = check(project)
    assert code == 1 and lines == [
        "profiles/empty-test.yaml:6:6: names.zh: is empty: fill it in or delete the line (this field is optional)",
        "profiles/empty-test.yaml:11:9: summary.text: is empty: fill it in (this field is required)",
    ]
