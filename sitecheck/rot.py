"""The weekly rot check (.github/workflows/rot.yml): fetch every external link of the built
site with linkchecker, probe every mirror the site recommends, and open, update or close one
GitHub issue that lists what broke. It needs a network and is not a pull-request check.

    python -m sitecheck.rot SITE_DIR [--issue]

Prints the report (Markdown), and appends it to $GITHUB_STEP_SUMMARY when that is set. With
--issue, also keeps the issue in step through GitHub's REST API ($GITHUB_REPOSITORY,
$GITHUB_TOKEN, $GITHUB_API_URL). The mirrors are those of data/mirrors.yaml, checked as
sitecheck/mirror_probe.py does (/v2/, an anonymous token, a manifest and a blob of a small
image); a mirror whose state is not `up` is reported.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hooks.mirror_status import names_host, read_catalogue

from .data import DATA
from .links import external_links
from .mirror_probe import probe
from .pages import DOCS, page_files, relative
from .serve import serve

MIRRORS = DATA / "mirrors.yaml"
MARKER = "<!-- sitecheck.rot: the weekly rot check keeps this issue up to date -->"
TITLE = "Rot check: broken links or mirrors"
USER_AGENT = "registry-mirror-guide rot check (+https://registry-mirror-guide.github.io/)"
LINKCHECKER_RC = """\
[checking]
threads=4
timeout=30
maxrequestspersecond=2
[filtering]
checkextern=1
[output]
status=0
warnings=0
"""


@dataclass(frozen=True)
class Broken:
    target: str  # a URL, or a mirror's base URL
    reason: str
    where: tuple[str, ...]  # "docs/page.md:line" of each place that names it


# Links ---------------------------------------------------------------------------------

def link_locations(docs: Path = DOCS) -> dict[str, list[str]]:
    """Every external link of the pages, with the places that name it."""
    places: dict[str, list[str]] = {}
    for page in page_files(docs):
        for line, url in external_links(page):
            places.setdefault(url, []).append(f"{relative(page)}:{line}")
    return places


def check_links(site: Path, places: dict[str, list[str]]) -> list[Broken]:
    """linkchecker with --check-extern over the built site served on 127.0.0.1; the links
    it reports as failed that lead to another host."""
    executable = Path(sys.executable).with_name("linkchecker")
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "linkcheckerrc"
        config.write_text(LINKCHECKER_RC, encoding="utf-8")
        with serve(site) as url:
            result = subprocess.run([str(executable), "--config", str(config), "-o", "csv",
                                     "--no-status", url], capture_output=True, text=True,
                                    timeout=3600)
            return [Broken(row["urlname"], row["result"], tuple(places.get(row["urlname"], ())))
                    for row in failed_rows(result.stdout) if not row["url"].startswith(url)]


def failed_rows(output: str) -> list[dict[str, str]]:
    """The rows of linkchecker's CSV output (`-o csv`) whose link is not valid."""
    lines = [line for line in output.splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter=";")
    seen, failed = set(), []
    for row in rows:
        if row.get("valid") == "False" and row["urlname"] not in seen:
            seen.add(row["urlname"])
            failed.append(row)
    return failed


# Mirrors -------------------------------------------------------------------------------

def recommended_mirrors(docs: Path = DOCS, mirrors: Path = MIRRORS
                        ) -> dict[str, tuple[str | None, list[str]]]:
    """https://host of each mirror in data/mirrors.yaml: its probe image and the places that
    name it."""
    catalogue = read_catalogue(mirrors)
    places: dict[str, tuple[str | None, list[str]]] = {
        f"https://{mirror.host}": (mirror.probe, []) for mirror in catalogue}
    for page in page_files(docs):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            for mirror in catalogue:
                if names_host(line, mirror.host):
                    places[f"https://{mirror.host}"][1].append(f"{relative(page)}:{number}")
    return places


def check_mirrors(mirrors: dict[str, tuple[str | None, list[str]]], timeout: float = 20
                  ) -> list[Broken]:
    """The mirrors whose check (sitecheck/mirror_probe.py) does not find them up."""
    broken = []
    for base, (image, places) in mirrors.items():
        state, seen = probe(base, image, timeout)
        if state != "up":
            broken.append(Broken(base, f"{state}: {seen['detail']}", tuple(places)))
    return broken


