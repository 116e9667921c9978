"""The recipes run for real: every configuration block of the pages that Debian's runtimes
read (daemon.json for dockerd, hosts.toml and config.toml for containerd, registries.conf for
Podman, config.yml for docker-registry) is written where the runtime reads it, with local
registries on 127.0.0.1 as the mirror, and the pull must go through the mirror (its log shows
it) with the signal the verify pages promise. A broken block fails the same check, and the
failures that the error reference quotes are made to happen against stub registries.

Needs root and Debian's docker.io, containerd, podman, docker-registry and openssl; without
them these tests skip locally, and in CI (CI=true) they fail."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from sitecheck.pages import DOCS, CodeBlock, code_blocks
from sitecheck.runtime import checks
from sitecheck.runtime.checks import CHECKS, RecipeError
from sitecheck.runtime.daemons import (
    DaemonExitError,
    run_containerd,
    run_dockerd,
)
from sitecheck.runtime.lab import run_lab
from sitecheck.runtime.recipes import Recipe, kind_of, not_run, put_mirrors, recipes
from sitecheck.runtime.stubs import stub_registry
from tests.conftest import require_runtimes

pytestmark = pytest.mark.runtime


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    require_runtimes("runtime tests")
    with run_lab(tmp_path_factory.mktemp("runtime")) as lab:
        yield lab


def _version_3(recipe: Recipe) -> bool:
    return recipe.kind == "containerd config" and re.search(r"(?m)^version\s*=\s*3", recipe.block.code)


def _mirror_recipes() -> dict[tuple[str, str], list[Recipe]]:
    """The blocks to run, one test for each distinct block (the same block on several pages,
    and the Chinese twin of each, run once), with every place it appears."""
    grouped: dict[tuple[str, str], list[Recipe]] = {}
    for language in ("en", "zh"):
        for recipe in recipes(language):
            if recipe.kind == "daemon.json" and "registry-mirrors" not in recipe.block.code:
                continue  # IPv6 or proxy settings: no mirror to pull through
            grouped.setdefault((recipe.kind, recipe.block.code), []).append(recipe)
    return grouped


MIRROR_RECIPES = _mirror_recipes()
RUNNABLE = {key: places for key, places in MIRROR_RECIPES.items() if not _version_3(places[0])}
VERSION_3 = {key: places for key, places in MIRROR_RECIPES.items() if _version_3(places[0])}


@pytest.mark.parametrize("key", list(RUNNABLE), ids=[p[0].where for p in RUNNABLE.values()])
def test_recipe_pulls_through_the_mirror(lab, key):
    places = RUNNABLE[key]
    recipe = places[0]
    try:
        CHECKS[recipe.kind](recipe, lab)
    except RecipeError as failure:
        pytest.fail(f"{failure}\n(the same block is at {', '.join(p.where for p in places)})")


@pytest.mark.parametrize("key", list(VERSION_3), ids=[p[0].where for p in VERSION_3.values()])
def test_version_3_config_is_not_read_by_containerd_1(lab, key):
    """The pages give a version 3 config.toml for containerd 2.x and a version 2 one for 1.x.
    containerd 1.6 starts with a version 3 file without a word, and its CRI pulls then go
    straight to Docker Hub: the mirror is not used. So the two must not be swapped."""
    recipe = VERSION_3[key][0]
    with pytest.raises(RecipeError, match=r"CRI pull failed: .*registry-1\.docker\.io"):
        checks.check_containerd_config(recipe, lab)


def test_every_block_that_is_not_run_says_why():
    missing = [f"{block.path}:{block.line} ({block.title})" for block, why in not_run() if not why]
    assert not missing, ("configuration blocks that no runtime test reads and no reason names "
                         "(add one to sitecheck/runtime/recipes.py NOT_RUN, or a check):\n"
                         + "\n".join(missing))


def test_every_kind_of_recipe_is_found():
    """The runner finds the blocks by their titles: a renamed title must not silently drop
    a kind from the runtime tests."""
    kinds = {place.kind for places in RUNNABLE.values() for place in places}
    assert kinds == set(CHECKS), f"no blocks found for {set(CHECKS) - kinds}"


# A page block broken the way readers break them: each must fail the check that the page's
# own block passes.
def _first(kind: str, needle: str = "") -> Recipe:
    for places in RUNNABLE.values():
        if places[0].kind == kind and needle in places[0].block.code:
            return places[0]
    raise LookupError(f"no {kind} block on the pages containing {needle!r}")


BREAKS = {
    # the singular key, which dockerd ignores without a word
    "daemon.json singular key": ("daemon.json", "registry-mirrors", lambda code: code.replace(
        '"registry-mirrors"', '"registry-mirror"')),
    # a typo in the table name: containerd reads no host and goes to Docker Hub
    "hosts.toml [hosts.]": ("hosts.toml", "capabilities", lambda code: code.replace(
        "[host.", "[hosts.")),
    # the mirror table spelt in the plural
    "registries.conf [[registry.mirrors]]": ("registries.conf", "registry.mirror",
                                             lambda code: code.replace(
                                                 "[[registry.mirror]]", "[[registry.mirrors]]")),
    # the version 3 section name in a version 2 file
    "config.toml v3 section in v2": ("containerd config", "io.containerd.grpc.v1.cri",
                                     lambda code: code.replace(
                                         '"io.containerd.grpc.v1.cri".registry',
                                         '"io.containerd.cri.v1.images".registry')),
    # remoteurl misspelt: the registry runs, but as a plain registry that caches nothing
    "config.yml remoteURL": ("distribution config", "remoteurl", lambda code: code.replace(
        "remoteurl", "remoteURL")),
    # the proxy given to the containers (env under [containers]), not to Podman itself
    "containers.conf [containers] env": ("containers.conf", "HTTPS_PROXY", lambda code:
                                         code.replace("[engine]", "[containers]")),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_block_fails(lab, name):
    kind, needle, breaking = BREAKS[name]
    recipe = _first(kind, needle)
    code = put_mirrors(recipe, lab.mirrors()) if kind in {"daemon.json", "hosts.toml",
                                                          "registries.conf"} else recipe.block.code
    broken = breaking(code)
    assert broken != code, f"the break {name!r} changed nothing in {recipe.where}"
    with pytest.raises((RecipeError, DaemonExitError)):
        CHECKS[kind](recipe, lab, broken)


# The failures the error reference quotes, made to happen: (runtime, what the mirror does,
# what the runtime prints, the section of the error reference that quotes it).
NO_SUCH_HOST = r'Get "?https://registry-1\.docker\.io/v2/"?: dial tcp: lookup registry-1\.docker\.io on \S+: no such host'
DOCKERD_FAILURES = {
    "forbidden": (r"Attempting next endpoint for pull after error: denied: ", "attempting-next-endpoint"),
    "too-many-requests": (r"Attempting next endpoint for pull after error: error parsing HTTP 429 "
                          r"response body: invalid character 'T' looking for beginning of value",
                          "error-parsing-http-response-body"),
    "html": (r"Attempting next endpoint for pull after error: error unmarshalling content: "
             r"invalid character '<' looking for beginning of value", "error-unmarshalling-content"),
    "hang-up": (r'Attempting next endpoint for pull after error: Get \\?"http://127\.0\.0\.1:\d+/v2/\\?": EOF',
                "attempting-next-endpoint"),
}
CONTAINERD_FAILURES = {
    "forbidden": (r"pulling from host 127\.0\.0\.1:\d+ failed with status code \[manifests latest\]: "
                  r"403 Forbidden", "pulling-from-host-failed"),
    "unauthorized": (r"failed to authorize: failed to fetch anonymous token: unexpected status: "
                     r"401 Unauthorized", "failed-to-fetch-anonymous-token"),
    "html": (r"unexpected media type text/html for sha256:[0-9a-f]{64}: not found",
             "unexpected-media-type-text-html"),
}


def _section(anchor: str, language: str = "en") -> str:
    """The text of the error reference's section with this id (on whichever page of
    docs/guide/errors/ holds it), up to the next heading or the page's end."""
    for page in sorted((DOCS / "guide" / "errors").glob(f"*.{language}.md")):
        text = page.read_text(encoding="utf-8") + "\n## "
        match = re.search(rf"^## [^\n]*\{{#{re.escape(anchor)}\}}\n(?P<body>.*?)(?=^#+ )", text,
                          re.MULTILINE | re.DOTALL)
        if match:
            return match["body"]
    raise AssertionError(f"no page docs/guide/errors/*.{language}.md has a section {{#{anchor}}}")


