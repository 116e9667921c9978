"""Page dates and translation freshness (hooks/freshness.py, sitecheck/translations.py):
the pure parts, the site's own record, and scratch git repositories built for real: full
history, a pair edited on one side, a shallow clone and a source archive without git."""

import re
import shutil
import subprocess
import warnings

import pytest

from hooks.freshness import (
    History,
    RecordError,
    behind_notice,
    content_hash,
    format_record,
    insert_after_title,
    pair_state,
    parse_git_log,
    parse_record,
    read_history,
    twin_href,
)
from sitecheck.annotations import Finding
from sitecheck.build import build_site
from sitecheck.pages import ROOT
from sitecheck.translations import check_record, current_pairs, sync, translation_report

# Pure parts ----------------------------------------------------------------------------

def test_hash_ignores_spacing_and_wrapping_but_not_words():
    assert content_hash("a b\n c  \n") == content_hash("a\nb c")
    assert content_hash("a b c") != content_hash("a b d")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [("guide/a\tabc\n", 1, "separated by tabs"),
     ("# c\nguide/a\t0123456789ab\tXYZ\n", 2, "12 lower-case hex"),
     ("guide/a.zh.md\t0123456789ab\t0123456789ab\n", 1, "is not a page"),
     ("a\t0123456789ab\t0123456789ab\n\na\t0123456789ab\t0123456789ab\n", 3, "recorded twice")],
)
def test_malformed_record_names_its_line(text, line, reason):
    with pytest.raises(RecordError) as error:
        parse_record(text)
    assert error.value.line == line and reason in error.value.reason


def test_record_round_trips():
    records = {"guide/b": ("0" * 12, "1" * 12), "a": ("2" * 12, "3" * 12)}
    assert parse_record(format_record(records)) == records


@pytest.mark.parametrize(
    ("hashes", "record", "changed", "state", "behind"),
    [(("z", "e"), ("z", "e"), {"zh": 1, "en": 2}, "synced", None),
     (("z", "E"), ("z", "e"), {"zh": 1, "en": 2}, "zh-behind", "zh"),
     (("Z", "e"), ("z", "e"), {"zh": 2, "en": 1}, "en-behind", "en"),
     (("Z", "E"), ("z", "e"), {"zh": 1, "en": 2}, "both-changed", "zh"),
     (("Z", "E"), ("z", "e"), {"zh": 5, "en": 5}, "both-changed", None),
     (("Z", "E"), ("z", "e"), {"zh": None, "en": 2}, "both-changed", None),
     (("z", "e"), None, {"zh": 1, "en": 2}, "unrecorded", None)],
)
def test_pair_state(hashes, record, changed, state, behind):
    pair = pair_state("guide/a", hashes, record, changed)
    assert (pair.state, pair.behind) == (state, behind)


@pytest.mark.parametrize(
    ("url", "language", "href"),
    [("", "zh", "en/"), ("guide/verify/", "zh", "../../en/guide/verify/"),
     ("en/", "en", "../"), ("en/guide/verify/", "en", "../../../guide/verify/")],
)
def test_link_to_the_twin(url, language, href):
    assert twin_href(url, language) == href


def test_notice_in_the_readers_language_with_date_and_link():
    day = 1_763_600_000  # 2025-11-20 UTC
    zh = behind_notice("zh", "../../en/guide/a/", day)
    assert "英文版更新过" in zh and "2025年11月20日" in zh and 'href="../../en/guide/a/"' in zh
    en = behind_notice("en", "../../../guide/a/", day)
    assert "Chinese version is newer" in en and "November 20, 2025" in en
    assert "data-search-exclude" in en
    assert "None" not in behind_notice("en", "x/", None)


def test_notice_goes_under_the_title():
    assert insert_after_title("<h1>T</h1><p>x</p>", "N") == "<h1>T</h1>\nN<p>x</p>"
    assert insert_after_title("<p>x</p>", "N") == "N<p>x</p>"


