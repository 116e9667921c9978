"""Fenced code: which line opens a fence and which line closes it.

One scanner for the notice hook (hooks/grav_notices.py) and the validators
(sitecheck/pages.py), so that both agree on what is code. The rules, as
pymdownx.superfences reads this site's pages:

- A fence is a run of three or more backticks or tildes, at any indentation: fences sit
  under list items and inside content tabs, four columns in or more.
- After a backtick fence the info string may not contain a backtick (such a line is inline
  code, as in CommonMark); after a tilde fence it may: ~~~markdown title="a `b`" opens one.
- A fence is closed by a line holding only the same character, at least as many of it,
  with any indentation and trailing spaces.

This module is imported in two ways: as `hooks.markdown_fences` by the hooks when tests and
sitecheck import them as a package, and as `markdown_fences` when MkDocs loads a hook by its
path (MkDocs puts the hook's folder on sys.path while the hook is imported).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_OPENING = re.compile(r"(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)")


@dataclass(frozen=True)
class Fence:
    indent: str  # the whitespace before the marker
    marker: str  # the run of backticks or tildes
    info: str  # what follows the marker, stripped: language and options

    def closed_by(self, line: str) -> bool:
        """Whether `line` closes this fence."""
        stripped = line.strip()
        return (bool(stripped) and set(stripped) == {self.marker[0]}
                and len(stripped) >= len(self.marker))


def opening_fence(line: str) -> Fence | None:
    """The fence that `line` opens, or None when it opens none."""
    match = _OPENING.fullmatch(line.rstrip("\r\n"))
    if match is None or (match["marker"][0] == "`" and "`" in match["info"]):
        return None
    return Fence(match["indent"], match["marker"], match["info"].strip())


def fenced_blocks(lines: list[str]) -> Iterator[tuple[int, int, Fence]]:
    """(opening index, closing index, fence) of each fenced block in `lines`, in order.

    A fence left open runs to the end: its closing index is then len(lines). Fences inside
    a block are its content."""
    index = 0
    while index < len(lines):
        fence = opening_fence(lines[index])
        if fence is None:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not fence.closed_by(lines[end]):
            end += 1
        yield index, end, fence
        index = end + 1
