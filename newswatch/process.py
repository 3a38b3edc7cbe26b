"""One fetched page -> extracted, HTML-cleaned article fields (pure; safe to run in a worker process).

The page is parsed once; the same tree serves metadata extraction, structural
cleaning and main-text extraction, in that order (cleaning must not touch the
tree before JSON-LD and meta tags are read).
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from newswatch.clean import clean_tree
from newswatch.extract import extract_body, extract_metadata, guess_language, parse_html, reconcile_language

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _usable_encoding(body: bytes, declared: str | None) -> str | None:
    """The declared (HTTP header) encoding only if the bytes really decode with it.

    Servers mislabel legacy Cyrillic pages as UTF-8 (and the reverse); when the
    header is wrong the parser's own detection (BOM, <meta>, statistics) decides.
    """
    if not declared:
        return None
    try:
        codecs.lookup(declared)
        body.decode(declared)
    except (LookupError, UnicodeDecodeError):
        return None
    return declared


def process_page(body: bytes, url: str, *, declared_encoding: str | None = None,
                 site_rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """Extract article fields from raw page bytes. Never raises on bad input.

    Returns the fields of :func:`newswatch.extract.extract_article` plus
    ``cleaning`` (the structural-cleaning audit), ``timings`` (seconds spent in
    parse+metadata, structural cleaning and body extraction) and ``error`` (a
    reason string when nothing could be extracted).
    """
    started = time.perf_counter()
    timings = {}
    try:
        tree = parse_html(body, encoding=_usable_encoding(body, declared_encoding))
        fields = extract_metadata(tree, url)
        timings["metadata"] = time.perf_counter() - started
        fields["cleaning"] = clean_tree(tree, site_rules).to_dict()
        timings["clean_html"] = time.perf_counter() - started - timings["metadata"]
        fields["body"] = extract_body(tree, url, article_body=fields.pop("article_body", None))
        # The body's own script corrects templates that declare the wrong <html lang>.
        fields["language"] = reconcile_language(fields.get("language"), fields["body"])
    except Exception as exc:  # one bad page must never stop the crawl
        logger.warning("extraction failed for %s: %s: %s", url, type(exc).__name__, exc)
        return {"body": "", "error": f"{type(exc).__name__}: {exc}"}
    timings["body"] = time.perf_counter() - started - timings["metadata"] - timings["clean_html"]
    fields["timings"] = timings
    return fields


def warm_up() -> None:
    """Load what the first page would otherwise pay for: the language model (~2 s), lexicons, rules."""
    from newswatch.clean import clean_body
    from newswatch.topics import default_matcher

    # Long enough to reach the statistical model (shorter texts are decided without it).
    guess_language("The language model is loaded by the first text long enough to need it.")
    default_matcher()
    clean_body("Warm up.", None)  # every language's text rules


def _timed_call(fn: Callable[..., T], args: tuple, kwargs: dict) -> tuple[T, float]:
    # Runs on the worker: its own time for the call, without the time the call waited in the queue.
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


class WorkerPool:
    """Runs CPU-heavy pure functions on worker processes, so a crawl uses every core.

    The reactor thread only does I/O and bookkeeping; parsing, extraction, cleaning,
    topic matching and fingerprinting run in a pool of ``workers`` processes (``0``
    runs them inline, for debugging). A worker that dies is replaced and the call
    runs inline instead, so no article is lost. One pool serves the whole crawl:
    get it with :func:`worker_pool`.
    """

    def __init__(self, workers: int, crawler=None):
        self.workers = max(0, workers)
        self.crawler = crawler  # for run_timed's stats (the crawler has them only once the crawl starts)
        self._pool: ProcessPoolExecutor | None = None

    @staticmethod
    def workers_from_setting(value) -> int:
        """``auto`` (default) = one per CPU core; otherwise a non-negative integer."""
        if value in (None, "", "auto"):
            return os.cpu_count() or 1
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            raise ValueError(f"NEWSWATCH_EXTRACT_WORKERS={value!r}: expected 'auto' or a number") from None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            # The fork server loads the models once (newswatch._worker_init); workers share them.
            context.set_forkserver_preload(["newswatch.process", "newswatch._worker_init"])
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=warm_up)
        return self._pool

    async def run(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """``fn(*args, **kwargs)`` on a worker; ``fn`` must be a module-level function."""
        if not self.workers:
            return fn(*args, **kwargs)
        try:
            return await asyncio.wrap_future(self._executor().submit(fn, *args, **kwargs))
        except BrokenProcessPool:
            logger.error("a worker process died in %s; restarting the pool and running it inline", fn.__name__)
            self._pool = None
            return fn(*args, **kwargs)

    async def run_timed(self, stage: str, fn: Callable[..., T], *args, **kwargs) -> T:
        """Like :meth:`run`, adding the worker's time for the call to the ``newswatch/time/<stage>`` stat."""
        result, seconds = await self.run(_timed_call, fn, args, kwargs)
        if self.crawler is not None:
            self.crawler.stats.inc_value(f"newswatch/time/{stage}", seconds)
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def worker_pool(crawler) -> WorkerPool:
    """The crawl's one WorkerPool (``NEWSWATCH_EXTRACT_WORKERS``), created on first use, closed with the engine."""
    pool = getattr(crawler, "_newswatch_workers", None)
    if pool is None:
        from scrapy import signals  # the pure functions above stay importable without Scrapy

        pool = WorkerPool(WorkerPool.workers_from_setting(crawler.settings.get("NEWSWATCH_EXTRACT_WORKERS")),
                          crawler=crawler)
        crawler._newswatch_workers = pool
        crawler.signals.connect(pool.close, signal=signals.engine_stopped, weak=False)
    return pool
