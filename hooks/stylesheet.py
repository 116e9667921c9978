"""One style sheet per page: Material's two and the site's own styles, joined into one file.

Material links two render-blocking style sheets, main and palette (the light and dark
schemes, which the colour switch needs), and the site's own styles were an inline <style> on
every page. Side by side with Material's defaults, which have one sheet, every page painted
later (Lighthouse mobile, whose simulated network pays for each blocking request and for
each kilobyte of the page before the first paint). So the styles are one file:

1. on every page, the template's styles block (overrides/main.html) links only the file
   that `site_stylesheet` names (a template global this hook sets once per build);
2. after the build, the file is written there: Material's main sheet, its palette sheet
   (when the theme has a palette, as Material links it) and site_styles.css (next to this
   file), in that order, each part whole, named by a hash of the joined text so that a
   cache never serves an old one.

Material's own two files are still written by Material (nothing else links them).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

SITE_STYLES = Path(__file__).with_name("site_styles.css")
FOLDER = PurePosixPath("assets/stylesheets")  # where Material's sheets are, and the site's
MATERIAL_SHEETS = ("main", "palette")


# MkDocs glue ---------------------------------------------------------------------------

def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["site_stylesheet"] = stylesheet_name(_joined(*_parts(config)))
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    text = _joined(*_parts(config))
    path = Path(config.site_dir) / stylesheet_name(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _parts(config: MkDocsConfig) -> tuple[tuple[str, str], ...]:
    names = MATERIAL_SHEETS if config.theme.get("palette") else MATERIAL_SHEETS[:1]
    sheets = [material_sheet(config.theme.dirs, name) for name in names]
    return (*((str(path), path.read_text(encoding="utf-8")) for path in sheets),
            (str(SITE_STYLES), SITE_STYLES.read_text(encoding="utf-8")))


@functools.cache
def _joined(*parts: tuple[str, str]) -> str:
    return joined_stylesheet(list(parts))


# Pure functions ------------------------------------------------------------------------

def material_sheet(theme_dirs: list[str], name: str) -> Path:
    """Material's minified sheet `name` (main.<hash>.min.css) in the first theme folder that
    has one; an error names the folders when none or several match."""
    for folder in theme_dirs:
        found = sorted((Path(folder) / FOLDER).glob(f"{name}.*.min.css"))
        if len(found) > 1:
            raise ValueError(f"stylesheet: several {name} sheets in {folder}/{FOLDER}: "
                             f"{[path.name for path in found]}")
        if found:
            return found[0]
    raise ValueError(f"stylesheet: no {FOLDER}/{name}.*.min.css in the theme folders "
                     f"{list(theme_dirs)}")


_AT_START_ONLY = re.compile(r"@(?:charset|import)\b", re.I)
_SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=")


def joined_stylesheet(parts: list[tuple[str, str]]) -> str:
    """The parts, (file name, text) in order, as one sheet: each whole, each after a comment
    naming its file. A rule that CSS obeys only at the very start of a sheet (@charset,
    @import) or a source map comment is refused in any part after the first, with the file and
    line: joined, it would be ignored or point the browser at the wrong file."""
    if not parts:
        raise ValueError("stylesheet: nothing to join")
    pieces = []
    for number, (name, text) in enumerate(parts):
        for line_number, line in enumerate(text.splitlines(), start=1):
            if _SOURCE_MAP.search(line) or (number and _AT_START_ONLY.search(line)):
                raise ValueError(f"{name}:{line_number}: {line.strip()[:60]!r} cannot be "
                                 "joined into one sheet after another (it only works at the "
                                 "start of its own file); move it or drop it")
        head = "" if number == 0 else f"/* {Path(name).name} */\n"
        pieces.append(head + text.rstrip("\n") + "\n")
    return "".join(pieces)


def stylesheet_name(text: str) -> str:
    """The joined sheet's address under the site: a hash of its text in the name, which a
    static host may cache for a year (sitecheck/serve.py does, as GitHub Pages' CDN would)."""
    return str(FOLDER / f"site.{hashlib.sha256(text.encode()).hexdigest()[:8]}.min.css")
