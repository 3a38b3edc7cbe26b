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
    warmed.compile_all(())  # every language
    counts = {topic.name: len(topic._patterns) for topic in warmed.topics}
    after = {lang: warmed.match(title, body, language=lang).topics for lang in ("en", "pl", "es", None)}
    assert after == before
    assert before["pl"] == before["es"]
    assert before["en"]["russia"]["score"] > 0
    # matching compiled nothing new: every pattern it used was compiled by compile_all
    assert {topic.name: len(topic._patterns) for topic in warmed.topics} == counts


def test_the_crawl_warms_up_only_its_outlets_languages_and_compiles_another_when_first_met():
    """The fork server's start-up (which every crawl waits for before its first article) compiled every language's
    patterns: ~10 s of CPU on this machine, 7 language keys of ~80 KB patterns. It now compiles the languages of
    common.yaml's warm_up_languages; an article in another language still gets its own, same verdict."""
    body = (DATASETS / "seed" / "moscowtimes-expected-body.txt").read_text("utf-8")
    title = "Russia Says It Downed Ukrainian Drones Over Moscow Region"
    everything = TopicMatcher()
    everything.compile_all(())
    warm = TopicMatcher()
    assert set(warm._warm_up_languages) == {"uk", "ru", "en"}
    warm.compile_all()
    compiled = {topic.name: set(topic._patterns) for topic in warm.topics}
    limited = [topic for topic in warm.topics if topic.languages]
    assert limited, "no topic has a language-limited term: nothing to test"
    for topic in warm.topics:
        if not topic.languages:  # one pattern for every language
            assert compiled[topic.name] == {None}
            continue
        assert compiled[topic.name] == {lang for lang in ("uk", "ru", "en") if lang in topic.languages} | (
            {"*"} if {"uk", "ru", "en"} - topic.languages else set())
        assert len(compiled[topic.name]) < len(topic.language_keys())
    for lang in ("en", "ru", "uk"):  # warmed: matching compiles nothing
        warm.match(title, body, language=lang)
    assert {topic.name: set(topic._patterns) for topic in warm.topics} == compiled
    for lang in ("de", None):  # not warmed: compiled when first met, with the verdict of a matcher that warmed all
        assert warm.match(title, body, language=lang).topics == everything.match(title, body, language=lang).topics
    assert all(set(topic._patterns) > compiled[topic.name] for topic in limited)
