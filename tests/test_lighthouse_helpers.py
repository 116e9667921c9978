"""The Lighthouse helpers behind the budget tests and the benchmark: the comparison site
without the theme's script, and the medians. The benchmark asserts nothing itself, so its
arithmetic is checked here."""

import pytest

from sitecheck import lighthouse


def test_without_theme_script_removes_materials_bundle_and_nothing_else(built_site, tmp_path):
    bare = tmp_path / "bare"
    lighthouse.without_theme_script(built_site, bare)
    for page in ("index.html", "en/qa/index.html"):
        before = (built_site / page).read_text(encoding="utf-8")
        after = (bare / page).read_text(encoding="utf-8")
        assert "assets/javascripts/bundle." in before
        assert "assets/javascripts/bundle." not in after
        assert 'id="__config"' in after and "md-content" in after
        assert len(before) - len(after) < 120  # one script tag, not the page


def test_without_theme_script_refuses_a_site_that_never_loads_the_bundle(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><script src=other.js></script></body></html>")
    with pytest.raises(RuntimeError, match="bundle"):
        lighthouse.without_theme_script(site, tmp_path / "bare")


def _report(performance: float, tbt: float, failed: tuple[str, ...] = ()) -> dict:
    categories = {c: {"score": 1.0} for c in lighthouse.CATEGORIES}
    categories["performance"] = {"score": performance}
    audits = {audit: {"id": audit, "numericValue": 0.0} for audit in lighthouse.METRICS.values()}
    audits["total-blocking-time"] = {"id": "total-blocking-time", "numericValue": tbt}
    for name in failed:
        audits[name] = {"id": name, "scoreDisplayMode": "binary", "score": 0}
    return {"categories": categories, "audits": audits}


def test_summary_reports_medians_and_the_range():
    summary = lighthouse.summarize([_report(0.91, 300), _report(0.97, 120), _report(0.95, 150)])
    assert summary["performance"] == pytest.approx(95)
    assert summary["TBT"] == 150
    assert summary["seo"] == 100
    assert summary["perf_range"] == "95 [91-97]"


def test_failing_audits_are_collected_once_across_runs():
    reports = [_report(0.9, 0, ("image-alt",)), _report(0.9, 0, ("image-alt", "html-has-lang"))]
    assert lighthouse.failing_audits(reports) == ["html-has-lang", "image-alt"]
