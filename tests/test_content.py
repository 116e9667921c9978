"""The validators over the site's own pages: every code block, parity, safety, links."""

import pytest

from sitecheck.chinese import check_chinese_copy
from sitecheck.codeblocks import check_block
from sitecheck.error_reference import (
    check_error_index,
    check_error_reference,
    group_pages,
    message_sections,
)
from sitecheck.links import check_external_links
from sitecheck.pages import DOCS, code_blocks, page_files, relative
from sitecheck.parity import check_parity
from sitecheck.safety import check_page_safety

PAGES = page_files()


def test_there_are_pages_to_check():
    assert len(PAGES) >= 2 * 12, [relative(p) for p in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: relative(p))
def test_every_code_block_is_right(page):
    blocks = code_blocks(page)
    problems = [problem for block in blocks for problem in check_block(block)]
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: relative(p))
def test_page_has_no_active_or_remote_content(page):
    problems = check_page_safety(page)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("page", [p for p in PAGES if p.name.endswith(".zh.md")],
                         ids=lambda p: relative(p))
def test_chinese_copy_is_spaced_and_punctuated_as_chinese_engineers_write_it(page):
    problems = check_chinese_copy(page)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: relative(p))
def test_external_links_use_https_and_live_hosts(page):
    problems = check_external_links(page)
    assert not problems, "\n".join(map(str, problems))


def test_every_page_exists_in_both_languages_with_the_same_structure():
    problems = check_parity(DOCS)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_error_section_quotes_its_message_and_names_its_source(language):
    pages = group_pages(DOCS / "guide" / "errors", language)
    problems = [problem for page in pages for problem in check_error_reference(page)]
    sections = sum(len(message_sections(page)) for page in pages)
    assert len(pages) >= 5 and sections >= 30 and not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_error_index_lists_every_message_under_its_old_address(language):
    directory = DOCS / "guide" / "errors"
    problems = check_error_index(directory / f"index.{language}.md",
                                 group_pages(directory, language))
    assert not problems, "\n".join(map(str, problems))
