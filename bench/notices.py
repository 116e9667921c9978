"""Notices: the hook's cost next to Python-Markdown's own rendering of the 46 Grav pages."""

from __future__ import annotations

import markdown

from hooks.grav_notices import convert_notices
from sitecheck.pages import ROOT
from sitecheck.render import site_markdown_settings

from .common import interleaved_medians

FIXTURE_PAGES = sorted((ROOT / "tests" / "fixtures" / "grav-learn" / "pages").rglob("*.md"))


def bench_notices(runs: int = 15) -> None:
    texts = [page.read_text(encoding="utf-8") for page in FIXTURE_PAGES]
    extensions, configs = site_markdown_settings()

    def convert():
        for text in texts:
            convert_notices(text)

    def render():
        for text in texts:
            markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)

    result = interleaved_medians({"convert_notices": convert, "Python-Markdown": render}, runs)
    ratio = result["convert_notices"] / result["Python-Markdown"]
    print(f"notices: {len(texts)} Grav pages, {sum(map(len, texts)) // 1024} KiB, median of {runs}")
    print(f"  convert_notices  {result['convert_notices'] * 1000:8.1f} ms")
    print(f"  Python-Markdown  {result['Python-Markdown'] * 1000:8.1f} ms (site extensions)")
    print(f"  ratio            {ratio:8.1%}  (target < 5%)")
