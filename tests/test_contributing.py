"""What a contributor uses: `new`, `draft`, the template in CONTRIBUTING.md, the repository files."""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_cli
from generator.skeleton import template
from generator.sources import normalise


def test_contributing_template_is_the_schema():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- template:start -->\n```yaml\n(.*?)```\n<!-- template:end -->", text, re.S).group(1)
    assert block == template(), "CONTRIBUTING.md is out of date: paste `python -m generator new` output"


def uncomment_all(text: str) -> str:
    """The template with every optional field's `# ` deleted, as a contributor does to fill one in."""
    return re.sub(r'^(\s*)# (\s+\S.*|(?:- )?[a-z_]+:(?: ""| \[\]| false)?)$', r"\1\2", text, flags=re.M)


def test_template_lists_every_field_and_vocabulary():
    text = template()
    from generator.schema import schema
    required = schema()["required"]
    assert list(yaml.safe_load(text)) == [k for k in schema()["properties"] if k in required]  # live
    assert list(yaml.safe_load(uncomment_all(text))) == list(schema()["properties"])  # and the rest commented out
    for value in ("approved-conditional", "clinical-research-filing", "cde-acceptance", "umbilical-cord", "first-patient-enrolled"):
        assert value in text


FILLED = {'last_reviewed: ""': 'last_reviewed: "2026-11-21"', '  en: ""': "  en: VUM02 Injection",
          '  text: ""': "  text: A test.", '- source: ""': "- source: 003_5b6dafc463f4908e.txt",
          '  pathway: ""': "  pathway: drug-registration", '  stage: ""': "  stage: ind-approved",
          '  status: ""': "  status: unknown",
          'quote: ""': "quote: The VUM02 injection meets the requirements for drug registration and is approved to conduct"
                       " clinical trials"}


def test_new_writes_required_fields_live_and_optional_ones_commented_out(project):
    result = run_cli("new", "acme-msc-knee", root=project.root)
    assert result.returncode == 0, result.stderr
    path = project.profiles_dir / "acme-msc-knee.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../generator/schema/profile.schema.json\n")
    assert "\nid: acme-msc-knee\n" in text
    # as written, check names each required field still empty, and only those
    check = run_cli("check", root=project.root)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    lines = check.stdout.splitlines()
    assert lines and all(line.endswith(": is empty: fill it in (this field is required)") for line in lines), lines
    assert re.search(r"^profiles/acme-msc-knee.yaml:\d+:\d+: last_reviewed: is empty", check.stdout, re.M)
    # filled in, it passes
    for old, new in FILLED.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    check = run_cli("check", root=project.root)
    assert (check.returncode, check.stdout) == (0, "")
    # an optional group uncommented and left empty: each field says how to finish it
    path.write_text(uncomment_all(text), encoding="utf-8")
    check = run_cli("check", root=project.root)
    assert check.returncode == 1 and "fill it in or delete the line" in check.stdout and "Traceback" not in check.stderr
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
    assert data["development"]["stage"] == ""  # not guessed
    # the product's name, quoted in the text, and where it stands
    assert data["names"]["en"] == "Human Umbilical Cord Mesenchymal Stem Cell Injection"
    assert data["names"]["cite"] == [{"source": "001_2e7577810911cf49.txt",
                                      "quote": "Human Umbilical Cord Mesenchymal Stem Cell Injection"}]
    # each value cites the words around it, not the whole long sentence they share
    assert data["identifiers"][0]["cite"][0]["quote"] == "acceptance number: CXSL2400092"


@pytest.mark.parametrize("seed, name", [
    ("000_4ad39a634de9298b.txt", "Human Bone Marrow Mesenchymal Stem Cell Injection"),  # in quote marks
    ("003_5b6dafc463f4908e.txt", "VUM02 Injection"),  # after "Drug Name:"
    ("004_0d42d5f0a81ffe65.txt", "Amimatosa Injection"),  # capitalised, ending in a dosage form
    ("002_65bc55f5e97c1986.txt", ""),  # no product name the patterns know: left to the contributor
])
def test_draft_fills_the_name_the_text_gives(seed, name):
    assert yaml.safe_load(run_cli("draft", f"seeds/{seed}").stdout)["names"]["en"] == name


def test_draft_never_repeats_a_quote():
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        data = yaml.safe_load(run_cli("draft", f"seeds/{seed.name}").stdout)
        quotes = [" ".join(re.findall(r"\w+", q.lower())) for q in _quotes(data) if q]
        assert len(quotes) == len(set(quotes)), (seed.name, quotes)


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


def _quotes(x) -> list[str]:
    if isinstance(x, dict):
        return ([x["quote"]] if "quote" in x else []) + [q for v in x.values() for q in _quotes(v)]
    if isinstance(x, list):
        return [q for v in x for q in _quotes(v)]
    return []


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_worked_example_holds(project):
    """CONTRIBUTING's new -> draft -> fill in -> check example, step by step, as the tools answer today."""
    section = _section((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), "A worked example: new, draft, fill in, check")
    blocks = re.findall(r"```(\w+)\n(.*?)```", section, re.S)
    (_, new_check), (_, proposed), (_, filled) = blocks
    assert run_cli("new", "vum02-example", root=project.root).returncode == 0
    check = run_cli("check", root=project.root)
    assert check.returncode == 1 and all(line in check.stdout.splitlines() for line in new_check.splitlines())
    draft = yaml.safe_load(run_cli("draft", "seeds/003_5b6dafc463f4908e.txt").stdout)
    for key, value in yaml.safe_load(proposed).items():
        if key == "identifiers":
            assert all(item in draft[key] for item in value), key
        else:
            assert draft[key] == value, key
    path = project.profiles_dir / "vum02-example.yaml"
    path.write_text(filled, encoding="utf-8")
    check = run_cli("check", root=project.root)
    assert (check.returncode, check.stdout) == (0, ""), check.stdout


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from('ab (),;:"“”- '), max_size=40), data=st.data())
def test_draft_quotes_are_pieces_of_their_sentence(text, data):
    """Whatever brackets and quote marks a sentence has, matched or not, proposing quotes around
    a value ends, and each is a verbatim piece of the sentence."""
    from generator.draft import _windows
    sentence = text.strip()
    if not sentence:
        return
    start = data.draw(st.integers(0, len(sentence) - 1))
    end = data.draw(st.integers(start + 1, len(sentence)))
    pieces = _windows(sentence, (start, end))
    assert pieces and all(piece in sentence for piece in pieces)
