"""Search through Material's own search box, in Chromium, in the reader's language: the
authors' keyword queries, the real-question benchmark against its budget, pasted messages,
function words, hostile input and the no-result hint. Nothing here re-implements the
ranking: queries are typed into the box of the built site and the links shown are read, or,
for the real questions, answered by the box's own ranking module in node, with a sample typed
into the box that must show the same."""

import html
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from bench.search_engines import run_engines
from hooks.search_worker import _source, worker
from sitecheck.search_eval import (
    HELDOUT_QUERIES,
    HINT_MARKER,
    REAL_QUERIES,
    Outcome,
    Query,
    evaluate,
    judge,
    load_index,
    open_search,
    read_queries,
    score,
    search,
    search_links,
)

pytestmark = pytest.mark.browser
QUERIES = read_queries()
REAL = read_queries(REAL_QUERIES)
HELDOUT = read_queries(HELDOUT_QUERIES)
BUDGET = {"hit@3": 0.90, "hit@1": 0.70}  # per language, on the real questions (issue #12)
# The budget is met: 366 queries, zh hit@1 76%, hit@3 92%; en 76%, 92% (hit@3 was zh 89%,
# en 86% before the answers to its remaining misses were written); with the seventh round moved
# in (427 queries) zh 74%, 91%; en 74%, 91%, then zh 77%, 92%; en 77%, 91% once a question's
# score counted the share of its words a section holds; with the eighth round moved in (491
# queries) zh 75%, 89%; en 72%, 86%, then zh 81%, 93%; en 80%, 92% once its missing answers
# were written (2026-12-07); with the ninth round moved in (555 queries) and its answers written,
# zh 84%, 94%; en 81%, 92% (node engine, bench/run.py search-engines); with the tenth round moved
# in (619 queries) and its answers written, zh 83%, 94%; en 81%, 93%; with the eleventh (683)
# and its answers, zh 85%, 94%; en 83%, 93%; with the twelfth to fifteenth (939) and their
# answers, zh 90%, 96%; en 88%, 95%; with the sixteenth moved in (1,003) before its answers,
# zh 89%, 96%; en 87%, 95%, and after them zh 90%, 96%; en 89%, 95%; with the seventeenth and
# eighteenth (1,131) and their answers, zh 90%, 97%; en 89%, 95% (2026-12-08). The test
# fails below the
# budget, as issue #12 asks; `python bench/run.py search` prints the numbers.
# The held-out questions (never used for tuning, their misses never read): the third held-out set
# stood at zh hit@1 63%, hit@3 70%; en 47%, 63% when collected, zh 70%, 80%; en 47%, 67% now; the
# fifth round at zh 55%, 72%; en 40%, 78% when collected, zh 53%, 78%; en 42%, 80% now. Both
# together (140): zh 60%, 79%; en 44%, 74%. The sixth round, collected after the search became one
# component, stood at zh 67%, 89%; en 50%, 75% on first sight (34 queries). The three together
# (174) stood at zh 59%, 82%; en 43%, 74% on 2026-12-07, and at zh 66%, 82%; en 49%, 74% after
# the question ranking of that day, and at zh 69%, 83%; en 57%, 78% after the eighth round's
# answers were written (its misses read, these never), and at zh 72%, 85%; en 56%, 78% once a
# short Chinese question naming an error lost the error boost, and at zh 70%, 86%; en 58%, 78%
# after the tenth round's answers, and at zh 69%, 86%; en 58%, 74% after the eleventh's (node
# engine). A twelfth round (64) joined them on first sight: zh 78%, 91%; en 75%, 94%; all 238
# stood at zh 72%, 88%; en 63%, 80%. Each later round joined them on first sight and moved to the
# tuned set after it (the sixteenth to eighteenth on 2026-12-08); the nineteenth joined them on
# first sight (zh 62%, 84%; en 75%, 88%), 238 in all. Asserted a little below as a guard
# against a change that helps the benchmark by hurting everything else; do not tune against
# them (see the file's header).
HELDOUT_FLOOR = {"hit@3": 0.72, "hit@1": 0.42}


