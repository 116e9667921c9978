"""Reading the Markdown sources: page pairs, code blocks and prose, each with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hooks.languages import LANGUAGES
from hooks.markdown_fences import fenced_blocks

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

_TITLE = re.compile(r'title="(?P<title>[^"]*)"')
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the repository root
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class CodeBlock:
    path: str
    line: int  # line of the opening fence, 1-based
    language: str  # "" when the fence has none
    title: str
    code: str  # content with the fence's indentation removed
    end_line: int  # line of the closing fence (or the last line of the file)

    def problem(self, reason: str, offset: int = 0) -> Problem:
        return Problem(self.path, self.line + offset, reason)


def relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def page_files(docs: Path = DOCS) -> list[Path]:
    return sorted(docs.rglob("*.md"))


def language_of(path: Path) -> str | None:
    suffixes = path.suffixes
    return suffixes[-2][1:] if len(suffixes) >= 2 and suffixes[-2][1:] in LANGUAGES else None


def code_blocks(path: Path, text: str | None = None) -> list[CodeBlock]:
    """Every fenced block of a Markdown file, nested fences included as content."""
    text = path.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    blocks = []
    for start, end, fence in fenced_blocks(lines):
        words = fence.info.split()
        language = words[0] if words and "=" not in words[0] else ""
        title = _TITLE.search(fence.info)
        body = [_dedent(line, fence.indent) for line in lines[start + 1:end]]
        blocks.append(CodeBlock(relative(path), start + 1, language.lower(),
                                title["title"] if title else "", "\n".join(body),
                                min(end + 1, len(lines))))
    return blocks


def prose_lines(path: Path, text: str | None = None) -> list[tuple[int, str]]:
    """(line number, text) of every line outside fenced code, inline code spans removed."""
    text = path.read_text(encoding="utf-8") if text is None else text
    inside = set()
    for block in code_blocks(path, text):
        inside.update(range(block.line, block.end_line + 1))
    return [
        (number, _INLINE_CODE.sub("``", line))
        for number, line in enumerate(text.splitlines(), start=1)
        if number not in inside
    ]


def _dedent(line: str, indent: str) -> str:
    return line[len(indent):] if line.startswith(indent) else line.lstrip(" \t")
