"""The site's search worker in place of Material's.

Material 9.8 has no hook for the search query: its worker reads the reader's text with lunr's
query syntax, so `word:` becomes a field name and a pasted error finds nothing. The site's
worker is two files next to this one: the ranking (search_ranking.js, a pure module with its
contract at its top and its unit tests in tests/js/) and the adapter (search_worker.js, the
only code that knows Material's messages), which registers its message listener, then loads
Material's worker with importScripts; it rewrites each query in place and has the ranking
order the answer.

1. on every page, `__config.search` (the worker's address) points at the site's worker, which
   sits next to Material's so that Material's relative imports (../lunr/...) still resolve:
   the template's `__config` (overrides/main.html, block config) takes it from
   `search_worker`, which this hook gives the templates;
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
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

RANKING = Path(__file__).with_name("search_ranking.js")
SOURCE = Path(__file__).with_name("search_worker.js")
PLACEHOLDER = '"@material-worker@"'  # in SOURCE, where Material's worker is loaded
WORKERS = Path("assets/javascripts/workers")
_MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]{8}\.min\.js")


# MkDocs glue ---------------------------------------------------------------------------

def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["search_worker"] = lambda material: site_worker(material, _source())
    return env


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


def site_worker(material: str, source: str) -> str:
    """The address of the site's worker, in place of Material's worker at `material`."""
    address = PurePosixPath(material)
    if not _MATERIAL_WORKER.fullmatch(address.name):
        raise PluginError(f"search_worker: the page's search worker {material!r} is not "
                          "Material's (search.<hash>.min.js); has Material changed?")
    return str(address.with_name(worker(source, address.name)[0]))
