"""Analysts' questions over the stored articles, the same on MongoDB and on the embedded store.

:class:`QuerySpec` is one filter (topics, outlets, languages, authors, a publication window, words, syndicated
or not); :func:`mongo_filter` and :func:`sql_where` translate it, :func:`find_articles` and
:func:`count_articles` run it on either store (newest first). The aggregation helpers (``per_day_by_topic``,
``per_outlet_and_language``, ``syndicated_stories``, ``rising_terms``, ``crawl_health``) are pure functions
over documents, used by ``newswatch report``.

Indexes behind it (created by each store's ``open()``): ``published_at``, ``source + published_at``,
``topic_names + published_at`` (SQLite: the ``article_topics`` side table), ``language``, ``story_id``, and
full text on title + body (MongoDB text index; SQLite FTS5 ``articles_fts``).
"""

from newswatch.query._aggregate import (
    NO_TOPIC,
    Copy,
    OutletHealth,
    RisingTerm,
    Story,
    crawl_health,
    days_between,
    per_day_by_topic,
    per_outlet_and_language,
    rising_terms,
    stopwords,
    syndicated_stories,
    title_terms,
)
from newswatch.query._run import QueryError, count_articles, find_articles
from newswatch.query._spec import QuerySpec, fts_match, mongo_filter, parse_time, sql_where, text_search

__all__ = [
    "NO_TOPIC",
    "Copy",
    "OutletHealth",
    "QueryError",
    "QuerySpec",
    "RisingTerm",
    "Story",
    "count_articles",
    "crawl_health",
    "days_between",
    "find_articles",
    "fts_match",
    "mongo_filter",
    "parse_time",
    "per_day_by_topic",
    "per_outlet_and_language",
    "rising_terms",
    "sql_where",
    "stopwords",
    "syndicated_stories",
    "text_search",
    "title_terms",
]
