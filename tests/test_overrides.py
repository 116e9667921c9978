"""Each template override (overrides/) was made from a piece of Material's templates and
names it, with a fingerprint, in its comment. When the installed Material's piece differs,
the override must be re-checked against it: these tests name the override and the piece.
Their effects on every built page are checked in tests/test_site.py."""

import hashlib
import re
from pathlib import Path

import material
import pytest

from sitecheck.pages import ROOT, relative

TEMPLATES = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"
MADE_FROM = re.compile(r"Made from Material (?P<version>[\d.]+), templates/(?P<template>\S+?)"
                       r"(?: block (?P<block>\w+))? \(sha256:(?P<sha256>[0-9a-f]{64})")
SOURCES = [(path, match) for path in sorted(OVERRIDES.rglob("*.html"))
           for match in MADE_FROM.finditer(path.read_text(encoding="utf-8"))]


def fingerprint(text: str) -> str:
    """sha256 of a template's text, its version numbers masked (the generator tag)."""
    return hashlib.sha256(re.sub(r"\d+\.\d+\.\d+", "X.Y.Z", text).encode()).hexdigest()


def template_block(text: str, name: str) -> str:
    """The text of `{% block name %}` up to its own `{% endblock %}`."""
    start = text.find(f"{{% block {name} %}}")
    assert start >= 0, f"Material's template has no block {name} any more"
    depth = 0
    for tag in re.finditer(r"{%-?\s*(block|endblock)\b.*?%}", text[start:]):
        depth += 1 if tag[1] == "block" else -1
        if depth == 0:
            return text[start:start + tag.end()]
    raise AssertionError(f"block {name} is not closed")


def test_every_copied_override_names_what_it_was_made_from():
    assert sorted({relative(path) for path, _ in SOURCES}) == [
        "overrides/main.html", "overrides/partials/source-file.html",
        "overrides/partials/source.html"]


@pytest.mark.parametrize(("path", "made_from"), SOURCES,
                         ids=[f"{relative(p)}:{m['template']}" for p, m in SOURCES])
def test_the_material_source_of_each_override_is_unchanged(path, made_from):
    text = (TEMPLATES / made_from["template"]).read_text(encoding="utf-8")
    piece = f"templates/{made_from['template']}"
    if made_from["block"]:
        text = template_block(text, made_from["block"])
        piece += f" block {made_from['block']}"
    actual = fingerprint(text)
    assert actual == made_from["sha256"], (
        f"{relative(path)} was made from Material {made_from['version']}'s {piece}, which "
        f"Material {material.__version__} has changed: re-check the override against it, "
        f"then record sha256:{actual}")


def test_the_search_dialog_markup_that_main_html_patches_is_still_in_material():
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    patched = re.search(r"replace\('([^']+)'", main)[1]
    search = (TEMPLATES / "partials" / "search.html").read_text(encoding="utf-8")
    assert search.count(patched) == 1, (
        f"overrides/main.html (block header) adds aria-label by replacing {patched!r}, which "
        f"Material's templates/partials/search.html no longer holds exactly once: re-check it")


def test_a_changed_template_gets_another_fingerprint():
    block = template_block("{% block a %}x{% block b %}y{% endblock %}{% endblock %} z", "a")
    assert block == "{% block a %}x{% block b %}y{% endblock %}{% endblock %}"
    assert fingerprint(block) != fingerprint(block.replace("y", "w"))
    assert fingerprint("material-9.8.2") == fingerprint("material-9.9.0")
