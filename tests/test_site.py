"""Whole-site checks on the strict build: languages, metadata, FAQ data, search indexes, and
the effects of the template overrides. HTML is read with BeautifulSoup."""

import json
import re
from functools import cache
from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from hooks.stylesheet import SITE_STYLES
from sitecheck.build import site_pages
from sitecheck.config import site_yaml
from sitecheck.pages import DOCS, page_files, relative
from sitecheck.rendered import urls

SITE_HOST = "registry-mirror-guide.github.io"


@cache  # each page is read by several tests; the soup is only read
def soup(site, page) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def every_page(site):
    return [(page, soup(site, page)) for page in site_pages(site)]


def test_every_page_is_built_in_both_languages(built_site):
    pages = site_pages(built_site)
    chinese = {p for p in pages if not p.startswith("en/")}
    english = {p.removeprefix("en/") for p in pages if p.startswith("en/")}
    assert chinese == english
    assert len(chinese) == len(page_files(DOCS)) // 2


@pytest.mark.parametrize("language", ["zh", "en"])
def test_html_lang_and_description_come_from_the_page(built_site, language):
    for page, html in every_page(built_site):
        if page.startswith("en/") != (language == "en"):
            continue
        assert html.html["lang"] == language, page
        description = html.select_one('meta[name="description"]')
        assert description and len(description["content"]) > 20, page


def test_every_page_links_one_style_sheet_holding_material_s_two_and_the_site_s_styles(
        built_site):
    """One render-blocking sheet per page, no inline <style> (hooks/stylesheet.py): the
    404 page too, whose links start at the site's root."""
    not_found = BeautifulSoup((built_site / "404.html").read_text("utf-8"), "html.parser")
    sheets = set()
    for page, html in [*every_page(built_site), ("404.html", not_found)]:
        assert not html.find_all("style"), page
        links = [link["href"] for link in html.find_all("link", rel="stylesheet")]
        assert len(links) == 1 and "/site." in "/" + links[0], (page, links)
        base = built_site if links[0].startswith("/") else built_site / page
        sheets.add((base / links[0].lstrip("/")).resolve())
    assert len(sheets) == 1, sheets
    text = sheets.pop().read_text(encoding="utf-8")
    theme = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    for part in (*theme.glob("main.*.min.css"), *theme.glob("palette.*.min.css"), SITE_STYLES):
        assert part.read_text(encoding="utf-8").rstrip("\n") in text, part.name
    assert "--md-text-font" in text and "PingFang SC" in text


def test_every_source_page_has_a_description():
    missing = [relative(p) for p in page_files(DOCS)
               if not str(get_data(p.read_text(encoding="utf-8"))[1].get("description", "")).strip()]
    assert not missing


def test_chinese_pages_have_chinese_admonition_titles(built_site):
    def titles(page):
        return {p.get_text() for p in soup(built_site, page).select("p.admonition-title")}
    zh, en = titles("contributing/writing/"), titles("en/contributing/writing/")
    assert {"说明", "警告", "注意", "提示"} <= zh, zh
    assert {"Info", "Warning", "Note", "Tip"} <= en, en


def question_ids(html):
    return [h2["id"] for h2 in html.select("article h2[id]")]


@pytest.mark.parametrize("page", ["qa/", "en/qa/"])
def test_qa_page_has_faqpage_data_for_every_question(built_site, page):
    html = soup(built_site, page)
    blocks = html.select('script[type="application/ld+json"]')
    assert len(blocks) == 1
    data = json.loads(blocks[0].string)
    assert data["@type"] == "FAQPage"
    ids = question_ids(html)
    assert len(data["mainEntity"]) == len(ids) >= 15
    # each question's address, and its short answer: the text of the block after the heading
    assert [q["url"] for q in data["mainEntity"]] == [
        f"{site_yaml()['site_url'].rstrip('/')}/{page}#{id_}" for id_ in ids]
    def bare(text):
        return re.sub(r"\s+", "", text.replace("\u200b", ""))
    for question, heading in zip(data["mainEntity"], html.select("article h2[id]"), strict=True):
        said, first = question["acceptedAnswer"]["text"], heading.find_next_sibling().get_text()
        assert said and bare(said) == bare(first), (heading["id"], said[:80], first[:80])


