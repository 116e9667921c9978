"""ruff over the whole project, with the configuration in pyproject.toml."""

import subprocess
import sys

from sitecheck.pages import ROOT


def ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_ruff_finds_nothing():
    result = ruff("check", ".", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


# A function with a mutable default (B006), 11 branches (C901, the project's limit is 10) and
# 10 returns (PLR0911). Ruff's default selection (`ruff check --isolated`) reports only the
# first: the other two come from rules that only the project's configuration selects.
DEFECTS = '''def first_word(text, seen=[]):
    for word in text.split():
        if word == "a":
            return 1
        elif word == "b":
            return 2
        elif word == "c":
            return 3
        elif word == "d":
            return 4
        elif word == "e":
            return 5
        elif word == "f":
            return 6
        elif word in seen:
            return 7
        elif word == "h":
            return 8
        elif word == "i":
            return 9
    return 0
'''


def test_the_project_configuration_is_the_one_ruff_applies():
    result = ruff("check", "--no-cache", "--output-format=concise",
                  "--stdin-filename", "sitecheck/probe.py", "-", stdin=DEFECTS)
    assert result.returncode == 1, result.stdout + result.stderr
    found = {line.split()[1] for line in result.stdout.splitlines()
             if line.startswith("sitecheck/probe.py:1:")}
    assert {"B006", "C901", "PLR0911"} <= found, result.stdout


# A module run as a script (`python -m sitecheck.translations`) executes its main guard where it
# stands: a function defined below it does not exist yet when main() calls it (a NameError that
# importing the module, as the tests do, never shows). Ruff has no rule for it.
def defined_after_main_guard(source: str) -> list[int]:
    """Lines of the top-level functions and classes that come after `if __name__ == "__main__"`."""
    import ast

    body = ast.parse(source).body
    guards = [n.lineno for n in body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)]
    return [n.lineno for n in body if guards and n.lineno > guards[0]
            and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]


def test_no_function_is_defined_below_a_main_guard():
    tracked = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert len(tracked) > 50, tracked
    late = {name: lines for name in tracked
            if (lines := defined_after_main_guard((ROOT / name).read_text(encoding="utf-8")))}
    assert not late, late


def test_a_function_below_the_main_guard_is_found():
    source = 'def main():\n    return name()\n\nif __name__ == "__main__":\n    main()\n\ndef name():\n    return 1\n'
    assert defined_after_main_guard(source) == [7]
    assert defined_after_main_guard(source.replace("def name", "NAME = 1\ndef _x")) == [8]
