"""Faults during real crawls: the database going away (MongoDB wire server stopped, SQLite file locked),
SIGTERM and SIGKILL mid-crawl, a hanging server. After each, every article is stored exactly once.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pymongo
import pytest

from newswatch.storage import SqliteStore
from tests._mongo_server import NxServer, nx_available
from tests.crawling import PROJECT_ROOT, CrawlRun, crawl_command, run_crawl
from tests.mocksite import MockNewsSite, bulk_routes

#: Store settings that make an outage show within a second instead of minutes.
FAST_STORE = {"NEWSWATCH_STORE_BATCH_SIZE": "4", "NEWSWATCH_STORE_RETRY_DELAYS": "0.1,0.2"}
FAST_STORE_ENV = {"NEWSWATCH_SQLITE_TIMEOUT": "0.2", "NEWSWATCH_MONGO_TIMEOUT_MS": "300"}
#: A crawl slow enough to be interrupted: one article at a time from a site answering in `latency` seconds.
#: A long download timeout: on a loaded machine (the suite runs two test files at once) a stalled second must not
#: turn into a timeout and a retry, which the fetch counts below would read as a page fetched twice.
SLOW = {"CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NEWSWATCH_EXTRACT_WORKERS": "0",
        "DOWNLOAD_TIMEOUT": "60"}


def _bulk_paths(count: int) -> set[str]:
    return {f"/bulk/{n}" for n in range(count)}


def _articles_served(site: MockNewsSite) -> int:
    return sum(hits for path, hits in site.hits.items() if path.startswith("/bulk/"))


def _when(condition, action, timeout: float = 60) -> threading.Thread:
    """Run ``action`` in a thread as soon as ``condition()`` is true."""
    def watch():
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.02)
        action()
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def _assert_each_stored_once(docs: list[dict], site: MockNewsSite, count: int) -> None:
    paths = [doc["url"].removeprefix(site.base_url) for doc in docs]
    assert sorted(paths) == sorted(_bulk_paths(count)), sorted(set(_bulk_paths(count)) - set(paths))
    assert len({doc["url_key"] for doc in docs}) == len(docs) == count


# --- the database goes away ------------------------------------------------------------------------------------


def test_sqlite_locked_at_start_and_mid_crawl_then_released(tmp_path):
    """The file is locked before the crawl opens it and stays locked for half the crawl: the crawl starts
    anyway, batches are retried then spilled; once the lock is gone the spill is replayed in the same run."""
    count = 24
    db_path = tmp_path / "newswatch.sqlite3"
    SqliteStore(db_path).open()  # the schema exists; now another process holds the write lock
    locker = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    with MockNewsSite(routes=bulk_routes(count, latency=0.05)) as site:
        release = _when(lambda: _articles_served(site) >= count // 2, lambda: locker.execute("COMMIT"))
        run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings={**FAST_STORE, **SLOW},
                        env=FAST_STORE_ENV)
        release.join()
    locker.close()
    assert run.returncode == 0, run.log[-3000:]
    assert run.stat("newswatch/store/unavailable_at_open") == 1
    assert run.stat("newswatch/store/spilled") >= 4
    assert run.stat("newswatch/store/replayed") == run.stat("newswatch/store/spilled")
    assert "spilled to" in run.log and "is reachable again" in run.log
    _assert_each_stored_once(run.stored(), site, count)
    assert not list((tmp_path / "spill").glob("*.jsonl"))  # nothing left behind


def test_store_down_for_the_whole_crawl_is_replayed_by_the_next_run(tmp_path):
    count = 10
    db_path = tmp_path / "newswatch.sqlite3"
    SqliteStore(db_path).open()
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    routes = bulk_routes(count)
    routes["/empty.xml"] = lambda handler, base: (200, "application/rss+xml",
                                                  b'<rss version="2.0"><channel><title>e</title></channel></rss>', None)
    with MockNewsSite(routes=routes) as site:
        down = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings=FAST_STORE, env=FAST_STORE_ENV)
        locker.execute("COMMIT")
        locker.close()
        assert down.returncode == 0, down.log[-3000:]
        assert down.stat("newswatch/store/spilled") == count and down.stat("item_scraped_count") == count
        spilled = list((tmp_path / "spill").glob("spill-*.jsonl"))
        assert spilled and sum(len(p.read_text().splitlines()) for p in spilled) == count
        assert SqliteStore(db_path).count() == 0
        # The next run has nothing new to crawl; opening the store replays the journal.
        again = run_crawl(tmp_path, args={"feeds": site.url("/empty.xml")}, settings=FAST_STORE, env=FAST_STORE_ENV)
    assert again.returncode == 0, again.log[-3000:]
    assert again.stat("newswatch/store/replayed") == count
    _assert_each_stored_once(again.stored(), site, count)
    assert not list((tmp_path / "spill").glob("*.jsonl"))


@pytest.mark.skipif(not nx_available(), reason="nx-27017 is not installed")
def test_mongodb_stopped_and_restarted_mid_crawl(tmp_path):
    """Stop the MongoDB wire server a third of the way in, start it again at two thirds."""
    count = 30
    server = NxServer(tmp_path / "nx").start()
    try:
        with MockNewsSite(routes=bulk_routes(count, latency=0.05)) as site:
            stop = _when(lambda: _articles_served(site) >= count // 3, server.stop)
            restart = _when(lambda: _articles_served(site) >= 2 * count // 3, server.start)
            run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings={**FAST_STORE, **SLOW},
                            env={**FAST_STORE_ENV, "MONGO_URI": server.uri, "MONGO_DATABASE": "faults"})
            stop.join()
            restart.join()
        assert run.returncode == 0, run.log[-3000:]
        assert run.stat("newswatch/store/spilled") >= 1 and run.stat("newswatch/store/retries") >= 2, run.log[-3000:]
        assert run.stat("newswatch/store/replayed") == run.stat("newswatch/store/spilled")
        with pymongo.MongoClient(server.uri, serverSelectionTimeoutMS=2000, tz_aware=True) as client:
            docs = list(client["faults"]["articles"].find({}, {"url": 1, "url_key": 1}))
        _assert_each_stored_once(docs, site, count)
        assert not list((tmp_path / "spill").glob("*.jsonl"))
    finally:
        server.stop()


# --- signals ---------------------------------------------------------------------------------------------------


def _start(tmp_path: Path, site: MockNewsSite, settings: dict) -> tuple[subprocess.Popen, Path, Path]:
    cmd, env, db_path, stats_file = crawl_command(tmp_path, args={"feeds": site.url("/bulk.xml")},
                                                  settings={**SLOW, **settings})
    log = (tmp_path / f"crawl-{stats_file.stem}.log").open("w")
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, db_path, stats_file


def _wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_sigterm_mid_crawl_flushes_buffered_writes(tmp_path):
    count = 40
    with MockNewsSite(routes=bulk_routes(count, latency=0.1)) as site:
        # One batch holds the whole crawl: without the flush at shutdown nothing would be stored.
        proc, db_path, stats_file = _start(tmp_path, site, {"NEWSWATCH_STORE_BATCH_SIZE": "1000"})
        _wait_for(lambda: _articles_served(site) >= 10)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    stats = json.loads(stats_file.read_text())
    assert stats["finish_reason"] == "shutdown"
    docs = CrawlRun(0, stats, "", db_path).stored()
    assert 5 <= len(docs) < count
    assert len(docs) == stats["item_scraped_count"] == stats["newswatch/store/inserted"]
    assert len({d["url_key"] for d in docs}) == len(docs)
    assert not list((tmp_path / "spill").glob("*.jsonl"))


def test_sigkill_then_rerun_with_the_same_jobdir_stores_everything_once(tmp_path):
    count = 30
    jobdir = tmp_path / "job"
    with MockNewsSite(routes=bulk_routes(count, latency=0.1)) as site:
        settings = {"JOBDIR": str(jobdir), "NEWSWATCH_STORE_BATCH_SIZE": "1000"}
        proc, db_path, _ = _start(tmp_path, site, settings)
        _wait_for(lambda: _articles_served(site) >= 10)
        time.sleep(0.3)  # some articles extracted and buffered, others in flight
        proc.kill()
        proc.wait(30)
        assert SqliteStore(db_path).count() == 0  # nothing was flushed: everything is in the journal or queue
        assert list((tmp_path / "spill").glob("journal-*.jsonl"))
        assert (jobdir / "requests.queue").is_dir()
        resumed = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings={**SLOW, **settings})
    assert resumed.returncode == 0, resumed.log[-3000:]
    # Requests (with their Entry cb_kwargs) go through the JOBDIR disk queue, so they must pickle.
    assert resumed.stat("scheduler/enqueued/disk") >= 1 and "Unable to serialize" not in resumed.log
    # The articles buffered when the process died come back from the write-ahead journal...
    assert resumed.stat("newswatch/store/replayed") >= 1
    # ...and whatever was queued or in flight is found again: Scrapy writes its queue state and seen-set
    # buffer only at a clean shutdown, so after SIGKILL the rerun rediscovers from the feed.
    _assert_each_stored_once(resumed.stored(), site, count)
    retried = resumed.stat("retry/count")  # a timeout on a loaded machine: fetched again, and said so
    assert all(site.hits[path] <= 2 + retried for path in _bulk_paths(count))
    assert not list((tmp_path / "spill").glob("*.jsonl"))


def test_sigterm_with_jobdir_then_rerun_resumes_where_it_stopped(tmp_path):
    count = 30
    jobdir = tmp_path / "job"
    with MockNewsSite(routes=bulk_routes(count, latency=0.1)) as site:
        settings = {"JOBDIR": str(jobdir)}
        proc, db_path, first_stats = _start(tmp_path, site, settings)
        _wait_for(lambda: _articles_served(site) >= 8)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
        first = SqliteStore(db_path).count()
        assert 4 <= first < count
        resumed = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings={**SLOW, **settings})
    assert resumed.returncode == 0, resumed.log[-3000:]
    assert site.hits["/bulk.xml"] == 1  # the queue was resumed, not rebuilt from the feed
    retried = json.loads(first_stats.read_text()).get("retry/count", 0) + resumed.stat("retry/count")
    assert sum(site.hits[path] for path in _bulk_paths(count)) == count + retried  # nothing fetched twice unretried
    _assert_each_stored_once(resumed.stored(), site, count)


# --- slow and hanging servers ----------------------------------------------------------------------------------


def test_hanging_outlet_times_out_and_the_others_proceed(tmp_path):
    count = 8
    release = threading.Event()

    def hang(handler, base):
        release.wait(150)  # far longer than a crawl that does not wait for it takes, even on a loaded machine
        return 200, "text/html; charset=utf-8", b"<html><body>too late</body></html>", None

    hanging_routes = bulk_routes(3)
    for n in range(3):
        hanging_routes[f"/bulk/{n}"] = hang
    with MockNewsSite(routes=bulk_routes(count)) as good, MockNewsSite(routes=hanging_routes) as slow:
        started = time.monotonic()
        run = run_crawl(tmp_path, args={"feeds": f"{good.url('/bulk.xml')},{slow.url('/bulk.xml')}"},
                        settings={"DOWNLOAD_TIMEOUT": "1", "RETRY_TIMES": "1"})
        elapsed = time.monotonic() - started
        release.set()
    assert run.returncode == 0, run.log[-3000:]
    assert elapsed < 120
    slow_host = slow.base_url.removeprefix("http://")
    assert run.stat("newswatch/fetch/error/timeout") == 3
    assert run.stat(f"newswatch/fetch/timeout_host/{slow_host}") == 3
    assert not any(key.startswith("newswatch/fetch/timeout_host/") and slow_host not in key for key in run.stats)
    assert "fetch failed (timeout)" in run.log
    docs = run.stored()
    assert sorted(d["url"].removeprefix(good.base_url) for d in docs) == sorted(_bulk_paths(count))


# --- the journal, directly -------------------------------------------------------------------------------------


def test_a_live_crawls_journal_is_left_alone_and_a_dead_ones_is_replayed(tmp_path):
    from newswatch.storage._spill import Journal, Spill

    store = SqliteStore(tmp_path / "newswatch.sqlite3")
    store.open()
    journal = Journal(tmp_path / "spill")
    docs = [{"url_key": f"news.example/{n}", "url": f"https://news.example/{n}", "title": "t", "body": "b"}
            for n in range(3)]
    for doc in docs:
        journal.append(doc)
    spill = Spill(tmp_path / "spill")
    assert spill.replay(store) == 0  # its owner holds the lock: still being written
    journal._fh.close()  # the owner dies without cleaning up (what SIGKILL leaves behind)
    journal._fh = None
    assert spill.replay(store) == 3
    assert sorted(d["url_key"] for d in store.iter_articles()) == [d["url_key"] for d in docs]
    assert spill.files() == [] and spill.replay(store) == 0  # replayed once, then gone
    store.close()


def test_extraction_over_the_worker_timeout_skips_the_page_and_the_crawl_goes_on(tmp_path):
    """A page whose extraction runs past NEWSWATCH_WORKER_TIMEOUT costs its worker (killed, replaced) and the
    page, counted and logged; it never hangs the crawl. A 1 ms limit makes (nearly) every page run over."""
    count = 6
    with MockNewsSite(routes=bulk_routes(count)) as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")},
                        settings={"NEWSWATCH_EXTRACT_WORKERS": "1", "NEWSWATCH_WORKER_TIMEOUT": "0.001"})
    assert run.returncode == 0, run.log[-3000:]
    timed_out = run.stat("newswatch/article/extraction_timeout")
    stored, timeouts = len(run.stored()), run.stat("newswatch/workers/timeout")
    # every page is stored or counted: a call of the pipelines' (cleaning, topics...) may run over too
    assert timed_out >= 1 and stored + timed_out <= count <= stored + timeouts, run.log[-3000:]
    assert "ran over 0.001 s (NEWSWATCH_WORKER_TIMEOUT)" in run.log and "extraction gave up on" in run.log
