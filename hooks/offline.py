"""The offline copy (`make offline`): the whole site opened from disk, searchable in each
language. Does nothing unless Material's offline plugin is enabled (OFFLINE=true).

A page opened from file:// can neither fetch JSON nor start a Web Worker. Material's offline
plugin turns off directory URLs (links end in index.html), writes search/search_index.js (the
index as a script that sets `__index`, which Material loads instead of the JSON on file://),
and adds a Worker replacement loaded from unpkg.com. For this site that is not enough:

1. the plugin writes the script from the index it finds at search/search_index.json, but
   hooks/search_by_language.py splits that index afterwards, and English pages look for
   en/search/search_index.js (their `__config.base` is the English root). This hook writes
   each language's script from its own split index, after the split;
2. the Worker replacement must not come from another host: the plugin's remote script is
   swapped for offline_worker.js (this folder), copied to assets/javascripts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

WORKER_SHIM = Path(__file__).with_name("offline_worker.js")
WORKER_SHIM_URL = "assets/javascripts/offline-worker.js"


# MkDocs glue ---------------------------------------------------------------------------

@event_priority(-50)  # after the offline plugin (priority 0) has added its remote shim
def on_config(config):
    if offline_enabled(config):
        config.extra["polyfills"] = local_polyfills(config.extra.get("polyfills", []))


@event_priority(-120)  # after hooks/search_by_language.py (-110) has split the index
def on_post_build(config):
    if not offline_enabled(config):
        return
    site = Path(config.site_dir)
    shim = site / WORKER_SHIM_URL
    shim.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(WORKER_SHIM, shim)
    for index in sorted(site.glob("**/search/search_index.json")):
        index.with_suffix(".js").write_text(index_script(index.read_text(encoding="utf-8")),
                                            encoding="utf-8")


def offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


# Pure functions ------------------------------------------------------------------------

def local_polyfills(polyfills: list) -> list:
    """The polyfill scripts with every remote one replaced by the local Worker shim."""
    local = [url for url in polyfills if not str(url).startswith(("http://", "https://", "//"))]
    return [*local, WORKER_SHIM_URL] if WORKER_SHIM_URL not in local else local


def index_script(index_json: str) -> str:
    """The search index as the script Material loads on file:// (it reads `__index`)."""
    return f"var __index = {index_json}\n"
