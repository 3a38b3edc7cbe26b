"""Crawl-level extensions: the final stats as a JSON file, the ``crawl_runs`` record, and a quiet log formatter.

``StatsFile``: with ``NEWSWATCH_STATS_FILE`` set (a path; ``{spider}`` and ``{time}``
are substituted), the crawl's final stats are written there as JSON when the spider
closes. Off (``NotConfigured``) when unset.

``RunRecorder``: every crawl writes one document to ``crawl_runs`` beside the articles (see
:mod:`newswatch.state`): outlet, start/end, counts (requests, fetched, stored, updated, duplicates, dropped by
reason, errors by type, field coverage), finish reason, alarms (:mod:`newswatch.monitors`) and ``status``:
``failed`` (finish reason not ``finished``), ``alarm`` (any other alarm) or ``ok``. It also counts, for every
article the spider produced (stored or dropped), which of title/body/published_at it had
(``newswatch/coverage/*``). ``NEWSWATCH_CRAWL_RUNS`` (default on; ``0`` switches it off).
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import os
import socket
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.logformatter import LogFormatter
from scrapy.pipelines import ItemPipelineManager
from scrapy.statscollectors import MemoryStatsCollector

from newswatch.monitors import COVERED_FIELDS, evaluate_crawl, run_counts
from newswatch.state import open_state, state_options


class LeanStatsCollector(MemoryStatsCollector):
    """Scrapy's ``MemoryStatsCollector`` without its per-call toll (``STATS_CLASS`` in settings).

    Scrapy 2.19's ``StatsCollector`` routes every attribute access through a Python ``__getattribute__``, which
    first looks for a ``_cached_<name>`` attribute (a caught AttributeError each time, ``self._stats`` included)
    and wraps each method to warn about a deprecated ``spider`` argument: ~2.3 us per ``inc_value`` instead of
    ~0.1 us here (a crawl makes dozens of stats calls per article, Scrapy's and ours). The same stats, methods
    and ``spider_stats``; a ``spider`` argument is still accepted, without the warning.
    """

    __getattribute__ = object.__getattribute__


class StatsFile:
    def __init__(self, crawler, path_template: str):
        self.crawler = crawler
        self.path_template = path_template

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("NEWSWATCH_STATS_FILE")
        if not path:
            raise NotConfigured  # off by default: no message, so Scrapy logs no warning
        ext = cls(crawler, path)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        path = Path(self.path_template.format(spider=spider.name, time=datetime.now(UTC).strftime("%Y%m%dT%H%M%S")))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")
        spider.logger.info("stats written to %s", path)


class QuietLogFormatter(LogFormatter):
    """Dropped items are logged as one INFO line with the reason, not the whole article.

    Above ``LOG_LEVEL`` DEBUG, the "Crawled (200) <GET ...>" line of every response and the "Scraped from" line of
    every item are not made at all: Scrapy leaves the root logger at NOTSET and filters by its handler's level, so
    each was a whole log record (message arguments, the referer, the record, every handler asked) that nobody sees.
    """

    def __init__(self, debug: bool = True):
        super().__init__()
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler):
        level = crawler.settings.get("LOG_LEVEL") or "DEBUG"
        level = logging.getLevelName(level.upper()) if isinstance(level, str) else level
        return cls(debug=not isinstance(level, int) or level <= logging.DEBUG)

    def crawled(self, request, response, spider):
        return super().crawled(request, response, spider) if self.debug else None

    def scraped(self, item, response, spider):
        return super().scraped(item, response, spider) if self.debug else None

    def dropped(self, item, exception, response, spider):
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}


class RunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.started_at: datetime | None = None
        self.run_id = uuid.uuid4().hex

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSWATCH_CRAWL_RUNS", True):
            raise NotConfigured("NEWSWATCH_CRAWL_RUNS is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_seen, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_seen, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.started_at = datetime.now(UTC)
        # crawlall passes NEWSWATCH_RUN_ID, Scrapyd its job id as the `_job` spider argument: a run can be
        # found from the scheduler's side too.
        self.run_id = os.environ.get("NEWSWATCH_RUN_ID") or getattr(spider, "_job", None) or self.run_id
        self.stats.set_value("newswatch/run_id", self.run_id)

    def item_seen(self, item):
        adapter = ItemAdapter(item)
        self.stats.inc_value("newswatch/coverage/items")
        for name in COVERED_FIELDS:
            if adapter.get(name):
                self.stats.inc_value(f"newswatch/coverage/{name}")

    def document(self, spider, reason) -> dict:
        alarms = evaluate_crawl(self.crawler)
        finished_at = datetime.now(UTC)
        started_at = self.started_at or finished_at
        options = state_options(self.crawler.settings)
        if "mongo_uri" in options:
            from newswatch.storage import redact_uri

            store = f"{redact_uri(options['mongo_uri'])}/{options.get('mongo_database')}"
        else:
            store = f"sqlite:{options['db_path']}"
        failed = reason != "finished"
        return {
            "run_id": self.run_id,
            "outlet": spider.name,
            "started_at": started_at,
            "finished_at": finished_at,
            "duration_s": round((finished_at - started_at).total_seconds(), 3),
            "finish_reason": reason,
            "status": "failed" if failed else ("alarm" if alarms else "ok"),
            "alarms": [a.as_dict() for a in alarms],
            "counts": run_counts(self.stats.get_stats()),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "store": store,
        }

    def spider_closed(self, spider, reason):
        doc = self.document(spider, reason)
        try:
            state = open_state(**state_options(self.crawler.settings))
            try:
                state.record_run(doc)
            finally:
                state.close()
        except Exception as exc:  # the crawl is over; a lost run record must not hide the crawl's own result
            spider.logger.error("could not record the run in crawl_runs (%s)", exc)
            return
        counts = doc["counts"]
        spider.logger.info("run %s recorded: %s; %d new, %d updated, %d fetched, %d error(s)%s", doc["run_id"],
                           doc["status"], counts["stored"], counts["updated"], counts["fetched"],
                           counts["error_count"], "".join(f"; ALARM {a['kind']}" for a in doc["alarms"]))


class RedisIdleWait:
    """With scrapy-redis (``NEWSWATCH_REDIS_URL``), keep an idle process alive while others may still add work.

    Several processes share one outlet's queue: one may find it empty while another is still parsing a
    sitemap that will fill it. A process stops only after ``NEWSWATCH_REDIS_IDLE_SECONDS`` (default 15)
    without any response of its own and with the shared queue empty. When it stops, the run's keys get a
    one-day expiry, so finished runs do not pile up in Redis. Enabled by settings.py only with Redis on.

    Scrapy looks at its scheduler again only every 5 s once it has nothing to do (the engine heartbeat), so
    an idle process would notice requests pushed by another one late; this extension nudges the engine
    twice a second instead (``engine._slot.nextcall``: Scrapy has no public hook for it).
    """

    POLL_SECONDS = 0.5

    KEY_TTL_SECONDS = 24 * 3600

    def __init__(self, crawler, idle_seconds: float):
        self.crawler = crawler
        self.idle_seconds = idle_seconds
        self.last_activity = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured  # off by default: no message, so Scrapy logs no warning
        ext = cls(crawler, crawler.settings.getfloat("NEWSWATCH_REDIS_IDLE_SECONDS", 15))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.activity, signal=signals.response_received)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        from twisted.internet.task import LoopingCall

        self.activity()
        self.poll = LoopingCall(self._nudge)
        self.poll.start(self.POLL_SECONDS, now=False)

    def _nudge(self):
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def activity(self):
        self.last_activity = time.monotonic()

    def spider_idle(self, spider):
        if time.monotonic() - self.last_activity < self.idle_seconds:
            raise DontCloseSpider

    def spider_closed(self, spider):
        from scrapy_redis import connection

        if getattr(self, "poll", None) is not None and self.poll.running:
            self.poll.stop()

        settings = self.crawler.settings
        try:
            server = connection.from_settings(settings)
            for name in ("SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY"):
                server.expire(settings.get(name) % {"spider": spider.name}, self.KEY_TTL_SECONDS)
        except Exception as exc:  # expiry is housekeeping only
            spider.logger.warning("could not set expiry on the Redis keys (%s)", exc)


class TimedItemPipelineManager(ItemPipelineManager):
    """The item pipeline manager, timing each pipeline's ``process_item``.

    Adds ``newswatch/time/<Pipeline>`` (seconds, summed over the run) to the crawl
    stats, so every run says where its time went. For a coroutine ``process_item`` only the time it
    runs on the reactor thread counts, not the time it waits for a worker. Enabled by ``ITEM_PROCESSOR`` in
    settings; the cost is two clock reads per item and pipeline.
    """

    def _add_middleware(self, mw) -> None:
        if hasattr(mw, "process_item") and self.crawler is not None:
            mw.process_item = _timed(mw.process_item, self.crawler.stats, f"newswatch/time/{type(mw).__name__}")
        super()._add_middleware(mw)


class _TimedSteps:
    """Awaits a coroutine, adding up only the time its steps run on this thread.

    An async pipeline spends most of its wall time waiting for a worker process while other items run
    on the reactor; that wait is not the pipeline's cost (the workers report their own time).
    """

    def __init__(self, coro):
        self.coro = coro
        self.seconds = 0.0

    def __await__(self):
        sent, thrown = None, None
        while True:
            started = time.perf_counter()
            try:
                yielded = self.coro.throw(thrown) if thrown is not None else self.coro.send(sent)
            except StopIteration as done:
                return done.value
            finally:
                self.seconds += time.perf_counter() - started
            try:
                sent, thrown = (yield yielded), None
            except BaseException as exc:  # cancellation and errors go to the wrapped coroutine
                sent, thrown = None, exc


def _timed(method, stats, key):
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def timed_async(*args, **kwargs):
            steps = _TimedSteps(method(*args, **kwargs))
            try:
                return await steps
            finally:
                stats.inc_value(key, steps.seconds)
        return timed_async

    @functools.wraps(method)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            stats.inc_value(key, time.perf_counter() - started)
    return timed
