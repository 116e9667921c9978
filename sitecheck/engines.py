"""The exit plan's check: the site built by another engine (ProperDocs) against the MkDocs build.

    python -m sitecheck.engines MKDOCS_SITE OTHER_SITE   list the differences (exit 1 if any)

ProperDocs (https://properdocs.org/) continues MkDocs 1.x under its own package name and runs
MkDocs plugins, hooks and themes. It lives in its own virtual environment (`make properdocs`,
constraints-properdocs.txt) that holds no `mkdocs` distribution: ProperDocs answers every
`import mkdocs...` itself (properdocs/replacement.py), so a build there runs no MkDocs code.

Two builds are compared file by file. What may legitimately differ is removed first:

- the generator tag, `<meta name="generator" content="mkdocs-1.6.1, ...">`, which names the
  engine and its version (ProperDocs writes "mkdocs-ProperDocs 1.6.7"). The site's
  overrides/main.html replaces Material's `site_meta` block and writes none today; the tag is
  removed anyway so that restoring Material's block does not break the check.

Everything else must be equal: every HTML page, both languages' search indexes (compared as
parsed JSON, so that key order or spacing would not count, but every value does), the
sitemap, the assets. The build date (sitemap.xml's `<lastmod>`, the pages whose git history
is missing) is the same when both builds run on the same day or get the same
SOURCE_DATE_EPOCH (the test passes the first build's date to the second); the dates of the
pages' last commits are the same when both builds read the same git history.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

GENERATOR = re.compile(r'<meta\s+name="generator"[^>]*>', re.IGNORECASE)  # lines stay where they are
SEARCH_INDEX = "search_index.json"


def normalise_html(text: str) -> str:
    """A page's HTML without what names the engine that built it."""
    return GENERATOR.sub("", text)


def _files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def _same(a: Path, b: Path) -> bool:
    if a.suffix == ".html":
        return normalise_html(a.read_text(encoding="utf-8")) == normalise_html(
            b.read_text(encoding="utf-8"))
    if a.name == SEARCH_INDEX:
        return json.loads(a.read_text(encoding="utf-8")) == json.loads(
            b.read_text(encoding="utf-8"))
    return a.read_bytes() == b.read_bytes()


def differences(mkdocs_site: Path, other_site: Path) -> list[str]:
    """What differs between two builds of the site, one line per file; empty if none."""
    ours, theirs = _files(mkdocs_site), _files(other_site)
    problems = [f"{name}: only in the MkDocs build" for name in sorted(ours - theirs)]
    problems += [f"{name}: only in the other build" for name in sorted(theirs - ours)]
    for name in sorted(ours & theirs):
        if not _same(mkdocs_site / name, other_site / name):
            problems.append(f"{name}: differs{_first_difference(mkdocs_site / name, other_site / name)}")
    return problems


def _first_difference(a: Path, b: Path) -> str:
    """' at line N' for text files, so that a failure says where to look."""
    try:
        left = normalise_html(a.read_text(encoding="utf-8")).splitlines()
        right = normalise_html(b.read_text(encoding="utf-8")).splitlines()
    except UnicodeDecodeError:
        return ""
    for number, (x, y) in enumerate(zip(left, right, strict=False), start=1):
        if x != y:
            return f" at line {number}: {x.strip()[:80]!r} != {y.strip()[:80]!r}"
    return f" in length ({len(left)} against {len(right)} lines)"


def search_indexes(site: Path) -> list[str]:
    """The search indexes of a built site (one per language), relative to it."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob(SEARCH_INDEX))


def main(argv: list[str]) -> int:
    problems = differences(Path(argv[0]), Path(argv[1]))
    print("\n".join(problems) or "the two builds are equal")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
