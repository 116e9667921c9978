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

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

NOTICE_TYPES = {3: "info", 4: "warning", 5: "note", 6: "tip"}

_CHEVRONS = re.compile(r"(?:>[ \t]?)+")
_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
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


def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


@dataclass
class _Notice:
    level: int
    indent: str
    ending: str
    lines: list[str] = field(default_factory=list)


class _Converter:
    """One pass over the lines, tracking code blocks, list depth and the open notice."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.fence: tuple[str, int] | None = None
        self.in_indented_code = False
        self.after_blank = True
        self.list_indent = 0  # columns of the innermost list item's content
        self.notice: _Notice | None = None
        self.blank_needed = False  # a box was just written: separate what follows
        self.input_ended = True  # whether the last input line had a line ending

    def feed(self, number: int, raw: str) -> None:
        body = raw.rstrip("\r\n")
        ending = raw[len(body):]
        self.input_ended = bool(ending)
        if self.fence is not None:
            self._literal(raw)
            self._maybe_close_fence(body)
            return
        if not body.strip():
            self._end_notice()
            self.out.append(raw)
            self.blank_needed = False
            self.after_blank = True
            return
        after_blank, self.after_blank = self.after_blank, False
        indent = _indent_width(body)
        code_indent = self.list_indent + 4
        if self.in_indented_code and indent >= code_indent:
            self._literal(raw)
            return
        self.in_indented_code = False
        if after_blank and indent >= code_indent:
            self.in_indented_code = True
            self._literal(raw)
            return
        stripped = body.lstrip(" \t")
        lead = body[: len(body) - len(stripped)]
        fence = _FENCE.match(stripped)
        if fence and not (fence["fence"][0] == "`" and "`" in fence["info"]):
            self._end_notice()
            self.fence = (fence["fence"][0], len(fence["fence"]))
            self._literal(raw)
            return
        marker = _LIST_MARKER.match(stripped)
        if marker:
            self._end_notice()
            if _chevron_level(stripped[marker.end():]) >= 3:
                raise NoticeError(
                    number,
                    "a notice cannot start on a list-marker line; put it on its own line "
                    "below the item, indented four spaces",
                )
            self.list_indent = (indent // 4 + 1) * 4
            self._literal(raw)
            return
        if after_blank and indent < self.list_indent:
            self.list_indent = indent // 4 * 4
        level = _chevron_level(stripped)
        if level >= 3:
            content = stripped[_CHEVRONS.match(stripped).end():]
            if self.notice and (self.notice.level, self.notice.indent) == (level, lead):
                self.notice.lines.append(content)
                return
            self._end_notice()
            self.notice = _Notice(level, lead, ending or "\n", [content])
            return
        if level == 0 and self.notice is not None and not _HEADING.match(stripped):
            self.notice.lines.append(body)  # lazy continuation
            return
        self._end_notice()
        self._literal(raw)

    def finish(self) -> str:
        if self.notice is not None:
            self._end_notice()
            if not self.input_ended:
                self.out[-1] = self.out[-1].rstrip("\r\n")
        return "".join(self.out)

    def _literal(self, raw: str) -> None:
        if self.blank_needed:
            self.out.append(_ending_of(self.out[-1]) or "\n")
            self.blank_needed = False
        self.out.append(raw)

    def _maybe_close_fence(self, body: str) -> None:
        char, length = self.fence
        stripped = body.strip()
        if stripped and set(stripped) == {char} and len(stripped) >= length:
            self.fence = None

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


def _ending_of(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n" if line.endswith("\n") else ""


def _chevron_level(stripped: str) -> int:
    match = _CHEVRONS.match(stripped)
    return match.group().count(">") if match else 0
