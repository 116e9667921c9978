"""Every validator fails on a fixture with its defect, naming file, line and reason."""

import re
from pathlib import Path

import pytest

from sitecheck.chinese import check_chinese_copy
from sitecheck.codeblocks import check_block
from sitecheck.data import DataError, command_table, word_list
from sitecheck.error_reference import check_error_index, check_error_reference, group_pages
from sitecheck.links import check_built_anchors, check_external_links, run_linkchecker
from sitecheck.pages import code_blocks
from sitecheck.parity import check_parity, compare_pair
from sitecheck.safety import check_page_safety
from sitecheck.serve import serve

FIXTURES = Path(__file__).with_name("fixtures")
BAD = FIXTURES / "bad"


def code_problems(name):
    return [p for block in code_blocks(BAD / name) for p in check_block(block)]


def assert_reported(problems, name, line, reason):
    """Some problem names the fixture `name`, its `line`, and contains `reason`."""
    text = [str(p) for p in problems]
    expected = f"tests/fixtures/bad/{name}:{line}: "
    assert any(p.startswith(expected) and reason in p for p in text), text


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("unlabelled-fence.md", 3, "has no language"),
        ("wrong-language.md", 3, "'ruby' is not one this site uses"),
        ("yaml-in-bash.md", 3, "holds YAML"),
        ("invalid-json.md", 6, "invalid JSON"),
        ("mirror-without-scheme.md", 5, "needs a scheme"),
        ("unknown-daemon-key.md", 5, "daemon.json has no key 'registry-mirror'"),
        ("en-dash-flag.md", 4, "en dash"),
        ("shell-syntax-error.md", 6, "bash -n"),
        ("prompt.md", 4, "no prompts"),
        ("unknown-option.md", 4, "option '--mirror'"),
        ("invalid-yaml.md", 6, "invalid YAML"),
        ("proxy-without-remoteurl.md", 5, "needs remoteurl"),
        ("harbor-proxy-component.md", 9, "component 'registry' is not one of core"),
        ("harbor-helm-proxy-key.md", 6, "values.yaml proxy section has no key 'https_proxy'"),
        ("invalid-toml.md", 6, "invalid TOML"),
        ("hosts-toml-bad-capability.md", 6, "capabilities must come from pull, resolve, push"),
        ("registries-conf-v1.md", 3, "v1 format"),
        ("buildkitd-scheme.md", 5, "without a scheme"),
        ("dead-host-in-code.md", 5, "hub-mirror.c.163.com is a dead host"),
        ("markdown-example-fails.md", 3, "list-marker line"),
        ("config-without-title.md", 3, "needs its file path as title"),
        ("containerd-mirrors.md", 8, "registry.mirrors is deprecated"),
        ("k3s-registries-unknown-key.md", 6, "mirror 'docker.io' has no key 'endpoints'"),
        ("k3s-registries-unknown-key.md", 12, "tls of config 'docker.m.daocloud.io' has no key 'ca'"),
    ],
)
def test_code_block_check_fails_with_file_line_and_reason(name, line, reason):
    assert_reported(code_problems(name), name, line, reason)


@pytest.mark.parametrize(
    ("title", "toml"),
    [("/etc/gitlab-runner/config.toml",
      'concurrent = 4\n\n[[runners]]\n  name = "docker"\n  url = "https://gitlab.com/"\n'
      '  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n'),
     ("~/.config/containerd/config.toml",
      '[plugins."io.containerd.grpc.v1.cri".containerd]\n  snapshotter = "overlayfs"\n')],
)
def test_a_config_toml_that_is_not_containerds_cri_config_is_not_checked_as_one(tmp_path, title, toml):
    page = tmp_path / "page.md"
    page.write_text(f'Intro\n\n```toml title="{title}"\n{toml}```\n', encoding="utf-8")
    assert [p for block in code_blocks(page) for p in check_block(block)] == []


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("remote-image.md", 3, "remote image https://cdn.example.com/diagram.png"),
        ("remote-script.md", 3, "raw <script> element"),
        ("inline-script.md", 3, "raw <script> element"),
        ("event-handler.md", 3, "inline event handler onclick="),
        ("javascript-url.md", 3, "javascript: URL"),
        ("iframe.md", 3, "raw <iframe> element"),
        # Caught on the rendered HTML: forms the Markdown itself does not show as such.
        ("reference-javascript-link.md", 5, "javascript: URL"),
        ("reference-remote-image.md", 5, "remote image https://cdn.example.com/diagram.png"),
        ("entity-javascript-url.md", 3, "javascript: URL"),
        ("remote-srcset.md", 3, "remote image https://cdn.example.com/diagram@2x.png"),
        ("style-url.md", 3, "remote asset https://cdn.example.com/bg.png in a style"),
        ("style-url.md", 6, "remote asset //cdn.example.com/tile.png in a style"),
        ("attr-list-handler.md", 3, "inline event handler onmouseover="),
    ],
)
def test_safety_check_fails_with_file_line_and_reason(name, line, reason):
    assert_reported(check_page_safety(BAD / name), name, line, reason)


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [("dead-host-link.md", 1, "dashboard.daocloud.io is a dead host"),
     ("plain-http-link.md", 1, "http://www.example.org/post: use https"),
     ("reference-plain-http-link.md", 3, "http://www.example.org/post: use https")],
)
def test_external_link_form_check_fails(name, line, reason):
    assert_reported(check_external_links(BAD / name), name, line, reason)


