"""A pytest plugin that gathers the validators' findings, `file:line: message`, and shows them
where a contributor looks: at the end of the run locally; on GitHub Actions also as
annotations on the file and line, and as one table in the job summary.

A finding is a line `path:line: message` whose path is a file of the repository:
- in the message of a failed test (validators fail with `"\\n".join(map(str, problems))`),
  level "error";
- in a warning of the class Finding (`warnings.warn(Finding(str(problem)))`), level
  "warning": reported, not failed (translation pages that are behind).

GitHub shows at most 10 error and 10 warning annotations of one step; past that, the
annotations of a level are the first 9 and one that says how many more the summary holds.
Loaded with `-p sitecheck.annotations` (pyproject.toml).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from .pages import ROOT

PER_STEP_LIMIT = 10  # GitHub's limit of annotations of one level shown per step
SUMMARY_LIMIT = 900_000  # bytes; GitHub refuses a step summary over 1 MiB
_FINDING = re.compile(r"^(?P<path>[\w.@+/-]+):(?P<line>\d+): (?P<message>\S.*)$")


class Finding(UserWarning):
    """A validator's finding that is reported without failing the test."""


@dataclass(frozen=True)
class Annotation:
    level: str  # "error" or "warning"
    path: str
    line: int
    message: str
    test: str


def findings_in(text: str, level: str, test: str, root: Path = ROOT) -> list[Annotation]:
    """The `path:line: message` lines of `text` whose path is a file under `root`."""
    found = []
    for line in text.splitlines():
        match = _FINDING.match(line.strip())
        if match and (root / match["path"]).is_file():
            found.append(Annotation(level, match["path"], int(match["line"]),
                                    match["message"], test))
    return found


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(annotations: list[Annotation]) -> list[str]:
    """`::error file=…,line=…,title=…::message` lines, at most PER_STEP_LIMIT per level."""
    lines = []
    for level in ("error", "warning"):
        chosen = [a for a in annotations if a.level == level]
        shown = chosen if len(chosen) <= PER_STEP_LIMIT else chosen[: PER_STEP_LIMIT - 1]
        for a in shown:
            lines.append(f"::{level} file={escape_property(a.path)},line={a.line},"
                         f"title={escape_property(a.test)}::{escape_data(a.message)}")
        if len(chosen) > len(shown):
            lines.append(f"::{level}::{len(chosen) - len(shown)} more {level}s: see the table "
                         f"of all findings in the job summary")
    return lines


def summary_table(annotations: list[Annotation]) -> str:
    """One Markdown table of every finding, for $GITHUB_STEP_SUMMARY."""
    errors = sum(1 for a in annotations if a.level == "error")
    head = (f"### Findings: {errors} errors, {len(annotations) - errors} warnings\n\n"
            "| Level | File | Line | Finding | Test |\n| --- | --- | --- | --- | --- |\n")
    rows, size = [], len(head.encode())
    for a in annotations:
        row = (f"| {a.level} | `{a.path}` | {a.line} | {_cell(a.message)} | "
               f"{_cell(a.test)} |\n")
        size += len(row.encode())
        if size > SUMMARY_LIMIT:
            rows.append(f"\n{len(annotations) - len(rows)} more findings left out: the summary "
                        f"is full; the test log has them all.\n")
            break
        rows.append(row)
    return head + "".join(rows) + "\n"


def _cell(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", "<br>"))


# pytest hooks --------------------------------------------------------------------------

_gathered: dict[tuple[str, str, int, str], Annotation] = {}


def _add(annotations: list[Annotation]) -> None:
    for a in annotations:
        _gathered.setdefault((a.level, a.path, a.line, a.message), a)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.excinfo is not None:
        # Carried on the report, so that with several workers (pytest -n) the findings reach
        # the process that writes the summary (xdist sends user_properties along).
        report.user_properties.append(("finding", str(call.excinfo.value)))


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "finding":
            _add(findings_in(value, "error", report.nodeid))


def pytest_warning_recorded(warning_message, when, nodeid, location):
    if issubclass(warning_message.category, Finding):
        _add(findings_in(str(warning_message.message), "warning", nodeid))


def pytest_terminal_summary(terminalreporter):
    annotations = sorted(_gathered.values(), key=lambda a: (a.level != "error", a.path, a.line))
    if not annotations:
        return
    terminalreporter.section("findings")
    for a in annotations:
        level = "" if a.level == "error" else f"{a.level}: "
        terminalreporter.write_line(f"{a.path}:{a.line}: {level}{a.message}")
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for line in workflow_commands(annotations):
        terminalreporter.write_line(line)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(summary_table(annotations))
