"""The set-up generator (guide/generator): every combination of the form's choices goes
through the site's own validators, the merge commands are run for real, hostile input in
the host field gives a message and no output, the outputs equal the guide's code blocks
where they overlap, and the page works in Chromium in both languages and from disk."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from hooks.generator_data import data_script, offered, unusable_hosts
from sitecheck.codeblocks import check_block
from sitecheck.generator import all_choices, data, generate_all, merge_script
from sitecheck.pages import DOCS, ROOT, CodeBlock, code_blocks

if shutil.which("node") is None and os.environ.get("CI") == "true":
    pytest.fail("node is not installed, and the generator's tests must run in CI",
                pytrace=False)
pytestmark = pytest.mark.skipif(shutil.which("node") is None,
                                reason="node is not installed: the generator runs in JavaScript")


@cache
def outputs() -> tuple[tuple[dict, dict], ...]:
    return tuple(generate_all())


def name(choice: dict) -> str:
    own = f"{choice['scheme']}://{choice['host']}:{choice['port']}" if choice["mirror"] == "own" \
        else choice["mirror"]
    return (f"{choice['runtime']} {own} ca={choice['ca'] or '-'} "
            f"registries={','.join(choice['registries']) or '-'} existing={choice['existing']}")


def block(choice: dict, language: str, title: str, code: str) -> CodeBlock:
    return CodeBlock(f"generator: {name(choice)}", 1, language, title, code,
                     code.count("\n") + 2)


def own(runtime, scheme="https", host="mirror.example.internal", port="", ca="", **extra):
    return {"runtime": runtime, "mirror": "own", "scheme": scheme, "host": host, "port": port,
            "ca": ca, "registries": [], "existing": False, **extra}


def test_the_javascript_unit_tests_pass():
    """tests/js/generator.test.js under node's own test runner (the query string round trip)."""
    result = subprocess.run(["node", "--test", str(Path(__file__).with_name("js") / "generator.test.js")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# pass [1-9]", result.stdout, re.M), result.stdout


# Every combination ----------------------------------------------------------------------

def test_every_combination_is_generated_for_every_runtime_and_mirror():
    runtimes = {r["id"] for r in data()["runtimes"]}
    assert len(runtimes) >= 20
    assert len(outputs()) == len(all_choices())
    owns = {(c["scheme"], c["host"], c["port"], c["ca"]) for c in all_choices()}
    assert {("https", "mirror.example.internal", "5000", ""), ("http", "10.0.0.5", "5000", ""),
            ("https", "mirror.example.internal", "", "/etc/ssl/internal-ca.crt")} <= owns
    seen = {(c["runtime"], c["mirror"], c["scheme"], bool(c["ca"])) for c, _ in outputs()}
    for runtime in runtimes:
        for mirror in (("daocloud", "https", False), ("own", "https", False), ("own", "http", False),
                       ("own", "https", True)):
            assert (runtime, *mirror) in seen
    failed = [(name(c), o["errors"]) for c, o in outputs() if o["errors"] or not o["commands"]]
    assert not failed, failed[:5]


def test_a_mirror_marked_down_is_not_offered_and_the_page_data_cannot_close_its_script():
    entries = [{"host": "docker.m.daocloud.io", "serves": "docker.io", "form": "host",
                "operator": "DaoCloud"},
               {"host": "gone.example.com", "serves": "docker.io", "form": "host",
                "operator": "Gone", "status": "down"}]
    assert [m["host"] for m in offered({"mirrors": entries})] == ["docker.m.daocloud.io"]
    with pytest.raises(ValueError, match=r"mirrors\.yaml"):
        offered({"mirrors": "docker.m.daocloud.io"})
    script = data_script({"text": "</script><script>alert(1)</script>"})
    assert "</script>" not in script and script.startswith("window.MIRROR_GENERATOR_DATA = ")


def test_every_output_file_passes_the_sites_validators():
    problems = [str(p) for choice, output in outputs() for f in output["files"]
                for p in check_block(block(choice, f["language"], f["path"], f["content"]))]
    assert not problems, "\n".join(problems[:20])


def test_every_shell_command_passes_bash_n_shellcheck_and_the_option_table():
    seen, problems = set(), []
    for choice, output in outputs():
        for command in output["commands"]:
            if command["language"] == "bash" and command["shell"] not in seen:
                seen.add(command["shell"])
                problems += map(str, check_block(block(choice, "bash", "", command["shell"])))
    assert len(seen) > 100
    assert not problems, "\n".join(problems[:20])


def test_the_validators_catch_what_the_generator_must_avoid():
    """The checks above can fail: the traps of the issue, fed to the same validators."""
    choice = own("docker-engine")
    bad = {"json": '{\n  "registry-mirrors": ["docker.m.daocloud.io"]\n}',
           "toml": 'version = 3\n\n[plugins."io.containerd.grpc.v1.cri".registry]\n'
                   '  config_path = "/etc/containerd/certs.d"',
           "bash": "sudo ctr images pull --host-dir /etc/containerd/certs.d busybox"}
    titles = {"json": "/etc/docker/daemon.json", "toml": "/etc/containerd/config.toml",
              "bash": ""}
    for language, code in bad.items():
        assert check_block(block(choice, language, titles[language], code)), language


def mirror_urls(output: dict) -> list[str]:
    """Every mirror address written into a daemon.json, hosts.toml or registries.yaml."""
    urls = []
    for f in output["files"]:
        if f["language"] == "json":
            urls += json.loads(f["content"]).get("registry-mirrors", [])
        elif f["path"].endswith("hosts.toml"):
            urls += list(tomllib.loads(f["content"])["host"])
        elif f["path"].endswith("registries.yaml"):
            urls += [e for m in yaml.safe_load(f["content"])["mirrors"].values()
                     for e in m["endpoint"]]
    return urls


def test_every_mirror_address_has_the_scheme_that_was_chosen_and_no_path():
    for choice, output in outputs():
        urls = mirror_urls(output)
        scheme = choice["scheme"] if choice["mirror"] == "own" else "https"
        for url in urls:
            assert re.fullmatch(rf"{scheme}://[a-z0-9.-]+(:\d+)?", url), (name(choice), url)
        if choice["mirror"] == "own":
            host = choice["host"] + (f":{choice['port']}" if choice["port"] else "")
            assert all(url == f"{scheme}://{host}" for url in urls), (name(choice), urls)


def test_containerd_config_names_the_section_of_its_version():
    sections = {3: "io.containerd.cri.v1.images", 2: "io.containerd.grpc.v1.cri"}
    versions = {r["id"]: r["config_version"] for r in data()["runtimes"] if "config_version" in r}
    checked = 0
    for choice, output in outputs():
        if choice["runtime"] not in versions:
            continue
        config = next(f for f in output["files"] if f["path"] == "/etc/containerd/config.toml")
        parsed = tomllib.loads(config["content"])
        version = versions[choice["runtime"]]
        assert parsed["version"] == version
        assert list(parsed["plugins"]) == [sections[version]], name(choice)
        [dump] = [c for c in output["commands"] if "containerd config dump" in c["shell"]]
        quote = "'" if version == 3 else '"'  # go-toml v2 (containerd 2.x) or v1 (1.x)
        assert dump["expect"] == f"config_path = {quote}/etc/containerd/certs.d{quote}"
        checked += 1
    assert checked >= 4 * 5


def test_ctr_check_has_local_for_containerd_2_and_not_for_1():
    for choice, output in outputs():
        pulls = [c["shell"] for c in output["commands"]
                 if re.search(r"ctr .*--debug images pull", c["shell"])]
        if choice["runtime"] in {"containerd-1", "kubeadm-containerd-1"}:
            assert pulls and all("--local" not in p for p in pulls)
        elif choice["runtime"] in {"containerd-2", "kubeadm-containerd-2", "k3s", "rke2", "kind",
                                   "minikube-containerd"}:
            assert pulls and all("--local" in p for p in pulls), name(choice)


def test_docker_outputs_rewrite_other_registries_instead_of_listing_them_as_mirrors():
    choice = {**own("docker-engine"), "mirror": "daocloud", "registries": ["ghcr.io", "quay.io"]}
    [(_, output)] = generate_all([choice])
    assert json.loads(output["files"][0]["content"]) == {
        "registry-mirrors": ["https://docker.m.daocloud.io"]}
    assert [r["rewritten"] for r in output["rewrites"]] == [
        "m.daocloud.io/ghcr.io/home-assistant/home-assistant:stable",
        "m.daocloud.io/quay.io/<namespace>/<image>:<tag>"]
    [(_, containerd)] = generate_all([{**choice, "runtime": "containerd-2"}])
    assert {f["path"] for f in containerd["files"]} >= {
        "/etc/containerd/certs.d/ghcr.io/hosts.toml", "/etc/containerd/certs.d/quay.io/hosts.toml"}
    assert not containerd["rewrites"]


def test_every_check_says_what_to_look_for_and_every_output_links_the_guide():
    for choice, output in outputs():
        checks = [c for c in output["commands"] if c["kind"] == "check"]
        assert checks and all(c["expect"] for c in checks), name(choice)
        for link in output["links"]:
            page, anchor = link.split("#")
            for language in ("zh", "en"):
                text = (DOCS / "guide" / f"{page}.{language}.md").read_text(encoding="utf-8")
                assert "{#" + anchor + "}" in text, (name(choice), link, language)


def test_chinese_texts_are_spaced_and_punctuated_as_on_the_pages():
    import autocorrect_py

    texts = {r["label"]["zh"] for r in data()["runtimes"]} | {
        g["zh"] for g in data()["groups"].values()}
    texts |= {n["zh"] for _, o in outputs() for n in o["notes"]}
    [(_, bad)] = generate_all([own("docker-engine", host="a b", port="x", ca="y")])
    texts |= {e["zh"] for e in bad["errors"]}
    wrong = {t: autocorrect_py.format(t) for t in texts if autocorrect_py.format(t) != t}
    assert not wrong, wrong


# Hostile input --------------------------------------------------------------------------

HOSTILE = ["mirror example.com", 'mirror".example.com', "mirror';reboot;'", "a;rm -rf /",
           "$(reboot)", "`id`", "mirror.example.com/v2/dockerhub", "镜像.example.com",
           "", "https://mirror.example.com", "mirror.example.com:5000", "-rf", "a..b",
           "mirror.example.com\nreboot", "999.1.1.1"]


@pytest.mark.parametrize("host", HOSTILE)
def test_hostile_host_gives_a_message_and_no_output(host):
    [(_, output)] = generate_all([own("docker-engine", host=host)])
    assert [e["field"] for e in output["errors"]] == ["host"], output["errors"]
    assert output["errors"][0]["zh"] and output["errors"][0]["en"]
    assert not output["files"] and not output["commands"] and not output["rewrites"]


@pytest.mark.parametrize(("extra", "field"), [
    ({"port": "5000;reboot"}, "port"), ({"port": "70000"}, "port"),
    ({"ca": "/etc/ssl/my ca.crt"}, "ca"), ({"ca": "relative.crt"}, "ca"),
    ({"ca": "/etc/ssl/ca.crt", "scheme": "http"}, "ca"), ({"scheme": "ftp"}, "scheme"),
    ({"registries": ["evil.example.com"]}, "registries")])
def test_hostile_port_ca_or_scheme_gives_a_message_and_no_output(extra, field):
    [(_, output)] = generate_all([own("containerd-2", **extra)])
    assert field in [e["field"] for e in output["errors"]], output["errors"]
    assert not output["files"] and not output["commands"]


# The merge commands, run for real -------------------------------------------------------

def merge_command(choice: dict, path: Path, kind: str = "merge") -> str:
    """The generated merge (or undo) command, run on `path` with this Python, without sudo."""
    [(_, output)] = generate_all([choice])
    command = next(c["shell"] for c in output["commands"] if c["kind"] == kind)
    first, script = command.split("\nEOF", 1)[0].split("\n", 1)
    words = first.removeprefix("sudo ").split(" ", 3)  # python3 - FILE 'CHANGES' <<'EOF'
    assert words[:2] == ["python3", "-"], first
    return f"{sys.executable} - {shlex.quote(str(path))} {words[3]}\n{script}\nEOF\n"


def run(shell: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False)


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".*.bak"))


