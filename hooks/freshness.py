"""How fresh a page is: the date of its last change, and whether its translation kept up.

1. Dates. mkdocs-git-revision-date-localized-plugin puts the date of each page's last commit
   in `page.meta`, and the theme shows it under the page. When the history does not reach a
   page's last change, that date is wrong: the build's own date (a source archive without
   git) or the date of the oldest commit of a shallow clone. This hook removes such a date,
   so that the page shows none rather than a wrong one, and the build log says what it fell
   back to and why.
2. Translations. Every page is a pair, `page.zh.md` and `page.en.md`. RECORD holds, for each
   pair, a hash of both files' text at the moment a contributor marked them as saying the
   same thing (`make translations-sync`). When one file has changed since and its twin has
   not, the twin is behind: it shows its readers, in their language, a notice that the other
   version is newer, with that version's date and a link to it.
3. The status page (STATUS_PAGE) gets a table of every pair and its state in place of the
   line STATUS_MARKER.

The functions below the glue are pure or read only the files and the git history they are
given; tests and sitecheck/translations.py (the command that records a sync) call them.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

if __package__ == "hooks":  # imported as hooks.freshness by tests and sitecheck
    from hooks.languages import DEFAULT_LANGUAGE, LANGUAGES
else:  # loaded by path by MkDocs, with hooks/ on sys.path while it imports this file
    from languages import DEFAULT_LANGUAGE, LANGUAGES
RECORD = Path("sitecheck") / "data" / "translations.tsv"  # relative to mkdocs.yml
STATUS_PAGE = "contributing/translations"
STATUS_MARKER = "<!-- translation-status -->"
DATE_KEYS = ("git_revision_date_localized", "git_site_revision_date_localized")

log = logging.getLogger("mkdocs.hooks.freshness")


class _ShallowCloneNote(logging.Filter):
    """The date plugin warns when it runs on a shallow clone in CI, and `--strict` makes any
    warning fatal. The build must work from a shallow clone: the warning becomes information
    (History.describe says what the pages then show)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "shallow" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


logging.getLogger("mkdocs.plugins.mkdocs_git_revision_date_localized_plugin.ci").addFilter(
    _ShallowCloneNote())


# MkDocs glue ---------------------------------------------------------------------------

@dataclass
class _Build:
    history: History | None = None
    pairs: dict[str, Pair] = field(default_factory=dict)
    told: str = ""


_build = _Build()


