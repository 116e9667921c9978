"""The exit plan (docs/contributing/engine.*.md): the site built with ProperDocs, in its own
virtual environment without MkDocs, equals the MkDocs build page for page and both search
indexes (sitecheck.engines says what may differ). `make properdocs` creates that environment;
`make test` and .ci/run do it first. Locally the comparison skips without it; in CI it must run.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitecheck.engines import differences, normalise_html, search_indexes
from sitecheck.pages import ROOT

VENV = ROOT / ".venv-properdocs"
PROPERDOCS = VENV / "bin" / "properdocs"


def build_date_epoch(site: Path) -> str:
    """The first build's date (sitemap.xml's first <lastmod>) as a SOURCE_DATE_EPOCH, so
    that a second build on another day writes the same dates."""
    day = re.search(r"<lastmod>(\d{4}-\d{2}-\d{2})</lastmod>",
                    (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert day, "the MkDocs build's sitemap.xml has no <lastmod>"
    return str(int(datetime.fromisoformat(day[1]).replace(tzinfo=UTC).timestamp()))


def require_properdocs() -> None:
    if not PROPERDOCS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("ProperDocs is not installed in .venv-properdocs, and the exit plan's "
                        "check must run in CI: run `make properdocs`")
        pytest.skip("ProperDocs is not installed in .venv-properdocs (`make properdocs`): "
                    "the ProperDocs build is not compared")


@pytest.fixture(scope="module")
def properdocs_site(request, tmp_path_factory) -> Path:
    require_properdocs()  # before the MkDocs build, which a skip does not need
    built_site = request.getfixturevalue("built_site")
    site = tmp_path_factory.mktemp("properdocs-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "SOURCE_DATE_EPOCH": build_date_epoch(built_site)}
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "--config-file", "mkdocs.yml",
         "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"ProperDocs' strict build failed:\n{result.stderr}"
    return site


def test_the_properdocs_environment_holds_no_mkdocs():
    require_properdocs()
    python = VENV / "bin" / "python"
    found = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m, importlib.util as u; "
         "print(u.find_spec('mkdocs') is None, m.version('properdocs'))"],
        capture_output=True, text=True, check=True).stdout.split()
    assert found[0] == "True", "mkdocs is installed beside ProperDocs: the build could use it"
    assert found[1].startswith("1.6."), found


def test_properdocs_builds_the_site_as_mkdocs_does(properdocs_site, built_site):
    assert search_indexes(built_site) == ["en/search/search_index.json",
                                          "search/search_index.json"]
    assert len(list(built_site.rglob("*.html"))) > 50
    problems = differences(built_site, properdocs_site)
    assert not problems, "ProperDocs' build differs from MkDocs':\n" + "\n".join(problems[:30])


def test_the_comparison_sees_a_changed_page_and_index(tmp_path):
    page = ('<head>\n  <meta name="generator" content="mkdocs-{}, mkdocs-material-9.8.2">\n'
            "</head><p>{}</p>\n")
    for name, engine in (("a", "1.6.1"), ("b", "ProperDocs 1.6.7")):
        (tmp_path / name / "search").mkdir(parents=True)
        (tmp_path / name / "index.html").write_text(page.format(engine, "same"), "utf-8")
        (tmp_path / name / "search" / "search_index.json").write_text('{"docs": [1]}', "utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    assert differences(a, b) == []  # only the generator differs
    assert "generator" not in normalise_html((a / "index.html").read_text("utf-8"))

    (b / "index.html").write_text(page.format("x", "changed"), "utf-8")
    (b / "search" / "search_index.json").write_text('{"docs": [2]}', "utf-8")
    (b / "extra.html").write_text("", "utf-8")
    assert differences(a, b) == [
        "extra.html: only in the other build",
        "index.html: differs at line 3: '</head><p>same</p>' != '</head><p>changed</p>'",
        "search/search_index.json: differs at line 1: '{\"docs\": [1]}' != '{\"docs\": [2]}'"]


def pins(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {name.lower().replace("_", "-"): version for name, _, version in
            (line.partition("==") for line in lines if "==" in line and not line.startswith("#"))}


def test_the_properdocs_pins_are_the_sites_pins():
    """Both environments build with the same versions of everything but the engine, so a
    difference is the engine's; and the ProperDocs one has no MkDocs to fall back on."""
    theirs, ours = pins(ROOT / "constraints-properdocs.txt"), pins(ROOT / "constraints.txt")
    assert "mkdocs" not in theirs and "mkdocs-get-deps" not in theirs
    assert theirs["properdocs"].startswith("1.6.")
    drift = {name: (version, ours[name]) for name, version in theirs.items()
             if name in ours and ours[name] != version}
    assert not drift, f"constraints-properdocs.txt disagrees with constraints.txt: {drift}"
    missing = {"mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "jieba",
               "mkdocs-git-revision-date-localized-plugin"} - set(theirs)
    assert not missing
