"""schema.org FAQPage data for the Q&A pages, built from the rendered questions.

A page opts in with `faq: true` in its front matter. Every second-level heading on it is a
question; its explicit id (ASCII kebab-case, the same in every language) is the anchor that
links and search results use. The answer in the data is the short direct answer each entry
opens with (its first block: a paragraph, a list or a notice), and each question carries its
own address (the page's URL and the id), so a search engine that reads the data lands on the
question. The whole answer is on the page; repeating it made the data a third of the Q&A page
(16 of 49 kB gzip), and Google shows FAQ rich results only for well-known government and
health sites (its FAQPage documentation, checked 2026-12-07). The JSON-LD goes to
`page.meta["faq_jsonld"]`, which overrides/main.html writes into the page head.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

QUESTION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Entry:
    id: str
    question: str
    answer: str


# MkDocs glue ---------------------------------------------------------------------------

def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("faq"):
        try:
            entries = faq_entries(html)
        except ValueError as error:
            raise PluginError(f"Q&A page {page.file.src_uri}: {error}") from error
        page_url = urljoin(config.site_url, page.url) if config.site_url else None
        page.meta["faq_jsonld"] = faq_jsonld(entries, page_url)
    return html


# Pure functions ------------------------------------------------------------------------

def faq_entries(html: str) -> list[Entry]:
    """Questions (h2) and their short answers (the text of the first block after each h2:
    a paragraph, list, notice or code block) of a rendered page."""
    parser = _QuestionParser()
    parser.feed(html)
    parser.close()
    entries = [Entry(q.id, _clean(q.heading), _clean(q.answer)) for q in parser.questions]
    if not entries:
        raise ValueError("no questions found (a question is a '## ' heading)")
    for entry in entries:
        if not QUESTION_ID.fullmatch(entry.id or ""):
            raise ValueError(
                f"question {entry.question!r} needs an explicit ASCII kebab-case id, "
                f"like '## {entry.question} {{#some-question}}' (found id {entry.id!r})"
            )
        if not entry.answer:
            raise ValueError(f"question {entry.question!r} has no answer")
    seen = set()
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f"question id {entry.id!r} is used twice")
        seen.add(entry.id)
    return entries


def faq_jsonld(entries: list[Entry], page_url: str | None = None) -> str:
    """FAQPage JSON-LD, safe to place inside a <script> element; with `page_url`, each
    question's address is the page's URL and its id."""
    def question(entry: Entry) -> dict:
        data = {"@type": "Question", "name": entry.question}
        if page_url:
            data["url"] = f"{page_url}#{entry.id}"
        data["acceptedAnswer"] = {"@type": "Answer", "text": entry.answer}
        return data

    data = {"@context": "https://schema.org", "@type": "FAQPage",
            "mainEntity": [question(entry) for entry in entries]}
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    # No "<", ">" or "&" may appear raw: "</script>" or "<!--" would end or break the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


@dataclass
class _Question:
    """One h2 of the page and its short answer, filled in while the parser reads."""

    id: str
    heading: str = ""
    answer: str = ""
    block: str = ""  # the tag of the first block after the h2, once it has begun
    depth: int = 0  # how many of that tag are open

    @property
    def answered(self) -> bool:
        """The first block has begun and ended."""
        return bool(self.block) and self.depth == 0


BLOCKS = {"p", "ul", "ol", "div", "pre", "table", "blockquote", "details", "dl"}


class _QuestionParser(HTMLParser):
    """Collects a _Question per h2 (its id, heading text and the text of the first block
    after it); skips permalink anchors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.questions: list[_Question] = []
        self.in_heading = False
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        question = self.questions[-1] if self.questions else None
        if tag == "h2":
            self.questions.append(_Question(attrs.get("id") or ""))
            self.in_heading = True
        elif self.skip_depth or (tag == "a" and "headerlink" in (attrs.get("class") or "")):
            self.skip_depth += 1
        elif question and not self.in_heading and not question.answered:
            if not question.block and tag in BLOCKS:
                question.block = tag
            if tag == question.block:
                question.depth += 1
            if tag in {"p", "li", "br", "pre", "tr", "div"}:
                self._add(" ")

    def handle_endtag(self, tag):
        question = self.questions[-1] if self.questions else None
        if tag == "h2":
            self.in_heading = False
        elif self.skip_depth:
            self.skip_depth -= 1
        elif question and tag == question.block and not question.answered:
            question.depth -= 1

    def handle_data(self, data):
        if not self.skip_depth and self.questions:
            self._add(data)

    def _add(self, text: str) -> None:
        question = self.questions[-1]
        if self.in_heading:
            question.heading += text
        elif question.block and not question.answered:
            question.answer += text
