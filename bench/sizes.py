"""Sizes: what a reader downloads, next to the same content with Material's default theme."""

from __future__ import annotations

import gzip
import re
import tempfile
from pathlib import Path

from hooks.languages import LANGUAGES, site_languages
from sitecheck.build import build_variant
from sitecheck.config import theme_defaults
from sitecheck.pages import ROOT

from .common import build_quiet


def bench_sizes() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_quiet(site)
        print("sizes (bytes, raw / gzip):")
        for label, path in ((f"search index {language.code}",
                             site / language.prefix / "search" / "search_index.json")
                            for language in site_languages()):
            data = path.read_bytes()
            print(f"  {label:22} {len(data):>9,} / {len(gzip.compress(data)):>8,}")
        for language in LANGUAGES:
            diagram = ROOT / "docs" / "assets" / "images" / f"pull-through.{language}.svg"
            print(f"  {'diagram ' + language + ' (SVG)':22} {diagram.stat().st_size:>9,} / "
                  f"{len(gzip.compress(diagram.read_bytes())):>8,}   (budget < 50 KB)")
        default = Path(tmp) / "default"
        _build_material_default(default)
        print(f"  first load (local bytes) {'this site':>20} {'Material default':>22}")
        for page in ("index.html", "en/index.html", "guide/docker-engine/index.html", "qa/index.html"):
            ours, ours_gz = _first_load(site, site / page)
            theirs, theirs_gz = _first_load(default, default / page)
            remote = len(re.findall(r'<link[^>]+href="https://fonts\.', (default / page).read_text()))
            print(f"  {page:32} {ours:>9,} / {ours_gz:>7,}   {theirs:>9,} / {theirs_gz:>7,}"
                  f" + Google Fonts from another host" * bool(remote))


def _build_material_default(site_dir: Path) -> None:
    """The same content with Material's default theme settings (fonts from Google Fonts,
    no site stylesheet) and none of this project's template overrides."""
    result = build_variant(site_dir, theme_defaults())
    if result.returncode != 0:
        raise RuntimeError(f"build with Material's theme defaults failed:\n{result.stderr}")


def _first_load(site: Path, page: Path) -> tuple[int, int]:
    """Bytes of the page and the stylesheets, scripts and images its HTML references."""
    html = page.read_text(encoding="utf-8")
    files = {page}
    for ref in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js|svg|png))"', html):
        target = (page.parent / ref).resolve()
        if target.is_file() and site.resolve() in target.parents:
            files.add(target)
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes())) for f in files)
    return raw, zipped
