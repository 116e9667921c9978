"""Turn Grav's chevron notices into Material admonitions.

Grav's documentation theme styled nested blockquotes of depth 3 to 6 as coloured notice
boxes. This hook rewrites them to admonitions before Markdown runs:

    >>> text      ->  !!! info        >>>>> text   ->  !!! note
    >>>> text     ->  !!! warning     >>>>>> text  ->  !!! tip

Decided behaviour (tests/test_grav_notices.py holds one test per rule):
- `>` and `>>` are ordinary blockquotes and are left alone.
- The space after each chevron is optional, and spaced chevrons (`> > >`) count like
  `>>>`: Grav's parser (Parsedown) nests both the same way.
- Seven or more chevrons become a `tip`: Grav's CSS for depth 6 also matched deeper nesting.
- Consecutive lines with the same prefix form one box; a line with a different prefix starts
  a new box (or, at depth 1 or 2, a plain quote).
- A following line without a prefix continues the box (lazy continuation); a blank line, a
  code fence, a heading or a list item ends it, as they end a paragraph.
- Fenced code (``` or ~~~, at any indentation) and indented code (four columns more than the
  enclosing list, after a blank line) are copied byte for byte.
- A notice indented under a list item keeps that indentation, so it stays in the item.
- A notice on a list-marker line (`- >>> text`) is refused with the line number: Markdown
  cannot put an admonition there. Put it on its own line, indented under the item.
- Line endings (LF or CRLF) and a leading byte-order mark are kept.
- A blank line is added before and after a box where needed, so that the box does not
  merge into the paragraph, heading or list around it. No other text is added or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

if __package__ == "hooks":  # imported as hooks.grav_notices by tests and sitecheck
    from hooks.markdown_fences import Fence, opening_fence
else:  # loaded by path by MkDocs, with hooks/ on sys.path while it imports this file
    from markdown_fences import Fence, opening_fence

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

NOTICE_TYPES = {3: "info", 4: "warning", 5: "note", 6: "tip"}

_CHEVRONS = re.compile(r"(?:>[ \t]?)+")
_LIST_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")


class NoticeError(ValueError):
    """A notice the hook cannot convert; `line` is 1-based within the converted text."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


# MkDocs glue ---------------------------------------------------------------------------

@event_priority(100)  # before static-i18n (priority 50) gives admonitions translated titles
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return convert_notices(markdown)
    except NoticeError as error:
        line = error.line + _front_matter_lines(page, markdown)
        raise PluginError(
            f"Grav notice in {page.file.src_uri}, line {line}: {error.reason}"
        ) from error


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines of the source file come before `markdown` (the front matter)."""
    source = page.file.content_string
    return max(source.count("\n") - markdown.count("\n"), 0)


# The transformation --------------------------------------------------------------------

def notice_type(level: int) -> str | None:
    """Admonition type for a run of `level` chevrons; None for an ordinary quote."""
    if level < 3:
        return None
    return NOTICE_TYPES[min(level, 6)]


def convert_notices(text: str) -> str:
    """Return `text` with every Grav notice outside code rewritten as an admonition."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    converter = _Converter()
    for number, raw in enumerate(_split_lines(text[len(bom):]), start=1):
        converter.feed(number, raw)
    return bom + converter.finish()


def _split_lines(text: str) -> list[str]:
    """Split after each LF only, keeping the endings ('\\r\\n' stays with its line)."""
    lines = text.split("\n")
    ended = [line + "\n" for line in lines[:-1]]
    return ended + ([lines[-1]] if lines[-1] else [])


@dataclass
class _Notice:
    level: int
    indent: str
    ending: str
    lines: list[str] = field(default_factory=list)


class _Line:
    """One input line and what the rules need to know about it."""

    __slots__ = ("columns", "content", "ending", "indent", "level", "number", "raw", "text")

    def __init__(self, number: int, raw: str) -> None:
        self.number = number  # 1-based
        self.raw = raw  # as read, line ending included
        self.text = raw.rstrip("\r\n")  # without the line ending
        self.ending = raw[len(self.text):]  # "\n", "\r\n" or "" (a last line without one)
        self.content = self.text.lstrip(" \t")  # without the indentation
        self.indent = self.text[: len(self.text) - len(self.content)]  # spaces and tabs
        self.columns = len(self.indent.expandtabs(4))  # a tab reaches a multiple of four
        self.level = _chevron_level(self.content)  # chevrons that start the content


