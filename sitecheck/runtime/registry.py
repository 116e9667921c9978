"""Debian's docker-registry (distribution 2.8) on 127.0.0.1 as the mirror: plain HTTP, HTTPS
with the test CA, or a pull-through cache of another registry. Its access log is the proof
that a runtime pulled through it."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .tls import Certificates

EXECUTABLE = "docker-registry"
# gorilla/handlers' combined log, which distribution writes for every request:
# 127.0.0.1 - - [06/Dec/2026:20:40:01 +0000] "GET /v2/library/busybox/manifests/latest HTTP/1.1" 200 ...
_ACCESS = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Registry:
    url: str  # http://127.0.0.1:PORT or https://127.0.0.1:PORT
    log: Path
    process: subprocess.Popen = field(repr=False)

    @property
    def host(self) -> str:
        """127.0.0.1:PORT, as a mirror is written without its scheme."""
        return self.url.split("://", 1)[1]

    def requests(self) -> list[tuple[str, str, int]]:
        """(method, path, status) of every request the registry answered so far."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [(m["method"], m["path"], int(m["status"])) for m in _ACCESS.finditer(text)]

    def served(self, repository: str) -> bool:
        """Whether a manifest of `repository` was answered with 200 (a pull, not a probe)."""
        return any(method == "GET" and status == 200 and
                   path.startswith(f"/v2/{repository}/manifests/")
                   for method, path, status in self.requests())

    def forget(self) -> None:
        """Start the request log afresh (between two checks on one registry)."""
        self.log.write_text("", encoding="utf-8")


def registry_config(storage: Path, port: int, certificates: Certificates | None = None,
                    proxy: dict | None = None) -> dict:
    config = {
        "version": 0.1,
        "log": {"level": "info", "accesslog": {"disabled": False}},
        "storage": {"filesystem": {"rootdirectory": str(storage)}, "delete": {"enabled": True}},
        "http": {"addr": f"127.0.0.1:{port}"},
    }
    if certificates:
        config["http"]["tls"] = {"certificate": str(certificates.cert),
                                 "key": str(certificates.key)}
    if proxy:
        config["proxy"] = proxy
    return config


@contextmanager
def run_registry(directory: Path, certificates: Certificates | None = None,
                 config: dict | None = None, env: dict | None = None):
    """Start docker-registry in `directory` with the given config (or a plain one), wait until
    /v2/ answers, yield a Registry, and stop it."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    if config is None:
        config = registry_config(directory / "storage", port, certificates)
    else:
        config = dict(config)
        config["http"] = {**config.get("http", {}), "addr": f"127.0.0.1:{port}"}
        if certificates:
            config["http"]["tls"] = {"certificate": str(certificates.cert),
                                     "key": str(certificates.key)}
    config_file = directory / "config.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    log = directory / "registry.log"
    scheme = "https" if "tls" in config["http"] else "http"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen([shutil.which(EXECUTABLE) or EXECUTABLE, "serve",
                                    str(config_file)], stdout=out, stderr=subprocess.STDOUT,
                                   env=env, start_new_session=True)
    registry = Registry(f"{scheme}://127.0.0.1:{port}", log, process)
    try:
        _wait_listening(port, process, log)
        yield registry
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_listening(port: int, process: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"docker-registry exited ({process.returncode}):\n"
                               + log.read_text(encoding="utf-8", errors="replace")[-2000:])
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"docker-registry did not listen on 127.0.0.1:{port} in {timeout} s")


def ssl_context(certificates: Certificates | None):
    import ssl
    return ssl.create_default_context(cafile=str(certificates.ca)) if certificates else None

