"""The Content Security Policy (hooks/csp.py): every page carries one that names the hash of
each of its inline scripts and styles, and in Chromium the site runs under it with no
violation, searching included; a page with an inline script the policy does not name sees it
blocked."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from hooks.csp import inline_scripts, policy, refused, sha256, uncovered, with_policy
from sitecheck.serve import serve

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>t</title>
<script>var a = 1;</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script type="application/ld+json">{"@type": "FAQPage"}</script>
<script src="assets/x.js"></script>
<script data-src="x" data-type="application/json">var c = 3;</script>
<style>p { color: red }</style>
</head><body><template><script>var b = 2;</script></template></body></html>
"""


def test_the_policy_names_the_hash_of_each_inline_script_and_style():
    assert inline_scripts(PAGE) == ["var a = 1;", "var c = 3;", "var b = 2;"]  # no JSON, src=
    text = with_policy(PAGE)
    head = text.split("<title>")[0]
    assert head.endswith(f'<meta http-equiv="Content-Security-Policy" '
                         f'content="{policy(PAGE)}">\n')  # right after the charset
    for block in ("var a = 1;", "var b = 2;", "var c = 3;", "p { color: red }"):
        assert sha256(block) in policy(PAGE)
    assert sha256('{"base": "."}') not in policy(PAGE)
    assert "unsafe" not in policy(PAGE)
    assert uncovered(text) == []
    assert with_policy(text) == text  # a second pass replaces the policy, adds none


def test_an_inline_script_without_its_hash_is_found():
    text = with_policy(PAGE).replace("</body>", "<script>alert(1)</script></body>")
    assert uncovered(text) == ["alert(1)"]
    assert uncovered(PAGE) == ["var a = 1;", "var c = 3;", "var b = 2;",
                              "p { color: red }"]  # no policy


def test_what_no_hash_can_allow_is_found():
    page = ('<p style="color: red">x</p><img src="a.svg" onerror="alert(1)" alt="">'
            '<a href="javascript:void(0)">y</a><p>style="not an attribute"</p>'
            '<code>&lt;div onclick="x"&gt;</code>')
    assert refused(page) == ['style="color: red', 'onerror="alert(1)']
    assert refused(PAGE) == []


def test_the_known_hash_of_an_inline_script():
    # The example of the CSP spec's "hash-source": alert('Hello, world.');
    assert sha256("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_every_built_page_has_a_policy_that_covers_its_inline_blocks(built_site):
    """...and no handler or style attribute, which no hash covers."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    problems = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' not in text:
            problems[page.relative_to(built_site).as_posix()] = "no policy"
        elif missing := uncovered(text) + refused(text):
            problems[page.relative_to(built_site).as_posix()] = missing
    assert not problems


# In Chromium ---------------------------------------------------------------------------

VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile
                           + ":" + e.lineNumber);
});"""


@pytest.fixture(scope="module")
def pages_url(built_site):
    with serve(built_site, github_pages=True) as url:
        yield url


@pytest.fixture
def csp_tab(browser):
    """A tab that records CSP violations (events and console messages) from its first script
    on: the recorder is injected by the browser, outside the page's policy."""
    context = browser.new_context()
    tab = context.new_page()
    tab.add_init_script(VIOLATIONS)
    tab.messages = []
    tab.on("console", lambda m: m.type in ("error", "warning") and tab.messages.append(m.text))
    tab.on("pageerror", lambda e: tab.messages.append(str(e)))
    yield tab
    context.close()


def violations(tab) -> list[str]:
    return tab.evaluate("window.__violations") + [
        m for m in tab.messages if "Content Security Policy" in m or "Refused to" in m]


@pytest.mark.browser
@pytest.mark.parametrize(("page", "query"), [
    ("", "加速器"), ("qa/", None), ("guide/errors/", None), ("guide/errors/network/", None),
    ("en/", "daemon.json"), ("en/qa/", None), ("en/guide/errors/", None),
    ("en/guide/errors/refused/", None),
    ("missing/page/", None), ("en/missing/", None),
    # the pages with scripts or tables of their own: the set-up generator (a runtime chosen,
    # so that every output is drawn) and the mirror status
    ("guide/generator/?runtime=containerd-1&mirror=http://10.0.0.5:5000&existing=1", None),
    ("en/guide/generator/?runtime=k3s", None), ("guide/public-mirrors/", None),
    ("en/guide/mirror-changes/", None),
])
def test_pages_run_under_their_policy_without_a_violation(csp_tab, pages_url, page, query):
    """The 404 page as GitHub Pages serves it, for a missing path in each language."""
    from sitecheck.search_eval import search

    response = csp_tab.goto(pages_url + page, wait_until="networkidle")
    assert response.status == (404 if "missing" in page else 200)
    assert csp_tab.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert csp_tab.evaluate("typeof __md_get") == "function"  # Material's inline script ran
    # once the worker has indexed the site, as sitecheck.search_eval.open_search: before that,
    # on a busy machine, Material's script may still be setting up the box that Ctrl+K opens
    csp_tab.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/初始化|Initializing/i.test(m.textContent); }")
    if query:
        assert search(csp_tab, query, timeout=20), f"no result for {query!r}"
        csp_tab.locator("[data-md-component=search-share]").click()  # href="javascript:..."
        csp_tab.keyboard.press("Escape")
    csp_tab.keyboard.press("Control+k")  # reader.js ran: the search box opens
    # Material opens the box from its focus handler; on the error reference, the heaviest
    # page, that can take seconds on a busy two-core machine
    csp_tab.wait_for_function("() => document.getElementById('__search').checked",
                              timeout=20000)
    assert violations(csp_tab) == []
    status = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert [m for m in csp_tab.messages if not ("missing" in page and m == status)] == []


