"""Config changes for test builds and benchmark variants (sitecheck.config): made in code,
and refused loudly when the key they change is no longer in mkdocs.yml."""

import logging

import pytest

from sitecheck import config
from sitecheck.config import (
    StaleOverrideError,
    checked_overrides,
    plugin_options,
    remove_key,
    replace_key,
    without_item,
    without_plugin,
)


def test_an_override_of_a_top_level_key_that_mkdocs_yml_lacks_is_refused(tmp_path):
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: x\nnav: []\n", encoding="utf-8")
    assert checked_overrides({"nav": [], "site_name": "y"}, config_file) == {"nav": [], "site_name": "y"}
    with pytest.raises(StaleOverrideError, match=r"mkdocs\.yml has no top-level key hooks, theme"):
        checked_overrides({"theme": {}, "hooks": []}, config_file)


def test_changes_inside_a_value_name_the_key_that_is_gone():
    theme = {"name": "material", "font": False}
    replace_key(theme, "font", True, "theme")
    remove_key(theme, "font", "theme")
    assert theme == {"name": "material"}
    with pytest.raises(StaleOverrideError, match=r"no theme\.font to remove"):
        remove_key(theme, "font", "theme")
    with pytest.raises(StaleOverrideError, match=r"no theme\.custom_dir to set"):
        replace_key(theme, "custom_dir", "x", "theme")
    with pytest.raises(StaleOverrideError, match=r"no 'hooks/x\.py' in hooks"):
        without_item(["hooks/a.py"], "hooks/x.py", "hooks")
    with pytest.raises(StaleOverrideError, match="no plugin 'privacy'"):
        plugin_options(["search", {"i18n": {}}], "privacy")
    with pytest.raises(StaleOverrideError, match="no plugin 'privacy'"):
        without_plugin(["search", {"i18n": {}}], "privacy")


# The benchmarks' variants, loaded (not built) against today's mkdocs.yml.

def test_search_defaults_variant_still_applies():
    loaded = config.load_site_config(**config.search_defaults())
    assert loaded.plugins["material/search"].config.separator is None
    assert loaded.plugins["i18n"].config.reconfigure_search is True
    assert "hooks/search_by_language.py" not in loaded.hooks and "hooks/grav_notices.py" in loaded.hooks
    assert loaded.plugins["material/search"].config.jieba_dict_user is None
    assert "hooks/search_worker.py" not in loaded.hooks


def test_without_search_worker_variant_still_applies():
    loaded = config.load_site_config(**config.without_search_worker())
    assert "hooks/search_worker.py" not in loaded.hooks
    assert "hooks/search_by_language.py" in loaded.hooks


def test_theme_defaults_variant_still_applies():
    loaded = config.load_site_config(**config.theme_defaults())
    assert loaded.theme["font"] == {"text": "Roboto", "code": "Roboto Mono"}
    assert loaded.theme.custom_dir is None and loaded.extra_css == []
    assert "material/privacy" not in loaded.plugins and "i18n" in loaded.plugins


def test_every_page_listed_variant_still_applies(tmp_path):
    loaded = config.load_site_config(**config.every_page_listed(tmp_path))
    assert loaded.nav is None and loaded.docs_dir == str(tmp_path)
    assert loaded.validation.nav.omitted_files == logging.INFO
