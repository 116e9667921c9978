"""The weekly mirror check: does each mirror of sitecheck/data/mirrors.yaml still serve images?

    python -m sitecheck.mirror_probe [--write] [--where TEXT] [--run-url URL]

For every mirror, as a client would (standard library HTTP only, every request with a
timeout): GET /v2/ (a registry answers 200, or 401 with `Docker-Distribution-API-Version`
or a `WWW-Authenticate: Bearer` challenge); the anonymous token from the challenge's realm;
the manifest of the mirror's probe image (an index is followed to its linux/amd64 manifest);
and the image's config blob, whose sha256 must match its digest. Each mirror gets a state:

    up         /v2/, manifest and blob served (or /v2/ only, for a mirror without a probe image)
    login      asks for credentials (401 with no anonymous token, or a Basic challenge)
    allowlist  403 whose body names an allowlist (DaoCloud: "this image is not in the allowlist")
    forbidden  another 403
    limited    429 Too Many Requests
    down       no answer, timeout, TLS error, HTML or something else instead of a registry

Prints the results; with --write, stores them in sitecheck/data/mirror-status.yaml as the
latest check of each mirror, and adds a dated change for each mirror whose state differs
from the previous check. `--where` says where it ran (default: read from the GitHub Actions
runner's environment).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import yaml

from hooks.mirror_status import (
    CATALOGUE,
    STATUS,
    Change,
    Check,
    Mirror,
    Status,
    read_catalogue,
    read_status,
)

from .pages import ROOT

USER_AGENT = "registry-mirror-guide mirror check (+https://registry-mirror-guide.github.io/)"
API_HEADER = "Docker-Distribution-API-Version"
TIMEOUT = 20.0  # seconds, per request
DEADLINE = 120.0  # seconds, per mirror
MAX_BODY = 4 * 1024 * 1024  # bytes read from any answer (a config blob is a few KB)
MANIFESTS = ", ".join([
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
])
ALLOWLIST = re.compile(r"allow-?list|white-?list|白名单", re.I)
NOT_CHECKED = "not yet checked by the weekly job"
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")  # written without quotes


class StepError(Exception):
    """A step of the check failed: the state it means and what was seen."""

    def __init__(self, state: str, detail: str):
        super().__init__(detail)
        self.state, self.detail = state, detail


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def text(self) -> str:
        return self.body[:2000].decode("utf-8", "replace")

    def looks_like_html(self) -> bool:
        kind = self.headers.get("content-type", "")
        return "html" in kind or self.text.lstrip().lower().startswith(("<!doctype", "<html"))


class _SameHostAuth(urllib.request.HTTPRedirectHandler):
    """Follow redirects like a registry client: the token goes along only to the same host
    (a blob's redirect to a CDN or object store must not carry it)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != \
                urllib.parse.urlsplit(req.full_url).netloc:
            new.remove_header("Authorization")
        return new


class _Client:
    def __init__(self, timeout: float, context: ssl.SSLContext | None = None):
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            _SameHostAuth(), urllib.request.HTTPSHandler(context=context or
                                                         ssl.create_default_context()))

    def get(self, url: str, what: str, headers: dict[str, str] | None = None) -> Answer:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                       **(headers or {})})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Answer(response.status, response.reason, _lower(response.headers),
                              response.read(MAX_BODY))
        except urllib.error.HTTPError as error:
            with error:
                body = error.read(MAX_BODY) if error.fp else b""
            return Answer(error.code, str(error.reason), _lower(error.headers), body)
        except TimeoutError:
            raise StepError("down", f"{what}: no answer within {self.timeout:g} s (timeout)") \
                from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise StepError("down", f"{what}: no answer within {self.timeout:g} s "
                                      "(timeout)") from None
            if isinstance(reason, ssl.SSLError):
                raise StepError("down", f"{what}: TLS error: {_ssl_reason(reason)}") from None
            raise StepError("down", f"{what}: no answer: {reason}") from None
        except ssl.SSLError as error:
            raise StepError("down", f"{what}: TLS error: {_ssl_reason(error)}") from None
        except (OSError, ValueError) as error:  # reset connection, bad status line
            raise StepError("down", f"{what}: no answer: {error}") from None


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in (headers or {}).items()}


