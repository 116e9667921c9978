"""The search hooks and data without a browser: the ranking data each index carries, the
hint, the worker installed in place of Material's, the jieba user dictionary, and the query
files (the real-query benchmark's shape, and a clear error for a malformed line)."""

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks.search_by_language import HINT_MARKER, hint, rank_index
from hooks.search_worker import site_worker, worker
from sitecheck.pages import ROOT
from sitecheck.search_eval import (
    HELDOUT_QUERIES,
    QUERIES,
    REAL_QUERIES,
    QueryFileError,
    read_queries,
)

BAD = Path(__file__).with_name("fixtures") / "bad" / "search"
REPO = "https://github.com/owner/repo"
INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s]+", "pipeline": []},
    "docs": [
        {"location": "", "title": "Home", "text": "x"},
        {"location": "qa/", "title": "Q&A", "text": "answers"},
        {"location": "qa/#why-slow", "title": "Why slow?", "text": "x"},
        {"location": "guide/errors/", "title": "Errors", "text": "x"},
        {"location": "guide/errors/#sources", "title": "Sources", "text": "x"},
        {"location": "guide/errors/tls/#x509", "title": "x509", "text": "x", "boost": 2},
        {"location": "guide/verify/#sources", "title": "Sources", "text": "x"},
        {"location": "guide/verify/#docker-info", "title": "docker info", "text": "x"},
        {"location": "guide/verify/#next", "title": "Next", "text": "x"},
    ],
}


# rank_index and the hint -------------------------------------------------------------

def test_answers_weigh_more_and_link_lists_and_page_openings_less():
    docs = {d["location"]: d for d in rank_index(INDEX, "en", REPO)["docs"]}
    boost = {location: doc.get("boost", 1.0) for location, doc in docs.items()}
    assert boost["qa/#why-slow"] > 1 == boost["guide/verify/#docker-info"]
    # the error reference weighs more only for error messages; front matter's boost kept
    x509 = docs["guide/errors/tls/#x509"]
    assert x509["error_boost"] > 1 and boost["guide/errors/tls/#x509"] == 2
    assert "error_boost" not in docs["guide/errors/#sources"]  # the index lists, not answers
    assert boost["guide/verify/#sources"] < boost["qa/"] == boost[""] < 1
    assert boost["guide/verify/#next"] == boost["guide/verify/#sources"]  # titled "Next"
    assert "boost" not in INDEX["docs"][2]  # the input is not modified


def test_each_language_gets_its_hint_with_marked_links_to_errors_qa_and_issues():
    for locale, heading in (("zh", "没有找到答案？"), ("en", "No answer found?")):
        links = rank_index(INDEX, locale, REPO)["config"]["hint"]
        assert links[0]["title"] == heading
        assert [link["location"].split("?")[0] for link in links[1:]] == [
            "guide/errors/", "qa/", f"{REPO}/issues"]
        assert all(link["location"].endswith(f"?{HINT_MARKER}") for link in links)
        assert all(link["text"] for link in links[1:])


def test_each_index_carries_the_vocabulary_the_ranking_reads():
    config = rank_index(INDEX, "zh", REPO)["config"]
    assert {"a", "the", "的", "吗", "怎么"} <= set(config["stop_words"])
    assert "error" in config["error_words"] and "报错" in config["error_words"]
    synonyms = config["synonyms"]
    assert ["k8s", "kubernetes"] in synonyms
    assert all(len(group) >= 2 and len(set(group)) == len(group) for group in synonyms)
    words = [word for group in synonyms for word in group]
    assert len(words) == len(set(words)), "a word in two groups"


def test_the_offline_copy_without_directory_urls_gets_the_same_boosts_and_hint():
    def location(old):  # qa/ and guide/errors/ are index.md, the other pages are page.md
        page, _, fragment = old.partition("#")
        if page in ("qa/", "guide/errors/"):
            page += "index.html"
        elif page:
            page = page[:-1] + ".html"
        return page + ("#" + fragment if fragment else "")

    offline = {**INDEX, "docs": [{**doc, "location": location(doc["location"])}
                                 for doc in INDEX["docs"]]}
    docs = {d["location"]: d for d in rank_index(offline, "en", REPO)["docs"]}
    assert docs["qa/index.html#why-slow"]["boost"] > 1
    assert docs["guide/errors/tls.html#x509"]["error_boost"] > 1
    assert "error_boost" not in docs["guide/errors/index.html#sources"]
    links = rank_index(offline, "en", REPO)["config"]["hint"]
    assert [link["location"].split("?")[0] for link in links[1:3]] == [
        "guide/errors/index.html", "qa/index.html"]


def test_a_hint_page_missing_from_the_index_fails_the_build():
    with pytest.raises(PluginError, match=r"\(zh\).*'guide/errors'"):
        hint("zh", {"qa/"}, REPO)
    with pytest.raises(PluginError, match="repo_url"):
        hint("en", {"qa/", "guide/errors/"}, None)
    assert hint("en", set(), REPO) == []  # an index that is still empty


# The site's worker in place of Material's -----------------------------------------------

SOURCE = "addEventListener('message', f);"


def test_the_worker_is_named_by_its_text_and_loads_nothing():
    name, text = worker(SOURCE)
    assert re.fullmatch(r"search-site\.[0-9a-f]{8}\.js", name)
    assert text == SOURCE
    assert worker(SOURCE + "\n")[0] != name  # the name changes with the text
    with pytest.raises(ValueError, match="must load nothing"):
        worker(SOURCE + "\nimportScripts('../lunr/lunr.js');")


