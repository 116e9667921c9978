"""dockerd, containerd and Podman in a scratch root: their own sockets, data and state under
one directory, nothing of the machine's own (no /etc/docker, /var/lib/containerd or
/etc/containers is read or written), every process stopped with its children afterwards."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import tomllib
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

# Executable -> Debian package, for the message when one is missing.
PACKAGES = {"dockerd": "docker.io", "docker": "docker.io", "containerd": "containerd",
            "ctr": "containerd", "podman": "podman", "docker-registry": "docker-registry",
            "openssl": "openssl", "runc": "runc"}


def missing_executables(names=tuple(PACKAGES)) -> list[str]:
    return [f"{name} (Debian package {PACKAGES[name]})" for name in names
            if shutil.which(name) is None]


@dataclass
class Run:
    """What a command printed, kept for the assertion messages."""
    command: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        return (f"$ {' '.join(self.command)}\n(exit {self.returncode})\n"
                f"{self.output[-4000:]}")


def run(command: list[str], env: dict | None = None, timeout: float = 120) -> Run:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    return Run(command, result.returncode, result.stdout, result.stderr)


def _stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # dockerd's own containerd and shims run in the same session: end any left behind.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _wait(ready, process: subprocess.Popen, log: Path, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DaemonExitError(what, process.returncode, log.read_text(errors="replace"))
        try:
            if ready():
                return
        except subprocess.TimeoutExpired:
            pass  # the client waited too long for an answer: ask again
        time.sleep(0.1)
    raise RuntimeError(f"{what} was not ready in {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


def unmount_under(directory: Path) -> None:
    """Unmount what a daemon left mounted under `directory` (dockerd bind-mounts its data
    root onto itself and leaves it when it stops at start), deepest first."""
    root = str(directory.resolve())
    mounts = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    for mount in sorted((m for m in mounts if m == root or m.startswith(root + "/")),
                        reverse=True):
        subprocess.run(["umount", mount], capture_output=True)


class DaemonExitError(RuntimeError):
    """A daemon that stopped at start, with its log: what a reader sees in the journal."""

    def __init__(self, what: str, returncode: int, log: str):
        super().__init__(f"{what} exited at start ({returncode}):\n{log[-3000:]}")
        self.log = log


@dataclass
class Daemon:
    """A daemon started by `_started`: its scratch directory, its socket, its log."""
    directory: Path
    socket: Path
    log: Path
    env: dict
    process: subprocess.Popen = field(repr=False)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class Dockerd(Daemon):
    def docker(self, *args: str, timeout: float = 120) -> Run:
        return run(["docker", "-H", f"unix://{self.socket}", *args], self.env, timeout)

    def ready(self) -> bool:
        return self.docker("version", timeout=10).returncode == 0


class Containerd(Daemon):
    @property
    def address(self) -> Path:
        return self.socket

    def ctr(self, *args: str, timeout: float = 120) -> Run:
        return run(["ctr", "--address", str(self.address), *args], self.env, timeout)

    def ready(self) -> bool:
        return self.ctr("version", timeout=10).returncode == 0


@contextmanager
def _started(kind: type[Daemon], command: list[str], directory: Path, sockets: Path,
             socket: Path, env: dict | None):
    """Start `command` (its output to <directory>/<name>.log), wait until the daemon answers,
    yield it; then stop it with its children, unmount what it left mounted and remove its
    socket directory (a short one under /tmp: a unix socket path has at most 104
    characters, and test directories are longer)."""
    log = directory / f"{command[0]}.log"
    env = dict(os.environ if env is None else env)
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
    daemon = kind(directory, socket, log, env, process)
    try:
        _wait(daemon.ready, process, log, command[0])
        yield daemon
    finally:
        _stop(process)
        unmount_under(directory)
        unmount_under(sockets)
        shutil.rmtree(sockets, ignore_errors=True)


# Start-up flags that keep dockerd in its scratch root and off the machine's network set-up;
# a flag whose key the page's daemon.json sets itself is left out (dockerd refuses a
# directive given both ways).
def _dockerd_flags(directory: Path, config: dict, sockets: Path) -> list[str]:
    flags = {"data-root": str(directory / "data"), "exec-root": str(sockets / "exec"),
             "pidfile": str(directory / "dockerd.pid"), "storage-driver": "vfs",
             "bridge": "none", "iptables": "false", "ip6tables": "false"}
    return [f"--{key}={value}" for key, value in flags.items() if key not in config]


@contextmanager
def run_dockerd(directory: Path, config: dict, env: dict | None = None):
    """dockerd with `config` as its daemon.json (keys that name the machine's paths, such as
    data-root, are the caller's to point into `directory`), on a containerd of its own that
    is started and waited for first (dockerd's own start of containerd gives up after a few
    seconds on a busy machine)."""
    directory.mkdir(parents=True, exist_ok=True)
    with run_containerd(directory / "containerd", env=env) as containerd:
        config_file = directory / "daemon.json"
        config_file.write_text(json.dumps(config, indent=2), encoding="utf-8")
        sockets = Path(tempfile.mkdtemp(prefix="dockerd-"))
        socket = sockets / "docker.sock"
        command = ["dockerd", f"--config-file={config_file}", f"--host=unix://{socket}",
                   f"--containerd={containerd.address}",
                   *_dockerd_flags(directory, config, sockets)]
        with _started(Dockerd, command, directory, sockets, socket, env) as daemon:
            yield daemon


def containerd_config(directory: Path, page_config: str = "", cri: bool = False,
                      sockets: Path | None = None) -> str:
    """The page's config.toml with the scratch root, state and socket added; without `cri`
    the CRI plugin is not loaded (ctr does not need it, and it starts faster). State and
    socket go under `sockets` (default `directory`): a unix socket path has at most 104
    characters, and test directories are longer than that."""
    sockets = sockets or directory
    parsed = tomllib.loads(page_config) if page_config else {}
    top = [] if "version" in parsed else ["version = 2"]
    places = {"root": directory / "root", "state": sockets / "state"}
    top += [f'{key} = "{place}"' for key, place in places.items() if key not in parsed]
    if not cri:
        top.append('disabled_plugins = ["io.containerd.grpc.v1.cri"]')
    # Top-level keys first (TOML puts every key after a table header into that table).
    return "\n".join([*top, page_config, "[grpc]",
                      f'  address = "{sockets / "containerd.sock"}"', ""])


@contextmanager
def run_containerd(directory: Path, page_config: str = "", env: dict | None = None,
                   cri: bool = False):
    directory.mkdir(parents=True, exist_ok=True)
    sockets = Path(tempfile.mkdtemp(prefix="ctrd-"))
    config_file = directory / "config.toml"
    config_file.write_text(containerd_config(directory, page_config, cri, sockets),
                           encoding="utf-8")
    command = ["containerd", "--config", str(config_file), "--log-level", "debug"]
    with _started(Containerd, command, directory, sockets, sockets / "containerd.sock",
                  env) as daemon:
        yield daemon


def podman(directory: Path, registries_conf: Path, *args: str, env: dict | None = None,
           script: str | None = None) -> Run:
    """podman with its own storage under `directory` and `registries_conf` as its only
    registries.conf (drop-in directories of the machine are not read). With `script`, a
    page's shell lines are run instead, in bash, where `podman` runs so."""
    env = dict(os.environ if env is None else env)
    env["CONTAINERS_REGISTRIES_CONF"] = str(registries_conf)
    # Podman refuses a run root longer than 50 characters: a short one of its own.
    with tempfile.TemporaryDirectory(prefix="podman-") as runroot:
        command = ["podman", "--root", str(directory / "root"), "--runroot", runroot,
                   "--storage-driver", "vfs"]
        if script is None:
            return run([*command, *args], env)
        # a shell function: the variables written before `podman` on a line stay in the
        # environment of the podman it runs
        function = f'podman() {{ command {shlex.join(command)} "$@"; }}\n'
        return run(["bash", "-euo", "pipefail", "-c", function + script], env)
