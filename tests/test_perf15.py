"""Perf round 15: the cleaning rules' share of every crawl's start. Each language's rule set is built from what the
last build kept on disk (``newswatch._pattern_cache``: one file a language with its compiled patterns and the
analyses of them) and must equal the one built from scratch: every pattern (``==`` compares the source, the flags
and the engine's code), every literal tuple, every width; and the packaged pages must clean the same."""

from __future__ import annotations

import dataclasses
import json
import os
import re

import pytest

from newswatch import _pattern_cache
from newswatch.clean import _literals, _rules
from newswatch.clean._rules import TEXT_LANGUAGES, language_rules
from tests._clean_sets import CleanSet
from tests.test_clean import paragraphs, run_flow

LANGUAGES = (*TEXT_LANGUAGES, "common")
PAGES = [("clean_holdout22", page) for page in CleanSet("clean_holdout22").pages][:8] + [
    ("clean_holdout21", page) for page in CleanSet("clean_holdout21").pages][:6]


def _build_all() -> dict[str, _rules.TextRuleSet]:
    language_rules.cache_clear()
    try:
        return {language: language_rules(language) for language in LANGUAGES}
    finally:
        language_rules.cache_clear()


def _walk(value, found: list):
    """Every pattern and every tuple of strings (the rules' literals) in ``value``, in order."""
    if isinstance(value, re.Pattern):
        found.append(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            if spec.compare:
                _walk(getattr(value, spec.name), found)
    elif isinstance(value, (tuple, list)):
        if value and all(isinstance(item, str) for item in value):
            found.append(tuple(value))
        for item in value:
            _walk(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, found)
    return found


def _assert_same(built: dict, reference: dict) -> None:
    for language in LANGUAGES:
        mine, theirs = _walk(built[language], []), _walk(reference[language], [])
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs, strict=True):
            assert type(a) is type(b)
            if isinstance(a, re.Pattern):
                assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
            assert a == b
        assert built[language] == reference[language]


@pytest.fixture(scope="module")
def uncached() -> dict:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSWATCH_CACHE_DIR", "off")
        return _build_all()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(tmp_path / "cache"))
    return _pattern_cache.cache_dir()


def _counting(monkeypatch) -> dict:
    """Counts of the patterns compiled and the literal analyses done (not loaded) from now on."""
    counts = {"compiled": 0, "analysed": 0}
    build, analysed = _pattern_cache._build, _literals._analysed.__wrapped__

    def counted_build(source, flags):
        counts["compiled"] += 1
        return build(source, flags)

    def counted_analysis(source, flags, single_spaces):
        counts["analysed"] += 1
        return analysed(source, flags, single_spaces)

    monkeypatch.setattr(_pattern_cache, "_build", counted_build)
    monkeypatch.setattr(_literals, "_analysed", counted_analysis)
    return counts


def test_rule_sets_from_the_cache_equal_those_built_without(uncached, cache, monkeypatch):
    patterns = [p for rules in uncached.values() for p in _walk(rules, []) if isinstance(p, re.Pattern)]
    assert len(patterns) > 400  # the comparison covers the packaged rules, not a handful
    cold = _build_all()
    assert len(list(cache.glob("*.bundle"))) == len(LANGUAGES)  # one file a language
    _assert_same(cold, uncached)
    written = {path: (path.stat().st_ino, path.read_bytes()) for path in cache.glob("*.bundle")}
    counts = _counting(monkeypatch)
    warm = _build_all()
    assert counts == {"compiled": 0, "analysed": 0}  # all loaded
    _assert_same(warm, uncached)
    # nothing new: no rewrite (a write renames a new file into place)
    assert {path: (path.stat().st_ino, path.read_bytes()) for path in cache.glob("*.bundle")} == written


def test_cleaned_pages_identical_with_the_cache(uncached, cache):
    def cleaned() -> list:
        language_rules.cache_clear()
        out = []
        for folder, page in PAGES:
            html, url, language, _ = CleanSet(folder).load(page)
            for known in (language, None):
                body, report, paywalled = run_flow(html, url, known, None)
                out.append((paragraphs(body), report.to_dict(), paywalled))
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSWATCH_CACHE_DIR", "off")
        reference = cleaned()
    _build_all()  # fills the cache
    assert cleaned() == reference
    language_rules.cache_clear()


