"""The anchor the speed of the site is measured against: the same docs built with Material's
defaults. The configuration is mkdocs.yml as MkDocs loads it, with checked top-level
overrides (sitecheck.config), so the anchor follows the site as it grows."""

from __future__ import annotations

from pathlib import Path

from sitecheck.build import build_in_process
from sitecheck.config import checked_overrides, load_site_config, site_yaml

from .common import quiet


def defaults_overrides() -> dict:
    """What differs from this site: no hooks, no template overrides (custom_dir), no theme
    features, palette, icons or favicon, and so no site styles (hooks/stylesheet.py joins
    them into the site's one sheet). Fonts stay off (font: false):
    with Google Fonts the defaults would load from another host, which this site never does.
    Content, Markdown extensions and plugins (search, i18n, privacy) are the same."""
    theme = site_yaml()["theme"]
    return checked_overrides({
        "hooks": [],
        "theme": {"name": theme["name"], "language": theme["language"], "font": False},
    })


def build_material_defaults(site_dir: Path) -> None:
    quiet()
    config = load_site_config(site_dir=str(site_dir), **defaults_overrides())
    for language in config.plugins["i18n"].config.languages:
        language.theme = None  # the per-language palette labels: no palette in the defaults
    build_in_process(config)
