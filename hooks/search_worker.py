"""The site's search worker in place of Material's.

Material 9.8 has no hook for the search query: its worker reads the reader's text with lunr's
query syntax, so `word:` becomes a field name and a pasted error finds nothing. The site's
worker is two files next to this one: the ranking (search_ranking.js, a pure module with its
contract at its top and its unit tests in tests/js/) and the adapter (search_worker.js, the
only code that knows Material's messages), which registers its message listener, then loads
Material's worker with importScripts; it rewrites each query in place and has the ranking
order the answer.

1. on every page, `__config.search` (the worker's address) points at the site's worker, which
   sits next to Material's so that Material's relative imports (../lunr/...) still resolve;
2. after the build, the worker is written there: the ranking, then the adapter with the name
   of Material's worker filled in, in one file (one request, as Material's own) named by a
   hash of that text so that a cache never serves an old one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

RANKING = Path(__file__).with_name("search_ranking.js")
SOURCE = Path(__file__).with_name("search_worker.js")
PLACEHOLDER = '"@material-worker@"'  # in SOURCE, where Material's worker is loaded
WORKERS = Path("assets/javascripts/workers")
_MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]{8}\.min\.js")
_CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S
)


# MkDocs glue ---------------------------------------------------------------------------

def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return use_site_worker(output, _source())


def on_post_build(*, config: MkDocsConfig) -> None:
    workers = Path(config.site_dir) / WORKERS
    material = sorted(p.name for p in workers.glob("search.*.min.js")
                      if _MATERIAL_WORKER.fullmatch(p.name))
    if len(material) != 1:
        raise PluginError(f"search_worker: expected one Material search worker in {workers}, "
                          f"found {material or 'none'}")
    name, text = worker(_source(), material[0])
    (workers / name).write_text(text, encoding="utf-8")


@functools.cache
def _source() -> str:
    """The worker's source: the ranking, which defines self.SearchRanking, then the adapter."""
    return RANKING.read_text(encoding="utf-8") + "\n" + SOURCE.read_text(encoding="utf-8")


# Pure functions ------------------------------------------------------------------------

def worker(source: str, material: str) -> tuple[str, str]:
    """(file name, text) of the site's worker that loads Material's worker `material` where
    the source names PLACEHOLDER (once)."""
    if not _MATERIAL_WORKER.fullmatch(material):
        raise ValueError(f"not a Material search worker file name: {material!r}")
    if source.count(PLACEHOLDER) != 1:
        raise ValueError(f"the worker source must name {PLACEHOLDER} once, where Material's "
                         f"worker is loaded; it names it {source.count(PLACEHOLDER)} times")
    text = source.replace(PLACEHOLDER, json.dumps(material))
    return f"search-site.{hashlib.sha256(text.encode()).hexdigest()[:8]}.js", text


def use_site_worker(html: str, source: str) -> str:
    """Point the page's `__config.search` from Material's worker to the site's."""
    match = _CONFIG_SCRIPT.search(html)
    if match is None:
        return html
    data = json.loads(match.group(2))
    address = PurePosixPath(data.get("search") or "")
    if not _MATERIAL_WORKER.fullmatch(address.name):
        raise PluginError(f"search_worker: the page's search worker {str(address)!r} is not "
                          "Material's (search.<hash>.min.js); has Material changed?")
    data["search"] = str(address.with_name(worker(source, address.name)[0]))
    script = match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)
    return html[: match.start()] + script + html[match.end():]
