"""Translation freshness: which page of a pair is behind its twin, and the command that
records that a pair is in sync (the state itself is computed by hooks/freshness.py).

    python -m sitecheck.translations                    list the pairs not in sync
    python -m sitecheck.translations sync PAGE...       record PAGE (like guide/verify) as in sync
    python -m sitecheck.translations sync --all         record every pair as in sync

`make translations` and `make translations-sync PAGES="..."` run the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hooks.freshness import (
    LANGUAGES,
    RECORD,
    Pair,
    RecordError,
    content_hash,
    format_record,
    other_language,
    pair_key,
    pairs_in,
    parse_record,
    read_history,
)

from .pages import DOCS, ROOT, Problem

RECORD_PATH = ROOT / RECORD


def check_record(record_path: Path = RECORD_PATH, docs: Path = DOCS) -> list[Problem]:
    """Mistakes in the record file, each naming its line: these fail the tests."""
    where = _relative(record_path)
    text = record_path.read_text(encoding="utf-8") if record_path.exists() else ""
    try:
        records = parse_record(text)
    except RecordError as error:
        return [Problem(where, error.line, error.reason)]
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        key = line.split("\t")[0]
        if key in records and not all((docs / f"{key}.{lang}.md").exists() for lang in LANGUAGES):
            problems.append(Problem(where, number, f"{key} is not a page pair any more: run "
                                    f"make translations-sync PAGES={key} to drop the line"))
    return problems


def translation_report(pairs: list[Pair], docs: Path = DOCS) -> list[Problem]:
    """One finding per page whose twin changed since the pair was last synced, per pair
    changed on both sides, and per pair never synced. They are reported, not failed."""
    base = _relative(docs)
    problems = []
    for pair in pairs:
        sync = f"make translations-sync PAGES={pair.key}"
        if pair.state.endswith("-behind"):
            language = pair.behind
            twin = other_language(language)
            problems.append(Problem(
                f"{base}/{pair.key}.{language}.md", 1,
                f"behind its {_english_name(twin)} twin {base}/{pair.key}.{twin}.md, which changed "
                f"since they were last synced: bring it in line, then run {sync}"))
        elif pair.state == "both-changed":
            problems.append(Problem(
                f"{base}/{pair.key}.zh.md", 1,
                f"both {pair.key}.zh.md and {pair.key}.en.md changed since they were last "
                f"synced: when they say the same thing, run {sync}"))
        elif pair.state == "unrecorded":
            problems.append(Problem(
                f"{base}/{pair.key}.zh.md", 1,
                f"{pair.key} has no sync record: when both files say the same thing, run {sync}"))
    return problems


def current_pairs(docs: Path = DOCS, record_path: Path = RECORD_PATH) -> list[Pair]:
    text = record_path.read_text(encoding="utf-8") if record_path.exists() else ""
    return pairs_in(docs, parse_record(text), read_history(docs))


def sync(pages: list[str], docs: Path = DOCS, record_path: Path = RECORD_PATH) -> list[str]:
    """Record the named pairs (or every pair, for ["--all"]) as in sync; drop lines of pairs
    that no longer exist. Returns the pages recorded."""
    text = record_path.read_text(encoding="utf-8") if record_path.exists() else ""
    recorded = parse_record(text)
    records = {key: hashes for key, hashes in recorded.items()
               if all((docs / f"{key}.{lang}.md").exists() for lang in LANGUAGES)}
    if pages == ["--all"]:
        keys = [pair.key for pair in pairs_in(docs, {}, read_history(docs))]
    else:
        keys = [normalise(page) for page in pages]
    for key in keys:
        files = [docs / f"{key}.{lang}.md" for lang in LANGUAGES]
        missing = [_relative(f) for f in files if not f.exists()]
        if missing and key in recorded:
            continue  # a pair that is gone: its line is dropped, as the check advises
        if missing:
            raise SystemExit(f"{key}: no such page pair ({', '.join(missing)} missing)")
        zh, en = (content_hash(f.read_text(encoding="utf-8")) for f in files)
        records[key] = (zh, en)
    record_path.write_text(format_record(records), encoding="utf-8")
    return keys


def normalise(page: str) -> str:
    """"guide/verify" from "guide/verify", "guide/verify.md", "docs/guide/verify.zh.md"."""
    page = page.strip().removeprefix("./").removeprefix("docs/")
    key, _ = pair_key(page)
    return key.removesuffix(".md")


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except RecordError as error:
        print(f"{_relative(RECORD_PATH)}:{error.line}: {error.reason}", file=sys.stderr)
        return 1


def _english_name(language: str) -> str:
    """"Chinese" for zh, "English" for en: the language's name in the messages' language."""
    from babel import Locale

    return Locale.parse(language).get_display_name("en")


def _main(argv: list[str]) -> int:
    if argv[:1] == ["sync"]:
        if len(argv) < 2:
            print("usage: python -m sitecheck.translations sync PAGE... | --all", file=sys.stderr)
            return 2
        for key in sync(argv[1:]):
            print(f"recorded {key} as in sync")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check_record()
    pairs = current_pairs()
    for problem in problems + translation_report(pairs):
        print(problem)
    synced = sum(1 for pair in pairs if pair.state == "synced")
    print(f"{synced} of {len(pairs)} page pairs in sync")
    return 1 if problems else 0


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

