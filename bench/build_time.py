"""Build: the whole site with and without the project's hooks, and a site 20 times larger."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from sitecheck.pages import ROOT

from .common import alternate, builder, quiet


def bench_build(runs: int = 5, project: Path = ROOT, label: str = "build") -> dict[str, float]:
    quiet()
    with tempfile.TemporaryDirectory() as out:
        variants = {
            "with hooks": builder(project / "mkdocs.yml", Path(out) / "a", hooks=True),
            "without hooks": builder(project / "mkdocs.yml", Path(out) / "b", hooks=False),
        }
        variants["with hooks"]()  # warm-up: jieba's dictionary, imports
        result = alternate(variants, runs)
    share = result["with hooks"] / result["without hooks"] - 1
    pages = len(list((project / "docs").rglob("*.md")))
    print(f"{label}: {pages} page files, median of {runs} alternating builds")
    print(f"  with hooks     {result['with hooks']:7.2f} s")
    print(f"  without hooks  {result['without hooks']:7.2f} s")
    print(f"  hooks' share   {share:7.1%}  (budget <= 10%)")
    return result


def bench_scale(factor: int = 20, runs: int = 3) -> None:
    """A generated site `factor` times ours: every page pair copied into `factor` sections."""
    base = bench_build(runs=runs, label="scale 1x")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("hooks", "overrides"):
            shutil.copytree(ROOT / name, project / name)
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"(?ms)^nav:\n.*", "", config)  # let MkDocs list every page
        config = config.replace("  omitted_files: warn", "  omitted_files: info")
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        docs = project / "docs"
        shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
        for source in (ROOT / "docs").rglob("*.md"):
            for copy in range(factor):
                relative = source.relative_to(ROOT / "docs")
                target = docs / f"copy{copy:02d}" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                text = source.read_text(encoding="utf-8")
                text = re.sub(r"\]\((\.\./)*(assets/)", lambda m: "](" + "../" + (m.group(1) or "") + m.group(2), text)
                target.write_text(text, encoding="utf-8")
        for index in ("index.zh.md", "index.en.md"):
            shutil.copy(ROOT / "docs" / index, docs / index)
        scaled = bench_build(runs=runs, project=project, label=f"scale {factor}x")
    growth = scaled["with hooks"] / base["with hooks"]
    verdict = "no faster than the content" if growth <= factor else "faster than the content"
    print(f"  build time grew {growth:.1f}x for {factor}x the content: {verdict}")
    print(f"  hooks' share at {factor}x: "
          f"{scaled['with hooks'] / scaled['without hooks'] - 1:.1%} (budget <= 10%)")
