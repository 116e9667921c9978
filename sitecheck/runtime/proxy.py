"""A forward HTTP proxy on 127.0.0.1 for the runtime checks of the proxy recipes: it answers
CONNECT (the tunnel a Go client opens through HTTPS_PROXY for an https:// registry), records
each target it was asked for, and carries the tunnel to the local registry that stands in for
that target; a target it has no stand-in for gets 502, as a proxy that cannot reach it would.
Nothing leaves the machine."""

from __future__ import annotations

import select
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Proxy:
    url: str  # http://127.0.0.1:port, what HTTPS_PROXY is set to
    routes: dict[str, str]  # CONNECT target 'host:port' -> the local 'host:port' behind it
    asked: list[str] = field(default_factory=list)  # every CONNECT target, in order


def _tunnel(client: socket.socket, upstream: socket.socket) -> None:
    sockets = [client, upstream]
    while True:
        readable, _, broken = select.select(sockets, [], sockets, 30)
        if broken or not readable:
            return
        for source in readable:
            data = source.recv(65536)
            if not data:
                return
            (upstream if source is client else client).sendall(data)


@contextmanager
def run_proxy(routes: dict[str, str]) -> Iterator[Proxy]:
    """A proxy whose CONNECT to a key of `routes` reaches the 'host:port' it maps to."""
    proxy = Proxy("", dict(routes))

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            request = self.rfile.readline(8192).decode("latin-1").split()
            while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                pass  # the request's headers
            if len(request) != 3 or request[0] != "CONNECT":
                self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                return
            target = request[1]
            proxy.asked.append(target)
            behind = proxy.routes.get(target)
            if behind is None:
                self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\n\r\n")
                return
            host, _, port = behind.rpartition(":")
            with socket.create_connection((host, int(port)), timeout=10) as upstream:
                self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                self.wfile.flush()
                _tunnel(self.connection, upstream)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    proxy.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