def test_daemon_json_merge_keeps_other_keys_and_backs_up(tmp_path):
    path = tmp_path / "daemon.json"
    path.write_text('{"data-root": "/srv/docker", "log-driver": "journald",\n'
                    ' "registry-mirrors": ["https://old.example.com"]}\n', encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = run(merge_command({**own("docker-engine"), "existing": True}, path))
    assert result.returncode == 0, result.stderr
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "data-root": "/srv/docker", "log-driver": "journald",
        "registry-mirrors": ["https://mirror.example.internal"]}
    [backup] = backups(path)
    assert backup.read_text(encoding="utf-8") == before
    undo = run(merge_command({**own("docker-engine"), "existing": True}, path, "undo"))
    assert undo.returncode == 0, undo.stderr
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "data-root": "/srv/docker", "log-driver": "journald"}


@pytest.mark.parametrize(("runtime", "name", "text"), [
    ("docker-engine", "daemon.json", '{"data-root": "/srv/docker",}\n'),
    ("orbstack", "docker.json", "[1, 2]\n"),
    ("containerd-2", "config.toml", 'version = 3\n[plugins\n'),
    ("containerd-2", "config.toml", 'version = 1\n[plugins.cri]\n'),
    ("containerd-1", "config.toml",
     'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n'
     '  endpoint = ["https://docker.m.daocloud.io"]\n'),
    ("k3s", "registries.yaml", "mirrors:\n  docker.io:\n endpoint: [\n"),
    ("buildkit", "buildkitd.toml", '[registry."docker.io"\n')])
