"""YAML blocks: valid YAML; a registry's proxy section has an https remoteurl."""

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
    proxy = data["proxy"]
    if not isinstance(proxy, dict) or not proxy.get("remoteurl"):
        return [block.problem("registry proxy section needs remoteurl", line_of(block, "proxy:"))]
    if urlsplit(str(proxy["remoteurl"])).scheme != "https":
        return [block.problem("proxy remoteurl should be an https URL",
                              line_of(block, "remoteurl"))]
    return []
