"""Where a page's Total Blocking Time and First Contentful Paint come from: the site built once,
then copies of it that each take one thing away from the measured pages (a theme feature, the
reader script, the Q&A's structured data) or put back what the site replaced (Material's two
style sheets in place of the one that hooks/stylesheet.py joins), next to
the same docs with Material's defaults; Lighthouse (mobile) runs every variant in turn, round
after round, and prints the median TBT, FCP and score per variant and page with the range, and
the change against the site as it is.

    python bench/run.py tbt-sources      (TBT_PAGES="guide/errors/network/ en/guide/errors/network/",
                                          TBT_RUNS=3, TBT_VARIANTS="no features,...")
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import statistics
import tempfile
from pathlib import Path

import material

from hooks.stylesheet import material_sheet
from sitecheck import lighthouse
from sitecheck.chromium import chromium_executable
from sitecheck.serve import serve

from .common import build_quiet
from .material_defaults import build_material_defaults

MATERIAL_THEME = Path(material.__file__).parent / "templates"
# Pages from the site's root; "/" is the home page.
PAGES = [page.lstrip("/") for page in
         os.environ.get("TBT_PAGES", "guide/errors/network/ en/guide/errors/network/").split()]
RUNS = int(os.environ.get("TBT_RUNS", "3"))
CHOSEN = os.environ.get("TBT_VARIANTS")  # names of VARIANTS, comma-separated (default: all)
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_READER = re.compile(r'<script src="[^"]*assets/javascripts/reader\.js[^"]*"></script>')
_SITE_SHEET = re.compile(
    r'<link rel="stylesheet" href="(?P<base>[^"]*)assets/stylesheets/site\.[0-9a-f]{8}\.min\.css">')
_JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)


def without_features(html: str, features: set[str] | None) -> str:
    """The page with `features` (all when None) taken out of Material's __config."""
    def edit(match: re.Match) -> str:
        config = json.loads(match[2])
        config["features"] = [] if features is None else [
            f for f in config["features"] if f not in features]
        return match[1] + json.dumps(config) + match[3]
    edited, count = _CONFIG.subn(edit, html)
    if count != 1:
        raise ValueError("tbt_sources: a page without exactly one __config")
    return edited


def without(pattern: re.Pattern):
    def edit(html: str) -> str:
        edited, count = pattern.subn("", html)
        if not count:
            raise ValueError(f"tbt_sources: nothing matches {pattern.pattern!r}")
        return edited
    return edit


def material_sheets(html: str) -> str:
    """The page as Material links its styles: main and palette, two blocking requests (the
    site's own few rules, in the joined sheet only, are left out)."""
    names = [material_sheet([str(MATERIAL_THEME)], name).name for name in ("main", "palette")]

    def links(match: re.Match) -> str:
        return "".join(f'<link rel="stylesheet" href="{match["base"]}assets/stylesheets/{name}">'
                       for name in names)
    edited, count = _SITE_SHEET.subn(links, html)
    if count != 1:
        raise ValueError(f"tbt_sources: {count} links to the site's joined sheet, not one")
    return edited


VARIANTS = {
    "site": None,
    "no features": lambda html: without_features(html, None),
    "no toc.follow": lambda html: without_features(html, {"toc.follow"}),
    "no navigation.tracking": lambda html: without_features(html, {"navigation.tracking"}),
    "no content.code.*": lambda html: without_features(
        html, {"content.code.copy", "content.code.annotate"}),
    "no content.code.annotate": lambda html: without_features(html, {"content.code.annotate"}),
    "no content.code.copy": lambda html: without_features(html, {"content.code.copy"}),
    "no content.tabs.link": lambda html: without_features(html, {"content.tabs.link"}),
    "no search.*": lambda html: without_features(
        html, {"search.suggest", "search.highlight", "search.share"}),
    "no reader.js": without(_READER),
    "Material's two sheets": lambda html: material_sheets(html),
    "no JSON-LD": without(_JSON_LD),
}


def bench_tbt_sources(runs: int = RUNS, pages: list[str] = PAGES) -> None:
    reason = lighthouse.lighthouse_ready()
    if reason:
        print(f"tbt-sources: skipped, {reason}")
        return
    chromium = chromium_executable()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_quiet(root / "site")
        build_material_defaults(root / "defaults")
        sites = {"defaults": root / "defaults"}
        chosen = [n.strip() for n in CHOSEN.split(",")] if CHOSEN else list(VARIANTS)
        unknown = sorted(set(chosen) - set(VARIANTS))
        if unknown:
            raise SystemExit(f"tbt-sources: unknown variant(s) {unknown}; known: {list(VARIANTS)}")
        for number, (name, edit) in enumerate(VARIANTS.items()):
            if name not in chosen and name != "site":
                continue
            site = root / "site" if edit is None else root / f"variant{number}"
            if edit is not None:
                shutil.copytree(root / "site", site)
                for page in pages:
                    path = site / page / "index.html"
                    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
            sites[name] = site
        reports = {(name, page): [] for name in sites for page in pages}
        with contextlib.ExitStack() as stack:
            urls = {name: stack.enter_context(serve(site, static_host=True))
                    for name, site in sites.items()}
            for _ in range(runs):
                for page in pages:
                    for name, url in urls.items():
                        reports[name, page].append(lighthouse.run_lighthouse(
                            url + page, chromium, root / "report.json", ["performance"]))
    _print(reports, pages, runs)


def _print(reports: dict, pages: list[str], runs: int) -> None:
    print(f"tbt-sources: Lighthouse mobile, {runs} interleaved runs; TBT ms, FCP ms and score as "
          "median [min-max]; change = median TBT / FCP against the site as it is")
    for page in pages:
        print(f"  /{page}")
        base_tbt = statistics.median(_tbt(r) for r in reports["site", page])
        base_fcp = statistics.median(_fcp(r) for r in reports["site", page])
        for (name, p), runs_of in reports.items():
            if p != page:
                continue
            tbt = [_tbt(r) for r in runs_of]
            fcp = [_fcp(r) for r in runs_of]
            score = [round(r["categories"]["performance"]["score"] * 100) for r in runs_of]
            print(f"    {name:24} TBT {statistics.median(tbt):6.0f} [{min(tbt):.0f}-{max(tbt):.0f}]"
                  f"  FCP {statistics.median(fcp):6.0f} [{min(fcp):.0f}-{max(fcp):.0f}]"
                  f"  score {statistics.median(score):3.0f} [{min(score)}-{max(score)}]"
                  f"  change {statistics.median(tbt) - base_tbt:+6.0f} / "
                  f"{statistics.median(fcp) - base_fcp:+6.0f}")


def _fcp(report: dict) -> float:
    return report["audits"][lighthouse.METRICS["FCP"]]["numericValue"]


def _tbt(report: dict) -> float:
    return report["audits"][lighthouse.METRICS["TBT"]]["numericValue"]
