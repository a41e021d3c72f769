"""./dev as README and CONTRIBUTING write it, with no virtualenv activated, and the generator's
command line as installed by `pip install .` (the `cst-generator` script)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_tree

DEV = str(ROOT / "dev")


def clean_env() -> dict[str, str]:
    """The environment of a contributor's shell: no virtualenv active, .venv not on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    venv_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env.pop("GITHUB_ACTIONS", None)
    return env


def dev(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([DEV, *args], cwd=cwd, env=clean_env(), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def test_usage_names_every_command():
    out = dev()
    assert out.returncode == 2
    for command in ("serve", "test", "build", "check", "new <id>", "draft <seed>", "lock", "pre-commit"):
        assert command in out.stderr


def test_generator_commands_take_their_arguments():
    # `./dev new` once printed only ./dev's usage line, whatever followed it
    out = dev("new", "Not_An_Id")
    assert out.returncode == 2
    assert "'Not_An_Id' is not a valid id" in out.stderr
    assert "Traceback" not in out.stderr
    out = dev("check", "--help")
    assert out.returncode == 0
    assert out.stdout.startswith("usage: ./dev check")
    out = dev("draft", "seeds/no-such-document.txt")
    assert out.returncode == 2
    assert "is not a document in seeds/" in out.stderr


def test_dev_works_from_another_folder():
    out = dev("check", "--help", cwd=ROOT / "profiles")
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("form", ["--dev-addr {addr}", "--dev-addr={addr}", "-a {addr}"])
def test_serve_on_a_busy_port_says_so_in_one_line(form):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        addr = f"127.0.0.1:{busy.getsockname()[1]}"
        out = dev("serve", *form.format(addr=addr).split(), timeout=120)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    [line] = out.stderr.strip().splitlines()
    assert f"{addr} is already in use" in line
    assert "./dev serve --dev-addr 127.0.0.1:" in line


def test_readme_documents_the_serve_address():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./dev serve --dev-addr 127.0.0.1:" in readme


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """`pip install .` of the package into a folder of its own, offline: no dependencies (the test
    environment has them) and the test environment's setuptools as the build backend. The sources
    are copied first, since setuptools builds in the source tree."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp / "site-packages"
    out = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                          "--no-index", "--disable-pip-version-check", "--target", str(target), str(source)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return target


def run_installed(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(clean_env(), PYTHONPATH=str(target), CST_CACHE="off")
    return subprocess.run([str(target / "bin" / "cst-generator"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_installed_package_carries_its_licence(installed):
    [dist] = installed.glob("china_stem_cell_tracker-*.dist-info")
    metadata = (dist / "METADATA").read_text(encoding="utf-8")
    assert "License-Expression: MIT" in metadata
    assert (dist / "licenses" / "LICENSE").is_file()


def test_installed_cst_generator_finds_the_project_from_the_current_folder(installed, tmp_path):
    tree = copy_tree(tmp_path / "clone")
    (tree / "generator").unlink()  # the copy's link to the real package: only the installed one may serve
    for cwd in (tree, tree / "profiles"):
        out = run_installed(installed, "check", cwd=cwd)
        assert out.returncode == 0, out.stdout + out.stderr
        profiles = len(list((tree / "profiles").glob("*.yaml")))
        assert out.stderr.startswith(f"ok: {profiles} profiles"), out.stderr
    usage = run_installed(installed, "--help", cwd=tree)
    assert usage.stdout.startswith("usage: cst-generator")


def test_installed_cst_generator_outside_a_project_says_where_to_run(installed, tmp_path):
    out = run_installed(installed, "check", cwd=tmp_path)
    assert out.returncode == 2
    assert "is not inside the project" in out.stderr
    assert "Traceback" not in out.stderr
