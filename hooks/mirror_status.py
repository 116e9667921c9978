"""The mirror status on the site: what the weekly check found, and what changed, dated.

Data (relative to mkdocs.yml), both checked for shape on load, naming the file and line:

- CATALOGUE (sitecheck/data/mirrors.yaml): every mirror the site recommends, what it serves
  and in which form (host or prefix), and the image the weekly check pulls from it;
- STATUS (sitecheck/data/mirror-status.yaml): `checks`, the latest check of each mirror,
  written by the weekly job (sitecheck/mirror_probe.py); `changes`, every change of a
  mirror's state with its date, written by the same job or added by hand with a source.

What the build does with them:

1. the public-mirrors page (both languages) gets the status table in place of the line
   STATUS_MARKER; a check older than STALE_AFTER (relative to the build's date) is shown as
   stale, not as current;
2. the change-log page gets the dated list of changes, newest first, in place of
   CHANGES_MARKER, and each language gets an Atom feed of it (FEED, under its root);
3. every page that names a mirror whose latest check found it unusable (NOTICE_STATES) gets
   a warning under its title, with the date of that check.

A missing data file, a page without its marker, or data of the wrong shape fails the build.
The functions below the glue are pure (text in, text out); the `now` of staleness is a
parameter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

try:  # loaded by MkDocs, which puts this folder on sys.path while it imports a hook
    from languages import LANGUAGES
    from search_by_language import language_prefixes
except ImportError:  # imported from the project root (tests, sitecheck)
    from hooks.languages import LANGUAGES
    from hooks.search_by_language import language_prefixes

CATALOGUE = Path("sitecheck") / "data" / "mirrors.yaml"  # relative to mkdocs.yml
STATUS = Path("sitecheck") / "data" / "mirror-status.yaml"
STATUS_PAGE = "guide/public-mirrors"
CHANGES_PAGE = "guide/mirror-changes"
STATUS_MARKER = "<!-- mirror-status -->"
CHANGES_MARKER = "<!-- mirror-changes -->"
FEED = "feeds/mirror-changes.xml"  # under each language's root
STALE_AFTER = timedelta(days=14)

STATES = ("up", "login", "allowlist", "forbidden", "limited", "down")
CHECK_STATES = (*STATES, "unknown")  # unknown: no automated check yet
NOTICE_STATES = ("down", "login", "forbidden")  # a page naming such a mirror says so
BY = ("weekly check", "hand")


# MkDocs glue ---------------------------------------------------------------------------

@dataclass
class _Build:
    data: Status | None = None
    now: datetime | None = None
    changes_urls: dict[str, str] = field(default_factory=dict)  # language -> page URL
    status_pages: set[str] = field(default_factory=set)  # languages whose status page was read


_build = _Build()


def on_config(config):
    root = Path(config.config_file_path).parent
    _build.data = read_data(root / CATALOGUE, root / STATUS)
    _build.now = datetime.now(UTC)
    return config  # changes_urls stays: static-i18n runs on_config again for each language


def on_serve(server, config, builder):
    root = Path(config.config_file_path).parent
    for path in (CATALOGUE, STATUS):  # `mkdocs serve` rebuilds when the data changes
        server.watch(str(root / path))
    return server


@event_priority(-60)  # after hooks/freshness.py has replaced its own marker
def on_page_markdown(markdown, page, config, files):
    key, language = page_key(page.file.src_uri)
    if _build.data is None or language is None:
        return markdown
    url = _in_language(page.url, language, config)
    if key == CHANGES_PAGE:
        _build.changes_urls[language] = url
    if key == STATUS_PAGE:
        _build.status_pages.add(language)
    return render_page(markdown, key, language, f"docs/{page.file.src_uri}", url,
                       _build.data, _build.now or datetime.now(UTC))


def on_post_page(output, page, config):
    key, language = page_key(page.file.src_uri)
    if key in (STATUS_PAGE, CHANGES_PAGE) and language:
        url = _in_language(page.url, language, config)
        return add_feed_link(output, feed_href(url), language)
    return output


@event_priority(-120)  # after static-i18n (-100) has built every language
def on_post_build(config):
    if _build.data is None:
        return
    prefixes = language_prefixes(config) or {LANGUAGES[0]: ""}
    for language, prefix in prefixes.items():
        page_url = _build.changes_urls.get(language)
        if page_url is None:
            if language in _build.status_pages:  # the status page links to the change log
                raise PluginError(f"docs/{CHANGES_PAGE}.{language}.md: missing: the change "
                                  f"log of the mirror status and its feed are built from it")
            continue
        target = Path(config.site_dir) / prefix / FEED
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(atom_feed(_build.data.changes, language, config.site_url or "",
                                    prefix, page_url), encoding="utf-8")


def _in_language(url: str, language: str, config) -> str:
    """A page's URL relative to the root of its language (en/guide/x/ is guide/x/)."""
    return url.removeprefix(language_prefixes(config).get(language, ""))


