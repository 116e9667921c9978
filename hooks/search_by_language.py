"""One search index per language, so that search answers in the reader's language.

mkdocs-static-i18n writes a single search/search_index.json with the pages of every
language, and Material's search box on every page loads it from the site root. This hook:

1. after the build, splits that index by language: the default language keeps
   search/search_index.json, every other language gets <lang>/search/search_index.json with
   locations relative to its own root and a search pipeline suited to it;
2. on the pages of the other languages, points Material's search at that index by setting
   the `base` of the page's `__config` to the language root (the base is only used to find
   the index and to resolve result links, which are relative to the same root).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

# Search settings per language. No English stemming (for Chinese, lunr's "stemmer" is the
# identity): Material appends a wildcard to every query term, lunr skips the pipeline for
# wildcard terms, so a stemmed index ("kubernet") would never match the word as typed
# ("kubernetes*"). Chinese is segmented at build time (jieba); English drops stop words and
# also splits on dots ("daemon.json" = "daemon json").
LANGUAGE_SEARCH = {
    "zh": {"lang": ["zh"], "pipeline": ["stemmer"]},
    "en": {"lang": ["en"], "pipeline": ["stopWordFilter"],
           "separator": r'[\s\-,:!=\[\]()"/]+|\.(?!\d)'},
}

_CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S
)


# MkDocs glue ---------------------------------------------------------------------------

def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    prefix = language_prefixes(config).get(getattr(page.file, "locale", None), "")
    return rebase_search(output, prefix) if prefix else output


@event_priority(-110)  # after static-i18n (priority -100) has written the combined index
def on_post_build(*, config: MkDocsConfig) -> None:
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    combined = json.loads(index_path.read_text(encoding="utf-8"))
    prefixes = language_prefixes(config)
    for locale, index in split_index(combined, prefixes).items():
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


def rebase_search(html: str, prefix: str) -> str:
    """Point the page's Material config (`__config.base`) at the language root `prefix`."""
    match = _CONFIG_SCRIPT.search(html)
    if match is None:
        return html
    data = json.loads(match.group(2))
    base = data["base"].rstrip("/")
    # The trailing slash matters: the browser resolves "search/search_index.json" and
    # result links against this base, and "../en" would resolve them next to "en". An
    # absolute base (the 404 page's "/") stays absolute: "/en/".
    relative_root = base in {"", "."} and not data["base"].startswith("/")
    data["base"] = prefix if relative_root else f"{base}/{prefix}"
    script = match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)
    return html[: match.start()] + script + html[match.end():]