def test_merge_refuses_an_invalid_file_and_leaves_it_unchanged(tmp_path, runtime, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run(merge_command({**own(runtime), "existing": True}, path))
    assert result.returncode != 0
    assert "nothing was changed" in result.stderr, result.stderr
    assert path.read_text(encoding="utf-8") == text
    assert not backups(path) and not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(("runtime", "version", "section"), [
    ("containerd-2", 3, "io.containerd.cri.v1.images"),
    ("containerd-1", 2, "io.containerd.grpc.v1.cri"),
    ("containerd-1", 3, "io.containerd.cri.v1.images")])  # the file's version decides
def test_containerd_merge_keeps_the_file_and_uses_the_section_of_its_version(
        tmp_path, runtime, version, section):
    path = tmp_path / "config.toml"
    original = (f"version = {version}\n# keep this comment\nroot = \"/srv/containerd\"\n\n"
                f'[plugins."{section}".registry]\n  config_path = "/old"\n\n'
                '[debug]\n  level = "info"\n')
    path.write_text(original, encoding="utf-8")
    result = run(merge_command({**own(runtime), "existing": True}, path))
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    merged = tomllib.loads(text)
    assert merged["plugins"] == {section: {"registry": {"config_path": "/etc/containerd/certs.d"}}}
    assert merged["root"] == "/srv/containerd" and merged["debug"] == {"level": "info"}
    assert "# keep this comment" in text
    [backup] = backups(path)
    assert backup.read_text(encoding="utf-8") == original


def test_containerd_merge_writes_a_new_file_with_the_chosen_version(tmp_path):
    path = tmp_path / "etc" / "config.toml"
    result = run(merge_command({**own("containerd-2"), "existing": True}, path))
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "version": 3, "plugins": {"io.containerd.cri.v1.images": {
            "registry": {"config_path": "/etc/containerd/certs.d"}}}}
    assert not backups(path)


