"""What the benchmarks share: interleaved timed runs, and in-process builds of the site or
of a variant of its configuration (sitecheck.config)."""

from __future__ import annotations

import copy
import logging
import statistics
import time
from pathlib import Path

from sitecheck.build import build_in_process
from sitecheck.config import load_site_config


def interleaved_medians(variants: dict, runs: int) -> dict[str, float]:
    """Median seconds per variant, over `runs` rounds that run every variant once in turn,
    so that a noisy machine slows each variant alike."""
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


def builder(site_dir: Path, hooks: bool, overrides: dict | None = None):
    """A function that builds the site (with `overrides`) into `site_dir`, with or without
    the project's hooks."""
    def run():
        # a copy each time: loading a config may change the values it is given
        changes = {**copy.deepcopy(overrides or {}), "site_dir": str(site_dir)}
        if not hooks:
            changes["hooks"] = []
        build_in_process(load_site_config(**changes))
    return run


def build_quiet(site_dir: Path) -> None:
    quiet()
    builder(site_dir, hooks=True)()
