"""Links on the built site, and the build's own link and anchor validation."""

import shutil

import pytest

from sitecheck.build import build_site
from sitecheck.links import check_built_anchors, run_linkchecker
from sitecheck.pages import ROOT


def test_linkchecker_finds_no_broken_link(site_url):
    result = run_linkchecker(site_url)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_fragment_names_an_element_of_its_page(built_site):
    broken = check_built_anchors(built_site)
    assert not broken, "\n".join(broken)


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project's site sources, to inject defects into."""
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    # the hooks read sitecheck/data (the mirror catalogue and status, the generator's data)
    shutil.copytree(ROOT / "sitecheck" / "data", tmp_path / "sitecheck" / "data")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_strict_build_fails_on_broken_links_and_remote_assets_naming_the_file(project_copy):
    # One build for every defect: strict mode reports every warning before it aborts. The
    # remote image and script are caught by Material's privacy plugin (mkdocs.yml).
    page = project_copy / "docs" / "qa" / "index.en.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\n[broken](../guide/no-such-page.md)\n"
                    + "\n[broken](../guide/verify.md#no-such-anchor)\n"
                    + "\n![A remote diagram][remote]\n\n[remote]: https://cdn.example.com/d.png\n"
                    + '\n<script src="https://cdn.example.com/x.js"></script>\n',
                    encoding="utf-8")
    result = build_site(project_copy, project_copy / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    warnings = [line for line in output.splitlines() if "qa/index.en.md" in line]
    for defect in ("no-such-page.md", "no-such-anchor", "External file: https://cdn.example.com/d.png",
                   "External file: https://cdn.example.com/x.js"):
        assert any(defect in line for line in warnings), (defect, output)