def _ssl_reason(error: ssl.SSLError) -> str:
    return getattr(error, "verify_message", None) or error.reason or str(error)


def refusal(answer: Answer, what: str) -> StepError:
    """The state an unwanted answer means."""
    said = f"{what}: HTTP {answer.status} {answer.reason}".rstrip()
    body = " ".join(answer.text.split())[:160]
    if answer.status == 429:
        return StepError("limited", said)
    if answer.status == 403:
        if ALLOWLIST.search(answer.text):
            return StepError("allowlist", f"{said}: {body}")
        return StepError("forbidden", f"{said}: {body}" if body else said)
    if answer.status == 401:
        return StepError("login", f"{said}: asks for credentials")
    if answer.looks_like_html():
        return StepError("down", f"{said}, a web page (HTML) instead of a registry")
    return StepError("down", f"{said}: {body}" if body else said)


def bearer_challenge(answer: Answer) -> dict[str, str] | None:
    """realm, service and scope of a `WWW-Authenticate: Bearer ...` header, if any."""
    header = answer.headers.get("www-authenticate", "")
    if not header.lower().startswith("bearer "):
        return None
    return {key.lower(): value for key, value in
            re.findall(r'(\w+)="([^"]*)"', header[len("bearer "):])}


@dataclass
class _Session:
    client: _Client
    base: str
    repository: str
    token: str | None = None

    def token_for(self, challenge: dict[str, str]) -> None:
        realm = challenge.get("realm")
        if not realm:
            raise StepError("down", "a Bearer challenge without a realm")
        query = {"scope": challenge.get("scope") or f"repository:{self.repository}:pull"}
        if challenge.get("service"):
            query["service"] = challenge["service"]
        url = realm + ("&" if "?" in realm else "?") + urllib.parse.urlencode(query)
        answer = self.client.get(url, "anonymous token")
        if answer.status != 200:
            raise refusal(answer, "anonymous token")
        try:
            data = json.loads(answer.body)
            self.token = data.get("token") or data.get("access_token")
        except (ValueError, AttributeError):
            self.token = None
        if not self.token:
            raise StepError("down", "anonymous token: the answer holds no token")

    def get(self, path: str, what: str, accept: str | None = None) -> Answer:
        headers = {"Accept": accept} if accept else {}
        for attempt in range(2):
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            answer = self.client.get(self.base + path, what, headers)
            challenge = bearer_challenge(answer) if answer.status == 401 else None
            if challenge is None or attempt:
                return answer
            self.token_for(challenge)  # a token for this scope, then once more
        return answer


def probe(base: str, image: str | None, timeout: float = TIMEOUT) -> tuple[str, dict]:
    """(state, what was seen) for the registry at `base` (https://host, no trailing slash)."""
    client = _Client(timeout)
    seen: dict = {"v2": None, "manifest": None, "blob": None, "image": image}
    started = time.monotonic()
    try:
        state, detail = _probe(client, base.rstrip("/"), image, seen, started)
    except StepError as refused:
        state, detail = refused.state, refused.detail
        for step in ("v2", "manifest", "blob"):
            if seen[step] is None:
                seen[step] = False
                break
    seen["seconds"] = round(time.monotonic() - started, 2)
    seen["detail"] = detail
    return state, seen


