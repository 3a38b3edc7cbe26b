"""One fetched page -> extracted, HTML-cleaned article fields (pure; safe to run in a worker process).

The page is parsed once; the same tree serves metadata extraction, structural
cleaning and main-text extraction, in that order (cleaning must not touch the
tree before JSON-LD and meta tags are read).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import fcntl
import functools
import logging
import multiprocessing
import os
import re
import signal
import struct
import time
from collections.abc import Callable
from datetime import datetime
from multiprocessing.reduction import ForkingPickler
from typing import Any, TypeVar

from newswatch._heap import CRAWL_TRIM_EVERY, TRIM_EVERY, trim_heap
from newswatch._steps import RESULTS_ATTR, Step, run_steps
from newswatch.clean import clean_tree
from newswatch.extract import (
    extract_metadata,
    guess_language,
    parse_html,
    reconcile_language,
    sniff_binary,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")


def process_page(body: bytes, url: str, *, declared_encoding: str | None = None,
                 site_rules: dict[str, Any] | None = None, fetched_at: datetime | None = None,
                 zone: str | None = None) -> dict[str, Any]:
    """Extract article fields from raw page bytes. Never raises on bad input.

    Returns the fields of :func:`newswatch.extract.extract_article` plus
    ``cleaning`` (the structural-cleaning audit), ``timings`` (seconds spent in
    parse+metadata, structural cleaning and body extraction), ``published_relative``
    (the date was resolved from a relative one shown on the page: the loader ranks it
    below a feed's) and ``error`` (a reason string when nothing could be extracted).
    ``fetched_at`` (aware UTC): when the page was fetched, for relative dates. ``zone``: the outlet's declared clock
    (IANA name, ``timezone:`` in ``sources.yaml``) for dates without an offset; ``None`` guesses it.
    """
    from newswatch.extract._body import extract_body  # trafilatura: on the workers only (see newswatch.extract)

    started = time.perf_counter()
    timings = {}
    try:
        # parse_html decides the encoding: the HTTP charset only where the bytes can carry it.
        tree = parse_html(body, encoding=declared_encoding)
        fields = extract_metadata(tree, url, fetched_at=fetched_at, zone=zone)
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


def process_article(body: bytes, url: str, *, declared_encoding: str | None = None,
                    site_rules: dict[str, Any] | None = None, sniff: bool = False,
                    page_filter: Callable[[bytes], bytes] | None = None, fetched_at: datetime | None = None,
                    steps: tuple[Step, ...] = (), **article: Any) -> dict[str, Any]:
    """:func:`process_page`, then the page's fields normalized into an Article (:func:`newswatch.loaders.build_article`,
    given ``url`` and ``article``'s ``source``, ``entry``, ``default_language``, ``overrides``; a ``source`` of None
    is the URL's registered domain). Never raises on bad input (the loader's normalizers degrade gracefully).

    Returns ``{"item": Article, "timings": {...}, "error": reason or None}``: the crawl's worker call per page, so
    the loader's work (body whitespace, dates, authors, URL keys) runs on a worker, not on the reactor thread, and
    the answer pickles the item alone, not the page's fields and then the item. With ``sniff``, bytes that are
    clearly not text (:func:`newswatch.extract.sniff_binary`) return ``{"binary": what they are}`` instead.
    ``page_filter`` (a spider's markup fix) rewrites the bytes after sniffing, before extraction. ``fetched_at``
    (aware UTC, when the page was fetched) resolves relative dates shown on the page (see :func:`process_page`); the
    outlet's declared zone rides in ``overrides`` (``"timezone"``, from ``sources.yaml``) to the extraction.
    ``steps`` (the pipelines' own pure work, :mod:`newswatch._steps`; the pool adds those registered with it) run
    on the item next, in order; their results ride on the item for the pipelines to take (``_steps.RESULTS_ATTR``).
    A title, description or section over its ``newswatch.loaders.MAX_CHARS`` (more than ``MAX_TAGS`` tags,
    ``MAX_AUTHORS`` authors) is cut, and ``"cut"`` gives ``{field: its size on the page}``.
    What the extraction repaired on the page (the warnings it logged: NUL bytes removed, pathological nesting, a BOM
    over the declared charset) comes back as ``"repairs"``, ``{reason: message}``, for the crawl to log with the URL.
    """
    from newswatch.dedup import registered_domain
    from newswatch.loaders import MAX_AUTHORS, MAX_CHARS, MAX_TAGS, build_article  # ItemLoader: imported here

    if article.get("source") is None:
        article["source"] = registered_domain(url)
    with _page_repairs() as repairs:
        if sniff and (binary := sniff_binary(body)):
            return {"binary": binary}
        if page_filter is not None:
            body = page_filter(body)
        page = process_page(body, url, declared_encoding=declared_encoding, site_rules=site_rules,
                            fetched_at=fetched_at, zone=(article.get("overrides") or {}).get("timezone"))
    timings = page.pop("timings", None) or {}
    started = time.perf_counter()
    item = build_article(page, url=url, **article)
    timings["load"] = time.perf_counter() - started
    if steps:
        setattr(item, RESULTS_ATTR, run_steps(item, steps))
    done = {"item": item, "timings": timings, "error": page.get("error")}
    if repairs:
        done["repairs"] = repairs
    cut = {field: len(page[field]) for field, limit in MAX_CHARS.items()
           if isinstance(page.get(field), str) and len(page[field]) > limit and (item.get(field) or "").endswith("…")}
    if len(item.get("authors") or ()) == MAX_AUTHORS and len(page.get("authors") or ()) > MAX_AUTHORS:
        cut["authors"] = len(page["authors"])
    if len(item.get("tags") or ()) == MAX_TAGS:
        tags = sum(value.count(",") + 1 for value in page.get("tags") or () if isinstance(value, str))
        if tags > MAX_TAGS:
            cut["tags"] = tags
    if cut:  # a field the loader cut to its limit (newswatch.loaders.MAX_CHARS, MAX_TAGS, MAX_AUTHORS): said so
        done["cut"] = cut
    return done


_PLACEHOLDER = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")
_TRAILING_WORDS = frozenset({"for", "of", "in", "on", "at", "from"})


class _Repairs(logging.Handler):
    """Collects the warnings newswatch.extract logs while one page is processed, by reason (the text before the
    message's first colon: "pathological nesting", "NUL bytes"). Attached once; collects only inside
    :func:`_page_repairs`."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: dict[str, str] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.found is not None:
            # The message's words up to its first %-placeholder: "body extraction failed for %s" counts as
            # body_extraction_failed, not body_extraction_failed_for_%s.
            head = str(record.msg).split(":", 1)[0]
            words = _PLACEHOLDER.split(head, 1)[0].split() or _PLACEHOLDER.sub(" ", head).split()
            while len(words) > 1 and words[-1].lower() in _TRAILING_WORDS:
                words.pop()
            reason = "_".join(words).lower()[:40]
            self.found.setdefault(reason, record.getMessage()[:300])


_REPAIRS = _Repairs()


@contextlib.contextmanager
def _page_repairs():
    """``{reason: message}`` of the warnings newswatch.extract logs inside the block, which are not printed there
    (a worker's bare line names no page): the caller reports them with the page's URL."""
    extract_logger = logging.getLogger("newswatch.extract")
    if _REPAIRS not in extract_logger.handlers:
        extract_logger.addHandler(_REPAIRS)
    found, propagate = {}, extract_logger.propagate
    _REPAIRS.found, extract_logger.propagate = found, False
    try:
        yield found
    finally:
        _REPAIRS.found, extract_logger.propagate = None, propagate


def warm_up() -> None:
    """Load what the first page would otherwise pay for: the language model (~2 s), lexicons, rules."""
    from newswatch.clean import clean_body
    from newswatch.dedup import normalize_body, url_key
    from newswatch.extract import preload
    from newswatch.topics import default_matcher

    # Long enough to reach the statistical model (shorter texts are decided without it).
    guess_language("The language model is loaded by the first text long enough to need it.")
    preload()  # the extraction rules
    default_matcher().compile_all()  # every language's topic patterns (~1 s)
    clean_body("Warm up.", None)  # every language's text rules
    clean_tree(parse_html(b"<html><body><div class='share'><p>Warm up.</p></div></body></html>"))  # html.yaml, ~20 ms
    normalize_body("Warm up: the code-point table of fingerprints.")
    url_key("https://www.example.com/warm-up/?utm_source=x")  # the URL rules


def _call_name(fn: Callable) -> str:
    """A call's name for the log and the errors: a function's, or the one a ``functools.partial`` wraps (a
    partial, a bound method's object, a callable instance have no ``__name__`` of their own)."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    return getattr(fn, "__name__", None) or type(fn).__name__


def _timed_call(fn: Callable[..., T], args: tuple, kwargs: dict) -> tuple[T, float]:
    # Runs on the worker: its own time for the call, without the time the call waited in the queue.
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


class WorkerDied(RuntimeError):
    """The worker process running a call exited (killed, out of memory, crashed) before answering."""


class WorkerTimeout(TimeoutError):
    """A call ran longer than the pool's ``timeout``: its worker was killed (and replaced).

    The call is not retried inline: what hung a worker would hang the crawl.
    """


def _serve(calls, answers) -> None:
    """A worker's whole life: answer ``(fn, args, kwargs)`` calls, in order, until the calls pipe closes."""
    # Ctrl-C reaches the whole process group; the crawler decides when to stop, and closes the pipe then.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()
    served = 0
    while True:
        try:
            fn, args, kwargs = calls.recv()
        except (EOFError, OSError):
            return
        served += 1
        if served % TRIM_EVERY == 0:  # between calls: the last call's page and tree are freed by now
            trim_heap()
        try:
            reply = (True, fn(*args, **kwargs))
        except Exception as exc:  # the caller gets the exception, as if it had run the call itself
            reply = (False, exc)
        try:
            answers.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an unpicklable result or exception: still answer, with why
            answers.send((False, RuntimeError(f"{_call_name(fn)}: unpicklable result: {type(exc).__name__}: {exc}")))


def _frame(call: tuple) -> tuple[bytes, memoryview]:
    """``call`` as ``multiprocessing.Connection.send`` frames it (header, pickle), so the worker's ``recv()``
    reads it; the pickle is not copied into one joined frame (a page is ~330 KB)."""
    data = ForkingPickler.dumps(call)
    if len(data) > 0x7FFFFFFF:
        return struct.pack("!i", -1) + struct.pack("!Q", len(data)), data
    return struct.pack("!i", len(data)), data


#: Pipe capacity asked for (Linux ``F_SETPIPE_SZ``; the default is 64 KB, ``/proc/sys/fs/pipe-max-size`` 1 MB):
#: a whole page call goes in one write, instead of a 64 KB piece each time the worker has read the last one.
_PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    # Not Linux, or over the user's pipe quota: the default size works too.
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


class _Worker:
    """One worker process: a pipe of calls to it (written without blocking), a pipe of answers back, and
    the futures of the calls it holds, in order (the first is running, the others wait in its pipe)."""

    def __init__(self, context):
        calls_read, self.calls = context.Pipe(duplex=False)
        self.answers, answers_write = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(calls_read, answers_write), daemon=True,
                                       name="newswatch-worker")
        self.process.start()
        calls_read.close()
        answers_write.close()
        os.set_blocking(self.calls.fileno(), False)
        _widen(self.calls.fileno())
        _widen(self.answers.fileno())
        self.outbox = bytearray()  # framed calls not yet taken by the pipe
        self.held: collections.deque[tuple[asyncio.Future, str]] = collections.deque()
        self.deadline: asyncio.TimerHandle | None = None
        self.started = 0.0  # loop time the running call (the first held) started

    @property
    def name(self) -> str:
        return self.held[0][1] if self.held else ""

    def stop(self, timeout: float) -> None:
        self.calls.close()  # the worker's recv() ends: it exits on its own
        self.answers.close()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1)


class WorkerPool:
    """Runs CPU-heavy pure functions on worker processes, so a crawl uses every core.

    The reactor thread only does I/O and bookkeeping; parsing, extraction, cleaning,
    topic matching and fingerprinting run in a pool of ``workers`` processes (``0``
    runs them inline, for debugging). A worker that dies is replaced and the call
    runs inline instead, so no article is lost. One pool serves the whole crawl:
    get it with :func:`worker_pool`.

    Each worker has a pipe of calls and a pipe of answers, both watched by the event loop: a call is
    pickled and written without blocking from the reactor thread, and its answer read when the pipe is
    readable. Each worker holds up to ``depth`` calls (one running, the rest queued in its pipe), so it
    goes on working while the reactor is busy (a store batch, a dedup lookup); the other calls wait here.
    Unlike ``ProcessPoolExecutor`` there are no feeder and manager threads taking the GIL from the reactor
    (they cost it ~1 ms a call in stalls). Workers ignore SIGINT, so Ctrl-C lets the crawl finish what is
    in flight. A call running longer than ``timeout`` seconds (``NEWSWATCH_WORKER_TIMEOUT``, default 120;
    0 = no limit) gets its worker killed and raises :class:`WorkerTimeout`: one pathological page cannot
    hang the crawl (the calls queued behind it run inline).

    Pipelines register their pure per-article work with :meth:`add_step`: every :func:`process_article` call
    then carries those steps, so one round trip per article does extraction, cleaning, topics and fingerprints
    (``steps=False``, ``NEWSWATCH_WORKER_STEPS=0``: each pipeline makes its own call, as before).
    """

    def __init__(self, workers: int, crawler=None, timeout: float = 120.0, depth: int = 4, steps: bool = True):
        self.workers = max(0, workers)
        self.timeout = max(0.0, float(timeout or 0))
        self.depth = max(1, depth)
        self.crawler = crawler  # for run_timed's stats (the crawler has them only once the crawl starts)
        self._all: list[_Worker] = []
        self._waiting: collections.deque[tuple[asyncio.Future, tuple]] = collections.deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._context = None
        self._starting: asyncio.Task | None = None
        self.steps: tuple[Step, ...] = ()
        self.takes_steps = steps
        self._answers = 0  # counts to the crawl process's own heap trim (newswatch._heap.CRAWL_TRIM_EVERY)

    def add_step(self, step: Step) -> bool:
        """Run ``step`` in every :func:`process_article` call from now on, after those added before (pipelines add
        theirs in pipeline order, from ``from_crawler``). False (not added) if a step of its stage is already there:
        one result per stage on an item; or steps are off: ``steps=False``, ``NEWSWATCH_WORKER_STEPS``)."""
        if not self.takes_steps or any(s.stage == step.stage for s in self.steps):
            return False
        self.steps += (step,)
        return True

    @staticmethod
    def workers_from_setting(value) -> int:
        """``auto`` (default) = one per CPU core; otherwise a non-negative integer."""
        if value in (None, "", "auto"):
            return os.cpu_count() or 1
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            raise ValueError(f"NEWSWATCH_EXTRACT_WORKERS={value!r}: expected 'auto' or a number") from None

    def _start(self, loop: asyncio.AbstractEventLoop, started: list[_Worker] | None = None) -> None:
        if self._loop is not loop:
            self.close()
            self._loop = loop
        self._ensure_context()
        for worker in started or ():
            if len(self._all) < self.workers:
                self._all.append(worker)
                loop.add_reader(worker.answers.fileno(), self._answered, worker)
            else:
                worker.stop(timeout=1)
        while len(self._all) < self.workers:
            worker = _Worker(self._context)
            self._all.append(worker)
            loop.add_reader(worker.answers.fileno(), self._answered, worker)

    def _ensure_context(self) -> None:
        if self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            # The fork server loads the models and the item loader once (newswatch._worker_init); workers share them.
            # The steps' own modules go before it: it freezes the garbage collector's view of what is loaded by then.
            steps = dict.fromkeys(module for step in self.steps for module in step.preload)
            self._context.set_forkserver_preload(["newswatch.process", *steps, "newswatch._worker_init"])

    async def _started(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start the missing workers on a thread, the event loop going on meanwhile; callers arriving during the start
        wait for the same one.

        The first ``Process.start()`` waits for the fork server to load its preload (the language model, lexicons:
        2 s on an idle machine, over a minute on a loaded one). Done on the reactor thread at the first article, it
        froze every download in flight: their responses arrived, but ``DOWNLOAD_TIMEOUT`` fired first when the
        reactor woke, and pages already served were fetched again. A crawl that finds nothing to extract (every
        feed unchanged) still starts no worker.
        """
        if self._loop is loop and len(self._all) >= self.workers:
            return
        if self._starting is None or self._starting.get_loop() is not loop:
            self._starting = loop.create_task(self._start_off_loop(loop))
        await asyncio.shield(self._starting)

    async def _start_off_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._ensure_context()
        started = time.perf_counter()
        try:
            workers = await loop.run_in_executor(
                None, lambda: [_Worker(self._context) for _ in range(self.workers - len(self._all))])
        finally:
            self._starting = None
        self._start(loop, workers)
        logger.info("%d worker process(es) started in %.1f s, off the event loop", len(workers),
                    time.perf_counter() - started)

    def _dispatch(self) -> None:
        while self._waiting:
            worker = min(self._all, key=lambda w: len(w.held), default=None)
            if worker is None or len(worker.held) >= self.depth:
                return
            future, call = self._waiting.popleft()
            if future.done():  # cancelled while it waited
                continue
            try:
                header, data = _frame(call)
            except Exception as exc:  # unpicklable arguments: the caller's error
                future.set_exception(exc)
                continue
            fn, args, _ = call
            worker.held.append((future, _call_name(args[0] if fn is _timed_call else fn)))
            if len(worker.held) == 1:
                self._arm(worker)
            if not worker.outbox:  # nothing queued before it: straight into the pipe, what fits
                try:
                    written = os.writev(worker.calls.fileno(), (header, data))
                except BlockingIOError:
                    written = 0
                except OSError:
                    self._lost(worker)
                    return
                if written >= len(header) + len(data):
                    continue
                if written < len(header):
                    worker.outbox += header[written:]
                    written = len(header)
                data = data[written - len(header):]
            else:
                worker.outbox += header
            worker.outbox += data
            if not self._write(worker):
                return

    def _write(self, worker: _Worker) -> bool:
        """Hand the pipe what it takes now; the rest goes when it is writable. False if the worker is gone."""
        try:
            while worker.outbox:
                written = os.write(worker.calls.fileno(), worker.outbox)
                del worker.outbox[:written]
        except BlockingIOError:
            self._loop.add_writer(worker.calls.fileno(), self._write, worker)
            return True
        except (BrokenPipeError, ConnectionError, OSError):
            self._lost(worker)
            return False
        self._loop.remove_writer(worker.calls.fileno())
        return True

    def _arm(self, worker: _Worker) -> None:
        """Start the timeout of the call the worker is running now (the first it holds).

        Only the start time is noted per call; the worker's one timer, when it fires, judges the call running
        then and re-arms itself for that call's deadline (no timer made and cancelled for every call)."""
        if not self.timeout or self._loop is None:
            return
        worker.started = self._loop.time()
        if worker.deadline is None and worker.held:
            worker.deadline = self._loop.call_at(worker.started + self.timeout, self._due, worker)

    def _due(self, worker: _Worker) -> None:
        worker.deadline = None
        if not worker.held or worker not in self._all:
            return
        deadline = worker.started + self.timeout
        if self._loop.time() >= deadline:
            self._overran(worker, worker.held[0][0])
        else:
            worker.deadline = self._loop.call_at(deadline, self._due, worker)

    def _answered(self, worker: _Worker) -> None:
        try:
            ok, value = worker.answers.recv()
        except (EOFError, OSError):
            self._lost(worker)
            return
        future, _ = worker.held.popleft() if worker.held else (None, "")
        self._arm(worker)
        self._answers += 1
        if self._answers % CRAWL_TRIM_EVERY == 0:
            trim_heap()
        if future is not None and not future.done():
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
        self._dispatch()

    def _overran(self, worker: _Worker, future: asyncio.Future) -> None:
        if not worker.held or worker.held[0][0] is not future or future.done():
            return
        name = worker.name
        logger.error("%s ran over %g s (NEWSWATCH_WORKER_TIMEOUT) on a worker; killing it, the call fails",
                     name, self.timeout)
        if self.crawler is not None:
            self.crawler.stats.inc_value("newswatch/workers/timeout")
        future.set_exception(WorkerTimeout(f"{name} ran over {self.timeout:g} s"))
        worker.process.kill()
        self._lost(worker, timed_out=True)

    def _lost(self, worker: _Worker, timed_out: bool = False) -> None:
        """A worker died: fail its calls (their callers run them inline) and start a replacement."""
        if worker not in self._all:
            return
        if worker.deadline is not None:
            worker.deadline.cancel()
            worker.deadline = None
        if not timed_out:
            logger.error("a worker process died (exit code %s) in %s; starting another",
                         worker.process.exitcode, worker.name or "an idle moment")
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(worker.answers.fileno())
            self._loop.remove_writer(worker.calls.fileno())
        worker.stop(timeout=1)
        self._all.remove(worker)
        for future, name in worker.held:
            if not future.done():
                future.set_exception(WorkerDied(name))
        worker.held.clear()
        if self.crawler is not None and not timed_out:
            self.crawler.stats.inc_value("newswatch/workers/died")
        if self._loop is not None:
            self._start(self._loop)
            self._dispatch()

    async def run(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """``fn(*args, **kwargs)`` on a worker; ``fn`` must be a module-level function."""
        if fn is process_article and self.steps and "steps" not in kwargs:
            kwargs["steps"] = self.steps
        if not self.workers:
            return fn(*args, **kwargs)
        loop = asyncio.get_running_loop()
        await self._started(loop)
        future = loop.create_future()
        self._waiting.append((future, (fn, args, kwargs)))
        self._dispatch()
        try:
            return await future
        except WorkerDied:
            return fn(*args, **kwargs)

    async def run_timed(self, stage: str, fn: Callable[..., T], *args, **kwargs) -> T:
        """Like :meth:`run`, adding the worker's time for the call to the ``newswatch/time/<stage>`` stat."""
        result, seconds = await self.run(_timed_call, fn, args, kwargs)
        if self.crawler is not None:
            self.crawler.stats.inc_value(f"newswatch/time/{stage}", seconds)
        return result

    def close(self) -> None:
        """Stop every worker (calls still waiting are cancelled)."""
        while self._waiting:
            future, _ = self._waiting.popleft()
            future.cancel()
        for worker in self._all:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(worker.answers.fileno())
                self._loop.remove_writer(worker.calls.fileno())
            if worker.deadline is not None:
                worker.deadline.cancel()
            for future, _ in worker.held:
                if not future.done():
                    future.cancel()
            worker.stop(timeout=5)
        self._all = []


def worker_pool(crawler) -> WorkerPool:
    """The crawl's one WorkerPool, created on first use, closed with the engine.

    Settings: ``NEWSWATCH_EXTRACT_WORKERS`` (``auto``: one process per core; ``0``: inline),
    ``NEWSWATCH_WORKER_TIMEOUT`` (120: seconds one call may run before its worker is killed; 0: no limit) and
    ``NEWSWATCH_WORKER_STEPS`` (true: the pipelines' cleaning, topics and fingerprints run in the extraction call;
    false: one worker call each, for comparison).
    Stats: ``newswatch/workers/died``, ``newswatch/workers/timeout``.
    """
    pool = getattr(crawler, "_newswatch_workers", None)
    if pool is None:
        from scrapy import signals  # the pure functions above stay importable without Scrapy

        pool = WorkerPool(WorkerPool.workers_from_setting(crawler.settings.get("NEWSWATCH_EXTRACT_WORKERS")),
                          crawler=crawler, timeout=crawler.settings.getfloat("NEWSWATCH_WORKER_TIMEOUT", 120.0),
                          steps=crawler.settings.getbool("NEWSWATCH_WORKER_STEPS", True))
        crawler._newswatch_workers = pool
        crawler.signals.connect(pool.close, signal=signals.engine_stopped, weak=False)
    return pool
