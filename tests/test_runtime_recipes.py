"""The runtime layer's pure parts, without any runtime: which blocks are recipes, how the
page's mirrors are replaced by local registries, and the CRI request bytes."""

import pytest

from sitecheck.pages import CodeBlock
from sitecheck.runtime.cri import pull_request
from sitecheck.runtime.recipes import Mirrors, Recipe, kind_of, no_mirror_reason, put_mirrors


def block(code: str, title: str, language: str = "toml") -> CodeBlock:
    return CodeBlock("docs/guide/x.en.md", 10, language, title, code, 20)


def mirrors() -> Mirrors:
    return Mirrors(["127.0.0.1:1001", "127.0.0.1:1002"], ["127.0.0.1:2001"])


@pytest.mark.parametrize(("title", "kind"), [
    ("/etc/docker/daemon.json", "daemon.json"),
    ("~/.config/docker/daemon.json", "daemon.json"),
    ("~/.orbstack/config/docker.json", "daemon.json"),
    ("Settings → Docker Engine", "daemon.json"),
    ("/etc/containerd/certs.d/docker.io/hosts.toml", "hosts.toml"),
    ("/opt/kind/certs.d/docker.io/hosts.toml", "hosts.toml"),
    ("/etc/containers/registries.conf.d/docker-io-mirror.conf", "registries.conf"),
    ("/etc/containerd/config.toml", "containerd config"),
    ("/etc/distribution/config.yml", "distribution config"),
    ("buildkitd.toml", None),
    ("/etc/rancher/k3s/registries.yaml", None),
    ("/etc/gitlab-runner/config.toml", None),
])
def test_kind_of_a_block_by_its_title(title, kind):
    assert kind_of(block("x = 1", title)) == kind


def test_mirrors_in_daemon_json_become_local_registries_in_order():
    code = ('{\n  "registry-mirrors": ["https://registry-cache.example.internal",'
            ' "https://docker.m.daocloud.io", "http://cache.example.internal:5000"],\n'
            '  "insecure-registries": ["cache.example.internal:5000"]\n}')
    out = put_mirrors(Recipe("daemon.json", block(code, "/etc/docker/daemon.json", "json")),
                      mirrors())
    assert out == ('{\n  "registry-mirrors": ["https://127.0.0.1:1001", "https://127.0.0.1:1002",'
                   ' "http://127.0.0.1:2001"],\n  "insecure-registries": ["127.0.0.1:2001"]\n}')


def test_upstream_and_paths_are_kept_in_hosts_toml():
    code = ('server = "https://registry-1.docker.io"\n\n'
            '[host."https://harbor.example.com/v2/dockerhub-proxy"]\n  override_path = true\n')
    out = put_mirrors(Recipe("hosts.toml", block(
        code, "/etc/containerd/certs.d/docker.io/hosts.toml")), mirrors())
    assert 'server = "https://registry-1.docker.io"' in out
    assert '[host."https://127.0.0.1:1001/v2/dockerhub-proxy"]' in out


def test_an_insecure_registries_conf_mirror_gets_the_plain_http_registry():
    code = ('[[registry]]\nlocation = "docker.io"\n\n[[registry.mirror]]\n'
            'location = "registry-cache.example.internal:5000"\ninsecure = true\n\n'
            '[[registry.mirror]]\nlocation = "docker.m.daocloud.io"\n')
    out = put_mirrors(Recipe("registries.conf", block(
        code, "/etc/containers/registries.conf.d/docker-io-mirror.conf")), mirrors())
    assert 'location = "docker.io"' in out
    assert 'location = "127.0.0.1:2001"' in out
    assert 'location = "127.0.0.1:1001"' in out


def test_more_mirrors_than_local_registries_is_an_error():
    code = '{"registry-mirrors": ["https://a.example", "https://b.example", "https://c.example"]}'
    with pytest.raises(ValueError, match="more https mirrors than there are local registries"):
        put_mirrors(Recipe("daemon.json", block(code, "/etc/docker/daemon.json", "json")),
                    mirrors())


def test_cri_pull_request_is_the_protobuf_the_kubelet_sends():
    # PullImageRequest{image: ImageSpec{image: "busybox"}}: field 1, length 9, then
    # field 1, length 7, "busybox".
    assert pull_request("busybox") == b"\x0a\x09\x0a\x07busybox"
    long_name = "r/" + "a" * 200
    encoded = pull_request(long_name)
    assert encoded[:3] == b"\x0a\xcd\x01"  # 205 as a two-byte varint


def test_a_daemon_json_without_a_mirror_needs_a_reason_not_to_run():
    assert "Engine 23.0" in no_mirror_reason(block('{"proxies": {}}', "/etc/docker/daemon.json",
                                                   "json"))
    assert no_mirror_reason(block('{"log-driver": "local"}', "/etc/docker/daemon.json",
                                  "json")) == ""
