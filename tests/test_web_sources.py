"""Web pages as sources: listed in seeds/sources.yaml by URL, cited by place (`at`), never by quote,
and shown as cited but not verified by the build."""
from __future__ import annotations

from conftest import MINIMAL, mkdocs_build, run_cli, write

URL = "https://example.org/news/2025/cxsl2500001.html"
ENTRY = f"""
"{URL}":
  label: Example roundup, May 2025
  title: 干细胞药物注册申报进展(5.1-5.31)
  outlet: Example outlet
  kind: aggregator
  published: "2025-06-03"
  accessed: "2026-12-02"
  language: [zh]
"""
WEB_PROFILE = MINIMAL + f"""\
identifiers:
  - type: cde-acceptance
    value: CXSL2500001
    cite:
      - source: {URL}
        at: ¶3 (新增受理)
"""


def _project(project, entry=ENTRY, profile=WEB_PROFILE):
    with open(project.root / "seeds" / "sources.yaml", "a", encoding="utf-8") as f:
        f.write(entry)
    write(project, "web-test.yaml", profile.format(id="web-test"))


def check_lines(project):
    result = run_cli("check", root=project.root)
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, result.stdout.splitlines()


def test_web_citation_by_place_passes_and_shows_as_unverified(project, tmp_path):
    _project(project)
    assert check_lines(project) == (0, [])
    assert run_cli("build", root=project.root).returncode == 0
    page = (project.docs_dir / "profiles" / "web-test.md").read_text(encoding="utf-8")
    assert "at ¶3 (新增受理)" in page
    assert "cited, not verified by the build" in page
    assert "Aggregator" in page  # the kind of source beside it
    assert f'href="{URL}"' in page
    sources = [p for p in (project.docs_dir / "sources").glob("web-*.md") if URL in p.read_text(encoding="utf-8")]
    assert len(sources) == 1
    text = sources[0].read_text(encoding="utf-8")
    assert "Read by an editor" in text and "2026-12-02" in text
    assert not list((project.docs_dir / "sources").glob("*.html"))  # nothing of the page is copied
    assert mkdocs_build(project.root / "mkdocs.yml", tmp_path / "site").returncode == 0


def test_web_citation_needs_an_entry_a_place_and_no_quote(project):
    profile = WEB_PROFILE.replace("        at: ¶3 (新增受理)\n", "        quote: copied words\n")
    profile = profile.replace(URL, URL + "?x=1")
    _project(project, profile=profile)
    code, lines = check_lines(project)
    assert code == 1
    f = "profiles/web-test.yaml"
    assert lines == [
        f"{f}:29:17: identifiers[0].cite[0].source: no entry for the web page {URL}?x=1 in seeds/sources.yaml: "
        "add one (label, title, outlet, kind, published, language, accessed)",
        f"{f}:30:16: identifiers[0].cite[0].quote: a web page is cited without a quote (the tracker copies no text "
        "from web pages): delete the quote and say in `at` where on the page the fact stands",
    ]


def test_web_entry_needs_the_day_it_was_read(project):
    _project(project, entry=ENTRY.replace('  accessed: "2026-12-02"\n', ""))
    code, lines = check_lines(project)
    assert code == 1
    assert any("a web page needs `accessed`" in line for line in lines)


def test_a_seed_citation_needs_its_quote(project):
    write(project, "no-quote.yaml", MINIMAL.format(id="no-quote").replace(
        "      quote: VUM02 injection is a cryopreserved cell preparation\n", ""))
    code, lines = check_lines(project)
    assert code == 1
    assert lines == ["profiles/no-quote.yaml:12:15: summary.cite[0].source: a citation of a document in seeds/ needs "
                     "`quote`: the words of the document that state the fact, copied verbatim"]


def test_an_indication_reference_must_name_an_indication(project):
    # cited to a web page: the values are cited, not verified, so only the reference is wrong
    profile = MINIMAL + f"""\
indications:
  - name: Knee osteoarthritis
    therapeutic_areas: [musculoskeletal]
    cite:
      - source: {URL}
        at: ¶2
identifiers:
  - type: cde-acceptance
    value: CXSL2500001
    indication: Knee arthritis
    cite:
      - source: {URL}
        at: ¶3
"""
    with open(project.root / "seeds" / "sources.yaml", "a", encoding="utf-8") as f:
        f.write(ENTRY)
    write(project, "ind-test.yaml", profile.format(id="ind-test"))
    code, lines = check_lines(project)
    assert code == 1
    assert lines == ["profiles/ind-test.yaml:34:17: identifiers[0].indication: 'Knee arthritis' is not the name of one of this profile's indications"]
