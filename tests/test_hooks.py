"""Unit tests for the hooks other than the notices: front matter, FAQ data, search split."""

import json

import pytest
from mkdocs.exceptions import PluginError

from hooks.faq_jsonld import faq_entries, faq_jsonld
from hooks.grav_front_matter import FrontMatterError, nav_title, split_front_matter
from hooks.search_by_language import search_base, split_index

# grav_front_matter ----------------------------------------------------------------------

def test_tab_indented_front_matter_is_read():
    meta, body = split_front_matter("---\ntitle: Debugging\nprocess:\n\ttwig: true\n---\n\n# Body\n")
    assert meta == {"title": "Debugging", "process": {"twig": True}}
    assert body == "# Body\n"


def test_text_without_front_matter_is_unchanged():
    assert split_front_matter("# Title\n\n---\n\ntext\n") == ({}, "# Title\n\n---\n\ntext\n")


def test_broken_front_matter_names_the_line_where_the_fix_goes():
    with pytest.raises(FrontMatterError) as error:
        split_front_matter("---\ntitle: ok\nmenu: [unclosed\n---\nbody\n")
    assert error.value.line == 3
    assert str(error.value) == "line 3: invalid YAML: expected ',' or ']', but got '<stream end>'"


def test_front_matter_that_is_not_a_mapping_is_refused():
    with pytest.raises(FrontMatterError) as error:
        split_front_matter("---\n- a list\n---\nbody\n")
    assert str(error.value) == "line 2: front matter must be a mapping of keys to values"


def test_menu_is_the_navigation_title():
    assert nav_title({"title": "Long", "menu": "Short"}) == "Short"
    assert nav_title({"title": "Long"}) is None
    with pytest.raises(FrontMatterError, match=r"'menu' must be a non-empty text, not \['not', 'text'\]"):
        nav_title({"menu": ["not", "text"]})


def run_front_matter_hook(mkdocs_page, text):
    """The page MkDocs reads from `text`, and the body the hook hands on."""
    page, config, files = mkdocs_page("guide/x.en.md", text, hooks=("grav_front_matter.py",))
    body = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    return page, body


def test_hook_reads_front_matter_that_mkdocs_left_in_the_text(mkdocs_page):
    page, body = run_front_matter_hook(
        mkdocs_page, "---\ntitle: Debugging\nmenu: Debug\nprocess:\n\ttwig: true\n---\n\n# Body\n")
    assert page.meta == {"title": "Debugging", "menu": "Debug", "process": {"twig": True}}
    assert body == "# Body\n"
    assert page.title == "Debug"


@pytest.mark.parametrize(
    "body",
    ["---\nJust a paragraph between rules.\n---\n",  # was a build failure, naming a wrong line
     "---\n\nIntro: here\n\n---\n\nMore text.\n"],  # was swallowed into page.meta
)
def test_hook_leaves_the_body_of_a_page_whose_front_matter_mkdocs_read(mkdocs_page, body):
    page, result = run_front_matter_hook(mkdocs_page, f"---\ntitle: Two\n---\n\n{body}")
    assert page.meta == {"title": "Two"}
    assert result == body


def test_a_bad_menu_fails_the_build_naming_the_line_of_menu(mkdocs_page):
    with pytest.raises(PluginError) as error:
        run_front_matter_hook(mkdocs_page, "---\ntitle: T\nmenu:\n  - a list\n---\n\nBody\n")
    assert str(error.value) == (
        "Front matter of guide/x.en.md, line 3: 'menu' must be a non-empty text, not ['a list']")


def test_broken_front_matter_fails_the_build_naming_the_line_in_the_file(mkdocs_page):
    with pytest.raises(PluginError) as error:
        run_front_matter_hook(
            mkdocs_page, "---\ntitle: ok\nprocess:\n\ttwig: true\nweight: [1\n---\nBody\n")
    assert str(error.value) == ("Front matter of guide/x.en.md, line 5: invalid YAML: "
                                "expected ',' or ']', but got '<stream end>'")


# faq_jsonld -----------------------------------------------------------------------------

