"""Links: the form of external links in the Markdown; on a built site, linkchecker for every
page and asset a link names, and our own check that every #fragment names an element there.

linkchecker can check anchors too, but it fetches and parses a page once per anchor that links
to it; with a table of contents and a navigation on every page that grew to many minutes, so
fragments are checked here from one parse of each page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from .data import dead_hosts
from .pages import ROOT, Problem, prose_lines, relative

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)|<(https?://[^>\s]+)>|\b(?:href|src)\s*=\s*[\"'](https?://[^\"']+)")


def check_external_links(path: Path, text: str | None = None) -> list[Problem]:
    """External links must use https and must not point at a host known to be dead."""
    problems = []
    for number, line in prose_lines(path, text):
        for match in _LINK.finditer(line):
            url = next(group for group in match.groups() if group)
            host = (urlsplit(url).hostname or "").lower()
            if host in dead_hosts():
                problems.append(Problem(relative(path), number, f"{url}: {host} is a dead host"))
            elif urlsplit(url).scheme != "https" and host not in LOCAL_HOSTS:
                problems.append(Problem(relative(path), number, f"{url}: use https"))
    return problems


def run_linkchecker(url: str, *extra: str) -> subprocess.CompletedProcess:
    """linkchecker (internal links and anchors) over the site served at `url`."""
    executable = Path(sys.executable).with_name("linkchecker")
    return subprocess.run(
        [str(executable), "--config", str(ROOT / "tests" / "linkcheckerrc"), "--no-status",
         *extra, url],
        capture_output=True, text=True, timeout=600,
    )


def check_built_anchors(site: Path) -> list[str]:
    """Every link within `site` whose #fragment names no element of its target page, as
    'page -> href'. Links to pages that do not exist are linkchecker's to report."""
    ids, links = {}, []
    for page in sorted(site.rglob("*.html")):
        path = "/" + page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids[path] = {tag["id"] for tag in soup.find_all(id=True)}
        ids[path] |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
        links += [(path, a["href"]) for a in soup.find_all("a", href=True) if "#" in a["href"]]
    broken = []
    for page, href in links:
        target = urlsplit(urljoin("http://site" + page, href))
        if target.netloc != "site" or not target.fragment:
            continue
        path = target.path + ("index.html" if target.path.endswith("/") else "")
        if path in ids and unquote(target.fragment) not in ids[path]:
            broken.append(f"{page} -> {href}")
    return broken
