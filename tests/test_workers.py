"""The worker pool: calls run on other processes, errors come back, a dead worker loses no call."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import signal
import time
import zlib
from pathlib import Path

import pytest

from newswatch.dedup import fingerprints
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


def test_a_partial_runs_on_a_worker_and_names_its_function_when_it_runs_over():
    """The spider hands the pool ``functools.partial(sitemap_document, since=...)`` for a big sitemap: a partial has
    no ``__name__``, and reading it once raised in the pool's event-loop callback, so the call never answered and
    the crawl hung (hostile9's big sitemap)."""
    pool = WorkerPool(1, timeout=0)

    async def main():
        try:
            answered = await asyncio.wait_for(pool.run(functools.partial(whose_pid, tag="bound")), 60)
            pool.timeout = 0.5
            with pytest.raises(TimeoutError, match="slow_pid ran over"):
                await asyncio.wait_for(pool.run(functools.partial(slow_pid, 30)), 60)
            return answered
        finally:
            pool.close()

    tag, pid = run(main)
    assert tag == "bound" and pid != os.getpid()


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

    pool = WorkerPool(1, timeout=0)

    async def main():
        try:
            # Only the hanging call is held to 0.5 s: starting a worker can take longer on a loaded machine.
            hung_pid = await pool.run(slow_pid, 0)
            pool.timeout = 0.5
            started = time.monotonic()
            with pytest.raises(WorkerTimeout, match="slow_pid"):
                await pool.run(slow_pid, 30)  # a page that would hang a worker
            waited = time.monotonic() - started
            pool.timeout = 0
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


# --- the pipelines' steps folded into the extraction call (newswatch._steps) ---------------------------------

TESTS = Path(__file__).resolve().parent
#: Real and mock-site pages (on and off topic; en, fr, cs, uk, ru) and the outlet whose rules clean them.
STEP_PAGES = (
    (TESTS / "fixtures" / "clean" / "moscowtimes.html", "moscowtimes"),
    (TESTS / "mocksite" / "pages" / "nato-summit-kyiv.html", None),
    (TESTS / "mocksite" / "pages" / "uk-news-sitemap.html", None),
    (TESTS / "mocksite" / "pages" / "ru-cp1251.html", None),
    (PAGE / "bbc-1" / "source.html", None),
    (PAGE / "guardian-1" / "source.html", None),
    (PAGE / "lemonde-1" / "source.html", None),
    (PAGE / "aktualne" / "source.html", None),
    (PAGE / "nytimes-2" / "source.html", None),
)
PIPELINE_ORDER = ("CleanPipeline", "ValidatePipeline", "TopicsPipeline", "DedupPipeline")


def _crawler(tmp_path, **settings):
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_TOPIC_FILTER": "tag",
                                         "NEWSWATCH_SPILL_DIR": str(tmp_path / "spill"), **settings})
    crawler.stats.open_spider()
    return crawler


def _pipelines(crawler, order=PIPELINE_ORDER) -> list:
    """The pipelines as Scrapy builds them (from_crawler, in order; NotConfigured ones left out)."""
    from scrapy.exceptions import NotConfigured

    import newswatch.pipelines

    built = []
    for name in order:
        with contextlib.suppress(NotConfigured):
            built.append(getattr(newswatch.pipelines, name).from_crawler(crawler))
    return built


def _through(pipelines, item, between=None):
    """``item`` through ``pipelines`` as Scrapy's manager does; ``between(item, pipeline)`` after each one.
    Returns the item, or the DropItem's message."""
    import inspect

    from scrapy.exceptions import DropItem

    async def main():
        nonlocal item
        for pipeline in pipelines:
            out = pipeline.process_item(item)
            item = await out if inspect.isawaitable(out) else out
            if between is not None:
                between(item, pipeline)
        return item

    try:
        return asyncio.run(main())
    except DropItem as exc:
        return f"dropped: {exc}"


