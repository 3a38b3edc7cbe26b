"""Scale-out: two crawler processes share one Redis frontier/dupefilter (scrapy-redis) and one store."""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests._redis_server import RedisServer, redis_server_binary
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, bulk_routes

ARTICLES = 30


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    binary, reason = redis_server_binary()
    if binary is None:
        pytest.skip(reason)
    server = RedisServer(binary, tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


def test_two_processes_fetch_every_article_exactly_once(redis_server, tmp_path):
    import redis

    with MockNewsSite(routes=bulk_routes(ARTICLES, latency=0.1)) as site:
        def crawl(n: int):
            workdir = tmp_path / f"process-{n}"
            workdir.mkdir()
            return run_crawl(workdir, args={"feeds": site.url("/bulk.xml")}, db_path=tmp_path / "shared.sqlite3",
                             env={"NEWSWATCH_REDIS_URL": redis_server.url, "NEWSWATCH_REDIS_RUN": "test-run",
                                  "NEWSWATCH_REDIS_IDLE_SECONDS": "2"},
                             settings={"CONCURRENT_REQUESTS_PER_DOMAIN": "2"})

        with ThreadPoolExecutor(2) as pool:
            runs = list(pool.map(crawl, range(2)))
        hits = {n: site.hits[f"/bulk/{n}"] for n in range(ARTICLES)}

    for run in runs:
        assert run.returncode == 0, run.log[-3000:]
        assert "scrapy_redis.scheduler.Scheduler" in run.log
        # The worker pool starts off the reactor thread (see test_the_worker_pool_starts_without_holding_the_loop)
        assert "worker process(es) started in" in run.log and "off the event loop" in run.log
    assert site.hits["/bulk.xml"] == 1  # the second process's feed request was a duplicate
    assert set(hits.values()) == {1}, {n: c for n, c in hits.items() if c != 1}  # no URL fetched twice, none missed
    fetched = [run.stat("newswatch/article/parsed") for run in runs]
    assert sum(fetched) == ARTICLES and min(fetched) > 0, fetched  # both processes did part of the work
    stored = runs[0].stored()
    assert len(stored) == ARTICLES == len({d["url_key"] for d in stored})
    assert sum(run.stat("newswatch/store/inserted") for run in runs) == ARTICLES

    client = redis.Redis.from_url(redis_server.url)
    keys = [k.decode() for k in client.keys("newswatch:feeds:test-run:*")]
    assert keys == ["newswatch:feeds:test-run:dupefilter"]  # the request queue is drained
    assert 0 < client.ttl(keys[0]) <= 24 * 3600  # finished runs' keys expire


def test_the_worker_pool_starts_without_holding_the_loop(monkeypatch):
    """The flake behind "a URL fetched twice after a timeout": the pool started at the first article on the reactor
    thread, where the first Process.start() waits for the fork server's preload (2 s idle, over a minute under
    load). Downloads in flight froze with it; DOWNLOAD_TIMEOUT fired as the reactor woke and pages already served
    were fetched again. Now the loop goes on while the workers start, and calls arriving meanwhile share one start."""
    from newswatch import process
    from newswatch.process import WorkerPool

    class SlowStartingWorker(process._Worker):
        # A fork server already warm in this test process starts workers in milliseconds, too fast for the ticker to
        # see a held loop; a start of a known length makes the check mean the same on any machine.
        def __init__(self, context):
            time.sleep(0.3)
            super().__init__(context)

    monkeypatch.setattr(process, "_Worker", SlowStartingWorker)

    async def main():
        pool = WorkerPool(2)
        ticks = []

        async def tick():
            while True:
                ticks.append(time.monotonic())
                await asyncio.sleep(0.02)

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0)
        started = time.monotonic()
        try:
            pids = await asyncio.gather(*(pool.run(os.getpid) for _ in range(6)))
            took = time.monotonic() - started
            workers = {w.process.pid for w in pool._all}
        finally:
            ticker.cancel()
            pool.close()
        return ticks, took, pids, workers

    ticks, took, pids, workers = asyncio.run(main())
    assert len(workers) == 2 and set(pids) <= workers and os.getpid() not in pids  # one start, calls on the workers
    # The loop ran all through the start: no gap between ticks near the start's own length (before: one gap of it).
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert took >= 0.6 and len(ticks) >= 10 and max(gaps) < took / 2, (took, max(gaps), len(ticks))
