"""The offline copy: both languages in one zip that works opened from disk.

    python -m sitecheck.offline [ZIP]   build it (default: dist/registry-mirror-guide-offline.zip)

The build is a separate strict build with OFFLINE=true (Material's offline plugin and
hooks/offline.py); the site online is not changed. The zip holds one folder, whose
index.html is the Chinese home page and en/index.html the English one. The same files also
work served by any plain web server (search then loads the JSON indexes).
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .build import build_site
from .pages import ROOT, Problem
from .rendered import urls

FOLDER = "registry-mirror-guide"
DEFAULT_ZIP = ROOT / "dist" / f"{FOLDER}-offline.zip"
LEFT_OUT = (".map",)  # source maps of Material's scripts: for debugging, not for reading


def build_offline(zip_path: Path = DEFAULT_ZIP, project: Path = ROOT) -> Path:
    """Build the offline copy of `project` and write it to `zip_path`."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / FOLDER
        result = build_site(project, site, env={"OFFLINE": "true"})
        if result.returncode != 0:
            raise RuntimeError(f"offline build failed:\n{result.stdout}{result.stderr}")
        if not (site / "assets" / "javascripts" / "offline-worker.js").is_file():
            raise RuntimeError("offline build has no offline-worker.js: is the offline plugin "
                               "in mkdocs.yml and hooks/offline.py among the hooks?")
        zip_site(site, zip_path)
    return zip_path


def zip_site(site: Path, zip_path: Path) -> None:
    """Zip `site` as one folder named FOLDER, in a stable order."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and not path.name.endswith(LEFT_OUT):
                archive.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")


def broken_links(site: Path) -> list[Problem]:
    """Links and references in the pages of `site` that do not open a file from disk: a
    link to a folder ("guide/") shows a file listing or nothing when opened from file://.
    Every URL the page holds counts (sitecheck.rendered.urls). Links to other hosts, to the
    same page ("#id"), data: URLs and the 404 page (served only by a web server, with links
    from the site root) are not checked."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        if page == site / "404.html":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for url in urls(soup):
            parts = urlsplit(url.url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                kind = "a folder" if target.is_dir() else "nothing"
                problems.append(Problem(page.relative_to(site).as_posix(), url.line,
                                        f"{url.url!r} opens {kind} from disk"))
    return problems


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DEFAULT_ZIP
    build_offline(target)
    print(f"{target} ({target.stat().st_size:,} bytes): unzip it and open "
          f"{FOLDER}/index.html (English: {FOLDER}/en/index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
