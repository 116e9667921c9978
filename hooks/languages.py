"""The site's languages, read from the one place they are written: the `languages` of the
i18n plugin (mkdocs-static-i18n) in mkdocs.yml. Hooks, sitecheck and the benchmarks take
them from here. Not a hook: nothing here runs on a MkDocs event.

A language is built when its entry says `build: true`; exactly one is the default, served
at the site's root; each other one under its `link` (by default /<locale>/). The order is
mkdocs.yml's (the default language first on this site).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

MKDOCS_YML = Path(__file__).resolve().parents[1] / "mkdocs.yml"


class LanguagesError(ValueError):
    """mkdocs.yml's i18n languages are not what the site needs."""


@dataclass(frozen=True)
class Language:
    code: str  # the page suffix: page.<code>.md
    name: str  # in the language itself, as the language switch shows it
    default: bool
    prefix: str  # the path of its pages from the site root: "" or "en/"


def read(config_file: Path = MKDOCS_YML) -> tuple[Language, ...]:
    """The built languages of the i18n plugin in `config_file`."""
    with open(config_file, "rb") as source:
        config = yaml_load(source)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return parse(plugin["i18n"].get("languages") or [], config_file.name)
    raise LanguagesError(f"{config_file.name}: no i18n plugin with languages")


def parse(entries: list[dict], where: str = "mkdocs.yml") -> tuple[Language, ...]:
    languages = tuple(
        Language(entry["locale"], entry.get("name", entry["locale"]),
                 bool(entry.get("default")),
                 "" if entry.get("default") else
                 (entry.get("link") or f"/{entry['locale']}/").strip("/") + "/")
        for entry in entries if entry.get("build", True))
    if sum(language.default for language in languages) != 1:
        raise LanguagesError(f"{where}: the i18n languages built need exactly one default, "
                             f"found {[lang.code for lang in languages if lang.default]}")
    return languages


@functools.cache
def site_languages() -> tuple[Language, ...]:
    return read()


LANGUAGES: tuple[str, ...] = tuple(language.code for language in site_languages())
DEFAULT_LANGUAGE: str = next(language.code for language in site_languages() if language.default)
