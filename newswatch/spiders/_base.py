"""NewsSpider: discovery from feeds and sitemaps, date filtering, article parsing.

Arguments (``-a name=value``), all optional for outlet spiders:

``feeds``     comma-separated RSS/Atom/RDF URLs (default: the outlet's)
``sitemaps``  comma-separated sitemap, sitemap-index, news-sitemap or robots.txt URLs
``sections``  comma-separated section pages (HTML lists of stories, followed by ``rel="next"``)
``since``     ``YYYY-MM-DD``, an ISO timestamp, ``Nd``/``Nh`` (relative), or ``all``;
              default ``NEWSWATCH_SINCE_DAYS`` (3) days back. Entries dated before it
              are skipped without being fetched; entries with no date are fetched, and their page is
              stored when its own date is inside it (see ``NewsSpider._not_news``).

Stats (``newswatch/...``): ``discovery/entries/<via>``, ``discovery/skipped_old``, ``discovery/bad_date`` (entries
whose date means nothing: "yesterday", year 0001 or 9999; fetched as undated, and the document named in the log),
``discovery/bad_document``, ``discovery/bad_link`` (a URL Scrapy refuses), ``discovery/sitemaps``,
``discovery/feed_advertised`` (feeds an HTML page at a feed's URL names in its ``<link rel="alternate">``, read),
``discovery/section_pages`` (section pages read, ``sections:``),
``discovery/parsed_off_loop`` (feeds and sitemaps of 128 KB or more, parsed on a worker process),
``discovery/sitemap_capped`` (URLs past the 50,000 a sitemap may list, not read unless dated inside ``since``),
``discovery/sitemap_too_deep`` (child sitemaps of an index more than ``MAX_SITEMAP_DEPTH`` indexes down, not read),
``discovery/sitemap_repeated`` (a sitemap an index or robots.txt lists again, under any spelling: read once),
``discovery/duplicate_entries`` (entries of a feed or sitemap whose URL the same document already lists fresh:
read once),
``discovery/skipped_old_sitemap`` (child sitemaps whose ``lastmod`` is before ``since``, not read),
``discovery/held_back`` (entries that waited, summed
over each wait), ``article/parsed``, ``article/extraction_timeout`` (a page whose extraction overran its time on the
worker),
``article/older_than_since`` (a page reached through an undated entry whose own date is before ``since``: not
stored),
``article/not_html``, ``article/untyped_html`` (an HTML page served as ``application/octet-stream`` or another
type that says nothing, read as HTML), ``article/mistyped_html`` (an HTML document served as ``image/jpeg``,
``application/json`` or another type its bytes contradict, read as HTML), ``article/cut/<field>`` (a title,
description or section over
``newswatch.loaders.MAX_CHARS``, 500 / 1000 / 200, cut at a word; more than ``MAX_TAGS``, 100, tags, or
``MAX_AUTHORS``, 100, authors), ``article/conflicting_content_type`` (several different Content-Type headers: the
HTML one is read), ``discovery/repaired/<reason>`` (a feed or sitemap repaired before parsing: ``text_before_xml``,
``impossible_encoding``, ``bare_ampersands``, ``html_entities``, ``declared_entities`` (see
``newswatch.discovery._without_internal_subset``); ``credentials``: a ``user:password@`` removed
from a link; ``feed_as_sitemap``: an RSS/Atom feed listed as a sitemap, read as a feed; ``invisible_characters``:
zero-width characters around a link; ``several_channels``: an RSS feed of several ``<channel>``s), ``discovery/no_link``
(feed entries with no link at all, skipped),
``article/unknown_charset`` (a ``Content-Type`` charset that names no encoding, set aside),
``article/impossible_charset`` (a UTF-16/32 ``Content-Type`` charset over bytes that cannot be: detected instead),
``article/charset_corrected/<server_default|koi8_u|double_encoded>`` (a server's default charset under the page's
``<meta>``, ``koi8-r`` over KOI8-U's Ukrainian letters, or text encoded twice, read back: see
``newswatch.extract.decode_html``, which decides; the crawl counts),
``article/redirected_to_front_page`` (a story link redirected to ``/``: skipped), ``robots/fetch_failed/<reason>``
(a robots.txt that could not be downloaded, logged in one line),
``article/repaired/<reason>`` (what extraction repaired on the page, logged with its URL: ``nul_bytes``,
``pathological_nesting``, ``byte_order_mark``, ``unknown_charset`` of a ``<meta>``, ``unclosed_<title|script|style|
comment>``: one the head never closes, closed where it ends), ``article/extraction_error``,
``fetch/error/<type>``.

An article page goes to a worker with its fetch time (:func:`fetch_time`: the HTTP ``Date`` header when sane, else
now), against which dates it shows only relatively («Вчора, 18:30», "2 hours ago") are resolved.

Setting: ``NEWSWATCH_QUEUED_ARTICLES`` (default 1000): article requests one feed or sitemap hands to the
scheduler at a time; the rest wait as entries (~250 B each instead of a queued request's 1.5-4 KB).
"""

from __future__ import annotations

import collections
import email.utils
import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, TextResponse
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from newswatch import _js
from newswatch._safety import fetch_error_reason
from newswatch.clean import site_rules_for
from newswatch.dedup import request_url
from newswatch.discovery import (
    MAX_SECTION_PAGES,
    ROW_BAD_DATE,
    ROW_MODIFIED,
    ROW_PUBLISHED,
    Entry,
    Notes,
    NotXMLError,
    advertised_feeds,
    amp_canonical,
    feed_document,
    parse_off_loop,
    robots_sitemaps,
    section_document,
    sitemap_document,
    without_feed_scheme,
    without_session_ids,
)
from newswatch.extract import challenge_vendor, sniff_binary
from newswatch.extract._html import header_charset
from newswatch.extract._metadata import site_page
from newswatch.extract.normalize import parse_date
from newswatch.incremental import FOLLOW_UP
from newswatch.middlewares import quiet_robots_failures
from newswatch.pipelines import store_options
from newswatch.process import WorkerTimeout, process_article, worker_pool
from newswatch.sources import Source, suggested_timezone
from newswatch.storage import SqliteStore, build_store, unwritable

_RELATIVE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dh])\s*$", re.IGNORECASE)
_HTML_TYPES = (b"text/html", b"application/xhtml", b"text/plain")
#: Content-Types that say nothing about the bytes (S3's default, misconfigured servers): an article page served
#: under one is read when its bytes open as HTML, and counted (``article/untyped_html``).
_UNTYPED = (b"application/octet-stream", b"binary/octet-stream", b"application/unknown", b"application/x-unknown",
            b"unknown/unknown", b"application/binary")