def test_code_inline_and_fenced_is_exempt_from_safety_and_link_checks(tmp_path):
    page = tmp_path / "ok.md"
    page.write_text("Use `<script>`, `[x](javascript:y)` or `http://x` in text.\n\n"
                    "```markdown\n<iframe src=\"https://x.example.com\"></iframe>\n"
                    "![d](https://cdn.example.com/d.png)\n[http](http://example.org)\n```\n")
    assert check_page_safety(page) == [] and check_external_links(page) == []


def test_each_finding_names_its_own_line_when_the_same_thing_occurs_twice(tmp_path):
    page = tmp_path / "twice.md"
    page.write_text("<script>a()</script>\n\nText.\n\n<script>b()</script>\n")
    assert [p.line for p in check_page_safety(page)] == [1, 5]


def test_a_page_that_does_not_render_is_reported_at_its_line(tmp_path):
    page = tmp_path / "notice.md"
    page.write_text("---\ntitle: T\n---\n\nIntro\n\n- >>> on the marker line\n")
    problems = [str(p) for p in check_page_safety(page)]
    assert len(problems) == 1 and problems[0].endswith(
        "notice.md:7: page does not render: a notice cannot start on a list-marker line; "
        "put it on its own line below the item, indented four spaces"), problems


def test_parity_names_the_missing_page_and_each_difference():
    problems = [str(p) for p in check_parity(FIXTURES / "bad-parity" / "docs")]
    def has(fragment):
        return any(fragment in p for p in problems)
    assert has("docs/guide/only-zh.zh.md:1: page exists in zh only"), problems
    assert has("only-zh.en.md is missing"), problems
    assert has("qa/index.en.md:7: explicit ids differ") and has("'en-only-id' vs 'zh-only-id'"), problems
    assert has("guide/page.en.md:3: images differ"), problems
    # a per-language pair (pair.zh.svg / pair.en.svg) is accepted, the other language's
    # image or a missing half of a pair is not
    assert not any("pair." in p for p in problems), problems
    assert has("guide/crossed.en.md:3: images differ") and has("'../assets/crossed.zh.svg' vs"), problems
    assert has("guide/lost.en.md:3: image '../assets/lost.en.svg' does not exist"), problems
    assert has("guide/page.en.md:5: code blocks differ"), problems


def test_markdown_examples_are_compared_by_number_and_place_only(tmp_path):
    zh, en = tmp_path / "page.zh.md", tmp_path / "page.en.md"
    zh.write_text('# 页面\n\n```markdown\n!!! tip "提示"\n    中文示例\n```\n\n'
                  "```bash\ndocker info\n```\n", encoding="utf-8")
    en.write_text('# Page\n\n```markdown\n!!! tip "Tip"\n    An English example\n```\n\n'
                  "```bash\ndocker info\n```\n", encoding="utf-8")
    assert compare_pair(zh, en) == []
    en.write_text("# Page\n\n```bash\ndocker info\n```\n\n```markdown\nAn example\n```\n",
                  encoding="utf-8")
    assert [str(p) for p in compare_pair(zh, en)] == [
        f"{en}:3: code blocks differ from {zh}:3: ('bash', '', 'docker info') vs ('markdown',)"]


def test_linkchecker_reports_a_broken_link():
    with serve(FIXTURES / "bad-site") as url:
        result = run_linkchecker(url)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "missing/" in output, output


def test_anchor_check_reports_a_fragment_its_page_lacks_and_nothing_else():
    assert check_built_anchors(FIXTURES / "bad-site") == ["/index.html -> en/#no-such-anchor"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("docker tag: --force\n", "docker tag: options must be a list"),
     ("docker pull: [--quiet, not an option]\n", "docker pull: options must be a list"),
     ("- docker\n", "must be a mapping")],
)
def test_command_table_with_a_wrong_shape_is_refused_naming_the_line(tmp_path, text, reason):
    path = tmp_path / "command-options.yaml"
    path.write_text("# comment\n" + text, encoding="utf-8")
    with pytest.raises(DataError, match=reason) as error:
        command_table(path)
    assert str(error.value).startswith("command-options.yaml")