@pytest.fixture(scope="module")
def outcomes(browser, built_site, site_url):
    return evaluate(browser, built_site, site_url, QUERIES)


# The real questions are many (about 1,200): the site's ranker answers all of them, and the
# messages the error reference quotes, in node (bench/search_engines.js runs
# hooks/search_ranking.js, the module the box's worker runs, and lays the first results out as
# the box does), judged here as the browser judge does; a sample of them
# is typed into the box in Chromium and must show the same first three, so the numbers are the
# box's numbers. Typing all of them took two and a half minutes of the suite; every fourth (about
# 370 with the sixteenth round) took 80 s, every eighth (about 180) takes half that.
SAMPLE_EVERY = 8


def judged(query: Query, locations: list[str], sections: dict[str, str]) -> Outcome:
    """The ranker's first results for `query` in node (locations in its language's index),
    judged as the browser judge judges the links the box shows."""
    prefix = "/en/" if query.language == "en" else "/"
    return judge(query, [{"href": prefix + location, "heading": False}
                         for location in locations], sections)


@dataclass(frozen=True)
class Ranked:
    """What the ranker answered in node: every query of the two files in file order (`real`,
    `heldout`), and each message the error reference quotes with the section that quotes it
    (`pasted`: (location, outcome))."""
    real: list[Outcome]
    heldout: list[Outcome]
    pasted: list[tuple[str, Outcome]]


@pytest.fixture(scope="module")
def ranked(built_site, tmp_path_factory) -> Ranked:
    """One node run for everything the ranker answers: the tuned and held-out queries, and
    the messages the error reference quotes (both languages)."""
    quoted = [(language, location, message) for language in ("zh", "en")
              for location, message in quoted_messages(built_site,
                                                       "en/" if language == "en" else "")]
    assert not [m for _, _, m in quoted if "\t" in m]
    path = tmp_path_factory.mktemp("pasted") / "pasted.tsv"
    path.write_text("".join(f"{language}\terror\t{message}\t(?s).\thttps://example.invalid/\n"
                            for language, _, message in quoted), encoding="utf-8")
    report = json.loads(run_engines(built_site, [REAL_QUERIES, HELDOUT_QUERIES, path],
                                    "--json", "--engines=site", "--answers-only"))
    (engine,) = report["engines"]
    sections = {**load_index(built_site, ""), **load_index(built_site, "en/")}

    def outcomes(queries: list[Query], file: dict, name: str) -> list[Outcome]:
        assert [o["line"] for o in file["outcomes"]] == [q.line for q in queries], name
        return [judged(query, outcome["results"], sections)
                for query, outcome in zip(queries, file["outcomes"], strict=True)]

    real, heldout, pasted = engine["files"]
    return Ranked(real=outcomes(REAL, real, "real"),
                  heldout=outcomes(HELDOUT, heldout, "heldout"),
                  pasted=[(location, outcome) for (_, location, _), outcome
                          in zip(quoted, outcomes(read_queries(path), pasted, "pasted"),
                                 strict=True)])


@pytest.fixture(scope="module")
def real_outcomes(ranked):
    return ranked.real


def sample(queries: list[Query]) -> list[Query]:
    return queries[::SAMPLE_EVERY]


@pytest.fixture(scope="module")
def typed_sample(browser, built_site, site_url, pasted) -> list[Outcome]:
    """The sample of the real questions (tuned, then held-out) and of the quoted messages
    (below) typed into the box."""
    return evaluate(browser, built_site, site_url, sample(REAL) + sample(HELDOUT) +
                    sample([outcome.query for _, outcome in pasted]))


def misses(outcomes, test):
    return "\n".join(f"  {o.query.language} {o.query.kind} line {o.query.line}: "
                     f"{o.query.text[:80]!r} -> {o.results[:3]}" for o in outcomes if test(o))


# The authors' keyword queries --------------------------------------------------------------

def test_every_query_is_answered_in_the_first_three_results(outcomes):
    assert len(outcomes) == len(QUERIES) >= 16
    missed = misses(outcomes, lambda o: not o.hit_at_3)
    assert not missed, missed


