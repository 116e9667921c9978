"""Lighthouse: mobile settings, on the site served as a static host serves it, next to the
same pages without Material's script."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sitecheck import lighthouse
from sitecheck.chromium import chromium_executable
from sitecheck.serve import serve

from .common import build_quiet

LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
PERFORMANCE_BUDGET = 98


def bench_lighthouse(runs: int = LIGHTHOUSE_RUNS) -> None:
    reason = lighthouse.lighthouse_ready()
    if reason:
        print(f"lighthouse: skipped, {reason}")
        return
    chromium = chromium_executable()
    with tempfile.TemporaryDirectory() as tmp:
        site, bare = Path(tmp) / "site", Path(tmp) / "no-theme-script"
        build_quiet(site)
        lighthouse.without_theme_script(site, bare)
        print(f"lighthouse (mobile, gzip + long cache for fingerprinted assets; median of {runs} "
              "runs, min-max in brackets;\n  'no script' is the same page without Material's "
              "JavaScript, run in turn with it):")
        print(f"  {'page':26} {'perf':>10} {'a11y':>5} {'best':>5} {'seo':>5} {'FCP ms':>7} "
              f"{'LCP ms':>7} {'TBT ms':>7} {'CLS':>6} {'bytes':>8} {'no script: perf':>16} {'TBT':>5}")
        met = 0
        with serve(site, static_host=True) as url, serve(bare, static_host=True) as bare_url:
            for page in lighthouse.PAGES:
                reports = {url: [], bare_url: []}
                for _ in range(runs):
                    for base in reports:
                        reports[base].append(lighthouse.run_lighthouse(base + page, chromium, Path(tmp) / "lh.json"))
                ours, theirs = lighthouse.summarize(reports[url]), lighthouse.summarize(reports[bare_url])
                met += ours["performance"] >= PERFORMANCE_BUDGET
                print(f"  /{page:25} {ours['perf_range']:>10} {ours['accessibility']:5.0f} "
                      f"{ours['best-practices']:5.0f} {ours['seo']:5.0f} {ours['FCP']:7.0f} "
                      f"{ours['LCP']:7.0f} {ours['TBT']:7.0f} {ours['CLS']:6.3f} {ours['bytes']:8,.0f} "
                      f"{theirs['perf_range']:>16} {theirs['TBT']:5.0f}")
                failing = lighthouse.failing_audits(reports[url])
                if failing:
                    print(f"  {'':26} failing audits: {', '.join(failing)}")
        print(f"  performance budget ({PERFORMANCE_BUDGET}, median): met on {met} of "
              f"{len(lighthouse.PAGES)} pages")
