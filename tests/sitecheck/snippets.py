"""Checks for the code blocks on the site, by language.

Each check takes a CodeBlock and returns a list of Problems (empty when the block is right).
`check_block` runs the checks that fit the block's language.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .pages import CodeBlock, Problem

DATA = Path(__file__).with_name("data")
ALLOWED_LANGUAGES = {"bash", "json", "yaml", "toml", "text", "markdown", "powershell"}
CONFIG_LANGUAGES = {"json", "yaml", "toml"}
TYPOGRAPHY_CHECKED = {"bash", "json", "yaml", "toml", "powershell"}
TYPOGRAPHIC = {"\u2013": "en dash", "\u2014": "em dash", "\u2018": "typographic quote",
               "\u2019": "typographic quote", "\u201c": "typographic quote",
               "\u201d": "typographic quote", "\uff02": "full-width quote"}
CONTAINERD_CAPABILITIES = {"pull", "resolve", "push"}
CONTAINERD_HOST_KEYS = {"capabilities", "ca", "client", "skip_verify", "header",
                        "override_path", "dial_timeout"}
CRI_REGISTRY_SECTION = {2: ("io.containerd.grpc.v1.cri", "registry"),
                        3: ("io.containerd.cri.v1.images", "registry")}


# Data kept beside this module -----------------------------------------------------------

def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def dead_hosts() -> frozenset[str]:
    return frozenset(_lines("dead-hosts.txt"))


@cache
def daemon_json_keys() -> frozenset[str]:
    return frozenset(_lines("daemon-json-keys.txt"))


@cache
def command_options() -> dict[tuple[str, ...], frozenset[str]]:
    raw = yaml.safe_load((DATA / "command-options.yaml").read_text(encoding="utf-8"))
    return {tuple(path.split()): frozenset(options) for path, options in raw.items()}


# Dispatch ------------------------------------------------------------------------------

def check_block(block: CodeBlock) -> list[Problem]:
    if not block.language:
        return [block.problem("code block has no language: write ```bash, ```json, ...")]
    if block.language not in ALLOWED_LANGUAGES:
        return [block.problem(
            f"language {block.language!r} is not one this site uses "
            f"({', '.join(sorted(ALLOWED_LANGUAGES))})"
        )]
    problems = check_dead_hosts(block) + check_content_fits(block)
    if block.language in CONFIG_LANGUAGES and not block.title:
        problems.append(block.problem(
            f'a {block.language} configuration block needs its file path as title, '
            f'like ```{block.language} title="/etc/docker/daemon.json"'))
    if block.language in TYPOGRAPHY_CHECKED:
        problems += check_typography(block)
    checker = {
        "json": check_json, "yaml": check_yaml, "toml": check_toml, "bash": check_shell,
        "markdown": check_markdown,
    }.get(block.language)
    return problems + (checker(block) if checker else [])


# Language-independent -------------------------------------------------------------------

def check_dead_hosts(block: CodeBlock) -> list[Problem]:
    problems = []
    for offset, line in enumerate(block.code.splitlines(), start=1):
        for host in sorted(dead_hosts()):
            if re.search(rf"(?<![\w.-]){re.escape(host)}(?![\w-])", line):
                problems.append(block.problem(f"{host} is a dead host (see data/dead-hosts.txt)",
                                              offset))
    return problems


def check_content_fits(block: CodeBlock) -> list[Problem]:
    """Catch content filed under the wrong language (like the seed's YAML in a ruby fence)."""
    code = block.code.strip()
    if not code:
        return [block.problem("code block is empty")]
    if block.language != "json" and code[0] in "{[":
        try:
            json.loads(code)
        except ValueError:
            pass
        else:
            return [block.problem(f"this {block.language} block holds JSON: label it json")]
    lines = [line for line in code.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if block.language == "bash" and lines and all(
        re.match(r"\s*[A-Za-z_][\w.-]*:(\s|$)", line) for line in lines
    ):
        return [block.problem("this bash block holds YAML (key: value lines): label it yaml")]
    if block.language in {"bash", "text"} and lines and all(
        re.match(r"\s*(\[[^\]]+\]|[\w.\"-]+\s*=\s*\S)", line) for line in lines
    ) and _parses_as_toml(code):
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


# JSON ---------------------------------------------------------------------------------

def check_json(block: CodeBlock) -> list[Problem]:
    try:
        data = json.loads(block.code)
    except json.JSONDecodeError as error:
        return [block.problem(f"invalid JSON: {error.msg}", error.lineno)]
    return check_daemon_json(block, data) if _is_daemon_json(block, data) else []


def _is_daemon_json(block: CodeBlock, data) -> bool:
    title = block.title.lower()
    return isinstance(data, dict) and (
        "daemon.json" in title or "docker engine" in title or "registry-mirrors" in data
    )


def check_daemon_json(block: CodeBlock, data: dict) -> list[Problem]:
    problems = [
        block.problem(f"daemon.json has no key {key!r} (known keys: data/daemon-json-keys.txt)",
                      _line_of(block, f'"{key}"'))
        for key in data if key not in daemon_json_keys()
    ]
    mirrors = data.get("registry-mirrors", [])
    if not isinstance(mirrors, list):
        return problems + [block.problem("registry-mirrors must be a JSON array of URLs")]
    for mirror in mirrors:
        line = _line_of(block, str(mirror))
        if not isinstance(mirror, str):
            problems.append(block.problem(f"registry-mirrors entry {mirror!r} is not a string", line))
            continue
        reason = mirror_url_problem(mirror)
        if reason:
            problems.append(block.problem(f"registry-mirrors entry {mirror!r}: {reason}", line))
    return problems


def mirror_url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return "needs a scheme, like https://docker.m.daocloud.io"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "must not have a query or fragment"
    if parts.username or parts.password:
        return "must not carry credentials"
    return None


# YAML -----------------------------------------------------------------------------------

def check_yaml(block: CodeBlock) -> list[Problem]:
    try:
        data = yaml.safe_load(block.code)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return [block.problem(f"invalid YAML: {getattr(error, 'problem', error)}", line)]
    if not (isinstance(data, dict) and "proxy" in data):
        return []
    proxy = data["proxy"]
    if not isinstance(proxy, dict) or not proxy.get("remoteurl"):
        return [block.problem("registry proxy section needs remoteurl", _line_of(block, "proxy:"))]
    if urlsplit(str(proxy["remoteurl"])).scheme != "https":
        return [block.problem("proxy remoteurl should be an https URL",
                              _line_of(block, "remoteurl"))]
    return []


# TOML -----------------------------------------------------------------------------------

def _parses_as_toml(code: str) -> bool:
    try:
        tomllib.loads(code)
    except tomllib.TOMLDecodeError:
        return False
    return True


def check_toml(block: CodeBlock) -> list[Problem]:
    try:
        data = tomllib.loads(block.code)
    except tomllib.TOMLDecodeError as error:
        return [block.problem(f"invalid TOML: {error}", _line_in_message(str(error)))]
    title = block.title.lower()
    if title.endswith("hosts.toml") or "host" in data or "server" in data:
        return check_hosts_toml(block, data)
    if "registries.conf" in title or isinstance(data.get("registry"), list):
        return check_registries_conf(block, data)
    if "buildkitd" in title or isinstance(data.get("registry"), dict):
        return check_buildkitd_toml(block, data)
    if title.endswith("config.toml") or "plugins" in data:
        return check_containerd_config(block, data)
    return []


def check_hosts_toml(block: CodeBlock, data: dict) -> list[Problem]:
    problems = []
    server = data.get("server")
    if server is not None and not urlsplit(str(server)).scheme:
        problems.append(block.problem("hosts.toml server needs a scheme", _line_of(block, "server")))
    hosts = data.get("host", {})
    if not isinstance(hosts, dict) or not hosts:
        problems.append(block.problem('hosts.toml needs [host."https://mirror"] tables'))
        return problems
    for name, host in hosts.items():
        line = _line_of(block, name)
        if not isinstance(host, dict):
            problems.append(block.problem(f'host "{name}" must be a table', line))
            continue
        for key in host:
            if key not in CONTAINERD_HOST_KEYS:
                problems.append(block.problem(f'host "{name}": containerd reads no key {key!r}', line))
        capabilities = host.get("capabilities", [])
        if not isinstance(capabilities, list) or not set(capabilities) <= CONTAINERD_CAPABILITIES:
            problems.append(block.problem(
                f'host "{name}": capabilities must come from pull, resolve, push', line))
    return problems


def check_registries_conf(block: CodeBlock, data: dict) -> list[Problem]:
    if "registries" in data:
        return [block.problem("registries.conf v1 format ([registries.search]); use v2 "
                              "[[registry]] tables")]
    registries = data.get("registry")
    if not isinstance(registries, list) or not registries:
        return [block.problem("registries.conf v2 needs [[registry]] tables")]
    problems = []
    for registry in registries:
        if not (registry.get("location") or registry.get("prefix")):
            problems.append(block.problem("[[registry]] needs a location"))
        for mirror in registry.get("mirror", []):
            location = str(mirror.get("location", ""))
            if not location:
                problems.append(block.problem("[[registry.mirror]] needs a location"))
            elif "://" in location:
                problems.append(block.problem(
                    f"registries.conf location {location!r} takes a host, without a scheme",
                    _line_of(block, location)))
    return problems


def check_buildkitd_toml(block: CodeBlock, data: dict) -> list[Problem]:
    problems = []
    for name, registry in data.get("registry", {}).items():
        for mirror in registry.get("mirrors", []):
            if "://" in str(mirror):
                problems.append(block.problem(
                    f"buildkitd.toml mirror {mirror!r} takes a host, without a scheme",
                    _line_of(block, str(mirror))))
    return problems


def check_containerd_config(block: CodeBlock, data: dict) -> list[Problem]:
    version = data.get("version")
    if version not in CRI_REGISTRY_SECTION:
        return [block.problem("containerd config.toml needs version = 2 (1.x) or 3 (2.x)")]
    plugin, section = CRI_REGISTRY_SECTION[version]
    registry = data.get("plugins", {}).get(plugin, {}).get(section)
    if registry is None:
        return [block.problem(
            f'containerd config version {version} reads [plugins."{plugin}".{section}]')]
    problems = []
    if "config_path" not in registry:
        problems.append(block.problem("set config_path to the hosts directory"))
    if "mirrors" in registry:
        problems.append(block.problem(
            "registry.mirrors is deprecated and must not be combined with config_path",
            _line_of(block, "mirrors")))
    return problems


# Shell ----------------------------------------------------------------------------------

def check_shell(block: CodeBlock) -> list[Problem]:
    problems = []
    for offset, line in enumerate(block.code.splitlines(), start=1):
        if re.match(r"\s*[$#] ", line):
            problems.append(block.problem(
                "no prompts in bash blocks: the copy button must give runnable text", offset))
    syntax = subprocess.run(["bash", "-n"], input=block.code, capture_output=True, text=True)
    if syntax.returncode != 0:
        problems.append(block.problem(f"bash -n: {syntax.stderr.strip()}",
                                      _line_in_message(syntax.stderr)))
        return problems
    problems += _shellcheck(block)
    problems += check_command_options(block)
    return problems


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
        for command in _simple_commands(tokens):
            reason = command_problem(command)
            if reason:
                problems.append(block.problem(reason, offset))
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
    for index, token in enumerate(tokens[1:], start=1):
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
        if path + (token,) in table:
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


# Markdown examples ----------------------------------------------------------------------

def check_markdown(block: CodeBlock) -> list[Problem]:
    from .render import render_markdown  # imports MkDocs and the hooks; only when needed

    try:
        render_markdown(block.code)
    except Exception as error:  # noqa: BLE001 - any failure of the pipeline is the finding
        return [block.problem(f"Markdown example does not render: {error}")]
    return []


# Helpers --------------------------------------------------------------------------------

def _line_of(block: CodeBlock, needle: str) -> int:
    for offset, line in enumerate(block.code.splitlines(), start=1):
        if needle in line:
            return offset
    return 1


def _line_in_message(message: str) -> int:
    """The line number a parser's message names ("... line 3 ..."), else 1."""
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1