def test_no_result_in_the_first_three_is_in_the_other_language(outcomes, typed_sample):
    wrong = [f"{o.query.text[:60]!r}: {o.wrong_language}" for o in outcomes + typed_sample
             if o.wrong_language]
    assert not wrong, "\n".join(wrong)


# The real questions ------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["zh", "en"])
def test_real_questions_meet_the_budget(real_outcomes, language):
    mine = [o for o in real_outcomes if o.query.language == language]
    got = score(mine)
    assert len(mine) >= 50
    assert got.hit_at_3 >= BUDGET["hit@3"] and got.hit_at_1 >= BUDGET["hit@1"], (
        f"{language}: hit@1 {got.hit_at_1:.0%}, hit@3 {got.hit_at_3:.0%} (budget "
        f"{BUDGET['hit@1']:.0%}, {BUDGET['hit@3']:.0%}); not in the first three:\n"
        + misses(mine, lambda o: not o.hit_at_3))


def test_the_box_shows_what_the_ranker_ranks_in_node(ranked, pasted, typed_sample):
    """Every eighth real question and quoted message, typed into the box in Chromium, shows
    the first three results that the ranker gave in node, judged the same: the budget below
    and the pasted messages' ranks are the box's."""
    expected = (sample(ranked.real) + sample(ranked.heldout) +
                sample([outcome for _, outcome in pasted]))
    assert len(typed_sample) == len(expected) >= 150
    differing = [f"  {o.query.language} line {o.query.line} {o.query.text[:60]!r}: box "
                 f"{o.results[:3]}, node {n.results[:3]}"
                 for o, n in zip(typed_sample, expected, strict=True)
                 if (o.results[:3], o.hits) != (n.results[:3], n.hits)]
    assert not differing, "\n".join(differing)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_held_out_questions_stay_above_their_floor(ranked, language):
    mine = [o for o in ranked.heldout if o.query.language == language]
    got = score(mine)
    assert len(mine) >= 25
    assert got.hit_at_3 >= HELDOUT_FLOOR["hit@3"] and got.hit_at_1 >= HELDOUT_FLOOR["hit@1"], (
        f"{language}: held-out hit@1 {got.hit_at_1:.0%}, hit@3 {got.hit_at_3:.0%} (floor "
        f"{HELDOUT_FLOOR['hit@1']:.0%}, {HELDOUT_FLOOR['hit@3']:.0%}): a change lowered the "
        "answers to questions it was not tuned on; not in the first three:\n"
        + misses(mine, lambda o: not o.hit_at_3))
    assert not [o for o in mine if o.no_result]


def test_no_real_question_finds_nothing(real_outcomes):
    empty = misses(real_outcomes, lambda o: o.no_result)
    assert not empty, empty


# Pasted messages and function words ---------------------------------------------------------

