"""Serve a built site on 127.0.0.1 as a static host would, for tests and link checks.

    python -m tests.sitecheck.serve SITE_DIR -- COMMAND ...   runs COMMAND with the
    site's URL appended, then stops the server and exits with COMMAND's status.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def end_headers(self):
        # linkchecker throttles every host to about 3 requests a second unless the server
        # answers with this header; it is a local test server, so no throttling is needed.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


@contextmanager
def serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
