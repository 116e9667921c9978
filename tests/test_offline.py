"""The offline copy (`make offline`): unzipped and opened from disk (file://) in Chromium, it
navigates, switches language and searches each language in its own index, with no request
to any web server."""


import pytest

from hooks.offline import WORKER_SHIM_URL, index_script, local_polyfills
from sitecheck.offline import broken_links
from sitecheck.search_eval import search


@pytest.fixture
def open_page(browser, offline_copy):
    """Open a page of the offline copy from disk; collects web requests and console errors."""
    tabs = []

    def load(page: str):
        tab = browser.new_page()
        tab.web_requests, tab.errors = [], []
        tab.on("request", lambda r: not r.url.startswith("file:") and tab.web_requests.append(r.url))
        tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
        tab.on("pageerror", lambda e: tab.errors.append(str(e)))
        tab.goto((offline_copy / page).as_uri(), wait_until="load")
        tabs.append(tab)
        return tab

    yield load
    for tab in tabs:
        tab.close()


def test_every_link_of_the_offline_copy_opens_a_file(offline_copy):
    problems = broken_links(offline_copy)
    assert not problems, "\n".join(map(str, problems[:20]))


def test_a_link_to_a_folder_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text("<p>guide</p>", encoding="utf-8")
    (tmp_path / "index.html").write_text('<p>home</p>\n<a href="guide/">Guide</a>\n'
                                         '<a href="guide/index.html">ok</a>\n'
                                         '<img src="missing.svg" alt="x">\n'
                                         "<img src='guide/index.html' srcset='gone.svg 2x' alt=y>",
                                         encoding="utf-8")
    assert [str(p) for p in broken_links(tmp_path)] == [
        "index.html:2: 'guide/' opens a folder from disk",
        "index.html:4: 'missing.svg' opens nothing from disk",
        "index.html:5: 'gone.svg' opens nothing from disk"]


def test_offline_hook_keeps_scripts_local():
    assert local_polyfills(["https://unpkg.com/iframe-worker/shim"]) == [WORKER_SHIM_URL]
    assert local_polyfills(["a.js", WORKER_SHIM_URL]) == ["a.js", WORKER_SHIM_URL]
    assert index_script('{"docs":[]}') == 'var __index = {"docs":[]}\n'



def open_search(tab, query):
    """Open Material's search (on file:// it loads its index only then) and search."""
    tab.locator("input.md-search__input").click()
    return search(tab, query, timeout=20)


@pytest.mark.browser
@pytest.mark.parametrize(("page", "query", "english"), [
    ("index.html", "加速器", False),
    ("guide/verify.html", "docker info", False),
    ("en/index.html", "daemon.json", True),
    ("en/guide/verify.html", "docker info", True),
])
def test_search_from_disk_answers_in_the_pages_language(open_page, offline_copy, page, query,
                                                        english):
    tab = open_page(page)
    # under the site's Content Security Policy (hooks/csp.py): 'self' covers file:// here
    assert tab.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    results = open_search(tab, query)
    assert results, f"no result for {query!r} on {page}: {tab.errors}"
    root = offline_copy.as_posix() + "/"
    for result in results:
        assert result.startswith(root), result
        location = result.removeprefix(root)
        assert location.startswith("en/") == english, (query, results)
        assert (offline_copy / location.split("#")[0]).is_file(), result
    assert not tab.web_requests and not tab.errors, (tab.web_requests, tab.errors)


@pytest.mark.browser
def test_navigation_and_language_switch_from_disk(open_page, offline_copy):
    tab = open_page("index.html")
    assert tab.get_attribute("html", "lang") == "zh"
    tab.locator("div.md-select").first.hover()
    tab.locator("a.md-select__link[hreflang=en]").click()
    tab.wait_for_load_state("load")
    assert tab.url == (offline_copy / "en" / "index.html").as_uri()
    assert tab.get_attribute("html", "lang") == "en"
    tab.locator("a.md-nav__link[href$='verify.html']").first.click()
    tab.wait_for_load_state("load")
    assert tab.url == (offline_copy / "en" / "guide" / "verify.html").as_uri()
    tab.locator("div.md-select").first.hover()
    tab.locator("a.md-select__link[hreflang=zh]").click()
    tab.wait_for_load_state("load")
    assert tab.url == (offline_copy / "guide" / "verify.html").as_uri()
    assert tab.get_attribute("html", "lang") == "zh"
    assert not tab.web_requests and not tab.errors, (tab.web_requests, tab.errors)
