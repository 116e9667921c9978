"""Content safety: pages arrive through pull requests, so a page may not carry active content
or load anything from another host. Checked on the page's rendered HTML (sitecheck.rendered),
so that reference-style links, raw HTML and entity-encoded URLs are all seen; code blocks and
inline code are exempt: they show text, they do not run it."""

from __future__ import annotations

import re
from pathlib import Path

from .pages import Problem
from .rendered import PageRenderError, RenderedPage, Url

ACTIVE_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet",
                   "base", "meta"}
ACTIVE_SCHEMES = {"javascript", "vbscript"}
IMAGES = {("img", "src"), ("img", "srcset"), ("source", "srcset"), ("image", "href"),
          ("image", "xlink:href"), ("input", "src")}


def check_page_safety(path: Path, text: str | None = None) -> list[Problem]:
    try:
        page = RenderedPage(path, text)
    except PageRenderError as error:
        return [error.problem]
    return _active_elements(page) + _event_handlers(page) + _urls(page)


def _active_elements(page: RenderedPage) -> list[Problem]:
    return [page.problem(re.compile(rf"<\s*{element.name}\b", re.I),
                         f"raw <{element.name}> element is not allowed in pages")
            for element in page.elements() if element.name in ACTIVE_ELEMENTS]


def _event_handlers(page: RenderedPage) -> list[Problem]:
    return [page.problem(re.compile(rf"\b{re.escape(attribute)}\s*=", re.I),
                         f"inline event handler {attribute}= is not allowed in pages")
            for element in page.elements() for attribute in element.attrs
            if attribute.lower().startswith("on")]


def _urls(page: RenderedPage) -> list[Problem]:
    problems = []
    for url in page.urls():
        if url.scheme in ACTIVE_SCHEMES:
            problems.append(page.problem(url.written, f"{url.scheme}: URL is not allowed in pages"))
        elif url.remote and not url.followed:
            problems.append(page.problem(url.written, _remote_asset(url)))
    return problems


def _remote_asset(url: Url) -> str:
    if (url.tag, url.attribute) in IMAGES:
        return f"remote image {url.url}: serve images from docs/assets/"
    if url.attribute == "style":
        return f"remote asset {url.url} in a style: serve it from docs/assets/"
    return f"remote asset {url.url} (<{url.tag} {url.attribute}>): serve it from docs/assets/"
