"""A Content Security Policy on every page, in a <meta http-equiv> tag (a static host such as
GitHub Pages sends no headers of ours).

Scripts and styles come from the site itself or are inline blocks whose sha256 the policy
names; nothing else runs. The hashes are taken from each page's final HTML, after every other
hook has changed it, so an inline script added anywhere (Material's templates, an override,
a hook) is covered on its next build, and tests/test_csp.py finds a page whose inline script
has no hash (`uncovered`). Directives, and why (measured in Chromium, Material 9.8.2):

- default-src 'self': anything not named below (fetches of the search index and the
  sitemap, the offline copy's hidden worker frame) comes from the site only.
- script-src 'self' + hashes: Material's bundle, the site's files under assets/, and the
  inline scripts: Material's `__md_scope`, palette, tabs and anchor scripts, and the 404
  page's language switch. No 'unsafe-eval': Material's bundle evaluates no strings (no
  violation in the browser tests), and the search runs in the site's worker, a file whose
  own response headers, not this page's <meta>, would set its policy. JSON blocks (`__config`,
  FAQ JSON-LD) are data, never run, so they need no hash.
- style-src 'self' + hashes: the site's one style sheet (hooks/stylesheet.py), and the hash
  of any inline <style> a page holds (none does today). Material sets styles through the CSSOM
  (element.style), which a policy does not restrict, and the pages hold no style="...".
- img-src 'self' data:: the favicon and Material's icons, which its CSS embeds as data: URLs.
- worker-src 'self': the search worker is a file of the site (hooks/search_worker.py); no
  blob: worker is made, so blob: is not allowed.
- object-src 'none', base-uri 'self', form-action 'self': no plugins, no <base> to another
  host, and the search form cannot post elsewhere.

`frame-ancestors`, `report-uri` and `sandbox` are ignored in a <meta> policy, so none is set.
The offline copy (`make offline`) gets the same policy: opened from disk in Chromium, 'self'
matches the copy's own file:// scripts, styles and worker frame (measured, and
tests/test_offline.py searches it with no console error).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.S | re.I)
_TYPE = re.compile(r"""(?<![\w-])type\s*=\s*["']?([^"'\s>]+)""", re.I)  # not data-type
_SRC = re.compile(r"(?<![\w-])src\s*=", re.I)  # not data-src
_POLICY = re.compile(r'[ \t]*<meta http-equiv="Content-Security-Policy" content="([^"]*)">\n?')
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta charset=[^>]*>)?", re.I)
# Types a browser runs as script (the HTML standard's JavaScript MIME types, and modules).
_RUN = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
        "text/ecmascript", "text/jscript", "text/livescript", "application/x-javascript"}


# MkDocs glue ---------------------------------------------------------------------------

@event_priority(-1000)  # after every other hook and plugin has written the page
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return with_policy(output)


@event_priority(-1000)  # after hooks/not_found.py (-120) has written the one 404.html
def on_post_build(*, config: MkDocsConfig) -> None:
    page = Path(config.site_dir) / "404.html"
    if page.is_file():
        text = page.read_text(encoding="utf-8")
        page.write_text(with_policy(text), encoding="utf-8")


# Pure functions ------------------------------------------------------------------------

def sha256(text: str) -> str:
    """The CSP source expression of an inline block's text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_scripts(page: str) -> list[str]:
    """The text of each inline script of `page` that a browser runs (not JSON data blocks)."""
    scripts = []
    for match in _SCRIPT.finditer(page):
        attrs = match["attrs"]
        kind = _TYPE.search(attrs)
        if not _SRC.search(attrs) and (kind[1].lower() if kind else "") in _RUN:
            scripts.append(match["body"])
    return scripts


def inline_styles(page: str) -> list[str]:
    return [match["body"] for match in _STYLE.finditer(page)]


def policy(page: str) -> str:
    """The policy for one page: its own inline scripts' and styles' hashes, in page order."""
    scripts = " ".join(dict.fromkeys(map(sha256, inline_scripts(page))))
    styles = " ".join(dict.fromkeys(map(sha256, inline_styles(page))))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {scripts}".rstrip(),
        f"style-src 'self' {styles}".rstrip(),
        "img-src 'self' data:",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def with_policy(page: str) -> str:
    """`page` with its policy as the first tag of <head> after the charset (a policy covers
    only what follows it); a policy already there is replaced."""
    page = _POLICY.sub("", page)
    head = _HEAD.search(page)
    if head is None:
        return page  # not an HTML document (a redirect stub has no <head>): nothing runs
    tag = f'\n  <meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    return page[:head.end()] + tag + page[head.end():]


_REFUSED = re.compile(
    r"""<[a-zA-Z][^>]*?\s(?P<attr>on[a-z]+|style)\s*=\s*["']?(?P<value>[^"'>]{0,40})""", re.I)


def refused(page: str) -> list[str]:
    """What the policy blocks and a hash cannot allow (without 'unsafe-hashes' or
    'unsafe-inline'): event handler and style attributes. The pages have none; an override,
    a hook or Markdown's attr_list that adds one breaks the page. (Material's search share
    button has href="javascript:void(0)", which its script never follows: clicking it
    raises no violation, tests/test_csp.py.)"""
    return [f'{match["attr"]}="{match["value"]}' for match in _REFUSED.finditer(page)]


def uncovered(page: str) -> list[str]:
    """Inline scripts and styles of `page` whose hash its policy lacks (the first 60
    characters of each); every one of them if it has no policy."""
    found = _POLICY.search(page)
    allowed = set(re.split(r"[\s;]+", found[1])) if found else set()
    blocks = inline_scripts(page) + inline_styles(page)
    return [block.strip()[:60] for block in blocks if sha256(block) not in allowed]
