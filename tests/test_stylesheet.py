"""hooks/stylesheet.py: Material's main and palette sheets and the site's own styles joined
whole into one sheet; a part that cannot be joined is refused by file and line. That every
built page links that one sheet is tests/test_site.py's; how much sooner a page paints is
measured by bench/lighthouse_scores.py and bench/tbt_sources.py, not here."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from hooks.stylesheet import joined_stylesheet, material_sheet, stylesheet_name
from sitecheck.serve import _StaticHostHandler

MATERIAL_THEME = Path(material.__file__).parent / "templates"


def test_the_parts_are_joined_whole_in_order_with_the_charset_first():
    joined = joined_stylesheet([("main.css", '@charset "UTF-8";a{b:c}'),
                                ("palette.css", "d{e:f}\n\n"), ("site.css", "g{h:i}")])
    assert joined == '@charset "UTF-8";a{b:c}\n/* palette.css */\nd{e:f}\n/* site.css */\ng{h:i}\n'


@pytest.mark.parametrize(("later", "line"), [
    ('a{b:c}\n@charset "UTF-8";', 2),
    ("@import url(other.css);", 1),
    ("a{b:c}\nd{e:f}\n/*# sourceMappingURL=site.css.map */", 3),
])
def test_a_part_whose_rule_works_only_at_the_start_of_its_own_file_is_refused(later, line):
    with pytest.raises(ValueError, match=rf"^site\.css:{line}: .*cannot be joined"):
        joined_stylesheet([("main.css", "a{b:c}"), ("site.css", later)])


def test_nothing_to_join_is_refused():
    with pytest.raises(ValueError, match="nothing to join"):
        joined_stylesheet([])


def test_the_name_changes_with_the_text_and_a_static_host_caches_it():
    first, second = stylesheet_name("a{b:c}"), stylesheet_name("a{b:d}")
    assert first != second and first.startswith("assets/stylesheets/site.")
    assert _StaticHostHandler.FINGERPRINTED.search(first)


def test_material_sheets_are_found_in_the_theme_and_a_missing_one_is_named(tmp_path):
    assert material_sheet([str(tmp_path), str(MATERIAL_THEME)], "main").parent.parent.parent \
        == MATERIAL_THEME
    with pytest.raises(ValueError, match=r"no assets/stylesheets/palette\.\*\.min\.css"):
        material_sheet([str(tmp_path)], "palette")
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    for name in ("main.0123abcd.min.css", "main.4567ef01.min.css"):
        (folder / name).write_text("a{b:c}", encoding="utf-8")
    with pytest.raises(ValueError, match="several main sheets"):
        material_sheet([str(tmp_path)], "main")
