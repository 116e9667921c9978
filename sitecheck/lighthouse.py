"""Lighthouse runs (mobile, its default form factor) against a served site, for the budget
tests and the benchmark, and the medians the benchmark prints."""

from __future__ import annotations

import json
import os
import re
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


def lighthouse_ready() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if chromium_executable() is None:
        return "Debian's chromium is not installed"
    if shutil.which("node") is None:
        return "node is not installed"
    if not CLI.is_file():
        return "Lighthouse is not installed (npm ci --prefix bench)"
    return None


def run_lighthouse(url: str, chromium: str, out: Path) -> dict:
    """One Lighthouse run; returns the JSON report."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": chromium}, check=True, capture_output=True, timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def failing_audits(reports: list[dict]) -> list[str]:
    """Ids of the pass/fail audits that failed in any of `reports`."""
    return sorted({audit["id"] for report in reports for audit in report["audits"].values()
                   if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0})


def summarize(reports: list[dict]) -> dict:
    """Medians over several reports of one page: category scores (0-100), the timing
    metrics behind the performance score, the bytes transferred, and the performance range."""
    summary = {c: statistics.median(r["categories"][c]["score"] * 100 for r in reports)
               for c in CATEGORIES}
    for name, audit in METRICS.items():
        summary[name] = statistics.median(r["audits"][audit]["numericValue"] for r in reports)
    perf = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
    summary["perf_range"] = f"{summary['performance']:.0f} [{min(perf)}-{max(perf)}]"
    return summary


def without_theme_script(site: Path, dest: Path) -> None:
    """A copy of the built site whose pages do not load Material's JavaScript bundle: the
    comparison that shows how much of the performance score the theme's script costs."""
    shutil.copytree(site, dest)
    bundle = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')
    removed = 0
    for page in dest.rglob("*.html"):
        text, count = bundle.subn("", page.read_text(encoding="utf-8"))
        page.write_text(text, encoding="utf-8")
        removed += count
    if not removed:
        raise RuntimeError("no page loads Material's bundle any more: update without_theme_script")