def test_git_log_parsing_skips_files_outside_docs_and_shallow_boundary_commits():
    log = ("\0bbb 200\n\ndocs/a.zh.md\nREADME.md\n"
           "\0aaa 100\n\ndocs/a.zh.md\ndocs/a.en.md\n")
    assert parse_git_log(log, "docs", set()) == ({"a.zh.md": 200, "a.en.md": 100}, 100)
    assert parse_git_log(log, "docs", {"aaa"}) == ({"a.zh.md": 200}, 100)


def test_history_describes_what_it_fell_back_to():
    pages = ["a.zh.md", "a.en.md"]
    assert "from the git history" in History("full", {"a.zh.md": 1, "a.en.md": 1}).describe(pages)
    shallow = History("shallow", {"a.zh.md": 1}, "2026-11-20").describe(pages)
    assert "shallow git clone starting 2026-11-20: 1 of 2 pages" in shallow
    assert "no page shows a date" in History("none", detail="git is not installed").describe(pages)


# The site's own record -------------------------------------------------------------------

def test_translation_record_has_no_mistakes():
    problems = check_record()
    assert not problems, "\n".join(map(str, problems))


def test_pages_behind_their_twin_are_reported_by_file_without_failing():
    for problem in translation_report(current_pairs()):
        warnings.warn(Finding(str(problem)), stacklevel=1)


def test_record_check_names_the_line_of_a_pair_that_is_gone(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    record = tmp_path / "translations.tsv"
    record.write_text("# x\ngone/page\t0123456789ab\t0123456789ab\n", encoding="utf-8")
    problems = [str(p) for p in check_record(record, docs)]
    assert any(p.endswith("translations.tsv:2: gone/page is not a page pair any more: run "
                          "make translations-sync PAGES=gone/page to drop the line")
               for p in problems), problems
    # and the command it advises does drop it; a page that never was a pair is an error
    sync(["gone/page"], docs, record)
    assert "gone/page" not in record.read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="no such page pair"):
        sync(["never/was"], docs, record)


# Scratch git repositories ----------------------------------------------------------------

def git(repo, *args, date=None):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(repo)}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def write_pair(docs, key, zh, en):
    (docs / f"{key}.zh.md").write_text(zh, encoding="utf-8")
    (docs / f"{key}.en.md").write_text(en, encoding="utf-8")


def test_pair_edited_on_one_side_is_behind_and_a_synced_pair_is_not(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    record = tmp_path / "translations.tsv"
    git(tmp_path, "init", "-q")
    write_pair(docs, "a", "# 甲\n", "# A\n")
    write_pair(docs, "b", "# 乙\n", "# B\n")
    sync(["--all"], docs, record)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "pages", date="2026-01-01T00:00:00Z")
    (docs / "a.en.md").write_text("# A\n\nA new paragraph.\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "English only", date="2026-02-01T00:00:00Z")

    pairs = {p.key: p for p in current_pairs(docs, record)}
    assert (pairs["a"].state, pairs["a"].behind) == ("zh-behind", "zh")
    assert pairs["b"].state == "synced"
    reported = [str(p) for p in translation_report(list(pairs.values()), docs)]
    assert len(reported) == 1 and reported[0].startswith(f"{docs.as_posix()}/a.zh.md:1: behind "
                                                         f"its English twin"), reported

    (docs / "a.zh.md").write_text("# 甲\n\n新的一段。\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "Chinese follows", date="2026-03-01T00:00:00Z")
    assert current_pairs(docs, record)[0].state == "both-changed"
    sync(["docs/a.zh.md"], docs, record)
    assert [p.state for p in current_pairs(docs, record)] == ["synced", "synced"]


@pytest.fixture(scope="module")
def scratch_project(tmp_path_factory):
    """A copy of the site in a git repository of its own: every page committed on
    2026-01-10, every pair recorded as in sync, a commit of no page on 2026-02-01, then
    guide/verify.en.md changed alone on 2026-02-20."""
    project = tmp_path_factory.mktemp("project")
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "sitecheck" / "data", project / "sitecheck" / "data")  # the hooks read it
    sync(["--all"], project / "docs", project / "sitecheck" / "data" / "translations.tsv")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "site", date="2026-01-10T08:00:00Z")
    (project / "README.md").write_text("A scratch copy of the site.\n", encoding="utf-8")
    git(project, "add", "README.md")
    git(project, "commit", "-qm", "no page changes", date="2026-02-01T08:00:00Z")
    page = project / "docs" / "guide" / "verify.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                    encoding="utf-8")
    git(project, "commit", "-qam", "English only", date="2026-02-20T08:00:00Z")
    return project


