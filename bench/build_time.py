"""Build: the whole site with and without the project's hooks, and a site 20 times larger."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from sitecheck.config import every_page_listed
from sitecheck.pages import DOCS

from .common import builder, interleaved_medians, quiet


def bench_build(runs: int = 5, docs: Path = DOCS, overrides: dict | None = None,
                label: str = "build") -> dict[str, float]:
    quiet()
    with tempfile.TemporaryDirectory() as out:
        variants = {
            "with hooks": builder(Path(out) / "a", hooks=True, overrides=overrides),
            "without hooks": builder(Path(out) / "b", hooks=False, overrides=overrides),
        }
        variants["with hooks"]()  # warm-up: jieba's dictionary, imports
        result = interleaved_medians(variants, runs)
    share = result["with hooks"] / result["without hooks"] - 1
    pages = len(list(docs.rglob("*.md")))
    print(f"{label}: {pages} page files, median of {runs} interleaved builds")
    print(f"  with hooks     {result['with hooks']:7.2f} s")
    print(f"  without hooks  {result['without hooks']:7.2f} s")
    print(f"  hooks' share   {share:7.1%}  (budget <= 10%)")
    return result


def bench_scale(factor: int = 20, runs: int = 3) -> None:
    """A generated site `factor` times ours: every page pair copied into `factor` sections."""
    base = bench_build(runs=runs, label="scale 1x")
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        shutil.copytree(DOCS / "assets", docs / "assets")
        for source in DOCS.rglob("*.md"):
            for copy in range(factor):
                target = docs / f"copy{copy:02d}" / source.relative_to(DOCS)
                target.parent.mkdir(parents=True, exist_ok=True)
                text = source.read_text(encoding="utf-8")
                text = re.sub(r"\]\((\.\./)*(assets/)", lambda m: "](" + "../" + (m.group(1) or "") + m.group(2), text)
                target.write_text(text, encoding="utf-8")
        for index in ("index.zh.md", "index.en.md"):
            shutil.copy(DOCS / index, docs / index)
        scaled = bench_build(runs=runs, docs=docs, overrides=every_page_listed(docs),
                             label=f"scale {factor}x")
    growth = scaled["with hooks"] / base["with hooks"]
    verdict = "no faster than the content" if growth <= factor else "faster than the content"
    print(f"  build time grew {growth:.1f}x for {factor}x the content: {verdict}")
    print(f"  hooks' share at {factor}x: "
          f"{scaled['with hooks'] / scaled['without hooks'] - 1:.1%} (budget <= 10%)")
