"""Incremental crawling: fetch only articles not stored yet (plus recent ones), and ask feeds "changed since?".

Two Scrapy components, both on by default:

``IncrementalMiddleware`` (spider middleware)
    Collects the article requests a feed or sitemap page produces, looks their URL keys up in the store in
    one batched ``find_existing`` call, and drops the ones already stored, unless the article was published
    inside the refetch window (so updated stories are caught) or its entry says it was modified after we
    last saw it. The store is the shared one (SQLite file or MongoDB), so this works across processes and
    machines.
``ConditionalRequestsMiddleware`` (downloader middleware)
    Sends ``If-None-Match`` / ``If-Modified-Since`` with feed, sitemap and robots.txt requests, using the
    validators remembered in the ``http_cache`` table/collection (:mod:`newswatch.state`). A ``304 Not
    Modified`` yields no entries and is counted. New validators are saved only when the crawl finishes
    cleanly, so an interrupted crawl never hides a feed's unfetched entries behind a 304 next time.

Settings:

``NEWSWATCH_INCREMENTAL`` (default on; ``0`` fetches every discovered article)
``NEWSWATCH_REFETCH_HOURS`` (default 48): stored articles published this recently are fetched again.
``NEWSWATCH_CONDITIONAL`` (default on; ``0`` fetches feeds and sitemaps unconditionally)

Stats: ``newswatch/incremental/{new,refetch_recent,refetch_modified,skipped_known}``,
``newswatch/conditional/{sent,not_modified,validators_saved}``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from newswatch.dedup import url_key
from newswatch.state import open_state, state_options
from newswatch.storage import StoreError, open_store

logger = logging.getLogger(__name__)

#: Spider callbacks that read feeds, sitemaps and robots.txt (discovery documents worth asking "changed?").
DISCOVERY_CALLBACKS = frozenset({"parse_feed", "parse_sitemap", "parse_robots"})

NEW, REFETCH_RECENT, REFETCH_MODIFIED, SKIP = "new", "refetch_recent", "refetch_modified", "skipped_known"


def _aware(value) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def fetch_decision(known: Mapping | None, *, entry_date: datetime | None = None,
                   entry_modified: datetime | None = None, now: datetime, window: timedelta) -> str:
    """Whether to fetch a discovered article again, given what the store knows about it.

    ``known`` is the store's summary (``find_existing``: ``published_at``, ``last_seen_at``...), or None
    when the article is not stored. Returns ``new``, ``refetch_modified`` (the feed says it changed after
    we last saw it), ``refetch_recent`` (published inside ``window``) or ``skipped_known``.
    """
    if not known:
        return NEW
    last_seen = _aware(known.get("last_seen_at"))
    modified = _aware(entry_modified)
    if modified and last_seen and modified > last_seen:
        return REFETCH_MODIFIED
    published = _aware(known.get("published_at")) or _aware(entry_date)
    if published and now - published <= window:
        return REFETCH_RECENT
    return SKIP


#: Request meta: an article request a fetched page asked for (an AMP copy's full page), fetched whatever the store
#: holds. The filter is for what feeds and sitemaps list; skipping this one lost the alias the request carries
#: whenever the full page had been stored a moment before (which depended on timing).
FOLLOW_UP = "newswatch_follow_up"


def _is_article_request(obj) -> bool:
    return isinstance(obj, Request) and obj.cb_kwargs.get("entry") is not None and not obj.meta.get(FOLLOW_UP)


class IncrementalMiddleware:
    def __init__(self, crawler, window: timedelta):
        self.crawler = crawler
        self.stats = crawler.stats
        self.window = window
        self.store = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSWATCH_INCREMENTAL", True):
            raise NotConfigured("NEWSWATCH_INCREMENTAL is off")
        mw = cls(crawler, timedelta(hours=settings.getfloat("NEWSWATCH_REFETCH_HOURS", 48)))
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def _known(self, keys: list[str]) -> dict[str, dict] | None:
        try:
            if self.store is None:
                self.store = open_store(**state_options(self.crawler.settings))
            return self.store.find_existing(keys)
        except StoreError as exc:
            # Without the store we cannot tell old from new: fetch everything rather than miss news.
            logger.warning("incremental lookup failed (%s); fetching every discovered article", exc)
            self.stats.inc_value("newswatch/incremental/lookup_failed")
            return None

    def _filter(self, outputs: list) -> list:
        articles = [o for o in outputs if _is_article_request(o)]
        if not articles:
            return outputs
        keys = {id(r): url_key(r.url) for r in articles}
        known = self._known(list(keys.values()))
        if known is None:
            return outputs
        now = datetime.now(UTC)
        kept = []
        for obj in outputs:
            if _is_article_request(obj):
                entry = obj.cb_kwargs["entry"]
                decision = fetch_decision(known.get(keys[id(obj)]), entry_date=getattr(entry, "date", None),
                                          entry_modified=getattr(entry, "modified_at", None),
                                          now=now, window=self.window)
                self.stats.inc_value(f"newswatch/incremental/{decision}")
                if decision == SKIP:
                    continue
            kept.append(obj)
        return kept

    def process_spider_output(self, response, result, spider=None):
        yield from self._filter(list(result))

    async def process_spider_output_async(self, response, result, spider=None):
        outputs = [obj async for obj in result]
        for obj in self._filter(outputs):
            yield obj

    def spider_closed(self, spider, reason):
        if self.store is not None:
            self.store.close()
            self.store = None


def _not_modified(response):
    """Callback of a feed or sitemap that answered 304: nothing new to follow."""
    return []


class ConditionalRequestsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = None
        self.pending: dict[str, dict] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSWATCH_CONDITIONAL", True):
            raise NotConfigured("NEWSWATCH_CONDITIONAL is off")
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    @staticmethod
    def _eligible(request) -> bool:
        return getattr(request.callback, "__name__", None) in DISCOVERY_CALLBACKS and request.method == "GET"

    def _state(self):
        if self.state is None:
            self.state = open_state(**state_options(self.crawler.settings))
        return self.state

    def process_request(self, request, spider=None):
        if not self._eligible(request) or "newswatch_conditional" in request.meta:
            return None
        try:
            validators = self._state().get_validators([request.url]).get(request.url)
        except Exception as exc:  # any database trouble: an unconditional fetch is always correct
            logger.warning("conditional request validators unavailable (%s)", exc)
            validators = None
        request.meta["newswatch_conditional"] = bool(validators)
        if validators:
            if validators.get("etag"):
                request.headers["If-None-Match"] = validators["etag"]
            if validators.get("last_modified"):
                request.headers["If-Modified-Since"] = validators["last_modified"]
            request.meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", ()), 304]
            self.stats.inc_value("newswatch/conditional/sent")
        return None

    def process_response(self, request, response, spider=None):
        if not self._eligible(request):
            return response
        if response.status == 304 and request.meta.get("newswatch_conditional"):
            self.stats.inc_value("newswatch/conditional/not_modified")
            logger.info("not modified since the last crawl: %s", request.url)
            return response.replace(request=request.replace(callback=_not_modified, errback=None, cb_kwargs={}))
        if response.status == 200:
            etag = response.headers.get(b"ETag")
            last_modified = response.headers.get(b"Last-Modified")
            if etag or last_modified:
                self.pending[request.url] = {
                    "etag": etag.decode("latin-1") if etag else None,
                    "last_modified": last_modified.decode("latin-1") if last_modified else None,
                }
        return response

    def spider_closed(self, spider, reason):
        try:
            if reason == "finished" and self.pending:
                self._state().save_validators(self.pending)
                self.stats.set_value("newswatch/conditional/validators_saved", len(self.pending))
        except Exception as exc:
            logger.warning("could not save feed validators (%s); next crawl fetches them in full", exc)
        finally:
            if self.state is not None:
                self.state.close()
                self.state = None
