"""Translation parity: every page exists in Chinese and English with the same structure.

Images are the same in both languages, or a per-language pair: the Chinese page shows
`name.zh.svg` where the English page shows `name.en.svg` (mkdocs-static-i18n publishes each
at `name.svg` under its language's root). A page showing the other language's image, or a
pair whose file is missing, is a difference."""

from __future__ import annotations

import re
from pathlib import Path

from .pages import (
    DOCS,
    LANGUAGES,
    Problem,
    code_blocks,
    language_of,
    page_files,
    prose_lines,
    relative,
)

_EXPLICIT_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_COMMENT_LANGUAGES = {"bash", "yaml", "toml", "powershell"}
_LANGUAGE_SUFFIX = r"\.{}(\.[A-Za-z0-9]+)$"
_EXAMPLE_LANGUAGES = {"markdown"}


def check_parity(docs: Path = DOCS) -> list[Problem]:
    problems = []
    for path in page_files(docs):
        language = language_of(path)
        if language is None:
            problems.append(Problem(relative(path), 1,
                                    "page has no language suffix: name it page.zh.md or page.en.md"))
            continue
        other = "en" if language == "zh" else "zh"
        twin = path.with_name(path.name.replace(f".{language}.md", f".{other}.md"))
        if not twin.exists():
            problems.append(Problem(relative(path), 1,
                                    f"page exists in {language} only: {relative(twin)} is missing"))
        elif language == "zh":
            problems += compare_pair(path, twin)
    return problems


def compare_pair(zh: Path, en: Path) -> list[Problem]:
    problems = missing_images(zh) + missing_images(en)
    for name, extract in (("explicit ids", explicit_ids), ("images", images),
                          ("code blocks", code_signatures)):
        left, right = extract(zh), extract(en)
        if [item for _, item in left] != [item for _, item in right]:
            problems.append(_first_difference(name, zh, left, en, right))
    return problems


def explicit_ids(path: Path) -> list[tuple[int, str]]:
    return [(n, m.group(1)) for n, line in prose_lines(path) if (m := _EXPLICIT_ID.match(line))]


def images(path: Path) -> list[tuple[int, str]]:
    """(line, source) per image, with the page's own language suffix taken out of the file
    name ('a.zh.svg' on a Chinese page reads 'a.svg'), so that a per-language pair compares
    equal and an image of the other language does not."""
    own = re.compile(_LANGUAGE_SUFFIX.format(re.escape(language_of(path) or "-")))
    return [(n, own.sub(r"\1", src)) for n, line in prose_lines(path)
            for src in _IMAGE.findall(line)]


def missing_images(path: Path) -> list[Problem]:
    """Per-language images (name.<language>.ext) that do not exist next to the page."""
    suffix = re.compile(_LANGUAGE_SUFFIX.format("(?:" + "|".join(LANGUAGES) + ")"))
    return [Problem(relative(path), n, f"image {src!r} does not exist")
            for n, line in prose_lines(path) for src in _IMAGE.findall(line)
            if suffix.search(src) and not (path.parent / src).is_file()]


def code_signatures(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """(line, signature) per code block: (language, title, code without comment lines); for
    a Markdown example, only its language. Examples are prose written in the page's own
    language, so only their number and place in the page must match."""
    result = []
    for block in code_blocks(path):
        if block.language in _EXAMPLE_LANGUAGES:
            result.append((block.line, (block.language,)))
            continue
        code = block.code
        if block.language in _COMMENT_LANGUAGES:
            code = "\n".join(line for line in code.splitlines()
                             if not line.lstrip().startswith("#"))
        result.append((block.line, (block.language, block.title, code.strip())))
    return result


def _first_difference(name, zh, left, en, right) -> Problem:
    """The first place where the English page's `name` differ from the Chinese page's."""
    for (line, a), (line_en, b) in zip(left, right, strict=False):
        if a != b:
            return Problem(relative(en), line_en,
                           f"{name} differ from {relative(zh)}:{line}: {b!r} vs {a!r}")
    if len(left) > len(right):
        line, item = left[len(right)]
        return Problem(relative(en), 1, f"{name}: missing {item!r} of {relative(zh)}:{line}")
    line, item = right[len(left)]
    return Problem(relative(en), line, f"{name}: {item!r} has no counterpart in {relative(zh)}")
