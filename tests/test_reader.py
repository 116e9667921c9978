"""What readers of a docs site expect (docs/assets/javascripts/reader.js, overrides/main.html):
Ctrl+K or Cmd+K opens the search box, beside Material's own keys, and every page has a link
that opens a new issue about it, in its language, with the page and the reader's section."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

REPOSITORY = "https://github.com/registry-mirror-guide/registry-mirror-guide.github.io"
SITE = "https://registry-mirror-guide.github.io/"


def test_every_page_has_one_report_link_for_its_own_address(built_site):
    """Without JavaScript too: the link names the page's address in the body and its title
    in the issue's title, in the page's language. The 404 page has none (no address)."""
    from bs4 import BeautifulSoup

    from sitecheck.build import site_pages

    problems = []
    for path in site_pages(built_site):
        soup = BeautifulSoup((built_site / path / "index.html").read_text("utf-8"),
                             "html.parser")
        links = soup.select(".md-report a")
        if len(links) != 1:
            problems.append(f"{path}: {len(links)} report links")
            continue
        href = links[0]["href"]
        query = {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}
        label = "Page: " if path.startswith("en/") else "页面："
        title = soup.title.get_text().split(" - ")[0].strip()
        if not href.startswith(REPOSITORY + "/issues/new?"):
            problems.append(f"{path}: {href}")
        elif query.get("body", "").splitlines()[:1] != [label + SITE + path]:
            problems.append(f"{path}: body {query.get('body')!r}")
        elif title not in query.get("title", ""):
            problems.append(f"{path}: title {query.get('title')!r} lacks {title!r}")
    assert not problems, "\n".join(problems)
    assert not BeautifulSoup((built_site / "404.html").read_text("utf-8"),
                             "html.parser").select(".md-report")


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def tab(context):
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda r: tab.requests.append(r.url))
    yield tab
    tab.close()


def search_open(tab) -> bool:
    return tab.evaluate("document.getElementById('__search').checked && "
                        "document.activeElement.matches('input.md-search__input')")


@pytest.mark.browser
@pytest.mark.parametrize("keys", ["Control+k", "Meta+k", "/", "s", "f"])
def test_a_key_opens_search_with_the_cursor_in_the_box(tab, site_url, keys):
    tab.goto(site_url + "guide/verify/", wait_until="networkidle")
    assert not search_open(tab)
    tab.keyboard.press(keys)
    tab.wait_for_function("() => document.getElementById('__search').checked")
    assert search_open(tab)


@pytest.mark.browser
def test_ctrl_k_leaves_typing_alone_and_selects_the_query_when_pressed_again(tab, site_url):
    tab.goto(site_url + "en/", wait_until="networkidle")
    tab.keyboard.press("Control+k")
    tab.wait_for_function("() => document.getElementById('__search').checked")
    tab.keyboard.type("kubernetes")
    assert tab.input_value("input.md-search__input") == "kubernetes"  # "k" is typed, not taken
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => !document.getElementById('__search').checked")
    tab.keyboard.press("Control+k")  # again: the box opens with the query selected
    tab.wait_for_function("() => document.getElementById('__search').checked")
    assert search_open(tab)
    assert tab.evaluate("(() => { const i = document.querySelector('input.md-search__input');"
                        " return [i.selectionStart, i.selectionEnd]; })()") == [0, 10]


def report(tab) -> tuple[str, dict[str, str]]:
    """Follow the report link as a click does (the href is filled in on click), without
    leaving for GitHub: the link's address and its query."""
    link = tab.locator(".md-report a")
    assert link.count() == 1
    link.evaluate("a => a.addEventListener('click', e => e.preventDefault())")
    link.click()
    href = link.get_attribute("href")
    query = {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}
    return href, query


@pytest.mark.browser
@pytest.mark.parametrize(("page", "text", "title", "lines"), [
    ("guide/verify/", "反馈本页的问题", "页面问题：", ["页面：" + SITE + "guide/verify/"]),
    ("en/guide/verify/", "Report a problem with this page", "Page problem: ",
     ["Page: " + SITE + "en/guide/verify/"]),
])
def test_the_report_link_opens_a_new_issue_in_the_pages_language(tab, site_url, page, text,
                                                                  title, lines):
    tab.goto(site_url + page, wait_until="networkidle")
    assert tab.locator(".md-report a").inner_text() == text
    assert tab.locator(".md-report a").get_attribute("target") == "_blank"
    assert not [url for url in tab.requests if "github.com" in url]  # a link, not a request
    tab.evaluate("window.scrollTo(0, 0)")
    href, query = report(tab)
    assert href.startswith(REPOSITORY + "/issues/new?")
    assert query["title"].startswith(title) and len(query["title"]) > len(title)
    assert query["body"].splitlines()[:1] == lines
    assert not [url for url in tab.requests if "github.com" in url]


@pytest.mark.browser
def test_the_report_names_the_section_of_the_fragment_and_of_the_reading_position(tab,
                                                                                  site_url):
    tab.goto(site_url + "en/guide/verify/", wait_until="networkidle")
    ids = tab.eval_on_selector_all(".md-content article h2[id]", "hs => hs.map(h => h.id)")
    assert len(ids) >= 3
    # the reader scrolls to the third section, then down to the link: the third is reported
    tab.evaluate(f"document.getElementById({ids[2]!r}).scrollIntoView()")
    tab.wait_for_timeout(400)
    heading = tab.eval_on_selector(f"#{ids[2]}", "h => h.firstChild.textContent.trim()")
    _, query = report(tab)  # Playwright scrolls the link into view to click it
    assert f"Section: {heading} ({SITE}en/guide/verify/#{ids[2]})" in query["body"]
    assert query["title"].endswith(f" › {heading}")
    assert "¶" not in query["body"] + query["title"]
    # back up to the first section, then the link: the first
    tab.evaluate(f"document.getElementById({ids[0]!r}).scrollIntoView()")
    tab.wait_for_timeout(400)
    _, query = report(tab)
    assert f"#{ids[0]})" in query["body"], query["body"]

    # opened at a fragment: the section it names
    tab.goto(site_url + f"en/guide/verify/#{ids[1]}", wait_until="networkidle")
    tab.wait_for_timeout(400)
    _, query = report(tab)
    assert f"#{ids[1]})" in query["body"], query["body"]

    # at the top without a fragment: the page only
    tab.goto(site_url + "en/guide/verify/", wait_until="networkidle")
    _, query = report(tab)
    assert "Section:" not in query["body"] and "›" not in query["title"]


@pytest.mark.browser
@pytest.mark.parametrize(("old", "new"), [
    ("guide/errors/#toomanyrequests", "guide/errors/refused/#toomanyrequests"),
    ("en/guide/errors/#x509-unknown-authority", "en/guide/errors/tls/#x509-unknown-authority"),
])
def test_an_old_address_of_an_error_message_lands_on_its_section(tab, site_url, old, new):
    """Before the error reference was split into one page per group, every message was a
    section of guide/errors/: the index lists it under that id, and reader.js forwards."""
    tab.goto(site_url + old, wait_until="networkidle")
    tab.wait_for_url(site_url + new)
    anchor = new.split("#")[1]
    assert tab.locator(f"h2#{anchor}").is_visible()
    assert tab.evaluate(f"document.getElementById({anchor!r}).getBoundingClientRect().top"
                        " < innerHeight")
    # a group's heading on the index is not a forwarding address: the reader stays
    group = "en/guide/errors/#network-errors"
    tab.goto(site_url + group, wait_until="networkidle")
    assert tab.url == site_url + group
