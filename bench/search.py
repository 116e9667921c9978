"""Search: this site against Material's defaults (no jieba, one index, default separator),
in Chromium, on the same questions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sitecheck.build import build_variant
from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable
from sitecheck.config import search_defaults
from sitecheck.pages import ROOT
from sitecheck.serve import serve

from .common import build_quiet


def bench_search() -> None:
    from playwright.sync_api import sync_playwright

    from sitecheck.search_eval import evaluate, read_queries, summary

    chromium = chromium_executable()
    if chromium is None:
        print("search: skipped, Debian's chromium is not installed")
        return
    queries = read_queries(Path(os.environ.get("SEARCH_QUERIES", ROOT / "tests/data/search-queries.tsv")))
    with tempfile.TemporaryDirectory() as tmp:
        ours, defaults = Path(tmp) / "ours", Path(tmp) / "defaults"
        build_quiet(ours)
        _build_defaults(defaults)
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for name, site in (("this site", ours), ("Material defaults", defaults)):
                with serve(site) as url:
                    results[name] = summary(evaluate(browser, site, url, queries))
            browser.close()
    print(f"search: {len(queries)} queries, a hit is a matching section in the query's language")
    print(f"  {'':18} {'lang':4} {'hit@1':>6} {'hit@3':>6}")
    for name, per_language in results.items():
        for language, (hit1, hit3, count) in per_language.items():
            print(f"  {name:18} {language:4} {hit1:6.0%} {hit3:6.0%}   ({count} queries)")


def _build_defaults(site_dir: Path) -> None:
    """The same site with Material's search defaults: no jieba (a process that cannot
    import it), no custom separator, one index for both languages (static-i18n's own
    search handling)."""
    result = build_variant(site_dir, search_defaults(), without=("jieba",))
    if result.returncode != 0:
        raise RuntimeError(f"build with Material's search defaults failed:\n{result.stderr}")
