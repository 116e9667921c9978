"""A source page rendered as the site renders it (sitecheck.render), read with BeautifulSoup:
its elements and every URL its HTML makes a browser follow or load, each traced back to a
line of the source.

Reading the HTML instead of the Markdown catches every way of writing the same thing:
inline and reference-style links and images, autolinks, raw HTML, attributes added with
attr_list, entity-encoded URLs (`&#106;avascript:` is `javascript:` to a browser). Code is
exempt without a rule of its own: what a code block or inline code shows is text inside
<pre> and <code>, not elements or attributes.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from hooks.grav_front_matter import FrontMatterError
from hooks.grav_notices import NoticeError

from .pages import Problem, prose_lines, relative
from .render import page_body, render_markdown

# Attributes whose value is a URL (srcset-like ones hold several); the pairs below are links,
# followed when the reader clicks, every other URL is loaded with the page.
URL_ATTRIBUTES = {"href", "src", "srcset", "imagesrcset", "poster", "data", "action",
                  "formaction", "background", "xlink:href"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
LINKS = {("a", "href"), ("area", "href"), ("form", "action"), ("button", "formaction"),
         ("input", "formaction")}
_CSS_URL = re.compile(r"""url\(\s*(["']?)(?P<url>.*?)\1\s*\)|@import\s+(["'])(?P<import>.*?)\3""",
                      re.I | re.S)
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_CONTROLS_AND_SPACE = "".join(chr(code) for code in range(0x21))  # and these around one


@dataclass(frozen=True)
class Url:
    tag: str
    attribute: str  # "style" for a URL in CSS (a style attribute or a <style> element)
    written: str  # the value as the HTML has it, entities decoded
    followed: bool  # a link the reader follows; otherwise an asset loaded with the page
    line: int = 0  # the line of the HTML where its element starts (0: not known)

    @property
    def url(self) -> str:
        """The URL as a browser reads it: surrounding spaces and controls, tabs and line
        breaks inside dropped."""
        return _IGNORED_IN_URLS.sub("", self.written).strip(_CONTROLS_AND_SPACE)

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme.lower() if ":" in self.url else ""

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def remote(self) -> bool:
        """Whether the URL names another host (http:, https: or protocol-relative //)."""
        return self.scheme in {"http", "https"} or self.url.startswith("//")


class PageRenderError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class RenderedPage:
    """A source page, rendered; `problem()` names the source line of what was found."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        text = path.read_text(encoding="utf-8") if text is None else text
        self.soup = BeautifulSoup(_rendered(path, text), "html.parser")
        self._lines = [(number, line, html.unescape(line))
                       for number, line in prose_lines(path, text)]
        self._reported: Counter = Counter()

    def elements(self) -> list[Tag]:
        return self.soup.find_all(True)

    def urls(self) -> list[Url]:
        return list(urls(self.soup))

    def problem(self, needle: str | re.Pattern, reason: str) -> Problem:
        """A Problem at the source line of `needle` (text or pattern): the first line that
        holds it for the first problem about it, the second for the second, and so on."""
        lines = [number for number, line, decoded in self._lines
                 if _holds(line, needle) or _holds(decoded, needle)]
        nth = self._reported[needle]
        self._reported[needle] += 1
        line = lines[min(nth, len(lines) - 1)] if lines else 1
        return Problem(relative(self.path), line, reason)


def urls(soup: BeautifulSoup) -> Iterator[Url]:
    """Every URL in the HTML: in URL attributes, in style attributes and in <style>."""
    for element in soup.find_all(True):
        line = element.sourceline or 0
        for attribute, value in element.attrs.items():
            name = attribute.lower()
            if name in SRCSET_ATTRIBUTES:
                for candidate in str(value).split(","):
                    if candidate.split():
                        yield Url(element.name, name, candidate.split()[0], False, line)
            elif name in URL_ATTRIBUTES:
                yield Url(element.name, name, str(value), (element.name, name) in LINKS, line)
            elif name == "style":
                yield from _css_urls(element.name, str(value), line)
        if element.name == "style":
            yield from _css_urls("style", element.get_text(), line)


def _css_urls(tag: str, css: str, line: int) -> Iterator[Url]:
    for match in _CSS_URL.finditer(css):
        yield Url(tag, "style", match["url"] or match["import"], False, line)


def _holds(line: str, needle: str | re.Pattern) -> bool:
    return needle in line if isinstance(needle, str) else needle.search(line) is not None


def _rendered(path: Path, text: str) -> str:
    try:
        return _render(text)
    except (FrontMatterError, NoticeError) as error:
        line = error.line or 1
        if isinstance(error, NoticeError):  # it counts from the end of the front matter
            line += len(text.splitlines()) - len(page_body(text).splitlines())
        problem = Problem(relative(path), line, f"page does not render: {error.reason}")
        raise PageRenderError(problem) from error


@lru_cache(maxsize=256)  # the safety and link checks read the same pages
def _render(text: str) -> str:
    return render_markdown(text)
