"""Every hook's transformation runs without MkDocs: once each, on a plain directory of Markdown
and HTML files, with no MkDocs configuration, page or build (the exit plan, in
docs/contributing/engine.*.md: what another engine would have to call). The hooks' event
functions are thin glue around these; their own tests build real pages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from hooks import (
    csp,
    faq_jsonld,
    freshness,
    generator_data,
    grav_front_matter,
    grav_notices,
    languages,
    markdown_fences,
    mirror_status,
    not_found,
    offline,
    search_by_language,
    search_vocabulary,
    search_worker,
    stylesheet,
)
from sitecheck.pages import ROOT

COVERED = {"csp", "faq_jsonld", "freshness", "generator_data", "grav_front_matter",
           "grav_notices", "languages", "markdown_fences", "mirror_status", "not_found",
           "offline", "search_by_language", "search_vocabulary", "search_worker",
           "stylesheet"}

SOURCE_ZH = """---
title: 验证
menu: 验证
---
# 验证

>>> 这是 Grav 的提示。

```bash
docker info
```
"""
SOURCE_EN = SOURCE_ZH.replace("验证", "Verify").replace("这是 Grav 的提示。", "A Grav notice.")


def page(lang: str, body: str, config: dict) -> str:
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
            f"<title>{body}</title><style>p {{ margin: 0 }}</style></head>"
            f'<body dir="ltr"><h1>{body}</h1>\n<script>var x = "{lang}";</script>'
            f'<script id="__config" type="application/json">{json.dumps(config)}</script>'
            "</body></html>\n")


@pytest.fixture
def plain(tmp_path) -> Path:
    """docs/ (one page pair in a git repository) and site/ (pages and a combined index)."""
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "verify.zh.md").write_text(SOURCE_ZH, encoding="utf-8")
    (docs / "guide" / "verify.en.md").write_text(SOURCE_EN, encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "pages"], check=True)
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    worker_path = "assets/javascripts/workers/search.0123abcd.min.js"
    (site / "index.html").write_text(page("zh", "首页", {"base": ".", "search": worker_path}),
                                     encoding="utf-8")
    (site / "qa.html").write_text(
        '<h1>问答</h1><h2 id="why-slow">为什么慢？</h2><p>镜像没有缓存。</p>', encoding="utf-8")
    index = {"config": {"lang": ["zh"], "separator": "[\\s]+", "pipeline": []},
             "docs": [{"location": "", "title": "首页", "text": "镜像"},
                      {"location": "en/", "title": "Home", "text": "mirror"}]}
    (site / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    return tmp_path


def test_every_hook_module_is_run_here():
    assert {path.stem for path in (ROOT / "hooks").glob("*.py")} - {"__init__"} == COVERED


def test_the_markdown_hooks_on_plain_files(plain):
    source = (plain / "docs" / "guide" / "verify.zh.md").read_text(encoding="utf-8")
    meta, body = grav_front_matter.split_front_matter(source)
    assert meta == {"title": "验证", "menu": "验证"} and body.startswith("# 验证")
    assert grav_front_matter.nav_title(meta) == "验证"
    converted = grav_notices.convert_notices(body)
    assert "!!! info" in converted
    assert "    这是 Grav 的提示。" in converted and ">>>" not in converted
    fences = list(markdown_fences.fenced_blocks(converted.splitlines()))
    assert len(fences) == 1


def test_the_html_hooks_on_plain_files(plain):
    site = plain / "site"
    entries = faq_jsonld.faq_entries((site / "qa.html").read_text(encoding="utf-8"))
    assert json.loads(faq_jsonld.faq_jsonld(entries))["mainEntity"][0]["name"] == "为什么慢？"

    home = (site / "index.html").read_text(encoding="utf-8")
    name, text = search_worker.worker('addEventListener("message", answer);')
    assert text == 'addEventListener("message", answer);'
    address = search_worker.site_worker("assets/javascripts/workers/search.0123abcd.min.js",
                                        'addEventListener("message", answer);')
    assert address == f"assets/javascripts/workers/{name}"
    assert search_by_language.search_base("..", "en/") == "../en/"

    english = page("en", "Home", {"base": "../en/"})
    merged = not_found.merge_404({"zh": home, "en": english}, {"zh": "", "en": "en/"})
    assert '<template id="__404-en" data-title="Home">' in merged

    secured = csp.with_policy(merged)
    assert csp.uncovered(secured) == [] and csp.uncovered(merged)

    assert offline.index_script('{"docs":[]}') == 'var __index = {"docs":[]}\n'
    assert offline.local_polyfills(["https://unpkg.com/x"]) == [offline.WORKER_SHIM_URL]


def test_the_stylesheet_hook_on_a_plain_theme_folder(tmp_path):
    sheets = tmp_path / "theme" / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "main.0123abcd.min.css").write_text('@charset "UTF-8";p{margin:0}', "utf-8")
    main = stylesheet.material_sheet([str(tmp_path / "theme")], "main")
    joined = stylesheet.joined_stylesheet([(main.name, main.read_text("utf-8")),
                                           ("site.css", "a{color:red}")])
    assert joined.startswith('@charset "UTF-8";p{margin:0}\n') and "a{color:red}" in joined
    assert stylesheet.stylesheet_name(joined).endswith(".min.css")


def test_the_search_index_hooks_on_a_plain_index(plain):
    index = json.loads((plain / "site" / "search" / "search_index.json").read_text("utf-8"))
    split = search_by_language.split_index(index, {"zh": "", "en": "en/"})
    assert [doc["title"] for doc in split["zh"]["docs"]] == ["首页"]
    assert [doc["location"] for doc in split["en"]["docs"]] == [""]
    # the hint links pages by name: the plain index holds them
    pages = [link["page"] for link in search_by_language.VOCABULARY.hints["en"]["links"]
             if link["page"] != "issues"]
    english = {**split["en"], "docs": [*split["en"]["docs"], *(
        {"location": f"{name}/", "title": name, "text": ""} for name in pages)]}
    ranked = search_by_language.rank_index(english, "en", "https://example.org/repo")
    assert ranked["docs"][0]["title"] == "Home"
    assert ranked["config"]["hint"][-1]["location"].startswith("https://example.org/repo/issues")


def test_the_freshness_hook_on_a_plain_git_directory(plain):
    docs = plain / "docs"
    history = freshness.read_history(docs)
    assert history.kind == "full"
    assert history.last_change("guide/verify.zh.md") is not None
    pairs = freshness.pairs_in(docs, {}, history)
    assert [(pair.key, pair.state) for pair in pairs] == [("guide/verify", "unrecorded")]
    assert "guide/verify" in freshness.status_table(pairs, "en")
    notice = freshness.behind_notice("en", "../../guide/verify/", history.last_change(
        "guide/verify.zh.md"))
    assert "translation-behind" in freshness.insert_after_title("<h1>Verify</h1>", notice)


CATALOGUE = """mirrors:
  - {host: mirror.example.org, serves: docker.io, form: host, operator: Example,
     source: "https://example.org/mirror"}
