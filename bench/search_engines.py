"""Search engines side by side: the site's own ranker (hooks/search_ranking.js) against
MiniSearch with its defaults and tuned (on tests/data/real-queries.tsv only), on the tuned and
the held-out real queries, judged as the browser judge does (bench/search_engines.js has the
details). Needs node and `npm ci --prefix bench` (for minisearch); skips without them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from sitecheck.pages import ROOT
from sitecheck.search_eval import HELDOUT_QUERIES, REAL_QUERIES

from .common import build_quiet

SCRIPT = ROOT / "bench" / "search_engines.js"
MINISEARCH = ROOT / "bench" / "node_modules" / "minisearch" / "package.json"


def missing() -> str | None:
    """Why the benchmark cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not MINISEARCH.is_file():
        return "minisearch is not installed (run `npm ci --prefix bench`)"
    return None


def run_engines(site: Path, query_files: list[Path], *options: str) -> str:
    """The node script's output for a built site; raises RuntimeError with its message when
    it fails (a malformed query line names the file and the line)."""
    result = subprocess.run(["node", str(SCRIPT), str(site), *map(str, query_files), *options],
                            cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"exit status {result.returncode}")
    return result.stdout


def bench_search_engines() -> None:
    reason = missing()
    if reason:
        print(f"search-engines: skipped, {reason}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_quiet(site)
        print("search-engines: the site's ranker against MiniSearch, in node, results as "
              "Material's box shows them")
        print(run_engines(site, [REAL_QUERIES, HELDOUT_QUERIES]), end="")