def on_config(config):
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    record_path = root / RECORD
    try:
        records = parse_record(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
    except RecordError as error:
        raise PluginError(f"{RECORD}:{error.line}: {error.reason}") from None
    _build.history = read_history(docs)
    _build.pairs = {pair.key: pair for pair in pairs_in(docs, records, _build.history)}
    message = _build.history.describe([p.relative_to(docs).as_posix()
                                       for p in sorted(docs.rglob("*.md"))])
    if message != _build.told:  # once, not once per language
        log.info(message)
        _build.told = message
    return config


@event_priority(-50)  # after the date plugin (priority 0) has set the dates
def on_page_markdown(markdown, page, config, files):
    key, language = pair_key(page.file.src_uri)
    if _build.history is not None and _build.history.last_change(page.file.src_uri) is None:
        for name in list(page.meta):
            if name.startswith(DATE_KEYS):
                del page.meta[name]
    if key == STATUS_PAGE and language:
        if STATUS_MARKER not in markdown:
            raise PluginError(f"docs/{page.file.src_uri}: the status page needs the line "
                              f"{STATUS_MARKER} where the table of pairs goes")
        markdown = markdown.replace(STATUS_MARKER, status_table(list(_build.pairs.values()),
                                                                language))
    return markdown


def on_page_content(html_text, page, config, files):
    key, language = pair_key(page.file.src_uri)
    pair = _build.pairs.get(key)
    if pair is None or language is None or pair.behind != language:
        return html_text
    twin = other_language(language)
    notice = behind_notice(language, twin_href(page.url, language),
                           pair.changed.get(twin))
    return insert_after_title(html_text, notice)


# Git history ---------------------------------------------------------------------------

@dataclass
class History:
    """The last commit (unix time) of each file under docs/, where the history reaches it."""

    kind: str  # "full", "shallow" or "none"
    changed: dict[str, int] = field(default_factory=dict)  # docs-relative path -> time
    detail: str = ""  # why there is no history, or where a shallow one starts

    def last_change(self, path: str) -> int | None:
        return self.changed.get(path)

    def describe(self, pages: list[str]) -> str:
        """What the build log says about the dates of these pages."""
        unknown = sum(1 for page in pages if page not in self.changed)
        if self.kind == "full":
            extra = f"; {unknown} pages not committed yet show no date" if unknown else ""
            return f"page dates: from the git history{extra}"
        if self.kind == "shallow":
            return (f"page dates: shallow git clone starting {self.detail}: {unknown} of "
                    f"{len(pages)} pages were last changed before that and show no date "
                    f"(fetch the whole history: git fetch --unshallow, or fetch-depth: 0 "
                    f"in actions/checkout)")
        return f"page dates: {self.detail}, so no page shows a date"


def read_history(docs: Path) -> History:
    """Last change of each file under `docs` from `git log`, without the files whose last
    change lies beyond the start of a shallow clone."""
    try:
        top = Path(_git(docs, "rev-parse", "--show-toplevel"))
        shallow = _git(docs, "rev-parse", "--is-shallow-repository") == "true"
        log_text = _git(docs, "log", "--format=%x00%H %ct", "--name-only", "--no-renames",
                        "--", ".")
        git_dir = Path(_git(docs, "rev-parse", "--absolute-git-dir"))
    except FileNotFoundError:
        return History("none", detail="git is not installed")
    except subprocess.CalledProcessError as error:
        reason = (error.stderr or "").strip().splitlines()
        return History("none", detail="no git history ("
                       + (reason[0] if reason else "git failed") + ")")
    boundary = set((git_dir / "shallow").read_text(encoding="utf-8").split()) if shallow else set()
    prefix = docs.resolve().relative_to(top.resolve()).as_posix()
    changes, oldest = parse_git_log(log_text, prefix, boundary)
    if not shallow:
        return History("full", changes)
    start = datetime.fromtimestamp(oldest, UTC).date().isoformat() if oldest else "?"
    return History("shallow", changes, detail=start)


def parse_git_log(text: str, prefix: str, boundary: set[str]) -> tuple[dict[str, int], int]:
    """(last change per path under `prefix`, time of the oldest commit) from the output of
    `git log --format=%x00%H %ct --name-only`; commits in `boundary` (where a shallow history
    is cut off) do not count as a change."""
    changes: dict[str, int] = {}
    oldest = 0
    start = prefix.rstrip("/") + "/" if prefix not in ("", ".") else ""
    for entry in text.split("\0"):
        lines = [line for line in entry.splitlines() if line.strip()]
        if not lines:
            continue
        commit, timestamp = lines[0].split()
        oldest = int(timestamp)
        if commit in boundary:
            continue
        for name in lines[1:]:
            if name.startswith(start):
                changes.setdefault(name[len(start):], int(timestamp))
    return changes, oldest


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


# Translation pairs ---------------------------------------------------------------------

class RecordError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


@dataclass(frozen=True)
class Pair:
    key: str  # the page without language and extension, like "guide/verify"
    state: str  # "synced", "zh-behind", "en-behind", "both-changed", "unrecorded"
    behind: str | None  # the language whose readers see the notice
    changed: dict[str, int | None]  # language -> time of the file's last commit

    def path(self, language: str) -> str:
        return f"docs/{self.key}.{language}.md"


_HASH = re.compile(r"[0-9a-f]{12}")
_KEY = re.compile(r"[a-z0-9][a-z0-9_./-]*")
RECORD_HEADER = """\
# Translation sync record, written by `make translations-sync PAGES=...` (never by hand).
# One line per page pair: the page, then a hash of the text of its Chinese and of its
# English file at the moment someone checked that the two say the same thing.
# When a file's text changes and its twin's does not, the twin is shown as behind.
"""


def content_hash(text: str) -> str:
    """A short hash of a page's text; changes of spacing and line wrapping do not count."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def parse_record(text: str) -> dict[str, tuple[str, str]]:
    """`page<TAB>zh hash<TAB>en hash` per line; `#` comments and blank lines skipped."""
    records: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise RecordError(number, "expected page, zh hash and en hash separated by tabs")
        key, zh, en = fields
        if not _KEY.fullmatch(key) or key.endswith(".md"):
            raise RecordError(number, f"{key!r} is not a page like guide/verify")
        if not (_HASH.fullmatch(zh) and _HASH.fullmatch(en)):
            raise RecordError(number, "hashes must be 12 lower-case hex digits")
        if key in records:
            raise RecordError(number, f"{key} is recorded twice")
        records[key] = (zh, en)
    return records


def format_record(records: dict[str, tuple[str, str]]) -> str:
    return RECORD_HEADER + "".join(f"{key}\t{zh}\t{en}\n"
                                   for key, (zh, en) in sorted(records.items()))


def pair_key(src_uri: str) -> tuple[str, str | None]:
    """("guide/verify", "zh") for "guide/verify.zh.md"; (path, None) for other files."""
    for language in LANGUAGES:
        suffix = f".{language}.md"
        if src_uri.endswith(suffix):
            return src_uri[: -len(suffix)], language
    return src_uri, None


def other_language(language: str) -> str:
    return LANGUAGES[1 - LANGUAGES.index(language)]


def pairs_in(docs: Path, records: dict[str, tuple[str, str]], history: History) -> list[Pair]:
    """Every page pair under `docs` with its state (pages without a twin are left out)."""
    pairs = []
    for zh_file in sorted(docs.rglob(f"*.{LANGUAGES[0]}.md")):
        key = pair_key(zh_file.relative_to(docs).as_posix())[0]
        en_file = docs / f"{key}.{LANGUAGES[1]}.md"
        if not en_file.exists():
            continue
        hashes = (content_hash(zh_file.read_text(encoding="utf-8")),
                  content_hash(en_file.read_text(encoding="utf-8")))
        changed = {language: history.last_change(f"{key}.{language}.md")
                   for language in LANGUAGES}
        pairs.append(pair_state(key, hashes, records.get(key), changed))
    return pairs


def pair_state(key: str, hashes: tuple[str, str], record: tuple[str, str] | None,
               changed: dict[str, int | None]) -> Pair:
    """The state of a pair from its files' hashes now and when it was last synced.

    One side changed since: the other is behind. Both changed: the one whose last commit
    is older is behind, when the history says so; otherwise nobody can tell."""
    if record is None:
        return Pair(key, "unrecorded", None, changed)
    same = [now == then for now, then in zip(hashes, record, strict=True)]
    if all(same):
        return Pair(key, "synced", None, changed)
    if any(same):
        behind = LANGUAGES[same.index(True)]
        return Pair(key, f"{behind}-behind", behind, changed)
    times = [changed[language] for language in LANGUAGES]
    behind = None
    if None not in times and times[0] != times[1]:
        behind = LANGUAGES[times.index(min(times))]
    return Pair(key, "both-changed", behind, changed)


# What readers see ----------------------------------------------------------------------

_NOTICE = {
    "zh": ("英文版更新过", "本页的英文版{when}有改动，本页还没有同步这些改动。",
           "阅读英文版", "于 {date} "),
    "en": ("The Chinese version is newer",
           "The Chinese version of this page changed{when} after this page was last brought "
           "in line with it.", "Read the Chinese version", " on {date},"),
}
_STATE_NAMES = {
    "zh": {"synced": "已同步", "zh-behind": "中文版落后", "en-behind": "英文版落后",
           "both-changed": "两边都改过，待核对", "unrecorded": "没有同步记录"},
    "en": {"synced": "in sync", "zh-behind": "Chinese behind", "en-behind": "English behind",
           "both-changed": "both changed, to be checked", "unrecorded": "no sync record"},
}
_TABLE_HEAD = {
    "zh": "| 页面 | 中文版最后修改 | 英文版最后修改 | 状态 |\n| --- | --- | --- | --- |\n",
    "en": "| Page | Chinese last changed | English last changed | State |\n"
          "| --- | --- | --- | --- |\n",
}


def format_date(timestamp: int | None, language: str) -> str:
    """The date in the reader's language, like the date plugin writes it ("" if unknown)."""
    if timestamp is None:
        return ""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(datetime.fromtimestamp(timestamp, UTC).date(), format="long",
                             locale=language)


def twin_href(page_url: str, language: str) -> str:
    """Relative link from a page's URL (directory URLs) to the same page in the other
    language: the default language is at the root, the other under its code."""
    twin = other_language(language)
    target = (page_url.removeprefix(f"{language}/") if language != DEFAULT_LANGUAGE
              else page_url)
    target = target if twin == DEFAULT_LANGUAGE else f"{twin}/{target}"
    return "../" * page_url.count("/") + target if (page_url.count("/") or target) else "./"


def behind_notice(language: str, href: str, twin_changed: int | None) -> str:
    title, text, link, when = _NOTICE[language]
    date = format_date(twin_changed, language)
    text = text.format(when=when.format(date=date) if date else "")
    twin = other_language(language)
    return (f'<div class="admonition info translation-behind" data-search-exclude>'
            f'<p class="admonition-title">{html.escape(title)}</p>'
            f'<p>{html.escape(text)} <a href="{html.escape(href)}" hreflang="{twin}">'
            f'{html.escape(link)}</a></p></div>\n')


def insert_after_title(html_text: str, notice: str) -> str:
    end = html_text.find("</h1>")
    if end == -1:
        return notice + html_text
    return html_text[: end + 5] + "\n" + notice + html_text[end + 5:]


def status_table(pairs: list[Pair], language: str) -> str:
    """A Markdown table of every pair, for the status page in contributing/."""
    rows = []
    for pair in sorted(pairs, key=lambda p: p.key):
        link = "../" * STATUS_PAGE.count("/") + f"{pair.key}.md"
        dates = [format_iso(pair.changed[lang]) for lang in LANGUAGES]
        rows.append(f"| [{pair.key}]({link}) | {dates[0]} | {dates[1]} | "
                    f"{_STATE_NAMES[language][pair.state]} |\n")
    return _TABLE_HEAD[language] + "".join(rows)


def format_iso(timestamp: int | None) -> str:
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat() if timestamp else "–"