def test_registries_yaml_merge_keeps_other_mirrors_and_configs(tmp_path):
    path = tmp_path / "registries.yaml"
    path.write_text("mirrors:\n  quay.io:\n    endpoint: [\"https://quay.example.com\"]\n"
                    "  docker.io:\n    endpoint: [\"https://old.example.com\"]\n"
                    "    rewrite:\n      \"^(.*)$\": \"cache/$1\"\n"
                    "configs:\n  quay.example.com:\n    auth: {username: bot}\n",
                    encoding="utf-8")
    choice = {**own("k3s", ca="/etc/rancher/k3s/certs/internal-ca.crt"), "existing": True}
    result = run(merge_command(choice, path))
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == {
        "mirrors": {"quay.io": {"endpoint": ["https://quay.example.com"]},
                    "docker.io": {"endpoint": ["https://mirror.example.internal"],
                                  "rewrite": {"^(.*)$": "cache/$1"}}},
        "configs": {"quay.example.com": {"auth": {"username": "bot"}},
                    "mirror.example.internal": {"tls": {
                        "ca_file": "/etc/rancher/k3s/certs/internal-ca.crt"}}}}
    assert len(backups(path)) == 1


def test_buildkitd_merge_keeps_other_sections(tmp_path):
    path = tmp_path / "buildkitd.toml"
    path.write_text('debug = true\n\n[registry."docker.io"]\n  mirrors = ["old.example.com"]\n\n'
                    '[worker.oci]\n  max-parallelism = 4\n', encoding="utf-8")
    result = run(merge_command({**own("buildkit", scheme="http", port="5000"), "existing": True},
                               path))
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "debug": True, "worker": {"oci": {"max-parallelism": 4}},
        "registry": {"docker.io": {"mirrors": ["mirror.example.internal:5000"]},
                     "mirror.example.internal:5000": {"http": True}}}


