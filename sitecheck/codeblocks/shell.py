"""bash blocks: no prompts, `bash -n`, shellcheck, and only options the tools have
(data/command-options.yaml)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from ..data import command_options
from ..pages import CodeBlock, Problem
from .common import line_in_message


def check_shell(block: CodeBlock) -> list[Problem]:
    problems = [
        block.problem("no prompts in bash blocks: the copy button must give runnable text", offset)
        for offset, line in enumerate(block.code.splitlines(), start=1)
        if re.match(r"\s*\$ ", line)
    ]
    syntax = subprocess.run(["bash", "-n"], input=block.code, capture_output=True, text=True)
    if syntax.returncode != 0:
        problems.append(block.problem(f"bash -n: {syntax.stderr.strip()}",
                                      line_in_message(syntax.stderr)))
        return problems
    return problems + _shellcheck(block) + check_command_options(block)


def _shellcheck(block: CodeBlock) -> list[Problem]:
    executable = shutil.which("shellcheck") or str(Path(sys.executable).with_name("shellcheck"))
    result = subprocess.run(
        [executable, "--shell=bash", "--severity=error", "--format=json1", "-"],
        input=block.code, capture_output=True, text=True,
    )
    if result.returncode not in (0, 1):
        return [block.problem(f"shellcheck failed to run: {result.stderr.strip()}")]
    comments = json.loads(result.stdout or '{"comments": []}')["comments"]
    return [
        block.problem(f"shellcheck SC{c['code']}: {c['message']}", c["line"]) for c in comments
    ]


def check_command_options(block: CodeBlock) -> list[Problem]:
    problems = []
    for offset, line in _logical_lines(block.code):
        try:
            lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
            lexer.whitespace_split = True
            tokens = list(lexer)
        except ValueError as error:
            problems.append(block.problem(f"cannot split command: {error}", offset))
            continue
        problems += [block.problem(reason, offset) for command in _simple_commands(tokens)
                     if (reason := command_problem(command))]
    return problems


def command_problem(tokens: list[str]) -> str | None:
    """Why `tokens` (one simple command) uses an option or subcommand its tool lacks."""
    while tokens and (tokens[0] in {"sudo", "time", "env"} or re.match(r"\w+=", tokens[0])):
        tokens = tokens[1:]
    table = command_options()
    if not tokens or (tokens[0],) not in table:
        return None
    path, allowed = (tokens[0],), set(table[(tokens[0],)])
    has_subcommands = any(len(key) > 1 and key[0] == tokens[0] for key in table)
    for token in tokens[1:]:
        if token == "--":
            break
        if token.startswith("-"):
            option = token.split("=", 1)[0]
            if option not in allowed and not (
                re.fullmatch(r"-[a-zA-Z]{2,}", option)
                and all(f"-{c}" in allowed for c in option[1:])
            ):
                return f"{' '.join(path)}: option {option!r} is not in data/command-options.yaml"
            continue
        if (*path, token) in table:
            path += (token,)
            allowed |= table[path]
        elif has_subcommands and len(path) == 1:
            return f"{tokens[0]}: unknown subcommand {token!r} (data/command-options.yaml)"
    return None


def _logical_lines(code: str) -> list[tuple[int, str]]:
    """Join backslash continuations; drop comments and blank lines; keep the first line number."""
    result, buffer, start = [], "", 0
    for number, line in enumerate(code.splitlines(), start=1):
        if not buffer:
            start = number
        if line.rstrip().endswith("\\"):
            buffer += line.rstrip()[:-1] + " "
            continue
        buffer += line
        if buffer.strip() and not buffer.lstrip().startswith("#"):
            result.append((start, buffer))
        buffer = ""
    return result


def _simple_commands(tokens: list[str]) -> list[list[str]]:
    commands, current = [], []
    for token in tokens:
        if token in {";", "&&", "||", "|", "&"}:
            commands.append(current)
            current = []
        else:
            current.append(token)
    commands.append(current)
    return [command for command in commands if command]
