"""One company, however profiles spell it (generator/companies.py): the key the browse pages list a
developer under, and the check's warning where two profiles probably name one company that the
pages would list twice."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import MINIMAL, ROOT, run_cli, write
from generator.companies import entries, likely_duplicates, loose
from test_web_sources import ENTRY, URL


@pytest.mark.parametrize("name, expected", [
    ("HELP Therapeutics Co. Ltd", "help therapeutics"),
    ("HELP Therapeutics Corp.", "help therapeutics"),
    ("Nuwacell Biotechnologies Co., Ltd.", "nuwacell biotechnologies"),
    ("Acme Limited Company, Inc.", "acme"),
    ("Vcanbio Cell&Gene Engineering Corp.,Ltd.", "vcanbio cell and gene engineering"),
    ("Ltd.", ""),  # a legal form alone names no company
    ("Coherent Biologics", "coherent biologics"),  # whole words only
    ("士泽生物医药(苏州)有限公司", "士泽生物医药 苏州 有限公司"),
])
def test_loose_names_set_aside_case_punctuation_and_legal_forms(name, expected):
    assert loose(name) == expected


def dev(name=None, zh=None, aliases=None, parent=None, parent_zh=None) -> dict:
    fields = {"name": name, "name_zh": zh, "aliases": aliases, "parent": parent, "parent_zh": parent_zh}
    return {k: v for k, v in fields.items() if v}


def pairs(*profiles) -> list[tuple]:
    """(file, field, other file) of each warning, for profiles given as lists of developers."""
    data = [(f"profiles/p{i}.yaml", {"developers": devs}) for i, devs in enumerate(profiles)]
    return [(e.file, e.path, o.file) for e, o in likely_duplicates(entries(data))]


NAME = ("developers", 0, "name")


@pytest.mark.parametrize("profiles, expected", [
    pytest.param(([dev("HELP Therapeutics Co. Ltd", "南京艾尔普再生医学科技有限公司")], [dev("HELP Therapeutics Corp.")]),
                 [("profiles/p1.yaml", NAME, "profiles/p0.yaml")], id="legal forms differ: warned where the Chinese name is missing"),
    pytest.param(([dev("Acme Corp.")], [dev("Acme Co., Ltd.", "艾克美有限公司")]),
                 [("profiles/p0.yaml", NAME, "profiles/p1.yaml")], id="the earlier profile lacks it"),
    pytest.param(([dev("Acme Co., Ltd.", "艾克美有限公司")], [dev("Acme Co., Ltd.")]), [],
                 id="the same name: one company already, by the Chinese name it borrows"),
    pytest.param(([dev("Acme Co., Ltd.", "艾克美有限公司")], [dev("Acme Corp.", aliases=["Acme Co., Ltd."])]), [],
                 id="an alias borrows it too"),
    pytest.param(([dev("Nuwacell Biotechnologies Co., Ltd.")], [dev("Nuwacell Biotechnologies Co Ltd")]), [],
                 id="punctuation only: one value key"),
    pytest.param(([dev("Acme Co., Ltd.", "艾克美有限公司")], [dev("Acme Corp.", "艾克美集团")]),
                 [("profiles/p1.yaml", NAME, "profiles/p0.yaml")], id="two Chinese names: warned at the later"),
    pytest.param(([dev("Acme Bio Co., Ltd.", parent="Acme Bio Corp.", parent_zh="艾克美")],), [],
                 id="one profile: its author saw both"),
    pytest.param(([dev("Acme Holdings", parent="Zenith Corp.", parent_zh="天顶集团")], [dev("Zenith Co., Ltd.")]),
                 [("profiles/p1.yaml", NAME, "profiles/p0.yaml")], id="a parent elsewhere"),
    pytest.param(([dev("Acme Co., Ltd.", "艾克美有限公司", aliases=["Ltd."])], [dev("Zenith Corp.", aliases=["Ltd."])]), [],
                 id="a legal form for an alias names no company"),
    pytest.param(([dev("Acme Co., Ltd.")], [dev("Zenith Co., Ltd.")]), [], id="other companies"),
    pytest.param(([dev("Acme Corp.", "艾克美有限公司")], [dev("Acme Co.")], [dev("Acme Inc.")]),
                 [("profiles/p1.yaml", NAME, "profiles/p0.yaml"), ("profiles/p2.yaml", NAME, "profiles/p0.yaml")],
                 id="each key warned once"),
])
def test_likely_duplicates(profiles, expected):
    assert pairs(*profiles) == expected


CITE = f"    cite:\n      - source: {URL}\n        at: ¶2\n"
WITH_ZH = "developers:\n  - name: Acme Cell Therapeutics Co., Ltd.\n    name_zh: 艾克美细胞治疗有限公司\n" + CITE
ENGLISH = "developers:\n  - name: Acme Cell Therapeutics Corp.\n" + CITE


def _acme(project, second: str) -> None:
    sources = project.root / "seeds" / "sources.yaml"
    if URL not in sources.read_text(encoding="utf-8"):
        with open(sources, "a", encoding="utf-8") as f:
            f.write(ENTRY)
    write(project, "acme-one.yaml", MINIMAL.format(id="acme-one") + WITH_ZH)
    write(project, "acme-two.yaml", (MINIMAL + second).format(id="acme-two"))


def _developer_groups(project) -> int:
    result = run_cli("build", root=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project.docs_dir / "browse" / "developer.md").read_text(encoding="utf-8")
    return page.count("Acme Cell Therapeutics")


def test_the_check_warns_where_the_browse_page_lists_one_company_twice(project):
    """A warning, not an error: the check passes, stdout (problems only) stays empty, and the
    warning names the place, the other profile and what to do; the browse page does list the
    company twice. Once the Chinese name is given in both, both the warning and the second entry go."""
    _acme(project, ENGLISH)
    result = run_cli("check", root=project.root)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    line = (MINIMAL + ENGLISH).format(id="acme-two").splitlines().index("  - name: Acme Cell Therapeutics Corp.") + 1
    assert (f"profiles/acme-two.yaml:{line}:11: developers[0].name: warning: 'Acme Cell Therapeutics Corp.' may be the "
            "company profiles/acme-one.yaml lists as 'Acme Cell Therapeutics Co., Ltd.' (艾克美细胞治疗有限公司), "
            "yet the browse pages list them apart") in result.stderr
    assert "ok: 2 profiles" in result.stderr
    assert _developer_groups(project) == 2

    _acme(project, ENGLISH.replace("Corp.\n", "Corp.\n    name_zh: 艾克美细胞治疗有限公司\n"))
    result = run_cli("check", root=project.root)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    assert _developer_groups(project) == 1


def test_warnings_are_annotated_as_warnings_on_github(project):
    _acme(project, ENGLISH)
    env = dict(os.environ, GITHUB_ACTIONS="true")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "check"],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0 and result.stdout == ""
    assert "::warning file=profiles/acme-two.yaml," in result.stderr
    assert "::error" not in result.stderr