def write_command(choice: dict, path: Path) -> str:
    [(_, output)] = generate_all([choice])
    command = next(c["shell"] for c in output["commands"] if c["kind"] == "write")
    written = output["files"][0]["path"]  # /etc/docker/daemon.json: its folder, then the file
    return command.replace("sudo ", "").replace(written, str(path)) \
        .replace(str(Path(written).parent), str(path.parent))


def test_write_command_writes_a_new_file_and_never_overwrites_one(tmp_path):
    path = tmp_path / "etc" / "daemon.json"
    choice = own("docker-engine")
    result = run(write_command(choice, path))
    assert result.returncode == 0, result.stderr
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "registry-mirrors": ["https://mirror.example.internal"]}
    path.write_text('{"data-root": "/srv/docker"}\n', encoding="utf-8")
    again = run(write_command(choice, path))
    assert again.returncode != 0 and "already exists: not overwritten" in again.stderr
    assert path.read_text(encoding="utf-8") == '{"data-root": "/srv/docker"}\n'


def test_merge_scripts_are_the_ones_the_page_shows():
    shown = {c["shell"].split("<<'EOF'\n", 1)[1].rsplit("\nEOF", 1)[0]
             for _, o in outputs() for c in o["commands"] if c["kind"] == "merge"}
    assert shown == {merge_script("merge_tree").rstrip("\n"),
                     merge_script("merge_toml").rstrip("\n")}


# One source of truth: the guide's code blocks ---------------------------------------------

CA_ON_PAGES = {"containerd-1": "/etc/containerd/certs.d/docker.io/internal-ca.crt",
               "containerd-2": "/etc/containerd/certs.d/docker.io/internal-ca.crt",
               "k3s": "/etc/rancher/k3s/certs/internal-ca.crt",
               "rke2": "/etc/rancher/k3s/certs/internal-ca.crt",
               "buildkit": "/etc/ssl/internal-ca.crt"}
PAGE_HOST = "registry-cache.example.internal"
_MIRROR_HOST = re.compile(r"(?:[a-z0-9-]+\.)*m\.daocloud\.io|registry-cache\.example\.internal"
                          r"(?::\d+)?")


@cache
def page_blocks() -> dict[str, list[CodeBlock]]:
    blocks: dict[str, list[CodeBlock]] = {}
    for path in sorted((DOCS / "guide").glob("*.en.md")):
        for b in code_blocks(path):
            if b.title:
                blocks.setdefault(b.title, []).append(b)
    return blocks


def same(generated: dict, page: CodeBlock) -> bool:
    if generated["language"] == "json":  # a page may show other keys next to the mirror
        mine, theirs = json.loads(generated["content"]), json.loads(page.code)
        return all(theirs.get(k) == v for k, v in mine.items())
    return generated["content"].strip() == page.code.strip()


