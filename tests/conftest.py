"""Fixtures: one strict build of the site per test session, served on 127.0.0.1, Debian's
Chromium driven by Playwright, and real MkDocs pages for the hooks' glue. Helpers that tests
import live in the sitecheck package."""

from __future__ import annotations

import fcntl
import os
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sitecheck.build import build_site
from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable
from sitecheck.pages import ROOT
from sitecheck.serve import serve

# The slowest test files first: with one worker per core (make test), each file runs on one
# worker, and a slow file that starts last would run alone at the end.
SLOW_FILES_FIRST = ("test_search.py", "test_lighthouse.py", "test_runtime.py", "test_browser.py",
                    "test_generator.py", "test_csp.py", "test_freshness.py", "test_offline.py")



def require_runtimes(tests: str) -> None:
    """Skip `tests` (fail them in CI, where they must run) without root or Debian's runtimes."""
    from sitecheck.runtime.daemons import missing_executables

    problems = missing_executables()
    if os.geteuid() != 0:
        problems.append("root (dockerd and containerd need it)")
    if problems:
        message = f"{tests} need " + ", ".join(problems)
        if os.environ.get("CI") == "true":
            pytest.fail(message + ", and they must run in CI")
        pytest.skip(message + f": {tests} skipped")

def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.path.name
        return SLOW_FILES_FIRST.index(name) if name in SLOW_FILES_FIRST else len(SLOW_FILES_FIRST)
    items.sort(key=rank)  # stable: the order within a file and among the others is kept


def pytest_terminal_summary(terminalreporter):
    """The test files that took longest, setup and teardown included (summed over their tests,
    whichever worker ran them): what README's note on the suite's time quotes."""
    seconds: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if hasattr(report, "nodeid") and hasattr(report, "duration"):
                name = report.nodeid.split("::")[0]
                seconds[name] = seconds.get(name, 0.0) + report.duration
    if seconds:
        slowest = sorted(seconds.items(), key=lambda item: -item[1])[:8]
        terminalreporter.write_sep("=", f"slowest files ({sum(seconds.values()):.0f} s of "
                                        "test time in all)")
        for name, total in slowest:
            terminalreporter.write_line(f"{total:8.1f}s {name}")


def built_once(tmp_path_factory, name: str, build: Callable[[Path], str | None]) -> Path:
    """The directory `name` that `build(directory)` makes, made once for the whole run: with
    several workers (pytest -n), the first that needs it builds it under a lock in the
    directory the workers share, the others wait for it and read the same files. `build`
    returns None, or what went wrong, which fails every test that needs the directory."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's directory, above each worker's own
    directory = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        failed = shared / f"{name}.failed"
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"))
        if not (shared / f"{name}.done").exists():
            try:
                problem = build(directory)
            except (RuntimeError, OSError, subprocess.SubprocessError, zipfile.BadZipFile) as error:
                # recorded, so that the other workers do not build it again
                problem = f"building {name} failed: {type(error).__name__}: {error}"
            if problem:
                failed.write_text(problem, encoding="utf-8")
                pytest.fail(problem)
            (shared / f"{name}.done").touch()
    return directory


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """One strict build for the whole run, shared by the workers."""
    def build(site: Path) -> str | None:
        result = build_site(ROOT, site)
        return (f"strict build failed:\n{result.stdout}{result.stderr}"
                if result.returncode != 0 else None)
    return built_once(tmp_path_factory, "built-site", build)


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> Path:
    """The offline copy (`make offline`) unzipped, built once for the whole run and shared by
    the workers (test_offline.py and the generator's offline test read it; neither writes)."""
    from sitecheck.offline import FOLDER, build_offline

    def build(directory: Path) -> str | None:
        archive = build_offline(directory.with_name("offline.zip"))
        with zipfile.ZipFile(archive) as zipped:
            tops = {name.split("/", 1)[0] for name in zipped.namelist()}
            if tops != {FOLDER}:
                return f"the offline zip holds {sorted(tops)}, not the one folder {FOLDER}"
            zipped.extractall(directory)
        return None
    return built_once(tmp_path_factory, "offline-copy", build) / FOLDER


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed, and browser tests must run in CI")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): "
                    "browser tests skipped")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def mkdocs_page(tmp_path):
    """A factory of real MkDocs pages: `mkdocs_page(src_uri, text, hooks)` writes `text` to
    docs/`src_uri`, loads a config whose `hooks` are the named files of hooks/, and reads
    the page as a build does. Returns (page, config, files); run an event with
    `config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)`."""
    def make(src_uri: str, text: str, hooks: tuple[str, ...] = ()):
        docs = tmp_path / "docs"
        (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / src_uri).write_text(text, encoding="utf-8")
        config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
        config.load_dict({"site_name": "Test", "docs_dir": str(docs),
                          "site_dir": str(tmp_path / "site"),
                          "hooks": [str(ROOT / "hooks" / name) for name in hooks]})
        errors, warnings = config.validate()
        assert not errors and not warnings, (errors, warnings)
        file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
        page = Page(None, file, config)
        page.read_source(config)
        return page, config, Files([file])
    return make
