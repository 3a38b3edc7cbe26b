"""Worker CPU round 9: each shortcut gives what the work it replaces gave.

The topic patterns run only where one of their literal prefixes starts (``_PrefixScan``); trafilatura's guarded XPaths
answer ``re:test`` from a memo; its options object is reused inside ``page_measure``; ``parse_html`` looks for control
characters in the page's bytes. Whole-chain equality (every output of 200 bench pages and the fixtures against the
round's base commit): ``python -m bench.worker_cpu --pages 200 --fixtures --ref <base>``.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import lxml.etree
import pytest
import trafilatura.core
import trafilatura.settings

from newswatch.extract import _pagetext, _xpathguard, parse_html
from newswatch.topics import TopicMatcher
from newswatch.topics._lexicon import fold
from newswatch.topics._matcher import _SPACES, _matches_at, _PrefixScan, literal_prefixes

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / ".." / "shared" / "datasets"
READABILITY = sorted((DATASETS / "readability-news").glob("*/expected.html"))


def _texts() -> list[str]:
    """Real article texts (every other one of the 38 expected bodies, the seed body), folded and lowercased as the
    matcher reads them, and random strings of the lexicons' own letters, spaces and punctuation."""
    texts = [" ".join(lxml.etree.HTML(path.read_bytes()).itertext()) for path in READABILITY[::2]]
    seed = DATASETS / "seed" / "moscowtimes-expected-body.txt"
    if seed.is_file():
        texts.append(seed.read_text("utf-8"))
    rng = random.Random(9)
    alphabet = "abcdeiknorstuvxyz уаеикнорствгпліїє -'’.,\n\t\xa0\u2009  0123456789"
    texts += ["".join(rng.choice(alphabet) for _ in range(1500)) for _ in range(8)]
    return [fold(text).lower() for text in texts]


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    found = TopicMatcher()
    found.compile_all()
    return found


def _patterns(matcher: TopicMatcher) -> list[tuple[re.Pattern, ...]]:
    keys = {key for topic in matcher.topics for key in topic.language_keys()}
    return [tuple(topic.pattern(key, matcher._endings).regex for topic in matcher.topics) for key in keys]


@pytest.mark.skipif(not READABILITY, reason="needs ../shared/datasets")
def test_prefix_scan_finds_what_finditer_finds_for_every_topic_and_language(matcher):
    texts = _texts()
    found = 0
    for patterns in _patterns(matcher):
        scan = _PrefixScan.build(patterns)
        assert scan is not None  # every topic pattern has literal prefixes: the shortcut is in use
        for text in texts:
            starts = scan.starts(text)
            for pattern, where in zip(patterns, starts, strict=True):
                expected = [(m.span(), m.lastindex) for m in pattern.finditer(text)]
                assert [(m.span(), m.lastindex) for m in _matches_at(pattern, text, where)] == expected
                found += len(expected)
    assert found > 500  # the texts do hold topic terms


@pytest.mark.skipif(not READABILITY, reason="needs ../shared/datasets")
def test_every_match_starts_with_one_of_its_patterns_prefixes(matcher):
    patterns = _patterns(matcher)[0]
    texts = _texts()
    for pattern in patterns:
        prefixes = literal_prefixes(pattern)
        assert prefixes and "" not in prefixes
        ordered = sorted(prefixes)  # a prefix of another would sort just before one that starts with it
        assert not any(after.startswith(before) for before, after in zip(ordered, ordered[1:], strict=False))
        for text in texts:
            for m in pattern.finditer(text):
                assert any(text.startswith(prefix, m.start()) for prefix in prefixes), m.group()


def test_literal_prefixes_of_small_patterns():
    assert literal_prefixes(re.compile(r"(?<!\w)(?:ab(?:c|de)|[xy]z)")) == {"abc", "abde", "xz", "yz"}
    # a run of spaces: its first character (any of them, read as a plain space), then no further
    assert literal_prefixes(re.compile(r"the\s+kremlin")) == {"the "}
    assert literal_prefixes(re.compile("the\nkremlin")) == {"the kr"}
    assert len(_SPACES) == 29 and {" ", "\n", "\xa0", "\u3000"} <= set(_SPACES)
    assert literal_prefixes(re.compile(r"nato\w*")) == {"nato"}
    assert literal_prefixes(re.compile(r"ukrainian(?:s|)")) == {"ukrain"}  # cut at six characters
    assert literal_prefixes(re.compile(r"a?b")) is None  # may start with "b": "" is the only common prefix
    assert literal_prefixes(re.compile(r"x*")) is None  # may match ""
    assert literal_prefixes(re.compile(r"\w+ing")) is None  # may start with any letter
    assert literal_prefixes(re.compile("nato", re.I)) is None  # a case-folded literal is not one string


