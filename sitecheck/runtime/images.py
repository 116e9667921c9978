"""A tiny image built in memory (one layer with one file, a config, a schema 2 manifest) and
pushed to a registry over the distribution API, so no image is ever fetched from outside."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import ssl
import tarfile
import urllib.request
from dataclasses import dataclass

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Image:
    repository: str  # e.g. "library/busybox"
    tag: str
    layer: bytes
    config: bytes
    manifest: bytes

    @property
    def manifest_digest(self) -> str:
        return digest(self.manifest)


def _layer(text: str) -> tuple[bytes, bytes]:
    """(gzipped tar, plain tar) holding /hello.txt with `text`."""
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w", format=tarfile.PAX_FORMAT) as tar:
        data = text.encode()
        info = tarfile.TarInfo("hello.txt")
        info.size, info.mtime, info.mode = len(data), 0, 0o644
        tar.addfile(info, io.BytesIO(data))
    return gzip.compress(plain.getvalue(), mtime=0), plain.getvalue()


def build_image(repository: str, tag: str = "latest", text: str | None = None) -> Image:
    """An image whose only file says which repository it was built for, so a pulled copy
    shows where it came from."""
    layer, plain = _layer(text or f"{repository}:{tag} built by the runtime tests\n")
    config = json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"Cmd": ["/hello.txt"]},
        "rootfs": {"type": "layers", "diff_ids": [digest(plain)]},
        "history": [{"created_by": "sitecheck.runtime.images"}],
    }, sort_keys=True).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": CONFIG_TYPE, "size": len(config), "digest": digest(config)},
        "layers": [{"mediaType": LAYER_TYPE, "size": len(layer), "digest": digest(layer)}],
    }, indent=3).encode()
    return Image(repository, tag, layer, config, manifest)


def push(base: str, image: Image, context: ssl.SSLContext | None = None) -> None:
    """Push `image` to the registry at `base` (http://127.0.0.1:PORT or https://...)."""
    def request(method: str, url: str, body: bytes = b"", content_type: str = ""):
        req = urllib.request.Request(url, data=body if method != "POST" else b"", method=method)
        if content_type:
            req.add_header("Content-Type", content_type)
        with urllib.request.urlopen(req, context=context, timeout=30) as answer:
            return answer.status, answer.headers

    for blob in (image.layer, image.config):
        _, headers = request("POST", f"{base}/v2/{image.repository}/blobs/uploads/")
        location = headers["Location"]
        if location.startswith("/"):
            location = base + location
        separator = "&" if "?" in location else "?"
        request("PUT", f"{location}{separator}digest={digest(blob)}", blob,
                "application/octet-stream")
    request("PUT", f"{base}/v2/{image.repository}/manifests/{image.tag}", image.manifest,
            MANIFEST_TYPE)
