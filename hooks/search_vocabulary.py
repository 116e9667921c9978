"""The search vocabulary (search_vocabulary.json, next to this file), loaded and checked.

One file holds the words the search needs in both Python and JavaScript: stop words, the
words of an error message, synonyms, the words jieba must keep whole, the boosts of sections
and the hint in each language (the file's own comments say what each is). The build reads it
here (hooks/search_by_language.py); the ranking (search_ranking.js) gets its part in each
index's config; the unit tests of the ranking (tests/js/) read the file itself.

A file that does not have the documented shape raises VocabularyError naming the file and
the line of the value at fault (JSON's own syntax errors too). Not a hook: nothing here
runs on a MkDocs event.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("search_vocabulary.json")
KEYS = ("stop_words", "error_words", "synonyms", "jieba_words", "boosts", "link_lists", "hints")
FIELDS = ("boost", "error_boost")  # what a boost rule may set on a section
_HAN = re.compile(r"[\u4e00-\u9fff]+")


class VocabularyError(ValueError):
    """A vocabulary file that does not have the documented shape: `file:line: reason`."""

    def __init__(self, path: Path, line: int, reason: str):
        super().__init__(f"{path.name}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass(frozen=True)
class Boost:
    pattern: re.Pattern
    field: str
    boost: float


@dataclass(frozen=True)
class Vocabulary:
    stop_words: list[str]
    error_words: list[str]
    synonyms: list[list[str]]
    jieba_words: list[tuple[str, int, str]]
    page_end: str
    boosts: list[Boost]
    link_list_titles: frozenset[str]
    link_list_boost: float
    hints: dict[str, dict]  # language -> {"heading": str, "links": [{page, title, text}]}

    def jieba_dictionary(self) -> str:
        """jieba's user dictionary text: `word frequency tag` per line."""
        return "".join(f"{word} {frequency} {tag}\n" for word, frequency, tag in self.jieba_words)

    def for_ranking(self) -> dict[str, Any]:
        """What the ranking (search_ranking.js) reads from an index's config."""
        return {"stop_words": self.stop_words, "error_words": self.error_words,
                "synonyms": self.synonyms}


def load(path: Path = PATH) -> Vocabulary:
    return parse(path.read_text(encoding="utf-8"), path)


def parse(text: str, path: Path = PATH) -> Vocabulary:
    """The vocabulary in `text` (the contents of `path`), checked."""
    try:
        data, lines = _decode(text)
    except json.JSONDecodeError as error:
        raise VocabularyError(path, error.lineno, f"not JSON: {error.msg}") from None
    check = _Checker(path, lines)
    check.keys(data, (), KEYS)
    errors = check.strings(data, ("error_words",))
    for i, word in enumerate(errors):
        check.regex(word, ("error_words", i))
    page_end, boosts = _boosts(check, data)
    check.keys(data["link_lists"], ("link_lists",), ("titles", "boost"))
    return Vocabulary(
        stop_words=check.words(data, ("stop_words",)), error_words=errors,
        synonyms=_synonyms(check, data), jieba_words=_jieba_words(check, data),
        page_end=page_end, boosts=boosts,
        link_list_titles=frozenset(check.strings(data, ("link_lists", "titles"))),
        link_list_boost=check.number(data["link_lists"]["boost"], ("link_lists", "boost")),
        hints=_hints(check, data))


def _synonyms(check: _Checker, data: dict) -> list[list[str]]:
    synonyms = check.items(data, ("synonyms",), list)
    seen: set[str] = set()
    for i in range(len(synonyms)):
        words = check.strings(data, ("synonyms", i))
        if len(words) < 2:
            check.fail(("synonyms", i), "a synonym group needs two words or more")
        for j, word in enumerate(words):
            if word != word.lower().strip():
                check.fail(("synonyms", i, j), f"{word!r} is not a lower-case word")
            if word in seen:
                check.fail(("synonyms", i, j), f"{word!r} is in two synonym groups")
            seen.add(word)
    return synonyms


def _jieba_words(check: _Checker, data: dict) -> list[tuple[str, int, str]]:
    words = []
    for i, entry in enumerate(check.items(data, ("jieba_words",), list)):
        if not (len(entry) == 3 and isinstance(entry[0], str) and _HAN.fullmatch(entry[0])
                and isinstance(entry[1], int) and entry[1] > 0 and isinstance(entry[2], str)
                and re.fullmatch(r"[a-z]+", entry[2])):
            check.fail(("jieba_words", i), "a jieba word is [Chinese word, frequency > 0, "
                                           f"lower-case tag], not {entry!r}")
        words.append(tuple(entry))
    return words


def _boosts(check: _Checker, data: dict) -> tuple[str, list[Boost]]:
    check.keys(data["boosts"], ("boosts",), ("page_end", "rules"))
    page_end = check.regex(data["boosts"]["page_end"], ("boosts", "page_end"))
    boosts = []
    for i, rule in enumerate(check.items(data, ("boosts", "rules"), dict)):
        where = ("boosts", "rules", i)
        check.keys(rule, where, ("location", "field", "boost"))
        if rule["field"] not in FIELDS:
            check.fail((*where, "field"), f"field {rule['field']!r} is not one of "
                                          f"{', '.join(FIELDS)}")
        location = check.regex(rule["location"].replace("{page}", page_end), (*where, "location"))
        boosts.append(Boost(re.compile(location), rule["field"],
                            check.number(rule["boost"], (*where, "boost"))))
    return page_end, boosts


