"""Speed against the anchor: this site next to the same docs built with Material's defaults
(bench/material_defaults.py), both served as a static host serves them.

Lighthouse's absolute performance score on mobile is bounded by Material's own script (the
same pages without it score higher), so the budget is relative: every page scores the same as
the anchor within run-to-run noise, and loads fewer bytes. Per page: Lighthouse (mobile, the
performance category) in interleaved runs; per language: the search index, its size and the
main-thread time spent loading it (parsing the JSON and handing it to the search worker),
with the CPU slowed down 4x as Lighthouse's mobile setting does.
"""

from __future__ import annotations

import gzip
import os
import statistics
import tempfile
from pathlib import Path

from hooks.languages import LANGUAGES
from sitecheck import lighthouse
from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable
from sitecheck.serve import serve

from .common import build_quiet
from .material_defaults import build_material_defaults

LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
# The budget tests' pages and the error reference, where pasted errors land (both languages).
BENCH_PAGES = [*lighthouse.PAGES, "guide/errors/network/", "en/guide/errors/network/"]
INDEX_RUNS = int(os.environ.get("INDEX_RUNS", "5"))
CPU_SLOWDOWN = 4

# Times, in the page, what Material's main thread does with the search index: JSON.parse of
# the index text (Material reads it with XMLHttpRequest, then JSON.parse) and the
# postMessage that copies it to the worker; and when the worker answers that it is ready.
_INDEX_TIMING = """(() => {
  const timing = window.__indexTiming = {parse: 0, post: 0, start: 0, ready: 0};
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    const start = performance.now(), value = parse.call(this, text, reviver);
    if (value && Array.isArray(value.docs) && value.config) {
      timing.parse += performance.now() - start;
      timing.start = timing.start || start;
    }
    return value;
  };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    const start = performance.now(), result = post.call(this, message, ...rest);
    if (message && message.data && Array.isArray(message.data.docs)) {
      timing.post += performance.now() - start;
      this.addEventListener("message", () => { timing.ready = timing.ready || performance.now(); });
    }
    return result;
  };
})();"""


def bench_lighthouse(runs: int = LIGHTHOUSE_RUNS) -> None:
    reason = lighthouse.lighthouse_ready()
    if reason:
        print(f"lighthouse: skipped, {reason}")
        return
    chromium = chromium_executable()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {"ours": Path(tmp) / "site", "defaults": Path(tmp) / "defaults"}
        build_quiet(sites["ours"])
        build_material_defaults(sites["defaults"])
        with serve(sites["ours"], static_host=True) as ours, \
                serve(sites["defaults"], static_host=True) as defaults:
            urls = {"ours": ours, "defaults": defaults}
            pages = _lighthouse_pages(urls, chromium, Path(tmp) / "report.json", runs)
            indexes = _index_loading(sites, urls, chromium)
    _print_pages(pages, runs)
    _print_indexes(indexes)


def _lighthouse_pages(urls: dict, chromium: str, out: Path, runs: int) -> dict:
    result = {}
    for page in BENCH_PAGES:
        reports = {name: [] for name in urls}
        for _ in range(runs):
            for name, url in urls.items():
                reports[name].append(lighthouse.run_lighthouse(url + page, chromium, out,
                                                               ["performance"]))
        result[page] = {name: lighthouse.summarize(r) for name, r in reports.items()}
    return result


