"""Search evaluation in the browser: type each query into Material's search box and judge
the first three results against the query's regex (tests/data/search-queries.tsv format).

A result is one link of the result list in display order (a page, or a section under it).
It answers the query when it is in the query's language and the title and text of its
section, as the search index holds them, match the regex.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .pages import ROOT

QUERIES = ROOT / "tests" / "data" / "search-queries.tsv"
RESULT_LINKS = "ol.md-search-result__list > li > a.md-search-result__link"


@dataclass(frozen=True)
class Query:
    language: str
    text: str
    pattern: str


@dataclass
class Outcome:
    query: Query
    results: list[str]  # result URL paths, like "/en/guide/verify/#daemon-log"
    hits: list[bool]  # per result: in the right language and matching
    wrong_language: list[str]

    @property
    def hit_at_1(self) -> bool:
        return any(self.hits[:1])

    @property
    def hit_at_3(self) -> bool:
        return any(self.hits[:3])


def read_queries(path: Path = QUERIES) -> list[Query]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, text, pattern = line.split("\t")
            queries.append(Query(language, text, pattern))
    return queries


def load_index(site: Path, prefix: str) -> dict[str, str]:
    """Location (from the site root, like 'en/guide/verify/#daemon-log') -> title and text.

    Reads the language's own index when the site has one, else the combined index.
    """
    own = site / prefix / "search" / "search_index.json"
    index = json.loads((own if own.exists() else site / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    base = prefix if own.exists() else ""
    return {
        base + doc["location"]: re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}")
        .replace("\u200b", "")
        for doc in index["docs"]
    }


def search(tab, query: str, timeout: float = 10.0) -> list[str]:
    """Type `query` into the search box of the open page; return result paths in order.

    Waits until the result list has stayed the same for a moment (the worker answers
    asynchronously, and slower on a loaded machine)."""
    box = tab.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    previous, stable_since, deadline = None, time.monotonic(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.1)
        current = tab.eval_on_selector_all(RESULT_LINKS, "els => els.map(e => e.href)")
        meta = tab.text_content(".md-search-result__meta") or ""
        if current != previous:
            previous, stable_since = current, time.monotonic()
        elif time.monotonic() - stable_since >= 0.5 and (current or _says_none(meta)):
            break
    return [urlsplit(h).path + ("#" + urlsplit(h).fragment if urlsplit(h).fragment else "")
            for h in previous or []]


def _says_none(meta: str) -> bool:
    """Material's result line when nothing matched (Chinese or English)."""
    return "没有找到" in meta or "No matching" in meta


def judge(query: Query, results: list[str], sections: dict[str, str]) -> Outcome:
    hits, wrong = [], []
    for path in results[:3]:
        location = path.lstrip("/")
        in_english = location.startswith("en/")
        right_language = in_english == (query.language == "en")
        if not right_language:
            wrong.append(path)
        text = sections.get(location, "")
        hits.append(right_language and bool(re.search(query.pattern, text, re.I)))
    return Outcome(query, results[:3], hits, wrong)


def evaluate(browser, site: Path, url: str, queries: list[Query]) -> list[Outcome]:
    """Run every query on the home page of its language and judge the first three results."""
    sections = {**load_index(site, ""), **load_index(site, "en/")}
    outcomes, tabs = [], {}
    try:
        for query in queries:
            if query.language not in tabs:
                tab = browser.new_page()
                tab.goto(url + ("en/" if query.language == "en" else ""), wait_until="networkidle")
                tab.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                                      " || !/初始化|Initializing/i.test("
                                      "document.querySelector('.md-search-result__meta').textContent)")
                time.sleep(1.0)  # the worker builds the index after loading it
                tabs[query.language] = tab
            results = search(tabs[query.language], query.text)
            outcomes.append(judge(query, results, sections))
    finally:
        for tab in tabs.values():
            tab.close()
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, tuple[float, float, int]]:
    """Per language: (hit@1, hit@3, number of queries)."""
    result = {}
    for language in sorted({o.query.language for o in outcomes}):
        mine = [o for o in outcomes if o.query.language == language]
        result[language] = (sum(o.hit_at_1 for o in mine) / len(mine),
                            sum(o.hit_at_3 for o in mine) / len(mine), len(mine))
    return result
