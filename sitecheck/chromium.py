"""Debian's Chromium, as the browser tests and benchmarks start it."""

from __future__ import annotations

import shutil

# No sandbox (root in a container), and none of the background connections that a closed
# network refuses (updates, sync, field trials).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_executable() -> str | None:
    """Path of Debian's chromium, or None when it is not installed."""
    return shutil.which("chromium")
