"""Search evaluation in the browser: type each query into Material's search box and judge
the first three results against the query's regex.

Three query files share this module: tests/data/search-queries.tsv (the authors' keyword
queries: lang, query, regex), tests/data/real-queries.tsv (real reader questions and pasted
errors: lang, kind, query, regex, source; its header describes the format) and
tests/data/real-queries-heldout.tsv (more of the same, never used for tuning).

A result is one link of the result list in display order: a page, or a section under it.
A page link that shows only the page's title above its matching sections is the heading of
that group, not a result of its own; the links of the no-result hint (the site's own pointer
to the error page, the Q&A and the issue tracker) are not results either. A result answers
the query when it is in the query's language and the title and text of its section, as the
search index holds them (tags, zero-width spaces and HTML entities removed), match the regex.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hooks.languages import LANGUAGES

from .pages import ROOT

QUERIES = ROOT / "tests" / "data" / "search-queries.tsv"
REAL_QUERIES = ROOT / "tests" / "data" / "real-queries.tsv"
# Real queries of the same kind that no change to the search was ever tuned on (its header
# says how it is kept that way): what the search does for questions nobody has looked at yet.
HELDOUT_QUERIES = ROOT / "tests" / "data" / "real-queries-heldout.tsv"
KINDS = ("question", "error")
# The worker marks the links of its no-result hint with this query parameter.
HINT_MARKER = "from=search-hint"

# Every link of the result list with what the judge needs: its address, whether it is a page
# shown only as the heading of its sections, and whether it belongs to the hint.
_READ_RESULTS = """() => [...document.querySelectorAll(
    'ol.md-search-result__list > li > a.md-search-result__link')].map(a => {
  const article = a.querySelector('article');
  const title = article.querySelector('h1, h2');
  const heading = !!article.querySelector('h1') &&
    article.textContent.trim() === (title ? title.textContent.trim() : '');
  return {href: a.href, heading};
})"""
_META = ".md-search-result__meta"
_PENDING = "\u2026pending\u2026"  # written into the meta line before each query
_TYPE = """([query, pending]) => {
  const box = document.querySelector('input.md-search__input');
  if (box.value === query) return false;
  document.querySelector('.md-search-result__meta').textContent = pending;
  box.focus();
  box.value = query;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
  return true;
}"""


class QueryFileError(ValueError):
    """A query file line that does not have the documented shape."""


@dataclass(frozen=True)
class Query:
    language: str
    text: str
    pattern: str
    kind: str = "keyword"  # keyword (authors' queries), question or error (real queries)
    source: str = ""
    line: int = 0


@dataclass
class Outcome:
    query: Query
    results: list[str]  # result URL paths in order, like "/en/guide/verify/#daemon-log"
    hits: list[bool]  # per result among the first three: right language and matching
    wrong_language: list[str]
    hint: bool = False  # the no-result hint was shown
    links: list[str] = field(default_factory=list)  # every link, headings and hint included

    @property
    def hit_at_1(self) -> bool:
        return any(self.hits[:1])

    @property
    def hit_at_3(self) -> bool:
        return any(self.hits[:3])

    @property
    def no_result(self) -> bool:
        return not self.results


def read_queries(path: Path = QUERIES) -> list[Query]:
    """Queries of a TSV file in either format; a malformed line raises QueryFileError
    naming the file and the line."""
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{path.name}:{number}"
        if len(fields) == 3:
            language, text, pattern = fields
            kind, source = "keyword", ""
        elif len(fields) == 5:
            language, kind, text, pattern, source = fields
            if kind not in KINDS:
                raise QueryFileError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
            if not source.startswith("https://"):
                raise QueryFileError(f"{where}: source {source!r} is not an https address")
        else:
            raise QueryFileError(f"{where}: {len(fields)} tab-separated fields, "
                                 "expected 3 (lang, query, regex) or 5 "
                                 "(lang, kind, query, regex, source)")
        if language not in LANGUAGES:
            raise QueryFileError(f"{where}: language {language!r} is not one of "
                                 f"{', '.join(LANGUAGES)}")
        if not text.strip():
            raise QueryFileError(f"{where}: empty query")
        try:
            re.compile(pattern)
        except re.error as error:
            raise QueryFileError(f"{where}: the regex does not compile: {error}") from None
        queries.append(Query(language, text, pattern, kind, source, number))
    return queries


def section_text(title: str, text: str) -> str:
    """A section as the judge reads it: title and text, tags and zero-width spaces removed,
    HTML entities decoded."""
    plain = re.sub(r"<[^>]+>", " ", f"{title}\n{text}").replace("\u200b", "")
    return html.unescape(plain)


def load_index(site: Path, prefix: str) -> dict[str, str]:
    """Location (from the site root, like 'en/guide/verify/#daemon-log') -> title and text.

    Reads the language's own index when the site has one, else the combined index.
    """
    own = site / prefix / "search" / "search_index.json"
    index = json.loads((own if own.exists() else site / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    base = prefix if own.exists() else ""
    return {base + doc["location"]: section_text(doc["title"], doc["text"])
            for doc in index["docs"]}


def open_search(browser, url: str, listen=None):
    """A tab on `url` whose search worker has loaded and indexed the site's index;
    `listen(tab)` is called before the page loads (to attach event handlers)."""
    tab = browser.new_page()
    if listen:
        listen(tab)
    tab.goto(url, wait_until="networkidle")
    tab.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/初始化|Initializing/i.test(m.textContent); }")
    return tab


def search_links(tab, query: str, timeout: float = 10.0) -> list[dict]:
    """Put `query` into the search box of the open tab as typing leaves it (the value, then
    the input and keyup events Material's box searches on; real keystrokes are
    tests/test_reader.py's); return every result link.

    Waits for the worker's answer to this very query: the meta line above the results is
    overwritten with a marker before typing, and Material rewrites it (and the list) when
    the answer arrives. Raises TimeoutError when no answer comes (a frozen search box)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # One round trip to the page per query (it was four): mark the meta line, put the text in
    # the box and send the events Material's box listens for (input, then keyup, on which it
    # searches), unless the box holds this text already (Material does not search it twice).
    typed = tab.evaluate(_TYPE, [query, _PENDING])
    if not typed:
        return tab.evaluate(_READ_RESULTS)
    try:
        tab.wait_for_function(
            f"() => document.querySelector({json.dumps(_META)}).textContent !== "
            f"{json.dumps(_PENDING)}", timeout=timeout * 1000)
    except PlaywrightTimeout:
        raise TimeoutError(f"no answer within {timeout:.0f} s to {query[:80]!r}") from None
    return tab.evaluate(_READ_RESULTS)


def search(tab, query: str, timeout: float = 10.0) -> list[str]:
    """Result paths in display order (headings and hint excluded), like search_links."""
    return [_path(link["href"]) for link in search_links(tab, query, timeout)
            if not link["heading"] and HINT_MARKER not in link["href"]]


def _path(href: str) -> str:
    """The page and section of a result link as the index names them: the browser gives a
    Chinese section id percent-encoded (#%E4%B8%89...), the index holds it as written."""
    parts = urlsplit(href)
    return unquote(parts.path) + ("#" + unquote(parts.fragment) if parts.fragment else "")


def judge(query: Query, links: list[dict], sections: dict[str, str]) -> Outcome:
    results = [_path(link["href"]) for link in links
               if not link["heading"] and HINT_MARKER not in link["href"]]
    hits, wrong = [], []
    for path in results[:3]:
        location = path.lstrip("/")
        in_english = location.startswith("en/")
        right_language = in_english == (query.language == "en")
        if not right_language:
            wrong.append(path)
        text = sections.get(location, "")
        hits.append(right_language and bool(re.search(query.pattern, text, re.I)))
    hint = any(HINT_MARKER in link["href"] for link in links)
    return Outcome(query, results, hits, wrong, hint, [_path(link["href"]) for link in links])


def evaluate(browser, site: Path, url: str, queries: list[Query]) -> list[Outcome]:
    """Run every query on the home page of its language (one tab per language, kept open)
    and judge the first three results."""
    sections = {**load_index(site, ""), **load_index(site, "en/")}
    outcomes, tabs = [], {}
    try:
        for query in queries:
            if query.language not in tabs:
                tabs[query.language] = open_search(
                    browser, url + ("en/" if query.language == "en" else ""))
            links = search_links(tabs[query.language], query.text)
            outcomes.append(judge(query, links, sections))
    finally:
        for tab in tabs.values():
            tab.close()
    return outcomes


@dataclass(frozen=True)
class Score:
    hit_at_1: float
    hit_at_3: float
    no_result: float  # share of queries with no result at all
    count: int


def score(outcomes: list[Outcome]) -> Score:
    n = len(outcomes) or 1
    return Score(sum(o.hit_at_1 for o in outcomes) / n, sum(o.hit_at_3 for o in outcomes) / n,
                 sum(o.no_result for o in outcomes) / n, len(outcomes))


def summary(outcomes: list[Outcome], by_kind: bool = False) -> dict[tuple[str, str], Score]:
    """Scores per language ('zh', 'all') and, with `by_kind`, also per (language, kind)."""
    groups: dict[tuple[str, str], list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault((outcome.query.language, "all"), []).append(outcome)
        if by_kind:
            groups.setdefault((outcome.query.language, outcome.query.kind), []).append(outcome)
    order = {name: i for i, name in enumerate((*LANGUAGES, "all", *KINDS, "keyword"))}
    return {key: score(groups[key])
            for key in sorted(groups, key=lambda k: (order.get(k[0], 9), order.get(k[1], 9)))}
