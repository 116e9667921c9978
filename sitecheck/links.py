"""Links: the form of the external links a page makes (checked on its rendered HTML, so
reference-style links and raw HTML count too); on a built site, linkchecker for every page and
asset a link names, and our own check that every #fragment names an element there.

linkchecker can check anchors too, but it fetches and parses a page once per anchor that links
to it; with a table of contents and a navigation on every page that grew to many minutes, so
fragments are checked here from one parse of each page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

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


def external_links(path: Path, text: str | None = None) -> list[tuple[int, str]]:
    """(line, URL) of every external link a page makes, in the order of its rendered HTML."""
    page = RenderedPage(path, text)
    return [(page.problem(url.written, "").line, url.url)
            for url in page.urls() if url.followed and url.remote]


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
