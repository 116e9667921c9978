"""Links: the form of external links in the Markdown, and linkchecker over a built site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .data import dead_hosts
from .pages import ROOT, Problem, prose_lines, relative

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)|<(https?://[^>\s]+)>|\b(?:href|src)\s*=\s*[\"'](https?://[^\"']+)")


def check_external_links(path: Path, text: str | None = None) -> list[Problem]:
    """External links must use https and must not point at a host known to be dead."""
    problems = []
    for number, url in external_links(path, text):
        host = (urlsplit(url).hostname or "").lower()
        if host in dead_hosts():
            problems.append(Problem(relative(path), number, f"{url}: {host} is a dead host"))
        elif urlsplit(url).scheme != "https" and host not in LOCAL_HOSTS:
            problems.append(Problem(relative(path), number, f"{url}: use https"))
    return problems


def external_links(path: Path, text: str | None = None) -> list[tuple[int, str]]:
    """(line, URL) of every external link in the prose of a page."""
    return [(number, next(group for group in match.groups() if group))
            for number, line in prose_lines(path, text) for match in _LINK.finditer(line)]


def run_linkchecker(url: str, *extra: str) -> subprocess.CompletedProcess:
    """linkchecker (internal links and anchors) over the site served at `url`."""
    executable = Path(sys.executable).with_name("linkchecker")
    return subprocess.run(
        [str(executable), "--config", str(ROOT / "tests" / "linkcheckerrc"), "--no-status",
         *extra, url],
        capture_output=True, text=True, timeout=600,
    )
