"""Markdown example blocks (the writing guide's): they must render through the site's own
pipeline, hooks included."""

from __future__ import annotations

from ..pages import CodeBlock, Problem


def check_markdown(block: CodeBlock) -> list[Problem]:
    from ..render import render_markdown  # imports MkDocs and the hooks; only when needed

    try:
        render_markdown(block.code)
    except Exception as error:  # noqa: BLE001 - any failure of the pipeline is the finding
        return [block.problem(f"Markdown example does not render: {error}")]
    return []
