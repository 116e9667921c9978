"""Fixtures: one strict build of the site per test session, served on 127.0.0.1, and Debian's
Chromium driven by Playwright. Helpers that tests import live in the sitecheck package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitecheck.build import build_site
from sitecheck.chromium import CHROMIUM_ARGS, chromium_executable
from sitecheck.pages import ROOT
from sitecheck.serve import serve


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}{result.stderr}"
    return site


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
