"""Search in Material's own search box, in Chromium, in the reader's language."""

import re

import pytest

from sitecheck.search_eval import Query, evaluate, read_queries, search

pytestmark = pytest.mark.browser
QUERIES = read_queries()


@pytest.fixture(scope="module")
def outcomes(browser, built_site, site_url):
    return evaluate(browser, built_site, site_url, QUERIES)


def test_every_query_is_answered_in_the_first_three_results(outcomes):
    missed = [f"{o.query.language} {o.query.text!r}: {o.results}" for o in outcomes if not o.hit_at_3]
    assert len(outcomes) == len(QUERIES) >= 16
    assert not missed, "\n".join(missed)


def test_no_result_in_the_first_three_is_in_the_other_language(outcomes):
    wrong = [f"{o.query.text!r}: {o.wrong_language}" for o in outcomes if o.wrong_language]
    assert not wrong, "\n".join(wrong)


def variants(query: Query) -> list[Query]:
    """The same question typed differently: other letter case, spaces between Latin and
    Han characters removed or added."""
    texts = {query.text.upper(), query.text.title()}
    if query.language == "zh":
        texts.add(re.sub(r"\s+", "", query.text))
        texts.add(re.sub(r"(?<=[A-Za-z.])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z])", " ",
                         query.text))
    return [Query(query.language, text, query.pattern) for text in sorted(texts - {query.text})]


def test_case_and_spacing_do_not_change_the_answers(browser, built_site, site_url, outcomes):
    original = {o.query.text: o.results for o in outcomes}
    pairs = [(q, v) for q in QUERIES for v in variants(q)]
    differing = []
    typed = evaluate(browser, built_site, site_url, [variant for _, variant in pairs])
    for (source, variant), outcome in zip(pairs, typed, strict=True):
        if outcome.results != original[source.text]:
            differing.append(f"{variant.text!r} gave {outcome.results}, "
                             f"{source.text!r} gave {original[source.text]}")
    assert not differing, "\n".join(differing)


def test_search_follows_the_reader_across_a_language_switch(browser, site_url):
    tab = browser.new_page()
    tab.goto(site_url + "guide/verify/", wait_until="networkidle")
    tab.wait_for_timeout(1500)
    results = search(tab, "docker info")
    assert results and all(not r.startswith("/en/") for r in results), results
    tab.keyboard.press("Escape")
    tab.locator("div.md-select").first.hover()
    tab.locator("a.md-select__link[hreflang=en]").click()
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(1500)
    results = search(tab, "docker info")
    assert results and all(r.startswith("/en/") for r in results), results
    tab.close()