def _print_pages(pages: dict, runs: int) -> None:
    print(f"lighthouse: this site against the same docs with Material's defaults (no hooks, "
          f"no features, font: false)\n  mobile, gzip + long cache, {runs} interleaved runs: "
          "median [min-max]; bytes = transferred on first load; verdict = score / TBT against "
          f"the defaults (Mann-Whitney U, one-sided, each way held to "
          f"{lighthouse.VERDICT_LEVEL} over the {len(pages)} pages by Holm's method)")
    print(f"  {'page':26} {'score':>10} {'defaults':>10} {'ratio':>6} {'noise':>6}  "
          f"{'TBT ms':>13} {'FCP ms':>13} {'bytes':>17} {'ratio':>6}  verdict")
    ratios, bytes_ratios, outside, behind = [], [], [], {"score": [], "TBT": []}
    family = lighthouse.page_verdicts({page: (s["ours"], s["defaults"])
                                       for page, s in pages.items()})
    for page, summary in pages.items():
        ours, anchor = summary["ours"], summary["defaults"]
        versus = lighthouse.compare(ours, anchor)
        ratios.append(versus["score_ratio"])
        bytes_ratios.append(versus["bytes_ratio"])
        if not versus["within_noise"]:
            outside.append(f"/{page} ({versus['difference']:+.0f})")
        for metric in behind:
            if family[metric][page] == "behind":
                behind[metric].append(f"/{page}")
        print(f"  /{page:25} {ours['perf_range']:>10} {anchor['perf_range']:>10} "
              f"{versus['score_ratio']:6.2f} {'±' + str(versus['noise']):>6}  "
              f"{ours['TBT']:6.0f}/{anchor['TBT']:<6.0f} {ours['FCP']:6.0f}/{anchor['FCP']:<6.0f} "
              f"{ours['bytes']:8,.0f}/{anchor['bytes']:<8,.0f} {versus['bytes_ratio']:6.2f}  "
              f"{family['score'][page]}/{family['TBT'][page]}")
        print(f"  {'':26} runs: score {ours['perf_runs']} / {anchor['perf_runs']}; TBT "
              f"{[round(t) for t in ours['tbt_runs']]} / {[round(t) for t in anchor['tbt_runs']]}")
    print(f"  median score ratio {statistics.median(ratios):.2f}; outside run-to-run noise: "
          f"{', '.join(outside) or 'none'}; median bytes ratio "
          f"{statistics.median(bytes_ratios):.2f} (budget: ratio 1.00, none outside, bytes < 1)")
    print(f"  behind the defaults on score: {', '.join(behind['score']) or 'none'}; "
          f"on TBT: {', '.join(behind['TBT']) or 'none'} (budget: none)")


def _index_loading(sites: dict, urls: dict, chromium: str) -> dict:
    """Per language and site: index bytes (raw, gzip) and medians of main-thread ms
    (parse, post) and ms from the start of parsing until the worker is ready."""
    from playwright.sync_api import sync_playwright

    times = {(lang, name): [] for lang in LANGUAGES for name in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(INDEX_RUNS):
            for lang, name in times:
                times[lang, name].append(_index_timing(browser, urls[name] + ("en/" if lang == "en" else "")))
        browser.close()
    result = {}
    for (lang, name), runs in times.items():
        index = sites[name] / ("en/" if lang == "en" and name == "ours" else "") / "search" / "search_index.json"
        data = index.read_bytes()
        result[lang, name] = {"raw": len(data), "gzip": len(gzip.compress(data)),
                              **{key: statistics.median(run[key] for run in runs)
                                 for key in ("parse", "post", "ready")}}
    return result


def _index_timing(browser, url: str) -> dict:
    tab = browser.new_page()
    try:
        tab.add_init_script(_INDEX_TIMING)
        tab.context.new_cdp_session(tab).send("Emulation.setCPUThrottlingRate",
                                              {"rate": CPU_SLOWDOWN})
        tab.goto(url, wait_until="load")
        tab.wait_for_function("() => window.__indexTiming.ready > 0", timeout=60_000)
        timing = tab.evaluate("window.__indexTiming")
    finally:
        tab.close()
    return {"parse": timing["parse"], "post": timing["post"],
            "ready": timing["ready"] - timing["start"]}


def _print_indexes(indexes: dict) -> None:
    print(f"search index per language (the defaults have one index for both): bytes raw / gzip;"
          f"\n  main-thread ms to load it (JSON.parse + postMessage to the worker) and ms until "
          f"the worker is ready, CPU {CPU_SLOWDOWN}x slower, median of {INDEX_RUNS} runs")
    print(f"  {'':4} {'':9} {'raw':>9} {'gzip':>8} {'parse':>7} {'post':>7} {'main':>7} {'ready':>7}")
    for (lang, name), row in indexes.items():
        print(f"  {lang:4} {name:9} {row['raw']:9,} {row['gzip']:8,} {row['parse']:7.1f} "
              f"{row['post']:7.1f} {row['parse'] + row['post']:7.1f} {row['ready']:7.0f}")
