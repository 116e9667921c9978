"""YAML blocks: valid YAML; a registry's proxy section has an https remoteurl; the proxy
section of Harbor's harbor.yml has only the keys and components of Harbor's template."""

from __future__ import annotations

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
    if not (isinstance(data, dict) and "proxy" in data):
        return []
    if block.title.lower().endswith("harbor.yml"):
        return check_harbor_proxy(block, data["proxy"])
    proxy = data["proxy"]
    if not isinstance(proxy, dict) or not proxy.get("remoteurl"):
        return [block.problem("registry proxy section needs remoteurl", line_of(block, "proxy:"))]
    if urlsplit(str(proxy["remoteurl"])).scheme != "https":
        return [block.problem("proxy remoteurl should be an https URL",
                              line_of(block, "remoteurl"))]
    return []


# The proxy section of Harbor's make/harbor.yml.tmpl (v2.15.2): its keys, and the components
# whose environment ./prepare writes the proxy into.
HARBOR_PROXY_KEYS = {"http_proxy", "https_proxy", "no_proxy", "components"}
HARBOR_PROXY_COMPONENTS = {"core", "jobservice", "trivy"}


def check_harbor_proxy(block: CodeBlock, proxy: object) -> list[Problem]:
    if not isinstance(proxy, dict):
        return [block.problem("harbor.yml proxy section must be a mapping", line_of(block, "proxy:"))]
    problems = [block.problem(f"harbor.yml proxy section has no key '{key}'", line_of(block, key))
                for key in proxy if key not in HARBOR_PROXY_KEYS]
    for key in ("http_proxy", "https_proxy"):
        value = proxy.get(key)
        if value and urlsplit(str(value)).scheme not in {"http", "https"}:
            problems.append(block.problem(f"harbor.yml {key} needs http:// or https://",
                                          line_of(block, key)))
    components = proxy.get("components") or []
    if not isinstance(components, list):
        components = [components]
    for name in components:
        if name not in HARBOR_PROXY_COMPONENTS:
            problems.append(block.problem(
                f"harbor.yml proxy component '{name}' is not one of core, jobservice, trivy",
                line_of(block, f"- {name}")))
    return problems