QA_HTML = """
<h1 id="qa">Q&amp;A</h1><p>Intro.</p>
<h2 id="first-question">First question?<a class="headerlink" href="#first-question">¶</a></h2>
<p>Short answer with <code>code</code>.</p><ul><li>detail</li></ul>
<h2 id="script-question">Does &lt;/script&gt; break out?<a class="headerlink" href="#x">¶</a></h2>
<p>No: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; stays text &amp; more.</p>
"""


def test_faq_entries_take_questions_ids_and_answers():
    entries = faq_entries(QA_HTML)
    assert [e.id for e in entries] == ["first-question", "script-question"]
    assert entries[0].question == "First question?"
    assert entries[0].answer == "Short answer with code."  # the first block only


def test_faq_jsonld_is_valid_json_that_cannot_close_its_script_element():
    text = faq_jsonld(faq_entries(QA_HTML))
    assert "</script" not in text.lower() and "<" not in text and ">" not in text
    data = json.loads(text)
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][1]["name"] == "Does </script> break out?"
    assert "<script>alert(1)</script>" in data["mainEntity"][1]["acceptedAnswer"]["text"]
    assert "url" not in data["mainEntity"][0]


def test_faq_jsonld_gives_each_question_its_address():
    data = json.loads(faq_jsonld(faq_entries(QA_HTML), "https://example.org/qa/"))
    assert [q["url"] for q in data["mainEntity"]] == [
        "https://example.org/qa/#first-question", "https://example.org/qa/#script-question"]


@pytest.mark.parametrize(
    ("html", "answer"),
    [('<h2 id="a">Q</h2><ul><li>one</li><li>two</li></ul><p>more</p>', "one two"),
     ('<h2 id="a">Q</h2><div class="admonition"><p class="admonition-title">Note</p>'
      '<div><p>nested</p></div></div><p>more</p>', "Note nested"),
     ('<h2 id="a">Q</h2>loose text<p>first</p><p>second</p>', "first")],
)
def test_faq_short_answer_is_the_first_block_whatever_it_is(html, answer):
    assert faq_entries(html)[0].answer == answer


@pytest.mark.parametrize(
    ("html", "message"),
    [("<p>no questions</p>", "no questions"),
     ('<h2 id="_1">中文问题</h2><p>答</p>', "explicit ASCII kebab-case id"),
     ('<h2 id="a">Q</h2><p>A</p><h2 id="a">Q2</h2><p>B</p>', "used twice"),
     ('<h2 id="a">Q</h2>', "has no answer")],
)
def test_faq_entries_refuse_bad_pages(html, message):
    with pytest.raises(ValueError, match=message):
        faq_entries(html)


# search_by_language ---------------------------------------------------------------------

INDEX = {
    "config": {"lang": ["en", "zh"], "separator": "[\\s]+", "pipeline": ["stemmer"]},
    "docs": [
        {"location": "", "title": "首页", "text": "中文"},
        {"location": "guide/verify/#docker-info", "title": "验证", "text": "中文"},
        {"location": "en/", "title": "Home", "text": "English"},
        {"location": "en/guide/verify/#docker-info", "title": "Verify", "text": "English"},
    ],
}


def test_split_index_gives_each_language_its_own_documents():
    split = split_index(INDEX, {"zh": "", "en": "en/"})
    assert [d["location"] for d in split["zh"]["docs"]] == ["", "guide/verify/#docker-info"]
    assert [d["location"] for d in split["en"]["docs"]] == ["", "guide/verify/#docker-info"]
    assert split["en"]["docs"][1]["title"] == "Verify"
    # Chinese needs no lunr language support (jieba cut it at build time) and no pipeline
    assert split["zh"]["config"]["pipeline"] == [] and split["zh"]["config"]["lang"] == ["en"]
    assert split["en"]["config"]["pipeline"] == ["stopWordFilter"]
    assert INDEX["docs"][2]["location"] == "en/"  # the input is not modified


def test_search_base_points_english_pages_at_the_english_root():
    for base, expected in [(".", "en/"), ("..", "../en/"), ("../..", "../../en/"),
                           ("/", "/en/"), ("/docs/", "/docs/en/")]:
        assert search_base(base, "en/") == expected
    assert search_base("../..", "") == "../.."  # the default language keeps its base