def overlap_problems(pairs) -> tuple[int, list[str]]:
    """(files compared, differences): a generated file and the page blocks with its title
    and the same mirror hosts must agree with one of them."""
    compared, problems = 0, []
    for choice, output in pairs:
        for f in output["files"]:
            hosts = set(_MIRROR_HOST.findall(f["content"]))
            candidates = [b for b in page_blocks().get(f["path"], [])
                          if set(_MIRROR_HOST.findall(b.code)) == hosts]
            if not candidates:
                continue
            compared += 1
            if not any(same(f, b) for b in candidates):
                problems.append(f"{name(choice)}: {f['path']} differs from "
                                f"{', '.join(f'{b.path}:{b.line}' for b in candidates)}:\n"
                                f"{f['content']}")
    return compared, problems


def page_choices() -> list[dict]:
    choices = []
    for runtime in data()["runtimes"]:
        rid = runtime["id"]
        base = {"runtime": rid, "existing": False}
        choices += [{**base, "mirror": "daocloud", "scheme": "https", "host": "", "port": "",
                     "ca": "", "registries": regs}
                    for regs in ([], ["registry.k8s.io"], ["ghcr.io"])]
        choices.append({**own(rid, host=PAGE_HOST, ca=CA_ON_PAGES.get(rid, ""))})
        choices.append({**own(rid, scheme="http", host=PAGE_HOST, port="5000")})
    return choices


def test_outputs_equal_the_guide_pages_code_blocks_where_they_overlap():
    compared, problems = overlap_problems(generate_all(page_choices()))
    assert not problems, "\n".join(problems[:5])
    assert compared >= 40, compared  # the comparison is not vacuous


def test_overlap_check_fails_when_an_output_drifts_from_its_page():
    [(choice, output)] = generate_all([{**own("containerd-2", host=PAGE_HOST), "mirror": "daocloud"}])
    drifted = {**output, "files": [{**f, "content": f["content"].replace('"resolve"', '"push"')}
                                   for f in output["files"]]}
    compared, problems = overlap_problems([(choice, drifted)])
    assert compared and problems


# The page in Chromium ---------------------------------------------------------------------

QUERY = "?runtime=k3s&mirror=http://10.0.0.5:5000&existing=1"


def watch(tab, host=None):
    tab.foreign, tab.errors = [], []
    tab.on("request", lambda r: (not r.url.startswith("file:") if host is None
                                 else not r.url.startswith(host)) and tab.foreign.append(r.url))
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    return tab


def generated_paths(tab) -> list[str]:
    return tab.eval_on_selector_all("#mirror-generator .generator-file",
                                    "els => els.map(e => e.dataset.path)")


def drawn_paths(tab) -> list[str]:
    """The files of a page opened with a choice in its address, once they are drawn: on a busy
    machine the load can report idle before the page's scripts have run. Empty when nothing is
    drawn within 10 s (the caller's assertion then shows the page's errors)."""
    try:
        tab.wait_for_selector("#mirror-generator .generator-file", state="attached",
                              timeout=10_000)
    except PlaywrightTimeout:
        return []
    return generated_paths(tab)


@pytest.mark.browser
def test_page_reads_the_query_string_and_the_language_switch_keeps_it(browser, site_url):
    tab = watch(browser.new_page(viewport={"width": 390, "height": 800}), site_url)
    tab.goto(site_url + "en/guide/generator/", wait_until="networkidle")
    assert tab.url == site_url + "en/guide/generator/" and not generated_paths(tab)
    assert tab.get_attribute("a.md-select__link[hreflang=zh]", "href").endswith("generator/")
    tab.goto(site_url + "en/guide/generator/" + QUERY, wait_until="networkidle")
    assert drawn_paths(tab) == ["/etc/rancher/k3s/registries.yaml"], tab.errors
    assert tab.locator("#generator-host").input_value() == "10.0.0.5"
    text = tab.inner_text("#mirror-generator")
    assert "Merge into the existing file" in text and 'host="10.0.0.5:5000"' in text
    tab.select_option("#generator-runtime", "containerd-1")
    assert tab.url.endswith("?runtime=containerd-1&mirror=http://10.0.0.5:5000&existing=1")
    assert "/etc/containerd/certs.d/docker.io/hosts.toml" in generated_paths(tab)
    tab.locator("div.md-select").first.hover()
    tab.locator("a.md-select__link[hreflang=zh]").click()
    tab.wait_for_load_state("networkidle")
    assert tab.url == site_url + "guide/generator/?runtime=containerd-1&mirror=http://10.0.0.5:5000&existing=1"
    assert tab.get_attribute("html", "lang") == "zh"
    assert "/etc/containerd/config.toml" in drawn_paths(tab), tab.errors
    assert "合并进已有文件" in tab.inner_text("#mirror-generator")
    # the page is usable on a phone: nothing wider than the screen
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert not tab.foreign and not tab.errors, (tab.foreign, tab.errors)
    tab.close()