_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<!--", b"<?xml")
#: How an HTML document opens: a page served under a type its bytes contradict is read when it opens so.
_HTML_DOCUMENT = (b"<!doctype html", b"<html")
#: Request meta: the child sitemaps still to read after this one (see ``NewsSpider._next_sitemap``).
_NEXT_SITEMAPS = "newswatch_next_sitemaps"
#: Request meta: how many sitemap indexes led to this sitemap (0: one the crawl was given, or robots.txt listed).
_SITEMAP_DEPTH = "newswatch_sitemap_depth"
#: Indexes below indexes followed at most this deep. The protocol has one level (an index lists sitemaps); some
#: sites nest one or two more. A site that generates indexes without end (``index?page=N`` listing ``page=N+1``)
#: kept the crawl reading them forever, each URL new, so the seen-set never stopped it.
MAX_SITEMAP_DEPTH = 3
#: Request meta: the feed URL whose HTML page named this feed (see ``NewsSpider._advertised``).
_ADVERTISED_BY = "newswatch_advertised_by"
#: Request meta: which page of its section a section page is (1: the one the outlet gives).
_SECTION_PAGE = "newswatch_section_page"
#: Request meta: which page of a feed that pages this is (see ``discovery._feed_next_page``).
_FEED_PAGE = "newswatch_feed_page"
_FEED_PAGE_FIRST = "newswatch_feed_page_first"  # the first entry's URL of the page before
#: What a request the crawl started from is ("feed", "sitemap", "section page"): its failure is counted apart.
_START = "newswatch_start"
#: Request meta: an article page asked again because the first answer was a bot challenge (asked once more only).
_CHALLENGE_ASKED_AGAIN = "newswatch_challenge_asked_again"
#: Request meta: the AMP copy whose full page (its canonical) this request reads (see ``discovery.amp_canonical``).
_AMP_COPY = "newswatch_amp_copy"
_AMP_KEPT = "newswatch_amp_kept"  # an AMP copy stored as it is: its full page could not be fetched
#: Request meta: discovered entries not handed to the scheduler yet (see ``NewsSpider._hand_out``).
_BACKLOG = "newswatch_backlog"
#: The URL of a backlog continuation: Scrapy answers ``data:`` URLs itself, nothing goes on the network.
_BACKLOG_URL = "data:,"
#: How a wrapped Twisted failure prints ("[<twisted.python.failure.Failure builtins.ValueError: msg>]"): the log
#: line keeps the exception's name and message.
_FAILURE_AS = r"\1: \2"
_FAILURE_RE = re.compile(r"\[?<twisted\.python\.failure\.Failure (?:[\w]+\.)*(\w+): ([^>]*)>\]?")
_CUT_UNITS = {"tags": "tags", "authors": "names"}
#: A page's ``<title>`` over this many bytes is over the longest title kept (``loaders.MAX_CHARS``, 500 characters of
#: up to 4 bytes): a CMS that put the page in it. Ignored when the headline came from elsewhere, and counted.
_TITLE_ELEMENT_MAX_BYTES = 4 * 500
_TITLE_OPEN = re.compile(rb"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(rb"</title\s*>", re.IGNORECASE)


def _oversized_title(body: bytes) -> int:
    """The size in bytes of the page's first ``<title>`` element when it is over :data:`_TITLE_ELEMENT_MAX_BYTES`,
    else 0 (bytes.find first: the regular expression scans a page only when the tag is not in lower case)."""
    start = body.find(b"<title")
    opening = _TITLE_OPEN.search(body, start) if start >= 0 else _TITLE_OPEN.search(body)
    if opening is None:
        return 0
    closing = _TITLE_CLOSE.search(body, opening.end(), opening.end() + 64 * _TITLE_ELEMENT_MAX_BYTES)
    size = (closing.start() if closing else min(len(body), opening.end() + 64 * _TITLE_ELEMENT_MAX_BYTES)) \
        - opening.end()
    return size if size > _TITLE_ELEMENT_MAX_BYTES else 0
def _unicode_host(url: str) -> str:
    """`` (host новини.укр)`` for a URL whose host is an IDN sent in its ``xn--`` form, else ``""``: the analyst
    reads the outlet's name as the outlet writes it."""
    host = urlsplit(url).hostname or ""
    if "xn--" not in host:
        return ""
    try:
        return f" (host {host.encode('ascii').decode('idna')})"
    except UnicodeError:
        return ""


#: A site's front page, or a language edition's (``/``, ``/index.php``, ``/uk/``, ``/ru/index.html``, ``/en-gb``).
_FRONT_PAGE_PATH = re.compile(r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:index\.(?:html?|php|aspx?))?", re.IGNORECASE)


def _redirected_from(response) -> str:
    chain = response.meta.get("redirect_urls")
    return f" (redirected from {chain[0]})" if chain else ""
#: Extraction's reasons for setting aside the Content-Type's charset (newswatch.extract._html._header_trusted and
#: _koi8_u_corrected), and the stats they are counted under.
_HEADER_CHARSET_STATS = {"unknown_header_charset": "article/unknown_charset",
                         "impossible_charset": "article/impossible_charset",
                         "server_default_charset": "article/charset_corrected/server_default",
                         "koi8-u_letters": "article/charset_corrected/koi8_u",
                         "double_encoded": "article/charset_corrected/double_encoded"}
_STAGE_STATS = {stage: f"newswatch/time/extract_{stage}" for stage in ("metadata", "clean_html", "body", "load")}


def parse_since(value: str | None, *, default_days: float = 3, now: datetime | None = None) -> datetime | None:
    """The ``since`` cut-off as aware UTC, or None for ``all``. Raises ValueError on nonsense."""
    now = now or datetime.now(UTC)
    if value is None or str(value).strip() == "":
        return now - timedelta(days=default_days) if default_days and default_days > 0 else None
    value = str(value).strip()
    if value.lower() == "all":
        return None
    match = _RELATIVE_RE.match(value)
    if match:
        amount, unit = float(match.group(1)), match.group(2).lower()
        return now - (timedelta(days=amount) if unit == "d" else timedelta(hours=amount))
    parsed = parse_date(value, now=now)
    if parsed is None:
        raise ValueError(f"since={value!r}: expected YYYY-MM-DD, an ISO timestamp, Nd, Nh or 'all'")
    return parsed


#: How far a response's ``Date`` header may be from the local clock and still be the page's fetch time: behind
#: (a response replayed from Scrapy's HTTP cache was rendered then), and ahead (clock skew).
_DATE_HEADER_BEHIND = timedelta(days=2)
_DATE_HEADER_AHEAD = timedelta(minutes=5)


def fetch_time(date_header: bytes | None, now: datetime | None = None) -> datetime:
    """When the page was fetched (aware UTC), the reference for relative dates shown on it («Вчора, 18:30»):
    the response's HTTP ``Date`` when it parses and is sane (at most 2 days behind the local clock, at most 5
    minutes ahead), else ``now`` (default: the current time). Cheap: one RFC 2822 parse, on the reactor."""
    now = now or datetime.now(UTC)
    if not date_header:
        return now
    try:
        served = email.utils.parsedate_to_datetime(date_header.decode("latin-1"))
    except (TypeError, ValueError, IndexError, UnicodeDecodeError):
        return now
    if served.tzinfo is None:  # "-0000": the RFC's "UTC, but the zone is unknown"
        served = served.replace(tzinfo=UTC)
    served = served.astimezone(UTC)
    return served if now - _DATE_HEADER_BEHIND <= served <= now + _DATE_HEADER_AHEAD else now


def _split_urls(value) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, list | tuple):
        return tuple(value)
    return tuple(u.strip() for u in str(value).split(",") if u.strip())


