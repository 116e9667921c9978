"""Building the site for tests and benchmarks, and listing the pages of a built site.

    python -m sitecheck.build SITE_DIR [--overrides JSON] [--without MODULE]

builds the site strictly into SITE_DIR with top-level config overrides (checked to exist in
mkdocs.yml, see sitecheck.config), in a process where MODULE cannot be imported: Material's
search uses jieba whenever it can import it, so a build with Material's default Chinese
segmentation needs a process without it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import Abort

from .config import CONFIG_FILE, load_site_config
from .pages import ROOT


def build_site(project: Path, site_dir: Path,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site_dir`, with `env` added to the
    environment; output in .stdout/.stderr."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def build_variant(site_dir: Path, overrides: dict | None = None,
                  without: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """A strict build of the site with `overrides`, in a new process (see the module's
    docstring); output in .stdout/.stderr."""
    command = [sys.executable, "-m", "sitecheck.build", str(site_dir),
               "--overrides", json.dumps(overrides or {})]
    for module in without:
        command += ["--without", module]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def build_in_process(config) -> None:
    """Build a loaded configuration here, as `mkdocs build` does (strict if it says so)."""
    from mkdocs.commands.build import build

    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def site_pages(site: Path) -> list[str]:
    """URL paths of every built page (both languages), like 'guide/verify/' or 'en/'."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir")
    parser.add_argument("--overrides", default="{}", help="top-level config keys, as JSON")
    parser.add_argument("--without", action="append", default=[], metavar="MODULE",
                        help="a module the build must not be able to import")
    args = parser.parse_args(argv)
    for module in args.without:  # before the config loads the plugins that import them
        sys.modules[module] = None  # `import module` now raises ImportError
    logging.basicConfig(format="%(levelname)s - %(name)s: %(message)s", level=logging.WARNING)
    overrides = {**json.loads(args.overrides), "site_dir": str(Path(args.site_dir).resolve())}
    try:
        build_in_process(load_site_config(CONFIG_FILE, **overrides))
    except Abort as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
