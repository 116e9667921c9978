"""Benchmarks. Prints numbers; asserts nothing (budgets that are deterministic are tests).

    python bench/run.py                 all of them
    python bench/run.py notices build   some of them (notices, build, scale, search, sizes,
                                        lighthouse; LIGHTHOUSE_RUNS=5 for more runs)

Timings alternate the variants being compared within one process and report medians, so
that a noisy machine affects both sides alike.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import markdown  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from hooks.grav_notices import convert_notices  # noqa: E402
from sitecheck import lighthouse  # noqa: E402
from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from sitecheck.render import site_markdown_settings  # noqa: E402
from sitecheck.serve import serve  # noqa: E402

FIXTURE_PAGES = sorted((ROOT / "tests" / "fixtures" / "grav-learn" / "pages").rglob("*.md"))


def alternate(variants: dict, runs: int) -> dict[str, float]:
    """Median seconds per variant, running the variants in turn `runs` times."""
    times = {name: [] for name in variants}
    for _ in range(runs):
        for name, function in variants.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


# Notices: the hook's cost next to Python-Markdown's own rendering ------------------------

def bench_notices(runs: int = 15) -> None:
    texts = [page.read_text(encoding="utf-8") for page in FIXTURE_PAGES]
    extensions, configs = site_markdown_settings()

    def convert():
        for text in texts:
            convert_notices(text)

    def render():
        for text in texts:
            markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)

    result = alternate({"convert_notices": convert, "Python-Markdown": render}, runs)
    ratio = result["convert_notices"] / result["Python-Markdown"]
    print(f"notices: {len(texts)} Grav pages, {sum(map(len, texts)) // 1024} KiB, median of {runs}")
    print(f"  convert_notices  {result['convert_notices'] * 1000:8.1f} ms")
    print(f"  Python-Markdown  {result['Python-Markdown'] * 1000:8.1f} ms (site extensions)")
    print(f"  ratio            {ratio:8.1%}  (target < 5%)")


# Build: the whole site with and without the project's hooks -------------------------------

def _quiet():
    for name in ("mkdocs", "mkdocs.plugins", "jieba"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _builder(config_file: Path, site_dir: Path, hooks: bool):
    def run():
        overrides = {"site_dir": str(site_dir)}
        if not hooks:
            overrides["hooks"] = []
        config = load_config(str(config_file), **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return run


def bench_build(runs: int = 5, project: Path = ROOT, label: str = "build") -> dict[str, float]:
    _quiet()
    with tempfile.TemporaryDirectory() as out:
        variants = {
            "with hooks": _builder(project / "mkdocs.yml", Path(out) / "a", hooks=True),
            "without hooks": _builder(project / "mkdocs.yml", Path(out) / "b", hooks=False),
        }
        variants["with hooks"]()  # warm-up: jieba's dictionary, imports
        result = alternate(variants, runs)
    share = result["with hooks"] / result["without hooks"] - 1
    pages = len(list((project / "docs").rglob("*.md")))
    print(f"{label}: {pages} page files, median of {runs} alternating builds")
    print(f"  with hooks     {result['with hooks']:7.2f} s")
    print(f"  without hooks  {result['without hooks']:7.2f} s")
    print(f"  hooks' share   {share:7.1%}  (budget <= 10%)")
    return result


def bench_scale(factor: int = 20, runs: int = 3) -> None:
    """A generated site `factor` times ours: every page pair copied into `factor` sections."""
    base = bench_build(runs=runs, label="scale 1x")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("hooks", "overrides"):
            shutil.copytree(ROOT / name, project / name)
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"(?ms)^nav:\n.*", "", config)  # let MkDocs list every page
        config = config.replace("  omitted_files: warn", "  omitted_files: info")
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        docs = project / "docs"
        shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
        for source in (ROOT / "docs").rglob("*.md"):
            for copy in range(factor):
                relative = source.relative_to(ROOT / "docs")
                target = docs / f"copy{copy:02d}" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                text = source.read_text(encoding="utf-8")
                text = re.sub(r"\]\((\.\./)*(assets/)", lambda m: "](" + "../" + (m.group(1) or "") + m.group(2), text)
                target.write_text(text, encoding="utf-8")
        for index in ("index.zh.md", "index.en.md"):
            shutil.copy(ROOT / "docs" / index, docs / index)
        scaled = bench_build(runs=runs, project=project, label=f"scale {factor}x")
    growth = scaled["with hooks"] / base["with hooks"]
    verdict = "no faster than the content" if growth <= factor else "faster than the content"
    print(f"  build time grew {growth:.1f}x for {factor}x the content: {verdict}")
    print(f"  hooks' share at {factor}x: "
          f"{scaled['with hooks'] / scaled['without hooks'] - 1:.1%} (budget <= 10%)")


# Search: ours against Material's defaults (no jieba, one index, default separator) --------

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
        _build_quiet(ROOT / "mkdocs.yml", ours)
        _build_defaults(Path(tmp) / "defaults-project", defaults)
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


def _build_quiet(config_file: Path, site_dir: Path) -> None:
    _quiet()
    _builder(config_file, site_dir, hooks=True)()


def _build_variant(project: Path, site_dir: Path, edit_config, copy=("docs", "hooks"),
                   env: dict | None = None) -> None:
    """Build a copy of the site whose mkdocs.yml text is changed by `edit_config`."""
    for name in copy:
        shutil.copytree(ROOT / name, project / name)
    config = edit_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)],
                   cwd=project, env={**os.environ, **(env or {})}, check=True,
                   capture_output=True)


def _build_defaults(project: Path, site_dir: Path) -> None:
    """The same site with Material's search defaults: no jieba, no custom separator, no
    per-language index (static-i18n's own search handling)."""
    def edit(config: str) -> str:
        config = re.sub(r"(?m)^      separator: .*\n", "", config)
        config = config.replace("  - hooks/search_by_language.py\n", "")
        return re.sub(r"reconfigure_search: false.*", "reconfigure_search: true", config)

    no_jieba = project.parent / "no-jieba"
    no_jieba.mkdir()
    (no_jieba / "jieba.py").write_text("raise ImportError('jieba disabled for the baseline')\n")
    _build_variant(project, site_dir, edit, copy=("docs", "hooks", "overrides"),
                   env={"PYTHONPATH": str(no_jieba)})


# Sizes: what a reader downloads ------------------------------------------------------------

def bench_sizes() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        _build_quiet(ROOT / "mkdocs.yml", site)
        print("sizes (bytes, raw / gzip):")
        for label, path in (("search index zh", site / "search" / "search_index.json"),
                            ("search index en", site / "en" / "search" / "search_index.json")):
            data = path.read_bytes()
            print(f"  {label:22} {len(data):>9,} / {len(gzip.compress(data)):>8,}")
        diagram = ROOT / "docs" / "assets" / "images" / "pull-through.svg"
        print(f"  {'diagram (SVG)':22} {diagram.stat().st_size:>9,} / "
              f"{len(gzip.compress(diagram.read_bytes())):>8,}   (budget < 50 KB)")
        default = Path(tmp) / "default"
        _build_material_default(Path(tmp) / "default-project", default)
        print(f"  first load (local bytes) {'this site':>20} {'Material default':>22}")
        for page in ("index.html", "en/index.html", "guide/docker-engine/index.html", "qa/index.html"):
            ours, ours_gz = _first_load(site, site / page)
            theirs, theirs_gz = _first_load(default, default / page)
            remote = len(re.findall(r'<link[^>]+href="https://fonts\.', (default / page).read_text()))
            print(f"  {page:32} {ours:>9,} / {ours_gz:>7,}   {theirs:>9,} / {theirs_gz:>7,}"
                  f" + Google Fonts from another host" * bool(remote))


def _build_material_default(project: Path, site_dir: Path) -> None:
    """The same content with Material's default theme settings (fonts from Google Fonts,
    no site stylesheet) and none of this project's template overrides."""
    def edit(config: str) -> str:
        config = config.replace("  font: false\n", "").replace("  custom_dir: overrides\n", "")
        return re.sub(r"(?m)^extra_css:\n  - .*\n", "", config)

    _build_variant(project, site_dir, edit)


def _first_load(site: Path, page: Path) -> tuple[int, int]:
    """Bytes of the page and the stylesheets, scripts and images its HTML references."""
    html = page.read_text(encoding="utf-8")
    files = {page}
    for ref in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js|svg|png))"', html):
        target = (page.parent / ref).resolve()
        if target.is_file() and site.resolve() in target.parents:
            files.add(target)
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes())) for f in files)
    return raw, zipped


# Lighthouse: mobile settings, on the site served as a static host serves it ---------------

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
        _build_quiet(ROOT / "mkdocs.yml", site)
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


BENCHMARKS = {"notices": bench_notices, "build": bench_build, "scale": bench_scale,
              "search": bench_search, "sizes": bench_sizes, "lighthouse": bench_lighthouse}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"any of {', '.join(BENCHMARKS)} (default: all)")
    names = parser.parse_args().names or list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    for name in names:
        BENCHMARKS[name]()
        print()


if __name__ == "__main__":
    main()
