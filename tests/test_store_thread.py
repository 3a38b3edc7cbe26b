"""The store pipeline writes on a thread of its own: a database that is slow, locked or down never freezes the crawl.

Before, every batch was written, and every retry slept, on the reactor thread: while the database was retried
(1 + 2 + 4 + 8 + 16 s by default) no download, parse or item moved. These tests run the real StorePipeline over a
real SQLite store that another connection locks (what a second crawl writing, or a database that does not answer,
looks like to the writer), and watch the event loop's heartbeat meanwhile.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time

import pytest
from scrapy.utils.test import get_crawler

from newswatch.pipelines import StorePipeline
from newswatch.storage import open_store
from tests.test_storage import article


def _pipeline(tmp_path, monkeypatch, delays: str) -> tuple[StorePipeline, object]:
    # How long the writer waits for another connection's lock before the store counts as unavailable.
    monkeypatch.setenv("NEWSWATCH_SQLITE_TIMEOUT", "0.1")
    crawler = get_crawler(settings_dict={"NEWSWATCH_DB_PATH": str(tmp_path / "db.sqlite3"),
                                         "NEWSWATCH_SPILL_DIR": str(tmp_path / "spill"), "MONGO_URI": None,
                                         "NEWSWATCH_STORE_BATCH_SIZE": 5, "NEWSWATCH_STORE_RETRY_DELAYS": delays})
    crawler.stats.open_spider()
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline, crawler.stats


async def _feed_while_locked(db, docs, pipeline, unlock_after: float | None) -> float:
    """Feed ``docs`` (one every 20 ms) while another connection holds the database's write lock, released after
    ``unlock_after`` seconds (None: at the end); returns the longest the event loop went without a tick."""
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    loop = asyncio.get_running_loop()
    if unlock_after is not None:
        loop.call_later(unlock_after, lock.rollback)
    longest, last, feeding = 0.0, time.monotonic(), True

    async def heartbeat():
        nonlocal longest, last
        while feeding:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest, last = max(longest, now - last), now

    beat = asyncio.ensure_future(heartbeat())
    for doc in docs:
        await pipeline.process_item(doc)
        await asyncio.sleep(0.02)
    feeding = False
    await beat
    if unlock_after is None:
        lock.rollback()
    lock.close()
    return longest


def _stored_keys(tmp_path) -> list[str]:
    store = open_store(db_path=tmp_path / "db.sqlite3")
    try:
        return sorted(doc["url_key"] for doc in store.iter_articles())
    finally:
        store.close()


def test_a_locked_database_is_retried_off_the_crawl_thread(tmp_path, monkeypatch):
    pipeline, stats = _pipeline(tmp_path, monkeypatch, delays="1.2,1.2,1.2")
    docs = [article(key=f"thread.example/{n}", body=f"Story {n} about the strike on Kharkiv.") for n in range(30)]
    longest = asyncio.run(_feed_while_locked(tmp_path / "db.sqlite3", docs, pipeline, unlock_after=1.5))
    pipeline.close_spider()
    assert stats.get_value("newswatch/store/retries", 0) >= 1  # the first batch did meet the lock
    # The writer waited 0.1 s for the lock, then slept 1.2 s before trying again: on the reactor thread that was a
    # stall of 1.3 s; now the loop only waits for the feed's own 20 ms sleeps (and, here, a busy machine).
    assert longest < 0.8, f"the event loop stalled for {longest:.2f} s"
    assert _stored_keys(tmp_path) == sorted(doc["url_key"] for doc in docs)
    assert stats.get_value("newswatch/store/inserted") == len(docs)
    assert stats.get_value("newswatch/store/spilled") is None
    assert not list((tmp_path / "spill").glob("journal-*.jsonl"))  # every journal file released once written


def test_an_outage_past_the_retries_spills_and_replays_in_the_same_run(tmp_path, monkeypatch):
    pipeline, stats = _pipeline(tmp_path, monkeypatch, delays="1")
    docs = [article(key=f"outage.example/{n}", body=f"Report {n} on the grain corridor.") for n in range(23)]
    longest = asyncio.run(_feed_while_locked(tmp_path / "db.sqlite3", docs[:12], pipeline, unlock_after=None))
    assert stats.get_value("newswatch/store/spilled", 0) >= 5  # a batch gave up and went to the spill file
    assert longest < 0.8, f"the event loop stalled for {longest:.2f} s"

    async def rest():
        for doc in docs[12:]:
            await pipeline.process_item(doc)

    asyncio.run(rest())
    pipeline.close_spider()
    assert _stored_keys(tmp_path) == sorted(doc["url_key"] for doc in docs)
    assert stats.get_value("newswatch/store/replayed") == stats.get_value("newswatch/store/spilled")
    assert not list((tmp_path / "spill").glob("spill-*.jsonl"))
    assert not list((tmp_path / "spill").glob("journal-*.jsonl"))


def test_a_full_batch_waits_for_the_one_being_written(tmp_path, monkeypatch):
    """The crawl slows to the database's pace instead of buffering without bound: while a batch is retried, the
    next full batch waits for it (counted), and nothing is written twice."""
    pipeline, stats = _pipeline(tmp_path, monkeypatch, delays="0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2")
    docs = [article(key=f"wait.example/{n}", body=f"Brief {n} on the Zaporizhzhia plant.") for n in range(12)]

    async def burst():
        lock = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        asyncio.get_running_loop().call_later(0.5, lock.rollback)
        await asyncio.gather(*(pipeline.process_item(doc) for doc in docs))
        lock.close()

    asyncio.run(burst())
    pipeline.close_spider()
    assert stats.get_value("newswatch/store/waits", 0) >= 1
    assert stats.get_value("newswatch/store/inserted") == len(docs)
    assert stats.get_value("newswatch/store/unchanged") is None
    assert _stored_keys(tmp_path) == sorted(doc["url_key"] for doc in docs)


@pytest.mark.parametrize("batch", [1, 3])
def test_every_article_is_stored_once_whatever_the_batch(tmp_path, monkeypatch, batch):
    monkeypatch.setenv("NEWSWATCH_SQLITE_TIMEOUT", "1")
    crawler = get_crawler(settings_dict={"NEWSWATCH_DB_PATH": str(tmp_path / "db.sqlite3"),
                                         "NEWSWATCH_SPILL_DIR": str(tmp_path / "spill"), "MONGO_URI": None,
                                         "NEWSWATCH_STORE_BATCH_SIZE": batch})
    crawler.stats.open_spider()
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    docs = [article(key=f"once.example/{n}", body=f"Dispatch {n} from Odesa.") for n in range(10)]

    async def feed():
        for doc in docs:
            await pipeline.process_item(doc)

    asyncio.run(feed())
    pipeline.close_spider()
    assert crawler.stats.get_value("newswatch/store/inserted") == len(docs)
    assert _stored_keys(tmp_path) == sorted(doc["url_key"] for doc in docs)


def test_a_batch_in_flight_keeps_its_journal_file_locked_until_it_is_written(tmp_path):
    """What a crawl killed mid-write leaves: the batch's journal file, replayed by the next crawl; while its owner
    lives, no other crawl replays it (it is being written)."""
    from newswatch.storage import SqliteStore
    from newswatch.storage._spill import Journal, Spill

    store = SqliteStore(tmp_path / "db.sqlite3")
    store.open()
    journal = Journal(tmp_path / "spill")
    docs = [article(key=f"journal.example/{n}") for n in range(3)]
    for doc in docs[:2]:
        journal.append(doc)
    segment = journal.rotate()
    journal.append(docs[2])  # the next batch, in a file of its own
    assert len(list((tmp_path / "spill").glob("journal-*.jsonl"))) == 2
    spill = Spill(tmp_path / "spill")
    assert spill.replay(store) == 0  # both locked: this crawl is alive
    segment.keep()  # the write failed and nothing else holds them: the file is left to the next crawl
    assert spill.replay(store) == 2
    assert sorted(d["url_key"] for d in store.iter_articles()) == [d["url_key"] for d in docs[:2]]
    journal.close()  # the live journal, not empty, stays for replay too
    assert spill.replay(store) == 1
    released = Journal(tmp_path / "spill2")
    released.append(docs[0])
    released.rotate().release()
    assert not list((tmp_path / "spill2").glob("journal-*.jsonl"))
    store.close()
