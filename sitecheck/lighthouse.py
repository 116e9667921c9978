"""Lighthouse runs (mobile, its default form factor) against a served site, for the budget
tests and the benchmark, and the medians the benchmark prints."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path

from .chromium import CHROMIUM_ARGS, chromium_executable
from .pages import ROOT

PAGES = ["", "en/", "guide/docker-engine/", "en/guide/docker-engine/", "qa/", "en/qa/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint",
           "TBT": "total-blocking-time", "CLS": "cumulative-layout-shift",
           "bytes": "total-byte-weight"}
CLI = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES_SCRIPT = ROOT / "bench" / "lighthouse_pages.mjs"


def lighthouse_ready() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if chromium_executable() is None:
        return "Debian's chromium is not installed"
    if shutil.which("node") is None:
        return "node is not installed"
    if not CLI.is_file():
        return "Lighthouse is not installed (npm ci --prefix bench)"
    return None


def run_lighthouse(url: str, chromium: str, out: Path,
                   categories: list[str] = CATEGORIES) -> dict:
    """One Lighthouse run of `categories`; returns the JSON report. Without the full-page
    screenshot: it is only the report's picture, and took 2 s of each run here."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
         "--disable-full-page-screenshot",
         f"--only-categories={','.join(categories)}", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": chromium}, check=True, capture_output=True, timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def run_lighthouse_pages(urls: list[str], chromium: str, out: Path,
                         categories: list[str]) -> list[dict]:
    """One Lighthouse run of `categories` on each of `urls`, one after the other in one node
    process and one Chromium (bench/lighthouse_pages.mjs), for the budget tests; the JSON
    reports in the order of `urls`. Raises RuntimeError with what Lighthouse said of the
    pages it could not audit."""
    out.mkdir(parents=True, exist_ok=True)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    done = subprocess.run(
        ["node", str(PAGES_SCRIPT), str(out), ",".join(categories), *urls],
        env={**os.environ, "CHROME_PATH": chromium, "CHROME_FLAGS": flags},
        capture_output=True, text=True, timeout=120 * len(urls))
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return [json.loads((out / f"{i}.json").read_text(encoding="utf-8")) for i in range(len(urls))]


def failing_audits(reports: list[dict]) -> list[str]:
    """Ids of the pass/fail audits that failed in any of `reports`."""
    return sorted({audit["id"] for report in reports for audit in report["audits"].values()
                   if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0})


def summarize(reports: list[dict]) -> dict:
    """Medians over several reports of one page: category scores (0-100) of the categories
    the reports have, the timing metrics behind the performance score, the bytes transferred,
    and the performance scores of the runs (rounded, as Lighthouse shows them) and their range."""
    summary = {c: statistics.median(r["categories"][c]["score"] * 100 for r in reports)
               for c in CATEGORIES if c in reports[0]["categories"]}
    for name, audit in METRICS.items():
        summary[name] = statistics.median(r["audits"][audit]["numericValue"] for r in reports)
    perf = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
    summary["perf_runs"] = perf
    summary["tbt_runs"] = [r["audits"][METRICS["TBT"]]["numericValue"] for r in reports]
    summary["perf_range"] = f"{summary['performance']:.0f} [{min(perf)}-{max(perf)}]"
    return summary


def compare(ours: dict, anchor: dict) -> dict:
    """One page of this site against the same page of the anchor build (summaries of
    interleaved runs): score and bytes ratios, whether the score difference is within
    run-to-run noise and the wider of the two ranges of scores across runs (at least 1
    point). The verdicts over all the pages are `page_verdicts`."""
    noise = max(1, *(max(s["perf_runs"]) - min(s["perf_runs"]) for s in (ours, anchor)))
    difference = ours["performance"] - anchor["performance"]
    return {"score_ratio": ours["performance"] / anchor["performance"],
            "bytes_ratio": ours["bytes"] / anchor["bytes"],
            "difference": difference, "noise": noise, "within_noise": abs(difference) <= noise}


def page_verdicts(pages: dict[str, tuple[dict, dict]]) -> dict[str, dict[str, str]]:
    """'score' and 'TBT' -> page -> verdict, for page -> (this site's summary, the anchor's):
    `family_verdicts` over all the pages, on the runs' scores and on their TBT, where less
    is better."""
    return {"score": family_verdicts({page: (ours["perf_runs"], anchor["perf_runs"])
                                      for page, (ours, anchor) in pages.items()}),
            "TBT": family_verdicts({page: ([-t for t in ours["tbt_runs"]],
                                           [-t for t in anchor["tbt_runs"]])
                                    for page, (ours, anchor) in pages.items()})}


VERDICT_LEVEL = 0.05  # one-sided, each way


def verdict(ours: list[float], anchor: list[float], level: float = VERDICT_LEVEL) -> str:
    """'ahead', 'behind' or 'level' for one page alone (a family of one, see
    `family_verdicts`): whether this site's runs are better (higher) than the anchor's more
    often than chance allows. With five runs each, 'behind' needs U <= 4 of 25 (p <= 0.048)."""
    return family_verdicts({"": (ours, anchor)}, level)[""]


def p_values(ours: list[float], anchor: list[float]) -> tuple[float, float]:
    """One-sided p-values (ahead, behind) of Mann-Whitney's U, the pairs where ours is
    higher, ties counting half. They are exact, from every way of splitting the pooled runs
    into two groups of the same sizes, so ties and a handful of runs are handled as they are."""
    if not ours or not anchor:
        raise ValueError("verdict: each side needs at least one run")
    pooled = [*ours, *anchor]
    observed = _u(ours, anchor)
    splits = [_u([pooled[i] for i in chosen],
                 [pooled[i] for i in range(len(pooled)) if i not in chosen])
              for chosen in map(set, itertools.combinations(range(len(pooled)), len(ours)))]
    # a tolerance, so that a U equal to the observed one counts as at least as extreme
    higher = sum(u >= observed - 1e-9 for u in splits) / len(splits)
    lower = sum(u <= observed + 1e-9 for u in splits) / len(splits)
    return higher, lower


def holm(p: dict[str, float], level: float = VERDICT_LEVEL) -> set[str]:
    """The keys whose p-value Holm's step-down rejects at family-wise `level`: sorted from
    the smallest, the i-th (from 0) of m is rejected while p <= level / (m - i)."""
    rejected = set()
    for i, key in enumerate(sorted(p, key=lambda k: (p[k], k))):
        if p[key] > level / (len(p) - i):
            break
        rejected.add(key)
    return rejected


def family_verdicts(runs: dict[str, tuple[list[float], list[float]]],
                    level: float = VERDICT_LEVEL) -> dict[str, str]:
    """`verdict` for several pages at once (page -> (ours, anchor) runs, higher is better),
    corrected for their number: 'ahead' and 'behind' are each a family of one-sided tests,
    one per page, held to `level` over all the pages by Holm's method. With 16 uncorrected
    tests at 0.05, about one page in 20 would be called behind by chance alone. With five
    runs each and eight pages, a verdict then needs every run of one side better than every
    run of the other (p = 1/252)."""
    p = {page: p_values(ours, anchor) for page, (ours, anchor) in runs.items()}
    ahead = holm({page: pair[0] for page, pair in p.items()}, level)
    behind = holm({page: pair[1] for page, pair in p.items()}, level)
    return {page: "ahead" if page in ahead else "behind" if page in behind else "level"
            for page in runs}


def _u(ours: list[float], anchor: list[float]) -> float:
    return sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in ours for b in anchor)
