"""One search index per language, so that search answers in the reader's language, ranked
for the questions readers ask.

mkdocs-static-i18n writes a single search/search_index.json with the pages of every
language, and Material's search box on every page loads it from the site root. This hook:

1. after the build, splits that index by language: the default language keeps
   search/search_index.json, every other language gets <lang>/search/search_index.json with
   locations relative to its own root and a search pipeline suited to it;
2. on the pages of the other languages, points Material's search at that index: the
   template's `__config` (overrides/main.html, block config) sets its `base` with
   `search_base`, which this hook gives the templates, to the language root (the base is
   only used to find the index and to resolve result links, which are relative to the
   same root);
3. adds what the site's ranking (search_ranking.js) needs to rank the results: a boost for
   the sections that answer (the Q&A entries and the error messages) and against the lists
   of sources, the hint it shows in the reader's language when nothing, or little, was
   found, and its words (stop words, error words, synonyms); all of them from the search
   vocabulary (search_vocabulary.json);
4. on_config, adds the vocabulary's jieba words to jieba's dictionary, which Material's
   search cuts the Chinese text with.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

if __package__ == "hooks":  # imported as hooks.search_by_language by tests and other hooks
    from hooks.search_vocabulary import Vocabulary
    from hooks.search_vocabulary import load as load_vocabulary
else:  # loaded by path by MkDocs, with hooks/ on sys.path while it imports this file
    from search_vocabulary import Vocabulary
    from search_vocabulary import load as load_vocabulary

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

# Search settings per language. No stemming: Material appends a wildcard to query terms, and
# lunr skips the pipeline for wildcard terms, so a stemmed index ("kubernet") would never
# match the word as typed ("kubernetes*"). Chinese is segmented at build time (jieba) and
# needs no lunr language support: lang "zh" would load lunr.zh, whose only remaining step
# is an identity stemmer, and leave lunr's English stemmer in the query pipeline, which cuts
# "minikube" to "minikub" for the exact terms that the site's worker sends; "en" with an
# empty pipeline indexes and searches the words as the separator cuts them. English drops
# stop words. Both use the separator of mkdocs.yml.
LANGUAGE_SEARCH = {
    "zh": {"lang": ["en"], "pipeline": []},
    "en": {"lang": ["en"], "pipeline": ["stopWordFilter"]},
}

# The ranking's words, the sections' boosts and the hint: hooks/search_vocabulary.json.
VOCABULARY = load_vocabulary()
HINT_MARKER = "from=search-hint"  # sitecheck/search_eval.py tells the hint from results by it

# MkDocs glue ---------------------------------------------------------------------------

def on_config(config: MkDocsConfig) -> None:
    add_jieba_words(VOCABULARY)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    prefixes = language_prefixes(config)

    def base(base_url: str, locale: object = None) -> str:
        """`__config.base` of a page in `locale` (the language being built when the page has
        none: the 404 page)."""
        if not isinstance(locale, str):
            locale = config.theme["language"]
        return search_base(base_url, prefixes.get(locale, ""))

    env.globals["search_base"] = base
    return env


@event_priority(-110)  # after static-i18n (priority -100) has written the combined index
def on_post_build(*, config: MkDocsConfig) -> None:
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    combined = json.loads(index_path.read_text(encoding="utf-8"))
    prefixes = language_prefixes(config)
    for locale, index in split_index(combined, prefixes).items():
        index = rank_index(index, locale, config.repo_url)
        target = Path(config.site_dir) / prefixes[locale] / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def language_prefixes(config: MkDocsConfig) -> dict[str, str]:
    """Locale -> path prefix of its pages: '' for the default language, 'en/' for English."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return {}
    return {
        lang.locale: "" if lang.default else lang.link.strip("/") + "/"
        for lang in i18n.config.languages
        if lang.build
    }


# Pure functions ------------------------------------------------------------------------

PAGE_ENDS = ("/", "/index.html", ".html")  # how a page's path ends in a location


