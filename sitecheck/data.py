"""The validators' data files (sitecheck/data/), read once and checked for shape on load.

A data file edited by hand must fail loudly when its shape is wrong, naming the file and the
line, rather than quietly meaning something else (a YAML scalar where a list belongs would
otherwise become a set of characters).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_OPTION = re.compile(r"--?[A-Za-z0-9][A-Za-z0-9-]*")
_COMMAND_PATH = re.compile(r"[a-z0-9][a-z0-9.-]*(?: [a-z0-9][a-z0-9.-]*)*")


class DataError(ValueError):
    """A data file whose content does not have the shape its readers rely on."""


def word_list(path: Path, shape: re.Pattern, what: str) -> frozenset[str]:
    """One word per line; `#` comments and blank lines skipped; every word must match `shape`."""
    words = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        if not shape.fullmatch(word):
            raise DataError(f"{path.name}:{number}: {word!r} is not {what}")
        words.add(word)
    return frozenset(words)


def command_table(path: Path) -> dict[tuple[str, ...], frozenset[str]]:
    """`command path: [options]` per line of a YAML mapping."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise DataError(f"{path.name}: must be a mapping of command paths to option lists")
    lines = path.read_text(encoding="utf-8").splitlines()
    table = {}
    for command, options in raw.items():
        number = next((n for n, line in enumerate(lines, start=1)
                       if line.startswith(f"{command}:")), 1)
        if not isinstance(command, str) or not _COMMAND_PATH.fullmatch(command):
            raise DataError(f"{path.name}:{number}: {command!r} is not a command path")
        if not isinstance(options, list) or not all(
            isinstance(option, str) and _OPTION.fullmatch(option) for option in options
        ):
            raise DataError(f"{path.name}:{number}: {command}: options must be a list like "
                            f"[--flag, -f], not {options!r}")
        table[tuple(command.split())] = frozenset(options)
    return table


@cache
def dead_hosts() -> frozenset[str]:
    return word_list(DATA / "dead-hosts.txt", _HOST, "a host name")


@cache
def daemon_json_keys() -> frozenset[str]:
    return word_list(DATA / "daemon-json-keys.txt", _KEY, "a daemon.json key")


@cache
def command_options() -> dict[tuple[str, ...], frozenset[str]]:
    return command_table(DATA / "command-options.yaml")
