"""The weekly rot check (sitecheck/rot.py), offline: links, mirrors and GitHub's issue API are
all a stub server on 127.0.0.1."""

import functools
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sitecheck.rot import (
    MARKER,
    Broken,
    GitHub,
    check_links,
    check_mirrors,
    failed_rows,
    link_locations,
    recommended_mirrors,
    report,
    sync_issue,
)

REGISTRY = {"Docker-Distribution-API-Version": "registry/2.0"}


ROUTES = {
    "/ok": (200, {}, "<html><body>fine</body></html>"),
    "/gone": (404, {}, "not here"),
    "/moved": (301, {"Location": "/gone"}, ""),
    "/good-mirror/v2/": (401, REGISTRY, "{}"),
    "/open-mirror/v2/": (200, REGISTRY, "{}"),
    "/parked-domain/v2/": (200, {}, "<html>this domain is for sale</html>"),
    "/dead-mirror/v2/": (404, REGISTRY, "gone"),
}


class Stub(BaseHTTPRequestHandler):
    """Web pages, registries' /v2/ and GitHub's issue API, as ROUTES says."""

    def __init__(self, *args, api, **kwargs):
        self.api = api
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_GET(self):
        if self.path.startswith("/repos/"):
            return self.answer(*self.api.handle("GET", self.path, None))
        status, headers, body = ROUTES.get(self.path, (404, {}, "no route"))
        return self.answer(status, headers, body)

    do_HEAD = do_GET  # noqa: N815 - http.server naming

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"null")
        self.answer(*self.api.handle(self.command, self.path, body))

    do_PATCH = do_POST  # noqa: N815

    def answer(self, status, headers, body):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/html", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class IssueApi:
    """Enough of GitHub's issue API to see which calls the rot check makes."""

    def __init__(self, issues):
        self.issues, self.calls = issues, []

    def handle(self, method, path, body):
        self.calls.append((method, path.split("?")[0], body))
        if method == "GET":
            return 200, {"Content-Type": "application/json"}, self.issues
        if method == "POST" and path.endswith("/issues"):
            return 201, {"Content-Type": "application/json"}, {"number": 42, **body}
        return 200, {"Content-Type": "application/json"}, {}


@pytest.fixture
def stub():
    api = IssueApi([])
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Stub, api=api))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", api
    server.shutdown()
    server.server_close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Mirrors -------------------------------------------------------------------------------

def test_a_registry_answering_401_or_200_with_the_api_header_works(stub):
    base, _ = stub
    assert check_mirrors({f"{base}/good-mirror": (None, []),
                          f"{base}/open-mirror/": (None, [])}, timeout=5) == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/parked-domain", "down: GET /v2/: HTTP 200 with a web page (HTML) instead of a registry"),
     ("/dead-mirror", "down: GET /v2/: HTTP 404"),
     ("/no-route", "down: GET /v2/: HTTP 404")],
)
def test_a_mirror_that_is_not_a_registry_any_more_is_reported(stub, path, reason):
    base, _ = stub
    [broken] = check_mirrors({base + path: (None, [])}, timeout=5)
    assert broken.reason.startswith(reason), broken.reason


def test_a_mirror_that_does_not_answer_is_reported():
    [broken] = check_mirrors({f"http://127.0.0.1:{free_port()}": (None, [])}, timeout=5)
    assert broken.reason.startswith("down: GET /v2/: no answer")


def test_check_mirrors_keeps_where_each_is_named(stub):
    base, _ = stub
    broken = check_mirrors({f"{base}/good-mirror": (None, ["docs/a.md:1"]),
                            f"{base}/dead-mirror": (None, ["docs/b.md:2", "docs/c.md:3"])},
                           timeout=5)
    assert [(b.target, b.where) for b in broken] == [
        (f"{base}/dead-mirror", ("docs/b.md:2", "docs/c.md:3"))]


def test_every_recommended_mirror_is_named_on_a_page():
    mirrors = recommended_mirrors()
    assert mirrors["https://docker.m.daocloud.io"][0] == "library/busybox:latest"
    assert "https://m.daocloud.io" in mirrors
    assert not [base for base, (_, places) in mirrors.items() if not places]


