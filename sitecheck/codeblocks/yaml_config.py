"""YAML blocks: valid YAML; a registry's proxy section has an https remoteurl; the proxy
section of Harbor's harbor.yml has only the keys and components of Harbor's template; a k3s or
RKE2 registries.yaml has only the keys k3s reads."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from hooks.grav_front_matter import yaml_error_line

from ..pages import CodeBlock, Problem
from .common import line_of


def check_yaml(block: CodeBlock) -> list[Problem]:
    try:
        data = yaml.safe_load(block.code)
    except yaml.YAMLError as error:
        return [block.problem(f"invalid YAML: {getattr(error, 'problem', error)}",
                              yaml_error_line(error, block.code))]
    if block.title.endswith("registries.yaml"):
        return check_k3s_registries(block, data)
    if not (isinstance(data, dict) and "proxy" in data):
        return []
    if block.title.lower().endswith("harbor.yml"):
        return check_harbor_proxy(block, data["proxy"], HARBOR_YML)
    if block.title.lower().endswith("values.yaml"):  # the site's one Helm chart: Harbor's
        return check_harbor_proxy(block, data["proxy"], HARBOR_HELM_VALUES)
    return check_registry_proxy(block, data["proxy"])


def check_registry_proxy(block: CodeBlock, proxy: object) -> list[Problem]:
    if not isinstance(proxy, dict) or not proxy.get("remoteurl"):
        return [block.problem("registry proxy section needs remoteurl", line_of(block, "proxy:"))]
    if urlsplit(str(proxy["remoteurl"])).scheme != "https":
        return [block.problem("proxy remoteurl should be an https URL",
                              line_of(block, "remoteurl"))]
    return []


# The proxy section of Harbor's make/harbor.yml.tmpl (v2.15.2) and of the Harbor Helm chart's
# values.yaml (goharbor/harbor-helm: the same settings in camel case): its keys, its two proxy
# addresses, and the components whose environment gets the proxy (./prepare, or the chart's
# config maps).
@dataclass(frozen=True)
class HarborProxyFormat:
    file: str
    keys: frozenset[str]
    addresses: tuple[str, str]


HARBOR_YML = HarborProxyFormat("harbor.yml", frozenset(
    {"http_proxy", "https_proxy", "no_proxy", "components"}), ("http_proxy", "https_proxy"))
HARBOR_HELM_VALUES = HarborProxyFormat("Harbor chart values.yaml", frozenset(
    {"httpProxy", "httpsProxy", "noProxy", "components"}), ("httpProxy", "httpsProxy"))
HARBOR_PROXY_COMPONENTS = {"core", "jobservice", "trivy"}


def check_harbor_proxy(block: CodeBlock, proxy: object,
                       form: HarborProxyFormat = HARBOR_YML) -> list[Problem]:
    if not isinstance(proxy, dict):
        return [block.problem(f"{form.file} proxy section must be a mapping",
                              line_of(block, "proxy:"))]
    problems = [block.problem(f"{form.file} proxy section has no key '{key}' (it has "
                              f"{', '.join(sorted(form.keys))})", line_of(block, key))
                for key in proxy if key not in form.keys]
    for key in form.addresses:
        value = proxy.get(key)
        if value and urlsplit(str(value)).scheme not in {"http", "https"}:
            problems.append(block.problem(f"{form.file} {key} needs http:// or https://",
                                          line_of(block, key)))
    components = proxy.get("components") or []
    if not isinstance(components, list):
        components = [components]
    for name in components:
        if name not in HARBOR_PROXY_COMPONENTS:
            problems.append(block.problem(
                f"{form.file} proxy component '{name}' is not one of core, jobservice, trivy",
                line_of(block, f"- {name}")))
    return problems


# The keys of k3s's registries.yaml (RKE2 reads the same file): docs.k3s.io, "Private Registry
# Configuration", and the Go types it is read into (Mirror, RegistryConfig, AuthConfig and
# TLSConfig of the registries package k3s uses, rancher/wharfie). The file is read with
# yaml.Unmarshal, which ignores a key it does not know: a misspelt `endpoints:` leaves the
# mirror out without a word, so a key outside these is refused here.
K3S_REGISTRIES_KEYS = {
    "": {"mirrors", "configs"},
    "mirror": {"endpoint", "rewrite"},
    "config": {"auth", "tls"},
    "auth": {"username", "password", "auth", "identity_token"},
    "tls": {"ca_file", "cert_file", "key_file", "insecure_skip_verify"},
}


def check_k3s_registries(block: CodeBlock, data: object) -> list[Problem]:
    problems: list[Problem] = []
    top = _k3s_mapping(block, problems, data, "the file", "mirrors")
    _k3s_known(block, problems, top, "", "the file")
    for host, mirror in _k3s_mapping(block, problems, top.get("mirrors", {}), "mirrors",
                                     "mirrors").items():
        mirror = _k3s_mapping(block, problems, mirror, f"mirror '{host}'", host)
        _k3s_known(block, problems, mirror, "mirror", f"mirror '{host}'")
        endpoints = mirror.get("endpoint", [])
        if not (isinstance(endpoints, list) and all(isinstance(e, str) for e in endpoints)):
            problems.append(block.problem(
                f"registries.yaml: endpoint of mirror '{host}' must be a list of addresses",
                line_of(block, "endpoint:")))
        else:
            problems += [block.problem(f"registries.yaml: endpoint {address!r} of mirror "
                                       f"'{host}' {problem}", line_of(block, address))
                         for address in endpoints
                         if (problem := k3s_endpoint_problem(address))]
        _k3s_mapping(block, problems, mirror.get("rewrite", {}),
                     f"rewrite of mirror '{host}'", "rewrite")
    for host, config in _k3s_mapping(block, problems, top.get("configs", {}), "configs",
                                     "configs").items():
        config = _k3s_mapping(block, problems, config, f"config '{host}'", host)
        _k3s_known(block, problems, config, "config", f"config '{host}'")
        for part in ("auth", "tls"):
            where = f"{part} of config '{host}'"
            if part in config:
                _k3s_known(block, problems, _k3s_mapping(block, problems, config[part], where,
                                                         part), part, where)
    return problems


def k3s_endpoint_problem(address: str) -> str | None:
    """What is wrong with a mirror address of registries.yaml, or None. k3s reads it as
    containerd does (normalizeEndpointAddress, pkg/agent/containerd/config.go): an address
    without a scheme is taken as https (as http only for localhost on a port other than 443),
    so a page that leaves the scheme out hides which one the mirror needs; and a path other
    than /v2 becomes the whole path of the registry API (override_path in the hosts.toml k3s
    writes), so it must start with /v2/ (as Harbor's /v2/<project> does)."""
    parts = urlsplit(address)
    if parts.scheme not in {"http", "https"} or "://" not in address:
        return "needs its scheme written out: http:// or https:// (k3s takes a bare address as https)"
    if not parts.hostname:
        return "has no host"
    if parts.path not in {"", "/", "/v2", "/v2/"} and not parts.path.startswith("/v2/"):
        return (f"has the path {parts.path!r}: k3s uses a path other than /v2 as the whole "
                "registry API path, so it must start with /v2/ (as Harbor's /v2/<project>)")
    return None


def _k3s_mapping(block: CodeBlock, problems: list[Problem], value: object, where: str,
                 key: str) -> dict:
    if isinstance(value, dict):
        return value
    problems.append(block.problem(f"registries.yaml: {where} must be a mapping",
                                  _key_line(block, key)))
    return {}


def _k3s_known(block: CodeBlock, problems: list[Problem], value: dict, kind: str,
               where: str) -> None:
    for key in value:
        if key not in K3S_REGISTRIES_KEYS[kind]:
            allowed = ", ".join(sorted(K3S_REGISTRIES_KEYS[kind]))
            problems.append(block.problem(
                f"registries.yaml: {where} has no key '{key}' (k3s reads {allowed} and "
                "ignores any other key without a word)", _key_line(block, key)))


def _key_line(block: CodeBlock, key: str) -> int:
    """The line of `key:`, written bare or quoted (hosts usually are: "mirror.example.com":)."""
    for needle in (f'"{key}":', f"'{key}':", f"{key}:"):
        if needle in block.code:
            return line_of(block, needle)
    return 1
