"""The error-message reference (docs/guide/errors.*.md): every message section quotes the
message in a `text` block, names where the wording comes from with a link, and has an
explicit id, so that a pasted error finds a section that shows it exactly and says why."""

from __future__ import annotations

import re
from pathlib import Path

from .pages import Problem, code_blocks, relative

_MESSAGE = re.compile(r"^### (?P<title>.+?)\s*(?:\{#(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\})?\s*$")
_SOURCE = re.compile(r"^\*\*(?:Source:?|出处)\*\*.*\]\(https://")


def check_error_reference(path: Path, text: str | None = None) -> list[Problem]:
    text = path.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    in_code = {n for block in code_blocks(path, text) for n in range(block.line, block.end_line + 1)}
    starts = [n for n, line in enumerate(lines, start=1)
              if n not in in_code and line.startswith(("## ", "### "))]
    problems = []
    for index, start in enumerate(starts):
        match = _MESSAGE.match(lines[start - 1])
        if not match:
            continue  # a group heading (##)
        end = starts[index + 1] if index + 1 < len(starts) else len(lines) + 1
        section = [lines[n - 1] for n in range(start + 1, end) if n not in in_code]
        blocks = [b for b in code_blocks(path, text) if start < b.line < end]
        name = relative(path)
        if not match["id"]:
            problems.append(Problem(name, start, "error section needs an explicit id, "
                                                 "like {#some-message}"))
        if not any(block.language == "text" for block in blocks):
            problems.append(Problem(name, start, f"error section {match['title']!r} quotes no "
                                                 "message in a text block"))
        if not any(_SOURCE.search(line) for line in section):
            problems.append(Problem(name, start, f"error section {match['title']!r} names no "
                                                 "source (a **Source:** / **出处** line with a link)"))
    return problems