def feed_href(page_url: str) -> str:
    """The link from a page (its URL under its language's root) to its language's feed."""
    return "../" * page_url.count("/") + FEED


def page_key(src_uri: str) -> tuple[str, str | None]:
    """("guide/verify", "zh") for "guide/verify.zh.md"; (path, None) for other files."""
    for language in LANGUAGES:
        if src_uri.endswith(f".{language}.md"):
            return src_uri[: -len(f".{language}.md")], language
    return src_uri, None


# The data ------------------------------------------------------------------------------

class DataError(ValueError):
    """A data file of the wrong shape: `file:line: reason`."""


@dataclass(frozen=True)
class Mirror:
    host: str
    serves: str  # a registry, or "*" for a prefix host that serves many
    form: str  # "host" or "prefix"
    operator: str
    source: str
    probe: str | None  # the image the weekly check pulls ("library/busybox:latest")


@dataclass(frozen=True)
class Check:
    host: str
    state: str
    checked: datetime | None
    where: str | None
    image: str | None
    v2: bool | None
    manifest: bool | None
    blob: bool | None
    seconds: float | None
    detail: str


@dataclass(frozen=True)
class Change:
    date: str  # YYYY, YYYY-MM, YYYY-MM-DD or an ISO time in UTC (the source's precision)
    host: str
    state: str
    by: str
    source: str
    added: str  # YYYY-MM-DD: when the entry joined the data (the feed's `updated`)
    previous: str | None = None
    detail: str = ""  # what the check saw (weekly check), verbatim
    note: dict[str, str] = field(default_factory=dict)  # language -> text (by hand)

    @property
    def anchor(self) -> str:
        return "change-" + re.sub(r"[^a-z0-9]+", "-", f"{self.date} {self.host} {self.state}"
                                  .lower()).strip("-")


@dataclass(frozen=True)
class Status:
    mirrors: tuple[Mirror, ...]
    checks: dict[str, Check]  # host -> latest check
    changes: tuple[Change, ...]  # newest first

    def check(self, host: str) -> Check:
        return self.checks.get(host) or unchecked(host)


def unchecked(host: str) -> Check:
    return Check(host, "unknown", None, None, None, None, None, None, None,
                 "not yet checked by the weekly job")


_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_URL = re.compile(r"https?://\S+")
_IMAGE = re.compile(r"[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9._-]+")


class _Lined(dict):
    """A YAML mapping that knows the line of itself and of each key."""

    line = 1
    lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping(loader, node):
    loader.flatten_mapping(node)
    value = _Lined()
    value.line = node.start_mark.line + 1
    value.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value[key] = loader.construct_object(value_node, deep=True)
        value.lines[key] = key_node.start_mark.line + 1
    return value


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
# Dates and times stay text: the file says what precision it has.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_yaml(path: Path, what: str) -> _Lined:
    if not path.exists():
        raise DataError(f"{path.as_posix()}: missing: the {what} is read by the build "
                        "(hooks/mirror_status.py)")
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark and mark.index >= len(text) - 1 and getattr(error, "context_mark", None):
            mark = error.context_mark  # the end of the file: say where the open part began
        line = mark.line + 1 if mark else 1
        raise DataError(f"{path.as_posix()}:{line}: not valid YAML: "
                        f"{getattr(error, 'problem', error)}") from None
    if not isinstance(data, _Lined):
        raise DataError(f"{path.as_posix()}:1: must be a mapping")
    return data


