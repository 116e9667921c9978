"""One check per kind of recipe: write the page's block (with local mirrors put in) where the
runtime reads it, start the runtime, pull, and require what the pages promise: the pull
worked, the mirror's own log shows it served the image, and the verify step's signal is
there. A failed requirement raises RecipeError naming the block's page and line."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import yaml

from . import cri
from .daemons import Run, podman, run_containerd, run_dockerd
from .lab import Lab
from .proxy import Proxy, run_proxy
from .recipes import UPSTREAMS, Recipe, put_mirrors
from .registry import Registry, run_registry

# The image a reader pulls to check each registry's mirror, and its repository on a mirror.
IMAGES = {"docker.io": ("docker.io/library/busybox:latest", "library/busybox"),
          "registry.k8s.io": ("registry.k8s.io/pause:3.10", "pause"),
          "ghcr.io": ("ghcr.io/containerd/busybox:1.36", "containerd/busybox"),
          "quay.io": ("quay.io/prometheus/busybox:latest", "prometheus/busybox"),
          "gcr.io": ("gcr.io/google-containers/pause:3.2", "google-containers/pause")}


class RecipeError(AssertionError):
    pass


@dataclass
class Evidence:
    """What a check saw, for the report and the failure message."""
    recipe: str
    runs: list[Run] = field(default_factory=list)
    logs: dict[str, str] = field(default_factory=dict)

    def require(self, condition: bool, what: str) -> None:
        if not condition:
            self.fail(what)

    def fail(self, what: str) -> NoReturn:
        shown = "\n".join(str(run) for run in self.runs)
        logs = "\n".join(f"--- {name} (end):\n{text[-2500:]}" for name, text in self.logs.items())
        raise RecipeError(f"{self.recipe}: {what}\n{shown}\n{logs}")


def _json(code: str, evidence: Evidence) -> dict:
    try:
        return json.loads(code)
    except json.JSONDecodeError as error:
        evidence.fail(f"the block is not JSON: {error}")


def check_daemon_json(recipe: Recipe, lab: Lab, code: str | None = None) -> Evidence:
    """dockerd with the block as daemon.json pulls busybox through the first mirror;
    `docker info` lists it and the debug log names it (docs/guide/verify)."""
    evidence = Evidence(recipe.where)
    lab.forget()
    config = _json(code if code is not None else put_mirrors(recipe, lab.mirrors()), evidence)
    scratch = lab.scratch("dockerd")
    if "data-root" in config:
        config["data-root"] = str(scratch / "data")
    config.setdefault("debug", True)  # the verify page turns debug on to see the addresses
    mirrors = config.get("registry-mirrors") or []
    evidence.require(bool(mirrors), "no registry-mirrors in the block")
    with run_dockerd(scratch, config, lab.env) as daemon:
        pull = daemon.docker("pull", "busybox:latest")
        info = daemon.docker("info")
        evidence.runs += [pull, info]
        evidence.logs["dockerd"] = daemon.log_text()
    first = mirrors[0].rstrip("/")
    registry = lab.registry_at(first)
    evidence.require(pull.returncode == 0, "docker pull busybox failed")
    evidence.require(registry.served("library/busybox"),
                     f"the mirror {first} did not serve library/busybox (its log has no "
                     f"200 for a manifest)")
    evidence.require(re.search(rf"Registry Mirrors:\s*\n\s*{re.escape(first)}/", info.stdout)
                     is not None, f"docker info does not list {first}/ under Registry Mirrors")
    if config["debug"]:  # a block that turns debug off (Desktop's editor) logs no addresses
        evidence.require(f"Trying to pull busybox from {first}/" in evidence.logs["dockerd"],
                         f"the debug log has no 'Trying to pull busybox from {first}/'")
    return evidence


def _first_host(code: str) -> tuple[str, dict]:
    parsed = tomllib.loads(code)
    hosts = parsed.get("host") or {}
    if not hosts:
        raise RecipeError("the hosts.toml defines no [host.\"...\"] table")
    name = next(iter(hosts))
    return name, hosts[name]


def write_hosts_dir(recipe: Recipe, lab: Lab, scratch: Path, code: str) -> tuple[Path, dict]:
    """The block as <hosts dir>/<registry>/hosts.toml; a `ca` it names is written next to it
    (the test CA), and then the runtime must trust the CA through that line alone."""
    hosts_dir = scratch / "certs.d"
    directory = hosts_dir / recipe.registry
    directory.mkdir(parents=True)
    env = lab.env
    for match in re.finditer(r'(?m)^\s*ca\s*=\s*"([^"]+)"', code):
        target = directory / Path(match[1]).name
        shutil.copy(lab.certificates.ca, target)
        code = code.replace(f'"{match[1]}"', f'"{target}"')
        env = lab.env_without_ca
    (directory / "hosts.toml").write_text(code, encoding="utf-8")
    return hosts_dir, env


def _served_repository(host: str, settings: dict, repository: str) -> str:
    """The repository a mirror is asked for: a path with override_path comes first."""
    path = host.split("://", 1)[-1].partition("/")[2]
    if settings.get("override_path") and path.startswith("v2/"):
        return f"{path[3:].strip('/')}/{repository}"
    return repository


def check_hosts_toml(recipe: Recipe, lab: Lab, code: str | None = None) -> Evidence:
    """`ctr --debug images pull --hosts-dir` (containerd's own check) pulls through the
    block's first host, and the debug output names it with host= (docs/guide/containerd)."""
    evidence = Evidence(recipe.where)
    lab.forget()
    code = code if code is not None else put_mirrors(recipe, lab.mirrors())
    image, repository = IMAGES.get(recipe.registry, (None, None))
    evidence.require(image is not None, f"no test image for the registry {recipe.registry}")
    scratch = lab.scratch("containerd")
    hosts_dir, env = write_hosts_dir(recipe, lab, scratch, code)
    try:
        host, settings = _first_host(code)
    except (RecipeError, tomllib.TOMLDecodeError) as error:
        evidence.fail(f"the hosts.toml is not usable: {error}")
    with run_containerd(scratch, env=env) as daemon:
        pull = daemon.ctr("--debug", "images", "pull", "--hosts-dir", str(hosts_dir), image)
        evidence.runs.append(pull)
    registry = lab.registry_at(host)
    evidence.require(pull.returncode == 0, f"ctr images pull {image} failed")
    evidence.require(registry.served(_served_repository(host, settings, repository)),
                     f"the mirror {host} did not serve {repository}")
    # logrus quotes a value with a colon in it: host="127.0.0.1:5000", host=mirror.example
    evidence.require(re.search(rf'host="?{re.escape(registry.host)}"?(\s|$)', pull.output)
                     is not None, f"ctr --debug printed no host={registry.host}")
    return evidence


def _mirror_locations(code: str) -> tuple[str, list[str], bool]:
    parsed = tomllib.loads(code)
    registries = parsed.get("registry") or []
    if not registries:
        raise RecipeError("the registries.conf has no [[registry]] table")
    first = registries[0]
    prefix = first.get("prefix") or first.get("location", "")
    locations = [m.get("location", "") for m in first.get("mirror", [])]
    return prefix, locations, bool(parsed.get("unqualified-search-registries"))


def check_registries_conf(recipe: Recipe, lab: Lab, code: str | None = None) -> Evidence:
    """Podman with the block as its registries.conf pulls through the first mirror, and
    its debug log says 'Trying to access "<mirror>/..."' (docs/guide/podman)."""
    evidence = Evidence(recipe.where)
    lab.forget()
    code = code if code is not None else put_mirrors(recipe, lab.mirrors())
    try:
        prefix, locations, short_names = _mirror_locations(code)
    except (RecipeError, tomllib.TOMLDecodeError) as error:
        evidence.fail(f"the registries.conf is not usable: {error}")
    evidence.require(bool(locations), "the [[registry]] has no [[registry.mirror]]")
    registry_name = prefix.split("/")[0] if prefix.split("/")[0] in IMAGES else "docker.io"
    image, repository = IMAGES[registry_name]
    if short_names and registry_name == "docker.io":
        image = "busybox"  # the short name the page's unqualified-search-registries is for
    scratch = lab.scratch("podman")
    conf = scratch / "registries.conf"
    conf.write_text(code, encoding="utf-8")
    pull = podman(scratch, conf, "--log-level", "debug", "pull", image, env=lab.env)
    evidence.runs.append(pull)
    first = locations[0]
    registry = lab.registry_at(first)
    path = first.partition("/")[2]
    evidence.require(pull.returncode == 0, f"podman pull {image} failed")
    evidence.require(registry.served(f"{path}/{repository}" if path else repository),
                     f"the mirror {first} did not serve {repository}")
    evidence.require(f'Trying to access \\"{first}/{repository}' in pull.stderr,
                     f'podman\'s debug log has no Trying to access "{first}/{repository}..."')
    return evidence


def containerd_cri_config(code: str, hosts_dir: Path) -> str:
    """The page's config.toml with its config_path pointed at the scratch hosts directory."""
    return re.sub(r'(?m)^(\s*config_path\s*=\s*)"[^"]*"', rf'\1"{hosts_dir}"', code)


def check_containerd_config(recipe: Recipe, lab: Lab, code: str | None = None) -> Evidence:
    """containerd with the block as config.toml (CRI plugin on) pulls through CRI, as the
    kubelet does, via the hosts directory that its config_path names."""
    evidence = Evidence(recipe.where)
    lab.forget()
    code = code if code is not None else recipe.block.code
    scratch = lab.scratch("containerd-cri")
    hosts_dir = scratch / "certs.d"
    (hosts_dir / "docker.io").mkdir(parents=True)
    mirror = lab.https[0]
    (hosts_dir / "docker.io" / "hosts.toml").write_text(
        f'server = "https://registry-1.docker.io"\n\n[host."{mirror.url}"]\n'
        f'  capabilities = ["pull", "resolve"]\n', encoding="utf-8")
    config = containerd_cri_config(code, hosts_dir)
    with run_containerd(scratch, config, env=lab.env, cri=True) as daemon:
        status, answer = cri.pull_image(daemon.address, "docker.io/library/busybox:latest")
        evidence.logs["containerd"] = daemon.log_text()
        evidence.runs.append(Run(["CRI PullImage", "docker.io/library/busybox:latest"],
                                 0 if status == "OK" else 1, answer, ""))
    evidence.require(status == "OK", f"the CRI pull failed: {status} {answer}")
    evidence.require(mirror.served("library/busybox"),
                     f"the mirror {mirror.url} named in {hosts_dir} did not serve the CRI pull")
    return evidence


def distribution_config(code: str, storage: Path, upstream: str) -> dict:
    """The page's config.yml (or the fragment of one it shows) as a whole configuration:
    storage in the scratch directory, the upstream replaced by the local one."""
    config = yaml.safe_load(code)
    if "version" not in config:  # a fragment: the rest as on the page's full example
        config = {"version": 0.1, "storage": {"filesystem": {}}, "http": {}, **config}
    config.setdefault("storage", {}).setdefault("filesystem", {})["rootdirectory"] = str(storage)
    proxy = config.get("proxy") or {}
    if "remoteurl" in proxy:
        proxy["remoteurl"] = upstream
    return config


def check_distribution_config(recipe: Recipe, lab: Lab, code: str | None = None) -> Evidence:
    """docker-registry with the block as config.yml runs as a pull-through cache of a local
    upstream, and dockerd pulls busybox through it (docs/guide/self-hosted)."""
    evidence = Evidence(recipe.where)
    lab.forget()
    code = code if code is not None else recipe.block.code
    remote = (yaml.safe_load(code).get("proxy") or {}).get("remoteurl", "")
    remote_host = remote.split("://", 1)[-1].split("/")[0]
    prefix_form = remote_host not in UPSTREAMS and not remote_host.startswith("docker.")
    upstream = lab.https[1]
    scratch = lab.scratch("distribution")
    config = distribution_config(code, scratch / "storage", upstream.url)
    with run_registry(scratch / "cache", config=config, env=lab.env) as cache:
        daemon_config = {"registry-mirrors": [cache.url], "debug": True}
        with run_dockerd(scratch / "dockerd", daemon_config, lab.env) as daemon:
            image = f"{cache.host}/docker.io/library/busybox:latest" if prefix_form else \
                "busybox:latest"
            pull = daemon.docker("pull", image)
            evidence.runs.append(pull)
        evidence.logs["cache"] = cache.log.read_text(errors="replace")
        repository = "docker.io/library/busybox" if prefix_form else "library/busybox"
        evidence.require(pull.returncode == 0, f"docker pull {image} through the cache failed")
        evidence.require(cache.served(repository), f"the cache did not serve {repository}")
        evidence.require(upstream.served(repository),
                         f"the cache did not fetch {repository} from its upstream")
    return evidence


# The proxy the pages write (docs/guide/proxy, docs/guide/podman), and the Docker Hub address a
# pull of docker.io asks a proxy for: the proxy checks put a local proxy in its place, whose
# tunnel to registry-1.docker.io:443 leads to a local registry (the lab's certificate names
# registry-1.docker.io too).
PAGE_PROXY = "http://proxy.example.internal:3128"
DOCKER_HUB = "registry-1.docker.io:443"
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY",
                   "no_proxy", "ALL_PROXY", "all_proxy")


