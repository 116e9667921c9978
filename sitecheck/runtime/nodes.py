"""Stand-ins for a kind cluster's nodes, for the loops the pages give that change every node of
an existing cluster (`for node in $(kind get nodes); do docker exec "$node" ...; done`).

Debian packages no kind and the tests fetch no node image, so a node here is a container of
the lab's own dockerd made from this machine's shell and core tools (their files and the
libraries they load, imported as an image) with a `systemctl` that only writes down how it
was called. `kind get nodes` is a small script on PATH that prints the nodes' names. What the
loop itself does, `docker exec` with its input and its quoting, runs for real."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..pages import DOCS, CodeBlock, code_blocks

# What the pages' loops run inside a node, and what the stand-in is kept alive with.
NODE_COMMANDS = ("sh", "mkdir", "cp", "cat", "rm", "sleep", "printenv")
# The node's systemctl: the call is written down in this file, nothing is started.
SYSTEMCTL_LOG = "/var/log/systemctl-calls"
SYSTEMCTL = f'#!/bin/sh\necho "$*" >> {SYSTEMCTL_LOG}\n'
KIND_LOOP = re.compile(r"for node in \$\(kind get nodes\)")


def kind_loops(language: str = "en", docs: Path = DOCS) -> list[CodeBlock]:
    """The bash blocks of the guide in `language` that loop over `kind get nodes`."""
    return [block for path in sorted((docs / "guide").glob(f"*.{language}.md"))
            for block in code_blocks(path)
            if block.language == "bash" and KIND_LOOP.search(block.code)]


def _libraries(executable: str) -> list[str]:
    """The shared libraries `executable` loads (ldd's absolute paths, the loader included)."""
    listing = subprocess.run(["ldd", executable], capture_output=True, text=True, check=False)
    return [word for line in listing.stdout.splitlines() for word in line.split()
            if word.startswith("/")]


def node_rootfs() -> bytes:
    """A tar of a node's file system: NODE_COMMANDS from this machine, each in /bin and
    /usr/bin, the libraries they load where ldd finds them, and the stand-in systemctl."""
    files: dict[str, str] = {}
    for name in NODE_COMMANDS:
        found = shutil.which(name)
        if not found:
            raise FileNotFoundError(f"a kind node stand-in needs {name!r} on this machine")
        for place in (f"bin/{name}", f"usr/bin/{name}"):
            files[place] = os.path.realpath(found)
        for library in _libraries(found):
            files[library.lstrip("/")] = os.path.realpath(library)
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        for name, source in sorted(files.items()):
            tar.add(source, arcname=name)
        script = SYSTEMCTL.encode()
        info = tarfile.TarInfo("usr/bin/systemctl")
        info.size, info.mode = len(script), 0o755
        tar.addfile(info, io.BytesIO(script))
        for directory in ("etc", "tmp", "var/log"):
            info = tarfile.TarInfo(directory)
            info.type, info.mode = tarfile.DIRTYPE, 0o1777 if directory == "tmp" else 0o755
            tar.addfile(info)
    return data.getvalue()


@dataclass
class Nodes:
    """Stand-in nodes running on a dockerd; `docker` runs the docker command against it."""
    names: list[str]
    bin_dir: Path  # holds the `kind` script; put it first on PATH
    env: dict

    def read(self, node: str, path: str) -> str:
        """The text of `path` inside `node` ('' when there is no such file)."""
        answer = subprocess.run(["docker", "exec", node, "cat", path], capture_output=True,
                                text=True, env=self.env, timeout=60, check=False)
        return answer.stdout if answer.returncode == 0 else ""

    def systemctl_calls(self, node: str) -> list[str]:
        return self.read(node, SYSTEMCTL_LOG).splitlines()

    def remove(self) -> None:
        """Stop and remove the node containers."""
        subprocess.run(["docker", "rm", "--force", *self.names], capture_output=True,
                       env=self.env, timeout=120, check=False)

    def reset(self) -> None:
        """Take away what a loop wrote, so that each run starts from bare nodes."""
        for node in self.names:
            subprocess.run(["docker", "exec", node, "rm", "-rf", "/etc/containerd",
                            "/etc/systemd", SYSTEMCTL_LOG], capture_output=True,
                           env=self.env, timeout=60, check=True)

    def run_block(self, code: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run a page's bash block as a reader would, `kind` and `docker` being the ones of
        this set-up."""
        return subprocess.run(["bash", "-euo", "pipefail", "-c", code], capture_output=True,
                              text=True, env=self.env, timeout=timeout, check=False)


def start_nodes(docker_socket: Path, directory: Path,
                names: tuple[str, ...] = ("kind-control-plane", "kind-worker")) -> Nodes:
    """Import the stand-in image into the dockerd at `docker_socket`, start one container per
    name and write the `kind` script that lists them; `Nodes.remove` stops them."""
    env = {**os.environ, "DOCKER_HOST": f"unix://{docker_socket}"}

    def docker(*args: str, data: bytes | None = None) -> None:
        done = subprocess.run(["docker", *args], input=data, capture_output=True, env=env,
                              timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"docker {' '.join(args)}: {done.stderr.decode()[-2000:]}")

    docker("import", "-", "kind-node-stand-in:test", data=node_rootfs())
    for name in names:
        docker("run", "--detach", "--name", name, "--network", "none",
               "kind-node-stand-in:test", "sleep", "3600")
    bin_dir = directory / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    kind = bin_dir / "kind"
    kind.write_text("#!/bin/sh\n# kind get nodes, for the stand-in nodes\n"
                    '[ "$1 $2" = "get nodes" ] || { echo "kind stand-in: only get nodes" >&2; '
                    "exit 2; }\n" + "".join(f"echo {name}\n" for name in names),
                    encoding="utf-8")
    kind.chmod(kind.stat().st_mode | stat.S_IXUSR)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return Nodes(list(names), bin_dir, env)


# What each loop of the pages must leave in every node: the file it writes, and for the proxy
# drop-in, systemd reloaded and containerd restarted in that order.
HOSTS_TOML = "/etc/containerd/certs.d/docker.io/hosts.toml"
PROXY_DROP_IN = "/etc/systemd/system/containerd.service.d/http-proxy.conf"
HOST_DIRECTORY = "/opt/kind/"  # where the pages keep the host's copy of certs.d
_HEREDOC = re.compile(r"<<'EOF'\n(?P<body>.*?\n)EOF\n", re.S)


def kind_loop_problems(nodes: Nodes, code: str, host_hosts_toml: str, scratch: Path) -> list[str]:
    """Run the loop `code` on bare nodes and say what it failed to do in each ([] if none).
    The host's hosts.toml (under /opt/kind/ on the page) holds `host_hosts_toml`."""
    nodes.reset()
    host = scratch / "opt-kind"
    (host / "certs.d" / "docker.io").mkdir(parents=True, exist_ok=True)
    (host / "certs.d" / "docker.io" / "hosts.toml").write_text(host_hosts_toml, encoding="utf-8")
    if f"{HOST_DIRECTORY}certs.d/docker.io/hosts.toml" in code:
        expected = {HOSTS_TOML: host_hosts_toml}
        calls: list[str] = []
    elif PROXY_DROP_IN in code:
        heredoc = _HEREDOC.search(code)
        if not heredoc:
            return [f"the loop writes {PROXY_DROP_IN} but has no <<'EOF' text to write"]
        expected = {PROXY_DROP_IN: heredoc["body"]}
        calls = ["daemon-reload", "restart containerd"]
    else:
        return ["a loop over kind's nodes that the runtime tests do not know: "
                "say in sitecheck/runtime/nodes.py what it must change in each node"]
    done = nodes.run_block(code.replace(HOST_DIRECTORY, f"{host}/"))
    if done.returncode != 0:
        return [f"the loop exited with {done.returncode}: {done.stderr[-1500:]}"]
    problems = []
    for node in nodes.names:
        for path, text in expected.items():
            found = nodes.read(node, path)
            if found != text:
                problems.append(f"{node}: {path} holds {found!r}, not {text!r}")
        if nodes.systemctl_calls(node) != calls:
            problems.append(f"{node}: systemctl was called as {nodes.systemctl_calls(node)}, "
                            f"not {calls}")
    return problems
