"""Whole-site checks on the strict build: languages, metadata, FAQ data, search indexes."""

import json
import re
from html.parser import HTMLParser

import pytest

from sitecheck.build import site_pages
from sitecheck.pages import DOCS, page_files


def read(site, page):
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_page_is_built_in_both_languages(built_site):
    pages = site_pages(built_site)
    chinese = {p for p in pages if not p.startswith("en/")}
    english = {p.removeprefix("en/") for p in pages if p.startswith("en/")}
    assert chinese == english
    assert len(chinese) == len(page_files(DOCS)) // 2


@pytest.mark.parametrize("language", ["zh", "en"])
def test_html_lang_and_description_come_from_the_page(built_site, language):
    for page in site_pages(built_site):
        if page.startswith("en/") != (language == "en"):
            continue
        html = read(built_site, page)
        assert f'<html lang="{language}"' in html, page
        description = re.search(r'<meta name="description" content="([^"]+)"', html)
        assert description and len(description.group(1)) > 20, page


def test_every_source_page_has_a_description():
    missing = [p.name for p in page_files(DOCS)
               if not re.search(r"(?m)^description: \S", p.read_text(encoding="utf-8"))]
    assert not missing


def test_chinese_pages_have_chinese_admonition_titles(built_site):
    zh, en = read(built_site, "contributing/writing/"), read(built_site, "en/contributing/writing/")
    titles = lambda html: re.findall(r'<p class="admonition-title">([^<]*)</p>', html)
    assert {"说明", "警告", "注意", "提示"} <= set(titles(zh)), titles(zh)
    assert {"Info", "Warning", "Note", "Tip"} <= set(titles(en)), titles(en)


class _JsonLd(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.blocks = False, []

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self.inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.blocks[-1] += data


@pytest.mark.parametrize("page", ["qa/", "en/qa/"])
def test_qa_page_has_faqpage_data_for_every_question(built_site, page):
    html = read(built_site, page)
    parser = _JsonLd()
    parser.feed(html)
    assert len(parser.blocks) == 1
    data = json.loads(parser.blocks[0])
    questions = re.findall(r'<h2 id="([a-z0-9-]+)"', html)
    assert data["@type"] == "FAQPage"
    assert len(data["mainEntity"]) == len(questions) >= 15
    assert all(q["acceptedAnswer"]["text"] for q in data["mainEntity"])


def test_qa_ids_are_the_same_in_both_languages(built_site):
    ids = lambda page: re.findall(r'<h2 id="([a-z0-9-]+)"', read(built_site, page))
    assert ids("qa/") == ids("en/qa/") and len(ids("qa/")) >= 15


def test_search_index_is_split_by_language(built_site):
    zh = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert zh["docs"] and en["docs"]
    assert not any(d["location"].startswith("en/") for d in zh["docs"])
    assert any("镜像" in d["text"] for d in zh["docs"])
    assert not any(re.search(r"[\u4e00-\u9fff]{4,}", d["title"]) for d in en["docs"])
    assert {d["location"] for d in en["docs"]} >= {"qa/#why-no-speed-up", "guide/verify/"}


def test_english_pages_load_the_english_index(built_site):
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       read(built_site, "en/guide/verify/"), re.S)
    assert json.loads(config.group(1))["base"] == "../../../en/"


def test_no_page_references_another_host_for_assets(built_site):
    for page in site_pages(built_site):
        html = read(built_site, page)
        remote = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)="((?:https?:)?//[^"]+)"', html)
        remote = [url for url in remote if not url.startswith("https://registry-mirror-guide.github.io/")]
        assert not remote, (page, remote)


def test_every_page_has_an_edit_link_to_its_own_source_file(built_site):
    for page in site_pages(built_site):
        links = re.findall(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon"',
                           read(built_site, page))
        edit = [link for link in links if "/edit/main/docs/" in link]
        assert len(edit) == 1, (page, links)
        source = edit[0].split("/edit/main/docs/", 1)[1]
        assert (DOCS / source).is_file(), (page, source)
        assert source.endswith(".en.md") == page.startswith("en/"), (page, source)


def test_every_image_has_a_text_alternative_and_dimensions(built_site):
    for page in site_pages(built_site):
        for tag in re.findall(r"<img\b[^>]*>", read(built_site, page)):
            assert re.search(r'\balt="[^"]{10,}"', tag), (page, tag)
            assert re.search(r'\bwidth="\d+"', tag) and re.search(r'\bheight="\d+"', tag), (page, tag)


@pytest.mark.parametrize(("language", "label"), [("zh", "镜像加速器"), ("en", "Mirror")])
def test_diagram_is_small_and_labelled_in_its_language(built_site, language, label):
    source = DOCS / "assets" / "images" / f"pull-through.{language}.svg"
    assert source.stat().st_size < 50_000
    published = built_site / ("en/" if language == "en" else "") / "assets/images/pull-through.svg"
    svg = published.read_text(encoding="utf-8")
    assert f'lang="{language}"' in svg and f">{label}</text>" in svg
    labels = " ".join(re.findall(r"<(?:text|title|desc)\b[^>]*>([^<]*)<", svg))
    assert bool(re.search(r"[\u4e00-\u9fff]", labels)) == (language == "zh"), labels
