"""Unit tests for hooks/grav_notices.py: one test per rule and per edge case."""

import pytest
from mkdocs.exceptions import PluginError

from hooks.grav_notices import NoticeError, convert_notices, notice_type


@pytest.mark.parametrize(
    ("chevrons", "kind"),
    [(">>>", "info"), (">>>>", "warning"), (">>>>>", "note"), (">>>>>>", "tip")],
)
def test_levels_three_to_six_map_to_their_admonition(chevrons, kind):
    assert convert_notices(f"{chevrons} Text\n") == f"!!! {kind}\n    Text\n"


@pytest.mark.parametrize("line", ["> a quote\n", ">> a nested quote\n"])
def test_one_and_two_chevrons_stay_quotes(line):
    assert convert_notices(line) == line


def test_space_after_chevrons_is_optional():
    assert convert_notices(">>>Text\n") == "!!! info\n    Text\n"


def test_spaced_chevrons_count_like_unspaced():
    assert convert_notices("> > > Text\n") == "!!! info\n    Text\n"
    assert convert_notices("> > Text\n") == "> > Text\n"


def test_seven_or_more_chevrons_become_a_tip():
    assert notice_type(7) == notice_type(12) == "tip"
    assert convert_notices(">>>>>>>> Deep\n") == "!!! tip\n    Deep\n"


def test_lazy_continuation_joins_the_box_and_a_blank_line_ends_it():
    text = ">>> First line\nsecond line\n\nAfter.\n"
    assert convert_notices(text) == "!!! info\n    First line\n    second line\n\nAfter.\n"


def test_consecutive_prefixed_lines_form_one_box():
    text = ">>>> One\n>>>> Two\n"
    assert convert_notices(text) == "!!! warning\n    One\n    Two\n"


def test_a_different_level_starts_a_new_box():
    text = ">>> Info\n>>>>> Note\n"
    assert convert_notices(text) == "!!! info\n    Info\n\n!!! note\n    Note\n"


def test_heading_and_list_item_end_a_box_like_they_end_a_paragraph():
    text = ">>> Info\n## Heading\n>>> Again\n- item\n"
    assert convert_notices(text) == (
        "!!! info\n    Info\n\n## Heading\n\n!!! info\n    Again\n\n- item\n"
    )


def test_fenced_code_is_untouched():
    text = "```markdown\n>>> literal\n> quote\n```\n~~~\n>>>> also literal\n~~~\n"
    assert convert_notices(text) == text


def test_a_longer_fence_is_only_closed_by_a_fence_at_least_as_long():
    text = "````\n```\n>>> still code\n````\n>>> box\n"
    assert convert_notices(text) == "````\n```\n>>> still code\n````\n\n!!! info\n    box\n"


def test_fence_indented_under_a_list_item_is_untouched():
    text = "1. Save this:\n\n\t```markdown\n\t>>>>> literal\n\t```\n\n2. Done\n"
    assert convert_notices(text) == text


def test_indented_code_after_a_blank_line_is_untouched():
    text = "Example:\n\n\t>>>>> literal\n    >>> literal too\n\n>>> real\n"
    assert convert_notices(text) == (
        "Example:\n\n\t>>>>> literal\n    >>> literal too\n\n!!! info\n    real\n"
    )


def test_code_fence_ends_a_box_and_stays_literal():
    text = ">>> Run this:\n```bash\necho '>>> hi'\n```\n"
    assert convert_notices(text) == "!!! info\n    Run this:\n\n```bash\necho '>>> hi'\n```\n"


def test_inline_markdown_survives():
    line = '>>> See [**docs**](../x "t"), `code >>> x` and <i class="fa fa-check"></i>.\n'
    assert convert_notices(line) == (
        '!!! info\n    See [**docs**](../x "t"), `code >>> x` and <i class="fa fa-check"></i>.\n'
    )


def test_trailing_spaces_of_a_hard_line_break_are_kept():
    assert convert_notices(">>> one  \ntwo\n") == "!!! info\n    one  \n    two\n"


def test_crlf_line_endings_are_kept():
    text = "Intro\r\n>>> Line one\r\nline two\r\n\r\nEnd\r\n"
    assert convert_notices(text) == (
        "Intro\r\n\r\n!!! info\r\n    Line one\r\n    line two\r\n\r\nEnd\r\n"
    )


def test_byte_order_mark_is_kept_and_does_not_hide_a_notice():
    assert convert_notices("\ufeff>>> Text\n") == "\ufeff!!! info\n    Text\n"


def test_notice_inside_a_list_item_keeps_its_indentation():
    text = "1. Step one\n\n    >>>> Careful\n\n2. Step two\n"
    assert convert_notices(text) == (
        "1. Step one\n\n    !!! warning\n        Careful\n\n2. Step two\n"
    )


def test_indented_code_inside_a_list_item_is_untouched():
    text = "- item\n\n        >>> code in the item\n"
    assert convert_notices(text) == text


def test_leaving_a_list_restores_top_level_code_detection():
    text = "- item\n\nParagraph.\n\n    >>> top-level code\n"
    assert convert_notices(text) == text


def test_notice_on_a_list_marker_line_is_refused_with_its_line():
    with pytest.raises(NoticeError) as error:
        convert_notices("Intro\n\n- >>> inside the marker line\n")
    assert error.value.line == 3
    assert "list-marker line" in str(error.value)


def test_notice_right_after_a_heading_gets_a_blank_line():
    assert convert_notices("# Title\n>>> Text\n") == "# Title\n\n!!! info\n    Text\n"


def test_notice_after_a_paragraph_and_before_text_is_separated():
    assert convert_notices("Para\n>>> Box\n") == "Para\n\n!!! info\n    Box\n"


def test_notice_at_end_of_file_without_final_newline():
    assert convert_notices("Text\n\n>>> Last") == "Text\n\n!!! info\n    Last"


def test_empty_notice_becomes_an_empty_box():
    assert convert_notices(">>>\n") == "!!! info\n\n"


def test_text_without_notices_is_returned_unchanged():
    text = "# Title\n\nPlain *text* > not a quote.\n\n> quote\n"
    assert convert_notices(text) == text


def test_converting_twice_equals_converting_once():
    text = "# T\n>>> a\nb\n\n- x\n\n    >>>> y\n\n```\n>>> z\n```\n"
    once = convert_notices(text)
    assert convert_notices(once) == once


def test_build_error_names_the_page_and_its_line_in_the_file(mkdocs_page):
    source = "---\ntitle: T\n---\n\nIntro\n\n- >>> bad\n"
    page, config, files = mkdocs_page("guide/x.zh.md", source,
                                      hooks=("grav_front_matter.py", "grav_notices.py"))
    assert page.markdown == "Intro\n\n- >>> bad\n"  # MkDocs removed the front matter
    with pytest.raises(PluginError) as error:
        config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    assert str(error.value) == (
        "Grav notice in guide/x.zh.md, line 7: a notice cannot start on a list-marker line; "
        "put it on its own line below the item, indented four spaces")
