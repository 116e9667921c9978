"""The site's search worker in place of Material's.

Material's search box talks to its worker through messages, and Material documents that a
site may give it a worker of its own (`__config.search`). Material's worker reads the
reader's text with lunr's query syntax (`word:` names a field, so a pasted error finds
nothing), and it cannot be told how to rank. The site's worker is two files next to this one,
joined into one (one request, as Material's own): the ranking (search_ranking.js, a pure
module with its contract at its top and its unit tests in tests/js/) and the worker
(search_worker.js, the only code that knows Material's messages). Material's worker and lunr
are never loaded.

1. on every page, `__config.search` (the worker's address) names the site's worker: the
   template's `__config` (overrides/main.html, block config) takes it from `search_worker`,
   which this hook gives the templates, with Material's address as the place to put it;
2. after the build, the worker is written there, named by a hash of its text so that a
   cache never serves an old one.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

RANKING = Path(__file__).with_name("search_ranking.js")
SOURCE = Path(__file__).with_name("search_worker.js")
WORKERS = Path("assets/javascripts/workers")  # where Material's worker is, and the site's


# MkDocs glue ---------------------------------------------------------------------------

def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["search_worker"] = lambda material: site_worker(material, _source())
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    name, text = worker(_source())
    folder = Path(config.site_dir) / WORKERS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@functools.cache
def _source() -> str:
    """The worker's source: the ranking, which defines self.SearchRanking, then the worker."""
    return RANKING.read_text(encoding="utf-8") + "\n" + SOURCE.read_text(encoding="utf-8")


# Pure functions ------------------------------------------------------------------------

def worker(source: str) -> tuple[str, str]:
    """(file name, text) of the site's worker made of `source`: the name holds a hash of it."""
    if "importScripts" in source:
        raise ValueError("the site's search worker must load nothing (importScripts): "
                         "it is one file, and works from file:// in the offline copy")
    return f"search-site.{hashlib.sha256(source.encode()).hexdigest()[:8]}.js", source


def site_worker(material: str, source: str) -> str:
    """The address of the site's worker, in the folder of Material's worker at `material`
    (a page-relative address, as the template has it)."""
    return str(PurePosixPath(material).with_name(worker(source)[0]))
