"""TOML blocks: valid TOML, and the four TOML files the site shows: containerd's hosts.toml,
containers-registries.conf (v2), buildkitd.toml and containerd's config.toml."""

from __future__ import annotations

import tomllib
from urllib.parse import urlsplit

from ..pages import CodeBlock, Problem
from .common import line_in_message, line_of

CONTAINERD_CAPABILITIES = {"pull", "resolve", "push"}
CONTAINERD_HOST_KEYS = {"capabilities", "ca", "client", "skip_verify", "header",
                        "override_path", "dial_timeout"}
CRI_REGISTRY_SECTION = {2: ("io.containerd.grpc.v1.cri", "registry"),
                        3: ("io.containerd.cri.v1.images", "registry")}


def check_toml(block: CodeBlock) -> list[Problem]:
    try:
        data = tomllib.loads(block.code)
    except tomllib.TOMLDecodeError as error:
        return [block.problem(f"invalid TOML: {error}", line_in_message(str(error)))]
    title = block.title.lower()
    if title.endswith("hosts.toml") or "host" in data or "server" in data:
        return check_hosts_toml(block, data)
    if "registries.conf" in title or isinstance(data.get("registry"), list):
        return check_registries_conf(block, data)
    if "buildkitd" in title or isinstance(data.get("registry"), dict):
        return check_buildkitd_toml(block, data)
    if "version" in data and "plugins" in data:  # not every config.toml is containerd's
        return check_containerd_config(block, data)
    return []


def check_hosts_toml(block: CodeBlock, data: dict) -> list[Problem]:
    problems = []
    server = data.get("server")
    if server is not None and not urlsplit(str(server)).scheme:
        problems.append(block.problem("hosts.toml server needs a scheme", line_of(block, "server")))
    hosts = data.get("host", {})
    if not isinstance(hosts, dict) or not hosts:
        problems.append(block.problem('hosts.toml needs [host."https://mirror"] tables'))
        return problems
    for name, host in hosts.items():
        line = line_of(block, name)
        if not isinstance(host, dict):
            problems.append(block.problem(f'host "{name}" must be a table', line))
            continue
        problems += [block.problem(f'host "{name}": containerd reads no key {key!r}', line)
                     for key in host if key not in CONTAINERD_HOST_KEYS]
        capabilities = host.get("capabilities", [])
        if not isinstance(capabilities, list) or not set(capabilities) <= CONTAINERD_CAPABILITIES:
            problems.append(block.problem(
                f'host "{name}": capabilities must come from pull, resolve, push', line))
    return problems


def check_registries_conf(block: CodeBlock, data: dict) -> list[Problem]:
    if "registries" in data:
        return [block.problem("registries.conf v1 format ([registries.search]); use v2 "
                              "[[registry]] tables")]
    registries = data.get("registry")
    if not isinstance(registries, list) or not registries:
        return [block.problem("registries.conf v2 needs [[registry]] tables")]
    problems = []
    for registry in registries:
        if not (registry.get("location") or registry.get("prefix")):
            problems.append(block.problem("[[registry]] needs a location"))
        for mirror in registry.get("mirror", []):
            location = str(mirror.get("location", ""))
            if not location:
                problems.append(block.problem("[[registry.mirror]] needs a location"))
            elif "://" in location:
                problems.append(block.problem(
                    f"registries.conf location {location!r} takes a host, without a scheme",
                    line_of(block, location)))
    return problems


def check_buildkitd_toml(block: CodeBlock, data: dict) -> list[Problem]:
    return [
        block.problem(f"buildkitd.toml mirror {mirror!r} takes a host, without a scheme",
                      line_of(block, str(mirror)))
        for registry in data.get("registry", {}).values()
        for mirror in registry.get("mirrors", [])
        if "://" in str(mirror)
    ]


def check_containerd_config(block: CodeBlock, data: dict) -> list[Problem]:
    version = data.get("version")
    if version not in CRI_REGISTRY_SECTION:
        return [block.problem("containerd config.toml needs version = 2 (1.x) or 3 (2.x)")]
    plugin, section = CRI_REGISTRY_SECTION[version]
    registry = data.get("plugins", {}).get(plugin, {}).get(section)
    if registry is None:
        return [block.problem(
            f'containerd config version {version} reads [plugins."{plugin}".{section}]')]
    problems = []
    if "config_path" not in registry:
        problems.append(block.problem("set config_path to the hosts directory"))
    if "mirrors" in registry:
        problems.append(block.problem(
            "registry.mirrors is deprecated and must not be combined with config_path",
            line_of(block, "mirrors")))
    return problems
