"""The mirror status (sitecheck/mirror_probe.py, hooks/mirror_status.py), offline: the probe
against stub registries on 127.0.0.1 (HTTP, HTTPS with a certificate made here, a socket that
never answers), the data files' shape, the rendering in both languages, staleness, the Atom
feed, the notices on pages that name a mirror found down, and a real build of a small site."""

import hashlib
import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
import yaml
from mkdocs.exceptions import PluginError

from hooks.mirror_status import (
    CHANGES_MARKER,
    STATUS_MARKER,
    STATUS_PAGE,
    Change,
    Check,
    DataError,
    Status,
    add_feed_link,
    atom_feed,
    changes_table,
    names_host,
    notices,
    read_catalogue,
    read_data,
    read_status,
    render_page,
    status_table,
)
from sitecheck.build import build_site
from sitecheck.mirror_probe import (
    dump_status,
    header_of,
    probe,
    run,
    update,
    where_from_env,
)
from sitecheck.pages import ROOT

DATA = ROOT / "sitecheck" / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "mirror-status"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)

# A tiny image: a config blob, its manifest, and an index that points to the manifest.
CONFIG = b'{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}'
CONFIG_DIGEST = "sha256:" + hashlib.sha256(CONFIG).hexdigest()
MANIFEST = json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
               "digest": CONFIG_DIGEST, "size": len(CONFIG)}, "layers": []}).encode()
MANIFEST_DIGEST = "sha256:" + hashlib.sha256(MANIFEST).hexdigest()
INDEX = json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{"digest": "sha256:" + "0" * 64, "platform": {"os": "linux",
                                                                "architecture": "arm64"}},
                  {"digest": MANIFEST_DIGEST, "platform": {"os": "linux",
                                                           "architecture": "amd64"}}]}).encode()
REGISTRY = {"Docker-Distribution-API-Version": "registry/2.0"}
ALLOWLIST_BODY = json.dumps({"errors": [{"code": "DENIED", "message": (
    "🚫 👀-> https://github.com/DaoCloud/public-image-mirror/issues/2328 🔗 这镜像不在白名单. "
    "this image is not in the allowlist.")}]}, ensure_ascii=False)