def quoted_messages(site, prefix):
    """(location, first line) of each section of the error reference that opens with the
    message quoted in a code block: what a reader pastes."""
    import json

    index = json.loads((site / prefix / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        quote = re.match(r"\s*<pre><code>(.*?)</code></pre>", doc["text"], re.S)
        if re.match(r"guide/errors/[a-z-]+/#", doc["location"]) and quote:
            text = html.unescape(re.sub(r"<[^>]+>", "", quote.group(1))).replace("\u200b", "")
            yield doc["location"], text.splitlines()[0]


@pytest.fixture(scope="module")
def pasted(ranked) -> list[tuple[str, Outcome]]:
    """(location, outcome): each message the error reference quotes, pasted into the ranker
    in node (see `ranked`); a sample is typed into the box."""
    return ranked.pasted


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_pasted_message_ranks_a_section_that_quotes_it_first(built_site, pasted, language):
    sections = load_index(built_site, "en/" if language == "en" else "")
    mine = [(location, o) for location, o in pasted if o.query.language == language]
    assert len(mine) >= 20, "the error reference should quote its messages in code blocks"
    wrong = []
    for location, outcome in mine:
        message, results = outcome.query.text, outcome.results
        first = sections.get(results[0].lstrip("/"), "") if results else ""
        if " ".join(message.split()).lower() not in " ".join(first.split()).lower():
            wrong.append(f"{message!r} ({location}): first result {results[:1]}")
    assert not wrong, "\n".join(wrong)


def test_function_words_do_not_change_the_answers(browser, built_site, site_url, outcomes):
    """The same question with 请问…吗 or how do I … around it gives the same first three."""
    original = {o.query.text: o.results[:3] for o in outcomes}
    wrapped = [Query(q.language, ("请问" + q.text + "吗？") if q.language == "zh"
                     else f"how do I {q.text}?", q.pattern) for q in QUERIES]
    differing = [f"{w.text!r} gave {o.results[:3]}, {q.text!r} gave {original[q.text]}"
                 for q, w, o in zip(QUERIES, wrapped,
                                    evaluate(browser, built_site, site_url, wrapped), strict=True)
                 if o.results[:3] != original[q.text]]
    assert not differing, "\n".join(differing)


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


def test_a_slip_at_the_end_of_a_word_finds_the_word(browser, built_site, site_url):
    """"Harbord" is read as "harbor" (one or two letters too many at the end of a long word),
    and a word with nothing near it in the index is still dropped, not guessed."""
    typed = [Query("en", "configure Harbord as mirror for containerd", "."),
             Query("en", "configure Harbor as mirror for containerd", "."),
             Query("en", "configure Harbxyz as mirror for containerd", "."),
             Query("en", "configure as mirror for containerd", ".")]
    slip, right, far, without = (o.results[:3] for o in
                                 evaluate(browser, built_site, site_url, typed))
    assert slip == right and any("harbor" in path for path in right), (slip, right)
    assert far == without, (far, without)


def test_a_negative_contraction_is_a_function_word(browser, built_site, site_url):
    """"doesn't" is cut into "doesn" and "t": neither counts, and "doesn" is not read as a
    slip for "does" (which, a stop word, must not come back that way)."""
    typed = [Query("en", "registry mirror doesn't work after restart", "."),
             Query("en", "registry mirror work after restart", ".")]
    contracted, plain = (o.results[:3] for o in evaluate(browser, built_site, site_url, typed))
    assert contracted == plain, (contracted, plain)


def test_the_search_box_runs_the_sites_worker_and_no_lunr(browser, built_site, site_url):
    """The search box's only worker is the site's (hooks/search_worker.py): Material's worker
    and lunr are never requested, and a pasted message with lunr's query syntax in it
    (a field name, a quoted part) is answered from the site's index."""
    workers, requested = [], []

    def listen(tab):
        tab.on("worker", lambda worker: workers.append(worker.url))
        tab.on("request", lambda request: requested.append(request.url))

    tab = open_search(browser, site_url + "en/", listen)
    try:
        results = search(tab, 'Error response from daemon: "registry-mirrors" in daemon.json')
    finally:
        tab.close()
    assert [urlsplit(url).path.rsplit("/", 1)[-1] for url in workers] == [
        worker(_source())[0]], workers
    assert not [url for url in requested if "/lunr/" in url or
                re.search(r"workers/search\.[0-9a-f]{8}\.min\.js", url)], requested
    sections = load_index(built_site, "en/")
    assert results and "daemon.json" in sections[results[0].lstrip("/")], results


def test_a_name_written_as_one_finds_the_sections_that_name_it(browser, built_site, site_url):
    """hub-mirror.c.163.com is cut into words that are each common (hub, mirror, com) and one
    the index keeps whole (c.163): the sections that hold the whole name come first."""
    sections = {**load_index(built_site, ""), **load_index(built_site, "en/")}
    typed = [Query("zh", "测试镜像从hub-mirror.c.163.com拉不下来", "."),
             Query("en", "cannot pull from hub-mirror.c.163.com any more", ".")]
    for outcome in evaluate(browser, built_site, site_url, typed):
        first = outcome.results[0].lstrip("/")
        assert "hub-mirror.c.163.com" in sections[first], (outcome.query.text, outcome.results)


# Hostile input and the hint -----------------------------------------------------------------

HOSTILE = [
    "Error response from daemon: " + "Get \"https://registry-1.docker.io/v2/\": net/http: "
    "request canceled while waiting for connection (Client.Timeout exceeded) " * 20,
    "拉取镜像总是超时，怎么配置加速器？" * 120,
    '"unbalanced quote', "it's \"half", '"', "'", "`", "```docker pull```",
    "+", "-", "~", "^", "*", ":", "+ - ~ ^ * :", "docker +", "docker -pull", "docker~",
    "docker^", "docker^2", "*docker*", "title:docker", "text:", ":docker", "docker:", "~1",
    "!!!", "。。。？？", "()[]{}<>", "\\", "/", "😂", "🚫 👀->", "docker 😂 pull", "\U0001F600" * 200,
    "https://registry-1.docker.io/v2/library/nginx/manifests/latest",
    "C:\\ProgramData\\docker\\config\\daemon.json",
    '[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]',
    "sha256:28147ecda6596be570548a7f81be5bc8eb487a3e3a7d6dca8595b612db1a92d5",
]
HOSTILE[0] = HOSTILE[0][:2000]
HOSTILE[1] = HOSTILE[1][:2000]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_hostile_input_never_breaks_or_freezes_the_search_box(browser, site_url, language):
    assert max(len(q) for q in HOSTILE) == 2000
    host = urlsplit(site_url).netloc
    foreign, errors, warnings = [], [], []

    def listen(tab):
        tab.on("request", lambda r: urlsplit(r.url).scheme in {"http", "https"}
               and urlsplit(r.url).netloc != host and foreign.append(r.url))
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
        tab.on("pageerror", lambda e: errors.append(str(e)))

    tab = open_search(browser, site_url + ("en/" if language == "en" else ""), listen)
    box = tab.locator("input.md-search__input")
    altered = []
    try:
        for query in HOSTILE:
            search_links(tab, query, timeout=10)  # raises TimeoutError on a frozen box
            if box.input_value() != query:
                altered.append(query[:40])
        search_links(tab, "docker", timeout=10)  # still answering afterwards
    finally:
        tab.close()
    assert not errors, errors
    assert not [w for w in warnings if "search" in w.lower() or "query" in w.lower()], warnings
    assert not foreign, foreign
    assert not altered, f"the search box text was changed for {altered}"


@pytest.mark.parametrize(("language", "heading"), [("zh", "没有找到答案？"),
                                                    ("en", "No answer found?")])
def test_nothing_found_points_to_the_errors_the_qa_and_the_issue_tracker(browser, site_url,
                                                                         language, heading):
    prefix = "en/" if language == "en" else ""
    tab = open_search(browser, site_url + prefix)
    try:
        links = search_links(tab, "qqzzxxyy 😂")
        hint = [link["href"] for link in links if HINT_MARKER in link["href"]]
        titles = tab.eval_on_selector_all("ol.md-search-result__list h1",
                                          "els => els.map(e => e.textContent.trim())")
        assert [link for link in links if HINT_MARKER not in link["href"]] == []
        assert heading in titles, titles
        paths = [urlsplit(href).path for href in hint]
        assert f"/{prefix}guide/errors/" in paths and f"/{prefix}qa/" in paths, paths
        assert any(re.fullmatch(r"https://github\.com/[^/]+/[^/]+/issues", href.split("?")[0])
                   for href in hint), hint
        for href in hint:
            if href.startswith(site_url):
                assert tab.request.get(href).status == 200, href
    finally:
        tab.close()


def test_search_follows_the_reader_across_a_language_switch(browser, site_url):
    tab = open_search(browser, site_url + "guide/verify/")
    results = search(tab, "docker info")
    assert results and all(not r.startswith("/en/") for r in results), results
    tab.keyboard.press("Escape")
    tab.locator("div.md-select").first.hover()
    tab.locator("a.md-select__link[hreflang=en]").click()
    tab.wait_for_load_state("networkidle")
    tab.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/初始化|Initializing/i.test(m.textContent); }")
    results = search(tab, "docker info")
    assert results and all(r.startswith("/en/") for r in results), results
    tab.close()