def _probe(client: _Client, base: str, image: str | None, seen: dict, started: float):
    answer = client.get(base + "/v2/", "GET /v2/")
    challenge = bearer_challenge(answer) if answer.status == 401 else None
    registry = answer.headers.get(API_HEADER.lower(), "").startswith("registry/2.0")
    if not ((answer.status == 200 and registry) or (answer.status == 401 and
            (registry or challenge))):
        if answer.status == 200:
            if answer.looks_like_html():
                raise StepError("down", "GET /v2/: HTTP 200 with a web page (HTML) instead of "
                                      "a registry")
            raise StepError("down", f"GET /v2/: HTTP 200 without the header {API_HEADER}")
        raise refusal(answer, "GET /v2/")
    seen["v2"] = True
    if image is None:
        return "up", "GET /v2/ answered like a registry; no image checked"
    repository, tag = image.rsplit(":", 1)
    session = _Session(client, base, repository)
    if challenge:
        session.token_for({**challenge, "scope": f"repository:{repository}:pull"})
    manifest = _manifest(session, repository, tag, started)
    seen["manifest"] = True
    digest = (manifest.get("config") or {}).get("digest", "")
    if not digest.startswith("sha256:"):
        raise StepError("down", "the manifest names no sha256 config blob")
    _deadline(started)
    what = f"GET blob {digest[:19]}…"
    blob = session.get(f"/v2/{repository}/blobs/{digest}", what)
    if blob.status != 200:
        raise refusal(blob, what)
    if hashlib.sha256(blob.body).hexdigest() != digest.removeprefix("sha256:"):
        raise StepError("down", f"{what}: its content does not match its digest")
    seen["blob"] = True
    return "up", f"served the manifest and config blob of {image}"


def _manifest(session: _Session, repository: str, reference: str, started: float) -> dict:
    for _ in range(2):  # a tag, then the linux/amd64 manifest of its index
        _deadline(started)
        what = f"GET manifest {repository}:{reference}"
        answer = session.get(f"/v2/{repository}/manifests/{reference}", what, MANIFESTS)
        if answer.status != 200:
            raise refusal(answer, what)
        if reference.startswith("sha256:") and \
                hashlib.sha256(answer.body).hexdigest() != reference.removeprefix("sha256:"):
            raise StepError("down", f"{what}: its content does not match its digest")
        try:
            manifest = json.loads(answer.body)
        except ValueError:
            raise refusal(Answer(200, "OK", answer.headers, answer.body), what) from None
        if not isinstance(manifest, dict):
            raise StepError("down", f"{what}: not a manifest")
        if "manifests" not in manifest:
            return manifest
        reference = next((m.get("digest", "") for m in manifest["manifests"]
                          if (m.get("platform") or {}).get("os") == "linux"
                          and m["platform"].get("architecture") == "amd64"), "")
        if not reference.startswith("sha256:"):
            raise StepError("down", f"{what}: the index has no linux/amd64 manifest")
    raise StepError("down", "an index that points to another index")


def _deadline(started: float) -> None:
    if time.monotonic() - started > DEADLINE:
        raise StepError("down", f"the check took more than {DEADLINE:g} s")


# Results and the data file -------------------------------------------------------------

def where_from_env(env=os.environ) -> str:
    """Where the check ran, from GitHub Actions' runner variables."""
    if env.get("RUNNER_ENVIRONMENT") == "github-hosted":
        image = env.get("ImageOS") or env.get("RUNNER_OS") or "runner"
        return f"GitHub-hosted runner ({image}), outside mainland China"
    if env.get("GITHUB_ACTIONS") == "true":
        return f"self-hosted runner {env.get('RUNNER_NAME', '')}".strip()
    return f"{socket.gethostname()} (not a GitHub-hosted runner)"


def check(mirror: Mirror, where: str, now: datetime, timeout: float = TIMEOUT,
          base: str | None = None) -> Check:
    state, seen = probe(base or f"https://{mirror.host}", mirror.probe, timeout)
    return Check(mirror.host, state, now.replace(microsecond=0), where, seen["image"],
                 seen["v2"], seen["manifest"], seen["blob"], seen["seconds"], seen["detail"])


def update(status: Status, checks: list[Check], source: str) -> Status:
    """The status with these checks as the latest, and a change for each mirror whose state
    is not the one of its previous check."""
    changes = list(status.changes)
    for new in checks:
        before = status.check(new.host)
        if new.state != before.state:
            changes.append(Change(
                new.checked.strftime("%Y-%m-%dT%H:%M:%SZ"), new.host, new.state,
                "weekly check", source, new.checked.date().isoformat(), before.state,
                new.detail))
    latest = {**status.checks, **{c.host: c for c in checks}}
    return replace(status, checks=latest,
                   changes=tuple(sorted(changes, key=lambda c: c.date, reverse=True)))


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(str(value), ensure_ascii=False)  # a YAML double-quoted scalar