# Report and issue ----------------------------------------------------------------------

def report(links: list[Broken], mirrors: list[Broken], checked: tuple[int, int], day: str,
           run_url: str = "") -> str:
    """The issue's body: what broke, where the site names it, and how it was checked."""
    lines = [MARKER, "",
             f"The rot check of {day} fetched {checked[0]} external links and probed "
             f"{checked[1]} mirrors: {len(links)} links and {len(mirrors)} mirrors failed.", ""]
    for title, items, head in (("Mirrors", mirrors, "Mirror"), ("Links", links, "Link")):
        if not items:
            continue
        lines += [f"## {title}", "", f"| {head} | What happened | Named on |", "| --- | --- | --- |"]
        lines += [f"| {_cell(item.target)} | {_cell(item.reason)} | {_places(item.where)} |"
                  for item in items]
        lines.append("")
    lines.append("A mirror works when `GET /v2/` answers like a registry and it serves a "
                 "manifest and a blob of a small image (`sitecheck/mirror_probe.py`). This "
                 "issue is kept up to date by the weekly rot check "
                 "(`.github/workflows/rot.yml`) and closed when everything answers.")
    if run_url:
        lines.append(f"Last run: {run_url}")
    return "\n".join(lines) + "\n"


def _places(where: tuple[str, ...], shown: int = 5) -> str:
    if not where:
        return "not found in the pages"
    more = f"<br>and {len(where) - shown} more" if len(where) > shown else ""
    return "<br>".join(where[:shown]) + more


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class GitHub:
    """The few calls of GitHub's REST API that keep one issue in step."""

    def __init__(self, repository: str, token: str, api: str = "https://api.github.com"):
        self.base = f"{api.rstrip('/')}/repos/{repository}"
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            self.base + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.token}", "User-Agent": USER_AGENT,
                     "Accept": "application/vnd.github+json",
                     "X-GitHub-Api-Version": "2022-11-28", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")


def sync_issue(github: GitHub, body: str, broken: bool) -> str:
    """Open the issue, update it, or close it when nothing is broken; says which."""
    issues = github.call("GET", "/issues?state=open&per_page=100")
    ours = [issue for issue in issues
            if "pull_request" not in issue and MARKER in (issue.get("body") or "")]
    if ours:
        number = ours[0]["number"]
        if broken:
            github.call("PATCH", f"/issues/{number}", {"title": TITLE, "body": body})
            return f"updated issue #{number}"
        github.call("POST", f"/issues/{number}/comments",
                    {"body": "Every link and mirror answered in the last rot check.\n\n" + body})
        github.call("PATCH", f"/issues/{number}", {"state": "closed"})
        return f"closed issue #{number}"
    if not broken:
        return "nothing broke, no issue open"
    created = github.call("POST", "/issues", {"title": TITLE, "body": body,
                                              "labels": ["rot-check"]})
    return f"opened issue #{created['number']}"


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-") or set(argv[1:]) - {"--issue"}:
        print(__doc__, file=sys.stderr)
        return 2
    places = link_locations()
    mirrors = recommended_mirrors()
    links = check_links(Path(argv[0]), places)
    broken_mirrors = check_mirrors(mirrors)
    run_url = ""
    if os.environ.get("GITHUB_RUN_ID"):
        run_url = (f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/"
                   f"{os.environ['GITHUB_REPOSITORY']}/actions/runs/{os.environ['GITHUB_RUN_ID']}")
    body = report(links, broken_mirrors, (len(places), len(mirrors)),
                  datetime.now(UTC).date().isoformat(), run_url)
    print(body)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(body)
    if "--issue" in argv:
        github = GitHub(os.environ["GITHUB_REPOSITORY"], os.environ["GITHUB_TOKEN"],
                        os.environ.get("GITHUB_API_URL", "https://api.github.com"))
        print(sync_issue(github, body, bool(links or broken_mirrors)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