class _Fields:
    """Reads one mapping of a data file, naming the file and line of what is wrong."""

    def __init__(self, path: Path, item, what: str, line: int):
        self.path, self.what = path, what
        if not isinstance(item, _Lined):
            self.fail(line, f"{what} must be a mapping, not {item!r}")
        self.item = item

    def fail(self, line: int, reason: str):
        raise DataError(f"{self.path.as_posix()}:{line}: {reason}")

    def line(self, key: str | None = None) -> int:
        return self.item.lines.get(key, self.item.line) if key else self.item.line

    def get(self, key: str, check, expected: str, required: bool = True):
        if key not in self.item:
            if required:
                self.fail(self.line(), f"{self.what} lacks `{key}` ({expected})")
            return None
        value = self.item[key]
        if value is None and not required:
            return None
        if not check(value):
            self.fail(self.line(key), f"{self.what}: `{key}` must be {expected}, not {value!r}")
        return value

    def only(self, keys: set[str]):
        for key in self.item:
            if key not in keys:
                self.fail(self.line(key), f"{self.what}: unknown key `{key}` (known: "
                                          f"{', '.join(sorted(keys))})")


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _host(value) -> bool:
    return isinstance(value, str) and bool(_HOST.fullmatch(value))


def _items(path: Path, data: _Lined, key: str) -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise DataError(f"{path.as_posix()}:{data.lines.get(key, 1)}: `{key}` must be a list")
    return value


def read_catalogue(path: Path) -> tuple[Mirror, ...]:
    data = load_yaml(path, "mirror catalogue")
    mirrors, seen = [], set()
    for item in _items(path, data, "mirrors"):
        fields = _Fields(path, item, "a mirror", data.lines["mirrors"])
        fields.only({"host", "serves", "form", "operator", "source", "probe"})
        host = fields.get("host", _host, "a host name")
        if host in seen:
            fields.fail(fields.line("host"), f"{host} is listed twice")
        seen.add(host)
        form = fields.get("form", lambda v: v in ("host", "prefix"), '"host" or "prefix"')
        serves = fields.get("serves", lambda v: v == "*" or _host(v),
                            'a registry host, or "*" for a prefix host')
        if (form == "prefix") != (serves == "*"):
            fields.fail(fields.line("serves"), 'a prefix host serves "*", a host serves one '
                                               "registry")
        mirrors.append(Mirror(
            host, serves, form, fields.get("operator", _text, "a name"),
            fields.get("source", lambda v: isinstance(v, str) and _URL.fullmatch(v), "a URL"),
            fields.get("probe", lambda v: isinstance(v, str) and _IMAGE.fullmatch(v),
                       "an image like library/busybox:latest", required=False)))
    return tuple(mirrors)


def _time(value) -> bool:
    return isinstance(value, str) and bool(_TIME.fullmatch(value))