def _refuse_unwritable_paths(settings) -> None:
    """A usage error (exit 2, one line, nothing fetched) when the embedded store or ``JOBDIR`` can never be written:
    found mid-crawl, every article fetched would go to the spill directory, and Scrapy's own ``JOBDIR`` setup fails
    with a traceback. A store that is only unavailable (locked, MongoDB down) is no usage error: the crawl starts
    and retries (StorePipeline)."""
    store = build_store(**store_options(settings))
    checks = [("JOBDIR", settings.get("JOBDIR"), True)]
    # (a directory at the store's path keeps its older handling: the crawl runs, spills every article and says why)
    if isinstance(store, SqliteStore) and not store.path.is_dir():
        checks.insert(0, ("the store (NEWSWATCH_DB_PATH)", store.path, False))
    for what, path, directory in checks:
        problem = path and unwritable(path, directory=directory)
        if problem:
            raise UsageError(f"{what} {path} cannot be used: {problem}; nothing crawled")


def accept_language(languages) -> str:
    """The ``Accept-Language`` of an outlet's requests: its languages in its entry's order, each next one less
    preferred (``["uk", "ru"]`` -> ``uk,ru;q=0.9``)."""
    return ",".join(lang if n == 0 else f"{lang};q={max(1, 10 - n) / 10:.1f}" for n, lang in enumerate(languages))


