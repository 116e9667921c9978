"""The site's Markdown pipeline outside a full build: hooks, then Python-Markdown with the
extensions and settings of mkdocs.yml."""

from __future__ import annotations

from functools import cache

import markdown
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from hooks.grav_front_matter import split_front_matter
from hooks.grav_notices import convert_notices

from .pages import ROOT


@cache
def site_markdown_settings() -> tuple[list, dict]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def page_body(text: str) -> str:
    """The text of a page without its front matter, read as a build reads it: by MkDocs,
    or by hooks/grav_front_matter.py when MkDocs left the block in the text."""
    body, meta = get_data(text)
    if not meta and body.splitlines() == text.splitlines():
        _, body = split_front_matter(body)
    return body


def render_markdown(text: str) -> str:
    """HTML for `text` as the site would render it (front matter and notices included)."""
    extensions, configs = site_markdown_settings()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(
        convert_notices(page_body(text))
    )
