"""What a reader sees, in Debian's Chromium: every page of both languages loads with no
third-party request and no console error, has the right language, and its language
switcher leads to the same page in the other language."""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from sitecheck.build import site_pages

pytestmark = pytest.mark.browser


def other_language(page: str) -> str:
    return page.removeprefix("en/") if page.startswith("en/") else "en/" + page


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def load(context, url):
    """Open `url`; return (page, foreign requests, console errors)."""
    return next(load_many(context, [url]))


def _watched_tab(context, url):
    tab = context.new_page()
    host = urlsplit(url).netloc
    foreign, errors = [], []
    tab.on("request", lambda r: urlsplit(r.url).scheme in {"http", "https", "ws", "wss"}
           and urlsplit(r.url).netloc != host and foreign.append(r.url))
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    tab.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status}: {r.url}"))
    return tab, foreign, errors


def load_many(context, urls, tabs_at_once: int = 6):
    """Open `urls` a few tabs at a time in one browser (each tab loads while the others do);
    yield (page, foreign requests, console errors) for each, in order, once it is idle."""
    for start in range(0, len(urls), tabs_at_once):
        batch = [(_watched_tab(context, url), url) for url in urls[start:start + tabs_at_once]]
        for (tab, _, _), url in batch:
            tab.goto(url, wait_until="commit")
        for watched, _ in batch:
            watched[0].wait_for_load_state("networkidle")
            yield watched


def test_every_page_loads_cleanly_and_switches_to_itself(context, built_site, site_url):
    failures = []
    pages = site_pages(built_site)
    for page, (tab, foreign, errors) in zip(
            pages, load_many(context, [site_url + page for page in pages]), strict=True):
        language = "en" if page.startswith("en/") else "zh"
        if tab.get_attribute("html", "lang") != language:
            failures.append(f"{page}: html lang is {tab.get_attribute('html', 'lang')!r}")
        if foreign:
            failures.append(f"{page}: requests to other hosts: {foreign}")
        if errors:
            failures.append(f"{page}: console errors: {errors}")
        other = "zh" if language == "en" else "en"
        link = tab.locator(f"a.md-select__link[hreflang={other}]")
        href = urljoin(tab.url, link.get_attribute("href")) if link.count() == 1 else None
        if href != site_url + other_language(page):
            failures.append(f"{page}: language switcher leads to {href}")
        elif not (built_site / other_language(page) / "index.html").exists():
            failures.append(f"{page}: {other_language(page)} does not exist")
        tab.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("page", ["guide/containerd/", "en/qa/", ""])
def test_clicking_the_language_switcher_opens_the_same_page(context, site_url, page):
    tab, _, errors = load(context, site_url + page)
    other = "zh" if page.startswith("en/") else "en"
    tab.locator("div.md-select").first.hover()
    tab.locator(f"a.md-select__link[hreflang={other}]").click()
    tab.wait_for_load_state("networkidle")
    assert tab.url == site_url + other_language(page)
    assert tab.get_attribute("html", "lang") == other
    assert not errors
    tab.close()


@pytest.mark.parametrize(("page", "language", "label"), [
    ("guide/how-it-works/", "zh", "镜像加速器"), ("en/guide/how-it-works/", "en", "Mirror")])
def test_diagram_is_in_the_pages_language_with_text_alternative_and_dimensions(
        context, site_url, page, language, label):
    tab, foreign, _ = load(context, site_url + page)
    image = tab.locator("img.diagram")
    alt = image.get_attribute("alt")
    assert len(alt) > 40
    assert bool(re.search(r"[\u4e00-\u9fff]", alt)) == (language == "zh"), alt
    assert image.get_attribute("width") == "720" and image.get_attribute("height") == "280"
    assert tab.evaluate("document.querySelector('img.diagram').naturalWidth") > 0
    svg = tab.evaluate("fetch(document.querySelector('img.diagram').src).then(r => r.text())")
    assert f'lang="{language}"' in svg and f">{label}</text>" in svg
    assert not foreign
    tab.close()