def _article(crawler, page: tuple[Path, str | None], folded: bool, source: str | None = None):
    """The page as the spider's worker call returns it, with the pipelines' steps or without."""
    from newswatch.process import worker_pool

    path, outlet = page
    url = f"https://example.org/{path.parent.name}/{path.stem}"
    steps = worker_pool(crawler).steps if folded else ()
    return process_article(path.read_bytes(), url, source=source or outlet, steps=steps)["item"]


def _comparable(item):
    if isinstance(item, str):
        return item
    values = dict(item)
    values.pop("crawled_at")  # when it was built
    return values


def _outcome(stats) -> dict:
    """The crawl stats a run is judged by: counts exactly; the time stats by name (their values are timings)."""
    return {key: (value if not key.startswith("newswatch/time/") else "timed") for key, value in stats.items()
            if not key.startswith("newswatch/time/extract_")}


def _both_ways(tmp_path, pages=STEP_PAGES, order=PIPELINE_ORDER, between=None, **settings):
    """Each page through the pipelines with the steps folded into extraction and without: (folded, plain) pairs
    of items and the two crawlers' stats."""
    runs = {}
    for folded in (True, False):
        crawler = _crawler(tmp_path / str(folded), **settings)
        pipelines = _pipelines(crawler, order)
        items = [_through(pipelines, _article(crawler, page, folded), between) for page in pages]
        runs[folded] = items, crawler.stats.get_stats()
    return runs[True], runs[False]


def test_folded_steps_give_the_same_items_and_stats_as_one_worker_call_per_pipeline(tmp_path):
    (folded, folded_stats), (plain, plain_stats) = _both_ways(tmp_path)
    assert [_comparable(i) for i in folded] == [_comparable(i) for i in plain]
    assert _outcome(folded_stats) == _outcome(plain_stats)
    for stage in ("clean_body", "match_topics", "fingerprints"):
        assert folded_stats[f"newswatch/time/{stage}"] > 0
    assert not [key for key in folded_stats if key.startswith("newswatch/steps/")]
    # every result was taken: nothing left riding on the items
    assert all(not item._newswatch_steps for item in folded)
    assert sum(bool(i["topic_names"]) for i in folded) >= 4
    assert len({i["fingerprints"]["exact"] for i in folded}) == len(STEP_PAGES)
    assert folded[0]["cleaning"]["rules"].get("site:phrase")  # the outlet's own rules cleaned it on the worker


def test_folded_steps_drop_the_same_items_in_drop_mode_and_skip_fingerprints_for_them(tmp_path):
    (folded, folded_stats), (plain, plain_stats) = _both_ways(tmp_path, NEWSWATCH_TOPIC_FILTER="drop")
    assert [_comparable(i) for i in folded] == [_comparable(i) for i in plain]
    assert _outcome(folded_stats) == _outcome(plain_stats)
    assert any(isinstance(i, str) and "off_topic" in i for i in folded)
    crawler = _crawler(tmp_path / "drop", NEWSWATCH_TOPIC_FILTER="drop")
    _pipelines(crawler)
    off_topic = _article(crawler, STEP_PAGES[-1], folded=True)
    assert set(off_topic._newswatch_steps) == {"clean_body", "match_topics"}  # no fingerprints for a dropped item


def test_a_disabled_pipeline_adds_no_step_and_the_others_still_match(tmp_path):
    (folded, folded_stats), (plain, plain_stats) = _both_ways(tmp_path, NEWSWATCH_CLEAN=False)
    assert [_comparable(i) for i in folded] == [_comparable(i) for i in plain]
    assert _outcome(folded_stats) == _outcome(plain_stats) and "newswatch/time/clean_body" not in folded_stats
    assert not [key for key in folded_stats if key.startswith("newswatch/steps/")]
    crawler = _crawler(tmp_path / "off", NEWSWATCH_CLEAN=False)
    _pipelines(crawler)
    from newswatch.process import worker_pool

    assert [s.stage for s in worker_pool(crawler).steps] == ["match_topics", "fingerprints"]


