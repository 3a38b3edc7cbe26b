"""The literal prefilter of the text rules (newswatch.clean._literals) never rules out a line a pattern matches."""

from __future__ import annotations

import random
import re
from pathlib import Path

import lxml.html
import pytest

from newswatch.clean._literals import any_literals, necessary_literals, never_spans
from newswatch.clean._rules import TEXT_LANGUAGES, language_rules, normalise, packaged_site_rules, site_text_rules

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("pattern, banner, news", [
    (r"\bwe need your (help|support)\b", "right now we need your support.", "the mayor said the city needs help"),
    (r"\bdonate( now| today| here)?\b", "donate today", "the donation was reported on monday"),
    (r"\bsign up for (our|the) (daily |weekly )?digest\b", "sign up for our weekly digest", "a digest of the week"),
    (r"\berid:? ?[0-9a-z]{6,}\b", "реклама. ооо ромашка, erid: 2vtzqwerty", "the era of drones"),
])
def test_literals_keep_banners_and_rule_out_news(pattern, banner, news):
    compiled = re.compile(pattern)
    literals = necessary_literals(compiled)
    assert compiled.search(banner) and any(lit in banner for lit in literals)
    assert not any(lit in news for lit in literals)  # the line is ruled out without a regex search


@pytest.mark.parametrize("pattern", [r"^[\W_]+$", r"(?i)subscribe", r"x(?i:ab)y", r"\w+\d", r".*", r"(a|\d)b?"])
def test_no_bound_means_always_searched(pattern):
    assert necessary_literals(re.compile(pattern)) is None


TRICKY = [
    r"ab(c|)a", r"a(b|c)?c", r"(ab|ba){2}", r"a\b b", r"(?:a|b)(?:c|a)(?:b|c)", r"^(ab|c)+a$", r"c[ab]c",
    r"(a(b|c)|b(a|c))a", r"a{2,3}b", r"(?<!a)bc", r"b(?=a)a", r"(a|b c)( a)?b", r"(?>ab|a)c", r"a[^b]c",
    r"([ab]+c)+a", r"a(bc?)+ ", r"(ab)+(c|a)", r"a\sb", r"\s(ab|c)\s+a", r"(a\s*)+b", r"(b[^a]*c)+ab",
]


@pytest.mark.parametrize("single_spaces", [False, True])
@pytest.mark.parametrize("pattern", TRICKY)
def test_random_strings_matched_hold_a_literal(pattern, single_spaces):
    compiled = re.compile(pattern)
    literals = necessary_literals(compiled, single_spaces=single_spaces)
    rng = random.Random(pattern)
    matched = 0
    for _ in range(4000):
        text = " ".join("".join(rng.choice("abc ") for _ in range(rng.randint(1, 9))).split())  # single spaces
        if compiled.search(text):
            matched += 1
            assert literals is None or any(lit in text for lit in literals), (pattern, text, literals)
    assert matched >= 20


def _rule_sets():
    sets = [language_rules(lang) for lang in (*TEXT_LANGUAGES, "common")]
    for path in sorted((Path(__file__).resolve().parents[1] / "newswatch" / "clean" / "sites").glob("*.yaml")):
        sets.append(site_text_rules(packaged_site_rules(path.stem), None))
    return sets


def _lines() -> list[str]:
    """Every text line of the cleaning fixtures (banners and news), normalised as clean_body does."""
    lines = []
    for path in sorted((FIXTURES / "clean").glob("*.html")) + sorted((FIXTURES / "clean_unseen").glob("*.html")):
        text = lxml.html.document_fromstring(path.read_bytes()).text_content()
        lines += [normalise(line) for line in text.split("\n") if line.strip()]
    for path in sorted((FIXTURES / "clean_unseen").glob("*.txt")):
        lines += [normalise(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return lines


def test_rule_literals_never_rule_out_a_matching_line():
    """On real banner and news lines: whenever a rule's contains pattern matches, one of its literals is there."""
    lines = _lines()
    matched = bounded = 0
    for rule_set in _rule_sets():
        for rule in rule_set.rules:
            if not rule.contains:
                continue
            bounded += rule.literals is not None
            for line in lines:
                if any(p.search(line) for p in rule.contains):
                    matched += 1
                    assert rule.literals is None or any(lit in line for lit in rule.literals), (rule.name, line)
    assert bounded >= 40  # nearly every rule gets a prefilter
    assert matched >= 100  # the fixtures hold many banners: the check ran on real matches


def test_any_literals_of_several_patterns():
    patterns = [re.compile(r"\bnewsletters?\b"), re.compile(r"\bsign up for (our|the) digest\b")]
    literals = any_literals(patterns)
    assert all(any(lit in text for lit in literals) for text in ("our newsletter", "sign up for the digest"))
    assert not any(lit in "the letters were sent" for lit in literals)
    assert any_literals([*patterns, re.compile(r"^\W+$")]) is None


@pytest.mark.parametrize("pattern, apart", [
    (r"(?<![a-z0-9])ad(?![a-z0-9])", True), (r"(?<!-)social(?!-)", True), (r"share-?(bar|tools)", True),
    (r"a\bb", True), (r"a b", False), (r"a\sb", False), (r"a.b", False), (r"a[^x]b", False), (r"^ad", False),
    (r"ad$", False), (r"(?<= )x", False), (r"[ -~]", False), (r"(?i)ad", False),
])
def test_never_spans_a_space(pattern, apart):
    assert never_spans(re.compile(pattern), " ") is apart
