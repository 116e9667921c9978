"""Property tests for hooks/grav_notices.py over generated Markdown.

Documents are built from blocks (notices, quotes, paragraphs, lists, fenced and indented
code) joined by blank lines, so each generated code block is known to be code.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.grav_notices import convert_notices

WORD = st.text(alphabet="abcxyz*_`[]()#<>/.:!", min_size=1, max_size=8).filter(
    lambda w: not w.startswith((">", "#", "`"))
)
SENTENCE = st.lists(WORD, min_size=1, max_size=5).map(" ".join)
SPACE = st.sampled_from(["", " ", "\t"])


@st.composite
def chevrons(draw):
    level = draw(st.integers(min_value=1, max_value=8))
    return "".join(">" + draw(st.sampled_from(["", " "])) for _ in range(level))


@st.composite
def notice(draw):
    lines = [draw(chevrons()) + draw(SPACE) + draw(SENTENCE)]
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            lines.append(draw(chevrons()) + " " + draw(SENTENCE))
        else:
            lines.append(draw(SENTENCE))  # lazy continuation
    return "\n".join(lines)


@st.composite
def fenced_code(draw):
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    body = draw(st.lists(st.one_of(SENTENCE, chevrons().map(lambda c: c + " code")), max_size=4))
    indent = draw(st.sampled_from(["", "    ", "\t"]))
    lines = [fence + draw(st.sampled_from(["", "markdown", "bash"])), *body, fence]
    return "\n".join(indent + line for line in lines)


@st.composite
def indented_code(draw):
    body = draw(st.lists(st.one_of(SENTENCE, chevrons().map(lambda c: c + " code")),
                         min_size=1, max_size=4))
    indent = draw(st.sampled_from(["    ", "\t"]))
    return "Code:\n\n" + "\n".join(indent + line for line in body)


@st.composite
def list_block(draw):
    items = []
    for number in range(draw(st.integers(1, 3))):
        marker = draw(st.sampled_from(["-", "*", f"{number + 1}."]))
        items.append(f"{marker} {draw(SENTENCE)}")
        if draw(st.booleans()):
            items.append("")
            items.append("    " + draw(chevrons()) + " " + draw(SENTENCE))
            items.append("")
    return "\n".join(items)


BLOCK = st.one_of(
    notice(),
    SENTENCE,
    chevrons().map(lambda c: c + " quoted"),
    st.tuples(st.sampled_from(["#", "##", "###"]), SENTENCE).map(" ".join),
    list_block(),
    fenced_code(),
    indented_code(),
)


@st.composite
def document(draw):
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=8))
    text = "\n\n".join(blocks) + draw(st.sampled_from(["", "\n"]))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return blocks, text


def squash(text: str) -> str:
    """Text without chevrons, admonition markers and white space: what must survive."""
    text = re.sub(r"(?m)^[ \t]*!!! (info|warning|note|tip)\r?$", "", text)
    return re.sub(r"[>\s]", "", text)


@settings(max_examples=300, deadline=None)
@given(document())
def test_never_raises_and_is_idempotent(doc):
    _, text = doc
    once = convert_notices(text)
    assert convert_notices(once) == once


@settings(max_examples=300, deadline=None)
@given(document())
def test_every_code_line_is_unchanged(doc):
    blocks, text = doc
    crlf = "\r\n" in text
    out = convert_notices(text)
    for block in blocks:
        if block.lstrip().startswith(("```", "~~~", "````")) or block.startswith("Code:"):
            expected = block.replace("\n", "\r\n") if crlf else block
            assert expected in out


@settings(max_examples=300, deadline=None)
@given(document())
def test_no_text_is_lost(doc):
    _, text = doc
    assert squash(convert_notices(text)) == squash(text)
