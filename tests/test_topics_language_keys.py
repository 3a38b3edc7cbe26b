"""Topic patterns per language: every language no term is limited to shares one pattern, with the same verdicts."""

from __future__ import annotations

from pathlib import Path

from newswatch.topics import TopicMatcher
from newswatch.topics._lexicon import _compile_topic

DATASETS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets"


def test_other_languages_share_one_pattern_equal_to_their_own():
    matcher = TopicMatcher()
    limited = [topic for topic in matcher.topics if topic.languages]
    assert limited, "no topic has a language-limited term: nothing to test"
    for topic in limited:
        shared = topic.pattern("pl", matcher._endings)
        for language in ("pl", "es", "zz"):
            assert language not in topic.languages
            assert topic.pattern(language, matcher._endings) is shared
            # the pattern such a language compiled on its own before: the same expression
            assert _compile_topic(topic, language, matcher._endings).regex.pattern == shared.regex.pattern
        for language in topic.languages:  # a language some term is limited to keeps its own
            assert topic.pattern(language, matcher._endings).regex.pattern == _compile_topic(
                topic, language, matcher._endings).regex.pattern


def test_compile_all_compiles_what_match_uses_and_verdicts_do_not_change():
    body = (DATASETS / "seed" / "moscowtimes-expected-body.txt").read_text("utf-8")
    title = "Russia Says It Downed Ukrainian Drones Over Moscow Region"
    fresh = TopicMatcher()
    before = {lang: fresh.match(title, body, language=lang).topics for lang in ("en", "pl", "es", None)}
    warmed = TopicMatcher()
    warmed.compile_all()
    counts = {topic.name: len(topic._patterns) for topic in warmed.topics}
    after = {lang: warmed.match(title, body, language=lang).topics for lang in ("en", "pl", "es", None)}
    assert after == before
    assert before["pl"] == before["es"]
    assert before["en"]["russia"]["score"] > 0
    # matching compiled nothing new: every pattern it used was compiled by compile_all
    assert {topic.name: len(topic._patterns) for topic in warmed.topics} == counts
