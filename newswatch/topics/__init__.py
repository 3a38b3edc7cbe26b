"""Topic matcher: is an article about NATO, Ukraine or Russia, and why.

Pure functions over plain strings; no Scrapy. Each topic is one data file in ``lexicons/`` (adding a
topic is adding a file); the inflection classes, ignored lines and scoring constants are in
``common.yaml``. Everything is compiled once, into one regular expression per topic (and language, for
the few terms limited to a language).

>>> m = match_topics("Rutte urges allies to send Ukraine more air defence", "...")
>>> m.topic_names, m.relevant
(['nato', 'ukraine'], True)

Scoring: a hit counts ``weight x position`` (title 3, lead 2, body 1, the body factor shrinking for long
bodies), the n-th repeat of the same term counts ``0.5**n``; a topic passes when its score reaches its
threshold (the topic file's ``threshold``, overridden globally by ``threshold=`` or per topic by
``thresholds=``). A topic found only through its ``mentions`` (the country's name, capital, places) in a story
without a word of ``lexicons/signals/`` is a mention in passing and its score is discounted. The article is
relevant when any topic passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from newswatch.topics._lexicon import LexiconError
from newswatch.topics._matcher import TermHit, TopicMatch, TopicMatcher, TopicScore

__all__ = ["LexiconError", "TermHit", "TopicMatch", "TopicMatcher", "TopicScore", "default_matcher", "match_topics"]


@cache
def default_matcher() -> TopicMatcher:
    """The matcher over the packaged lexicons, built on first use."""
    return TopicMatcher()


def match_topics(
    title: str | None,
    body: str | None,
    description: str | None = None,
    language: str | None = None,
    *,
    threshold: float | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> TopicMatch:
    """Score ``title``/``description``/``body`` against every packaged topic. Never raises on odd input."""
    return default_matcher().match(
        title, body, description, language, threshold=threshold, thresholds=thresholds
    )