def _generic(pattern: str) -> str:
    """The runtime's line as the page quotes it: any host and port, any digest."""
    return (pattern.replace(r"127\.0\.0\.1:\d+", r"\S+").replace(r"'T'", r"'.'")
            .replace("HTTP 429", r"HTTP \d+"))


@pytest.mark.parametrize("kind", list(DOCKERD_FAILURES))
def test_dockerd_failure_is_the_one_the_error_reference_quotes(lab, kind):
    """dockerd 20.10 (classic image store) with a failing mirror: the mirror's error is in
    the log as the error reference quotes it, and the reader sees Docker Hub's error."""
    pattern, anchor = DOCKERD_FAILURES[kind]
    with stub_registry(kind) as (url, seen), \
            run_dockerd(lab.scratch("dockerd-" + kind), {"registry-mirrors": [url]},
                        lab.env) as daemon:
        pull = daemon.docker("pull", "busybox:latest")
        log = daemon.log_text()
    assert seen, f"dockerd never asked the {kind} mirror"
    assert pull.returncode != 0
    assert re.search(pattern, log), f"dockerd's log has no {pattern!r}:\n{log[-3000:]}"
    assert re.search(NO_SUCH_HOST, pull.stderr), (
        "the error the reader sees is not Docker Hub's (errors page: 'you only see Docker "
        f"Hub's error'):\n{pull.stderr}")
    for language in ("en", "zh"):
        section = _section(anchor, language)
        assert re.search(_generic(pattern).removeprefix(
            "Attempting next endpoint for pull after error: "), section) or \
            "Attempting next endpoint for pull after error" in section, (
            f"errors.{language}.md #{anchor} does not quote {pattern!r}")