"""
STATUS = """checks:
  - host: mirror.example.org
    state: down
    checked: "2026-12-05T02:00:00Z"
    where: "a test"
    v2: false
    seconds: 20.0
    detail: "GET /v2/: no answer within 20 s (timeout)"
changes: []
"""


def test_the_mirror_data_hooks_on_plain_files(tmp_path):
    """The status table, the notice on a page that names a down mirror, the feed and the
    generator's choice of mirrors, from two plain data files."""
    from datetime import UTC, datetime

    data = tmp_path / "data"
    data.mkdir()
    (data / "mirrors.yaml").write_text(CATALOGUE, encoding="utf-8")
    (data / "mirror-status.yaml").write_text(STATUS, encoding="utf-8")
    status = mirror_status.read_data(data / "mirrors.yaml", data / "mirror-status.yaml")
    now = datetime(2026, 12, 6, tzinfo=UTC)
    table = mirror_status.status_table(status, "en", now)
    assert "`mirror.example.org`" in table
    page = mirror_status.render_page("# Set-up\n\nUse mirror.example.org.\n", "guide/x", "en",
                                     "docs/guide/x.en.md", "guide/x/", status, now)
    assert page.startswith("# Set-up") and page.count("mirror.example.org") > 1
    feed = mirror_status.atom_feed(status.changes, "en", "https://example.org/", "en/",
                                   "guide/mirror-changes/")
    assert feed.startswith('<?xml version="1.0"')
    assert generator_data.unusable_hosts(data) == frozenset({"mirror.example.org"})
    offered = generator_data.offered({"mirrors": [{"host": "mirror.example.org"}]},
                                     generator_data.unusable_hosts(data))
    assert offered == ()


def test_the_language_and_vocabulary_modules_on_plain_files(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins:\n  - i18n:\n      languages:\n        - {locale: zh, default: true}\n"
                      "        - {locale: en}\n", encoding="utf-8")
    assert [(lang.code, lang.prefix) for lang in languages.read(config)] == [("zh", ""),
                                                                              ("en", "en/")]
    vocabulary = search_vocabulary.load()
    assert vocabulary.hints["zh"]["links"] and "the" in vocabulary.stop_words