def test_reordered_pipelines_run_their_steps_in_their_order(tmp_path):
    order = ("TopicsPipeline", "CleanPipeline", "ValidatePipeline", "DedupPipeline")
    (folded, folded_stats), (plain, plain_stats) = _both_ways(tmp_path, order=order)
    assert [_comparable(i) for i in folded] == [_comparable(i) for i in plain]
    assert _outcome(folded_stats) == _outcome(plain_stats)
    assert not [key for key in folded_stats if key.startswith("newswatch/steps/")]


def test_an_item_changed_between_pipelines_is_recomputed_by_the_pipelines_after(tmp_path):
    from newswatch.pipelines import CleanPipeline

    def add_paragraph(item, pipeline):
        if isinstance(pipeline, CleanPipeline):  # e.g. a project pipeline inserted after cleaning
            item["body"] += "\n\nNATO allies pledged more air defence for Ukraine against Russian missile strikes."

    (folded, folded_stats), (plain, plain_stats) = _both_ways(tmp_path, between=add_paragraph)
    assert [_comparable(i) for i in folded] == [_comparable(i) for i in plain]
    assert folded_stats["newswatch/steps/recomputed/match_topics"] == len(STEP_PAGES)
    assert folded_stats["newswatch/steps/recomputed/fingerprints"] == len(STEP_PAGES)
    assert "newswatch/steps/recomputed/clean_body" not in folded_stats
    assert all("air defence" in item["body"] for item in folded)


def test_an_item_whose_outlet_changed_is_cleaned_with_the_new_outlets_rules(tmp_path):
    # The worker cleaned with the rules of the source the item had; a source with other rules set in between
    # (here: the Moscow Times' phrases) makes the pipeline clean again with its own.
    crawler = _crawler(tmp_path)
    clean = _pipelines(crawler, ("CleanPipeline",))[0]
    item = _article(crawler, STEP_PAGES[4], folded=True, source="bbc.com")
    assert clean.rules_for("moscowtimes") != clean.rules_for("bbc.com")
    item["source"] = "moscowtimes"
    _through([clean], item)
    assert crawler.stats.get_value("newswatch/steps/recomputed/clean_body") == 1


def test_steps_off_sends_each_pipeline_its_own_call(tmp_path):
    from newswatch.process import worker_pool

    crawler = _crawler(tmp_path, NEWSWATCH_WORKER_STEPS=False)
    _pipelines(crawler)
    assert worker_pool(crawler).steps == ()


def test_step_results_come_back_from_a_worker_sharing_the_bodies_they_read():
    # The answer pickles each body once: an unchanged input compares by identity on the reactor.
    from newswatch import _steps

    body, url = (PAGE / "guardian-1" / "source.html").read_bytes(), "https://www.theguardian.com/world/x"
    pool = WorkerPool(1)
    for step in (_steps.clean_step(), _steps.topics_step(None, drops=False), _steps.fingerprints_step()):
        assert pool.add_step(step)
    assert not pool.add_step(_steps.fingerprints_step())  # one result per stage

    async def main():
        try:
            return await pool.run(process_article, body, url, source="theguardian.com")
        finally:
            pool.close()

    item = run(main)["item"]
    results = item._newswatch_steps
    cleaned, topics_inputs = results["clean_body"][1][0], results["match_topics"][0]
    assert results["clean_body"][0][0] is item["body"] and results["clean_body"][0][3] is item["cleaning"]
    assert topics_inputs[1] is cleaned and results["fingerprints"][0][0] is cleaned
    assert results["fingerprints"][1] == fingerprints(cleaned)


#: Times: when a document was crawled and stored, and the mock site's dates (relative to its clock, "2 hours ago"),
#: also in the feed entry it was found by (``feed``; set by the spider, before any pipeline).
DATED = ("crawled_at", "first_seen_at", "last_seen_at", "stored_at", "updated_at", "published_at", "modified_at",
         "feed")


