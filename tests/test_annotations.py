"""Findings as GitHub annotations and a job-summary table (sitecheck/annotations.py): the
formatting, then a real pytest run of the validators on the bad fixtures, with and without
GITHUB_ACTIONS=true."""

import os
import re
import subprocess
import sys

from sitecheck.annotations import (
    PER_STEP_LIMIT,
    Annotation,
    escape_data,
    escape_property,
    findings_in,
    summary_table,
    workflow_commands,
)
from sitecheck.pages import ROOT


def annotation(n, level="error", message="bad"):
    return Annotation(level, f"docs/p{n}.md", n, message, f"tests/t.py::t[{n}]")


def test_escaping_follows_githubs_rules():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("tests/a.py::t[x,y]") == "tests/a.py%3A%3At[x%2Cy]"


def test_findings_are_lines_naming_a_file_of_the_repository():
    text = ("docs/index.zh.md:3: a reason: with a colon\n"
            "assert not [Problem(...)]\n"
            "docs/no-such-page.md:1: not a file of the repository\n"
            "  tests/fixtures/bad/prompt.md:4: indented by pytest\n")
    found = findings_in(text, "error", "t")
    assert [(a.path, a.line, a.message) for a in found] == [
        ("docs/index.zh.md", 3, "a reason: with a colon"),
        ("tests/fixtures/bad/prompt.md", 4, "indented by pytest")]


def test_at_most_ten_annotations_per_level_and_the_rest_counted():
    errors = [annotation(n) for n in range(1, 26)]
    warnings = [annotation(n, "warning") for n in range(1, 4)]
    lines = workflow_commands(errors + warnings)
    error_lines = [line for line in lines if line.startswith("::error")]
    assert len(error_lines) == PER_STEP_LIMIT
    assert error_lines[0] == "::error file=docs/p1.md,line=1,title=tests/t.py%3A%3At[1]::bad"
    assert error_lines[-1] == "::error::16 more errors: see the table of all findings in the job summary"
    assert len([line for line in lines if line.startswith("::warning ")]) == 3


def test_summary_table_holds_every_finding_escaped():
    table = summary_table([annotation(n, message="a | b <c>") for n in range(1, 13)])
    assert table.startswith("### Findings: 12 errors, 0 warnings")
    assert table.count("\n| error | `docs/p") == 12
    assert "a \\| b &lt;c&gt;" in table


SCRATCH_TEST = '''
import warnings
from pathlib import Path

import pytest

from sitecheck.annotations import Finding
from sitecheck.codeblocks import check_block
from sitecheck.pages import ROOT, Problem, code_blocks
from sitecheck.safety import check_page_safety

BAD = ROOT / "tests" / "fixtures" / "bad"
CODE = ["unlabelled-fence.md", "wrong-language.md", "yaml-in-bash.md", "invalid-json.md",
        "prompt.md", "invalid-yaml.md", "invalid-toml.md"]
SAFETY = ["remote-image.md", "remote-script.md", "event-handler.md", "javascript-url.md",
          "iframe.md"]


@pytest.mark.parametrize("name", CODE)
def test_code(name):
    problems = [p for block in code_blocks(BAD / name) for p in check_block(block)]
    assert not problems, "\\n".join(map(str, problems))


@pytest.mark.parametrize("name", SAFETY)
def test_safety(name):
    problems = check_page_safety(BAD / name)
    assert not problems, "\\n".join(map(str, problems))


def test_reported_only():
    warnings.warn(Finding(str(Problem("docs/index.zh.md", 1, "behind, 100% sure"))))
'''


def run_scratch_suite(tmp_path, *options, **env):
    test_file = tmp_path / "test_scratch.py"
    test_file.write_text(SCRATCH_TEST, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PYTEST_XDIST_WORKER",
                                  "PYTEST_XDIST_TESTRUNUID", "PYTEST_ADDOPTS")} | env
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "sitecheck.annotations", "-p", "no:cacheprovider",
         "-q", "--rootdir", str(tmp_path), *options, str(test_file)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


def test_on_github_actions_findings_become_annotations_and_one_summary_table(tmp_path):
    summary = tmp_path / "summary.md"
    result = run_scratch_suite(tmp_path, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 1, result.stdout + result.stderr
    errors = re.findall(r"(?m)^::error.*$", result.stdout)
    assert len(errors) == PER_STEP_LIMIT, result.stdout
    assert ("::error file=tests/fixtures/bad/event-handler.md,line=3,"
            "title=test_scratch.py%3A%3Atest_safety[event-handler.md]::"
            "inline event handler onclick= is not allowed in pages") in errors
    assert re.fullmatch(r"::error::\d+ more errors: see the table of all findings in the job "
                        r"summary", errors[-1])
    assert ("::warning file=docs/index.zh.md,line=1,title=test_scratch.py%3A%3Atest_reported_only"
            "::behind, 100%25 sure") in result.stdout
    table = summary.read_text(encoding="utf-8")
    rows = re.findall(r"(?m)^\| (error|warning) \| `([^`]+)` \| (\d+) \|", table)
    assert len(rows) == len(re.findall(r"(?m)^tests/fixtures/bad/\S+:\d+: ", result.stdout)) + 1
    assert ("error", "tests/fixtures/bad/wrong-language.md", "3") in rows
    assert ("error", "tests/fixtures/bad/iframe.md", "3") in rows
    assert ("warning", "docs/index.zh.md", "1") in rows
    assert len(rows) > PER_STEP_LIMIT


def test_locally_findings_read_file_line_message_and_no_workflow_commands(tmp_path):
    result = run_scratch_suite(tmp_path)
    assert result.returncode == 1
    assert "::error" not in result.stdout and "::warning" not in result.stdout
    section = result.stdout.split(" findings ", 1)[1]
    assert "\ntests/fixtures/bad/prompt.md:4: " in section
    assert "\ndocs/index.zh.md:1: warning: behind, 100% sure" in section


def test_findings_reach_the_summary_from_parallel_workers(tmp_path):
    """make test runs the suite in workers (pytest -n): the findings of a failure in a
    worker must still be listed by the process that prints the summary."""
    result = run_scratch_suite(tmp_path, "-n", "2")
    assert result.returncode == 1, result.stdout + result.stderr
    section = result.stdout.split(" findings ", 1)[1]
    assert "\ntests/fixtures/bad/prompt.md:4: " in section
    assert "\ndocs/index.zh.md:1: warning: behind, 100% sure" in section
