"""The Lighthouse helpers behind the budget tests and the benchmark: the medians and the
comparison with the anchor build. The benchmark asserts nothing itself, so its arithmetic
is checked here."""

import re

import pytest

from sitecheck import lighthouse


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


def test_summary_of_performance_only_reports():
    reports = [_report(0.9, 10), _report(0.8, 20)]
    for report in reports:
        report["categories"] = {"performance": report["categories"]["performance"]}
    summary = lighthouse.summarize(reports)
    assert "seo" not in summary and summary["perf_runs"] == [90, 80]


def _summary(*scores: float, kilobytes: float = 100) -> dict:
    reports = [_report(score, 0) for score in scores]
    for report in reports:
        report["audits"]["total-byte-weight"]["numericValue"] = kilobytes * 1000
    return lighthouse.summarize(reports)


def test_a_page_within_run_to_run_noise_of_the_anchor_passes():
    versus = lighthouse.compare(_summary(0.95, 0.97, 0.93, kilobytes=75),
                                _summary(0.96, 0.97, 0.96))
    assert versus["noise"] == 4 and versus["within_noise"]
    assert versus["score_ratio"] == pytest.approx(95 / 96)
    assert versus["bytes_ratio"] == pytest.approx(0.75)


def test_a_page_slower_than_the_anchor_beyond_the_noise_is_flagged():
    versus = lighthouse.compare(_summary(0.88, 0.89, 0.89), _summary(0.97, 0.98, 0.97))
    assert versus["difference"] == pytest.approx(-8) and versus["noise"] == 1
    assert not versus["within_noise"]


def test_identical_scores_have_a_noise_of_at_least_one_point():
    versus = lighthouse.compare(_summary(0.97, 0.97), _summary(0.98, 0.98))
    assert versus["noise"] == 1 and versus["within_noise"]


def test_defaults_build_drops_hooks_features_and_overrides_but_keeps_the_content():
    from bench.material_defaults import defaults_overrides
    from sitecheck.config import load_site_config

    ours = load_site_config()
    anchor = load_site_config(**defaults_overrides())
    assert ours.hooks and not anchor.hooks
    assert ours.theme["features"] and not anchor.theme["features"]
    assert ours.theme.custom_dir and not anchor.theme.custom_dir
    assert anchor.theme["font"] is False and not anchor.extra_css
    assert anchor.nav == ours.nav and anchor.docs_dir == ours.docs_dir
    plugins = lambda config: [name for name in config.plugins if not name.startswith("hooks/")]
    assert plugins(anchor) == plugins(ours) and "i18n" in plugins(ours)
    assert anchor.markdown_extensions == ours.markdown_extensions


def test_failing_audits_are_collected_once_across_runs():
    reports = [_report(0.9, 0, ("image-alt",)), _report(0.9, 0, ("image-alt", "html-has-lang"))]
    assert lighthouse.failing_audits(reports) == ["html-has-lang", "image-alt"]


# The verdict ------------------------------------------------------------------------------

def test_five_runs_all_better_than_five_are_ahead_and_all_worse_behind():
    assert lighthouse.verdict([99, 99, 100, 98, 99], [90, 91, 92, 93, 94]) == "ahead"
    assert lighthouse.verdict([90, 91, 92, 93, 94], [99, 99, 100, 98, 99]) == "behind"


def test_overlapping_runs_are_level():
    assert lighthouse.verdict([97, 99, 92, 100, 98], [98, 100, 95, 99, 97]) == "level"
    assert lighthouse.verdict([99] * 5, [99] * 5) == "level"  # all tied


def test_the_verdict_needs_more_than_one_run_to_say_behind():
    # one run each: p = 1/2 either way, never below 0.05
    assert lighthouse.verdict([80], [100]) == "level"


def test_the_boundary_of_five_runs_each():
    # U = 4 pairs of 25 where ours is higher (p = 12/252 = 0.048): behind; U = 5 (19/252): level
    anchor = [10, 20, 30, 40, 50]
    assert lighthouse.verdict([5, 12, 13, 14, 15], anchor) == "behind"
    assert lighthouse.verdict([11, 12, 13, 14, 15], anchor) == "level"


def test_page_verdicts_judge_the_score_and_tbt_where_less_is_better():
    def summary(scores, tbts):
        reports = [_report(score, tbt) for score, tbt in zip(scores, tbts, strict=True)]
        for report in reports:
            report["audits"]["total-byte-weight"]["numericValue"] = 1000
        return lighthouse.summarize(reports)
    ours = summary([0.99, 0.98, 0.99, 0.97, 0.98], [300, 310, 320, 330, 340])
    anchor = summary([0.98, 0.99, 0.97, 0.99, 0.98], [100, 110, 120, 130, 140])
    verdicts = lighthouse.page_verdicts({"a/": (ours, anchor), "b/": (anchor, ours)})
    assert verdicts == {"score": {"a/": "level", "b/": "level"},
                        "TBT": {"a/": "behind", "b/": "ahead"}}
    assert lighthouse.compare(ours, anchor)["bytes_ratio"] == 1.0


def test_holm_rejects_in_order_while_each_p_is_under_its_share():
    # m = 4: thresholds 0.0125, 0.0167, 0.025, 0.05 from the smallest
    assert lighthouse.holm({"a": 0.01, "b": 0.016, "c": 0.024, "d": 0.049}) == {"a", "b", "c", "d"}
    assert lighthouse.holm({"a": 0.01, "b": 0.03, "c": 0.001, "d": 0.5}) == {"a", "c"}
    # the step-down stops at the first p over its share, even when a later one is small enough
    assert lighthouse.holm({"a": 0.013, "b": 0.014, "c": 0.015, "d": 0.016}) == set()
    assert lighthouse.holm({}) == set()


def test_a_page_behind_alone_is_level_among_eight_unless_every_run_is_worse():
    anchor = [10, 20, 30, 40, 50]
    level = {f"page{i}": ([11, 21, 31, 41, 51], anchor) for i in range(7)}
    # U = 4 of 25 (p = 0.048): behind for one page alone, level among eight
    assert lighthouse.verdict([5, 12, 13, 14, 15], anchor) == "behind"
    assert lighthouse.family_verdicts({**level, "x": ([5, 12, 13, 14, 15], anchor)})["x"] == "level"
    # every run worse (U = 0, p = 1/252 < 0.05/8): behind even among eight
    verdicts = lighthouse.family_verdicts({**level, "x": ([1, 2, 3, 4, 5], anchor)})
    assert verdicts["x"] == "behind" and set(verdicts.values()) == {"behind", "level"}
    assert lighthouse.family_verdicts({"x": (anchor, [1, 2, 3, 4, 5])}) == {"x": "ahead"}


def test_a_verdict_without_runs_is_refused():
    with pytest.raises(ValueError, match="at least one run"):
        lighthouse.verdict([], [1.0])


def test_the_two_sheets_variant_puts_material_s_sheets_back_in_place_of_the_joined_one():
    from bench.tbt_sources import MATERIAL_THEME, material_sheets

    page = ('<head><link rel="stylesheet" href="../assets/stylesheets/site.0123abcd.min.css">'
            "</head>")
    hrefs = re.findall(r'href="([^"]+)"', material_sheets(page))
    assert [h.split("/")[-1].split(".")[0] for h in hrefs] == ["main", "palette"]
    assert all(h.startswith("../assets/stylesheets/") for h in hrefs)
    assert all((MATERIAL_THEME / h.removeprefix("../")).is_file() for h in hrefs)
    with pytest.raises(ValueError, match="0 links to the site's joined sheet"):
        material_sheets("<head></head>")