def _without_proxies(env: dict) -> dict:
    """`env` with no proxy variable: the proxy a check gives comes from the recipe alone."""
    return {name: value for name, value in env.items() if name not in PROXY_VARIABLES}


def _pulled_through_the_proxy(evidence: Evidence, who: str, pull: Run, proxy: Proxy,
                              registry: Registry) -> None:
    evidence.runs.append(pull)
    evidence.require(pull.returncode == 0, f"the {who} pull of busybox failed")
    evidence.require(DOCKER_HUB in proxy.asked,
                     f"{who} never asked the proxy for {DOCKER_HUB} (it asked for {proxy.asked})")
    evidence.require(registry.served("library/busybox"),
                     "the registry behind the proxy did not serve library/busybox")


def check_containers_conf(recipe: Recipe, lab: Lab, code: str | None = None) -> Evidence:
    """Podman with the block as its containers.conf (and no proxy in its environment) pulls
    Docker Hub's busybox through the proxy that `env` under [engine] names."""
    evidence = Evidence(recipe.where)
    lab.forget()
    code = code if code is not None else recipe.block.code
    evidence.require(PAGE_PROXY in code, f"the block names no {PAGE_PROXY}")
    registry = lab.https[0]
    scratch = lab.scratch("podman-proxy")
    conf = scratch / "registries.conf"
    conf.write_text("", encoding="utf-8")  # no mirror: Docker Hub itself, through the proxy
    with run_proxy({DOCKER_HUB: registry.host}) as proxy:
        (scratch / "containers.conf").write_text(code.replace(PAGE_PROXY, proxy.url),
                                                 encoding="utf-8")
        env = {**_without_proxies(lab.env), "CONTAINERS_CONF": str(scratch / "containers.conf")}
        pull = podman(scratch, conf, "pull", "docker.io/library/busybox:latest", env=env)
    _pulled_through_the_proxy(evidence, "podman", pull, proxy, registry)
    return evidence


