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

if __package__ == "hooks":  # imported as hooks.generator_data by tests and sitecheck
    from hooks.mirror_status import NOTICE_STATES, read_catalogue, read_status
else:  # loaded by path by MkDocs, with hooks/ on sys.path while it imports this file
    from mirror_status import NOTICE_STATES, read_catalogue, read_status

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
    """The public mirrors the generator offers, from mirrors.yaml, without those that the
    weekly check (mirror-status.yaml) last found unusable."""
    return offered(yaml.safe_load((DATA / "mirrors.yaml").read_text(encoding="utf-8")),
                   unusable_hosts(DATA))


def unusable_hosts(data: Path) -> frozenset[str]:
    """The hosts whose latest check found them down, asking for a login or refusing
    (hooks/mirror_status.py NOTICE_STATES: the states that put a notice on every page
    naming them)."""
    status = read_status(data / "mirror-status.yaml", read_catalogue(data / "mirrors.yaml"))
    return frozenset(host for host, check in status.checks.items()
                     if check.state in NOTICE_STATES)


def offered(raw, unusable: frozenset[str] = frozenset()) -> tuple[dict, ...]:
    """The generator's only reading of the catalogue's content: every entry, except those
    marked `status: down` and the hosts in `unusable`."""
    mirrors = raw.get("mirrors") if isinstance(raw, dict) else None
    if not isinstance(mirrors, list) or not all(isinstance(m, dict) for m in mirrors):
        raise ValueError("mirrors.yaml: needs a list of mappings under mirrors:")
    return tuple(dict(m) for m in mirrors
                 if m.get("status", "up") != "down" and m.get("host") not in unusable)


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
