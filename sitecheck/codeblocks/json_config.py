"""JSON blocks: valid JSON; daemon.json keys and registry-mirrors URLs."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from ..data import daemon_json_keys
from ..pages import CodeBlock, Problem
from .common import line_of


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
                      line_of(block, f'"{key}"'))
        for key in data if key not in daemon_json_keys()
    ]
    mirrors = data.get("registry-mirrors", [])
    if not isinstance(mirrors, list):
        return [*problems, block.problem("registry-mirrors must be a JSON array of URLs")]
    for mirror in mirrors:
        line = line_of(block, str(mirror))
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