def check_podman_proxy_command(where: str, lab: Lab, code: str) -> Evidence:
    """The page's shell line that gives `podman pull` its proxy in the environment, run as
    written with the local proxy for the page's (podman with its own storage, no
    containers.conf and no mirror)."""
    evidence = Evidence(where)
    lab.forget()
    evidence.require(PAGE_PROXY in code and "podman pull" in code,
                     f"the block has no podman pull through {PAGE_PROXY}")
    registry = lab.https[0]
    scratch = lab.scratch("podman-proxy-command")
    conf = scratch / "registries.conf"
    conf.write_text("", encoding="utf-8")
    env = {**_without_proxies(lab.env), "CONTAINERS_CONF": "/dev/null"}
    with run_proxy({DOCKER_HUB: registry.host}) as proxy:
        pull = podman(scratch, conf, env=env, script=code.replace(PAGE_PROXY, proxy.url))
    _pulled_through_the_proxy(evidence, "podman", pull, proxy, registry)
    return evidence


_ENVIRONMENT = re.compile(r'(?m)^Environment="(?P<name>[A-Za-z_]+)=(?P<value>[^"]*)"$')


def check_proxy_drop_in(where: str, lab: Lab, code: str) -> Evidence:
    """The proxy page's systemd drop-in for docker.service or containerd.service: the daemon
    started with the variables of its Environment= lines (the local proxy in place of the
    page's) and no mirror pulls Docker Hub's busybox through the proxy (dockerd for `docker
    pull`, whose `docker info` then shows the proxy; containerd for a CRI pull, as the kubelet
    and crictl ask it)."""
    evidence = Evidence(where)
    lab.forget()
    variables = {m["name"]: m["value"] for m in _ENVIRONMENT.finditer(code)}
    evidence.require(any(name.upper().endswith("_PROXY") for name in variables),
                     "the drop-in has no Environment=\"..._PROXY=...\" line")
    unit = "docker" if "/docker.service.d/" in code else "containerd"
    evidence.require(unit == "docker" or "/containerd.service.d/" in code,
                     "a drop-in for neither docker.service nor containerd.service")
    registry = lab.https[0]
    scratch = lab.scratch(f"{unit}-proxy")
    with run_proxy({DOCKER_HUB: registry.host}) as proxy:
        env = {**_without_proxies(lab.env), **{name: value.replace(PAGE_PROXY, proxy.url)
                                                for name, value in variables.items()}}
        if unit == "docker":
            with run_dockerd(scratch, {}, env) as daemon:
                pulls = [daemon.docker("pull", "busybox:latest"), daemon.docker("info")]
                evidence.logs["dockerd"] = daemon.log_text()
        else:
            with run_containerd(scratch, env=env, cri=True) as daemon:
                status, answer = cri.pull_image(daemon.address, "docker.io/library/busybox:latest")
                evidence.logs["containerd"] = daemon.log_text()
            pulls = [Run(["CRI PullImage", "docker.io/library/busybox:latest"],
                         0 if status == "OK" else 1, answer, "")]
    evidence.runs += pulls[1:]
    _pulled_through_the_proxy(evidence, unit, pulls[0], proxy, registry)
    if unit == "docker":
        evidence.require(f"HTTPS Proxy: {proxy.url}" in pulls[1].stdout,
                         f"docker info shows no 'HTTPS Proxy: {proxy.url}'")
    return evidence


CHECKS = {"daemon.json": check_daemon_json, "hosts.toml": check_hosts_toml,
          "registries.conf": check_registries_conf, "containerd config": check_containerd_config,
          "distribution config": check_distribution_config,
          "containers.conf": check_containers_conf}