@pytest.mark.browser
@pytest.mark.parametrize("host", ["$(reboot)", "mirror.example.com/v2", "a b", "镜像.cn"])
def test_page_answers_hostile_host_with_a_message_and_no_code(browser, site_url, host):
    tab = watch(browser.new_page(), site_url)
    tab.goto(site_url + "guide/generator/?runtime=docker-engine&mirror=https://ok.example.com",
             wait_until="networkidle")
    assert drawn_paths(tab) == ["/etc/docker/daemon.json"], tab.errors
    tab.fill("#generator-host", host)
    alert = tab.locator("#mirror-generator [role=alert]")
    assert alert.count() == 1 and alert.inner_text().strip()
    assert tab.locator("#mirror-generator pre").count() == 0
    assert not tab.foreign and not tab.errors, (tab.foreign, tab.errors)
    tab.close()


@pytest.mark.browser
def test_page_works_from_the_offline_copy_on_disk(browser, offline_copy):
    tab = watch(browser.new_page())
    tab.goto((offline_copy / "en" / "guide" / "generator.html").as_uri() + QUERY,
             wait_until="load")
    assert drawn_paths(tab) == ["/etc/rancher/k3s/registries.yaml"], tab.errors
    guide = tab.locator("#mirror-generator a.generator-guide").first.get_attribute("href")
    assert guide.startswith("k8s-distributions.html#"), guide
    tab.locator("div.md-select").first.hover()
    tab.locator("a.md-select__link[hreflang=zh]").click()
    tab.wait_for_load_state("load")
    assert tab.url == (offline_copy / "guide" / "generator.html").as_uri() + QUERY
    assert drawn_paths(tab) == ["/etc/rancher/k3s/registries.yaml"], tab.errors
    assert not tab.foreign and not tab.errors, (tab.foreign, tab.errors)
    tab.close()


def test_a_mirror_the_weekly_check_found_down_is_not_offered(tmp_path):
    """The generator reads the status the public-mirrors page shows: a host whose latest
    check found it down (or asking for a login, or refusing) is left out."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "sitecheck" / "data", data)
    status = data / "mirror-status.yaml"
    text = status.read_text(encoding="utf-8")
    unchecked = ('  - host: ghcr.m.daocloud.io\n    state: unknown\n    checked: null\n'
                 '    detail: "not yet checked by the weekly job"\n')
    assert unchecked in text, "the status file's shape changed: update this test"
    status.write_text(text.replace(unchecked, (
        '  - host: ghcr.m.daocloud.io\n    state: down\n    checked: "2026-12-05T02:00:00Z"\n'
        '    where: "GitHub-hosted runner (ubuntu24), outside mainland China"\n'
        '    v2: false\n    seconds: 20.0\n'
        '    detail: "GET /v2/: no answer within 20 s (timeout)"\n')), encoding="utf-8")
    assert unusable_hosts(data) == frozenset({"ghcr.m.daocloud.io"})
    raw = yaml.safe_load((data / "mirrors.yaml").read_text(encoding="utf-8"))
    hosts = [m["host"] for m in offered(raw, unusable_hosts(data))]
    assert "ghcr.m.daocloud.io" not in hosts and "docker.m.daocloud.io" in hosts
    assert unusable_hosts(ROOT / "sitecheck" / "data") == frozenset()  # nothing checked yet
