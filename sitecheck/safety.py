"""Content safety: pages arrive through pull requests, so Markdown may not carry active
content or load anything from another host. Code blocks and inline code are exempt: they
show text, they do not run it."""

from __future__ import annotations

import re
from pathlib import Path

from .pages import Problem, prose_lines, relative

_RULES = [
    (re.compile(r"<\s*(script|iframe|object|embed)\b", re.I),
     "raw <{0}> element is not allowed in pages"),
    (re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I),
     "inline event handler {0}= is not allowed in pages"),
    (re.compile(r"(?:\]\(|\b(?:href|src)\s*=\s*[\"']?)\s*javascript:", re.I),
     "javascript: URL is not allowed in pages"),
    (re.compile(r"!\[[^\]]*\]\(\s*<?((?:https?:)?//[^)\s>]+)", re.I),
     "remote image {0}: serve images from docs/assets/"),
    (re.compile(r"<\s*(?:img|source|video|audio|track|input)\b[^>]*\b(?:src|srcset|poster)\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", re.I),
     "remote asset {0}: serve it from docs/assets/"),
    (re.compile(r"<\s*link\b[^>]*\bhref\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", re.I),
     "remote stylesheet or asset {0}: serve it from docs/assets/"),
    (re.compile(r"url\(\s*[\"']?((?:https?:)?//[^)\"']+)", re.I),
     "remote asset {0} in a style: serve it from docs/assets/"),
]


def check_page_safety(path: Path, text: str | None = None) -> list[Problem]:
    problems = []
    for number, line in prose_lines(path, text):
        for pattern, message in _RULES:
            for match in pattern.finditer(line):
                detail = match.group(1) if match.groups() else ""
                problems.append(Problem(relative(path), number, message.format(detail)))
    return problems
