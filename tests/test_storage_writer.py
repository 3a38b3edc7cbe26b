"""BufferedWriter over real stores: batching, riding out outages, and never dropping an article."""

from __future__ import annotations

import sqlite3

import pytest

from newswatch.storage import BufferedWriter, SqliteStore, StoreUnavailable, WriteResult, open_store
from tests._mongo_server import NxServer, nx_available
from tests.test_storage import RUSSIAN, article


@pytest.fixture
def sqlite_store(tmp_path):
    store = SqliteStore(tmp_path / "newswatch.sqlite3", timeout=0.05)
    store.open()
    yield store
    store.close()


def _docs(n: int) -> list[dict]:
    return [article(key=f"kyivindependent.com/news-{i}") for i in range(n)]


def test_documents_are_written_in_batches_of_batch_size(sqlite_store):
    writer = BufferedWriter(sqlite_store, batch_size=3)
    results = [writer.add(doc) for doc in _docs(7)]
    assert results[:2] == [None, None] and results[3:5] == [None, None]
    assert results[2] == results[5] == WriteResult(inserted=3)
    assert results[6] is None and len(writer) == 1 and sqlite_store.count() == 6
    assert writer.flush() == WriteResult(inserted=1)
    assert writer.flush() == WriteResult()  # nothing buffered, nothing written
    writer.add(article(key="kyivindependent.com/news-0", body=RUSSIAN))
    writer.flush()
    assert writer.totals == WriteResult(inserted=7, updated=1)
    assert sqlite_store.count() == 7 and writer.pending == []


def test_a_locked_database_is_retried_with_backoff_until_it_frees(sqlite_store):
    blocker = sqlite3.connect(sqlite_store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            blocker.execute("COMMIT")

    writer = BufferedWriter(sqlite_store, batch_size=10, retry_delays=(1, 2, 4, 8, 16), sleep=sleep)
    for doc in _docs(4):
        writer.add(doc)
    assert writer.flush() == WriteResult(inserted=4)
    assert slept == [1, 2] and writer.retries == 2
    assert sqlite_store.count() == 4


def test_when_retries_run_out_the_error_propagates_and_nothing_is_dropped(sqlite_store):
    blocker = sqlite3.connect(sqlite_store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    slept: list[float] = []
    writer = BufferedWriter(sqlite_store, batch_size=3, retry_delays=(0.1, 0.2), sleep=slept.append)
    writer.add(_docs(3)[0])
    writer.add(_docs(3)[1])
    with pytest.raises(StoreUnavailable):
        writer.add(_docs(3)[2])  # the batch is full: the flush fails three times
    assert slept == [0.1, 0.2]
    assert [d["url_key"] for d in writer.pending] == [d["url_key"] for d in _docs(3)]
    blocker.execute("COMMIT")
    assert writer.flush() == WriteResult(inserted=3)
    assert writer.pending == [] and sqlite_store.count() == 3


def test_an_article_without_url_key_is_refused_at_add_and_never_blocks_a_batch(sqlite_store):
    writer = BufferedWriter(sqlite_store, batch_size=2)
    writer.add(_docs(1)[0])
    with pytest.raises(ValueError, match="url_key"):
        writer.add({"url": "https://kyivindependent.com/broken", "body": "text"})
    assert writer.add(article(key="kyivindependent.com/news-9")) == WriteResult(inserted=2)


def test_batch_size_must_be_positive(sqlite_store):
    with pytest.raises(ValueError):
        BufferedWriter(sqlite_store, batch_size=0)


def test_mongo_outage_is_ridden_out_when_the_server_comes_back(tmp_path):
    if not nx_available():
        pytest.skip("nx-27017 is not installed")
    server = NxServer(tmp_path / "nx").start()
    try:
        store = open_store(mongo_uri=server.uri, environ={"NEWSWATCH_MONGO_TIMEOUT_MS": "200"})
        writer = BufferedWriter(store, batch_size=2, sleep=lambda seconds: server.start())
        assert writer.add(_docs(2)[0]) is None
        assert writer.add(_docs(2)[1]) == WriteResult(inserted=2)
        server.stop()  # the database goes away mid-crawl
        writer.add(article(key="kyivindependent.com/late-1"))
        result = writer.add(article(key="kyivindependent.com/news-0", body=RUSSIAN))
        assert result == WriteResult(inserted=1, updated=1)  # written after the restart, same data dir
        assert writer.retries == 1
        assert store.count() == 3 and store.get("kyivindependent.com/news-0")["revision"] == 2
        store.close()
    finally:
        server.stop()
