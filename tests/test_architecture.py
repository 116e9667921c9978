"""The contributing page on how the site is built (docs/contributing/architecture.*.md)
lists every hook's build events with their priorities, as the hooks declare them: a hook
added, removed or moved to another priority must be written there too, in both languages."""

import re

import pytest

from sitecheck.config import site_yaml
from sitecheck.pages import DOCS, ROOT

PAGE = DOCS / "contributing" / "architecture"
_HOOK = re.compile(r"^(?:@event_priority\((?P<priority>-?\d+)\)[^\n]*\n)?def (?P<event>on_\w+)\(",
                   re.M)
_ROW = re.compile(r"^\| `(?P<event>on_\w+)` \| (?P<priority>[−-]?\d+) \| `(?P<hook>[\w.]+\.py)` \|",
                  re.M)
NOT_BUILD = {"on_serve"}  # `mkdocs serve` only


def declared() -> set[tuple[str, int, str]]:
    """(event, priority, file) of every hook function of mkdocs.yml's hooks."""
    found = set()
    for hook in site_yaml()["hooks"]:
        text = (ROOT / hook).read_text(encoding="utf-8")
        for match in _HOOK.finditer(text):
            if match["event"] not in NOT_BUILD:
                found.add((match["event"], int(match["priority"] or 0), hook.split("/")[-1]))
    return found


def documented(text: str) -> set[tuple[str, int, str]]:
    return {(m["event"], int(m["priority"].replace("−", "-")), m["hook"])
            for m in _ROW.finditer(text)}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_page_lists_every_hook_event_with_its_priority(language):
    text = PAGE.with_suffix(f".{language}.md").read_text(encoding="utf-8")
    code, page = declared(), documented(text)
    assert len(code) >= 19
    assert page == code, (f"architecture.{language}.md: missing {sorted(code - page)}, "
                          f"not in the hooks {sorted(page - code)}")


def test_a_moved_priority_is_noticed():
    row = "| `on_post_build` | −110 | `search_by_language.py` |"
    assert documented(row) == {("on_post_build", -110, "search_by_language.py")}
    assert documented(row.replace("−110", "−100")) != documented(row)
