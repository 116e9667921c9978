"""The local set-up the runtime checks share: a test CA, two HTTPS registries and one plain
HTTP registry on 127.0.0.1, each seeded with the same small images, and the environment
(SSL_CERT_FILE) under which the runtimes trust the CA as a reader's machine trusts a
public mirror's certificate."""

from __future__ import annotations

import itertools
import os
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .images import build_image, push
from .recipes import Mirrors
from .registry import Registry, run_registry, ssl_context
from .tls import SYSTEM_BUNDLE, Certificates, make_certificates

# (repository, tag) seeded on every local registry: Docker Hub's busybox as a mirror serves
# it, as a Harbor or Artifactory project path serves it, as a prefix mirror serves it, and
# registry.k8s.io's pause image as k8s.m.daocloud.io serves it.
SEEDED = (("library/busybox", "latest"), ("dockerhub-proxy/library/busybox", "latest"),
          ("docker-remote/library/busybox", "latest"), ("docker.io/library/busybox", "latest"),
          ("library/nginx", "latest"), ("pause", "3.10"),
          # what the set-up generator's checks pull from the other registries
          ("containerd/busybox", "1.36"), ("prometheus/busybox", "latest"),
          ("google-containers/pause", "3.2"))


@dataclass
class Lab:
    directory: Path
    certificates: Certificates
    https: list[Registry]
    http: list[Registry]
    _count: itertools.count = field(default_factory=itertools.count, repr=False)

    @property
    def env(self) -> dict:
        """The environment of a runtime that trusts the test CA (Go reads SSL_CERT_FILE)."""
        return {**os.environ, "SSL_CERT_FILE": str(self.certificates.bundle)}

    @property
    def env_without_ca(self) -> dict:
        """The environment of a runtime that trusts only the system's roots: a recipe that
        must name the CA itself (hosts.toml's `ca`) is run in this one."""
        return {**os.environ, "SSL_CERT_FILE": str(SYSTEM_BUNDLE)}

    def mirrors(self) -> Mirrors:
        return Mirrors([r.host for r in self.https], [r.host for r in self.http])

    def registry_at(self, address: str) -> Registry:
        """The local registry at 'host:port' (or a URL of it)."""
        host = address.split("://", 1)[-1].split("/", 1)[0]
        for registry in self.https + self.http:
            if registry.host == host:
                return registry
        raise KeyError(f"no local registry at {address}")

    def scratch(self, name: str) -> Path:
        path = self.directory / f"{next(self._count):03d}-{name}"
        path.mkdir(parents=True)
        return path

    def forget(self) -> None:
        for registry in self.https + self.http:
            registry.forget()


@contextmanager
def run_lab(directory: Path):
    certificates = make_certificates(directory / "tls")
    with ExitStack() as stack:
        https = [stack.enter_context(run_registry(directory / f"https-{i}", certificates))
                 for i in range(2)]
        http = [stack.enter_context(run_registry(directory / "http-0"))]
        for registry in https + http:
            context = ssl_context(certificates) if registry in https else None
            for repository, tag in SEEDED:
                push(registry.url, build_image(repository, tag), context)
        yield Lab(directory, certificates, https, http)