@pytest.mark.browser
def test_an_inline_script_without_its_hash_is_blocked(csp_tab, site_url, built_site):
    """A copy of a built page with one more inline script: the policy blocks it. The copy is
    served in place of the page, so the rest of the site is untouched."""
    text = (built_site / "qa" / "index.html").read_text(encoding="utf-8")
    text = text.replace("</body>", "<script>window.__injected = true;</script></body>")
    csp_tab.route(site_url + "qa/", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=text))
    csp_tab.goto(site_url + "qa/", wait_until="networkidle")
    assert csp_tab.evaluate("window.__injected") is None
    # the violation event is queued as a task, which may run after network idle on a busy machine
    with contextlib.suppress(PlaywrightTimeout):  # the assertion says what was recorded instead
        csp_tab.wait_for_function(
            "() => window.__violations.some(v => v.startsWith('script-src-elem inline'))",
            timeout=5000)
    assert any(v.startswith("script-src-elem inline") for v in violations(csp_tab)), \
        violations(csp_tab)
    assert csp_tab.evaluate("typeof __md_get") == "function"  # the hashed ones still ran


@pytest.mark.browser
def test_material_features_run_under_the_policy(csp_tab, site_url):
    """What a reader does on a page, under its policy: content tabs, the copy button, the
    colour toggle, the back-to-top button, the table of contents following the scroll."""
    csp_tab.goto(site_url + "en/guide/containerd/", wait_until="networkidle")
    labels = csp_tab.locator(".tabbed-labels label")
    assert labels.count() >= 2
    labels.nth(1).click()
    copy = csp_tab.locator("button.md-code__button:visible").first
    copy.hover()
    copy.click()
    csp_tab.locator("form[data-md-component=palette] label:visible").first.click()
    csp_tab.mouse.wheel(0, 4000)
    csp_tab.wait_for_timeout(300)
    csp_tab.mouse.wheel(0, -1000)
    csp_tab.wait_for_timeout(300)
    csp_tab.locator(".md-top").click()
    csp_tab.wait_for_timeout(300)
    assert violations(csp_tab) == []
    assert csp_tab.messages == []


def test_browser_waits_pass_a_function_the_policy_lets_run():
    """Playwright runs a `wait_for_function` expression that is not a function with eval()
    while it polls, which the policy refuses (no 'unsafe-eval'): a wait that needs more than
    one try then fails with an EvalError. A function ("() => ...") is not evaluated so."""
    import re

    from sitecheck.pages import ROOT

    call = re.compile(r"""wait_for_function\(\s*f?(["'])(.*?)\1""", re.S)
    found = []
    for path in sorted([*ROOT.glob("tests/*.py"), *ROOT.glob("sitecheck/**/*.py"),
                        *ROOT.glob("bench/*.py")]):
        text = path.read_text(encoding="utf-8")
        for match in call.finditer(text):
            if not re.match(r"\s*(\(\)|\w+|\(\w+\))\s*=>|\s*function\b", match[2]):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match[2][:60]!r}")
    assert not found, "wait_for_function needs a function under the CSP:\n" + "\n".join(found)
