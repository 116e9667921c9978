"""Links: the form of the external links a page makes (checked on its rendered HTML, so
reference-style links and raw HTML count too), and linkchecker over a built site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .data import dead_hosts
from .pages import ROOT, Problem
from .rendered import PageRenderError, RenderedPage

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def check_external_links(path: Path, text: str | None = None) -> list[Problem]:
    """External links must use https and must not point at a host known to be dead."""
    try:
        page = RenderedPage(path, text)
    except PageRenderError as error:
        return [error.problem]
    problems = []
    for url in page.urls():
        if not (url.followed and url.remote):
            continue
        if url.host in dead_hosts():
            problems.append(page.problem(url.written, f"{url.url}: {url.host} is a dead host"))
        elif url.scheme == "http" and url.host not in LOCAL_HOSTS:
            problems.append(page.problem(url.written, f"{url.url}: use https"))
    return problems


def run_linkchecker(url: str, *extra: str) -> subprocess.CompletedProcess:
    """linkchecker (internal links and anchors) over the site served at `url`."""
    executable = Path(sys.executable).with_name("linkchecker")
    return subprocess.run(
        [str(executable), "--config", str(ROOT / "tests" / "linkcheckerrc"), "--no-status",
         *extra, url],
        capture_output=True, text=True, timeout=600,
    )
