"""Search: this site against Material's defaults (no jieba, one index, default separator,
Material's own worker), in Chromium, on the same content and the same questions: the
authors' keyword queries and the real reader queries (questions and pasted errors)."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable
from sitecheck.pages import ROOT
from sitecheck.serve import serve

from .common import build_quiet, build_variant


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
        build_quiet(ROOT / "mkdocs.yml", ours)
        _build_defaults(Path(tmp) / "defaults-project", defaults)
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


def _build_defaults(project: Path, site_dir: Path) -> None:
    """The same site with Material's search defaults: no jieba, no custom separator, no
    per-language index (static-i18n's own search handling), no search hooks."""
    def edit(config: str) -> str:
        config = re.sub(r"(?m)^  - search:\n(?:    .*\n)*", "  - search\n", config)
        config = re.sub(r"(?m)^  - hooks/search_\w+\.py\n", "", config)
        return re.sub(r"reconfigure_search: false.*", "reconfigure_search: true", config)

    no_jieba = project.parent / "no-jieba"
    no_jieba.mkdir()
    (no_jieba / "jieba.py").write_text("raise ImportError('jieba disabled for the baseline')\n")
    build_variant(project, site_dir, edit, copy=("docs", "hooks", "overrides"),
                  env={"PYTHONPATH": str(no_jieba)})
