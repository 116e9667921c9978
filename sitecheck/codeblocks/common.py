"""Checks for every language: dead hosts, content filed under the wrong label, typography;
and the helpers that turn a position in a block into a line of its page."""

from __future__ import annotations

import json
import re
import tomllib

from ..data import dead_hosts
from ..pages import CodeBlock, Problem

TYPOGRAPHIC = {"\u2013": "en dash", "\u2014": "em dash", "\u2018": "typographic quote",
               "\u2019": "typographic quote", "\u201c": "typographic quote",
               "\u201d": "typographic quote", "\uff02": "full-width quote"}


def check_dead_hosts(block: CodeBlock) -> list[Problem]:
    problems = []
    for offset, line in enumerate(block.code.splitlines(), start=1):
        for host in sorted(dead_hosts()):
            if re.search(rf"(?<![\w.-]){re.escape(host)}(?![\w-])", line):
                problems.append(block.problem(f"{host} is a dead host (see data/dead-hosts.txt)",
                                              offset))
    return problems


def check_label_fits(block: CodeBlock) -> list[Problem]:
    """Catch content filed under the wrong language (like the seed's YAML in a ruby fence)."""
    code = block.code.strip()
    if not code:
        return [block.problem("code block is empty")]
    if block.language != "json" and code[0] in "{[" and _parses(json.loads, code):
        return [block.problem(f"this {block.language} block holds JSON: label it json")]
    lines = [line for line in code.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if block.language == "bash" and lines and all(
        re.match(r"\s*[A-Za-z_][\w.-]*:(\s|$)", line) for line in lines
    ):
        return [block.problem("this bash block holds YAML (key: value lines): label it yaml")]
    if block.language in {"bash", "text"} and lines and all(
        re.match(r"\s*(\[[^\]]+\]|[\w.\"-]+\s*=\s*\S)", line) for line in lines
    ) and _parses(tomllib.loads, code):
        return [block.problem(f"this {block.language} block holds TOML: label it toml")]
    return []


def check_typography(block: CodeBlock) -> list[Problem]:
    problems = []
    for offset, line in enumerate(block.code.splitlines(), start=1):
        for char, name in TYPOGRAPHIC.items():
            if char in line:
                problems.append(block.problem(
                    f"{name} {char!r} where an ASCII hyphen or quote belongs: {line.strip()!r}",
                    offset))
    return problems


def line_of(block: CodeBlock, needle: str) -> int:
    """The line of the block (1-based) that first contains `needle`, else 1."""
    for offset, line in enumerate(block.code.splitlines(), start=1):
        if needle in line:
            return offset
    return 1


def line_in_message(message: str) -> int:
    """The line number a parser's message names ("... line 3 ..."), else 1."""
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def _parses(parse, code: str) -> bool:
    try:
        parse(code)
    except ValueError:  # json.JSONDecodeError and tomllib.TOMLDecodeError are ValueErrors
        return False
    return True
