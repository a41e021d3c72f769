"""A corpus of careless and hostile profiles (tests/corpus/*.yaml), each with the exact output
of `python -m generator check` beside it (<name>.expected): a clear file:line message and exit
status 1, never a traceback, never a hang, never a partial site."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli, write

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.suffix == ".yaml")


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_corpus_file(project, case):
    shutil.copy(case, project.profiles_dir / case.name)
    write(project, "good-profile.yaml", MINIMAL.format(id="good-profile"))
    result = run_cli("build", root=project.root)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert not (project.docs_dir / "profiles").exists()  # no partial site, not even the good profile


def test_huge_file(project):
    big = "id: huge\nnotes:\n" + "  - text: " + "x" * 300_000 + "\n"
    write(project, "huge.yaml", big)
    result = run_cli("check", root=project.root)
    assert (result.returncode, result.stdout) == (1, "profiles/huge.yaml:1:1: (file): file is 300,027 bytes; the limit is 262,144\n")


def test_symlink_out_of_profiles(project, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(MINIMAL.format(id="escape"), encoding="utf-8")
    (project.profiles_dir / "escape.yaml").symlink_to(outside)
    result = run_cli("check", root=project.root)
    assert (result.returncode, result.stdout) == (
        1, "profiles/escape.yaml:1:1: (file): symbolic links are not allowed in profiles/; add the file itself\n")


def test_ids_cannot_collide(project):
    # The id must equal the file name, so two profiles can never share an id; a second
    # spelling of the same name is refused by the id pattern or the extension rule.
    write(project, "same-id.yaml", MINIMAL.format(id="same-id"))
    write(project, "same-id.yml", MINIMAL.format(id="same-id"))
    write(project, "Same-Id.yaml", MINIMAL.format(id="same-id"))
    result = run_cli("check", root=project.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "profiles/Same-Id.yaml:1:1: (file name): 'Same-Id' is not a valid id: use lower-case kebab-case (a-z, 0-9, single hyphens), at most 80 characters",
        "profiles/Same-Id.yaml:2:5: id: id 'same-id' must equal the file name 'Same-Id'",
        "profiles/same-id.yml:1:1: (file): profile files end in .yaml: rename to same-id.yaml",
    ]