class NewsSpider(scrapy.Spider):
    """Base of every newswatch spider: feeds + sitemaps in, Article items out."""

    #: The outlet this spider crawls; None for ad-hoc crawls (the ``feeds`` spider).
    source: Source | None = None
    #: A site's markup fix: a module-level function ``bytes -> bytes`` applied to an article page on the
    #: worker, before extraction (sent there by name: wrap it in ``staticmethod``). None: the page as fetched.
    page_filter: Callable[[bytes], bytes] | None = None

    def __init__(self, *args, feeds=None, sitemaps=None, sections=None, since=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed_urls = _split_urls(feeds) or (self.source.feeds if self.source else ())
        self.sitemap_urls = _split_urls(sitemaps) or (self.source.sitemaps if self.source else ())
        self.section_urls = _split_urls(sections) or (self.source.sections if self.source else ())
        if not self.feed_urls and not self.sitemap_urls and not self.section_urls:
            raise ValueError(f"spider {self.name!r}: nothing to crawl; give -a feeds=URL[,URL] and/or -a sitemaps=URL")
        self._since_arg = since
        self.site_rules = site_rules_for(self.source.key if self.source else None,
                                         self.source.clean if self.source else None)
        self.since: datetime | None = None
        self._sitemaps_seen: set[str] = set()  # child sitemap URLs queued by this process (a few hundred at most)
        self._robots_fallbacks: set[str] = set()  # robots.txt read for a feed's window (see _window_in_sitemaps)
        self._window_sitemaps: set[str] = set()  # the sitemaps read for it: their dated entries only
        # Without a declared timezone:, a child sitemap named by its day is read on the clock guessed for the outlet
        # (what genoutlet suggests), not the westmost one: a Kyiv day's sitemap before the window is not read.
        self._period_zone = (suggested_timezone(self.source.url, list(self.source.languages))
                             if self.source is not None and not self.source.timezone else None)

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        if cls.source is not None and cls.source.languages:
            # A site that negotiates its language serves the reader's: ask in the outlet's own languages, or a
            # Russian service answers each story's URL in English (the default header's first language)
            headers = dict(settings.getdict("DEFAULT_REQUEST_HEADERS"))
            headers["Accept-Language"] = accept_language(cls.source.languages)
            settings.set("DEFAULT_REQUEST_HEADERS", headers, priority="spider")
        # Only a crawl that renders JavaScript gets the Playwright handler (and needs Chromium).
        if (cls.source is not None and cls.source.js) or _js.wants_js(settings):
            _js.install(settings)
        _refuse_unwritable_paths(settings)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.render_meta = None
        if (cls.source is not None and cls.source.js) or _js.wants_js(crawler.settings):
            spider.render_meta = _js.render_meta(cls.source.js_wait_for if cls.source else None,
                                                 _js.wait_ms(crawler.settings))
        spider.since = parse_since(spider._since_arg, default_days=crawler.settings.getfloat("NEWSWATCH_SINCE_DAYS", 3))
        spider.workers = worker_pool(crawler)
        spider.queued_articles = max(1, crawler.settings.getint("NEWSWATCH_QUEUED_ARTICLES", 1000))
        spider.min_words = crawler.settings.getint("NEWSWATCH_MIN_WORDS", 40)  # under it a page may be a bot wall
        quiet_robots_failures(crawler)
        return spider

    # --- discovery ---------------------------------------------------------------

    async def start(self):
        self.logger.info(
            "crawling %d feed(s) and %d sitemap(s), since %s",
            len(self.feed_urls), len(self.sitemap_urls), self.since.isoformat() if self.since else "all",
        )
        self.feed_urls, self.sitemap_urls, self.section_urls = (
            tuple(self._without_feed_scheme(url) for url in urls)
            for urls in (self.feed_urls, self.sitemap_urls, self.section_urls))
        starts = [("feed", url, self.parse_feed, {}) for url in self.feed_urls]
        for url in self.sitemap_urls:
            callback = self.parse_robots if url.rstrip("/").lower().endswith("robots.txt") else self.parse_sitemap
            if callback == self.parse_sitemap:
                self._first_sitemap(url)  # an index listing it again (A -> B -> A, A -> A) does not re-read it
            starts.append(("sitemap", url, callback, {}))
        starts += [("section page", url, self.parse_section, {_SECTION_PAGE: 1}) for url in self.section_urls]
        for kind, url, callback, meta in starts:
            try:
                yield scrapy.Request(url, callback=callback, errback=self.on_error, priority=10,
                                     meta={**meta, _START: kind})
            except ValueError as exc:
                # One URL Scrapy refuses (a port over 65535) raised out of start() and ended the whole crawl
                # ('start_error'): the outlet's good feeds were never read.
                self._stat("discovery/start_failed/bad_url")
                self.logger.error("%s %s given at start cannot be fetched (%s); the crawl goes on without it", kind,
                                  url, exc)

    def _without_feed_scheme(self, url: str) -> str:
        """A start URL pasted as a browser shows a feed's link (``feed://host/rss``) as the http(s) URL it marks:
        Scrapy refused the scheme and the feed was never read."""
        plain = without_feed_scheme(url)
        if plain != url:
            self._stat("discovery/repaired/feed_scheme")
            self.logger.warning("%s given at start carries the feed: scheme (a browser's feed link); read as %s",
                                url, plain)
        return plain

    def _stat(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"newswatch/{key}", count)

    def _unreadable(self, kind: str, url: str, exc: Exception) -> None:
        self._stat("discovery/bad_document")
        if isinstance(exc, NotXMLError):
            self.logger.warning("bad %s %s: %s", kind, url, exc)
        else:  # a case the parser does not know yet: the crawl goes on without this document
            self.logger.error("bad %s %s: could not be read (%s: %s)", kind, url, type(exc).__name__, exc)

    def _noted(self, kind: str, url: str, notes: Notes) -> None:
        """Count and log what reading a feed or sitemap refused (links that are no web page) and repaired."""
        for link, reason in notes.refused:
            self._stat("discovery/bad_link")
            self.logger.warning("unusable link in %s skipped: %r (%s)", url,
                                link if len(link) <= 200 else link[:200] + "…", reason)
        for reason, message in notes.repairs:
            self._stat(f"discovery/repaired/{reason}")
            self.logger.warning("%s repaired (%s): %s: %s", kind, reason, url, message)
        if getattr(notes, "no_link", 0):
            self._stat("discovery/no_link", notes.no_link)
            self.logger.warning("%s: %d entries without a link (no <link>, permalink <guid> or href), skipped", url,
                                notes.no_link)
        if getattr(notes, "forwarded", 0):
            self._stat("discovery/forwarded_link", notes.forwarded)
            self.logger.info("%s: %d links through a click counter or share link; the stories they name fetched "
                             "directly", url, notes.forwarded)

    async def _parse_document(self, parse, response):
        """``parse(body, url, charset, zone)`` (``feed_document`` or ``sitemap_document``; ``zone``: the outlet's
        ``timezone:``, else the one guessed for it as for its pages: the clock of dates without an offset): on a
        worker process for a big document, so a 50,000-entry feed does not hold the event loop for seconds (every
        download, answer and timer waits meanwhile); here for a small one. Both give the same entries, as plain
        rows."""
        # a .ru outlet's news sitemap printing Moscow time without an offset is read in Moscow time, as its pages
        # are, not as UTC (three hours late: an entry of the night before the window was fetched)
        args = (response.body, response.url, header_charset(response.headers.get(b"Content-Type")),
                (self.source.timezone or self._period_zone) if self.source else None)
        if not parse_off_loop(response.body) or not self.workers.workers:  # (0 workers: everything runs here)
            return parse(*args)
        self._stat("discovery/parsed_off_loop")
        return await self.workers.run(parse, *args)

    async def parse_feed(self, response):
        page = response.meta.get(_FEED_PAGE, 1)
        if page > 1 and response.status >= 400:  # a guessed page past the last one (WordPress: 404): the feed ends
            self.logger.info("feed %s ends at page %d (%d)", response.url, page - 1, response.status)
            return
        try:
            rows, notes = await self._parse_document(feed_document, response)
        except Exception as exc:
            if isinstance(exc, NotXMLError) and (advertised := self._advertised(response)):
                for request in advertised:
                    yield request
                return
            self._unreadable("feed", response.url, exc)
            return
        self._noted("feed", response.url, notes)
        if page > 1 and rows and rows[0][0] == response.meta.get(_FEED_PAGE_FIRST):
            # a server that ignores the page parameter answers page 1 again: the feed does not page
            self.logger.info("feed %s repeats page %d: it does not page", response.url, page - 1)
            return
        self.logger.info("feed %s: %d entries", response.url, len(rows))
        for request in self._follow(rows):
            yield request
        # Every entry still inside ``since``: the window goes on past this page, on the feed's next one.
        window_goes_on = rows and not any(
            self.since and (r[ROW_PUBLISHED] or r[ROW_MODIFIED]) and
            (r[ROW_PUBLISHED] or r[ROW_MODIFIED]) < self.since for r in rows)
        if window_goes_on and notes.next_page and page < MAX_SECTION_PAGES:
            self._stat("discovery/feed_pages")
            yield scrapy.Request(notes.next_page, callback=self.parse_feed, errback=self.on_error, priority=10,
                                 meta={_FEED_PAGE: page + 1, _FEED_PAGE_FIRST: rows[0][0],
                                       "handle_httpstatus_list": [404, 410]})
        elif window_goes_on:
            for request in self._window_in_sitemaps(rows, response.url):
                yield request

    def _window_in_sitemaps(self, rows: list[tuple], feed_url: str):
        """A feed that holds its last N items only (10, 20), every one inside ``since``, and no next page: the rest
        of the window is in the site's sitemaps, read from the robots.txt of the host its stories are on (once per
        host; ``discovery/feed_window_short``). Only for an outlet whose entry names no sitemap (those are read
        anyway) and a crawl with a ``since`` (``since=all`` would read the whole archive)."""
        if self.since is None or self.source is None or self.sitemap_urls:
            return
        hosts = collections.Counter(urlsplit(r[0])[:2] for r in rows)
        scheme, netloc = hosts.most_common(1)[0][0]
        robots = f"{scheme}://{netloc}/robots.txt"
        if robots in self._robots_fallbacks:
            return
        self._robots_fallbacks.add(robots)
        self._stat("discovery/feed_window_short")
        self.logger.info("feed %s: all %d entries inside since and no next page; the rest of the window is read from "
                         "the sitemaps %s names", feed_url, len(rows), robots)
        yield scrapy.Request(robots, callback=self._parse_fallback_robots, errback=self.on_error, priority=10,
                             meta={"handle_httpstatus_list": [403, 404, 410]})

    def _parse_fallback_robots(self, response):
        if response.status >= 400:  # no robots.txt: nothing more to read (the feed was all the outlet named)
            self.logger.info("no robots.txt at %s (%d): the feed's window stays as it is", response.url,
                             response.status)
            return
        for request in self.parse_robots(response):
            self._window_sitemaps.add(request.url)
            yield request

    def _dated_for_window(self, rows: list[tuple], sitemaps: list, url: str) -> tuple[list[tuple], list]:
        """What a sitemap read for a feed's window (:meth:`_window_in_sitemaps`) adds: its dated entries and dated
        child sitemaps only. An undated archive (WordPress's ``wp-sitemap-posts-post-1.xml``, no ``lastmod``) would
        be every story the site ever ran, each fetched to learn its date, on every run
        (``discovery/feed_window_undated``)."""
        dated_rows = [r for r in rows if r[ROW_PUBLISHED] or r[ROW_MODIFIED]]
        dated_maps = [(u, lastmod) for u, lastmod in sitemaps if lastmod is not None]
        skipped = len(rows) - len(dated_rows) + len(sitemaps) - len(dated_maps)
        if skipped:
            self._stat("discovery/feed_window_undated", skipped)
            self.logger.info("sitemap %s, read for a feed's window: %d undated entries or child sitemaps not read",
                             url, skipped)
        self._window_sitemaps.update(u for u, _ in dated_maps)
        return dated_rows, dated_maps

    async def parse_section(self, response):
        """A section page (``sections:``): its story links, then its next page while that page still had stories
        inside ``since`` (pages run newest first), up to ``MAX_SECTION_PAGES`` (``discovery/section_pages``)."""
        try:
            rows, next_url = await self._parse_document(section_document, response)
        except Exception as exc:
            self._unreadable("section page", response.url, exc)
            return
        self._stat("discovery/section_pages")
        page = response.meta.get(_SECTION_PAGE, 1)
        self.logger.info("section page %s (page %d): %d story links", response.url, page, len(rows))
        fresh = any(not (self.since and (r[ROW_PUBLISHED] or r[ROW_MODIFIED]) and
                         (r[ROW_PUBLISHED] or r[ROW_MODIFIED]) < self.since) for r in rows)
        for request in self._follow(rows):
            yield request
        if next_url and fresh and page < MAX_SECTION_PAGES:
            yield scrapy.Request(next_url, callback=self.parse_section, errback=self.on_error, priority=10,
                                 meta={_SECTION_PAGE: page + 1})

    def _advertised(self, response) -> list:
        """Requests for the feeds an HTML page at a feed's URL names (see ``discovery.advertised_feeds``), read
        instead (``discovery/feed_advertised``); a page found this way is not followed further. Empty when it
        names none (the feed is then a ``bad_document``)."""
        if response.meta.get(_ADVERTISED_BY):
            return []
        feeds = [url for url in advertised_feeds(response.body, response.url) if url not in self.feed_urls]
        requests = []
        for url in feeds:
            try:
                requests.append(scrapy.Request(url, callback=self.parse_feed, errback=self.on_error, priority=10,
                                               meta={_ADVERTISED_BY: response.url}))
            except ValueError as exc:
                self._stat("discovery/bad_link")
                self.logger.warning("unusable feed link skipped: %r (%s)", url[:200], exc)
        if requests:
            self._stat("discovery/feed_advertised", len(requests))
            self.logger.warning("feed %s is an HTML page that names its feed(s); read instead: %s", response.url,
                                ", ".join(r.url for r in requests))
        return requests

    async def parse_sitemap(self, response):
        pending = list(response.meta.get(_NEXT_SITEMAPS) or ())
        try:
            rows, sitemaps, capped, notes = await self._parse_document(
                functools.partial(sitemap_document, since=self.since, period_zone=self._period_zone), response)
        except Exception as exc:
            self._unreadable("sitemap", response.url, exc)
            for request in self._next_sitemap(pending):  # the other child sitemaps of the index are still read
                yield request
            return
        self._noted("sitemap", response.url, notes)
        self._stat("discovery/sitemaps")
        if (response.meta.get("redirect_urls") or [response.url])[0] in self._window_sitemaps:
            rows, sitemaps = self._dated_for_window(rows, sitemaps, response.url)
        if capped:
            self._stat("discovery/sitemap_capped", capped)
        depth = response.meta.get(_SITEMAP_DEPTH, 0) + 1  # of this index's children
        if sitemaps and depth > MAX_SITEMAP_DEPTH:
            self._stat("discovery/sitemap_too_deep", len(sitemaps))
            self.logger.warning("sitemap index %s is %d indexes deep; its %d child sitemap(s) are not read (an index "
                                "generated without end?)", response.url, depth - 1, len(sitemaps))
            sitemaps = []
        for url, lastmod in sitemaps:
            # A child sitemap last modified before the cut-off holds only older entries.
            if self.since and lastmod and lastmod < self.since:
                self._stat("discovery/skipped_old_sitemap")
                continue
            if self._first_sitemap(url, response.url):
                pending.append((url, depth))
        if rows:
            self.logger.info("sitemap %s: %d entries", response.url, len(rows))
        for request in self._follow(rows, pending):
            yield request

    def _first_sitemap(self, url: str, listed_in: str | None = None) -> bool:
        """Whether the sitemap ``url`` is new to this crawl (and now seen). The same sitemap under another spelling
        (``HTTP://`` or an upper-case host, a ``#fragment``, reordered query) is the same: an index loop through
        one (A -> B -> A#top) read A again. A repeat is counted (``discovery/sitemap_repeated``) and logged."""
        try:
            key = canonicalize_url(url)
        except ValueError:  # a URL w3lib cannot parse: Scrapy refuses it later, with a reason
            key = url
        if key not in self._sitemaps_seen:
            self._sitemaps_seen.add(key)
            return True
        if listed_in is not None:
            self._stat("discovery/sitemap_repeated")
            self.logger.info("sitemap %s listed again in %s; read once", url, listed_in)
        return False

    def _next_sitemap(self, pending: list):
        """The next child sitemap, below the articles already queued (priority -1), carrying the rest.

        Child sitemaps are read one at a time, each once the scheduler has drained the articles before it:
        an index of a hundred 50k-URL sitemaps never puts millions of requests in memory at once. The rest
        of the list travels in the request's meta, so it survives a failed fetch (``on_error`` goes on
        with it) and a queue shared by several processes.
        """
        while pending:
            # (url, depth); a bare URL is one queued before depths were kept (a JOBDIR from an older version)
            url, depth = (pending[0], 1) if isinstance(pending[0], str) else pending[0]
            try:
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error, priority=-1,
                                     dont_filter=True, meta={_NEXT_SITEMAPS: pending[1:], _SITEMAP_DEPTH: depth})
                return
            except ValueError as exc:  # a URL Scrapy refuses: go on with the next child sitemap
                self._stat("discovery/bad_link")
                self.logger.warning("unusable sitemap link skipped: %r (%s)", url, exc)
                pending = pending[1:]

    def parse_robots(self, response):
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        notes = Notes()
        urls = robots_sitemaps(text, response.url, notes)
        self._noted("robots.txt", response.url, notes)
        self.logger.info("robots.txt %s lists %d sitemap(s)", response.url, len(urls))
        for url in urls:
            if self._first_sitemap(url, response.url):
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error, priority=10)

    def _follow(self, rows: list[tuple], sitemaps: list[str] | tuple[str, ...] = ()):
        """Hand out the entries (as :meth:`Entry.row`) dated after ``since``, or undated."""
        found: collections.Counter[str] = collections.Counter()
        wanted, old, bad_dates, listed = [], 0, [], set()
        for row in rows:
            found[row[1]] += 1
            if row[ROW_BAD_DATE]:
                bad_dates.append(row[ROW_BAD_DATE])
            date = row[ROW_PUBLISHED] or row[ROW_MODIFIED]
            if self.since and date and date < self.since:
                old += 1
                continue
            # A URL listed again in the same document (a CMS that repeats an entry thousands of times) would
            # cost a request object, an incremental check and a queue slot per repeat before the duplicate
            # filter drops it: the first fresh listing is kept.
            if row[0] in listed:
                continue
            listed.add(row[0])
            wanted.append(row)
        for via, count in found.items():
            self._stat(f"discovery/entries/{via}", count)
        if old:
            self._stat("discovery/skipped_old", old)
        repeated = len(rows) - old - len(wanted)
        if repeated:
            self._stat("discovery/duplicate_entries", repeated)
            self.logger.warning("%s: %d entries list a URL the document already lists; read once", rows[0][2],
                                repeated)
        if bad_dates:
            self._stat("discovery/bad_date", len(bad_dates))
            self.logger.warning("%s: %d entries with unusable date(s) in them (%s); fetched as undated", rows[0][2],
                                len(bad_dates), ", ".join(repr(d) for d in dict.fromkeys(bad_dates[:5])))
        yield from self._hand_out(wanted, list(sitemaps))

    def _hand_out(self, entries: list[Entry | tuple], sitemaps: list[str]):
        """Requests for the first ``queued_articles`` entries; the rest, and then ``sitemaps``, come later.

        What is left travels in the meta of a ``data:`` request at priority -1, which the scheduler hands
        out once the articles before it have gone to the downloader (as ``_next_sitemap`` does): a 50k-URL
        sitemap never has more than ``queued_articles`` requests in memory, and the rest survives a shared
        queue. The next child sitemap is read only when this one's entries are all handed out.
        """
        last = None
        for entry in entries[:self.queued_articles]:
            if not isinstance(entry, Entry):  # a row: built here, a thousand at a time, not all at once
                entry = Entry(*entry)
            try:
                request = scrapy.Request(request_url(entry.url), callback=self.parse_article, errback=self.on_error,
                                         cb_kwargs={"entry": entry}, meta=dict(self.render_meta or {}))
            except ValueError as exc:  # a URL Scrapy refuses: losing it must not lose the entries after it
                self._stat("discovery/bad_link")
                self.logger.warning("unusable link in %s skipped: %r (%s)", entry.source_url, entry.url, exc)
                continue
            last = request
            yield last
        if last is not None and len(entries) > self.queued_articles:
            self._stat("discovery/held_back", len(entries) - self.queued_articles)
            # In the articles' downloader slot: Scrapy's queue serves the slot with the fewest downloads
            # first, so in a slot of its own the continuation would be read at once, ahead of them.
            meta = {_BACKLOG: entries[self.queued_articles:], _NEXT_SITEMAPS: sitemaps,
                    "download_slot": self.crawler.engine.downloader.get_slot_key(last),
                    "autothrottle_dont_adjust_delay": True}
            yield scrapy.Request(_BACKLOG_URL, callback=self.parse_backlog, errback=self.on_error, priority=-1,
                                 dont_filter=True, meta=meta)
        else:
            yield from self._next_sitemap(sitemaps)

    def parse_backlog(self, response):
        yield from self._resume(response.meta)

    def _resume(self, meta: dict):
        """Go on with what a backlog continuation or a chained child sitemap carried (fetched or failed)."""
        if _BACKLOG in meta:
            yield from self._hand_out(list(meta[_BACKLOG]), list(meta.get(_NEXT_SITEMAPS) or ()))
        elif _NEXT_SITEMAPS in meta:
            yield from self._next_sitemap(list(meta[_NEXT_SITEMAPS]))

    # --- articles ----------------------------------------------------------------

    async def parse_article(self, response, entry: Entry | None = None):
        if self._redirected_to_front_page(response):
            return
        clean_url = without_session_ids(response.url)
        if clean_url != response.url:
            # A server that writes the visitor's session into the URL it redirects to (Tomcat without a cookie):
            # the story is stored at its address without it, as every link discovery reads is, not once a visit.
            self._stat("article/session_id_removed")
            self.logger.info("session id left out of the story's URL: %s -> %s", response.url, clean_url)
            response = response.replace(url=clean_url)
        content_type = self._content_type(response)
        # The Content-Type may lie: a PDF or an image served as text/html is still not a page. The bytes are
        # sniffed on the worker, with the extraction, unless a subclass's page_body changes them first.
        html = isinstance(response, TextResponse) and content_type.startswith(_HTML_TYPES)
        sniff_here = not html or type(self).page_body is not NewsSpider.page_body
        binary = sniff_binary(response.body) if sniff_here and isinstance(response, TextResponse) else None
        opening = response.body[:1024].lstrip(b"\xef\xbb\xbf\t\n\r ").lower() if not html and not binary else b""
        untyped = content_type.startswith(_UNTYPED) and isinstance(response, TextResponse)
        if opening.startswith(_HTML_OPENINGS if untyped else _HTML_DOCUMENT):
            # Untyped: any markup opening. Any other type (image/jpeg, application/json: a misconfigured route)
            # only when the bytes open as an HTML document, which no image, PDF or JSON does.
            html = True
            self._stat("article/untyped_html" if untyped else "article/mistyped_html")
            self.logger.warning("served as %s, but the bytes are an HTML page; read as one: %s",
                                content_type.decode("latin-1", "replace"), response.url)
            if not isinstance(response, TextResponse):
                response = HtmlResponse(url=response.url, status=response.status, headers=response.headers,
                                        body=response.body, request=response.request)
                binary = sniff_binary(response.body)
        if not html or binary:
            self._not_html(response, content_type, binary)
            return
        full = None if response.meta.get(_AMP_COPY) or response.meta.get(_AMP_KEPT) else \
            amp_canonical(response.body, response.url)
        if full:  # a feed linking only AMP copies: the story is read and stored at its own page
            self._stat("article/amp_to_full_page")
            self.logger.info("%s is an AMP copy: reading its page %s", response.url, full)
            # not filtered: when the full page was fetched already, this fetch still records the AMP URL as its alias
            yield scrapy.Request(request_url(full), callback=self.parse_article, errback=self.on_error,
                                 cb_kwargs={"entry": entry}, dont_filter=True,
                                 meta={**(self.render_meta or {}), _AMP_COPY: response.url, FOLLOW_UP: True})
            return
        charset = header_charset(response.headers.get(b"Content-Type"))  # checked by the extraction
        entry_hints = None
        if entry is not None:
            entry_hints = entry.as_dict() | {"authors": list(entry.authors)}
            if request_url(entry.url) != entry.url:
                # fetched without its tracking parameters, the link as listed stays an alias: an analyst
                # holding the feed's link finds the story by it
                entry_hints["listed_url"] = entry.url
            if response.meta.get(_AMP_COPY):  # the AMP link the feed gave stays an alias of the story
                entry_hints["listed_url"] = response.meta[_AMP_COPY]
        try:
            # Extraction and the item loader both run on a worker (newswatch.process.process_article).
            done = await self.workers.run(
                process_article, self._without_leading_nuls(self.page_body(response), response.url), response.url,
                declared_encoding=charset, site_rules=self.site_rules, sniff=not sniff_here,
                page_filter=self.page_filter, fetched_at=fetch_time(response.headers.get(b"Date")),
                source=self.source.key if self.source else None,  # None: the URL's domain, found on the worker
                entry=entry_hints,
                default_language=self.source.default_language if self.source else None,
                overrides=self.source.metadata if self.source else None,
            )
        except WorkerTimeout as exc:
            self._stat("article/extraction_timeout")
            self.logger.error("extraction gave up on %s: %s (a pathological page?)", response.url, exc)
            return
        if "binary" in done:
            self._not_html(response, content_type, done["binary"])
            return
        if done["error"]:
            self._stat("article/extraction_error")
        for reason, message in done.get("repairs", {}).items():
            if reason in _HEADER_CHARSET_STATS:  # the Content-Type's charset set aside: said as the crawl says it
                self._stat(_HEADER_CHARSET_STATS[reason])
                self.logger.warning("%s: %s", message.split(": ", 1)[-1], response.url)
                continue
            self._stat(f"article/repaired/{reason}")
            self.logger.warning("page repaired (%s): %s: %s", reason, response.url, message)
        for field, size in done.get("cut", {}).items():
            self._stat(f"article/cut/{field}")
            self.logger.warning("%s of %d %s cut to %d: %s", field, size, _CUT_UNITS.get(field, "characters"),
                                len(done["item"][field]), response.url)
        if "title" not in done.get("cut", {}) and (size := _oversized_title(response.body)):
            self._stat("article/title_oversized")
            self.logger.warning("<title> of %d bytes or more ignored (the page in its title: a CMS bug); the headline "
                                "is taken from the page: %s", size, response.url)
        stats = self.crawler.stats
        for stage, seconds in done["timings"].items():
            stats.inc_value(_STAGE_STATS.get(stage) or f"newswatch/time/extract_{stage}", seconds)
        self._stat("article/parsed")
        if self._not_news(done["item"], entry, response.url):
            return
        vendor = self._bot_challenge(response, done["item"])
        if vendor is None:
            yield done["item"]
        elif not response.meta.get(_CHALLENGE_ASKED_AGAIN):
            # A wall put up for a moment (a burst of traffic, "under attack" mode switched on) is often down a
            # little later: the page is asked once more, after the articles already queued, not dropped.
            self._stat("article/challenge_asked_again")
            self.logger.warning("bot challenge (%s) instead of the page %s; asked once more, after the queued "
                                "articles", vendor, response.url)
            kept = {key: response.meta[key] for key in (_AMP_COPY, _AMP_KEPT) if key in response.meta}
            yield response.request.replace(dont_filter=True, priority=-1, meta={
                **(self.render_meta or {}), **kept, _CHALLENGE_ASKED_AGAIN: True, FOLLOW_UP: True})
        else:
            self._stat("dropped/error_page")
            self.logger.warning("Dropped: error_page: %s (bot challenge: %s; %d words of text)%s", response.url,
                                vendor, done["item"].get("word_count", 0), _redirected_from(response))

    def _not_news(self, item, entry: Entry | None, url: str) -> bool:
        """Whether a page reached through an undated entry (an undated teaser of a section page, a sitemap
        ``<url>`` with no ``lastmod``) is dated before ``since``: a pinned or "most read" old story, not one of the
        window (``article/older_than_since``); or is dated nowhere at a site page's address ("/about/", "/contacts":
        ``newswatch.extract._metadata.site_page``): the outlet's own page (``article/site_page``). A dated entry was
        already judged by its date; a page given without an entry (``scrapy check``'s saved page) is not judged."""
        if entry is None or entry.date is not None:
            return False
        published = item.get("published_at")
        if published is None and site_page(url):  # "/about/" in a plain sitemap of the site's pages
            self._stat("article/site_page")
            self.logger.info("undated link %s: a site page (an address such as /about/, no date on it); not stored",
                             url)
            return True
        if published is None or self.since is None or published >= self.since:
            return False
        self._stat("article/older_than_since")
        self.logger.info("undated link %s: its page is dated %s, before since; not stored", url, published.isoformat())
        return True

    def _content_type(self, response) -> bytes:
        """The response's Content-Type, lower case. Of several different ones (a proxy or framework that adds its
        own), the HTML one: Scrapy reads the last, so a page sent as ``text/html`` then ``application/json`` was
        skipped as not HTML."""
        types = [t.lower() for t in response.headers.getlist(b"Content-Type")] or [b"text/html"]
        if len(set(types)) > 1:
            html = [t for t in types if t.startswith(_HTML_TYPES)]
            self._stat("article/conflicting_content_type")
            self.logger.warning("%d different Content-Type headers (%s); %s: %s", len(types),
                                ", ".join(t.decode("latin-1", "replace") for t in types),
                                "read as the HTML one" if html else "the last one counts", response.url)
            return html[0] if html else types[-1]
        return types[-1]

    def _not_html(self, response, content_type: bytes, binary: str | None) -> None:
        self._stat("article/not_html")
        self.logger.warning("not an HTML page, skipped: %s (%s%s)%s", response.url,
                            content_type.decode("latin-1", "replace") or "no Content-Type",
                            f"; the body is a {binary}" if binary else "", _redirected_from(response))

    def _redirected_to_front_page(self, response) -> bool:
        """Whether a story link was redirected to its site's front page (``/``, ``/index.html``, or a language
        edition's: ``/uk/``, ``/en-us/``), which is how most CMSs answer for a
        story taken down or moved without a forwarding address; skipped, counted
        (``article/redirected_to_front_page``) and logged with the link. Extracted, the front page's teasers made
        an "article" of the site's headlines, or it was dropped as too short under a reason that named only ``/``."""
        chain = response.meta.get("redirect_urls")
        if not chain:
            return False
        target, first = urlsplit(response.url), urlsplit(chain[0])
        if not _FRONT_PAGE_PATH.fullmatch(target.path) or target.query or _FRONT_PAGE_PATH.fullmatch(first.path):
            return False
        self._stat("article/redirected_to_front_page")
        self.logger.warning("story redirected to the site's front page (taken down or moved?), skipped: %s -> %s",
                            chain[0], response.url)
        return True

    def _bot_challenge(self, response, item) -> str | None:
        """The vendor whose anti-bot challenge or block page this is (too short to be an article, and carrying a
        vendor's challenge machinery: :func:`newswatch.extract.challenge_vendor`), counted as
        ``article/bot_challenge/<vendor>``; else None. Such a page is asked once more, after the queued articles
        (``article/challenge_asked_again``); a wall again is skipped, counted as ``dropped/error_page``, the log
        line naming the vendor. Once its scripts were gone such a page held no text and was dropped as ``no_body``
        or ``too_short``, with no word of whose wall it was."""
        words = item.get("word_count", 0)  # counted by the item loader
        if words >= self.min_words:
            return None
        vendor = challenge_vendor(response.headers, response.body)
        if vendor is not None:
            self._stat(f"article/bot_challenge/{vendor}")
        return vendor

    def _without_leading_nuls(self, body: bytes, url: str) -> bytes:
        """``body`` without the NUL bytes a broken cache or proxy wrote before its markup. With them the page read
        as binary data and the story was lost; a UTF-16 page without a BOM (NULs all through its opening) keeps
        them."""
        if body[:1] not in (b"\x00", b"\t", b"\n", b"\r", b" ", b"\xef"):
            return body
        bom = b"\xef\xbb\xbf" if body.startswith(b"\xef\xbb\xbf") else b""  # a template's BOM, kept: it says UTF-8
        marked = body[len(bom):].lstrip(b"\t\n\r ")
        if marked[:1] != b"\x00":
            return body
        stripped = marked.lstrip(b"\x00\t\n\r ")
        if stripped[:1] != b"<" or b"\x00" in stripped[:64]:
            return body
        self._stat("article/repaired/leading_nul_bytes")
        self.logger.warning("page repaired (leading_nul_bytes): %s: %d NUL byte(s) before the markup were dropped",
                            url, marked.count(b"\x00", 0, len(marked) - len(stripped)))
        return bom + stripped

    def page_body(self, response) -> bytes:
        """The article page's bytes as extraction gets them; a subclass may fix a site's markup here, on the
        reactor thread (``page_filter`` does it on the worker)."""
        return response.body

    def on_error(self, failure: Failure):
        request = failure.request if hasattr(failure, "request") else None
        reason = fetch_error_reason(failure.value, request.url if request is not None else None)
        self._stat(f"fetch/error/{reason}")
        if reason == "timeout" and request is not None:
            # Which outlet (host) is slow or hanging, for the run record; the others go on.
            # host[:port] only: a user:password@ in the URL must not become a stat key
            self._stat(f"fetch/timeout_host/{urlsplit(request.url).netloc.rpartition('@')[2]}")
        detail = "" if reason.startswith("http_") else f" ({_FAILURE_RE.sub(_FAILURE_AS, failure.getErrorMessage())})"
        response = getattr(failure.value, "response", None)
        vendor = challenge_vendor(response.headers, response.body or b"") if reason.startswith("http_") and \
            response is not None else None
        if vendor is not None:
            # a block answered with 403/429/503 (DataDome, PerimeterX): whose wall it is, as for one sent with 200
            self._stat(f"article/bot_challenge/{vendor}")
            detail += f" (bot challenge: {vendor})"
        if reason == "dns_lookup" and request is not None:
            detail += _unicode_host(request.url)
        chain = request.meta.get("redirect_urls") if request is not None else None
        if chain:  # the URL the feed or sitemap gave, which a redirect (or a chain of them) led away from
            detail += f" (redirected from {chain[0]})"
        self.logger.warning("fetch failed (%s): %s%s", reason, request.url if request else "", detail)
        start = request.meta.get(_START) if request is not None else None
        if start:  # a feed, sitemap or section page the crawl was given: the outlet is read without it this run
            self._stat(f"discovery/start_failed/{reason}")
            self.logger.error("%s %s given at start could not be fetched (%s); the crawl goes on without it", start,
                              request.url, reason)
        amp = request.meta.get(_AMP_COPY) if request is not None else None
        if amp:  # the full page of an AMP copy failed: the copy, fetched fine, is stored rather than lose the story
            self._stat("article/amp_kept")
            self.logger.warning("storing the AMP copy %s itself: its full page %s could not be fetched", amp,
                                request.url)
            yield scrapy.Request(amp, callback=self.parse_article, errback=self.on_error, cb_kwargs=request.cb_kwargs,
                                 dont_filter=True, meta={**(self.render_meta or {}), _AMP_KEPT: True, FOLLOW_UP: True})
        if request is not None:
            yield from self._resume(request.meta)
