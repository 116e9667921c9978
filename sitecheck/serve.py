"""Serve a built site on 127.0.0.1 as a static host would, for tests and link checks.

    python -m sitecheck.serve SITE_DIR -- COMMAND ...   runs COMMAND with the
    site's URL appended, then stops the server and exits with COMMAND's status.
"""

from __future__ import annotations

import functools
import gzip
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def end_headers(self):
        # linkchecker throttles every host to about 3 requests a second unless the server
        # answers with this header; it is a local test server, so no throttling is needed.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


class _StaticHostHandler(_QuietHandler):
    """Like a static host: gzip for text, a year's cache for fingerprinted assets."""

    FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in self.COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()  # also redirects "dir" to "dir/"
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def end_headers(self):
        fingerprinted = self.FINGERPRINTED.search(self.path.split("?")[0])
        self.send_header("Cache-Control",
                         "public, max-age=31536000, immutable" if fingerprinted else "max-age=600")
        super().end_headers()


class _GitHubPagesHandler(_StaticHostHandler):
    """Like GitHub Pages: a path with no file gets the site's /404.html, status 404."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file() or (path / "index.html").is_file():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


class _Server(ThreadingHTTPServer):
    # The standard library's backlog of 5 makes a busy browser's connections wait for a retry
    # of their SYN (a second or more) when several tabs load at once.
    request_queue_size = 64
    daemon_threads = True


@contextmanager
def serve(site: Path, static_host: bool = False, github_pages: bool = False):
    """Serve `site` on a free port of 127.0.0.1; `static_host` adds gzip and caching,
    `github_pages` also answers a missing path with /404.html and status 404."""
    kind = _GitHubPagesHandler if github_pages else _StaticHostHandler if static_host else _QuietHandler
    handler = functools.partial(kind, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with serve(Path(argv[0])) as url:
        return subprocess.run([*argv[2:], url]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
