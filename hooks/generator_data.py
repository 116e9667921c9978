"""The set-up generator's data for the page: the recipes (sitecheck/data/generator.yaml), the
public mirrors (sitecheck/data/mirrors.yaml) and the merge scripts, written into the site as
assets/generator/data.js (`window.MIRROR_GENERATOR_DATA = {...}`). A script, not JSON: a
page opened from disk (the offline copy) cannot fetch a JSON file, but it can load a script.
sitecheck/generator.py hands node the same object, so the tests check what readers get.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

DATA = Path(__file__).resolve().parents[1] / "sitecheck" / "data"
ASSET = "assets/generator/data.js"
SCRIPTS = ("merge_tree", "merge_toml")


# MkDocs glue ---------------------------------------------------------------------------

@event_priority(-110)  # after mkdocs-static-i18n (-100), which needs a source path per file
def on_files(files, config):
    try:
        content = data_script(generator_data())
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise PluginError(f"generator data: {error}") from error
    files.append(File.generated(config, ASSET, content=content))
    return files


# The data --------------------------------------------------------------------------------

@cache
def catalogue() -> tuple[dict, ...]:
    """The public mirrors the generator offers, from mirrors.yaml."""
    return offered(yaml.safe_load((DATA / "mirrors.yaml").read_text(encoding="utf-8")))


def offered(raw) -> tuple[dict, ...]:
    """The generator's only reading of the catalogue's content: every entry, except those
    marked `status: down`."""
    mirrors = raw.get("mirrors") if isinstance(raw, dict) else None
    if not isinstance(mirrors, list) or not all(isinstance(m, dict) for m in mirrors):
        raise ValueError("mirrors.yaml: needs a list of mappings under mirrors:")
    return tuple(dict(m) for m in mirrors if m.get("status", "up") != "down")


@cache
def recipes() -> dict:
    raw = yaml.safe_load((DATA / "generator.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("runtimes"), list):
        raise ValueError("generator.yaml: needs a list under runtimes:")
    ids = [runtime.get("id") for runtime in raw["runtimes"]]
    if not all(ids) or len(set(ids)) != len(ids):
        raise ValueError("generator.yaml: every runtime needs an id of its own")
    return raw


def merge_script(name: str) -> str:
    return (DATA / "generator" / f"{name}.py").read_text(encoding="utf-8")


def generator_data() -> dict:
    raw = recipes()
    return {"runtimes": raw["runtimes"], "groups": raw["groups"], "mirrors": list(catalogue()),
            "scripts": {name: merge_script(name) for name in SCRIPTS}}


def data_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return "window.MIRROR_GENERATOR_DATA = " + text.replace("</", "<\\/") + ";\n"