def test_qa_ids_are_the_same_in_both_languages(built_site):
    zh, en = question_ids(soup(built_site, "qa/")), question_ids(soup(built_site, "en/qa/"))
    assert zh == en and len(zh) >= 15


def test_search_index_is_split_by_language(built_site):
    zh = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert zh["docs"] and en["docs"]
    assert not any(d["location"].startswith("en/") for d in zh["docs"])
    assert any("镜像" in d["text"] for d in zh["docs"])
    assert not any(re.search(r"[\u4e00-\u9fff]{4,}", d["title"]) for d in en["docs"])
    assert {d["location"] for d in en["docs"]} >= {"qa/#why-no-speed-up", "guide/verify/"}


def test_english_pages_load_the_english_index(built_site):
    config = soup(built_site, "en/guide/verify/").select_one("script#__config")
    assert json.loads(config.string)["base"] == "../../../en/"


def test_no_page_loads_anything_from_another_host(built_site):
    for page, html in every_page(built_site):
        remote = [url.url for url in urls(html)
                  if url.remote and not url.followed and url.host != SITE_HOST]
        assert not remote, (page, remote)


def test_every_page_has_an_edit_link_to_its_own_source_file(built_site):
    for page, html in every_page(built_site):
        edit = [a["href"] for a in html.select("a.md-content__button[href]")
                if "/edit/main/docs/" in a["href"]]
        assert len(edit) == 1, (page, edit)
        source = edit[0].split("/edit/main/docs/", 1)[1]
        assert (DOCS / source).is_file(), (page, source)
        assert source.endswith(".en.md") == page.startswith("en/"), (page, source)


def test_every_image_has_a_text_alternative_and_dimensions(built_site):
    for page, html in every_page(built_site):
        for image in html.select("img"):
            assert len(image.get("alt", "")) >= 10, (page, str(image))
            assert image.get("width", "").isdigit() and image.get("height", "").isdigit(), (page, str(image))


@pytest.mark.parametrize(("language", "label"), [("zh", "镜像加速器"), ("en", "Mirror")])
def test_diagram_is_small_and_labelled_in_its_language(built_site, language, label):
    source = DOCS / "assets" / "images" / f"pull-through.{language}.svg"
    assert source.stat().st_size < 50_000
    published = built_site / ("en/" if language == "en" else "") / "assets/images/pull-through.svg"
    svg = published.read_text(encoding="utf-8")
    assert f'lang="{language}"' in svg and f">{label}</text>" in svg
    labels = " ".join(re.findall(r"<(?:text|title|desc)\b[^>]*>([^<]*)<", svg))
    assert bool(re.search(r"[\u4e00-\u9fff]", labels)) == (language == "zh"), labels


# The template overrides (overrides/), on every page. tests/test_overrides.py checks that the
# Material markup each override was made from has not changed.

def test_search_dialog_has_a_name(built_site):
    for page, html in every_page(built_site):
        dialog = html.select("div.md-search[role=dialog][aria-label]")
        assert len(dialog) == 1 and dialog[0]["aria-label"].strip(), (
            f"{page}: the search dialog has no aria-label: check the header block of "
            f"overrides/main.html against Material's partials/search.html")


def test_no_page_has_per_language_alternate_links(built_site):
    for page, html in every_page(built_site):
        assert not html.select("link[rel=alternate][hreflang]"), (
            f"{page}: <link rel=alternate hreflang> is back: check the site_meta block of "
            f"overrides/main.html against Material's base.html")


def test_repository_link_does_not_ask_github_for_stars(built_site):
    for page, html in every_page(built_site):
        assert html.select("a.md-source"), page
        assert not html.select("[data-md-component=source]"), (
            f"{page}: data-md-component=source is back: check overrides/partials/source.html "
            f"against Material's partials/source.html")
