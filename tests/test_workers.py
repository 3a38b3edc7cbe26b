"""The worker pool: calls run on other processes, errors come back, a dead worker loses no call."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import zlib
from pathlib import Path

import pytest

from newswatch.items import Article
from newswatch.loaders import build_article
from newswatch.process import WorkerPool, process_article, process_page

PAGE = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "readability-news"


def whose_pid(tag: str) -> tuple[str, int]:
    return tag, os.getpid()


def fail(message: str) -> None:
    raise ValueError(message)


def die_unless_in(pid: int) -> int:
    """Kills the worker it runs on; run inline (in the test process ``pid``) it answers."""
    if os.getpid() != pid:
        os._exit(3)
    return pid


def slow_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def sized(payload: bytes, seconds: float, tag: int) -> tuple[int, int]:
    time.sleep(seconds)
    return tag, len(payload)


def run(coroutine_function):
    return asyncio.run(coroutine_function())


def test_calls_run_on_worker_processes_and_answers_reach_their_callers():
    pool = WorkerPool(2)

    async def main():
        try:
            return await asyncio.gather(*(pool.run(whose_pid, f"call {i}") for i in range(40)))
        finally:
            pool.close()

    answers = run(main)
    assert [tag for tag, _ in answers] == [f"call {i}" for i in range(40)]
    pids = {pid for _, pid in answers}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_real_page_is_extracted_on_a_worker_like_inline():
    body = (PAGE / "bbc-1" / "source.html").read_bytes()
    pool = WorkerPool(1)

    async def main():
        try:
            return await pool.run(process_page, body, "https://www.bbc.com/news/x")
        finally:
            pool.close()

    on_worker, inline = run(main), process_page(body, "https://www.bbc.com/news/x")
    on_worker.pop("timings"), inline.pop("timings")
    assert on_worker == inline and len(on_worker["body"]) > 1000


def test_a_real_page_becomes_the_same_article_on_a_worker_as_through_the_loader_inline():
    body = (PAGE / "bbc-1" / "source.html").read_bytes()
    url, hints = "https://www.bbc.com/news/x", {"via": "sitemap", "url": "https://www.bbc.com/sitemap.xml",
                                               "title": "Feed title", "published_at": None, "language": "en",
                                               "keywords": ["Ukraine"], "authors": []}
    pool = WorkerPool(1)

    async def main():
        try:
            return await pool.run(process_article, body, url, source="bbc.com", entry=hints)
        finally:
            pool.close()

    done = run(main)
    inline = build_article(process_page(body, url), url=url, source="bbc.com", entry=hints)
    item = done["item"]
    assert isinstance(item, Article) and done["error"] is None
    assert set(done["timings"]) == {"metadata", "clean_html", "body", "load"}
    assert item["crawled_at"] <= inline["crawled_at"]
    del item["crawled_at"], inline["crawled_at"]
    assert dict(item) == dict(inline) and len(item["body"]) > 1000
    assert "Ukraine" in item["tags"]  # the entry's hints reached the loader on the worker


def test_calls_larger_than_the_pipe_arrive_whole_and_in_order():
    # Several 3 MB calls queued at once: written in pieces as the worker reads, none mixed with another.
    payloads = [bytes([i]) * (3 << 20) + os.urandom(1000) for i in range(4)]
    pool = WorkerPool(1)

    async def main():
        try:
            return await asyncio.gather(*(pool.run(zlib.crc32, p) for p in payloads))
        finally:
            pool.close()

    assert run(main) == [zlib.crc32(p) for p in payloads]


def test_an_exception_in_a_call_reaches_the_caller_and_the_worker_goes_on():
    pool = WorkerPool(1)

    async def main():
        try:
            with pytest.raises(ValueError, match="bad page"):
                await pool.run(fail, "bad page")
            return await pool.run(whose_pid, "after")
        finally:
            pool.close()

    tag, pid = run(main)
    assert tag == "after" and pid != os.getpid()


def test_a_worker_that_dies_mid_call_loses_nothing_the_call_runs_inline():
    pool = WorkerPool(2)

    async def main():
        try:
            died = await pool.run(die_unless_in, os.getpid())
            # the pool replaced the dead worker: later calls still run on workers, all of them answered
            later = await asyncio.gather(*(pool.run(whose_pid, str(i)) for i in range(10)))
            return died, later, len(pool._all)
        finally:
            pool.close()

    died, later, workers = run(main)
    assert died == os.getpid()  # answered by running it here
    assert all(pid != os.getpid() for _, pid in later) and workers == 2


def test_workers_ignore_ctrl_c_and_close_stops_them():
    pool = WorkerPool(1)

    async def main():
        pid = await pool.run(slow_pid, 0)
        os.kill(pid, signal.SIGINT)  # what Ctrl-C sends to the whole process group
        again = await pool.run(slow_pid, 0.05)
        pool.close()
        return pid, again

    pid, again = run(main)
    assert again == pid  # the same worker survived the SIGINT and answered
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # reaped by close(); gone within moments
            os.kill(pid, 0)
            time.sleep(0.1)


def test_zero_workers_runs_inline():
    pool = WorkerPool(0)
    assert run(lambda: pool.run(whose_pid, "x")) == ("x", os.getpid())


def test_a_call_over_the_timeout_fails_kills_its_worker_and_the_pool_goes_on():
    from newswatch.process import WorkerTimeout

    pool = WorkerPool(1, timeout=0.5)

    async def main():
        try:
            hung_pid = await pool.run(slow_pid, 0)
            started = time.monotonic()
            with pytest.raises(WorkerTimeout, match="slow_pid"):
                await pool.run(slow_pid, 30)  # a page that would hang a worker
            waited = time.monotonic() - started
            after = await pool.run(slow_pid, 0)  # a fresh worker answers
            return hung_pid, waited, after
        finally:
            pool.close()

    hung_pid, waited, after = run(main)
    assert waited < 10 and after not in (hung_pid, os.getpid())
    with pytest.raises(ProcessLookupError):
        os.kill(hung_pid, 0)


def test_calls_queue_up_behind_a_busy_worker_without_blocking_the_event_loop():
    # pages are bigger than a pipe's buffer (64 KB): a call sent to a busy worker must not stall the loop
    pool = WorkerPool(1, depth=3)
    payload = b"x" * 1_000_000

    async def main():
        gaps, last, done = [], time.monotonic(), False

        async def tick():
            nonlocal last
            while not done:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticker = asyncio.create_task(tick())
        try:
            answers = await asyncio.gather(*(pool.run(sized, payload, 0.6, tag) for tag in range(5)))
        finally:
            done = True
            await ticker
            pool.close()
        return answers, max(gaps)

    answers, worst_gap = run(main)
    assert answers == [(tag, len(payload)) for tag in range(5)]
    assert worst_gap < 0.45, worst_gap  # a blocking send would freeze the loop for a whole call (0.6 s)


def test_process_article_sniffs_binary_bodies_only_when_asked_and_names_the_source_from_the_url():
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40
    assert process_article(pdf, "https://www.bbc.com/news/x.pdf", sniff=True) == {"binary": "PDF document"}
    page = (PAGE / "bbc-1" / "source.html").read_bytes()
    done = process_article(page, "https://www.bbc.com/news/x", sniff=True, source=None)
    assert "binary" not in done and done["item"]["source"] == "bbc.com"
    assert "binary" not in process_article(pdf, "https://www.bbc.com/news/x.pdf", source="bbc")