def test_a_topic_pattern_parsed_once_equals_re_compile_and_has_the_prefixes_of_a_parse_of_its_own(matcher):
    """compile_with_prefixes builds the pattern from the parse it read the prefixes from (start-up: one parse of
    each ~80 KB pattern instead of two). Pattern equality compares the source, the flags and the compiled code."""
    import newswatch.topics._matcher as matcher_module

    patterns = _patterns(matcher)[0]
    assert all(pattern in matcher_module._PREFIXES_READ for pattern in patterns)  # the topics' own patterns
    for pattern in patterns:
        plain = re.compile(pattern.pattern)
        assert pattern == plain and pattern.groups == plain.groups and pattern is not plain
        assert literal_prefixes(pattern) == matcher_module._prefixes_of_tree(
            matcher_module._sre_parse.parse(pattern.pattern, pattern.flags))
    for source in (r"(?<!\w)(?:ab(?:c|de)|[xy]z)", r"(?P<word>nato)\w*", r"(?i)nato", "a?b", "(?!)"):
        compiled = matcher_module.compile_with_prefixes(source)
        assert compiled == re.compile(source) and compiled.groupindex == re.compile(source).groupindex
        found = [p.search("xx NATO abde") for p in (compiled, re.compile(source))]
        assert [m and m.span() for m in found] == [m and m.span() for m in reversed(found)]
        assert literal_prefixes(compiled) == (None if "(?i)" in source else literal_prefixes(re.compile(source)))


def test_matcher_verdicts_equal_with_and_without_the_scan(matcher):
    body = (DATASETS / "seed" / "moscowtimes-expected-body.txt")
    text = body.read_text("utf-8") if body.is_file() else "Russian forces struck Kharkiv; NATO allies met in Brussels."
    calls = [("Drones over Moscow", text, "Kyiv and NATO", language) for language in ("en", "uk", "ru", "pl", None)]
    calls.append(("Обстріл Харкова", "Російські війська вдарили по Харкову. НАТО засудило удар.", None, "uk"))
    scanned = [matcher.match(*call) for call in calls]
    scans, matcher._scans = matcher._scans, _NoScans()
    try:
        assert [matcher.match(*call) for call in calls] == scanned
    finally:
        matcher._scans = scans
    assert any(verdict.topic_names for verdict in scanned)


class _NoScans(dict):
    """A scan cache that never scans: every pattern runs its own finditer."""

    def get(self, key, default=None):
        return (None, None)


def test_memo_test_answers_as_exslt_does():
    values = ["article-body", "ARTICLE-BODY", "nav main-nav", "", "Comment-7", "commentary", "ſhare"]
    patterns = [("article(?:-|__)?body", ""), ("fulltext|article", "i"), ("^[Cc]omment(?!ary)", ""), ("share", "i")]
    for value in values:
        for pattern, flags in patterns:
            exslt = lxml.etree.XPath("re:test($v, $p, $f)", namespaces={"re": _xpathguard.REGEXP_NS})
            ours = lxml.etree.XPath("re:test($v, $p, $f)", namespaces={"re": _xpathguard.MEMO_NS})
            root = lxml.etree.XML("<a/>")
            for _ in range(2):  # computed, then remembered
                assert ours(root, v=value, p=pattern, f=flags) == exslt(root, v=value, p=pattern, f=flags)
    element = lxml.etree.XML("<a class='x'><b id='post-body'/></a>")
    path = "//*[re:test(@id|@class, 'post-body')]"
    assert (lxml.etree.XPath(path, namespaces={"re": _xpathguard.MEMO_NS})(element)
            == lxml.etree.XPath(path, namespaces={"re": _xpathguard.REGEXP_NS})(element) == [element[0]])


_OPTION_SETS = [
    {"fast": True, "recall": False, "comments": False, "tables": True, "url": "https://a.example/1"},
    {"fast": False, "recall": True, "comments": False, "tables": True, "url": "https://a.example/2"},
    {"fast": True, "recall": False, "comments": True, "url": None, "source": "file.html"},
    {"fast": True, "precision": True, "url": "https://b.example/\udcff"},  # a URL that does not encode
]


def test_reused_options_are_trafilaturas_own():
    assert trafilatura.core.Extractor is _pagetext._ReusedExtractor
    for options in _OPTION_SETS:
        expected = trafilatura.settings.Extractor(**options)
        for _ in range(2):
            with _pagetext.page_measure():
                reused = trafilatura.core.Extractor(**options)
            assert isinstance(reused, trafilatura.settings.Extractor)
            for slot in _pagetext._SLOTS:
                assert getattr(reused, slot) == getattr(expected, slot), slot
    with _pagetext.page_measure():
        first = trafilatura.core.Extractor(**_OPTION_SETS[0])
        second = trafilatura.core.Extractor(**_OPTION_SETS[0])
    assert first.author_blacklist is not second.author_blacklist  # no call shares a set
    assert first.date_params is not second.date_params


def test_parse_html_drops_control_characters_from_utf8_bytes():
    page = "<html><head><title>Обстріл\x07 Харкова\x1b[31m</title></head><body><p>Текст\x00 статті.</p></body></html>"
    tree = parse_html(page.encode("utf-8"), "utf-8")
    assert tree.findtext(".//title") == "Обстріл Харкова"
    assert tree.findtext(".//p") == "Текст статті."
    assert parse_html(b"<html><body><p>plain\x0b text</p></body></html>", "utf-8").findtext(".//p") == (
        "plain text")