def dump_status(status: Status, header: str) -> str:
    """The data file: `header` (its comment lines) then checks and changes, in the order and
    form that read_status reads."""
    lines = [header.rstrip("\n"), "checks:"]
    for mirror in status.mirrors:
        c = status.check(mirror.host)
        fields = {"host": c.host, "state": c.state,
                  "checked": c.checked.strftime("%Y-%m-%dT%H:%M:%SZ") if c.checked else None}
        if c.checked:
            fields |= {"where": c.where, "image": c.image, "v2": c.v2,
                       "manifest": c.manifest, "blob": c.blob, "seconds": c.seconds}
        fields["detail"] = c.detail
        lines += _item(fields)
    lines.append("changes:")
    for ch in status.changes:
        fields = {"date": ch.date, "host": ch.host, "state": ch.state}
        if ch.previous:
            fields["previous"] = ch.previous
        fields |= {"by": ch.by, "source": ch.source, "added": ch.added}
        if ch.detail:
            fields["detail"] = ch.detail
        lines += _item(fields)
        if ch.note:
            lines.append("    note:")
            lines += [f"      {language}: {_scalar(text)}" for language, text in ch.note.items()]
    return "\n".join(lines) + "\n"


def _item(fields: dict) -> list[str]:
    return [("  - " if n == 0 else "    ") + f"{key}: {_scalar(value)}"
            for n, (key, value) in enumerate(fields.items())]


def header_of(text: str) -> str:
    """The comment lines at the top of the data file (kept when the job rewrites it)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or (not line.strip() and not lines):
            lines.append(line)
        else:
            break
    return "\n".join(lines) + "\n"


def run(catalogue: Path, status_path: Path, where: str, source: str, write: bool,
        now: datetime | None = None, bases: dict[str, str] | None = None,
        timeout: float = TIMEOUT) -> tuple[Status, list[Check]]:
    mirrors = read_catalogue(catalogue)
    status = read_status(status_path, mirrors)
    now = now or datetime.now(UTC)
    checks = [check(mirror, where, now, timeout, (bases or {}).get(mirror.host))
              for mirror in mirrors]
    new = update(status, checks, source)
    if write:
        status_path.write_text(dump_status(new, header_of(status_path.read_text(
            encoding="utf-8"))), encoding="utf-8")
        read_status(status_path, mirrors)  # what the build will read
    return new, checks


def summary(checks: list[Check]) -> str:
    rows = ["| Mirror | State | /v2/ | Manifest | Blob | Seconds | What happened |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    rows += [f"| {c.host} | {c.state} | {c.v2} | {c.manifest} | {c.blob} | {c.seconds} | "
             f"{c.detail.replace('|', '/')} |" for c in checks]
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    args = list(argv)
    write = "--write" in args
    options = {}
    for name in ("--where", "--run-url"):
        if name in args:
            at = args.index(name)
            if at + 1 >= len(args):
                print(__doc__, file=sys.stderr)
                return 2
            options[name] = args[at + 1]
            del args[at:at + 2]
    if set(args) - {"--write"}:
        print(__doc__, file=sys.stderr)
        return 2
    source = options.get("--run-url") or (
        f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/"
        f"{os.environ['GITHUB_REPOSITORY']}/actions/runs/{os.environ['GITHUB_RUN_ID']}"
        if os.environ.get("GITHUB_RUN_ID") else
        "https://github.com/registry-mirror-guide/registry-mirror-guide.github.io/blob/main/"
        ".github/workflows/rot.yml")
    _, checks = run(ROOT / CATALOGUE, ROOT / STATUS, options.get("--where") or where_from_env(),
                    source, write)
    text = summary(checks)
    print(text)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write("## Mirror check\n\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
