"""Search: this site against Material's defaults (no jieba, one index, default separator,
Material's own worker), in Chromium, on the same content and the same questions: the
authors' keyword queries, the real reader queries (questions and pasted errors) and the
held-out real queries that the search was never tuned on."""

from __future__ import annotations

import gzip
import os
import statistics
import tempfile
import time
from pathlib import Path

from sitecheck import lighthouse
from sitecheck.build import build_variant
from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable
from sitecheck.config import search_defaults, without_search_worker
from sitecheck.serve import serve

from .common import build_quiet

LOAD_PAGES = ["", "en/", "guide/errors/network/", "en/guide/errors/network/"]
LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))


def bench_search() -> None:
    from playwright.sync_api import sync_playwright

    from sitecheck.search_eval import (
        HELDOUT_QUERIES,
        QUERIES,
        REAL_QUERIES,
        evaluate,
        read_queries,
        summary,
    )

    chromium = chromium_executable()
    if chromium is None:
        print("search: skipped, Debian's chromium is not installed")
        return
    files = ([Path(os.environ["SEARCH_QUERIES"])] if os.environ.get("SEARCH_QUERIES")
             else [QUERIES, REAL_QUERIES, HELDOUT_QUERIES])
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


def bench_search_load(runs: int = LIGHTHOUSE_RUNS) -> None:
    """Page load with the site's search worker and with Material's own worker in its place,
    side by side (Lighthouse, mobile, median of `runs` runs taken in turn): the worker's
    work runs off the main thread, which total blocking time and main-thread work show."""
    reason = lighthouse.lighthouse_ready()
    if reason:
        print(f"search load: skipped, {reason}")
        return
    chromium = chromium_executable()
    with tempfile.TemporaryDirectory() as tmp:
        ours, material = Path(tmp) / "ours", Path(tmp) / "material-worker"
        build_quiet(ours)
        result = build_variant(material, without_search_worker())
        if result.returncode != 0:
            raise RuntimeError(f"build with Material's worker failed:\n{result.stderr}")
        print(f"search load (Lighthouse mobile, median of {runs}; TBT and main-thread work in ms;"
              " 'Material' is the same site with Material's own search worker):")
        print(f"  {'page':22} {'TBT':>6} {'Material':>9} {'main thread':>12} {'Material':>9}")
        with serve(ours, static_host=True) as url, serve(material, static_host=True) as other:
            for page in LOAD_PAGES:
                reports = {url: [], other: []}
                for _ in range(runs):
                    for base in reports:
                        reports[base].append(lighthouse.run_lighthouse(
                            base + page, chromium, Path(tmp) / "lh.json"))
                tbt = {base: _median(r, "total-blocking-time") for base, r in reports.items()}
                work = {base: _median(r, "mainthread-work-breakdown")
                        for base, r in reports.items()}
                print(f"  /{page:21} {tbt[url]:6.0f} {tbt[other]:9.0f} {work[url]:12.0f}"
                      f" {work[other]:9.0f}")
        worker = next((ours / "assets/javascripts/workers").glob("search-site.*.js"))
        data = worker.read_bytes()
        print(f"  the site's worker: {len(data):,} bytes, {len(gzip.compress(data)):,} gzipped,"
              " loaded by the worker thread only")


def _median(reports: list[dict], audit: str) -> float:
    return statistics.median(r["audits"][audit]["numericValue"] for r in reports)
