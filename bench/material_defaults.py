"""The anchor the speed of the site is measured against: the same docs built with Material's
defaults. The configuration is loaded from mkdocs.yml and changed through load_config's
overrides (not by editing its text), so the anchor follows the site as it grows."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitecheck.pages import ROOT

from .common import quiet


def defaults_overrides(site_dir: Path) -> dict:
    """What differs from this site: no hooks, no template overrides (custom_dir), no theme
    features, palette, icons or favicon, no site stylesheet. Fonts stay off (font: false):
    with Google Fonts the defaults would load from another host, which this site never does.
    Content, Markdown extensions and plugins (search, i18n) are the same."""
    return {"site_dir": str(site_dir), "hooks": [], "extra_css": [],
            "theme": {"name": "material", "language": "zh", "font": False}}


def build_material_defaults(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> None:
    quiet()
    config = load_config(str(config_file), **defaults_overrides(site_dir))
    for language in config.plugins["i18n"].config.languages:
        language.theme = None  # the per-language palette labels: no palette in the defaults
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