def add_jieba_words(vocabulary: Vocabulary) -> None:
    """Add the vocabulary's words to jieba's dictionary, which Material's search cuts the
    Chinese text with; nothing without jieba (Material then does not cut it either)."""
    try:
        import jieba
    except ImportError:
        return
    jieba.load_userdict(io.StringIO(vocabulary.jieba_dictionary()))

def split_index(index: dict, prefixes: dict[str, str]) -> dict[str, dict]:
    """Split a combined index into one index per locale.

    A document belongs to the locale whose (non-empty) prefix starts its location, or else
    to the default locale (prefix ''). A combined index that was already split (only
    default-language documents) splits into the same default index and empty others.
    """
    others = {locale: prefix for locale, prefix in prefixes.items() if prefix}
    result = {}
    for locale, prefix in prefixes.items():
        if prefix:
            docs = [
                {**doc, "location": doc["location"][len(prefix):]}
                for doc in index["docs"]
                if doc["location"].startswith(prefix)
            ]
        else:
            docs = [
                doc for doc in index["docs"]
                if not doc["location"].startswith(tuple(others.values()))
            ]
        config = copy.deepcopy(index["config"])
        config.update(copy.deepcopy(LANGUAGE_SEARCH.get(locale, {"lang": [locale]})))
        result[locale] = {**index, "config": config, "docs": docs}
    return result


def search_base(base_url: str, prefix: str) -> str:
    """Material's `base` (the page's `base_url`) for the language whose pages are under
    `prefix`: the root of that language ('' for the default language: unchanged)."""
    if not prefix:
        return base_url
    base = base_url.rstrip("/")
    # The trailing slash matters: the browser resolves "search/search_index.json" and
    # result links against this base, and "../en" would resolve them next to "en". An
    # absolute base (the 404 page's "/") stays absolute: "/en/".
    relative_root = base in {"", "."} and not base_url.startswith("/")
    return prefix if relative_root else f"{base}/{prefix}"


def rank_index(index: dict, locale: str, repo_url: str | None) -> dict:
    """The index of one language with the site's ranking and the hint (see the module
    docstring); the input is not modified."""
    config = copy.deepcopy(index["config"])
    docs = [boosted(doc) for doc in index["docs"]]
    config["hint"] = hint(locale, {doc["location"] for doc in docs}, repo_url)
    config.update(VOCABULARY.for_ranking())
    return {**index, "config": config, "docs": docs}


def boosted(doc: dict) -> dict:
    """`doc` with the boost of a list of links (the vocabulary's link_lists) or of the first
    boost rule that matches its location (a `boost` multiplies the page's own
    `search.boost`)."""
    if "#" in doc["location"] and doc["title"].replace("\u200b", "") in \
            VOCABULARY.link_list_titles:
        return {**doc, "boost": doc.get("boost", 1.0) * VOCABULARY.link_list_boost}
    for rule in VOCABULARY.boosts:
        if rule.pattern.search(doc["location"]):
            return {**doc, rule.field: doc.get(rule.field, 1.0) * rule.boost}
    return doc


def hint(locale: str, locations: set[str], repo_url: str | None) -> list[dict]:
    """The hint's links as result documents (heading first), marked with HINT_MARKER; a
    page of the hint that the index does not hold is an error (a renamed page). An empty index
    gets no hint: static-i18n builds the other languages inside the default language's
    post-build step, and there the default language's index is briefly empty."""
    if locale not in VOCABULARY.hints or not locations:
        return []
    heading = VOCABULARY.hints[locale]["heading"]
    documents = []
    for link in VOCABULARY.hints[locale]["links"]:
        page, title, text = link["page"], link["title"], link["text"]
        if page == "issues":
            if not repo_url:
                raise PluginError("search hint: mkdocs.yml has no repo_url for the issues link")
            location = repo_url.rstrip("/") + "/issues"
        elif pages := [f"{page}{end}" for end in PAGE_ENDS if f"{page}{end}" in locations]:
            location = pages[0]
        else:
            raise PluginError(f"search hint ({locale}): the page {page!r} is not in the index; "
                              "update hints in hooks/search_vocabulary.json")
        documents.append({"location": f"{location}?{HINT_MARKER}", "title": title,
                          "text": text})
    return [{**documents[0], "title": heading, "text": ""}, *documents]
