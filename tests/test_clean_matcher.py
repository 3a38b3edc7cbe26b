"""The shared line matcher of clean_body (newswatch.clean._rules.LineMatcher) decides every line as the rule sets one
by one do, and a contains rule's parts, searched only when their own literals are there, as its whole pattern does."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import lxml.html
import pytest

from newswatch.clean._rules import (
    _contains_parts,
    language_rules,
    line_matcher,
    normalise,
    packaged_site_rules,
    rule_sets_for,
    site_text_rules,
    strip_edges,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"


@lru_cache(maxsize=1)
def _lines() -> tuple[tuple[str, str, int], ...]:
    """(norm, bare, words) of every text line of the cleaning fixtures and of a few real news pages."""
    paths = sorted((FIXTURES / "clean").glob("*.html")) + sorted((FIXTURES / "clean_unseen").glob("*.html"))
    paths += sorted(DATASET.glob("*/source.html"))[:6]
    texts = [lxml.html.document_fromstring(path.read_bytes()).text_content() for path in paths]
    texts += [path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "clean_unseen").glob("*.txt"))]
    found = []
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                norm = normalise(line.strip())
                found.append((norm, strip_edges(norm), norm.count(" ") + 1 if norm else 0))
    return tuple(found)


def _one_by_one(rule_sets, norm, bare, words):
    return next((rule for s in rule_sets if (rule := s.match(norm, bare, words)) is not None), None)


@pytest.mark.parametrize("language", ["en", "uk", "ru", None])
def test_matcher_decides_every_line_as_the_sets_one_by_one(language):
    sets = rule_sets_for(language)
    matcher = line_matcher(sets)
    assert line_matcher(sets) is matcher  # built once
    matched = 0
    for norm, bare, words in _lines():
        expected = _one_by_one(sets, norm, bare, words)
        assert matcher.match(norm, bare, words) is expected, norm
        matched += expected is not None
    assert matched >= 40  # banners of every kind were decided, not only news lines


def test_outlet_sets_stay_out_of_the_shared_matchers():
    """An outlet's set is matched on its own (a matcher per outlet and language would be rebuilt and kept)."""
    outlet = site_text_rules(packaged_site_rules("moscowtimes"), "en")
    assert outlet.rules
    assert line_matcher([language_rules("en"), language_rules("common")]) is line_matcher(rule_sets_for("en"))


def test_parts_of_a_contains_rule():
    patterns = [re.compile(r"\bwe need your (help|support)\b"), re.compile(r"^dear (readers?|friends)[,!:]"),
                re.compile(r"\bdonate|support us")]
    parts = _contains_parts(patterns)
    assert [p.pattern for p, _ in parts] == [r"\b(?:we need your (help|support)\b)", patterns[1].pattern,
                                             r"\b(?:donate|support us)"]
    assert parts[0][1] == ("we need your ",)
    assert _contains_parts(patterns[2:])[0][0].search("to support us")
    # the "\b" factored out front by _combine binds every alternative of the last pattern, as it does there
    assert not parts[2][0].search("lets-tosupport us") and parts[2][0].search("to support us")


def test_parts_referring_to_groups_keep_the_combined_pattern():
    patterns = [re.compile(r"\b(\w+) \1\b"), re.compile(r"\bdonate now\b")]
    parts = _contains_parts(patterns)
    assert len(parts) == 1 and parts[0][1] == (" ",)  # one part (numbered as in the whole), the literals of both
    assert parts[0][0].search("donate now") and parts[0][0].search("the the")
