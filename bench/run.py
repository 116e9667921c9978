"""Benchmarks. Prints numbers; asserts nothing (budgets that are deterministic are tests).

    python bench/run.py                 all of them
    python bench/run.py notices build   some of them (notices, build, scale, search,
                                        search-load, search-engines, sizes,
                                        lighthouse, tbt-sources; LIGHTHOUSE_RUNS=5
                                        for more runs)

Timings alternate the variants being compared within one process and report medians, so
that a noisy machine affects both sides alike.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from bench.build_time import bench_build, bench_scale
from bench.lighthouse_scores import bench_lighthouse
from bench.notices import bench_notices
from bench.search import bench_search, bench_search_load
from bench.search_engines import bench_search_engines
from bench.sizes import bench_sizes
from bench.tbt_sources import bench_tbt_sources

BENCHMARKS = {"notices": bench_notices, "build": bench_build, "scale": bench_scale,
              "search": bench_search, "search-load": bench_search_load,
              "search-engines": bench_search_engines, "sizes": bench_sizes,
              "lighthouse": bench_lighthouse, "tbt-sources": bench_tbt_sources}


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