@pytest.mark.parametrize("kind", list(CONTAINERD_FAILURES))
def test_containerd_failure_is_the_one_the_error_reference_quotes(lab, kind):
    """containerd 1.6 with a failing mirror: the error is the mirror's (the first host's),
    in the words the error reference quotes."""
    pattern, anchor = CONTAINERD_FAILURES[kind]
    scratch = lab.scratch("containerd-" + kind)
    with stub_registry(kind) as (url, seen):
        hosts = scratch / "certs.d" / "docker.io"
        hosts.mkdir(parents=True)
        (hosts / "hosts.toml").write_text(
            f'server = "https://registry-1.docker.io"\n\n[host."{url}"]\n'
            f'  capabilities = ["pull", "resolve"]\n', encoding="utf-8")
        with run_containerd(scratch, env=lab.env) as daemon:
            pull = daemon.ctr("images", "pull", "--hosts-dir", str(scratch / "certs.d"),
                              "docker.io/library/busybox:latest")
    assert seen and pull.returncode != 0
    assert re.search(pattern, pull.stderr), f"ctr printed no {pattern!r}:\n{pull.stderr}"
    for language in ("en", "zh"):
        assert re.search(_generic(pattern), _section(anchor, language)), (
            f"errors.{language}.md #{anchor} does not quote {_generic(pattern)!r}")


def test_mirror_without_a_scheme_stops_dockerd_as_the_error_reference_says(lab):
    """A mirror written without https:// stops dockerd; the message is one the error
    reference's section quotes."""
    with pytest.raises(DaemonExitError) as exited, \
            run_dockerd(lab.scratch("dockerd-no-scheme"),
                        {"registry-mirrors": ["docker.m.daocloud.io"]}, lab.env):
        pass
    line = re.search(r"invalid mirror: [^\n\"]*", exited.value.log)
    assert line, exited.value.log[-2000:]
    for language in ("en", "zh"):
        assert line[0] in _section("invalid-mirror-scheme", language), (
            f"errors.{language}.md #invalid-mirror-scheme does not quote {line[0]!r}")


# The `ctr ... images pull --hosts-dir` checks the pages give, run as written (without
# sudo, k3s's or minikube's wrapper, and with the hosts directory in the scratch root).
_CTR = re.compile(r"(?m)^(?P<line>.*\bctr\b.*\bimages pull\b.*--hosts-dir.*)$")


def ctr_commands() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((DOCS / "guide").glob("*.en.md")):
        for block in code_blocks(path):
            if block.language != "bash":
                continue
            for offset, line in enumerate(block.code.splitlines(), start=1):
                if _CTR.match(line):
                    found.setdefault(line.strip(), []).append(f"{block.path}:{block.line + offset}")
    return found


CTR_COMMANDS = ctr_commands()


def as_run_here(line: str, address: str, hosts_dir: str) -> list[str]:
    """The page's command as containerd 1.6 runs it here: the wrapper before `ctr` and
    `sudo` dropped; `--local` dropped (containerd 2.x only: 1.6 pulls in ctr itself)."""
    words = line.split()
    words = words[words.index("ctr") + 1:]
    words = [w for w in words if w != "--local"]
    position = words.index("--hosts-dir")
    words[position + 1] = hosts_dir
    return ["ctr", "--address", address, *words]


def test_the_pages_give_ctr_checks():
    assert len(CTR_COMMANDS) >= 3, CTR_COMMANDS


@pytest.mark.parametrize("line", list(CTR_COMMANDS), ids=[v[0] for v in CTR_COMMANDS.values()])
def test_ctr_check_shows_the_mirror(lab, line):
    """The page's check prints host=<mirror> (quoted when it has a port) on containerd 1.6."""
    lab.forget()
    scratch = lab.scratch("ctr-check")
    hosts = scratch / "certs.d" / "docker.io"
    hosts.mkdir(parents=True)
    mirror = lab.https[0]
    (hosts / "hosts.toml").write_text(
        f'server = "https://registry-1.docker.io"\n\n[host."{mirror.url}"]\n'
        f'  capabilities = ["pull", "resolve"]\n', encoding="utf-8")
    with run_containerd(scratch, env=lab.env) as daemon:
        command = as_run_here(line, str(daemon.address), str(scratch / "certs.d"))
        result = subprocess.run(command, capture_output=True, text=True, env=lab.env, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(command)}\n{output[-3000:]}"
    if "--debug" in command:  # the pages promise the host= lines only with --debug
        assert re.search(rf'host="?{re.escape(mirror.host)}"?', output), (
            f"{CTR_COMMANDS[line]}: the check printed no host= line for the mirror:\n"
            f"{output[-3000:]}")
    image = command[-1].split("/", 1)[1].rsplit(":", 1)[0]
    assert mirror.served(image), f"{CTR_COMMANDS[line]}: the mirror did not serve {image}"


def test_the_lab_serves_only_on_loopback(lab):
    for registry in lab.https + lab.http:
        assert registry.url.startswith(("http://127.0.0.1:", "https://127.0.0.1:"))


def test_the_versions_page_names_the_versions_installed():
    """docs/contributing/tested says which versions the recipes ran on: the ones installed."""
    installed = {
        "Docker Engine": _major_minor(["dockerd", "--version"]),
        "containerd": _major_minor(["containerd", "--version"]),
        "Podman": _major_minor(["podman", "--version"]),
        "distribution": _major_minor(["docker-registry", "--version"]),
    }
    if None in installed.values():
        if os.environ.get("CI") == "true":
            pytest.fail(f"a runtime is missing: {installed}")
        pytest.skip(f"a runtime is missing: {installed}")
    for language in ("en", "zh"):
        page = (DOCS / "contributing" / f"tested.{language}.md").read_text(encoding="utf-8")
        rows = [line for line in page.splitlines() if line.startswith("| ")]
        for name, version in installed.items():
            row = next((r for r in rows if name in r), "")
            assert f"| {version} |" in row, (
                f"docs/contributing/tested.{language}.md: the row for {name} does not say "
                f"{version}, the version installed: {row!r}")


def _major_minor(command: list[str]) -> str | None:
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except FileNotFoundError:
        return None
    match = re.search(r"(\d+)\.(\d+)\.\d+", output)
    return f"{match[1]}.{match[2]}" if match else None


def test_without_its_ca_line_the_private_ca_recipe_fails(lab):
    """The private-CA hosts.toml passes because of its `ca` line: the same block without it
    must fail (the runtime then trusts only the system's roots), or the CA test proves
    nothing."""
    recipe = _first("hosts.toml", "ca = ")
    code = put_mirrors(recipe, lab.mirrors())
    without = re.sub(r"(?m)^\s*ca\s*=.*\n?", "", code)
    assert without != code
    scratch = lab.scratch("containerd-no-ca")
    hosts = scratch / "certs.d" / recipe.registry
    hosts.mkdir(parents=True)
    (hosts / "hosts.toml").write_text(without, encoding="utf-8")
    with run_containerd(scratch, env=lab.env_without_ca) as daemon:
        pull = daemon.ctr("images", "pull", "--hosts-dir", str(scratch / "certs.d"),
                          "docker.io/library/busybox:latest")
    assert pull.returncode != 0
    assert "x509" in pull.stderr or "certificate" in pull.stderr, pull.stderr


# The set-up generator's outputs (docs/guide/generator) run the same way: every distinct file
# it writes for dockerd, containerd or Podman, for every choice of runtime, mirror and
# registries it offers.
def _generator_recipes() -> dict[tuple[str, str, str], list[str]]:
    from sitecheck.generator import GeneratorError, all_choices, generate_all

    try:
        outputs = generate_all([c for c in all_choices() if not c["existing"]])
    except GeneratorError:  # node is missing: test_generator.py says so (and fails in CI)
        return {}
    found: dict[tuple[str, str], list[str]] = {}
    for choice, output in outputs:
        for file in output["files"]:
            kind = kind_of(CodeBlock("", 0, file["language"], file["path"], "", 0))
            if kind in {"daemon.json", "hosts.toml", "registries.conf"}:
                name = f"{choice['runtime']} {choice['scheme']}://{choice['host'] or choice['mirror']}"
                found.setdefault((kind, file["path"], file["content"]), []).append(name)
    return found


GENERATED = _generator_recipes()


@pytest.mark.parametrize("key", list(GENERATED),
                         ids=[f"{names[0]} {key[1]}" for key, names in GENERATED.items()])
def test_generator_output_pulls_through_the_mirror(lab, key):
    kind, path, content = key
    recipe = Recipe(kind, CodeBlock(f"generator ({GENERATED[key][0]})", 0, "", path,
                                    content.rstrip("\n"), 0))
    try:
        CHECKS[kind](recipe, lab)
    except RecipeError as failure:
        pytest.fail(f"{failure}\n(generated for {', '.join(GENERATED[key][:5])} ...)")


def test_the_generator_gives_the_runtime_tests_files_to_run():
    if not GENERATED and os.environ.get("CI") == "true":
        pytest.fail("the set-up generator gave no files (is node installed?)")
    kinds = {key[0] for key in GENERATED}
    assert not GENERATED or kinds == {"daemon.json", "hosts.toml", "registries.conf"}, kinds


# Podman's proxy in the environment of one pull (docs/guide/podman#proxy) ---------------------

def podman_proxy_lines(language: str) -> list[CodeBlock]:
    return [block for block in code_blocks(DOCS / "guide" / f"podman.{language}.md")
            if block.language == "bash" and "_PROXY=" in block.code and "podman pull" in block.code]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_podman_proxy_line_pulls_through_the_proxy(lab, language):
    (block,) = podman_proxy_lines(language)
    checks.check_podman_proxy_command(f"{block.path}:{block.line}", lab, block.code)


def test_the_podman_proxy_line_with_http_proxy_only_fails(lab):
    """HTTP_PROXY is not used for an https:// registry: the pull goes straight to Docker Hub,
    which the lab cannot reach."""
    (block,) = podman_proxy_lines("en")
    broken = block.code.replace("HTTPS_PROXY=", "HTTP_PROXY=")
    assert broken != block.code
    with pytest.raises(RecipeError):
        checks.check_podman_proxy_command(f"{block.path}:{block.line}", lab, broken)


# dockerd's and containerd's proxy in a systemd drop-in (docs/guide/proxy) ----------------

def proxy_drop_ins(language: str) -> list[CodeBlock]:
    return [block for block in code_blocks(DOCS / "guide" / f"proxy.{language}.md")
            if block.language == "bash" and ".service.d/http-proxy.conf" in block.code
            and "HTTPS_PROXY=" in block.code]


def test_the_proxy_page_has_both_drop_ins():
    units = [re.search(r"/(\w+)\.service\.d/", block.code)[1] for block in proxy_drop_ins("en")]
    assert sorted(units) == ["containerd", "docker"], units
    assert [b.code for b in proxy_drop_ins("zh")] == [b.code for b in proxy_drop_ins("en")]


@pytest.mark.parametrize("unit", ["docker", "containerd"])
def test_the_proxy_drop_in_pulls_through_the_proxy(lab, unit):
    (block,) = [b for b in proxy_drop_ins("en") if f"/{unit}.service.d/" in b.code]
    checks.check_proxy_drop_in(f"{block.path}:{block.line}", lab, block.code)


@pytest.mark.parametrize("unit", ["docker", "containerd"])
def test_the_proxy_drop_in_with_http_proxy_only_fails(lab, unit):
    """Since Go 1.16 (Docker 20.10.8) HTTP_PROXY is not used for https:// connections, as the
    page says: without its HTTPS_PROXY line the pull does not go through the proxy."""
    (block,) = [b for b in proxy_drop_ins("en") if f"/{unit}.service.d/" in b.code]
    broken = "\n".join(line for line in block.code.splitlines() if "HTTPS_PROXY=" not in line)
    assert broken != block.code and '"HTTP_PROXY=' in broken
    # here the direct pull fails (no route out); with one, the proxy is still never asked
    with pytest.raises(RecipeError, match=r"pull of busybox failed|never asked the proxy"):
        checks.check_proxy_drop_in(f"{block.path}:{block.line}", lab, broken)
