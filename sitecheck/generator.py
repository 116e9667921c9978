"""The set-up generator from Python: its data, every choice its form allows, and its outputs.

The logic is docs/assets/generator/generator.js (the page runs it in the browser); this
module feeds it the same data and runs it under node, so tests and other layers (the agent
that starts real dockerd/containerd/podman) check exactly what readers get.

Stable API:

    catalogue() -> tuple[dict, ...]
        The public mirrors the generator offers, read from data/mirrors.yaml (host, serves,
        form, operator, source). The only place that reads the catalogue for the generator:
        an entry with `status: down` is left out here.
    data() -> dict
        What generate() reads: {"runtimes": [...] (data/generator.yaml), "groups": {...},
        "mirrors": catalogue(), "scripts": {"merge_tree": str, "merge_toml": str}}. The page
        gets the same object as window.MIRROR_GENERATOR_DATA (hooks/generator_data.py).
    all_choices() -> list[dict]
        Every combination the form allows: each runtime x each mirror (each catalogue
        operator, and own hosts OWN_HOSTS: https with a port, plain http, https with a private
        CA) x registries (docker.io alone; all that the mirror serves) x existing (False,
        True). A choice is {"runtime", "mirror" ("daocloud" or "own"), "scheme", "host",
        "port", "ca", "registries": [...], "existing": bool}.
    generate_all(choices=None) -> list[tuple[dict, dict]]
        (choice, output) for each choice (default all_choices()), from ONE node process.
        An output is {"errors": [], "files": [{"path", "language", "content", "link"}],
        "commands": [{"kind", "shell", "language", "expect", "absent", "link"}],
        "rewrites": [{"registry", "from", "to", "example", "rewritten"}],
        "notes": [{"id", "zh", "en", "link"}], "links": ["page#id", ...]}.
        kind is one of prepare, ca, write, merge, validate, apply, check, undo. For a
        check, `expect` is the line to look for (`absent`: the line must not appear).
    merge_script(name) -> str
        The text of a merge script ("merge_tree": JSON/YAML, "merge_toml": TOML) as the
        page shows it, to run for real: python3 - FILE CHANGES.

Raises GeneratorError when node is missing or the module fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess

from hooks.generator_data import catalogue, generator_data, merge_script, recipes

from .pages import ROOT

MODULE = ROOT / "docs" / "assets" / "generator" / "generator.js"
OWN_HOSTS = (
    {"scheme": "https", "host": "mirror.example.internal", "port": "5000", "ca": ""},
    {"scheme": "http", "host": "10.0.0.5", "port": "5000", "ca": ""},
    {"scheme": "https", "host": "mirror.example.internal", "port": "",
     "ca": "/etc/ssl/internal-ca.crt"},
)
_RUNNER = """
const generator = require(process.argv[1]);
let input = "";
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", () => {
  const {data, choices} = JSON.parse(input);
  process.stdout.write(JSON.stringify(choices.map(choice => generator.generate(choice, data))));
});
"""
__all__ = ["all_choices", "catalogue", "data", "generate_all", "merge_script"]


class GeneratorError(RuntimeError):
    """node is missing, or generator.js failed."""


def data() -> dict:
    return generator_data()


def operators() -> dict[str, set[str]]:
    """Catalogue operator id (as generator.js names it) -> the registries it serves by host."""
    result: dict[str, set[str]] = {}
    for mirror in catalogue():
        key = "".join(c if c.isalnum() else "-" for c in mirror["operator"].lower())
        served = result.setdefault(key, set())
        if mirror["form"] == "host":
            served.add(mirror["serves"])
    return result


REGISTRIES = ("docker.io", "ghcr.io", "registry.k8s.io", "quay.io", "gcr.io")


def all_choices() -> list[dict]:
    mirrors = [{"mirror": key, "scheme": "https", "host": "", "port": "", "ca": "",
                "_serves": served} for key, served in sorted(operators().items())]
    mirrors += [{"mirror": "own", **own, "_serves": {"docker.io"}} for own in OWN_HOSTS]
    choices = []
    for runtime in recipes()["runtimes"]:
        for mirror in mirrors:
            served = [r for r in REGISTRIES if r in mirror["_serves"] and r != "docker.io"]
            for registries in ([], served) if served else ([],):
                for existing in (False, True):
                    choice = {k: v for k, v in mirror.items() if k != "_serves"}
                    choices.append({"runtime": runtime["id"], **choice,
                                    "registries": registries, "existing": existing})
    return choices


def generate_all(choices: list[dict] | None = None) -> list[tuple[dict, dict]]:
    choices = all_choices() if choices is None else choices
    node = shutil.which("node")
    if node is None:
        raise GeneratorError("node is not installed: the generator's logic runs in JavaScript")
    result = subprocess.run(
        [node, "-e", _RUNNER, str(MODULE)],
        input=json.dumps({"data": data(), "choices": choices}),
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GeneratorError(f"generator.js failed:\n{result.stderr}")
    return list(zip(choices, json.loads(result.stdout), strict=True))
