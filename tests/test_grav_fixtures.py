"""Grav notices on real Grav pages, through a real MkDocs build with the project's hooks.

The expected notices come from Python-Markdown itself: rendered without the hook, a notice
is a blockquote nested three or more deep. The build must turn each such box into exactly
one admonition of the type its depth maps to, leave shallower quotes as quotes, and leave
code (with its chevrons) as it was.
"""

import shutil
from functools import cache

import markdown
import pytest
from bs4 import BeautifulSoup

from hooks.grav_notices import notice_type
from sitecheck.build import build_variant
from sitecheck.pages import ROOT
from sitecheck.render import page_body, site_markdown_settings

FIXTURES = ROOT / "tests" / "fixtures"
GRAV_PAGES = sorted((FIXTURES / "grav-learn" / "pages").rglob("*.md"))
SEED = FIXTURES / "seed" / "grav-seed.md"
ALL_PAGES = [*GRAV_PAGES, SEED]


@pytest.fixture(scope="module")
def grav_site(tmp_path_factory):
    """The 46 Grav pages, the seed and a page with `menu`, built strictly with the site's
    Markdown settings and the two Grav hooks, and nothing else of the site."""
    project = tmp_path_factory.mktemp("grav")
    shutil.copytree(FIXTURES / "grav-learn" / "pages", project / "docs")
    shutil.copy(SEED, project / "docs" / "grav-seed.md")
    (project / "docs" / "menu-page.md").write_text(
        "---\ntitle: A Long Page Title\nmenu: Short\ntaxonomy:\n\tcategory: docs\n---\n\nBody.\n",
        encoding="utf-8")
    result = build_variant(project / "site", {
        "site_name": "Grav fixtures",
        "docs_dir": str(project / "docs"),
        "nav": [],  # every page, in folder order
        "theme": {"name": "material", "language": "en", "font": False},
        "plugins": ["search"],
        "hooks": ["hooks/grav_front_matter.py", "hooks/grav_notices.py"],
        # Grav's pages link to pages that are not among the fixtures.
        "validation": {"links": {"not_found": "info", "anchors": "info",
                                 "absolute_links": "info", "unrecognized_links": "info"},
                       "nav": {"omitted_files": "info"}},
    })
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def built_html(site, source):
    relative = source.relative_to(FIXTURES / "grav-learn" / "pages") if source != SEED else None
    page = "grav-seed" if relative is None else relative.with_suffix("").as_posix()
    html = (site / "site" / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


@cache  # each page is compared in several tests; the soup is only read
def plain_html(source):
    """The page rendered without the notice hook: Grav's nested quotes as blockquotes."""
    body = page_body(source.read_text(encoding="utf-8"))
    extensions, configs = site_markdown_settings()
    html = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)
    return BeautifulSoup(html, "html.parser")


def quote_boxes(soup):
    """(depth, text) of each blockquote that directly holds content, in document order."""
    boxes = []
    for quote in soup.find_all("blockquote"):
        if any(child.name not in (None, "blockquote") for child in quote.children):
            depth = len(quote.find_parents("blockquote")) + 1
            boxes.append((depth, quote.get_text(" ", strip=True)))
    return boxes


def code_texts(soup):
    return [pre.get_text() for pre in soup.find_all("pre") if ">>>" in pre.get_text()]


@pytest.mark.parametrize("source", ALL_PAGES, ids=lambda p: p.parent.name if p != SEED else "seed")
def test_every_notice_becomes_one_admonition_of_its_type(grav_site, source):
    expected = [notice_type(depth) for depth, _ in quote_boxes(plain_html(source)) if depth >= 3]
    article = built_html(grav_site, source)
    found = [
        next(c for c in box["class"] if c in {"info", "warning", "note", "tip"})
        for box in article.select("div.admonition")
    ]
    assert found == expected


@pytest.mark.parametrize("source", ALL_PAGES, ids=lambda p: p.parent.name if p != SEED else "seed")
def test_plain_quotes_stay_quotes_and_code_stays_literal(grav_site, source):
    plain = plain_html(source)
    article = built_html(grav_site, source)
    plain_quotes = [text for depth, text in quote_boxes(plain) if depth < 3]
    assert [text for _, text in quote_boxes(article)] == plain_quotes
    assert code_texts(article) == code_texts(plain)


def test_fixtures_hold_the_notices_they_promise():
    """SOURCE.md: 71 lines start with three or more chevrons, three of them inside code (one
    fenced, two tab-indented, all in 04.basic-tutorial), so 68 notices at levels 3 to 6,
    each a box of its own."""
    boxes = [d for page in GRAV_PAGES for d, _ in quote_boxes(plain_html(page)) if d >= 3]
    assert len(GRAV_PAGES) == 46
    assert {min(d, 6) for d in boxes} == {3, 4, 5, 6}
    assert len(boxes) == 68


def test_seed_tutorial_notices_and_code(grav_site):
    article = built_html(grav_site, SEED)
    kinds = [next(c for c in b["class"] if c != "admonition") for b in article.select("div.admonition")]
    assert kinds == ["info", "info"]  # the >>>>> and >>>> lines are inside code
    code = "\n".join(code_texts(article))
    assert ">>>>> If you want a more" in code and ">>>> TODO" in code


def test_tab_indented_front_matter_is_read_not_published(grav_site):
    article = built_html(grav_site, FIXTURES / "grav-learn" / "pages" / "06.advanced" / "03.debugging" / "docs.md")
    assert "twig: true" not in article.get_text()
    assert article.find("h1").get_text(strip=True).startswith("Debugging & Logging")


def test_menu_sets_the_navigation_title_and_title_stays_the_page_title(grav_site):
    html = (grav_site / "site" / "menu-page" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.get_text().startswith("A Long Page Title")
    nav_titles = [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    assert "Short" in nav_titles and "A Long Page Title" not in nav_titles