def _undated(doc: dict) -> dict:
    """``doc`` without its times, and without the minute of publication its language-edition fingerprint carries
    (the mock site dates its pages from its clock: two crawls seconds apart may straddle a minute)."""
    doc = {k: v for k, v in doc.items() if k not in DATED}
    edition = (doc.get("fingerprints") or {}).get("edition")
    if isinstance(edition, dict):
        doc["fingerprints"] = {**doc["fingerprints"], "edition": {k: v for k, v in edition.items() if k != "published"}}
    return doc


def test_a_mock_site_crawl_stores_the_same_articles_with_the_steps_folded_or_not(tmp_path):
    from tests.crawling import run_crawl
    from tests.mocksite import EXPECTED_ARTICLES, MockNewsSite

    runs = {}
    with MockNewsSite() as site:
        args = {"feeds": ",".join(site.url(p) for p in ("/rss.xml", "/atom.xml", "/rdf.xml")),
                "sitemaps": site.url("/robots.txt")}
        for steps in ("0", "1"):
            run_ = run_crawl(tmp_path / steps, args=args, env={"NEWSWATCH_WORKER_STEPS": steps})
            assert run_.returncode == 0, run_.log[-3000:]
            runs[steps] = run_
    stored = {steps: sorted((_undated(doc) for doc in run_.stored()), key=lambda d: d["url_key"])
              for steps, run_ in runs.items()}
    assert len(stored["1"]) >= len(EXPECTED_ARTICLES)
    assert [{k for k in a if a[k] != b.get(k)} for a, b in zip(stored["1"], stored["0"], strict=True)] == \
        [set()] * len(stored["1"])
    varying = ("newswatch/run_id", "newswatch/time/extract_", "newswatch/retry/backoff_")  # ids, times, jitter
    counted = {steps: {k: v for k, v in _outcome(run_.stats).items()
                       if k.startswith("newswatch/") and not k.startswith(varying)} for steps, run_ in runs.items()}
    assert counted["1"] == counted["0"]
    assert counted["1"]["newswatch/time/clean_body"] == "timed" and counted["1"]["newswatch/clean/items"] >= 5


def test_the_lean_stats_collector_keeps_scrapys_stats_semantics():
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.test import get_crawler

    from newswatch.extensions import LeanStatsCollector

    assert get_project_settings().get("STATS_CLASS") == "newswatch.extensions.LeanStatsCollector"
    results = []
    for cls in (MemoryStatsCollector, LeanStatsCollector):
        crawler = get_crawler(settings_dict={"STATS_CLASS": f"{cls.__module__}.{cls.__name__}"})
        stats = crawler.stats
        assert type(stats) is cls
        stats.open_spider()
        stats.inc_value("newswatch/time/clean_body", 0.25)
        stats.inc_value("newswatch/time/clean_body", 0.5)
        stats.inc_value("newswatch/clean/items")
        stats.set_value("newswatch/run_id", "r1")
        stats.max_value("max", 3), stats.max_value("max", 2), stats.min_value("min", 3), stats.min_value("min", 2)
        results.append((dict(stats.get_stats()), stats.get_value("absent", "default")))
    assert results[0] == results[1]
    assert results[1][0]["newswatch/time/clean_body"] == 0.75 and results[1][0]["max"] == 3


def test_the_log_formatter_makes_no_per_page_debug_lines_that_the_log_level_hides():
    from scrapy.http import HtmlResponse, Request
    from scrapy.logformatter import LogFormatter
    from scrapy.utils.test import get_crawler

    from newswatch.extensions import QuietLogFormatter

    request = Request("https://www.bbc.com/news/x")
    response = HtmlResponse(request.url, request=request, body=b"<html></html>")
    item = Article(url=request.url, title="t")
    for level, shown in (("INFO", False), ("WARNING", False), ("DEBUG", True), (10, True)):
        formatter = QuietLogFormatter.from_crawler(get_crawler(settings_dict={"LOG_LEVEL": level}))
        plain = LogFormatter()
        assert formatter.crawled(request, response, None) == (plain.crawled(request, response, None) if shown else None)
        assert formatter.scraped(item, response, None) == (plain.scraped(item, response, None) if shown else None)
        assert formatter.dropped(item, ValueError("too_short"), response, None)["level"] == 20  # always INFO
