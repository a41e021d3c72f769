"""The GitHub side of the repository: workflows, Dependabot, issue forms and commit hooks.

GitHub reads these files only after they are pushed, so a mistake shows up as a workflow that
never runs. They are checked here, offline, against GitHub's own JSON schemas as vendored by
check-jsonschema (pinned in requirements-test.txt), and against what this project needs of them:
tests before every deploy, a preview even when tests fail, timeouts, caches, concurrency."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml")) + sorted((GITHUB / "workflows").glob("*.yaml"))
# The oldest major of each action that runs on Node 24 (older ones get a deprecation warning on
# every job). Dependabot moves the workflows forward; this only keeps them from moving back.
NODE24_MAJORS = {
    "actions/checkout": 5, "actions/setup-python": 6, "actions/cache": 5, "actions/upload-artifact": 5,
    "actions/configure-pages": 5, "actions/upload-pages-artifact": 4, "actions/deploy-pages": 5,
}


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args],
                          capture_output=True, text=True, timeout=120)


def load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true
    if True in data:
        data["on"] = data.pop(True)
    return data


def workflow(name: str) -> dict:
    return load(GITHUB / "workflows" / name)


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ("vendor.github-issue-forms", [p for p in sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml")) if p.name != "config.yml"]),
    ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
], ids=["workflows", "dependabot", "issue-forms", "issue-config"])
def test_github_files_match_githubs_schemas(schema, files):
    assert files and all(f.is_file() for f in files)
    out = check_jsonschema("--builtin-schema", schema, *map(str, files))
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    """The vendored schema is really applied, offline: a misspelt key and a bad timeout fail."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    timeout-minutes: soon\n"
                   "    steps:\n      - uses: actions/checkout@v7\n        whith: {}\n", encoding="utf-8")
    out = check_jsonschema("--builtin-schema", "vendor.github-workflows", str(bad))
    assert out.returncode == 1
    assert "whith" in out.stdout


def test_every_job_has_a_timeout_and_current_actions():
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: job {name} has no timeout-minutes"
            for step in steps(job):
                action, _, ref = step.get("uses", "").partition("@")
                if action in NODE24_MAJORS:
                    major = re.match(r"v(\d+)", ref)
                    assert major and int(major[1]) >= NODE24_MAJORS[action], f"{path.name}: {action}@{ref} predates Node 24"


def test_every_setup_python_caches_pip_by_the_lock_files():
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            for step in uses(job, "actions/setup-python"):
                assert step["with"].get("cache") == "pip", f"{path.name}: {name}"
                assert "requirements" in step["with"].get("cache-dependency-path", ""), f"{path.name}: {name}"


def test_ci_tests_pushes_to_main_and_pull_requests():
    ci = workflow("ci.yml")
    assert "pull_request" in ci["on"]
    assert "main" in ci["on"]["push"]["branches"]
    runs = [s.get("run", "") for job in ci["jobs"].values() for s in steps(job)]
    assert "./dev test" in runs
    assert any(r.startswith("./dev pre-commit run --all-files") for r in runs)
    # pull requests: a newer push cancels the older run
    assert ci["concurrency"]["group"]
    assert "pull_request" in str(ci["concurrency"]["cancel-in-progress"])


def test_ci_builds_the_preview_even_when_tests_fail():
    jobs = workflow("ci.yml")["jobs"]
    [builder] = [name for name, job in jobs.items() if any("./dev build" in s.get("run", "") for s in steps(job))]
    assert "needs" not in jobs[builder], "the preview build must not wait for (or fail with) the tests"
    assert uses(jobs[builder], "actions/upload-artifact")
    assert not any("./dev test" in s.get("run", "") for s in steps(jobs[builder]))


def test_pages_deploys_only_what_ci_passed():
    pages = workflow("pages.yml")
    trigger = pages["on"]
    # Published only from a completed, successful ci run of a push to main, at the commit ci tested.
    assert set(trigger) == {"workflow_run"}, "another trigger would publish untested code"
    assert trigger["workflow_run"]["workflows"] == [workflow("ci.yml")["name"]]
    assert trigger["workflow_run"]["branches"] == ["main"]
    jobs = pages["jobs"]
    gated = [name for name, job in jobs.items() if "needs" not in job]
    for name in gated:
        condition = jobs[name]["if"]
        assert "workflow_run.conclusion == 'success'" in condition
        assert "workflow_run.event == 'push'" in condition
    for job in jobs.values():
        for step in uses(job, "actions/checkout"):
            assert step["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}"
    assert pages["concurrency"]["cancel-in-progress"] is False


def test_dependabot_watches_actions_and_pip():
    config = load(GITHUB / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} >= {"github-actions", "pip"}


def test_commit_hooks_need_no_download_and_no_activated_venv():
    """Every hook is local and runs through ./dev, so `./dev pre-commit run --all-files` works on a
    fresh clone without network (.ci/run runs it) and without an activated virtualenv."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    for repo in config["repos"]:
        assert repo["repo"] == "local"
        for hook in repo["hooks"]:
            assert hook["language"] == "system"
            assert hook["entry"].startswith("./dev "), hook["id"]
