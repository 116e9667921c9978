"""Read Grav-style front matter: tab-indented YAML, and `menu` as the navigation title.

MkDocs reads the YAML front matter itself, but silently gives up on YAML that Grav pages
often have (a tab before a nested key); the block then shows up as page text. This hook
reads such a block with leading tabs expanded, and fails the build with the page and line
when the YAML is broken in any other way, instead of publishing it as text.

Grav's `menu` header sets the text of the page in the navigation while `title` stays the
page's title; here `menu` becomes the navigation title in the same way.
"""

from __future__ import annotations

import re

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

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
def on_page_markdown(markdown, page, config, files):
    try:
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
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---, 1-based
        reason = getattr(error, "problem", None) or str(error)
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
