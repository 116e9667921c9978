"""hooks/markdown_fences.py: the one fence scanner that the notice hook and the validators
share, so that both agree on what is code."""

import pytest

from hooks.grav_notices import convert_notices
from hooks.markdown_fences import fenced_blocks, opening_fence
from sitecheck.pages import code_blocks, prose_lines


@pytest.mark.parametrize(
    ("line", "marker", "info"),
    [("```bash", "```", "bash"),
     ("    ````markdown title=\"x\"  ", "````", 'markdown title="x"'),
     ("\t~~~", "~~~", ""),
     ('~~~markdown title="a `b`"', "~~~", 'markdown title="a `b`"')],
)
def test_a_fence_opens_at_any_indentation_with_its_info(line, marker, info):
    fence = opening_fence(line)
    assert (fence.marker, fence.info) == (marker, info)


@pytest.mark.parametrize("line", ["``", "```bash `x`", "``` `code` ```", "text ```", "~~ ~"])
def test_lines_that_open_no_fence(line):
    assert opening_fence(line) is None


def test_a_fence_is_closed_by_the_same_character_at_least_as_long():
    fence = opening_fence("````")
    assert not fence.closed_by("```") and not fence.closed_by("~~~~")
    assert not fence.closed_by("```` x")
    assert fence.closed_by("````") and fence.closed_by("    `````  \n")


def test_an_unclosed_fence_runs_to_the_end():
    assert [(a, b) for a, b, _ in fenced_blocks(["```", "x", "```", "~~~", "y"])] == [(0, 2), (3, 5)]


# The case on which the hook and the validators used to disagree: a tilde fence whose info
# string holds a backtick. The hook took it for code; code_blocks() did not, took the
# closing ~~~ for an opening one, and read the rest of the page as code.
PAGE = """Intro

~~~markdown title="a `b`"
>>> literal
~~~

>>> A notice after the block.

```bash
echo ok
```
"""


def test_hook_and_validators_agree_on_a_tilde_fence_with_a_backtick_in_its_info(tmp_path):
    blocks = code_blocks(tmp_path / "page.md", PAGE)
    assert [(b.line, b.end_line, b.language, b.title) for b in blocks] == [
        (3, 5, "markdown", "a `b`"), (9, 11, "bash", "")]
    assert 7 in [number for number, _ in prose_lines(tmp_path / "page.md", PAGE)]
    converted = convert_notices(PAGE)
    assert ">>> literal\n~~~\n" in converted
    assert "!!! info\n    A notice after the block.\n" in converted
