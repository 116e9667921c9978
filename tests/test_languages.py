"""The site's languages come from mkdocs.yml's i18n plugin only (hooks/languages.py): the
hooks and sitecheck read them there, and a configuration without exactly one default
language is refused, naming the file."""

import pytest

from hooks import freshness, languages, mirror_status
from hooks.languages import Language, LanguagesError, parse, read
from sitecheck import pages, search_eval


def test_the_site_languages_are_read_from_mkdocs_yml():
    assert read() == (Language("zh", "简体中文", True, ""), Language("en", "English", False, "en/"))
    assert languages.LANGUAGES == ("zh", "en") and languages.DEFAULT_LANGUAGE == "zh"


def test_hooks_and_sitecheck_use_them():
    for module in (freshness, mirror_status, pages, search_eval):
        assert module.LANGUAGES is languages.LANGUAGES, module.__name__
    assert freshness.DEFAULT_LANGUAGE is languages.DEFAULT_LANGUAGE


def test_a_link_and_a_language_not_built(tmp_path):
    entries = [{"locale": "zh", "default": True}, {"locale": "en", "link": "/english/"},
               {"locale": "fr", "build": False}]
    assert [(lang.code, lang.prefix) for lang in parse(entries)] == [("zh", ""),
                                                                      ("en", "english/")]


@pytest.mark.parametrize("entries", [
    [{"locale": "zh"}, {"locale": "en"}],
    [{"locale": "zh", "default": True}, {"locale": "en", "default": True}],
])
def test_not_exactly_one_default_language_is_refused(tmp_path, entries):
    import yaml

    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"site_name": "x", "plugins": [
        "search", {"i18n": {"languages": entries}}]}), encoding="utf-8")
    with pytest.raises(LanguagesError, match=r"^mkdocs\.yml: .*exactly one default"):
        read(config)


def test_no_i18n_plugin_is_refused(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\n", encoding="utf-8")
    with pytest.raises(LanguagesError, match="no i18n plugin"):
        read(config)