def test_word_list_names_the_line_of_a_malformed_entry(tmp_path):
    path = tmp_path / "dead-hosts.txt"
    path.write_text("# hosts\nold.example.com\nhttps://with-scheme.example.com\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"dead-hosts.txt:3: 'https://with-scheme.example.com'"):
        word_list(path, re.compile(r"[a-z0-9.-]+\.[a-z]+"), "a host name")


def test_chinese_copy_check_names_each_line_and_skips_code():
    name = "chinese-spacing.zh.md"
    problems = check_chinese_copy(BAD / name)
    assert_reported(problems, name, 3, "用 docker 拉取镜像")
    assert_reported(problems, name, 5, "这就是“配了加速器还是慢”最常见的原因")
    assert_reported(problems, name, 7, "no space between Chinese and bold text")
    assert [p.line for p in problems] == [3, 5, 7], [str(p) for p in problems]


def test_error_reference_check_names_each_section_missing_a_quote_source_or_id():
    name = "error-reference.en.md"
    problems = check_error_reference(BAD / name)
    assert_reported(problems, name, 15, "quotes no message in a text block")
    assert_reported(problems, name, 21, "names no source")
    assert_reported(problems, name, 29, "needs an explicit id")
    assert len(problems) == 3, [str(p) for p in problems]


def test_error_index_check_names_each_entry_that_would_not_forward_an_old_address():
    directory = BAD / "error-index"
    problems = check_error_index(directory / "index.en.md", group_pages(directory, "en"))
    index = "error-index/index.en.md"
    assert_reported(problems, index, 6, "the link's id 'old-second' must be its fragment")
    assert_reported(problems, index, 7, "the entry's title must be the heading's")
    assert_reported(problems, index, 8, "a.md has no section {#gone}")
    assert_reported(problems, index, 9, "b.md is not a page of the error reference")
    assert_reported(problems, index, 10, "an index entry must read")
    assert_reported(problems, index, 14, "the entries for c.md must follow the order")
    assert_reported(problems, index, 16, "'one' is listed twice")
    assert_reported(problems, "error-index/a.en.md", 9, "'unlisted message' is not listed")
    assert len(problems) == 8, [str(p) for p in problems]


def test_a_k3s_endpoint_written_as_one_address_not_a_list_is_refused(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('Intro\n\n```yaml title="/etc/rancher/rke2/registries.yaml"\nmirrors:\n'
                    '  docker.io:\n    endpoint: "https://docker.m.daocloud.io"\n```\n',
                    encoding="utf-8")
    problems = [str(p) for block in code_blocks(page) for p in check_block(block)]
    assert len(problems) == 1 and "endpoint of mirror 'docker.io' must be a list" in problems[0]
    assert problems[0].startswith(f"{page}:6: "), problems


@pytest.mark.parametrize(("address", "problem"), [
    ("registry.example.internal:5000", "needs its scheme written out"),
    ("ftp://registry.example.internal", "needs its scheme written out"),
    ("https://:5000", "has no host"),
    ("https://harbor.example.com/dockerhub-proxy", "has the path '/dockerhub-proxy'"),
])
def test_a_k3s_endpoint_address_k3s_would_read_otherwise_is_refused(tmp_path, address, problem):
    page = tmp_path / "page.md"
    page.write_text('Intro\n\n```yaml title="/etc/rancher/k3s/registries.yaml"\nmirrors:\n'
                    '  docker.io:\n    endpoint:\n      - "https://docker.m.daocloud.io"\n'
                    f'      - "{address}"\n```\n', encoding="utf-8")
    problems = [str(p) for block in code_blocks(page) for p in check_block(block)]
    assert len(problems) == 1 and problem in problems[0], problems
    assert problems[0].startswith(f"{page}:8: "), problems


@pytest.mark.parametrize("address", ["https://docker.m.daocloud.io", "http://10.0.0.5:5000",
                                     "https://harbor.example.com/v2/dockerhub-proxy",
                                     "https://mirror.example.com/v2"])
def test_a_k3s_endpoint_address_with_its_scheme_and_api_path_passes(tmp_path, address):
    page = tmp_path / "page.md"
    page.write_text('Intro\n\n```yaml title="/etc/rancher/k3s/registries.yaml"\nmirrors:\n'
                    f'  docker.io:\n    endpoint:\n      - "{address}"\n```\n',
                    encoding="utf-8")
    assert [str(p) for block in code_blocks(page) for p in check_block(block)] == []


def test_a_k3s_problem_under_a_quoted_host_names_that_host_s_line(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('Intro\n\n```yaml title="/etc/rancher/k3s/registries.yaml"\nmirrors:\n'
                    '  docker.io:\n    endpoint: ["https://a.example.com"]\nconfigs:\n'
                    '  "a.example.com": "oops"\n```\n', encoding="utf-8")
    problems = [str(p) for block in code_blocks(page) for p in check_block(block)]
    assert problems == [f"{page}:8: registries.yaml: config 'a.example.com' must be a mapping"]
