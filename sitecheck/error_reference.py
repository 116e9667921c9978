"""The error-message reference (docs/guide/errors/): one page per group of messages, and an
index.

- On a group page every `##` section is one message: it quotes the message in a `text` block,
  names where the wording comes from with a link, and has an explicit id, so that a pasted
  error finds a section that shows it exactly and says why.
- The index (index.<lang>.md) lists every message of every group page, in the pages' order,
  as `- [title](page.md#id){#id}`: the heading's own title (a reader's Ctrl+F on the index
  finds it), a link to its section, and the link's id the same as its fragment. The ids are
  the addresses the messages had when they were all on one page (guide/errors/#id), and
  reader.js forwards such an address to the link's target."""

from __future__ import annotations

import re
from pathlib import Path

from .pages import Problem, code_blocks, relative

ERRORS = Path("guide") / "errors"
INDEX = "index"
_HEADING = re.compile(r"^## (?P<title>.+?)\s*(?:\{#(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\})?\s*$")
_SOURCE = re.compile(r"^\*\*(?:Source:?|出处)\*\*.*\]\(https://")
_ENTRY = re.compile(r"^- \[(?P<title>.+)\]\((?P<page>[a-z0-9-]+)\.md#(?P<fragment>[^)\s]+)\)"
                    r"\{#(?P<id>[^}\s]+)\}\s*$")


def message_sections(path: Path, text: str | None = None) -> list[tuple[int, str, str | None]]:
    """(line, title, id or None) of each `##` heading outside code blocks."""
    text = path.read_text(encoding="utf-8") if text is None else text
    in_code = {n for block in code_blocks(path, text) for n in range(block.line, block.end_line + 1)}
    return [(n, match["title"], match["id"])
            for n, line in enumerate(text.splitlines(), start=1)
            if n not in in_code and (match := _HEADING.match(line))]


def check_error_reference(path: Path, text: str | None = None) -> list[Problem]:
    """A group page: each message section quotes it, names a source, has an id."""
    text = path.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    all_blocks = code_blocks(path, text)
    in_code = {n for block in all_blocks for n in range(block.line, block.end_line + 1)}
    starts = [n for n, line in enumerate(lines, start=1)
              if n not in in_code and line.startswith(("# ", "## ", "### "))]
    sections = {line: (title, anchor) for line, title, anchor in message_sections(path, text)}
    problems, name = [], relative(path)
    for index, start in enumerate(starts):
        if start not in sections:
            continue  # the page's title or a subheading inside a message
        title, anchor = sections[start]
        following = [n for n in starts[index + 1:] if n in sections]
        end = following[0] if following else len(lines) + 1
        section = [lines[n - 1] for n in range(start + 1, end) if n not in in_code]
        blocks = [b for b in all_blocks if start < b.line < end]
        if not anchor:
            problems.append(Problem(name, start, "error section needs an explicit id, "
                                                 "like {#some-message}"))
        if not any(block.language == "text" for block in blocks):
            problems.append(Problem(name, start, f"error section {title!r} quotes no "
                                                 "message in a text block"))
        if not any(_SOURCE.search(line) for line in section):
            problems.append(Problem(name, start, f"error section {title!r} names no "
                                                 "source (a **Source:** / **出处** line with a link)"))
    return problems


def group_pages(directory: Path, language: str) -> list[Path]:
    return sorted(path for path in directory.glob(f"*.{language}.md")
                  if path.name != f"{INDEX}.{language}.md")


def _entry_problems(entry: re.Match, sections: dict) -> list[str]:
    """What is wrong with one well-formed index entry, against the group pages' sections."""
    page, fragment, title = entry["page"], entry["fragment"], entry["title"]
    reasons = []
    if entry["id"] != fragment:
        reasons.append(f"the link's id {entry['id']!r} must be its fragment {fragment!r} "
                       "(the old address)")
    found = [s for s in sections.get(page, (None, []))[1] if s[2] == fragment]
    if page not in sections:
        reasons.append(f"{page}.md is not a page of the error reference in this language")
    elif not found:
        reasons.append(f"{page}.md has no section {{#{fragment}}}")
    elif found[0][1] != title:
        reasons.append(f"the entry's title must be the heading's: {found[0][1]!r}")
    return reasons


def check_error_index(index: Path, pages: list[Path]) -> list[Problem]:
    """The index lists each message of each group page exactly once, as described above."""
    name = relative(index)
    lines = index.read_text(encoding="utf-8").splitlines()
    entries = [(n, _ENTRY.match(line)) for n, line in enumerate(lines, start=1)
               if line.startswith("- [") and "](" in line and ".md#" in line]
    sections = {path.name.split(".")[0]: (path, message_sections(path)) for path in pages}
    problems, listed = [], {}
    for line, entry in entries:
        if not entry:
            problems.append(Problem(name, line, "an index entry must read "
                                                "- [title](page.md#id){#id}"))
            continue
        if entry["fragment"] in listed:
            problems.append(Problem(name, line, f"{entry['fragment']!r} is listed twice (first "
                                                f"on line {listed[entry['fragment']]})"))
        listed.setdefault(entry["fragment"], line)
        problems += [Problem(name, line, reason) for reason in _entry_problems(entry, sections)]
    for page, (path, found) in sections.items():
        problems += [Problem(relative(path), line, f"{title!r} is not listed in {name}")
                     for line, title, anchor in found if anchor and anchor not in listed]
        anchors = [anchor for _, _, anchor in found]
        ours = [(line, e["fragment"]) for line, e in entries
                if e and e["page"] == page and e["fragment"] in anchors]
        if [f for _, f in ours] != [a for a in anchors if a in {f for _, f in ours}]:
            problems.append(Problem(name, ours[0][0], f"the entries for {page}.md must follow "
                                                      "the order of its sections"))
    return problems