def test_recommended_mirrors_are_found_on_their_lines_only(tmp_path):
    (tmp_path / "p.en.md").write_text("x\n`docker.m.daocloud.io/library/x`\nadocker.m.daocloud.io\n"
                                      "m.daocloud.io/docker.io/library/x\n", encoding="utf-8")
    listed = tmp_path / "mirrors.yaml"
    listed.write_text("mirrors:\n"
                      "  - {host: docker.m.daocloud.io, serves: docker.io, form: host,\n"
                      "     operator: DaoCloud, source: 'https://x.example'}\n"
                      "  - {host: m.daocloud.io, serves: '*', form: prefix,\n"
                      "     operator: DaoCloud, source: 'https://x.example'}\n", encoding="utf-8")
    mirrors = recommended_mirrors(tmp_path, listed)
    assert [p.rsplit(":", 1)[1] for p in mirrors["https://docker.m.daocloud.io"][1]] == ["2"]
    assert [p.rsplit(":", 1)[1] for p in mirrors["https://m.daocloud.io"][1]] == ["4"]


# Links ---------------------------------------------------------------------------------

def test_linkchecker_finds_the_dead_external_links_and_where_they_are(stub, tmp_path):
    base, _ = stub
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    site.mkdir()
    (docs / "page.en.md").write_text(
        f"[fine]({base}/ok)\n\n[gone]({base}/gone)\n\n<{base}/moved>\n", encoding="utf-8")
    (site / "index.html").write_text(
        f'<html><body><a href="{base}/ok">a</a> <a href="{base}/gone">b</a> '
        f'<a href="{base}/moved">c</a> <a href="missing/">internal</a></body></html>',
        encoding="utf-8")
    broken = {b.target: b for b in check_links(site, link_locations(docs))}
    assert set(broken) == {f"{base}/gone", f"{base}/moved"}, broken
    assert "404" in broken[f"{base}/gone"].reason
    assert broken[f"{base}/gone"].where[0].endswith("page.en.md:3")
    assert broken[f"{base}/moved"].where[0].endswith("page.en.md:5")


def test_linkcheckers_csv_is_read_once_per_link():
    output = ("# created by LinkChecker\n"
              "urlname;parentname;base;result;warningstring;infostring;valid;url;line\n"
              "https://a.example/x;http://127.0.0.1:1/;;404 Not Found;;;False;https://a.example/x;1\n"
              "https://a.example/x;http://127.0.0.1:1/en/;;404 Not Found;;;False;https://a.example/x;1\n"
              "https://b.example/;http://127.0.0.1:1/;;200 OK;;;True;https://b.example/;2\n")
    assert [row["urlname"] for row in failed_rows(output)] == ["https://a.example/x"]


# Report and issue ----------------------------------------------------------------------

BROKEN = [Broken("https://gone.example/x", "404 Not Found", ("docs/a.en.md:3",))]


def test_report_lists_what_broke_and_where():
    many = Broken("https://docker.m.daocloud.io", "no answer", tuple(f"docs/p.md:{n}" for n in range(8)))
    body = report(BROKEN, [many], (54, 8), "2026-11-30", "https://github.com/o/r/actions/runs/1")
    assert body.startswith(MARKER)
    assert "fetched 54 external links and probed 8 mirrors: 1 links and 1 mirrors failed" in body
    assert "| https://gone.example/x | 404 Not Found | docs/a.en.md:3 |" in body
    assert "docs/p.md:4<br>and 3 more |" in body
    assert body.index("## Mirrors") < body.index("## Links")


def test_issue_is_opened_when_something_broke_and_none_is_open(stub):
    base, api = stub
    said = sync_issue(GitHub("o/r", "t", base), "body", broken=True)
    assert said == "opened issue #42"
    assert api.calls[-1] == ("POST", "/repos/o/r/issues",
                             {"title": "Rot check: broken links or mirrors", "body": "body",
                              "labels": ["rot-check"]})


def test_the_open_issue_is_updated_not_duplicated(stub):
    base, api = stub
    api.issues = [{"number": 3, "body": "someone else's issue"},
                  {"number": 5, "body": MARKER + " old", "pull_request": {}},
                  {"number": 7, "body": MARKER + " last week"}]
    assert sync_issue(GitHub("o/r", "t", base), "new body", broken=True) == "updated issue #7"
    assert [c[:2] for c in api.calls] == [("GET", "/repos/o/r/issues"),
                                          ("PATCH", "/repos/o/r/issues/7")]
    assert api.calls[-1][2]["body"] == "new body"


def test_the_issue_is_closed_when_everything_answers_again(stub):
    base, api = stub
    api.issues = [{"number": 7, "body": MARKER}]
    assert sync_issue(GitHub("o/r", "t", base), "all fine", broken=False) == "closed issue #7"
    assert [c[:2] for c in api.calls[1:]] == [("POST", "/repos/o/r/issues/7/comments"),
                                              ("PATCH", "/repos/o/r/issues/7")]
    assert api.calls[-1][2] == {"state": "closed"}
    api.issues, api.calls = [], []
    assert sync_issue(GitHub("o/r", "t", base), "all fine", broken=False).startswith("nothing")
    assert len(api.calls) == 1
