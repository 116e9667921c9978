"""The GitHub workflows and .ci/run: actionlint and zizmor (offline, from PyPI), pinned
actions, least privilege, Dependabot, and .ci/run installing what a clean Debian lacks."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitecheck.pages import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BAD = ROOT / "tests" / "fixtures" / "bad-workflows" / ".github"
BIN = Path(sys.executable).parent


def tool(name):
    path = BIN / name
    assert path.exists(), f"{name} is not installed in the virtual environment: make setup"
    return str(path)


def actionlint(*paths):
    return subprocess.run([tool("actionlint"), "-no-color", "-shellcheck", tool("shellcheck"),
                           *(p.relative_to(ROOT).as_posix() for p in paths)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def zizmor(path):
    return subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--color", "never",
                           "--format", "plain", path.relative_to(ROOT).as_posix()], cwd=ROOT, capture_output=True, text=True, timeout=120)


def workflow(path):
    # PyYAML reads the key `on` as True.
    return {("on" if key is True else key): value
            for key, value in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


def test_actionlint_finds_nothing():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = zizmor(GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_and_zizmor_fail_on_a_bad_workflow_naming_file_and_line():
    bad = BAD / "workflows" / "bad.yml"
    lint = actionlint(bad)
    assert lint.returncode != 0
    assert ('tests/fixtures/bad-workflows/.github/workflows/bad.yml:16:35: '
            '"github.event.pull_request.title" is potentially untrusted') in lint.stdout
    audit = zizmor(BAD)
    output = audit.stdout + audit.stderr
    assert audit.returncode != 0, output
    for finding, line in (("template-injection", 16), ("unpinned-uses", 13),
                          ("dangerous-triggers", 5), ("artipacked", 13)):
        assert re.search(rf"\[{finding}\].*\n\s*--> tests/fixtures/bad-workflows/\.github/"
                         rf"workflows/bad\.yml:{line}:", output), (finding, output)


def uses(path):
    return re.findall(r"(?m)^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment(path):
    for action, rest in uses(path):
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), (path.name, action)
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", rest), (path.name, action, rest)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_granted_per_job_only(path):
    data = workflow(path)
    assert data.get("permissions") == {}, path.name
    for name, job in data["jobs"].items():
        assert isinstance(job.get("permissions"), dict), (path.name, name)
        assert "write-all" not in str(job["permissions"]), (path.name, name)


def test_the_github_test_runs_the_same_ci_script_in_debian():
    data = workflow(GITHUB / "workflows" / "test.yml")
    job = data["jobs"]["test"]
    assert job["container"]["image"].startswith("debian:")
    runs = [step.get("run", "") for step in job["steps"]]
    assert any(re.search(r"(?m)^\s*bash \.ci/run$", run) for run in runs), runs
    checkout = next(step for step in job["steps"] if "actions/checkout" in step.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0  # page dates come from the history
    assert any("upload-artifact" in step.get("uses", "") for step in job["steps"])


def test_the_rot_check_is_weekly_and_not_a_pull_request_check():
    data = workflow(GITHUB / "workflows" / "rot.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert data["jobs"]["rot"]["permissions"] == {"contents": "read", "issues": "write"}


def test_dependabot_updates_actions_and_pip_after_a_cooldown():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert {"github-actions", "pip"} <= set(ecosystems)
    for update in ecosystems.values():
        assert update["cooldown"]["default-days"] >= 3, update


# .ci/run on a machine that lacks everything ---------------------------------------------

def test_ci_run_installs_what_a_clean_debian_lacks_then_runs_make_test(tmp_path):
    """PATH holds only stand-ins for apt-get and make (which record their arguments), python3
    and dirname: .ci/run must ask apt-get for everything else, then run make test."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    log = tmp_path / "calls"
    for name in ("apt-get", "make"):
        (stubs / name).write_text(f'#!/bin/bash\necho "{name} $* CI=$CI" >> "{log}"\n')
        (stubs / name).chmod(0o755)
    (stubs / "dirname").symlink_to(shutil.which("dirname"))
    (stubs / "python3").symlink_to(Path(sys.executable).resolve())  # one with ensurepip
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", project / ".ci" / "run")
    result = subprocess.run(["/bin/bash", str(project / ".ci" / "run")], capture_output=True,
                            text=True, env={"PATH": str(stubs), "HOME": str(tmp_path)},
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == "apt-get update CI=true"
    install = calls[1].split()
    assert install[:4] == ["apt-get", "install", "-y", "--no-install-recommends"]
    assert set(install[4:-1]) == {"ca-certificates", "chromium", "nodejs", "npm", "git",
                                  "docker.io", "containerd", "podman", "docker-registry",
                                  "openssl"}
    assert calls[2] == "make test CI=true"


def test_ci_run_installs_nothing_when_nothing_is_missing(tmp_path):
    if not all(shutil.which(name) for name in ("chromium", "node", "npm", "git", "make")):
        pytest.skip("this machine lacks one of chromium, node, npm, git, make")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "apt-get").write_text("#!/bin/bash\nexit 7\n")
    (stubs / "apt-get").chmod(0o755)
    (stubs / "make").write_text("#!/bin/bash\necho \"make $*\"\n")
    (stubs / "make").chmod(0o755)
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", project / ".ci" / "run")
    result = subprocess.run(["/bin/bash", str(project / ".ci" / "run")], capture_output=True,
                            text=True, env={**os.environ,
                                            "PATH": f"{stubs}:{os.environ['PATH']}"},
                            timeout=60)
    assert result.returncode == 0 and result.stdout.strip().endswith("make test"), result
