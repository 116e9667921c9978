"""One 404 page for both languages: Chinese for missing paths under /, English under /en/,
decided in the page from its path; served as GitHub Pages serves it (any missing path gets
/404.html with status 404)."""

import json
import re

import pytest
from mkdocs.exceptions import PluginError

from hooks.not_found import merge_404
from sitecheck.search_eval import search
from sitecheck.serve import serve

PREFIXES = {"zh": "", "en": "en/"}


def page(lang, text, base="/"):
    return (f'<html lang="{lang}"><head><title>{text}</title></head><body dir="ltr"><h1>{text}'
            f'</h1><script>inline()</script><script id="__config" type="application/json">'
            f'{{"base": "{base}"}}</script><script src="/bundle.js"></script></body></html>')


def test_merge_keeps_the_default_page_and_each_other_language_in_a_template():
    # each language's rendering already names its own index (overrides/main.html)
    merged = merge_404({"zh": page("zh", "找不到"), "en": page("en", "Not found", "/en/")},
                       PREFIXES)
    assert merged.startswith('<html lang="zh"><head><title>找不到</title>')
    assert merged.index("<h1>找不到</h1>") < merged.index('<template id="__404-en"')
    template = re.search(r'<template id="__404-en" data-title="Not found">(.*?)</template>',
                         merged, re.S).group(1)
    assert "<h1>Not found</h1>" in template
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', template)
    assert json.loads(config.group(1)) == {"base": "/en/"}
    assert '"en":"/en/"' in merged
    assert merged.index("</template><script>") < merged.index('<script src="/bundle.js">')


def test_merge_under_a_site_path_uses_that_path():
    merged = merge_404({"zh": page("zh", "a"), "en": page("en", "b")}, PREFIXES, "/docs/")
    assert '"en":"/docs/en/"' in merged


@pytest.mark.parametrize(("broken", "reason"), [
    ('<html><head><title>x</title></head><body><h1>x</h1></body></html>', "cannot find <body>"),
    ('<html><body><script id="__config" type="application/json">{"base": "/"}</script></body>',
     "cannot find <title>"),
    (page("en", "b").replace('dir="ltr"', 'dir="rtl"'), "its <body> differs"),
])
def test_a_404_page_that_cannot_be_merged_fails_the_build_naming_it(broken, reason):
    with pytest.raises(PluginError, match=re.escape(f"404.html (en): {reason}")):
        merge_404({"zh": page("zh", "a"), "en": broken}, PREFIXES)


def test_the_site_has_one_404_page_with_both_languages(built_site):
    assert not (built_site / "en" / "404.html").exists()
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html[:200]
    assert "找不到这个页面" in html and "Page not found" in html
    configs = re.findall(r'<script id="__config" type="application/json">(.*?)</script>', html)
    assert [json.loads(config)["base"] for config in configs] == ["/", "/en/"]
    assert all("/search-site." in json.loads(config)["search"] for config in configs)
    assert not re.search(r'<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)="(?:https?:)?//', html)


@pytest.fixture(scope="module")
def pages_host(built_site):
    with serve(built_site, github_pages=True) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(("path", "lang", "heading", "home", "query", "results_under"), [
    ("no/such/page/", "zh", "找不到这个页面", "", "加速器", "/"),
    ("guide/no-such-page/", "zh", "找不到这个页面", "", "daemon.json", "/"),
    ("english-looking/", "zh", "找不到这个页面", "", None, None),
    ("en/no/such/page/", "en", "Page not found", "en/", "daemon.json", "/en/"),
    ("en/guide/missing", "en", "Page not found", "en/", "docker info", "/en/"),
])
def test_missing_path_gets_a_404_in_its_language(browser, pages_host, path, lang, heading, home,
                                                 query, results_under):
    tab = browser.new_page()
    foreign, errors = [], []
    tab.on("request", lambda r: not r.url.startswith(pages_host) and foreign.append(r.url))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("response", lambda r: r.status >= 400 and r.url != pages_host + path
           and errors.append(f"{r.status}: {r.url}"))
    response = tab.goto(pages_host + path, wait_until="networkidle")
    assert response.status == 404
    assert tab.get_attribute("html", "lang") == lang
    assert heading in tab.text_content("article h1")
    assert tab.title().startswith("找不到页面" if lang == "zh" else "Page not found")
    assert tab.evaluate("document.querySelector('article a.md-button').href") == pages_host + home
    assert tab.evaluate("document.querySelector('a.md-logo').href") == pages_host + home
    placeholder = tab.get_attribute("input.md-search__input", "placeholder")
    assert placeholder == ("搜索" if lang == "zh" else "Search")
    if query:
        tab.wait_for_timeout(1500)  # the worker builds the index after loading it
        results = search(tab, query)
        assert results, f"no result for {query!r} on {path}"
        assert all(r.startswith(results_under) and (lang == "en") == r.startswith("/en/")
                   for r in results), results
    assert not foreign and not errors, (foreign, errors)
    tab.close()