class _Converter:
    """One pass over the lines. Each line goes to the first rule whose test accepts it, as
    Python-Markdown hands a block to the first block processor whose test() accepts it;
    each rule is one paragraph of the module docstring."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.fence: Fence | None = None
        self.list_indent = 0  # columns of the innermost list item's content
        self.notice: _Notice | None = None
        self.blank_needed = False  # a box was just written: separate what follows
        self.input_ended = True  # whether the last input line had a line ending
        self.previous = None  # the rule that took the previous line
        self.previous_text = None  # the rule that took the previous non-blank line
        self.blank_rule, self.code_rule = self._blank, self._indented_code  # bound once
        self.rules = [
            (self._inside_fence, self._fenced_code),
            (self._is_blank, self.blank_rule),
            (self._is_indented_code, self.code_rule),
            (self._opens_fence, self._fence_opening),
            (self._is_list_item, self._list_item),
            (self._leaves_list, self._leave_list),
            (self._is_notice, self._notice_line),
            (self._continues_notice, self._lazy_continuation),
            (lambda line: True, self._other),
        ]

    def feed(self, number: int, raw: str) -> None:
        line = _Line(number, raw)
        self.input_ended = bool(line.ending)
        for applies, handle in self.rules:
            if applies(line) and handle(line) is not _NEXT_RULE:
                break
        self.previous = handle
        if handle is not self.blank_rule:
            self.previous_text = handle

    def finish(self) -> str:
        if self.notice is not None:
            self._end_notice()
            if not self.input_ended:
                self.out[-1] = self.out[-1].rstrip("\r\n")
        return "".join(self.out)

    # The rules, in order -----------------------------------------------------------------

    # Fenced code (``` or ~~~, at any indentation) is copied byte for byte.
    def _inside_fence(self, line: _Line) -> bool:
        return self.fence is not None

    def _fenced_code(self, line: _Line) -> None:
        self._copy(line)
        if self.fence.closed_by(line.text):
            self.fence = None

    # A blank line ends a box.
    def _is_blank(self, line: _Line) -> bool:
        return not line.text.strip()

    def _blank(self, line: _Line) -> None:
        self._end_notice()
        self.out.append(line.raw)
        self.blank_needed = False

    # Indented code (four columns more than the enclosing list, after a blank line) is copied
    # byte for byte, and so are the lines that follow it at that indentation.
    def _is_indented_code(self, line: _Line) -> bool:
        continues = self.previous_text is self.code_rule
        return line.columns >= self.list_indent + 4 and (continues or self._after_blank)

    def _indented_code(self, line: _Line) -> None:
        self._copy(line)

    # A code fence ends a box, and opens fenced code.
    def _opens_fence(self, line: _Line) -> bool:
        return opening_fence(line.text) is not None

    def _fence_opening(self, line: _Line) -> None:
        self._end_notice()
        self.fence = opening_fence(line.text)
        self._copy(line)

    # A list item ends a box; a notice on its marker line is refused. The item's content
    # column is where code inside the item starts four columns further in.
    def _is_list_item(self, line: _Line) -> bool:
        return _LIST_MARKER.match(line.content) is not None

    def _list_item(self, line: _Line) -> None:
        self._end_notice()
        marker = _LIST_MARKER.match(line.content)
        if _chevron_level(line.content[marker.end():]) >= 3:
            raise NoticeError(
                line.number,
                "a notice cannot start on a list-marker line; put it on its own line "
                "below the item, indented four spaces",
            )
        self.list_indent = (line.columns // 4 + 1) * 4
        self._copy(line)

    # Text less indented than the list's content, after a blank line, leaves the list (so a
    # notice indented under an item stays in the item, and one after the list does not).
    # The line itself goes on to the next rules.
    def _leaves_list(self, line: _Line) -> bool:
        return self._after_blank and line.columns < self.list_indent

    def _leave_list(self, line: _Line) -> object:
        self.list_indent = line.columns // 4 * 4
        return _NEXT_RULE

    # Three or more chevrons (spaces between them allowed) make a notice. Consecutive lines
    # with the same prefix form one box; a different prefix starts a new box.
    def _is_notice(self, line: _Line) -> bool:
        return line.level >= 3

    def _notice_line(self, line: _Line) -> None:
        text = line.content[_CHEVRONS.match(line.content).end():]
        if self.notice and (self.notice.level, self.notice.indent) == (line.level, line.indent):
            self.notice.lines.append(text)
            return
        self._end_notice()
        self.notice = _Notice(line.level, line.indent, line.ending or "\n", [text])

    # A line without chevrons continues an open box (lazy continuation), unless it is a
    # heading, which ends the box as it ends a paragraph.
    def _continues_notice(self, line: _Line) -> bool:
        return (self.notice is not None and line.level == 0
                and not _HEADING.match(line.content))

    def _lazy_continuation(self, line: _Line) -> None:
        self.notice.lines.append(line.text)

    # Anything else (headings, paragraphs, `>` and `>>` quotes) ends a box and is copied.
    def _other(self, line: _Line) -> None:
        self._end_notice()
        self._copy(line)

    # Output ------------------------------------------------------------------------------

    @property
    def _after_blank(self) -> bool:
        """Whether the line being read follows a blank line (or starts the text)."""
        return self.previous is None or self.previous is self.blank_rule

    def _copy(self, line: _Line) -> None:
        """Copy the line as it is, after the blank line that a box just written needs."""
        if self.blank_needed:
            self.out.append(_ending_of(self.out[-1]) or "\n")
            self.blank_needed = False
        self.out.append(line.raw)

    def _end_notice(self) -> None:
        notice, self.notice = self.notice, None
        if notice is None:
            return
        if self.out and self.out[-1].strip():
            if not _ending_of(self.out[-1]):
                self.out[-1] += notice.ending
            self.out.append(notice.ending)
        lines = [f"{notice.indent}!!! {notice_type(notice.level)}"]
        lines += [f"{notice.indent}    {line}" if line.strip() else "" for line in notice.lines]
        self.out.append(notice.ending.join(lines) + notice.ending)
        self.blank_needed = True


_NEXT_RULE = object()  # returned by a rule that lets the next rules see the line too


def _ending_of(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n" if line.endswith("\n") else ""


def _chevron_level(stripped: str) -> int:
    match = _CHEVRONS.match(stripped)
    return match.group().count(">") if match else 0
