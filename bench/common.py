"""What the benchmarks share: alternating timed runs, and builds of the site or of a variant."""

from __future__ import annotations

import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitecheck.pages import ROOT


def alternate(variants: dict, runs: int) -> dict[str, float]:
    """Median seconds per variant, running the variants in turn `runs` times."""
    times = {name: [] for name in variants}
    for _ in range(runs):
        for name, function in variants.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def quiet():
    for name in ("mkdocs", "mkdocs.plugins", "jieba"):
        logging.getLogger(name).setLevel(logging.ERROR)


def builder(config_file: Path, site_dir: Path, hooks: bool):
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


def build_quiet(config_file: Path, site_dir: Path) -> None:
    quiet()
    builder(config_file, site_dir, hooks=True)()


def build_variant(project: Path, site_dir: Path, edit_config, copy=("docs", "hooks"),
                   env: dict | None = None) -> None:
    """Build a copy of the site whose mkdocs.yml text is changed by `edit_config`."""
    for name in copy:
        shutil.copytree(ROOT / name, project / name)
    config = edit_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)],
                   cwd=project, env={**os.environ, **(env or {})}, check=True,
                   capture_output=True)
