"""Chinese copy: spacing and punctuation as Chinese engineers write it.

autocorrect (a maintained linter for CJK copy, autocorrect-py) checks the prose of a zh page: a
space between Han characters and Latin letters or digits, none between Han characters and
full-width punctuation, full-width punctuation in Chinese sentences. Fenced code is blanked
out before it reads the page (it would lint a `text` block as prose, and error messages quoted
there must stay as the tool prints them), so line numbers stay those of the file. One rule
is added here because autocorrect accepts both forms: no space between Han characters and
`**bold**` markers where the bold text begins or ends with a Han character or full-width
punctuation (Python-Markdown bolds `会**悄悄回退**到` without them, and the spaces show); bold
text that begins or ends with Latin letters keeps its space, as any Latin word does.
"""

from __future__ import annotations

import re
from pathlib import Path

import autocorrect_py

from .pages import Problem, code_blocks, prose_lines, relative

_HAN = r"[\u3400-\u9fff]"
_WIDE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d]"  # Han and full-width punctuation
_SPACED_BOLD = re.compile(rf"{_HAN} \*\*{_WIDE}[^*]*\*\*|\*\*[^*]*{_WIDE}\*\* {_HAN}")


def check_chinese_copy(path: Path, text: str | None = None) -> list[Problem]:
    text = path.read_text(encoding="utf-8") if text is None else text
    name = relative(path)
    problems = [
        Problem(name, line.line, f"Chinese copy: write {line.new.strip()!r} "
                                 f"(was {line.old.strip()!r})")
        for line in autocorrect_py.lint_for(_without_code(path, text), path.name).lines
    ]
    problems += [
        Problem(name, number, f"no space between Chinese and bold text: {match.group()!r}")
        for number, line in prose_lines(path, text)
        for match in _SPACED_BOLD.finditer(line)
    ]
    return sorted(problems, key=lambda problem: problem.line)


def _without_code(path: Path, text: str) -> str:
    """`text` with every line of fenced code (fences included) made empty."""
    lines = text.split("\n")
    for block in code_blocks(path, text):
        for number in range(block.line, block.end_line + 1):
            lines[number - 1] = ""
    return "\n".join(lines)