@pytest.mark.parametrize("damage", ["cut", "flipped", "garbage", "empty", "other version"])
def test_a_damaged_file_is_rebuilt(uncached, cache, monkeypatch, damage):
    _build_all()
    path = max(cache.glob("*.bundle"), key=lambda p: p.stat().st_size)
    data = path.read_bytes()
    if damage == "cut":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        path.write_bytes(data[:-10] + bytes(b ^ 0xFF for b in data[-10:]))
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff not a bundle\n{]")
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        monkeypatch.setattr(_rules, "_ANALYSIS_VERSION", "another")
    counts = _counting(monkeypatch)
    rebuilt = _build_all()
    assert counts["compiled"] > 100 and counts["analysed"] > 0  # that language built again, not loaded
    _assert_same(rebuilt, uncached)
    counts.update(compiled=0, analysed=0)
    _build_all()
    assert counts["compiled"] == 0  # and its file written whole again


def test_cache_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert _pattern_cache.cache_dir() is None
    language_rules.cache_clear()
    language_rules("en")
    language_rules.cache_clear()
    assert not any(tmp_path.rglob("*.bundle"))


def test_compile_equals_re_compile(cache):
    sources = [(r"\b(?:we need your (help|support))\b", 0), (r"(?P<x>a+)(?P=x)", 0), ("ÄŒ", re.IGNORECASE),
               (r"[\u0400-\u04ff]{2,}", re.MULTILINE | re.DOTALL)]
    with _pattern_cache.bundle("test"):
        first = [_pattern_cache.compile(s, f) for s, f in sources]
        with pytest.raises(re.error):
            _pattern_cache.compile("(unclosed", 0)
    with _pattern_cache.bundle("test"):
        again = [_pattern_cache.compile(s, f) for s, f in sources]
        assert _pattern_cache.kept("kind", "text", lambda: [1, 2]) == [1, 2]
    with _pattern_cache.bundle("test"):
        assert _pattern_cache.kept("kind", "text", lambda: pytest.fail("not loaded")) == [1, 2]
    for (source, flags), a, b in zip(sources, first, again, strict=True):
        expected = re.compile(source, flags)
        assert a == expected and b == expected
        assert b.groupindex == expected.groupindex
    assert again[1].fullmatch("aaaa") and not again[1].fullmatch("aaa")
    assert _pattern_cache.compile("x+", 0) == re.compile("x+")  # no bundle open: re.compile's own


def test_a_directory_keeps_the_bundles_used_last(cache, monkeypatch):
    """Each folder of data files is a build of its own (tests, a crawl's own lexicons): the directory keeps
    MAX_BUNDLES files, the ones loaded or written last, however many folders went through it."""
    monkeypatch.setattr(_pattern_cache, "MAX_BUNDLES", 4)

    def build(folder: str) -> None:
        with _pattern_cache.bundle(f"topics patterns\0/tmp/{folder}\0uk", "v1"):
            _pattern_cache.compile(rf"\b{folder}\w*", re.IGNORECASE)

    def age(seconds: float) -> None:  # files written in one second would tie on mtime
        for path in cache.glob("*.bundle"):
            stamp = path.stat().st_mtime - seconds
            os.utime(path, (stamp, stamp))

    build("kept-in-use")
    age(100)
    for number in range(6):
        build(f"lexicons-{number}")
        age(10)
        build("kept-in-use")  # loaded (nothing new to write): touched, so the most recent
    stale = cache / ".tmp-died-half-way"
    stale.write_bytes(b"\x00" * 10)
    os.utime(stale, (1, 1))
    build("lexicons-last")
    names = {path.name for path in cache.glob("*.bundle")}
    assert len(names) == 4
    held = {json.loads(path.read_bytes().split(b"\n", 1)[0])["name"].split("\0")[1] for path in cache.glob("*.bundle")}
    assert held == {"/tmp/kept-in-use", "/tmp/lexicons-last", "/tmp/lexicons-5", "/tmp/lexicons-4"}
    assert not stale.exists()
