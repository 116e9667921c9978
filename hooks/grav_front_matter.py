"""Read Grav-style front matter: tab-indented YAML, and `menu` as the navigation title.

MkDocs reads the YAML front matter itself, but silently gives up on YAML that Grav pages
often have (a tab before a nested key); the block then shows up as page text. This hook
acts only then, when MkDocs left the block at the start of the page's text: it reads the
block with leading tabs expanded, and fails the build with the page and line when the YAML
is broken in any other way, instead of publishing it as text. A page whose front matter
MkDocs did read is passed on unchanged, even when its text begins with `---` rules.

Grav's `menu` header sets the text of the page in the navigation while `title` stays the
page's title; here `menu` becomes the navigation title in the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(?P<yaml>.*?\r?\n)?(?:-{3}|\.{3})[ \t]*(?:\r?\n|\Z)",
                           re.S)
_LEADING_TABS = re.compile(r"^\t+", re.M)


class FrontMatterError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


# MkDocs glue ---------------------------------------------------------------------------

@event_priority(200)  # before every other page hook: they need the body without front matter
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        if _front_matter_left_in(markdown, page):
            meta, markdown = split_front_matter(markdown)
            page.meta.update(meta)
        title = nav_title(page.meta)
    except FrontMatterError as error:
        line = error.line or _line_of_key(page.file.content_string, "menu")
        raise PluginError(
            f"Front matter of {page.file.src_uri}, line {line}: {error.reason}"
        ) from error
    if title is not None:
        page.title = title
    return markdown


def _front_matter_left_in(markdown: str, page: Page) -> bool:
    """Whether MkDocs could not read the page's front matter: it found no meta and handed
    over the source text as it is, front-matter block included."""
    return (not page.meta and _FRONT_MATTER.match(markdown) is not None
            and markdown.splitlines() == page.file.content_string.splitlines())


def _line_of_key(source: str, key: str) -> int:
    match = re.search(rf"(?m)^{re.escape(key)}\s*:", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


# Pure functions ------------------------------------------------------------------------

def split_front_matter(markdown: str) -> tuple[dict, str]:
    """Return (meta, body) for a page whose front matter MkDocs could not read.

    Text without a leading `---` block is returned unchanged with empty meta.
    """
    match = _FRONT_MATTER.match(markdown)
    if not match:
        return {}, markdown
    source = _LEADING_TABS.sub(lambda m: "    " * len(m.group()), match["yaml"] or "")
    try:
        meta = yaml.safe_load(source) if source.strip() else {}
    except yaml.YAMLError as error:
        reason = getattr(error, "problem", None) or str(error)
        line = yaml_error_line(error, source) + 1  # + 1 for the opening ---
        raise FrontMatterError(line, f"invalid YAML: {reason}") from error
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    return meta, markdown[match.end():].lstrip("\r\n")


def nav_title(meta: dict) -> str | None:
    """The navigation title that Grav's `menu` header asks for, if any."""
    if "menu" not in meta:
        return None
    menu = meta["menu"]
    if not isinstance(menu, (str, int, float)) or not str(menu).strip():
        # line 0: the caller knows the source and names the line of the key
        raise FrontMatterError(0, f"'menu' must be a non-empty text, not {menu!r}")
    return str(menu).strip()


def yaml_error_line(error: yaml.YAMLError, source: str) -> int:
    """The line of `source` (1-based) that a YAML error points at.

    A problem found only at the end of the text (an unclosed bracket or quote) is reported
    where its construct began, which is where the fix goes."""
    mark = getattr(error, "problem_mark", None)
    context = getattr(error, "context_mark", None)
    if mark is not None and context is not None and not source[mark.index:].strip():
        mark = context
    return mark.line + 1 if mark is not None else 1
