"""The set-up generator from Python: its data, every choice its form allows, and its outputs.

The logic is docs/assets/generator/generator.js (the page runs it in the browser); this
module feeds it the same data and runs it under node, so tests and other layers (the agent
that starts real dockerd/containerd/podman) check exactly what readers get.

Stable API:

    catalogue() -> tuple[dict, ...]
        The public mirrors the generator offers, from data/mirrors.yaml (host, serves, form,
        operator, source). The generator reads the catalogue only through it
        (hooks/generator_data.py: offered()), which leaves out an entry with `status: down`.
    data() -> dict
        What generate() reads: {"runtimes": [...] (data/generator.yaml), "groups": {...},
        "mirrors": catalogue(), "scripts": {"merge_tree": str, "merge_toml": str}}. The page
        gets the same object as window.MIRROR_GENERATOR_DATA (assets/generator/data.js).
    all_choices() -> list[dict]
        Every combination the form allows: each runtime x each mirror (each catalogue
        operator; and own hosts, OWN_HOSTS: https://mirror.example.internal:5000,
        http://10.0.0.5:5000 (plain HTTP), https://mirror.example.internal with the private
        CA /etc/ssl/internal-ca.crt) x every set of the other registries the mirror serves
        (docker.io is always in) x existing (False, True). A choice is {"runtime", "mirror"
        ("daocloud" or "own"), "scheme" ("https" or "http"), "host", "port", "ca",
        "registries": [...], "existing": bool}; host, port and ca are "" for a catalogue
        mirror.
    generate_all(choices=None) -> list[tuple[dict, dict]]
        (choice, output) for each choice (default all_choices()), from ONE node process.
        An output is {"errors": [{"field", "id", "zh", "en"}], "files": [{"path", "language",
        "content", "link"}], "commands": [{"kind", "shell", "language", "expect", "absent",
        "link"}], "rewrites": [{"registry", "from", "to", "example", "rewritten"}],
        "notes": [{"id", "zh", "en", "link"}], "links": ["page#id", ...]}. With errors, the
        other lists are empty. A file's path is where it goes on the machine ("~/" for the
        user's home; "Settings → Docker Engine" for Docker Desktop's editor; a bare name is
        in the current directory); language is json, yaml or toml. A command's kind is one
        of prepare, ca, write, merge, validate, apply, check, undo, in the order to run
        them; language is bash or powershell; for a check, `expect` is the text to look
        for in its output, or (absent: true) the text that must not appear. link is a guide
        section, "page#id" under docs/guide/.
    merge_script(name) -> str
        The text of a merge script ("merge_tree": JSON/YAML, "merge_toml": TOML) as the page
        shows it; run it as python3 - FILE CHANGES (see the script's first lines).

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
            for registries in subsets(served):
                for existing in (False, True):
                    choice = {k: v for k, v in mirror.items() if k != "_serves"}
                    choices.append({"runtime": runtime["id"], **choice,
                                    "registries": registries, "existing": existing})
    return choices


def subsets(items: list[str]) -> list[list[str]]:
    """Every subset of `items`, each in the order of `items`."""
    return [[item for bit, item in enumerate(items) if mask >> bit & 1]
            for mask in range(2 ** len(items))]


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