def read_status(path: Path, mirrors: tuple[Mirror, ...]) -> Status:
    data = load_yaml(path, "mirror status")
    known = {mirror.host for mirror in mirrors}
    checks: dict[str, Check] = {}
    for item in _items(path, data, "checks"):
        fields = _Fields(path, item, "a check", data.lines["checks"])
        fields.only({"host", "state", "checked", "where", "image", "v2", "manifest", "blob",
                     "seconds", "detail"})
        host = fields.get("host", _host, "a host name")
        if host not in known:
            fields.fail(fields.line("host"), f"{host} is not in {CATALOGUE.as_posix()}")
        if host in checks:
            fields.fail(fields.line("host"), f"{host} has two checks")
        state = fields.get("state", lambda v: v in CHECK_STATES, " or ".join(CHECK_STATES))
        checked = fields.get("checked", _time, "a UTC time like 2026-12-07T02:23:00Z",
                             required=False)
        if (checked is None) != (state == "unknown"):
            fields.fail(fields.line("checked"),
                        "`checked` is empty exactly when the state is unknown")
        flags = [fields.get(name, lambda v: isinstance(v, bool), "true, false or empty",
                            required=False) for name in ("v2", "manifest", "blob")]
        seconds = fields.get("seconds", lambda v: isinstance(v, int | float) and v >= 0
                             and not isinstance(v, bool), "a number of seconds",
                             required=False)
        checks[host] = Check(
            host, state,
            datetime.strptime(checked, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            if checked else None,
            fields.get("where", _text, "a place", required=False),
            fields.get("image", _text, "an image reference", required=False),
            *flags, float(seconds) if seconds is not None else None,
            fields.get("detail", _text, "what the check saw"))
    changes = []
    for item in _items(path, data, "changes"):
        fields = _Fields(path, item, "a change", data.lines["changes"])
        fields.only({"date", "host", "state", "previous", "by", "source", "added", "detail",
                     "note"})
        day = fields.get("date", lambda v: isinstance(v, str) and (
            _DAY.fullmatch(v) or _TIME.fullmatch(v)), "YYYY, YYYY-MM, YYYY-MM-DD or a UTC time")
        by = fields.get("by", lambda v: v in BY, " or ".join(f'"{b}"' for b in BY))
        note = fields.get("note", lambda v: isinstance(v, dict) and set(v) == set(LANGUAGES)
                          and all(_text(t) for t in v.values()),
                          "a text per language: {zh: ..., en: ...}", required=by == "hand")
        changes.append(Change(
            day, fields.get("host", _host, "a host name"),
            fields.get("state", lambda v: v in STATES, " or ".join(STATES)), by,
            fields.get("source", lambda v: isinstance(v, str) and _URL.fullmatch(v),
                       "the URL that says so"),
            fields.get("added", lambda v: isinstance(v, str) and len(v) == 10
                       and _DAY.fullmatch(v), "the date the entry was added, YYYY-MM-DD"),
            fields.get("previous", lambda v: v in CHECK_STATES, " or ".join(CHECK_STATES),
                       required=False),
            fields.get("detail", _text, "what the check saw", required=False) or "",
            dict(note or {})))
    anchors: set[str] = set()
    for change, item in zip(changes, data["changes"], strict=True):
        if change.anchor in anchors:
            raise DataError(f"{path.as_posix()}:{item.line}: {change.host} changed to "
                            f"{change.state} on {change.date} twice")
        anchors.add(change.anchor)
    return Status(mirrors, checks, tuple(sorted(changes, key=lambda c: c.date, reverse=True)))


def read_data(catalogue: Path, status: Path) -> Status:
    try:
        return read_status(status, read_catalogue(catalogue))
    except DataError as error:
        raise PluginError(str(error)) from None


# What readers see ----------------------------------------------------------------------

_WORDS = {
    "zh": {
        "head": "| 加速器 | 提供什么 | 状态 | 最近检查（UTC） | `/v2/` | 清单 | 数据块 | 耗时 | 检查地点 |",
        "yes": "是", "no": "否", "unchecked": "未检查", "none": "–",
        "no-check": "还没有自动检查", "stale": "已过期：超过 14 天没有新检查，不代表现在",
        "hub": "仅 Docker Hub（`registry-mirrors` 可用）", "one": "仅 `{serves}`（替换主机名）",
        "prefix": "多个仓库，加前缀：`{host}/docker.io/library/busybox`",
        "image": "拉取 `{image}`",
        "seconds": "{seconds:.1f} 秒",
        "states": {"up": "可用", "login": "要求登录", "allowlist": "白名单拒绝",
                   "forbidden": "拒绝访问", "limited": "限流（429）", "down": "不可用",
                   "unknown": "未知"},
        "v2-only": "`/v2/` 有应答（没有检查镜像）",
        "semicolon": "；", "colon": "：", "before": "（", "after": "）",
        "note": (
            "表中是每周自动检查的最近一次结果：检查在 GitHub 托管的 runner 上运行，"
            "位于中国大陆以外。**“从境外能访问”不等于“在国内快”**：这里显示可用的加速器，"
            "从你的网络访问仍可能很慢、被限流或连不上，请按下面的方法[自己检查](#check)。"
            "每次检查依次请求 `/v2/`（按客户端的方式匿名获取 token）、`busybox` 等小镜像的清单"
            "和它的一个数据块（配置），并核对摘要。超过 14 天的检查结果显示为已过期。"
            "状态的变化见[加速器变化记录](mirror-changes.md)。"),
        "none-yet": ("**还没有运行过自动检查**：每周任务还没有记录任何结果，所以下表不能说明这些"
                     "加速器现在是否可用。"),
        "empty": "还没有记录到任何变化。",
        "changes-head": "| 日期 | 加速器 | 变化 | 来源 |",
        "by-check": "每周检查", "source": "来源",
        "became": "变为：{state}", "from": "（之前：{state}）",
        "feed": "订阅：Atom 源",
        "feed-title": "Docker 镜像加速器指南：公共加速器的变化",
        "notice-title": "本页提到的加速器不可用",
        "notice": "本页提到 `{host}`，每周检查在 {day} 发现它{state}：{detail}",
        "notice-more": "见[公共加速器现状](public-mirrors.md#status)。",
    },
    "en": {
        "head": "| Mirror | Serves | State | Last check (UTC) | `/v2/` | Manifest | Blob | "
                "Time | Checked from |",
        "yes": "yes", "no": "no", "unchecked": "not checked", "none": "–",
        "no-check": "no automated check yet",
        "stale": "stale: no check for more than 14 days, not current",
        "hub": "Docker Hub only (a `registry-mirrors` entry)",
        "one": "`{serves}` only (host replacement)",
        "prefix": "several registries, by prefix: `{host}/docker.io/library/busybox`",
        "image": "pulls `{image}`",
        "seconds": "{seconds:.1f} s",
        "states": {"up": "up", "login": "asks for login", "allowlist": "allowlist refused",
                   "forbidden": "forbidden", "limited": "rate-limited (429)",
                   "down": "down", "unknown": "unknown"},
        "v2-only": "`/v2/` answers (no image checked)",
        "semicolon": "; ", "colon": ": ", "before": " (", "after": ")",
        "note": (
            "The table shows the latest result of the weekly automated check. The check runs "
            "on a GitHub-hosted runner, outside mainland China. **\"Reachable from abroad\" "
            "is not \"fast in China\"**: a mirror shown as up here can still be slow, "
            "rate-limited or unreachable from your network, so [check it yourself](#check) "
            "as below. Each check asks for `/v2/` (and fetches a token anonymously, as a "
            "client does), a manifest of a small image such as `busybox` and one of its blobs "
            "(the config), and verifies their digests. A result older than 14 days is shown "
            "as stale. What changed and when: [Mirror changes](mirror-changes.md)."),
        "none-yet": ("**No automated check has run yet**: the weekly job has not recorded a "
                     "result, so the table does not tell whether these mirrors work today."),
        "empty": "No change recorded yet.",
        "changes-head": "| Date | Mirror | Change | Source |",
        "by-check": "weekly check", "source": "source",
        "became": "now: {state}", "from": " (before: {state})",
        "feed": "Subscribe: Atom feed",
        "feed-title": "Docker Registry Mirror Guide: changes of public mirrors",
        "notice-title": "A mirror named on this page is not usable",
        "notice": "This page names `{host}`, which the weekly check found {state} on {day}: "
                  "{detail}",
        "notice-more": "See [Public mirrors today](public-mirrors.md#status).",
    },
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """Text shown verbatim inside a table cell (what a server answered)."""
    text = text.replace("`", "'")
    return f"`{_cell(text)}`"


def serves_text(mirror: Mirror, language: str) -> str:
    words = _WORDS[language]
    if mirror.form == "prefix":
        return words["prefix"].format(host=mirror.host)
    if mirror.serves == "docker.io":
        return words["hub"]
    return words["one"].format(serves=mirror.serves)


_GITHUB_HOSTED = re.compile(r"GitHub-hosted runner \((?P<image>[^)]*)\), outside mainland China")


def where_text(where: str | None, language: str) -> str:
    """Where a check ran, in the reader's language when it is the usual GitHub runner."""
    if not where:
        return "–"
    match = _GITHUB_HOSTED.fullmatch(where)
    if match and language == "zh":
        return f"GitHub 托管的 runner（{match['image']}），中国大陆以外"
    return where


def is_stale(check: Check, now: datetime) -> bool:
    return check.checked is not None and now - check.checked > STALE_AFTER


def status_table(status: Status, language: str, now: datetime) -> str:
    """The Markdown table of every mirror and its latest check, with the sentence that
    says where it ran and what it cannot tell."""
    words = _WORDS[language]
    rows = [words["head"], "|" + " --- |" * (words["head"].count("|") - 1)]
    for mirror in status.mirrors:
        check = status.check(mirror.host)
        serves = serves_text(mirror, language)
        if check.image:
            serves += words["semicolon"] + words["image"].format(image=check.image)
        if check.state == "unknown":
            rows.append(f"| `{mirror.host}` | {serves} | {words['states']['unknown']} | "
                        f"{words['no-check']} | " + " | ".join([words["none"]] * 5) + " |")
            continue
        state = words["states"][check.state]
        if check.state == "up" and check.manifest is None:
            state = words["v2-only"]
        if check.state != "up":
            state += words["colon"] + _code(check.detail)
        when = check.checked.strftime("%Y-%m-%d %H:%M")
        if is_stale(check, now):
            state = f"**{words['stale']}**{words['before']}{state}{words['after']}"
        flags = [words["none"] if flag is None and check.v2 is None
                 else words["unchecked"] if flag is None
                 else words["yes"] if flag else words["no"]
                 for flag in (check.v2, check.manifest, check.blob)]
        seconds = (words["seconds"].format(seconds=check.seconds) if check.seconds is not None
                   else words["none"])
        rows.append(f"| `{mirror.host}` | {serves} | {state} | {when} | "
                    + " | ".join(flags) + f" | {seconds} | {_cell(where_text(check.where, language))} |")
    first = ""
    if all(status.check(m.host).state == "unknown" for m in status.mirrors):
        first = words["none-yet"] + "\n\n"
    return first + "\n".join(rows) + "\n\n" + words["note"] + "\n"


def change_text(change: Change, language: str) -> str:
    words = _WORDS[language]
    text = words["became"].format(state=words["states"][change.state])
    if change.previous:
        text += words["from"].format(state=words["states"][change.previous])
    if change.note:
        text += ". " if language == "en" else "。"
        text += _cell(change.note[language])
    if change.detail:
        text += (": " if language == "en" else "：") + _code(change.detail)
    return text


def _day(value: str) -> str:
    return value.replace("T", " ").removesuffix("Z")[:16]


def changes_table(status: Status, language: str, feed: str) -> str:
    """The change log: each change dated, newest first, with its source; a link to the
    feed."""
    words = _WORDS[language]
    feed = (f'<a href="{html.escape(feed)}" type="application/atom+xml">'
            f'{words["feed"]}</a>\n\n')
    if not status.changes:
        return feed + words["empty"] + "\n"
    rows = [words["changes-head"], "| --- | --- | --- | --- |"]
    for change in status.changes:
        by = words["by-check"] if change.by == "weekly check" else words["source"]
        rows.append(f'| <span id="{change.anchor}"></span>{_day(change.date)} | '
                    f"`{change.host}` | {change_text(change, language)} | "
                    f"[{by}]({change.source}) |")
    return feed + "\n".join(rows) + "\n"


def names_host(line: str, host: str) -> bool:
    """Whether `line` names `host` as a whole name (not `adocker.m.daocloud.io`, not the
    `m.daocloud.io` inside `docker.m.daocloud.io`)."""
    start = line.find(host)
    while start != -1:
        before = line[start - 1] if start else " "
        end = start + len(host)
        after = line[end] if end < len(line) else " "
        if not (before.isalnum() or before in ".-") and not (after.isalnum() or after in "-"):
            return True
        start = line.find(host, start + 1)
    return False


def notices(markdown: str, status: Status, language: str, page_key_: str) -> str:
    """Warnings for every mirror that the page names and whose latest check found it
    unusable: admonitions in HTML (md_in_html) kept out of the search index."""
    words = _WORDS[language]
    out = []
    link = "](" + "../" * page_key_.count("/") + "guide/"
    for check in sorted(status.checks.values(), key=lambda c: c.host):
        if check.state not in NOTICE_STATES or not check.checked:
            continue
        if not any(names_host(line, check.host) for line in markdown.splitlines()):
            continue
        text = words["notice"].format(host=check.host, day=check.checked.date().isoformat(),
                                      state=words["states"][check.state],
                                      detail=_code(check.detail))
        more = words["notice-more"].replace("](", link)
        out.append(f'<div class="admonition danger mirror-down" data-search-exclude markdown>\n'
                   f'<p class="admonition-title">{html.escape(words["notice-title"])}</p>\n\n'
                   f"{text} {more}\n\n</div>\n")
    return "\n".join(out)


def insert_after_title(markdown: str, block: str) -> str:
    """`block` after the page's first `# ` heading (or at the top when it has none before
    its first code block, whose `# comment` lines are no headings)."""
    if not block:
        return markdown
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            break
        if line.startswith("# "):
            return "\n".join([*lines[: number + 1], "", block, *lines[number + 1:]])
    return block + "\n" + markdown


def render_page(markdown: str, key: str, language: str, path: str, page_url: str,
                status: Status, now: datetime) -> str:
    """A page's Markdown with the status, the change log and the notices in place."""
    if key == STATUS_PAGE:
        markdown = _replace(markdown, STATUS_MARKER, status_table(status, language, now), path)
    elif key == CHANGES_PAGE:
        markdown = _replace(markdown, CHANGES_MARKER,
                            changes_table(status, language, feed_href(page_url)), path)
    if key == CHANGES_PAGE:  # the change log names every mirror with its state already
        return markdown
    return insert_after_title(markdown, notices(markdown, status, language, key))


def _replace(markdown: str, marker: str, text: str, path: str) -> str:
    lines = markdown.split("\n")
    if lines.count(marker) != 1:
        raise PluginError(f"{path}: needs the line {marker} once, where the build puts what "
                          f"hooks/mirror_status.py renders")
    return markdown.replace(marker, text.rstrip("\n"))


def add_feed_link(output: str, href: str, language: str) -> str:
    """The feed's autodiscovery link in the page's head. Its rel is "alternate feed", not
    "alternate" alone: Material's script fetches `sitemap.xml` next to every
    `link[rel=alternate]` (exact match), which would be a 404 for a feed."""
    link = (f'<link rel="alternate feed" type="application/atom+xml" '
            f'title="{html.escape(_WORDS[language]["feed-title"])}" href="{html.escape(href)}">')
    if "</head>" not in output:
        return output
    return output.replace("</head>", link + "\n</head>", 1)


def _feed_time(value: str) -> str:
    return value if "T" in value else f"{value}T00:00:00Z"


def entry_updated(change: Change) -> str:
    """A change's `updated` in the feed: the time of the check that found it, or the day a
    change found by hand was added (its own date may be only a year or a month)."""
    return change.date if change.by == "weekly check" and "T" in change.date \
        else _feed_time(change.added)


def atom_feed(changes: tuple[Change, ...], language: str, site_url: str, prefix: str,
              page_url: str) -> str:
    """An Atom feed (RFC 4287) of the changes, the latest first. Links are relative to the
    feed file, so that it works from disk as well as from the site; ids are tag URIs that do
    not depend on where the site is served."""
    words = _WORDS[language]
    authority = urlsplit(site_url).hostname or "registry-mirror-guide.invalid"
    page = "../" * FEED.count("/") + page_url
    entries = sorted(changes, key=lambda c: (entry_updated(c), c.date), reverse=True)
    updated = entry_updated(entries[0]) if entries else "2026-12-06T00:00:00Z"
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">',
             f"  <id>tag:{authority},2026:{prefix}{FEED}</id>",
             f"  <title>{xml_escape(words['feed-title'])}</title>",
             f"  <updated>{updated}</updated>",
             f'  <link rel="alternate" type="text/html" href="{xml_escape(page)}"/>',
             "  <author><name>registry-mirror-guide</name></author>"]
    if site_url:
        lines.append(f'  <link rel="self" type="application/atom+xml" '
                     f'href="{xml_escape(site_url.rstrip("/") + "/" + prefix + FEED)}"/>')
    for change in entries:
        title = f"{_day(change.date)} {change.host}: {words['states'][change.state]}"
        summary = change_text(change, language).replace("\\|", "|")
        lines += ["  <entry>",
                  f"    <id>tag:{authority},2026:mirror-change/{change.anchor}</id>",
                  f"    <title>{xml_escape(title)}</title>",
                  f"    <updated>{entry_updated(change)}</updated>",
                  f'    <link rel="alternate" type="text/html" '
                  f'href="{xml_escape(page + "#" + change.anchor)}"/>',
                  f'    <link rel="related" href="{xml_escape(change.source)}"/>',
                  f"    <summary>{xml_escape(summary)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
