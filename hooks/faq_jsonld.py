"""schema.org FAQPage data for the Q&A pages, built from the rendered questions.

A page opts in with `faq: true` in its front matter. Every second-level heading on it is a
question; its explicit id (ASCII kebab-case, the same in every language) is the anchor that
links and search results use; the text up to the next question is the answer. The JSON-LD
goes to `page.meta["faq_jsonld"]`, which overrides/main.html writes into the page head.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

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
        page.meta["faq_jsonld"] = faq_jsonld(entries)
    return html


# Pure functions ------------------------------------------------------------------------

def faq_entries(html: str) -> list[Entry]:
    """Questions (h2) and their answers (the text up to the next h2) of a rendered page."""
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


def faq_jsonld(entries: list[Entry]) -> str:
    """FAQPage JSON-LD, safe to place inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer},
            }
            for entry in entries
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    # No "<", ">" or "&" may appear raw: "</script>" or "<!--" would end or break the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


@dataclass
class _Question:
    """One h2 of the page and the text after it, filled in while the parser reads."""

    id: str
    heading: str = ""
    answer: str = ""


class _QuestionParser(HTMLParser):
    """Collects a _Question per h2 (its id, heading text and answer text); skips permalink
    anchors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.questions: list[_Question] = []
        self.in_heading = False
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2":
            self.questions.append(_Question(attrs.get("id") or ""))
            self.in_heading = True
        elif self.skip_depth or (tag == "a" and "headerlink" in (attrs.get("class") or "")):
            self.skip_depth += 1
        elif tag in {"p", "li", "br", "pre", "tr", "div"} and self.questions:
            self._add(" ")

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_heading = False
        elif self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data):
        if not self.skip_depth and self.questions:
            self._add(data)

    def _add(self, text: str) -> None:
        question = self.questions[-1]
        if self.in_heading:
            question.heading += text
        else:
            question.answer += text
