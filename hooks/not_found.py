"""One 404 page for every language, showing the language of the missing path.

A static host (GitHub Pages) serves the one /404.html for every missing path, /en/... too;
mkdocs-static-i18n renders 404.html once per language and the last language built wins.
This hook keeps each language's rendering (overrides/404.html) and writes one 404.html:
the default language's page, plus each other language's body and search settings in an
inert <template>. A small inline script, run before Material's own script, picks the
language from the path (/en/... is English) and swaps that language in: text, navigation,
search index (`__config.base`, set per language by the template, overrides/main.html),
title and `lang`. No request is made to decide; without JavaScript the page stays in the
default language.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

try:  # loaded by MkDocs, which puts this folder on sys.path while it imports a hook
    from search_by_language import language_prefixes
except ImportError:  # imported from the project root (tests)
    from hooks.search_by_language import language_prefixes

_rendered: dict[str, str] = {}  # locale -> its 404.html, from the language passes of a build

_BODY = re.compile(r"(<body\b[^>]*>)(.*?)(<script id=\"__config\" type=\"application/json\">"
                   r".*?</script>)", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


# MkDocs glue ---------------------------------------------------------------------------

def on_post_template(output, template_name, config):
    if template_name == "404.html":
        _rendered[config.theme["language"]] = output
    return output


@event_priority(-120)  # after static-i18n (-100) has built every language
def on_post_build(config):
    prefixes = language_prefixes(config)
    if len(prefixes) < 2 or not set(prefixes) <= set(_rendered):
        return  # one language, or an inner language pass before all were rendered
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    pages = {locale: _rendered[locale] for locale in prefixes}
    (Path(config.site_dir) / "404.html").write_text(merge_404(pages, prefixes, root),
                                                    encoding="utf-8")


# Pure functions ------------------------------------------------------------------------

def merge_404(pages: dict[str, str], prefixes: dict[str, str], root: str = "/") -> str:
    """One 404 page from each language's rendering.

    `pages`: locale -> rendered 404.html; `prefixes`: locale -> path prefix ('' for the
    default language, 'en/' for English); `root`: the site's path on its host."""
    default = next(locale for locale, prefix in prefixes.items() if not prefix)
    base = _parts(pages[default], default)
    templates, paths = [], {}
    for locale, prefix in prefixes.items():
        if not prefix:
            continue
        other = _parts(pages[locale], locale)  # its __config.base is its language's root
        if other["body_tag"] != base["body_tag"]:
            raise PluginError(f"404.html ({locale}): its <body> differs from the "
                              f"{default} page's, which the language switch keeps")
        paths[locale] = root + prefix
        templates.append(
            f'<template id="__404-{locale}" data-title="{html.escape(other["title"])}">'
            f'{other["body"]}{other["config"]}</template>')
    script = _SWAP_SCRIPT.replace("PATHS", json.dumps(paths, separators=(",", ":")))
    page = pages[default]
    end = base["end"]
    return page[:end] + "".join(templates) + f"<script>{script}</script>" + page[end:]


def _parts(page: str, locale: str) -> dict:
    body = _BODY.search(page)
    title = _TITLE.search(page)
    if body is None or title is None:
        missing = "<title>" if title is None else '<body> ... <script id="__config">'
        raise PluginError(f"404.html ({locale}): cannot find {missing} in the rendered page; "
                          "has Material's base.html changed?")
    return {"body_tag": body.group(1), "body": body.group(2), "config": body.group(3),
            "end": body.end(3), "title": html.unescape(title.group(1).strip())}


# Runs in the page, after the default language's body and before Material's script: if the
# path is under a language's prefix, put that language's body and `__config` in place.
_SWAP_SCRIPT = """(function () {
  var paths = PATHS, path = location.pathname, lang;
  for (var l in paths)
    if (path === paths[l].slice(0, -1) || path.indexOf(paths[l]) === 0) lang = l;
  if (!lang) return;
  var template = document.getElementById("__404-" + lang), content = template.content;
  var config = document.getElementById("__config"), body = document.body;
  config.textContent = content.getElementById("__config").textContent;
  content.querySelectorAll("script").forEach(function (s) { s.remove(); });
  while (body.firstChild !== config) body.removeChild(body.firstChild);
  body.insertBefore(content, config);
  template.remove();
  document.documentElement.lang = lang;
  document.title = template.dataset.title;
})();"""
