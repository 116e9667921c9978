"""The search ranking's own unit tests (tests/js/*.test.js, node's test runner) run from
pytest, so that `make test` covers them: a failing JS test fails this test with node's
report. Without node they skip locally and fail in CI (CI=true)."""

import os
import shutil
import subprocess

import pytest

from sitecheck.pages import ROOT

JS_TESTS = [ROOT / "tests" / "js" / "ranking.test.js"]  # generator.test.js: test_generator.py


def test_there_are_js_tests():
    assert all(path.is_file() for path in JS_TESTS), JS_TESTS


def test_the_ranking_passes_its_unit_tests():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed, and the ranking's unit tests must run in CI")
        pytest.skip("node is not installed: the ranking's unit tests (tests/js/) skipped")
    result = subprocess.run([node, "--test", *map(str, JS_TESTS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"node --test failed:\n{result.stdout}{result.stderr}"
    assert "# fail 0" in result.stdout, result.stdout
