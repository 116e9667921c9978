"""Search: this site against Material's defaults (no jieba, one index, default separator,
Material's own worker), in Chromium, on the same content and the same questions: the
authors' keyword queries and the real reader queries (questions and pasted errors)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from sitecheck.build import build_variant
from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable
from sitecheck.config import search_defaults
from sitecheck.serve import serve

from .common import build_quiet


def bench_search() -> None:
    from playwright.sync_api import sync_playwright

    from sitecheck.search_eval import QUERIES, REAL_QUERIES, evaluate, read_queries, summary

    chromium = chromium_executable()
    if chromium is None:
        print("search: skipped, Debian's chromium is not installed")
        return
    files = ([Path(os.environ["SEARCH_QUERIES"])] if os.environ.get("SEARCH_QUERIES")
             else [QUERIES, REAL_QUERIES])
    query_sets = {path.name: read_queries(path) for path in files}
    with tempfile.TemporaryDirectory() as tmp:
        ours, defaults = Path(tmp) / "ours", Path(tmp) / "defaults"
        build_quiet(ours)
        _build_defaults(defaults)
        results, seconds = {}, {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for name, site in (("this site", ours), ("Material defaults", defaults)):
                with serve(site) as url:
                    for file_name, queries in query_sets.items():
                        start = time.perf_counter()
                        outcomes = evaluate(browser, site, url, queries)
                        seconds[name, file_name] = time.perf_counter() - start
                        results[name, file_name] = summary(outcomes, by_kind=True)
            browser.close()
    print("search: a hit is a matching section in the query's language among the first 1 or 3"
          " results; 'none' is the share of queries with no result at all")
    print(f"  {'lang':4} {'kind':9} {'':18} {'hit@1':>6} {'hit@3':>6} {'none':>5}")
    for file_name in query_sets:
        print(f"  {file_name}")
        for key in results["this site", file_name]:
            for name in ("this site", "Material defaults"):
                value = results[name, file_name][key]
                print(f"  {key[0]:4} {key[1]:9} {name:18} {value.hit_at_1:6.0%}"
                      f" {value.hit_at_3:6.0%} {value.no_result:5.0%}   ({value.count})")
    for (name, file_name), value in seconds.items():
        print(f"  {name}: {file_name} took {value:.0f} s in the browser")


def _build_defaults(site_dir: Path) -> None:
    """The same site with Material's search defaults: no jieba (a process that cannot
    import it), no custom separator, one index for both languages (static-i18n's own
    search handling), Material's own search worker."""
    result = build_variant(site_dir, search_defaults(), without=("jieba",))
    if result.returncode != 0:
        raise RuntimeError(f"build with Material's search defaults failed:\n{result.stderr}")