def test_the_built_worker_is_the_ranking_then_the_worker():
    from hooks.search_worker import _source

    text = worker(_source())[1]
    ranking = (ROOT / "hooks" / "search_ranking.js").read_text(encoding="utf-8")
    assert text.startswith(ranking)  # defines self.SearchRanking before the worker reads it
    assert text.index("root.SearchRanking = factory()") < text.index("self.SearchRanking;")
    # the ranking knows nothing of Material's messages, lunr or the worker's globals
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", ranking, flags=re.S)
    for name in ("postMessage", "importScripts", "addEventListener", "lunr", "SETUP", "QUERY"):
        assert name not in code, name
    # and the worker knows nothing of lunr or of Material's own worker
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text[len(ranking):], flags=re.S)
    for name in ("lunr", "importScripts", "search."):
        assert name not in code, name


def test_pages_point_at_the_site_worker_next_to_materials():
    address = site_worker("../assets/javascripts/workers/search.a7633da7.min.js", SOURCE)
    assert address == "../assets/javascripts/workers/" + worker(SOURCE)[0]



# jieba's words, from the vocabulary ------------------------------------------------------

def test_the_vocabulary_words_reach_jieba_whole_and_mkdocs_yml_names_no_dictionary_file():
    import jieba

    from hooks.search_by_language import VOCABULARY, add_jieba_words

    assert VOCABULARY.jieba_words
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "jieba_dict_user" not in config  # the words are in hooks/search_vocabulary.json
    assert not (ROOT / "hooks" / "jieba_user_dict.txt").exists()
    add_jieba_words(VOCABULARY)
    for word, _, _ in VOCABULARY.jieba_words:
        assert list(jieba.cut(f"为什么{word}不行")).count(word) == 1, word


def test_a_new_vocabulary_word_reaches_jieba_and_the_hook_runs_it_on_config(mkdocs_page):
    import jieba

    word = "镜像加速器指南专用词"  # not in jieba's dictionary: cut into parts
    assert word not in list(jieba.cut(word))
    from hooks import search_by_language
    from hooks.search_vocabulary import Vocabulary

    extra = Vocabulary(**{**search_by_language.VOCABULARY.__dict__,
                          "jieba_words": [(word, 50000, "n")]})
    search_by_language.add_jieba_words(extra)
    assert word in list(jieba.cut(f"这是{word}吗"))
    _, config, _ = mkdocs_page("index.md", "# x\n", hooks=("search_by_language.py",))
    assert config.plugins.events["config"], "search_by_language.py registers on_config"


# Query files -----------------------------------------------------------------------------

def test_the_real_query_benchmark_has_the_shape_the_issue_asks_for():
    queries = read_queries(REAL_QUERIES)
    by_language = {lang: [q for q in queries if q.language == lang] for lang in ("zh", "en")}
    assert len(queries) >= 100
    assert all(len(mine) >= 0.45 * len(queries) for mine in by_language.values())
    assert sum(q.kind == "error" for q in queries) >= len(queries) / 3
    # Chinese readers paste English errors into the Chinese site
    assert any(q.kind == "error" and not re.search(r"[\u4e00-\u9fff]", q.text)
               for q in by_language["zh"])
    assert all(q.source.startswith("https://") for q in queries)
    assert len(read_queries(QUERIES)) >= 16


def test_the_held_out_questions_are_new_questions():
    """Held out means no thread in common with the benchmark the search was tuned on."""
    held_out = read_queries(HELDOUT_QUERIES)
    tuned_on = {q.source for q in read_queries(REAL_QUERIES)}
    assert len(held_out) >= 140
    assert {q.language for q in held_out} == {"zh", "en"}
    assert sum(q.kind == "error" for q in held_out) >= len(held_out) / 3
    shared = sorted({q.source for q in held_out} & tuned_on)
    assert not shared, f"threads in both files: {shared}"
    assert not {q.text for q in held_out} & {q.text for q in read_queries(REAL_QUERIES)}


@pytest.mark.parametrize(("name", "line", "reason"), [
    ("four-fields.tsv", 3, "4 tab-separated fields"),
    ("bad-kind.tsv", 2, "kind 'keyword'"),
    ("bad-language.tsv", 2, "language 'fr'"),
    ("bad-regex.tsv", 2, "the regex does not compile"),
    ("bad-source.tsv", 2, "not an https address"),
    ("empty-query.tsv", 2, "empty query"),
])
def test_a_malformed_query_file_names_its_file_and_line(name, line, reason):
    with pytest.raises(QueryFileError) as error:
        read_queries(BAD / name)
    assert str(error.value).startswith(f"{name}:{line}: ") and reason in str(error.value)


def test_the_judge_reads_a_chinese_section_id_as_the_index_writes_it():
    """The browser gives a result link's Chinese section id percent-encoded; the judge must
    find that section in the index, or a right answer would never count."""
    from sitecheck.search_eval import Query, judge

    sections = {"guide/verify/#三步快速配置": "三步快速配置\nregistry-mirrors",
                "guide/other/": "nothing"}
    link = {"href": "http://127.0.0.1:1/guide/verify/#%E4%B8%89%E6%AD%A5%E5%BF%AB%E9%80%9F"
                    "%E9%85%8D%E7%BD%AE", "heading": False}
    right = judge(Query("zh", "q", "registry-mirrors"), [link], sections)
    assert right.results == ["/guide/verify/#三步快速配置"] and right.hits == [True]
    wrong = judge(Query("zh", "q", "registry-mirrors"),
                  [{"href": "http://127.0.0.1:1/guide/other/", "heading": False}], sections)
    assert wrong.hits == [False]
