"""The site's mkdocs.yml as MkDocs reads it, and checked changes to it for test builds and
benchmark variants.

Changes are made in code and passed to `mkdocs.config.load_config(config_file, **overrides)`;
the text of mkdocs.yml is never edited. Every change names a key that mkdocs.yml has, and
fails loudly (StaleOverrideError, naming the key) when the key is gone, instead of quietly
changing nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from .pages import ROOT

CONFIG_FILE = ROOT / "mkdocs.yml"


class StaleOverrideError(LookupError):
    """A change to a key that mkdocs.yml no longer has: the change must be updated."""


def site_yaml(config_file: Path = CONFIG_FILE) -> dict[str, Any]:
    """mkdocs.yml read with MkDocs' own YAML loader (its Python tags included)."""
    with open(config_file, "rb") as source:
        return yaml_load(source)


def checked_overrides(overrides: dict[str, Any], config_file: Path = CONFIG_FILE) -> dict:
    """`overrides` of top-level keys, once each key is found in mkdocs.yml."""
    missing = sorted(set(overrides) - set(site_yaml(config_file)))
    if missing:
        raise StaleOverrideError(f"{config_file.name} has no top-level key {', '.join(missing)}: "
                            f"an override of it would change nothing")
    return overrides


def load_site_config(config_file: Path = CONFIG_FILE, **overrides: Any) -> MkDocsConfig:
    """The site's configuration with top-level `overrides`, each checked to exist. To empty a
    key, override it with an empty value: load_config ignores overrides that are None."""
    return load_config(str(config_file), **checked_overrides(overrides, config_file))


# Changes inside a value -----------------------------------------------------------------

def replace_key(mapping: dict, key: str, value: Any, where: str) -> None:
    if key not in mapping:
        raise StaleOverrideError(f"mkdocs.yml has no {where}.{key} to set to {value!r}")
    mapping[key] = value


def remove_key(mapping: dict, key: str, where: str) -> None:
    if key not in mapping:
        raise StaleOverrideError(f"mkdocs.yml has no {where}.{key} to remove")
    del mapping[key]


def without_item(items: list, item: Any, where: str) -> list:
    if item not in items:
        raise StaleOverrideError(f"mkdocs.yml has no {item!r} in {where} to remove")
    return [other for other in items if other != item]


def without_plugin(plugins: list, name: str) -> list:
    plugin_options(plugins, name)  # refuses a plugin that is not there
    return [entry for entry in plugins if not (isinstance(entry, dict) and name in entry)]


def plugin_options(plugins: list, name: str) -> dict:
    """The options of plugin `name` in a `plugins:` list (a mutable dict of the list)."""
    for entry in plugins:
        if isinstance(entry, dict) and name in entry:
            entry[name] = entry[name] or {}
            return entry[name]
    raise StaleOverrideError(f"mkdocs.yml has no plugin {name!r} with options")


# The benchmarks' variants of the site ---------------------------------------------------

def search_defaults() -> dict[str, Any]:
    """Overrides for Material's search defaults: no custom separator, static-i18n's own
    search handling (one index for every language), neither hooks/search_by_language.py
    (which also adds the vocabulary's words to jieba) nor the site's search worker
    (hooks/search_worker.py). Build it without jieba (see sitecheck.build) to have Material's default segmentation too."""
    raw = site_yaml()
    search = plugin_options(raw["plugins"], "search")
    remove_key(search, "separator", "plugins.search")
    replace_key(plugin_options(raw["plugins"], "i18n"), "reconfigure_search", True,
                "plugins.i18n")
    hooks = without_item(raw["hooks"], "hooks/search_by_language.py", "hooks")
    hooks = without_item(hooks, "hooks/search_worker.py", "hooks")
    return checked_overrides({"plugins": raw["plugins"], "hooks": hooks})


def without_search_worker() -> dict[str, Any]:
    """Overrides for the site with Material's own search worker in place of the site's
    (hooks/search_worker.py): what the site's search costs on page load."""
    return checked_overrides({"hooks": without_item(site_yaml()["hooks"],
                                                    "hooks/search_worker.py", "hooks")})


def theme_defaults() -> dict[str, Any]:
    """Overrides for Material's default theme settings: fonts from Google Fonts, none of
    this project's template overrides (which also hold the site's inlined styles), and no
    privacy plugin (which would refuse the fonts)."""
    raw = site_yaml()
    remove_key(raw["theme"], "font", "theme")
    remove_key(raw["theme"], "custom_dir", "theme")
    plugins = without_plugin(raw["plugins"], "privacy")
    return checked_overrides({"theme": raw["theme"], "plugins": plugins})


def every_page_listed(docs_dir: Path) -> dict[str, Any]:
    """Overrides for a generated copy of the docs in `docs_dir`: MkDocs lists every page in
    the navigation, and pages left out of it are not reported."""
    validation = site_yaml()["validation"]
    replace_key(validation, "omitted_files", "info", "validation")
    return checked_overrides({"docs_dir": str(docs_dir), "nav": [], "validation": validation})