def _hints(check: _Checker, data: dict) -> dict[str, dict]:
    hints = check.items(data, ("hints",), dict, mapping=True)
    for language, hint in hints.items():
        check.keys(hint, ("hints", language), ("heading", "links"))
        check.text(hint["heading"], ("hints", language, "heading"))
        for i, link in enumerate(check.items(data, ("hints", language, "links"), dict)):
            check.keys(link, ("hints", language, "links", i), ("page", "title", "text"))
            for key in ("page", "title", "text"):
                check.text(link[key], ("hints", language, "links", i, key))
    return hints


# Checks --------------------------------------------------------------------------------

class _Checker:
    """Shape checks that fail with the line of the value at fault (`where` is its path of
    keys and indexes from the top)."""

    def __init__(self, path: Path, lines: dict[tuple, int]):
        self.path, self.lines = path, lines

    def fail(self, where: tuple, reason: str):
        while where not in self.lines and where:
            where = where[:-1]
        name = ".".join(str(part) for part in where) or "the file"
        raise VocabularyError(self.path, self.lines.get(where, 1), f"{name}: {reason}")

    def keys(self, value: Any, where: tuple, expected: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object with {', '.join(expected)}")
        keys = [key for key in value if not key.startswith("//")]
        for key in keys:
            if key not in expected:
                self.fail((*where, key), f"unknown key {key!r}; expected {', '.join(expected)}")
        for key in expected:
            if key not in value:
                self.fail(where, f"missing key {key!r}")

    def items(self, data: Any, where: tuple, kind: type, mapping: bool = False):
        value = data
        for part in where:
            value = value[part]
        if mapping:
            if not isinstance(value, dict):
                self.fail(where, "expected an object")
            for key, item in value.items():
                if not key.startswith("//") and not isinstance(item, kind):
                    self.fail((*where, key), f"expected {kind.__name__}")
            return {key: item for key, item in value.items() if not key.startswith("//")}
        if not isinstance(value, list) or not value:
            self.fail(where, "expected a list that is not empty")
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                self.fail((*where, i), f"expected {'a list' if kind is list else 'an object'}, "
                                       f"not {item!r}")
        return value

    def strings(self, data: Any, where: tuple) -> list[str]:
        value = self.items(data, where, str)
        for i, item in enumerate(value):
            if not item.strip():
                self.fail((*where, i), "an empty string")
            if item in value[:i]:
                self.fail((*where, i), f"{item!r} is listed twice")
        return value

    def words(self, data: Any, where: tuple) -> list[str]:
        value = self.strings(data, where)
        for i, item in enumerate(value):
            if item != item.lower() or re.search(r"\s", item):
                self.fail((*where, i), f"{item!r} is not one lower-case word")
        return value

    def regex(self, value: Any, where: tuple) -> str:
        if not isinstance(value, str):
            self.fail(where, "expected a regular expression (a string)")
        try:
            re.compile(value)
        except re.error as error:
            self.fail(where, f"the regular expression {value!r} does not compile: {error}")
        return value

    def number(self, value: Any, where: tuple) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            self.fail(where, f"expected a number above 0, not {value!r}")
        return value

    def text(self, value: Any, where: tuple) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected text")
        return value


# JSON with the line of every value ------------------------------------------------------

def _decode(text: str) -> tuple[Any, dict[tuple, int]]:
    """(value, {path: line}) of a JSON text; raises json.JSONDecodeError."""
    reader = _LineReader(text)
    result, end = reader.value(0, ())
    end = reader.skip(end)
    if end < len(text):
        reader.fail("Extra data", end)
    return result, reader.lines


class _LineReader:
    """A JSON reader that records the line each value starts on, by its path."""

    def __init__(self, text: str):
        self.text, self.lines = text, {}
        self.decoder = json.JSONDecoder()

    def skip(self, at: int) -> int:
        return _SPACE.match(self.text, at).end()

    def fail(self, message: str, at: int):
        raise json.JSONDecodeError(message, self.text, at)

    def expect(self, char: str, at: int, message: str) -> int:
        if not self.text.startswith(char, at):
            self.fail(message, at)
        return self.skip(at + 1)

    def value(self, at: int, path: tuple) -> tuple[Any, int]:
        at = self.skip(at)
        self.lines[path] = self.text.count("\n", 0, at) + 1
        if self.text.startswith("{", at):
            return self.object(self.skip(at + 1), path)
        if self.text.startswith("[", at):
            return self.array(self.skip(at + 1), path)
        return self.decoder.raw_decode(self.text, at)

    def object(self, at: int, path: tuple) -> tuple[dict, int]:
        result: dict = {}
        if self.text.startswith("}", at):
            return result, at + 1
        while True:
            if not self.text.startswith('"', at):
                self.fail("Expecting property name enclosed in double quotes", at)
            key, at = json.decoder.scanstring(self.text, at + 1)
            if key in result:
                self.fail(f"duplicate key {key!r}", at)
            at = self.expect(":", self.skip(at), "Expecting ':' delimiter")
            result[key], at = self.value(at, (*path, key))
            at = self.skip(at)
            if self.text.startswith("}", at):
                return result, at + 1
            at = self.expect(",", at, "Expecting ',' delimiter")

    def array(self, at: int, path: tuple) -> tuple[list, int]:
        result: list = []
        if self.text.startswith("]", at):
            return result, at + 1
        while True:
            item, at = self.value(at, (*path, len(result)))
            result.append(item)
            at = self.skip(at)
            if self.text.startswith("]", at):
                return result, at + 1
            at = self.expect(",", at, "Expecting ',' delimiter")


_SPACE = re.compile(r"\s*")
