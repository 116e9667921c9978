"""Building the site for tests and benchmarks, and listing the pages of a built site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def build_site(project: Path, site_dir: Path,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site_dir`, with `env` added to the
    environment; output in .stdout/.stderr."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def site_pages(site: Path) -> list[str]:
    """URL paths of every built page (both languages), like 'guide/verify/' or 'en/'."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages
