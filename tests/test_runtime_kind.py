"""The loops the kind section gives for an existing cluster (`for node in $(kind get nodes)`)
run as written against stand-in nodes: containers of a real dockerd made from this machine's
shell and core tools (sitecheck/runtime/nodes.py says what is real and what stands in). Each
loop must leave its file in every node, byte for byte, and a broken loop must be caught.

Needs root and Debian's docker.io and containerd; without them these tests skip locally, and
in CI (CI=true) they fail."""

from __future__ import annotations

import pytest

from sitecheck.pages import DOCS, code_blocks
from sitecheck.runtime.daemons import run_dockerd
from sitecheck.runtime.nodes import HOSTS_TOML, kind_loop_problems, kind_loops, start_nodes
from tests.conftest import require_runtimes

pytestmark = pytest.mark.runtime

PAGE = "guide/k8s-distributions"
LOOPS = {language: kind_loops(language) for language in ("en", "zh")}


def _host_hosts_toml() -> str:
    """The page's hosts.toml for the host directory the kind cluster mounts."""
    (block,) = [b for b in code_blocks(DOCS / f"{PAGE}.en.md")
                if b.title == "/opt/kind/certs.d/docker.io/hosts.toml"]
    return block.code


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    require_runtimes("kind loop tests")
    directory = tmp_path_factory.mktemp("kind-nodes")
    with run_dockerd(directory / "dockerd", {}) as daemon:
        nodes = start_nodes(daemon.socket, directory)
        try:
            yield nodes
        finally:
            nodes.remove()


def test_the_kind_section_gives_both_loops_in_both_languages():
    assert len(LOOPS["en"]) == 2, [b.line for b in LOOPS["en"]]
    assert [b.code for b in LOOPS["zh"]] == [b.code for b in LOOPS["en"]]


@pytest.mark.parametrize("block", LOOPS["en"], ids=[f"{b.path}:{b.line}" for b in LOOPS["en"]])
def test_the_loop_changes_every_node(nodes, block, tmp_path):
    problems = kind_loop_problems(nodes, block.code, _host_hosts_toml(), tmp_path)
    assert not problems, f"{block.path}:{block.line}: " + "; ".join(problems)


# Each broken loop is a real mistake: docker exec without -i passes no input to cp or cat
# (the file is left empty), a loop that never reloads systemd keeps the old unit, and a loop
# that writes the mirror to the wrong directory leaves containerd without it.
BROKEN = {
    "no -i, so no input": lambda code: code.replace("docker exec -i", "docker exec"),
    "no daemon-reload": lambda code: code.replace(
        '  docker exec "$node" systemctl daemon-reload\n', ""),
    "wrong directory": lambda code: code.replace(f"cp /dev/stdin {HOSTS_TOML}",
                                                 "cp /dev/stdin /etc/containerd/hosts.toml"),
}


@pytest.mark.parametrize("mistake", list(BROKEN))
def test_a_broken_loop_is_caught(nodes, mistake, tmp_path):
    caught = []
    for block in LOOPS["en"]:
        broken = BROKEN[mistake](block.code)
        if broken != block.code:
            caught.append(kind_loop_problems(nodes, broken, _host_hosts_toml(), tmp_path))
    assert caught, f"no loop of the page has the part that {mistake!r} breaks"
    assert all(caught), f"{mistake}: the broken loop passed"


def test_an_unknown_loop_is_not_passed(nodes, tmp_path):
    problems = kind_loop_problems(nodes, 'for node in $(kind get nodes); do echo "$node"; done\n',
                                  _host_hosts_toml(), tmp_path)
    assert problems and "do not know" in problems[0]
