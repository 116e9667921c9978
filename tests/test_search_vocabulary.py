"""The search vocabulary (hooks/search_vocabulary.json) and its loader: the file loads, and
each kind of bad input fails with an error naming the file and the line at fault."""

import json
import re

import pytest

from hooks.search_vocabulary import PATH, VocabularyError, load, parse

GOOD = PATH.read_text(encoding="utf-8")


def test_the_vocabulary_loads_with_what_each_reader_needs():
    vocabulary = load()
    assert {"the", "doesn", "的", "怎么"} <= set(vocabulary.stop_words)
    assert re.search("|".join(vocabulary.error_words), "x509: certificate", re.I)
    assert ["k8s", "kubernetes"] in vocabulary.synonyms
    assert ("自签名", 50000, "v") in vocabulary.jieba_words
    assert vocabulary.jieba_dictionary().splitlines()[0] == "白名单 50000 n"
    assert set(vocabulary.hints) == {"zh", "en"}
    assert vocabulary.boosts[0].pattern.search("guide/verify/#sources")
    qa = [rule for rule in vocabulary.boosts if rule.pattern.search("qa/index.html#x")]
    assert qa[0].boost > 1  # {page} is expanded: the offline copy's locations match too
    assert set(vocabulary.for_ranking()) == {"stop_words", "error_words", "synonyms"}


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def bad(old: str, new: str) -> tuple[str, int]:
    """The vocabulary with `old` (once in the file) replaced, and the line of the change."""
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new), line_of(GOOD, old)


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('"about", ', '"about", "about", ', r"stop_words\.2: 'about' is listed twice"),
    ('"about", ', '"Two Words", ', r"stop_words\.1: 'Two Words' is not one lower-case word"),
    ('"unauthori[sz]ed"', '"unauthori[sz"', r"error_words\.\d+: the regular expression"),
    ('["mac", "macos", "osx"]', '["mac"]', r"synonyms\.1: a synonym group needs two words"),
    ('["mac", "macos", "osx"]', '["mac", "k8s"]', r"synonyms\.1\.1: 'k8s' is in two synonym"),
    ('["拉取", 50000, "v"]', '["拉取", "many", "v"]', r"jieba_words\.1: a jieba word is"),
    ('"field": "error_boost"', '"field": "weight"', r"boosts\.rules\.2\.field: field 'weight'"),
    ('"boost": 0.7}', '"boost": -1}', r"boosts\.rules\.3\.boost: expected a number above 0"),
    ('"location": "^contributing/"', '"location": "^contributing/("',
     r"boosts\.rules\.3\.location: the regular expression"),
    ('"heading": "No answer found?"', '"heading": ""', r"hints\.en\.heading: expected text"),
    ('"stop_words": [', '"stopwords": [', r"stopwords: unknown key 'stopwords'"),
])
def test_bad_input_names_the_file_and_the_line(old, new, reason):
    text, line = bad(old, new)
    with pytest.raises(VocabularyError, match=reason) as error:
        parse(text, PATH)
    # the line of the value at fault
    assert str(error.value).startswith(f"search_vocabulary.json:{line}: "), str(error.value)


def test_a_json_syntax_error_names_the_line():
    text, line = bad('"error_words": [', '"error_words" [')
    with pytest.raises(VocabularyError, match=rf"^search_vocabulary\.json:{line}: not JSON"):
        parse(text, PATH)
    with pytest.raises(VocabularyError, match=r":1: not JSON"):
        parse("", PATH)


def test_a_missing_key_and_a_duplicate_key_are_refused():
    data = json.loads(GOOD)
    del data["synonyms"]
    with pytest.raises(VocabularyError, match=r":1: the file: missing key 'synonyms'"):
        parse(json.dumps(data), PATH)
    text, line = bad('"synonyms": [', '"stop_words": [], "synonyms": [')
    with pytest.raises(VocabularyError, match=rf":{line}: not JSON: duplicate key 'stop_words'"):
        parse(text, PATH)


def test_the_line_map_follows_nested_values():
    text, line = bad('{"page": "qa", "title": "常见问题"', '{"page": "", "title": "常见问题"')
    with pytest.raises(VocabularyError, match=rf":{line}: hints\.zh\.links\.1\.page"):
        parse(text, PATH)