class Registry(BaseHTTPRequestHandler):
    """A registry whose behaviour is the first path segment: /open, /token, /login, ..."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    seen: ClassVar[list] = []  # the Authorization header of each request for a redirected blob

    def do_GET(self):  # noqa: C901, PLR0911, PLR0912 - one branch per kind of registry
        mode, _, path = self.path.lstrip("/").partition("/")
        if mode == "cdn":  # where blobs are redirected to
            self.seen.append(self.headers.get("Authorization"))
            kind = path.split("/")[0]
            return self.answer(200, {}, CONFIG if kind != "badblob" else CONFIG + b" ")
        path = "/" + path
        base = f"http://{self.headers['Host']}/{mode}"
        challenge = {"WWW-Authenticate": f'Bearer realm="{base}/token",service="stub"'}
        authorized = self.headers.get("Authorization") == "Bearer t0ken"
        if path.startswith("/token"):
            if mode == "login":
                return self.answer(401, {"WWW-Authenticate": 'Basic realm="stub"'},
                                   '{"errors":[{"code":"UNAUTHORIZED"}]}')
            return self.answer(200, {"Content-Type": "application/json"}, '{"token":"t0ken"}')
        if path == "/v2/":
            if mode in ("open", "badblob", "lazy"):
                return self.answer(200, REGISTRY, "{}")
            if mode == "basic":
                return self.answer(401, {"WWW-Authenticate": 'Basic realm="private"'}, "")
            if mode in ("token", "login", "allowlist"):
                return self.answer(401, {**REGISTRY, **challenge}, "{}")
            if mode == "forbidden":
                return self.answer(403, {}, "<html>Forbidden</html>")
            if mode == "allowlist-v2":
                return self.answer(403, {"Content-Type": "application/json"}, ALLOWLIST_BODY)
            if mode == "limited":
                return self.answer(429, {}, "Too Many Requests")
            if mode == "html":
                return self.answer(200, {"Content-Type": "text/html"},
                                   "<!doctype html><html><body>This domain is for sale</body>")
            return self.answer(404, {}, "no such mode")
        if mode in ("token", "allowlist", "lazy") and not authorized:
            return self.answer(401, challenge, '{"errors":[{"code":"UNAUTHORIZED"}]}')
        if path == "/v2/library/busybox/manifests/latest":
            if mode == "allowlist":
                return self.answer(403, {"Content-Type": "application/json"}, ALLOWLIST_BODY)
            return self.answer(200, {"Content-Type": "application/vnd.oci.image.index.v1+json"},
                               INDEX)
        if path == f"/v2/library/busybox/manifests/{MANIFEST_DIGEST}":
            return self.answer(200, {"Content-Type": "application/vnd.oci.image.manifest.v1+json"},
                               MANIFEST)
        if path == f"/v2/library/busybox/blobs/{CONFIG_DIGEST}":
            # like Docker Hub, the blob is a redirect to another host (here: another path)
            return self.answer(307, {"Location": f"/cdn/{mode}/{CONFIG_DIGEST}"}, "")
        return self.answer(404, {}, '{"errors":[{"code":"NOT_FOUND"}]}')

    def answer(self, status, headers, body):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/plain", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return None


def serve(handler, context=None):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if context:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def registry():
    Registry.seen = []
    server = serve(Registry)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# The probe -----------------------------------------------------------------------------

def test_a_registry_that_answers_200_serves_manifest_and_blob(registry):
    state, seen = probe(f"{registry}/open", "library/busybox:latest", timeout=5)
    assert state == "up", seen
    assert (seen["v2"], seen["manifest"], seen["blob"]) == (True, True, True)
    assert seen["detail"] == "served the manifest and config blob of library/busybox:latest"
    assert 0 <= seen["seconds"] < 5


def test_a_401_registry_gets_an_anonymous_token_then_serves(registry):
    Registry.seen.clear()
    state, seen = probe(f"{registry}/token", "library/busybox:latest", timeout=5)
    assert state == "up", seen
    assert seen["blob"] is True
    assert Registry.seen == ["Bearer t0ken"]  # the same host: the token goes along


def test_a_registry_that_asks_for_a_token_only_for_the_manifest_gets_one(registry):
    state, seen = probe(f"{registry}/lazy", "library/busybox:latest", timeout=5)
    assert state == "up", seen


def test_without_an_image_only_v2_is_checked(registry):
    state, seen = probe(f"{registry}/token", None, timeout=5)
    assert state == "up"
    assert (seen["v2"], seen["manifest"], seen["blob"]) == (True, None, None)


@pytest.mark.parametrize(
    ("mode", "state", "flags", "detail"),
    [("login", "login", (True, False, None), "anonymous token: HTTP 401"),
     ("basic", "login", (False, None, None), "GET /v2/: HTTP 401 Unauthorized: asks for"),
     ("allowlist", "allowlist", (True, False, None), "this image is not in the allowlist"),
     ("allowlist-v2", "allowlist", (False, None, None), "GET /v2/: HTTP 403"),
     ("forbidden", "forbidden", (False, None, None), "GET /v2/: HTTP 403 Forbidden"),
     ("limited", "limited", (False, None, None), "GET /v2/: HTTP 429"),
     ("html", "down", (False, None, None), "a web page (HTML) instead of a registry"),
     ("nothing", "down", (False, None, None), "GET /v2/: HTTP 404"),
     ("badblob", "down", (True, True, False), "does not match its digest")],
)
def test_what_goes_wrong_gives_a_state_and_says_what_happened(registry, mode, state, flags,
                                                              detail):
    got, seen = probe(f"{registry}/{mode}", "library/busybox:latest", timeout=5)
    assert got == state, seen
    assert (seen["v2"], seen["manifest"], seen["blob"]) == flags
    assert detail in seen["detail"], seen["detail"]


def test_a_mirror_that_never_answers_is_down_after_the_timeout():
    with socket.socket() as listener:  # accepts connections (backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        state, seen = probe(f"http://127.0.0.1:{listener.getsockname()[1]}",
                            "library/busybox:latest", timeout=0.5)
    assert state == "down"
    assert seen["detail"] == "GET /v2/: no answer within 0.5 s (timeout)"
    assert seen["seconds"] < 5


def test_a_connection_refused_is_down():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    state, seen = probe(f"http://127.0.0.1:{port}", None, timeout=2)
    assert state == "down" and seen["detail"].startswith("GET /v2/: no answer:")


@pytest.fixture(scope="module")
def tls_registry(tmp_path_factory):
    openssl = shutil.which("openssl")
    if openssl is None:
        if os.environ.get("CI") == "true":
            pytest.fail("openssl is needed to make the test certificate")
        pytest.skip("openssl is not installed: the TLS test needs it for its certificate")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = serve(Registry, context)
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_certificate_the_client_does_not_trust_is_a_tls_error(tls_registry):
    state, seen = probe(f"{tls_registry}/open", "library/busybox:latest", timeout=5)
    assert state == "down"
    assert seen["detail"].startswith("GET /v2/: TLS error: "), seen["detail"]
    assert "certificate" in seen["detail"]
    assert seen["v2"] is False


def test_where_it_ran_comes_from_the_runner():
    assert where_from_env({"RUNNER_ENVIRONMENT": "github-hosted", "ImageOS": "ubuntu24"}) == \
        "GitHub-hosted runner (ubuntu24), outside mainland China"
    assert where_from_env({"GITHUB_ACTIONS": "true", "RUNNER_ENVIRONMENT": "self-hosted",
                           "RUNNER_NAME": "box"}) == "self-hosted runner box"
    assert "not a GitHub-hosted runner" in where_from_env({})


# The data files ------------------------------------------------------------------------

def test_the_real_data_loads_and_says_no_check_has_run_yet():
    status = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    assert {m.host for m in status.mirrors} >= {"docker.m.daocloud.io", "m.daocloud.io"}
    assert {c.state for c in status.checks.values()} == {"unknown"}
    assert all(c.detail == "not yet checked by the weekly job" for c in status.checks.values())
    assert all(c.checked is None for c in status.checks.values())
    hand = [c for c in status.changes if c.by == "hand"]
    assert hand and all(c.source.startswith("https://") and set(c.note) == {"zh", "en"}
                        for c in hand)
    assert [c.date for c in status.changes] == sorted((c.date for c in status.changes),
                                                      reverse=True)


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [("state.yaml", 4, "`state` must be up or login"),
     ("unknown-host.yaml", 3, "nowhere.example is not in sitecheck/data/mirrors.yaml"),
     ("checked.yaml", 5, "`checked` must be a UTC time"),
     ("unchecked-state.yaml", 2, "`checked` is empty exactly when the state is unknown"),
     ("hand-no-source.yaml", 8, "a change lacks `source`"),
     ("hand-no-note.yaml", 8, "a change lacks `note`"),
     ("note-one-language.yaml", 14, "`note` must be a text per language"),
     ("date.yaml", 10, "`date` must be YYYY, YYYY-MM, YYYY-MM-DD"),
     ("key.yaml", 6, "unknown key `seconds_taken`"),
     ("not-a-list.yaml", 1, "`checks` must be a list"),
     ("twice.yaml", 14, "changed to down on 2024 twice"),
     ("broken.yaml", 4, "not valid YAML")],
)
def test_a_status_file_of_the_wrong_shape_names_its_file_and_line(name, line, reason):
    path = FIXTURES / name
    with pytest.raises(DataError) as error:
        read_status(path, read_catalogue(DATA / "mirrors.yaml"))
    message = str(error.value)
    assert message.startswith(f"{path.as_posix()}:{line}: "), message
    assert reason in message, message


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [("mirrors:\n  - {host: a.example, serves: docker.io, form: host, operator: X,\n"
      "     source: 'https://x.example'}\n  - {host: a.example, serves: gcr.io, form: host,"
      " operator: X, source: 'https://x.example'}\n", 4, "a.example is listed twice"),
     ("mirrors:\n  - host: a.example\n    serves: '*'\n    form: host\n", 3,
      'a prefix host serves "*"'),
     ("mirrors:\n  - host: a.example\n    serves: docker.io\n    form: host\n"
      "    operator: X\n    source: 'https://x.example'\n    probe: busybox\n", 7,
      "`probe` must be an image like library/busybox:latest")],
)
def test_a_catalogue_of_the_wrong_shape_names_its_file_and_line(tmp_path, text, line, reason):
    path = tmp_path / "mirrors.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_catalogue(path)
    assert str(error.value).startswith(f"{path.as_posix()}:{line}: "), error.value
    assert reason in str(error.value)


def test_a_missing_data_file_fails_the_build_naming_it(tmp_path):
    with pytest.raises(PluginError, match=r"mirror-status\.yaml: missing"):
        read_data(DATA / "mirrors.yaml", tmp_path / "mirror-status.yaml")


# Rendering -----------------------------------------------------------------------------

def sample(checked=NOW - timedelta(days=1), state="up", host="docker.m.daocloud.io"):
    status = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    check = Check(host, state, checked, "GitHub-hosted runner (ubuntu24), outside mainland China",
                  "library/busybox:latest", True, state == "up", state == "up", 1.25,
                  "served the manifest and config blob of library/busybox:latest"
                  if state == "up" else "GET /v2/: no answer within 20 s (timeout)")
    return Status(status.mirrors, {**status.checks, host: check}, status.changes)


def row(table, host):
    return next(line for line in table.splitlines() if line.startswith(f"| `{host}` |"))


def test_the_table_shows_a_check_in_both_languages():
    status = sample()
    en, zh = status_table(status, "en", NOW), status_table(status, "zh", NOW)
    assert row(en, "docker.m.daocloud.io") == (
        "| `docker.m.daocloud.io` | Docker Hub only (a `registry-mirrors` entry); pulls "
        "`library/busybox:latest` | up | 2026-12-05 12:00 | yes | yes | yes | 1.2 s | "
        "GitHub-hosted runner (ubuntu24), outside mainland China |")
    assert row(zh, "docker.m.daocloud.io") == (
        "| `docker.m.daocloud.io` | 仅 Docker Hub（`registry-mirrors` 可用）；拉取 "
        "`library/busybox:latest` | 可用 | 2026-12-05 12:00 | 是 | 是 | 是 | 1.2 秒 | "
        "GitHub 托管的 runner（ubuntu24），中国大陆以外 |")
    assert '"Reachable from abroad" is not "fast in China"' in en
    assert "“从境外能访问”不等于“在国内快”" in zh
    assert "several registries, by prefix: `m.daocloud.io/docker.io/library/busybox`" in en


def test_without_a_check_the_table_says_so_and_invents_nothing():
    status = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    en = status_table(status, "en", NOW)
    assert row(en, "gcr.m.daocloud.io") == (
        "| `gcr.m.daocloud.io` | `gcr.io` only (host replacement) | unknown | "
        "no automated check yet | – | – | – | – | – |")
    assert en.startswith("**No automated check has run yet**")
    assert "还没有自动检查" in status_table(status, "zh", NOW)
    assert status_table(status, "zh", NOW).startswith("**还没有运行过自动检查**")
    assert "No automated check has run yet" not in status_table(sample(), "en", NOW)
    assert " yes " not in en and "| up |" not in en


@pytest.mark.parametrize(("age", "stale"), [(13, False), (14, False), (15, True)])
def test_a_check_older_than_two_weeks_is_shown_as_stale(age, stale):
    table = status_table(sample(NOW - timedelta(days=age)), "en", NOW)
    line = row(table, "docker.m.daocloud.io")
    assert ("stale: no check for more than 14 days, not current" in line) is stale
    assert ("| up |" in line) is not stale
    assert ("已过期" in row(status_table(sample(NOW - timedelta(days=age)), "zh", NOW),
                         "docker.m.daocloud.io")) is stale


def test_a_failed_check_shows_what_happened():
    line = row(status_table(sample(state="down"), "en", NOW), "docker.m.daocloud.io")
    assert "| down: `GET /v2/: no answer within 20 s (timeout)` |" in line
    zh = row(status_table(sample(state="down"), "zh", NOW), "docker.m.daocloud.io")
    assert "| 不可用：`GET /v2/: no answer within 20 s (timeout)` |" in zh


def test_the_change_log_is_dated_newest_first_with_sources():
    status = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    for language, head in (("en", "| Date | Mirror | Change | Source |"),
                           ("zh", "| 日期 | 加速器 | 变化 | 来源 |")):
        table = changes_table(status, language, "../../feeds/mirror-changes.xml")
        assert head in table
        rows = [line for line in table.splitlines() if line.startswith("| <span")]
        dates = [line.split("</span>")[1].split(" |")[0] for line in rows]
        assert dates == sorted(dates, reverse=True) and len(rows) == len(status.changes)
        assert '<a href="../../feeds/mirror-changes.xml" type="application/atom+xml">' in table
    en = changes_table(status, "en", "f.xml")
    assert ("| `docker.mirrors.ustc.edu.cn` | now: down (before: forbidden). USTC's mirror "
            "closed its Docker Hub cache, citing force majeure | "
            "[source](https://mirrors.ustc.edu.cn/help/dockerhub.html) |") in en


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_atom_with_its_required_elements_and_dates_in_order():
    status = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    found = Change("2026-12-14T02:30:00Z", "docker.m.daocloud.io", "down", "weekly check",
                   "https://github.com/o/r/actions/runs/1", "2026-12-14", "up",
                   "GET /v2/: no answer within 20 s (timeout)")
    changes = (found, *status.changes)
    for language in ("zh", "en"):
        text = atom_feed(changes, language, "https://registry-mirror-guide.github.io/",
                         "" if language == "zh" else "en/", "guide/mirror-changes/")
        feed = ET.fromstring(text.encode())
        assert feed.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{name}") is not None, name
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == len(changes)
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
            datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
        times = [entry.findtext(f"{ATOM}updated") for entry in entries]
        assert times == sorted(times, reverse=True)
        assert feed.findtext(f"{ATOM}updated") == times[0] == "2026-12-14T02:30:00Z"
        assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
        first = entries[0].find(f"{ATOM}link[@rel='alternate']").get("href")
        assert first == "../guide/mirror-changes/#change-2026-12-14t02-30-00z-docker-m-daocloud-io-down"
    assert "2026-12-14 02:30 docker.m.daocloud.io: 不可用" in atom_feed(
        changes, "zh", "", "", "guide/mirror-changes/")


def test_the_feed_link_in_the_head_is_not_a_plain_alternate():
    html = add_feed_link("<html><head><title>x</title></head><body></body></html>",
                         "../../feeds/mirror-changes.xml", "en")
    assert '<link rel="alternate feed" type="application/atom+xml"' in html
    assert 'href="../../feeds/mirror-changes.xml">\n</head>' in html


# Pages that name a mirror ----------------------------------------------------------------

def test_a_page_naming_a_mirror_found_down_gets_a_notice_after_its_title():
    status = sample(NOW - timedelta(days=2), "down")
    page = "# Q&A\n\nUse `https://docker.m.daocloud.io` in daemon.json.\n"
    out = render_page(page, "qa/index", "en", "docs/qa/index.en.md", "qa/", status, NOW)
    assert out.startswith('# Q&A\n\n<div class="admonition danger mirror-down" '
                          'data-search-exclude markdown>\n<p class="admonition-title">A mirror '
                          "named on this page is not usable</p>\n")
    assert ("This page names `docker.m.daocloud.io`, which the weekly check found down on "
            "2026-12-04: `GET /v2/: no answer within 20 s (timeout)` See [Public mirrors "
            "today](../guide/public-mirrors.md#status).") in out
    zh = notices("# 问答\n\n用 docker.m.daocloud.io\n", status, "zh", "guide/docker-engine")
    assert "本页提到 `docker.m.daocloud.io`，每周检查在 2026-12-04 发现它不可用" in zh
    assert "](../guide/public-mirrors.md#status)" in zh


def test_the_notice_goes_after_the_title_never_into_a_code_block():
    status = sample(NOW - timedelta(days=2), "down")
    page = "```bash\n# docker.m.daocloud.io\n```\n\n# Title\n"
    out = render_page(page, "x", "en", "docs/x.en.md", "x/", status, NOW)
    assert out.startswith('<div class="admonition danger mirror-down"')


def test_every_real_page_naming_a_mirror_found_down_says_so():
    """The site's own pages with data that finds every recommended mirror down: each page
    that names one (the Q&A and the runtime pages among them) warns under its title."""
    base = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    checked = NOW - timedelta(days=1)
    down = Status(base.mirrors, {m.host: Check(m.host, "down", checked, "here", None, False,
                                               None, None, 3.0, "GET /v2/: no answer")
                                 for m in base.mirrors}, base.changes)
    warned = set()
    for path in sorted((ROOT / "docs").rglob("*.md")):
        src = path.relative_to(ROOT / "docs").as_posix()
        key, language = src.rsplit(".", 2)[0], src.rsplit(".", 2)[1]
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        out = render_page(text, key, language, f"docs/{src}", key + "/", down, NOW)
        names = [m.host for m in base.mirrors
                 if any(names_host(line, m.host) for line in text.splitlines())]
        if names:
            title = out.index("\n# ") if not out.startswith("# ") else 0
            notice = out.index('<div class="admonition danger mirror-down"')
            assert notice > title, src
            # the status page's notice also covers the mirrors of the table the build puts in
            named = (text.replace(STATUS_MARKER, status_table(down, language, NOW).rstrip("\n"))
                     if key == STATUS_PAGE else text)
            block = notices(named, down, language, key)
            assert out.index(block) == notice, src
            for host in names:
                assert block.count(f"`{host}`") == 1, (src, host)
            warned.add(key)
    assert {"qa/index", "guide/docker-engine", "guide/containerd", "guide/podman",
            "guide/kubernetes", "guide/public-mirrors"} <= warned, sorted(warned)


def test_no_notice_for_a_mirror_that_is_up_unchecked_or_only_contained_in_a_name():
    down = sample(NOW - timedelta(days=2), "down", host="m.daocloud.io")
    assert notices("pull docker.m.daocloud.io/library/busybox", down, "en", "qa/index") == ""
    assert "m.daocloud.io`" in notices("pull m.daocloud.io/docker.io/library/x", down, "en", "x")
    assert notices("docker.m.daocloud.io", sample(), "en", "x") == ""
    unchecked = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    assert notices("docker.m.daocloud.io", unchecked, "en", "x") == ""


def test_a_page_without_its_marker_fails_naming_the_file():
    status = sample()
    with pytest.raises(PluginError, match=f"docs/guide/public-mirrors.en.md: needs the line "
                                          f"{STATUS_MARKER}"):
        render_page("# P\n", "guide/public-mirrors", "en", "docs/guide/public-mirrors.en.md",
                    "guide/public-mirrors/", status, NOW)
    with pytest.raises(PluginError, match=CHANGES_MARKER):
        render_page("# C\n", "guide/mirror-changes", "zh", "docs/guide/mirror-changes.zh.md",
                    "guide/mirror-changes/", status, NOW)


# The weekly job's writing --------------------------------------------------------------

def test_the_job_records_each_check_and_a_change_only_when_the_state_changed(registry, tmp_path):
    catalogue = tmp_path / "mirrors.yaml"
    catalogue.write_text(
        "mirrors:\n"
        "  - {host: a.example, serves: docker.io, form: host, operator: A,\n"
        "     source: 'https://a.example', probe: 'library/busybox:latest'}\n"
        "  - {host: b.example, serves: docker.io, form: host, operator: B,\n"
        "     source: 'https://b.example', probe: 'library/busybox:latest'}\n",
        encoding="utf-8")
    status_path = tmp_path / "mirror-status.yaml"
    real = (DATA / "mirror-status.yaml").read_text(encoding="utf-8")
    hand = real[real.index("\nchanges:") + 1:]
    status_path.write_text(header_of(real) + "checks:\n"
                           "  - {host: a.example, state: unknown, checked: null,\n"
                           "     detail: not yet checked by the weekly job}\n" + hand,
                           encoding="utf-8")
    bases = {"a.example": f"{registry}/token", "b.example": f"{registry}/limited"}
    first = NOW
    run(catalogue, status_path, "here", "https://github.com/o/r/actions/runs/1", True, first,
        bases, timeout=5)
    text = status_path.read_text(encoding="utf-8")
    assert text.startswith(header_of(real))
    status = read_status(status_path, read_catalogue(catalogue))
    assert status.checks["a.example"].state == "up"
    assert status.checks["b.example"].state == "limited"
    assert status.checks["b.example"].where == "here"
    new = [c for c in status.changes if c.by == "weekly check"]
    assert {(c.host, c.previous, c.state, c.date) for c in new} == {
        ("a.example", "unknown", "up", "2026-12-06T12:00:00Z"),
        ("b.example", "unknown", "limited", "2026-12-06T12:00:00Z")}
    assert len([c for c in status.changes if c.by == "hand"]) == real.count("\n    by: hand")
    # a week later: a.example now limited too; b.example unchanged
    bases["a.example"] = f"{registry}/limited"
    run(catalogue, status_path, "here", "https://github.com/o/r/actions/runs/2", True,
        first + timedelta(days=7), bases, timeout=5)
    status = read_status(status_path, read_catalogue(catalogue))
    latest = [c for c in status.changes if c.date.startswith("2026-12-13")]
    assert [(c.host, c.previous, c.state) for c in latest] == [("a.example", "up", "limited")]
    assert status.checks["b.example"].checked == first + timedelta(days=7)


def test_what_the_job_writes_reads_back_the_same(tmp_path):
    before = read_data(DATA / "mirrors.yaml", DATA / "mirror-status.yaml")
    status = update(before, [sample().checks["docker.m.daocloud.io"]], "https://x.example/run")
    assert len(status.changes) == len(before.changes) + 1
    path = tmp_path / "mirror-status.yaml"
    path.write_text(dump_status(status, "# header\n"), encoding="utf-8")
    again = read_status(path, status.mirrors)
    assert again == status
    real = DATA / "mirror-status.yaml"
    text = real.read_text(encoding="utf-8")
    assert dump_status(read_status(real, status.mirrors), header_of(text)) == text, \
        "the committed data is not in the form the weekly job writes"


# A real build of a small site ----------------------------------------------------------

def test_a_build_shows_the_status_the_change_log_the_feed_and_the_notices(tmp_path):
    """A small bilingual site (static-i18n, as mkdocs.yml has it) with sample data that marks
    docker.m.daocloud.io down."""
    (tmp_path / "sitecheck" / "data").mkdir(parents=True)
    shutil.copy(DATA / "mirrors.yaml", tmp_path / "sitecheck" / "data" / "mirrors.yaml")
    status = sample(datetime.now(UTC).replace(microsecond=0) - timedelta(days=1), "down")
    (tmp_path / "sitecheck" / "data" / "mirror-status.yaml").write_text(
        dump_status(status, "# a sample\n"), encoding="utf-8")
    docs = tmp_path / "docs"
    pages = {
        "index": "# Home\n",
        "guide/public-mirrors": f"# Public mirrors\n\n## Status {{#status}}\n\n"
                                f"{STATUS_MARKER}\n\n## Check {{#check}}\n",
        "guide/mirror-changes": f"# Mirror changes\n\n{CHANGES_MARKER}\n",
        "guide/docker-engine": "# Docker Engine\n\nUse `https://docker.m.daocloud.io`.\n",
        "qa/index": "# Q&A\n\n## Which mirror? {#which}\n\n`docker.m.daocloud.io`\n",
        "guide/podman": "# Podman\n\n`quay.m.daocloud.io` only.\n",
    }
    for name, text in pages.items():
        for language in ("zh", "en"):
            (docs / f"{name}.{language}.md").parent.mkdir(parents=True, exist_ok=True)
            (docs / f"{name}.{language}.md").write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "T", "site_url": "https://example.org/", "docs_dir": "docs",
        "theme": {"name": "mkdocs"},
        "plugins": [{"i18n": {"docs_structure": "suffix", "languages": [
            {"locale": "zh", "name": "中文", "default": True, "build": True},
            {"locale": "en", "name": "English", "build": True}]}}],
        "hooks": [str(ROOT / "hooks" / "mirror_status.py")],
        "markdown_extensions": ["admonition", "tables", "attr_list", "md_in_html", "toc"]}),
        encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(tmp_path, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for root, notice, table, nothing in (
            ("", "每周检查在", "<th>加速器</th>", "还没有自动检查"),
            ("en/", "which the weekly check found down on", "<th>Mirror</th>",
             "no automated check yet")):
        for page in ("guide/docker-engine", "qa"):
            html = (site / root / page / "index.html").read_text(encoding="utf-8")
            assert 'class="admonition danger mirror-down"' in html, (root, page)
            assert notice in html, (root, page)
            assert html.index("</h1>") < html.index(notice)
        podman = (site / root / "guide/podman/index.html").read_text(encoding="utf-8")
        assert notice not in podman
        status_html = (site / root / "guide/public-mirrors/index.html").read_text(
            encoding="utf-8")
        assert table in status_html and nothing in status_html  # the other mirrors
        assert "<td><code>docker.m.daocloud.io</code></td>" in status_html
        assert ('<link rel="alternate feed" type="application/atom+xml" title="'
                in status_html)
        assert 'href="../../feeds/mirror-changes.xml">' in status_html
        changes = (site / root / "guide/mirror-changes/index.html").read_text(encoding="utf-8")
        assert '<a href="../../feeds/mirror-changes.xml" type="application/atom+xml">' in changes
        assert "mirror-down" not in changes  # the change log states every state already
        feed = ET.parse(site / root / "feeds" / "mirror-changes.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == (root[:2] or "zh")
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == \
            f"https://example.org/{root}feeds/mirror-changes.xml"
        first = feed.find(f"{ATOM}entry/{ATOM}link[@rel='alternate']").get("href")
        assert first.startswith("../guide/mirror-changes/#change-")
        assert f'id="{first.split("#")[1]}"' in changes  # the link leads to its row


def test_a_build_without_the_data_file_fails_naming_it(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "sitecheck" / "data").mkdir(parents=True)
    shutil.copy(DATA / "mirrors.yaml", tmp_path / "sitecheck" / "data" / "mirrors.yaml")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "T", "hooks": [str(ROOT / "hooks" / "mirror_status.py")]}),
        encoding="utf-8")
    result = build_site(tmp_path, tmp_path / "site")
    assert result.returncode != 0
    assert "sitecheck/data/mirror-status.yaml: missing" in result.stdout + result.stderr


# The workflow ------------------------------------------------------------------------------

def test_the_weekly_workflow_records_the_status_on_a_github_hosted_runner():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "rot.yml").read_text(
        encoding="utf-8"))
    job = data["jobs"]["status"]
    assert job["permissions"] == {"contents": "write", "actions": "write"}
    assert job["runs-on"].startswith("ubuntu-")  # GitHub-hosted: what the data claims
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert ".venv/bin/python -m sitecheck.mirror_probe --write" in runs
    assert "git add sitecheck/data/mirror-status.yaml\n" in runs
    assert "git add -A" not in runs and "git add ." not in runs
    # a push with GITHUB_TOKEN starts no workflow: the job starts the deploying one itself
    assert "gh workflow run test.yml" in runs
    test = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(
        encoding="utf-8"))
    assert "workflow_dispatch" in test[True]  # PyYAML reads the key `on` as True


# In the browser ----------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["guide/public-mirrors/", "guide/mirror-changes/",
                                  "en/guide/public-mirrors/", "en/guide/mirror-changes/"])
def test_the_status_pages_load_cleanly_and_link_their_feed(browser, built_site, site_url, page):
    """No console error (Material would fetch a sitemap.xml next to a plain rel=alternate
    link), and the feed the head and the page link to is there."""
    tab = browser.new_page()
    errors = []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status}: {r.url}"))
    tab.goto(site_url + page, wait_until="networkidle")
    href = tab.locator('link[type="application/atom+xml"]').get_attribute("href")
    feed = tab.evaluate("href => new URL(href, location.href).href", href)
    language_root = "en/" if page.startswith("en/") else ""
    assert feed == f"{site_url}{language_root}feeds/mirror-changes.xml"
    assert tab.request.get(feed).status == 200
    tab.close()
    assert not errors, errors


def test_a_build_with_the_status_page_but_no_change_log_fails_naming_it(tmp_path):
    (tmp_path / "sitecheck" / "data").mkdir(parents=True)
    for name in ("mirrors.yaml", "mirror-status.yaml"):
        shutil.copy(DATA / name, tmp_path / "sitecheck" / "data" / name)
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "docs" / "guide" / "public-mirrors.zh.md").write_text(
        f"# P\n\n{STATUS_MARKER}\n\n## Check {{#check}}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "T", "hooks": [str(ROOT / "hooks" / "mirror_status.py")],
        "validation": {"links": {"not_found": "info"}}}), encoding="utf-8")
    result = build_site(tmp_path, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/guide/mirror-changes.zh.md: missing" in result.stdout + result.stderr
