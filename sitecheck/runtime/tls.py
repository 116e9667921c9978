"""A private CA and a server certificate for 127.0.0.1 and localhost, made with openssl for
one test run, and a CA bundle that Go programs read through SSL_CERT_FILE. The certificate
names registry-1.docker.io too: the proxy checks tunnel a pull of Docker Hub to a local
registry (sitecheck/runtime/proxy.py); the lab has no route to the real one."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA certificate (PEM), what a reader puts in certs.d/.../ca.crt
    cert: Path  # the server certificate
    key: Path  # its key
    bundle: Path  # the system's roots plus the CA: SSL_CERT_FILE for the runtimes


def _openssl(*args: str, cwd: Path) -> None:
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"openssl {' '.join(args[:2])} failed: {result.stderr.strip()}")


def make_certificates(directory: Path, name: str = "registry-mirror-guide test CA") -> Certificates:
    directory.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
             "-keyout", "ca.key", "-out", "ca.crt", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    (directory / "server.ext").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:registry-1.docker.io\n"
        "extendedKeyUsage=serverAuth\n"
        "basicConstraints=CA:FALSE\n", encoding="ascii")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", "server.key", "-out", "server.csr", cwd=directory)
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt",
             cwd=directory)
    bundle = directory / "bundle.crt"
    system = SYSTEM_BUNDLE.read_text(encoding="ascii") if SYSTEM_BUNDLE.exists() else ""
    bundle.write_text(system + (directory / "ca.crt").read_text(encoding="ascii"),
                      encoding="ascii")
    return Certificates(directory / "ca.crt", directory / "server.crt", directory / "server.key",
                        bundle)