def built(project, site):
    result = build_site(project, site)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def page(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def shown_date(html):
    match = re.search(r'<aside class="md-source-file">(.*?)</aside>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip() if match else None


def test_build_shows_dates_from_git_and_the_notice_on_the_page_behind(scratch_project, tmp_path):
    site = tmp_path / "site"
    output = built(scratch_project, site)
    assert "page dates: from the git history" in output
    assert "2026年1月10日" in shown_date(page(site, "guide/docker-engine"))
    assert shown_date(page(site, "guide/docker-engine")).startswith("最后更新：")
    assert "January 10, 2026" in shown_date(page(site, "en/guide/docker-engine"))
    assert "February 20, 2026" in shown_date(page(site, "en/guide/verify"))

    behind = page(site, "guide/verify")
    notice = re.search(r'<div class="admonition info translation-behind".*?</div>', behind, re.S)
    assert notice, "the Chinese page of the pair edited in English only has no notice"
    assert "英文版更新过" in notice.group(0) and "2026年2月20日" in notice.group(0)
    assert 'href="../../en/guide/verify/"' in notice.group(0)
    assert "translation-behind" not in page(site, "en/guide/verify")
    assert "translation-behind" not in page(site, "guide/docker-engine")  # a synced pair

    status = page(site, "contributing/translations")
    row = re.search(r"<tr>\s*<td><a [^>]*>guide/verify</a></td>(.*?)</tr>", status, re.S)
    assert row and "2026-01-10" in row.group(1) and "2026-02-20" in row.group(1)
    assert "中文版落后" in row.group(1)
    assert "Chinese behind" in page(site, "en/contributing/translations")
    assert status.count("<td>已同步</td>") == status.count("<tr>") - 2  # but header, verify


def test_build_from_a_shallow_clone_on_github_actions_says_what_it_fell_back_to(
        scratch_project, tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", scratch_project.as_uri(), str(clone)],
                   check=True, capture_output=True)  # the last two commits
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # the date plugin warns about shallow clones
    site = tmp_path / "site"
    output = built(clone, site)
    said = re.search(r"page dates: shallow git clone starting 2026-02-01: (\d+) of (\d+) pages",
                     output)
    assert said and int(said[1]) == int(said[2]) - 1, output  # all but guide/verify.en.md
    assert shown_date(page(site, "guide/docker-engine")) is None  # changed before the clone starts
    assert "February 20, 2026" in shown_date(page(site, "en/guide/verify"))  # changed in it


def test_build_from_a_source_archive_without_git_shows_no_date(scratch_project, tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(scratch_project, archive, ignore=shutil.ignore_patterns(".git"))
    site = tmp_path / "site"
    output = built(archive, site)
    assert "page dates: no git history" in output and "no page shows a date" in output
    assert shown_date(page(site, "guide/verify")) is None
    assert shown_date(page(site, "en/")) is None
    assert "translation-behind" in page(site, "guide/verify")  # the notice needs no git
    assert "英文版更新过" in page(site, "guide/verify")


def test_history_of_a_directory_outside_git(tmp_path):
    history = read_history(tmp_path)
    assert history.kind == "none" and history.last_change("a.zh.md") is None
