"""newswatch.query: the filter spec, its two translations run on both stores, and the SQLite search indexes."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from newswatch.query import QuerySpec, count_articles, find_articles, parse_time
from newswatch.storage import SqliteStore
from tests._mongo_server import nx_server_fixture, store_fixture, store_spec_fixture  # noqa: F401
from tests.test_storage import dataset_articles

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


# --- parse_time ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "end", "expected"), [
    ("7d", False, NOW - timedelta(days=7)),
    (" 48H ", False, NOW - timedelta(hours=48)),
    ("2w", False, NOW - timedelta(weeks=2)),
    ("2026-11-20", False, datetime(2026, 11, 20, tzinfo=UTC)),
    ("2026-11-20", True, datetime(2026, 11, 21, tzinfo=UTC)),  # --until a date includes that day
    ("2026-11-20T10:00", False, datetime(2026, 11, 20, 10, tzinfo=UTC)),  # no zone: UTC
    ("2026-11-20T10:00+02:00", True, datetime(2026, 11, 20, 8, tzinfo=UTC)),
    ("2026-11-20T10:00:00Z", False, datetime(2026, 11, 20, 10, tzinfo=UTC)),
])
def test_parse_time(text, end, expected):
    assert parse_time(text, NOW, end=end) == expected


@pytest.mark.parametrize("garbage", ["", "yesterday", "7 days", "-3d", "2026-13-45", "7x"])
def test_parse_time_refuses_garbage(garbage):
    with pytest.raises(ValueError):
        parse_time(garbage, NOW)


def test_text_words_drop_punctuation():
    assert QuerySpec(text="NATO's air-defence, (Київ)!").words() == ["NATO", "s", "air", "defence", "Київ"]


# --- the same answers from both stores --------------------------------------------------------------------------

def _corpus() -> list[dict]:
    """The real pages of ../shared/datasets, given the fields the filters look at, in a known pattern."""
    docs = dataset_articles()
    topic_cycle = [["nato", "ukraine"], ["ukraine"], ["russia"], [], ["nato"], ["russia", "ukraine"]]
    for n, doc in enumerate(docs):
        doc["source"] = ("kyivindependent", "moscowtimes", "meduza_en")[n % 3]
        doc["published_at"] = NOW - timedelta(hours=9 * n + 1)
        doc["topic_names"] = topic_cycle[n % len(topic_cycle)]
        doc["story_id"] = f"story-{n // 2}"
        doc["syndicated"] = n % 2 == 1
        doc["duplicate_of"] = docs[n - 1]["url_key"] if n % 2 else None
        if n % 5 == 0:
            doc["authors"] = [*doc["authors"], "Olena Harmash"]
    docs[-1]["published_at"] = None  # an undated article: never in a date range, last in order
    docs[-1]["topic_names"] = ["ukraine"]
    return docs


def _tokens(text: str | None) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text or "")}


def _matches(doc: dict, spec: QuerySpec) -> bool:
    """What each filter means, written plainly over one document (the oracle)."""
    published = doc.get("published_at")
    return all([
        all(t in (doc.get("topic_names") or []) for t in spec.topics),
        not spec.sources or doc.get("source") in spec.sources,
        not spec.languages or doc.get("language") in spec.languages,
        not spec.authors or any(a in spec.authors for a in doc.get("authors") or []),
        spec.since is None or (published is not None and published >= spec.since),
        spec.until is None or (published is not None and published < spec.until),
        spec.syndicated is None or bool(doc.get("syndicated")) == spec.syndicated,
        all(w.casefold() in _tokens(doc.get("title")) | _tokens(doc.get("body")) for w in spec.words()),
    ])


def _expected(docs: list[dict], spec: QuerySpec) -> list[str]:
    dated = sorted((d for d in docs if _matches(d, spec) and d.get("published_at")),
                   key=lambda d: d["published_at"], reverse=True)
    undated = [d for d in reversed(docs) if _matches(d, spec) and not d.get("published_at")]
    keys = [d["url_key"] for d in dated + undated]
    return keys if spec.limit is None else keys[: spec.limit]


SPECS = {
    "everything": QuerySpec(),
    "one topic": QuerySpec(topics=("nato",)),
    "two topics, both needed": QuerySpec(topics=("nato", "ukraine")),
    "topic in a window": QuerySpec(topics=("ukraine",), since=NOW - timedelta(days=5), until=NOW - timedelta(days=1)),
    "topic until (the undated one left out)": QuerySpec(topics=("ukraine",), until=NOW - timedelta(days=2)),
    "outlets": QuerySpec(sources=("moscowtimes", "meduza_en")),
    "outlet since": QuerySpec(sources=("kyivindependent",), since=NOW - timedelta(days=4)),
    "language": QuerySpec(languages=("en",)),
    "author": QuerySpec(authors=("Olena Harmash",)),
    "syndicated copies": QuerySpec(syndicated=True),
    "first copies, newest 4": QuerySpec(syndicated=False, limit=4),
    "a word": QuerySpec(text="government"),
    "a word, any case": QuerySpec(text="PRESIDENT"),
    "limit": QuerySpec(limit=3),
    "limit 0": QuerySpec(limit=0),
}


@pytest.mark.parametrize("name", list(SPECS))
def test_both_stores_answer_like_the_oracle(store, store_spec, name):
    docs = _corpus()
    store.upsert_articles(docs)
    spec = SPECS[name]
    expected = _expected(docs, spec)
    if name not in ("everything", "limit", "limit 0"):
        assert 0 < len(expected) < len(docs), f"{name}: the corpus must make this filter discriminate"
    got = [d["url_key"] for d in find_articles(store, spec, body=False)]
    assert got == expected


@pytest.mark.parametrize("name", list(SPECS))
def test_both_stores_count_like_the_oracle(store, store_spec, name):
    spec = SPECS[name]
    docs = _corpus()
    store.upsert_articles(docs)
    assert count_articles(store, spec) == len(_expected(docs, QuerySpec(**{**spec.__dict__, "limit": None})))


def test_several_words_must_all_occur(store, store_spec):
    docs = _corpus()
    store.upsert_articles(docs)
    spec = QuerySpec(text="president government")
    expected = _expected(docs, spec)
    assert 0 < len(expected) < len(_expected(docs, QuerySpec(text="government")))
    assert [d["url_key"] for d in find_articles(store, spec)] == expected


def test_words_may_be_split_between_title_and_body(store, store_spec):
    from tests.test_storage import article

    store.upsert_articles([
        article("example.org/both", title="NATO summit opens in The Hague", body="Leaders discussed Ukraine."),
        article("example.org/nato-only", title="NATO budget grows", body="Spending rises again."),
        article("example.org/ukraine-only", title="Ukraine grain exports", body="Record harvest shipped."),
    ])
    assert [d["url_key"] for d in find_articles(store, QuerySpec(text="nato ukraine"))] == ["example.org/both"]


def test_cyrillic_words_match_any_case(store, store_spec):
    from tests.test_storage import article

    store.upsert_articles([article(), article("ukrinform.net/other", title="Погода", body="Сонячно.", topic_names=[])])
    got = [d["url_key"] for d in find_articles(store, QuerySpec(text="нато"))]  # the body says «НАТО»
    assert got == ["ukrinform.net/rubric-ato/4021"]


def test_body_can_be_left_out(store, store_spec):
    store.upsert_articles(_corpus()[:3])
    assert all("body" not in d and d["title"] for d in find_articles(store, QuerySpec(), body=False))
    assert all(d["body"] for d in find_articles(store, QuerySpec()))


# --- the embedded store's search indexes ------------------------------------------------------------------------

def _keys(store, **spec) -> set[str]:
    return {d["url_key"] for d in find_articles(store, QuerySpec(**spec))}


def test_sqlite_search_indexes_follow_updates_and_deletes(tmp_path):
    from tests.test_storage import article

    with SqliteStore(tmp_path / "s.sqlite3") as store:
        store.upsert_articles([article(topic_names=["ukraine"])])
        assert _keys(store, topics=("ukraine",)) == {"ukrinform.net/rubric-ato/4021"}
        assert _keys(store, text="Покровському") == {"ukrinform.net/rubric-ato/4021"}
        # A new revision: other body, other topics, another date.
        store.upsert_articles([article(topic_names=["nato"], body="Генсек НАТО прибув до Києва.",
                                       published_at=NOW)])
        assert _keys(store, topics=("ukraine",)) == set()
        assert _keys(store, topics=("nato",), since=NOW) == {"ukrinform.net/rubric-ato/4021"}
        assert _keys(store, text="Генштабі") == set()  # old body gone from the index...
        assert _keys(store, text="прибув") == {"ukrinform.net/rubric-ato/4021"}  # ...new one in
        store.conn.execute("DELETE FROM articles")
        assert store.conn.execute("SELECT count(*) FROM article_topics").fetchone()[0] == 0
        assert _keys(store, text="прибув") == set()


def test_a_database_from_before_the_search_indexes_is_indexed_on_open(tmp_path):
    path = tmp_path / "old.sqlite3"
    docs = _corpus()
    with SqliteStore(path) as store:
        store.upsert_articles(docs)
    conn = sqlite3.connect(path)  # turn it into a database written before this version
    conn.executescript("DROP TRIGGER articles_search_insert; DROP TRIGGER articles_search_update;"
                       "DROP TRIGGER articles_search_delete; DROP TABLE articles_fts; DROP TABLE article_topics;"
                       "DROP VIEW articles_text;")
    conn.close()
    with SqliteStore(path) as store:
        for spec in (QuerySpec(topics=("nato",)), QuerySpec(text="government")):
            assert [d["url_key"] for d in find_articles(store, spec)] == _expected(docs, spec)
    with SqliteStore(path) as store:  # opening again changes nothing
        assert store.conn.execute("SELECT count(*) FROM article_topics").fetchone()[0] == sum(
            len(d["topic_names"]) for d in docs)


@pytest.mark.parametrize(("spec", "index"), [
    (QuerySpec(topics=("nato",), since=NOW - timedelta(days=7)), "article_topics"),
    (QuerySpec(sources=("moscowtimes",), since=NOW - timedelta(days=7)), "articles_source_published_at"),
    (QuerySpec(since=NOW - timedelta(days=7)), "articles_published_at"),
    (QuerySpec(languages=("en",)), "articles_language"),
    (QuerySpec(text="government"), "articles_fts"),
])
def test_sqlite_filters_use_their_index(tmp_path, spec, index):
    from newswatch.query import sql_where

    with SqliteStore(tmp_path / "s.sqlite3") as store:
        store.upsert_articles(_corpus())
        store.conn.execute("ANALYZE")
        where, params = sql_where(spec)
        plan = " | ".join(row[-1] for row in store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT doc FROM articles AS a WHERE {where} ORDER BY a.published_at DESC", params))
    assert index in plan, plan
