"""Registries that fail on purpose, on 127.0.0.1, for the failure cases of the error
reference: 401 with a token service that refuses, 403 with an allowlist body, 429, an HTML
page instead of a registry, and a connection closed without an answer."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REGISTRY_HEADER = ("Docker-Distribution-Api-Version", "registry/2.0")
ALLOWLIST_BODY = ("denied: this image is not in the allowlist. "
                  "https://github.com/DaoCloud/public-image-mirror/issues/2328")


def _answers(kind: str, base: str):
    """(status, headers, body) for a request to the stub of `kind`."""
    if kind == "unauthorized":
        challenge = f'Bearer realm="{base}/token",service="stub"'
        return 401, [REGISTRY_HEADER, ("WWW-Authenticate", challenge),
                     ("Content-Type", "application/json")], json.dumps(
            {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]})
    if kind == "forbidden":
        return 403, [REGISTRY_HEADER, ("Content-Type", "application/json")], json.dumps(
            {"errors": [{"code": "DENIED", "message": ALLOWLIST_BODY}]})
    if kind == "too-many-requests":
        return 429, [("Content-Type", "text/plain")], "Too Many Requests"
    if kind == "html":
        return 200, [("Content-Type", "text/html")], "<html><body>Welcome to nginx!</body></html>"
    raise ValueError(f"no stub registry of kind {kind!r}")


class _Handler(BaseHTTPRequestHandler):
    kind = ""
    seen: list

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_GET(self):
        self.seen.append((self.command, self.path))
        if self.kind == "hang-up":
            self.close_connection = True
            self.connection.close()  # no status line at all: the client sees EOF
            return
        base = f"http://{self.headers.get('Host')}"
        if self.kind == "unauthorized" and self.path.startswith("/token"):
            status, headers, body = 401, [("Content-Type", "application/json")], json.dumps(
                {"details": "incorrect username or password"})
        else:
            status, headers, body = _answers(self.kind, base)
        data = body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_HEAD = do_GET  # noqa: N815 - http.server naming


@contextmanager
def stub_registry(kind: str):
    """A failing registry of `kind` (unauthorized, forbidden, too-many-requests, html,
    hang-up) on plain HTTP; yields (url, requests seen)."""
    if kind != "hang-up":
        _answers(kind, "")  # an unknown kind fails here, not in the server thread
    seen: list = []
    handler = type("StubHandler", (_Handler,), {"kind": kind, "seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
