"""Checks for the code blocks on the site, one module per format.

Each check takes a CodeBlock and returns a list of Problems (empty when the block is right).
`check_block` runs the checks that fit the block's language.
"""

from __future__ import annotations

from ..pages import CodeBlock, Problem
from .common import check_dead_hosts, check_label_fits, check_typography
from .json_config import check_json
from .markdown_example import check_markdown
from .shell import check_shell
from .toml_config import check_toml
from .yaml_config import check_yaml

ALLOWED_LANGUAGES = {"bash", "json", "yaml", "toml", "text", "markdown", "powershell"}
CONFIG_LANGUAGES = {"json", "yaml", "toml"}
TYPOGRAPHY_CHECKED = {"bash", "json", "yaml", "toml", "powershell"}
CHECKERS = {"json": check_json, "yaml": check_yaml, "toml": check_toml, "bash": check_shell,
            "markdown": check_markdown}


def check_block(block: CodeBlock) -> list[Problem]:
    if not block.language:
        return [block.problem("code block has no language: write ```bash, ```json, ...")]
    if block.language not in ALLOWED_LANGUAGES:
        return [block.problem(
            f"language {block.language!r} is not one this site uses "
            f"({', '.join(sorted(ALLOWED_LANGUAGES))})"
        )]
    problems = check_dead_hosts(block) + check_label_fits(block)
    if block.language in CONFIG_LANGUAGES and not block.title:
        problems.append(block.problem(
            f'a {block.language} configuration block needs its file path as title, '
            f'like ```{block.language} title="/etc/docker/daemon.json"'))
    if block.language in TYPOGRAPHY_CHECKED:
        problems += check_typography(block)
    checker = CHECKERS.get(block.language)
    return problems + (checker(block) if checker else [])
