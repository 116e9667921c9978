"""The site's configuration blocks as recipes a runtime can run: each block found by its
title (the file it belongs in), with the mirrors it names replaced by local registries.

A page writes a mirror as `https://docker.m.daocloud.io`, `http://registry-cache.example.internal:5000`,
`harbor.example.com/dockerhub-proxy` (no scheme, in registries.conf) and so on. `put_mirrors`
replaces each such host (and port) by one of the local registries of the same scheme, in
order of first appearance, keeping any path; upstream registries (`registry-1.docker.io`,
`registry.k8s.io`, ...) are left as they are, since they are the fallback the page names.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..pages import DOCS, CodeBlock, code_blocks, page_files

# Registries a page names as the upstream (the fallback), never as a mirror.
UPSTREAMS = {"registry-1.docker.io", "docker.io", "index.docker.io", "registry.k8s.io",
             "ghcr.io", "quay.io", "gcr.io", "auth.docker.io", "mcr.microsoft.com"}
# What each kind of block is, by the file named in its title.
KINDS = (
    ("daemon.json", re.compile(r"(^|/)(daemon|docker)\.json$|^Settings → Docker Engine$")),
    ("hosts.toml", re.compile(r"/certs\.d/[^/]+/hosts\.toml$")),
    ("registries.conf", re.compile(r"registries\.conf(\.d/[^/]+\.conf)?$")),
    ("containerd config", re.compile(r"containerd/config\.toml$")),
    ("distribution config", re.compile(r"^/etc/distribution/config\.yml$")),
    ("containers.conf", re.compile(r"(^|/)containers/containers\.conf$")),
)
# Blocks of other files: the runtime that reads them is not one Debian ships.
NOT_RUN = {
    "buildkitd.toml": "BuildKit's buildkitd is not packaged by Debian 12",
    "registries.yaml": "k3s and RKE2 (registries.yaml) are not packaged by Debian",
    "kind-config.yaml": "kind is not packaged by Debian",
    "colima.yaml": "Colima runs only on macOS and Linux desktops with Lima, not packaged by Debian",
    "override.yaml": "Rancher Desktop is a desktop application",
    "registry-mirror.start": "Rancher Desktop is a desktop application",
    "registry-hosts.start": "Rancher Desktop is a desktop application",
    "kubeadm-config.yaml": "kubeadm is not packaged by Debian 12",
    ".gitlab-ci.yml": "a GitLab CI job needs a GitLab runner",
    "/etc/gitlab-runner/config.toml": "GitLab Runner is not packaged by Debian 12",
    "build.yml": "a GitHub Actions workflow runs on GitHub's runners",
    "harbor.yml": "Harbor is installed from its own installer (prepare, docker compose), not packaged by Debian",
    "cluster.yml": "RKE1 (rke up) is not packaged by Debian and drives Docker on its nodes over SSH",
    "values.yaml": "Harbor's Helm chart needs a Kubernetes cluster and Helm, neither packaged by Debian 12",
}

_URL = re.compile(r"(?P<scheme>https?)://(?P<host>[A-Za-z0-9.-]+)(?::(?P<port>\d+))?")
_BARE = re.compile(r'(?<=["\s,])(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::(?P<port>\d+))?'
                   r'(?=[/"\s,:]|$)')


@dataclass(frozen=True)
class Recipe:
    kind: str
    block: CodeBlock

    @property
    def where(self) -> str:
        return f"{self.block.path}:{self.block.line}"

    @property
    def registry(self) -> str:
        """For a hosts.toml, the registry its directory is for (docker.io, registry.k8s.io)."""
        return PurePosixPath(self.block.title).parent.name


def kind_of(block: CodeBlock) -> str | None:
    for kind, pattern in KINDS:
        if pattern.search(block.title):
            return kind
    return None


def recipes(language: str = "en", docs: Path = DOCS) -> list[Recipe]:
    """Every configuration block of the pages in `language` that a runtime reads."""
    found = []
    for path in page_files(docs):
        if not path.name.endswith(f".{language}.md"):
            continue
        for block in code_blocks(path):
            kind = kind_of(block) if block.title else None
            if kind:
                found.append(Recipe(kind, block))
    return found


# daemon.json blocks that set no mirror: why they are not a recipe of the runtime tests.
NO_MIRROR = {
    "proxies": "sets dockerd's proxy (`proxies` in daemon.json needs Engine 23.0; Debian 12's "
               "20.10 refuses the key), no mirror",
    "ipv6": "IPv6 settings of the daemon's network, no mirror",
    "insecure-registries": "names a plain-HTTP registry in insecure-registries, no mirror: the "
                           "lab's registries are on 127.0.0.1, which dockerd treats as insecure "
                           "without the setting, so a run would prove nothing",
}


def no_mirror_reason(block: CodeBlock) -> str:
    """Why a daemon.json block without registry-mirrors is not run ('' when no reason)."""
    return next((why for key, why in NO_MIRROR.items() if f'"{key}"' in block.code), "")


def not_run(language: str = "en", docs: Path = DOCS) -> list[tuple[CodeBlock, str]]:
    """The configuration blocks no Debian runtime reads, each with the reason."""
    found = []
    for path in page_files(docs):
        if not path.name.endswith(f".{language}.md") or "contributing" in path.parts:
            continue
        for block in code_blocks(path):
            if not block.title:
                continue
            if kind_of(block) == "daemon.json" and "registry-mirrors" not in block.code:
                found.append((block, no_mirror_reason(block)))
            elif block.language in {"json", "toml", "yaml", "bash"} and not kind_of(block):
                name = PurePosixPath(block.title.replace("\\", "/")).name
                found.append((block, NOT_RUN.get(block.title, NOT_RUN.get(name, ""))))
    return found


@dataclass
class Mirrors:
    """Local registries to put in for the page's mirrors: `https` ones serve TLS with the
    test CA, `http` ones plain HTTP. Each is 'host:port'."""
    https: list[str]
    http: list[str]

    def __post_init__(self):
        self._taken: dict[tuple[str, str], str] = {}

    def local(self, scheme: str, host: str, port: str | None) -> str:
        key = (scheme, f"{host}:{port}" if port else host)
        if key not in self._taken:
            pool = self.https if scheme == "https" else self.http
            used = [value for (used_scheme, _), value in self._taken.items()
                    if used_scheme == scheme]
            free = [address for address in pool if address not in used]
            if not free:
                raise ValueError(f"the block names more {scheme} mirrors than there are "
                                 f"local registries ({len(pool)})")
            self._taken[key] = free[0]
        return self._taken[key]


def _insecure_locations(code: str) -> set[str]:
    """The mirror locations of a registries.conf that are marked insecure (plain HTTP)."""
    try:
        parsed = tomllib.loads(code)
    except tomllib.TOMLDecodeError:
        return set()
    return {mirror.get("location", "") for registry in parsed.get("registry", [])
            for mirror in registry.get("mirror", []) if mirror.get("insecure")}


def put_mirrors(recipe: Recipe, mirrors: Mirrors) -> str:
    """The block's code with every mirror host replaced by a local registry."""
    code = recipe.block.code

    def url(match: re.Match) -> str:
        if match["host"] in UPSTREAMS:
            return match[0]
        return f"{match['scheme']}://{mirrors.local(match['scheme'], match['host'], match['port'])}"

    code = _URL.sub(url, code)
    if recipe.kind == "registries.conf":
        insecure = _insecure_locations(recipe.block.code)

        def location(match: re.Match) -> str:
            host, port = match["host"], match["port"]
            if host in UPSTREAMS or host.startswith("127.0.0.1"):
                return match[0]
            plain = any(loc.split("/")[0] == (f"{host}:{port}" if port else host)
                        for loc in insecure)
            return mirrors.local("http" if plain else "https", host, port)

        code = re.sub(r'(?m)^(\s*location\s*=\s*")([^"]+)"',
                      lambda m: m[1] + _BARE.sub(location, '"' + m[2])[1:] + '"', code)
    if recipe.kind == "daemon.json":
        # insecure-registries name the plain-HTTP mirror without a scheme.
        def bare(match: re.Match) -> str:
            if match["host"] in UPSTREAMS:
                return match[0]
            return mirrors.local("http", match["host"], match["port"])
        code = re.sub(r'("insecure-registries"\s*:\s*\[)([^\]]*)\]',
                      lambda m: m[1] + _BARE.sub(bare, m[2]) + "]", code)
    return code
