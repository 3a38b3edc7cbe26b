"""Downloader middlewares: retries with exponential backoff that honour ``Retry-After``; the private-address guard;
redirect loops, redirects to other schemes and cookie walls; meta refresh read from the page's head; plain markup
served under a ``Content-Encoding`` it does not have (:class:`PlainBodyMiddleware`); robots.txt files that are HTML
pages, megabytes long or refused by the download (:class:`GuardedRobotsTxtMiddleware`).

``BackoffRetryMiddleware`` replaces Scrapy's RetryMiddleware (same settings:
``RETRY_ENABLED``, ``RETRY_TIMES``, ``RETRY_HTTP_CODES``), and waits before each
retry instead of hammering a struggling server:

``NEWSWATCH_RETRY_BACKOFF_BASE`` (default 1.0 s)
    The n-th retry waits base * 2**(n-1) seconds, with +-25% jitter.
``NEWSWATCH_RETRY_BACKOFF_MAX`` (default 60 s)
    Upper bound for any wait, including a server's ``Retry-After`` (429/503); a response asking for longer is not
    retried at all.

A response cut short (the connection closed before its ``Content-Length`` was reached) is retried like a
failed download; when every retry is cut short too, the bytes received are kept, as a truncated page is
(Scrapy would otherwise drop the whole page: a server whose ``Content-Length`` lies never gets through).

Stats: ``newswatch/retry/backoff_seconds`` (total waited), ``newswatch/retry/retry_after`` (honoured headers),
``newswatch/retry/retry_after_too_long`` (a ``Retry-After`` over the cap: the response is not retried),
``newswatch/fetch/cut_short/retried``, ``newswatch/fetch/cut_short/kept``.

A ``206 Partial Content`` whose ``Content-Range`` covers only a piece of the document (the crawler sends no
``Range``: a misconfigured cache answers with a stored fragment) is retried the same way; when every retry is a
fragment too, the request fails as ``newswatch/fetch/error/partial_content`` (a fragment is cut by design, not by
a dropped connection: its opening would pass for the whole story). Stat: ``newswatch/fetch/partial_content/retried``.

A ``2xx`` whose body is a small JSON error object (``{"error": "rate limited"}``: an API gateway's rate limit or
outage answered as success) is retried the same way, waiting what its ``retry_after`` field asks for; still an error
after the retries, the request fails as ``newswatch/fetch/error/json_error``. Stat:
``newswatch/fetch/json_error/retried``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import zlib
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding
from w3lib.html import get_base_url, get_meta_refresh
from w3lib.url import canonicalize_url

from newswatch._downloader import BAD_CONTENT_LENGTH, LONG_HEADER
from newswatch._safety import (
    BadRedirect,
    ErrorInDisguise,
    PartialContent,
    PrivateAddressBlocked,
    RedirectLoop,
    RobotsUnavailable,
    fetch_error_reason,
    private_hosts_allowed,
    refusal,
)

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_CONTENT_RANGE = re.compile(rb"\s*bytes\s+(\d+)\s*-\s*(\d+)\s*/\s*(\d+|\*)", re.IGNORECASE)


def _content_range_is_partial(value: bytes | None) -> bool:
    """Whether a ``Content-Range`` header says the body is less than the whole document (a 206 without one, or
    with one covering every byte, is read as the page it holds)."""
    match = _CONTENT_RANGE.match(value or b"")
    if not match:
        return False
    first, last, total = match.groups()
    return int(first) > 0 or (total != b"*" and int(last) + 1 < int(total))


#: The largest body read as a possible JSON error object: a gateway's error is a line or two, a page is kilobytes.
_JSON_ERROR_MAX_BYTES = 4096
#: Keys of a JSON error object (Kong, AWS API Gateway, nginx and Cloudflare Workers' rate limits, Express's and
#: Django REST framework's errors), and the ``status`` values that say the same.
_JSON_ERROR_KEYS = ("error", "errors", "fault", "detail")
_JSON_ERROR_STATUSES = ("error", "fail", "failed", "failure")


def json_error(body: bytes) -> tuple[str, float | None] | None:
    """What a small JSON error object answered as success says (its message, and the seconds a ``retry_after``
    field asks for), or None for any other body: a page, a feed, a JSON Feed, an empty object."""
    if len(body) > _JSON_ERROR_MAX_BYTES or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{":
        return None
    try:
        found = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, dict):
        return None
    status = found.get("status")
    error = next((found[key] for key in _JSON_ERROR_KEYS if found.get(key)), None) or (
        status if isinstance(status, str) and status.strip().lower() in _JSON_ERROR_STATUSES else None)
    if not error:
        return None
    if error is status and isinstance(found.get("message"), str):  # {"status": "error", "message": "..."}
        error = found["message"]
    message = error if isinstance(error, str) else json.dumps(error, ensure_ascii=False)
    asked = next((found[key] for key in ("retry_after", "retryAfter", "retry-after") if key in found), None)
    seconds = float(asked) if isinstance(asked, int | float) and not isinstance(asked, bool) and asked >= 0 else None
    return message[:120], seconds


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSWATCH_RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("NEWSWATCH_RETRY_BACKOFF_MAX", 60.0)

    def _delay(self, retry_request, response=None) -> float:
        attempt = retry_request.meta.get("retry_times", 1)
        delay = self.backoff_base * 2 ** (attempt - 1) * random.uniform(0.75, 1.25)
        if response is not None:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            if asked is not None:
                self.crawler.stats.inc_value("newswatch/retry/retry_after")
                delay = max(delay, asked)
        return min(delay, self.backoff_max)

    async def _wait(self, delay: float) -> None:
        if delay > 0:
            self.crawler.stats.inc_value("newswatch/retry/backoff_seconds", round(delay, 3))
            await asyncio.sleep(delay)

    def process_request(self, request, spider=None):
        # A response cut short comes back flagged "dataloss" instead of failing, so process_response can keep it.
        request.meta.setdefault("download_fail_on_dataloss", False)

    async def process_response(self, request, response, spider=None):
        if "dataloss" in response.flags and not request.meta.get("dont_retry", False):
            return await self._cut_short(request, response)
        if response.status == 206 and _content_range_is_partial(response.headers.get(b"Content-Range")):
            return await self._partial_content(request, response)
        if 200 <= response.status < 300 and not request.meta.get("dont_retry", False) \
                and (error := json_error(response.body)) is not None:
            return await self._error_in_disguise(request, response, *error)
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.backoff_max:
            # "Come back tomorrow": waiting the cap (a minute) would only hold a download slot and ask again too
            # early; the page fails now with its status, and the next run asks again.
            self.crawler.stats.inc_value("newswatch/retry/retry_after_too_long")
            logger.warning("%d with Retry-After of %.0f s, over NEWSWATCH_RETRY_BACKOFF_MAX (%.0f s); not retried: %s",
                           response.status, asked, self.backoff_max, request.url)
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(self._delay(retry, response))
        return retry

    async def _partial_content(self, request, response):
        attempts = request.meta.get("retry_times", 0) + 1
        if not request.meta.get("dont_retry", False) and attempts <= request.meta.get("max_retry_times",
                                                                                     self.max_retry_times):
            retry = self._retry(request, "206 Partial Content with a piece of the document")
            if retry is not None:
                self.crawler.stats.inc_value("newswatch/fetch/partial_content/retried")
                await self._wait(self._delay(retry))
                return retry
        content_range = response.headers.get(b"Content-Range", b"").decode("latin-1", "replace")
        raise PartialContent(f"206 Partial Content {attempts} time(s), Content-Range {content_range[:80]!r}, "
                             f"{len(response.body)} bytes: a piece of the document, not the page")

    async def _error_in_disguise(self, request, response, message: str, asked: float | None):
        """A rate limit or an outage answered as success (see :func:`json_error`): retried as a 429 is, waiting what
        the body asks for (under the cap); still an error after the retries, the request fails (``json_error``)
        rather than handing an error object to the feed reader or the extraction."""
        attempts = request.meta.get("retry_times", 0) + 1
        if attempts <= request.meta.get("max_retry_times", self.max_retry_times):
            retry = self._retry(request, f"{response.status} with a JSON error ({message})")
            if retry is not None:
                self.crawler.stats.inc_value("newswatch/fetch/json_error/retried")
                logger.warning("%d with a JSON error (%r), not the document; retried: %s", response.status, message,
                               request.url)
                await self._wait(min(max(self._delay(retry), asked or 0.0), self.backoff_max))
                return retry
        raise ErrorInDisguise(f"{response.status} with a JSON error {attempts} time(s): {message!r}")

    async def _cut_short(self, request, response):
        stats = self.crawler.stats
        attempts = request.meta.get("retry_times", 0) + 1
        if attempts <= request.meta.get("max_retry_times", self.max_retry_times):
            retry = self._retry(request, "response cut short (fewer bytes than its Content-Length)")
            if retry is not None:
                stats.inc_value("newswatch/fetch/cut_short/retried")
                await self._wait(self._delay(retry))
                return retry
        stats.inc_value("newswatch/fetch/cut_short/kept")
        length = response.headers.get(b"Content-Length")
        why = (f"fewer than its Content-Length, {length.decode('latin-1', 'replace')}" if length else
               "a chunked body that ended before its last chunk, or at a chunk it could not read")
        logger.warning("response cut short %d time(s): %s; keeping the %d bytes received (%s)", attempts, request.url,
                       len(response.body), why)
        return response

    async def process_exception(self, request, exception, spider=None):
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await self._wait(self._delay(retry))
        return retry


class PrivateAddressGuardMiddleware:
    """Refuse requests to IP literals outside the public internet (see :mod:`newswatch._safety`).

    Runs before robots.txt and redirects are handled, and every redirect target passes through it again.
    Host *names* are checked on their DNS answer by :class:`newswatch._safety.GuardedResolver`; a name it
    refused once is refused here from then on (so its retries never reach the network).

    ``NEWSWATCH_ALLOW_PRIVATE_HOSTS`` (default off; setting or environment variable): switch the guard off.
    Stats: ``newswatch/blocked/private_address``. The refused request's errback sees
    :class:`newswatch._safety.PrivateAddressBlocked` (counted as ``newswatch/fetch/error/private_address``).
    """

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        if private_hosts_allowed(crawler.settings):
            raise NotConfigured("NEWSWATCH_ALLOW_PRIVATE_HOSTS is on")
        return cls(crawler.stats)

    def process_request(self, request, spider=None):
        reason = refusal(request.url)
        if reason:
            self.stats.inc_value("newswatch/blocked/private_address")
            raise PrivateAddressBlocked(f"refused {request.url}: {reason}")
        return None


#: The longest Cookie header a cookie wall's request carries (bytes): nginx's and Apache's default limit.
MAX_COOKIE_HEADER = 8192
#: Request meta: the request carries the cookies a wall set (see ``RedirectLoopMiddleware._cookie_wall``).
_WALL_COOKIES = "newswatch_wall_cookies"


class RedirectLoopMiddleware:
    """Fail a redirect that leads back into its own chain, with a reason, instead of losing it silently.

    Without it the scheduler's duplicate filter swallows the looping request and the article vanishes
    without an error. Runs before Scrapy's RedirectMiddleware sees the response (priority above 600).
    A redirect to another scheme (``file:``, ``data:``, ``ftp:``), to an unusable URL or with an empty
    ``Location`` fails too, with what it pointed to.
    A redirect to the page itself that sets cookies (a bot or consent wall) is asked once more with them
    (``newswatch/fetch/cookie_wall``).
    Stats: ``newswatch/fetch/error/redirect_loop``, ``newswatch/fetch/error/bad_redirect`` (through the
    spider's errback).
    """

    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    _REDIRECTS = (301, 302, 303, 307, 308)

    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location")
        if response.status not in self._REDIRECTS or location is None or request.meta.get("dont_redirect"):
            return response
        location = location.decode("latin-1")
        if not location.strip():
            # Scrapy resolved it to the page itself and asked again until REDIRECT_MAX_TIMES: "too_many_redirects".
            raise BadRedirect(f"redirect {response.status} with an empty Location")
        try:
            target = urljoin(request.url, location)
            parts = urlsplit(target)
            parts.port  # noqa: B018 (raises on a bad port, as Scrapy's Request would)
            scheme = parts.scheme
        except ValueError as exc:  # "http://[::1/x", "http://host:99999/": Scrapy would fail with a bare ValueError
            raise BadRedirect(f"redirect to an unusable URL {location[:100]!r} ({exc})") from None
        if scheme not in {"http", "https"}:
            # Scrapy would hand the 3xx on as if it were the page (then "http_302"); say where it pointed.
            raise BadRedirect(f"redirect to a non-HTTP URL {location[:100]!r}")
        wall = self._cookie_wall(request, response, target)
        if wall is not None:
            return wall
        check_loop(request, target)
        seen = getattr(getattr(self.crawler, "spider", None), "_sitemaps_seen", None)
        if seen and canonicalize_url(target) in seen:
            # A story link that redirects to a sitemap the crawl reads anyway (a dead story sent to the sitemap
            # index): child sitemaps are asked with dont_filter, so the duplicate filter never learnt them and the
            # sitemap was fetched once more, its thousands of entries parsed again for nothing.
            raise BadRedirect(f"redirect to the sitemap {target[:200]}, which this crawl reads already")
        return response

    def _cookie_wall(self, request, response, target: str):
        """The request again, carrying the cookies a redirect back to itself set, or None.

        A bot or consent wall answers a first visit with ``Set-Cookie`` and a redirect to the same URL, and the
        page to a visit that brings the cookie back. The crawl keeps no cookies (``COOKIES_ENABLED`` off: no
        session follows it from site to site), so it went round the wall until it failed as a ``redirect_loop``
        and the story was lost. Asked once more with those cookies only (``newswatch/fetch/cookie_wall``); a
        wall that redirects again is a loop."""
        cookies = response.headers.getlist(b"Set-Cookie")
        if not cookies or request.meta.get(_WALL_COOKIES) or \
                canonicalize_url(target) != canonicalize_url(request.url):
            return None
        pairs = [c.split(b";", 1)[0].strip() for c in cookies]
        pairs = [p for p in pairs if b"=" in p]
        if not pairs:
            return None
        kept, size = [], 0
        for pair in pairs:
            # Servers answer 400/431 to a Cookie header past 8 KB: a wall setting thousands of tracking cookies
            # would lose the story behind it. The first ones (the wall's own, as a rule) are sent.
            if size + len(pair) + 2 > MAX_COOKIE_HEADER:
                self.crawler.stats.inc_value("newswatch/fetch/cookie_wall_cut")
                logger.warning("cookie wall: %s set %d cookie(s) of %d bytes; %d sent, the rest over the %d-byte "
                               "Cookie header left out", request.url, len(pairs), sum(map(len, pairs)), len(kept),
                               MAX_COOKIE_HEADER)
                break
            kept.append(pair)
            size += len(pair) + 2
        if not kept:
            return None
        self.crawler.stats.inc_value("newswatch/fetch/cookie_wall")
        logger.warning("cookie wall: %s redirects to itself setting %d cookie(s); asked once more with them",
                       request.url, len(kept))
        headers = request.headers.copy()
        headers[b"Cookie"] = b"; ".join(kept)
        return request.replace(headers=headers, dont_filter=True, meta={**request.meta, _WALL_COOKIES: True})


def check_loop(request, target: str) -> None:
    """Raise :class:`RedirectLoop` when ``target`` is ``request``'s URL or one its redirect chain went through."""
    chain = [*request.meta.get("redirect_urls", []), request.url]
    target = canonicalize_url(target)
    if target in {canonicalize_url(url) for url in chain}:
        raise RedirectLoop(f"redirect loop: {' -> '.join(chain)} -> {target}")


_REFRESH_HEADER_RE = re.compile(r"""^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?['"]?([^'"]*)['"]?)?\s*$""", re.I)


def _refresh_header(response) -> tuple[float | None, str | None]:
    """``(seconds, absolute URL)`` of a ``Refresh: 0; url=...`` response header, or ``(None, None)``; one without a
    URL reloads the page itself and is not followed (a live blog's ``Refresh: 60``)."""
    value = response.headers.get(b"Refresh")
    match = _REFRESH_HEADER_RE.match(value.decode("latin-1", "replace")) if value else None
    if not match or not (match.group(2) or "").strip():
        return None, None
    return float(match.group(1)), urljoin(response.url, match.group(2).strip())


#: A script that sends the browser elsewhere at once: ``window.location = "..."``, ``location.href = '...'``,
#: ``document.location.replace("...")``, ``top.location.assign(...)``.
_JS_REDIRECT_RE = re.compile(
    # not an attribute (data-location="Kyiv") nor a variable of its own (var location = "Kyiv")
    r"""(?<![\w.$-])(?<!var\s)(?<!let\s)(?<!const\s)"""
    r"""(?:(?:window|document|self|top)\.)?location(?:\.href)?\s*(?:=\s*|\.(?:replace|assign)\s*\(\s*)"""
    r"""(["'])([^"'<>\s]{1,2000})\1""")
_SCRIPT_OR_STYLE_RE = re.compile(r"<(script|style|noscript|title)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG_RE = re.compile(r"<[^>]*>")
#: Longest page (bytes) and most characters of text outside scripts a JavaScript redirect page may have: a story
#: page with a script that sets ``location`` in a click handler is no redirect.
_JS_REDIRECT_MAX_BYTES = 16384
_JS_REDIRECT_MAX_TEXT = 200


def _js_redirect(body: bytes, head: str) -> str | None:
    """The URL a page that is only a JavaScript redirect sends the browser to, or None. A CMS that moved a story
    answers its old URL with 200 and ``<script>window.location.replace("/new-url")</script>``; read as it is, the
    page is empty and the story was lost."""
    if len(body) > _JS_REDIRECT_MAX_BYTES or "location" not in head:
        return None
    match = _JS_REDIRECT_RE.search(head)
    if match is None:
        return None
    text = _TAG_RE.sub(" ", _SCRIPT_OR_STYLE_RE.sub(" ", head))
    return match.group(2) if len(" ".join(text.split())) <= _JS_REDIRECT_MAX_TEXT else None


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware (same settings: ``METAREFRESH_ENABLED``, ``METAREFRESH_MAXDELAY``,
    ``METAREFRESH_IGNORE_TAGS``), reading only the first 16 KB of the page.

    Scrapy's reads ``response.text``: the whole page decoded (and kept on the response) just to look at its
    first 4096 characters, for every article page, while it waits for a worker. That cost the crawl process
    ~0.2 ms and up to four times the page's size in memory per page.
    A refresh leading back into its own chain (A -> A, A -> B -> A) fails as a ``redirect_loop``; one to a URL
    that cannot be requested, or to the page's own fragment (``url=#main``), is ignored, the page kept (stat
    ``newswatch/fetch/bad_meta_refresh``). A ``Refresh:`` response header with a URL is followed the same way
    (``newswatch/fetch/refresh_header``).
    """

    _HEAD_BYTES = 16384

    def process_response(self, request, response, spider=None):
        if (
            request.meta.get("dont_redirect", False)
            or request.method == "HEAD"
            or not isinstance(response, HtmlResponse)
            or urlparse_cached(request).scheme not in {"http", "https"}
        ):
            return response
        head_bytes = response.body[: self._HEAD_BYTES]
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1", "replace")
        encoding = http_content_type_encoding(content_type) or html_body_declared_encoding(head_bytes) or "utf-8"
        try:
            head = head_bytes.decode(encoding, "replace")[:4096]
        except LookupError:
            head = head_bytes.decode("utf-8", "replace")[:4096]
        # Whether there is a refresh does not depend on the base URL: the base (which costs a URL quoting
        # of the page's address) is worked out only for the rare page that has one.
        try:
            interval, url = _refresh_header(response)
            if url:
                # The HTTP header the meta tag imitates (never standardised, followed by every browser): a CMS
                # answers a moved story with 200, an empty page and "Refresh: 0; url=..." (the story was lost).
                self.crawler.stats.inc_value("newswatch/fetch/refresh_header")
                logger.info("Refresh header followed: %s -> %s", response.url, url[:200])
            else:
                interval, url = get_meta_refresh(head, "", "utf-8", ignore_tags=self._ignore_tags)
                if interval is None:
                    script_url = _js_redirect(response.body, head)
                    if script_url is None:
                        return response
                    interval, url = 0.0, urljoin(get_base_url(head, response.url, "utf-8"), script_url)
                    self.crawler.stats.inc_value("newswatch/fetch/js_redirect")
                    logger.info("JavaScript redirect followed (a page that is only a script setting location): "
                                "%s -> %s", response.url, url[:200])
                    if url.startswith(("javascript:", "data:")):
                        raise ValueError(f"a {url.split(':', 1)[0]}: URL")
                else:
                    base = get_base_url(head, response.url, "utf-8")
                    interval, url = get_meta_refresh(head, base, "utf-8", ignore_tags=self._ignore_tags)
            if not url:
                return response
            redirected = self._redirect_request_using_get(request, response, url)
            scheme = urlparse_cached(redirected).scheme
        except ValueError as exc:
            # A refresh to "javascript:...", "http://[::1", a bad port: a browser stays on the page, and so do
            # we (Scrapy's middleware raised, and the page, article and all, was lost).
            self.crawler.stats.inc_value("newswatch/fetch/bad_meta_refresh")
            logger.warning("unusable meta refresh on %s ignored, the page is kept: %s", response.url, exc)
            return response
        if scheme not in {"http", "https"}:
            return response
        if "#" in url and urldefrag(url)[0] == urldefrag(response.url)[0]:
            # A refresh to the page's own fragment ("url=#main"): a browser scrolls, it does not reload. Followed,
            # it would be a loop of one and lose the page.
            self.crawler.stats.inc_value("newswatch/fetch/bad_meta_refresh")
            logger.warning("meta refresh to the page's own fragment ignored, the page is kept: %s -> %s",
                           response.url, url[:200])
            return response
        if interval < self._maxdelay:
            # A refresh back into its own chain would be swallowed by the duplicate filter without a word.
            check_loop(request, redirected.url)
            return self._redirect(redirected, request, "meta refresh")
        return response


class PlainBodyMiddleware:
    """Read a page as it is when its ``Content-Encoding`` (gzip, zstd, br, deflate) is a lie and the body is plain
    markup (a proxy or CMS cache that adds the header to bytes it never compressed).

    Scrapy's HttpCompressionMiddleware (590) would fail on it ("Not a gzipped file") and the article would be lost;
    this one runs just before it (595) and drops the header when the body opens with markup (``<!doctype``,
    ``<html``, ``<?xml``, ``<rss``...) and is not in that encoding: for gzip and zstd the stream's magic number is
    missing, for br and deflate its first bytes do not decode. Only responses with a ``Content-Encoding`` whose
    first bytes are markup are looked at, so a normal page costs a header lookup.
    The reverse too: a gzip stream served as ``text/html`` without any ``Content-Encoding`` (a page stored
    gzipped on S3 or by nginx ``gzip_static`` without the header) gets ``Content-Encoding: gzip`` back, so it is
    inflated, within ``DOWNLOAD_MAXSIZE`` like any other (stat ``newswatch/fetch/undeclared_gzip``).
    And a body compressed in another coding than the one it is labelled with (gzip bytes under ``br``, a zlib stream
    under ``gzip``, zstd under ``gzip``: a CDN that recompresses and keeps the origin's header) is relabelled with
    the coding its bytes are in, recognized by its magic number or zlib header and only when the labelled coding
    cannot read it (stat ``newswatch/fetch/content_encoding_corrected``).
    It also counts and logs a response read without the ``Content-Length`` it had, which was no number
    (``newswatch/fetch/bad_content_length``, see :mod:`newswatch._downloader`).
    Stats: ``newswatch/fetch/content_encoding_ignored``; each is logged with the URL. Garbage that is not markup
    still fails as ``newswatch/fetch/error/bad_content_encoding``. No setting; remove it from
    ``DOWNLOADER_MIDDLEWARES`` to switch it off.
    """

    _MAGIC = {b"gzip": b"\x1f\x8b", b"x-gzip": b"\x1f\x8b", b"zstd": b"\x28\xb5\x2f\xfd"}
    _PAGE_TYPES = (b"text/html", b"application/xhtml")
    _MARKUP = (b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<!--", b"<rss", b"<feed", b"<urlset",
               b"<sitemapindex", b"<rdf:rdf")

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        bad_length = response.headers.get(BAD_CONTENT_LENGTH)
        if bad_length is not None:
            self.stats.inc_value("newswatch/fetch/bad_content_length")
            logger.warning("Content-Length: %r is no number; the body was read to the end of the connection: %s",
                           bad_length.decode("latin-1", "replace")[:40], response.url)
        for long_header in response.headers.getlist(LONG_HEADER):
            name, _, size = long_header.decode("latin-1", "replace").rpartition(" ")
            self.stats.inc_value("newswatch/fetch/long_header")
            logger.warning("a %s header of %s bytes (over 16 KB; read, no cookie is kept): %s", name, size,
                           response.url)
        coding = response.headers.get(b"Content-Encoding")
        if not coding and response.body[:3] == b"\x1f\x8b\x08" and response.headers.get(
                b"Content-Type", b"").lower().startswith(self._PAGE_TYPES):
            return self._undeclared_gzip(response)
        if not coding or not response.body:
            return response
        coding = coding.strip().lower()
        if not response.body[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(self._MARKUP):
            actual = self._other_coding(coding, response.body)
            if actual is None and coding in (b"gzip", b"x-gzip") and self._gzip_inside(response):
                return self._gzipped_twice(response)
            return response if actual is None else self._relabelled(response, coding, actual)
        if not self._not_encoded(coding, response.body):
            return response
        self.stats.inc_value("newswatch/fetch/content_encoding_ignored")
        logger.warning("Content-Encoding: %s on a body that is plain markup; read as it is: %s",
                       coding.decode("latin-1", "replace")[:40], response.url)
        headers = response.headers.copy()
        del headers[b"Content-Encoding"]
        return response.replace(headers=headers)

    def _other_coding(self, coding: bytes, body: bytes) -> bytes | None:
        """The coding ``body`` is really in when it is not the one it is labelled with: a gzip or zstd stream (their
        magic numbers), or a zlib stream under ``gzip``/``zstd`` (whose magic is then missing)."""
        if coding not in self._MAGIC and coding not in (b"br", b"deflate"):
            return None  # several codings, or one we do not know: Scrapy decides
        if body.startswith(b"\x1f\x8b\x08") and self._MAGIC.get(coding) != b"\x1f\x8b" and self._gzip_opens(body):
            # Checked before the labelled coding: brotli reads the first 64 bytes of about one gzip stream in
            # 25 without an error (the gzip header's mtime varies), so "br cannot read it" alone is a coin toss.
            return b"gzip"
        if not self._not_encoded(coding, body):
            return None
        if body.startswith(self._MAGIC[b"zstd"]):
            return b"zstd"
        if coding != b"deflate" and len(body) > 2 and body[0] & 0x0F == 8 and body[0] >> 4 <= 7 \
                and (body[0] << 8 | body[1]) % 31 == 0 and not self._not_encoded(b"deflate", body):
            return b"deflate"  # a zlib header (RFC 1950: method 8, check bits), and its stream inflates
        return None

    def _relabelled(self, response, coding: bytes, actual: bytes):
        # A server (or a CDN in front of it) that compressed with one coding and named another: the body is read
        # in the coding its bytes are in, as curl --compressed and browsers do not but an analyst would want.
        self.stats.inc_value("newswatch/fetch/content_encoding_corrected")
        logger.warning("Content-Encoding: %s on a %s stream; read as %s: %s", coding.decode("latin-1", "replace")[:40],
                       actual.decode(), actual.decode(), response.url)
        headers = response.headers.copy()
        headers[b"Content-Encoding"] = actual
        return response.replace(headers=headers)

    def _undeclared_gzip(self, response):
        # A page stored gzipped (S3/CloudFront objects, nginx gzip_static) served without its Content-Encoding:
        # the header is added back, so HttpCompressionMiddleware inflates it (bounded by DOWNLOAD_MAXSIZE). Only
        # for pages said to be HTML: a .xml.gz sitemap without the header is discovery's to read.
        self.stats.inc_value("newswatch/fetch/undeclared_gzip")
        logger.warning("a gzip stream served as %s without Content-Encoding; inflated: %s",
                       response.headers.get(b"Content-Type", b"").decode("latin-1", "replace")[:60], response.url)
        headers = response.headers.copy()
        headers[b"Content-Encoding"] = b"gzip"
        return response.replace(headers=headers)

    def _gzip_inside(self, response) -> bool:
        """Whether a page's gzip body holds another gzip stream (a proxy that compressed what the application had
        already compressed, under one ``Content-Encoding: gzip``). Only pages: a ``.xml.gz`` sitemap under the header
        is discovery's to inflate, on a worker. Costs one inflate of 256 bytes per gzip page."""
        if not response.body.startswith(b"\x1f\x8b\x08") or not response.headers.get(
                b"Content-Type", b"").lower().startswith(self._PAGE_TYPES):
            return False
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(response.body[:256], 16)
        except zlib.error:
            return False
        return inner.startswith(b"\x1f\x8b\x08")

    def _gzipped_twice(self, response):
        # Labelled with both codings, HttpCompressionMiddleware inflates the two in turn, within DOWNLOAD_MAXSIZE;
        # inflated once, the page was a gzip stream again: "not an HTML page (gzip data)", the story lost.
        self.stats.inc_value("newswatch/fetch/gzipped_twice")
        logger.warning("a page gzipped twice under one Content-Encoding: gzip; inflated twice: %s", response.url)
        headers = response.headers.copy()
        headers[b"Content-Encoding"] = b"gzip, gzip"
        return response.replace(headers=headers)

    @staticmethod
    def _gzip_opens(body: bytes) -> bool:
        """Whether ``body`` opens as a gzip member: a header without reserved flags and a first block that
        inflates."""
        if len(body) < 10 or body[3] & 0xE0:
            return False
        try:
            zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[:256], 4096)
        except zlib.error:
            return False
        return True

    def _not_encoded(self, coding: bytes, body: bytes) -> bool:
        magic = self._MAGIC.get(coding)
        if magic is not None:
            return not body.startswith(magic)
        if coding == b"br":
            try:
                import brotli
            except ImportError:  # Scrapy cannot decode br either: leave the failure to it
                return False
            try:
                brotli.Decompressor().process(body[:64])
            except brotli.error:
                return True
            return False
        if coding == b"deflate":
            for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
                try:
                    zlib.decompressobj(wbits).decompress(body[:64])
                    return False
                except zlib.error:
                    continue
            return True
        return False  # several codings, or one we do not know: Scrapy decides


class RobotsFailureFilter(logging.Filter):
    """Scrapy's RobotsTxtMiddleware logs a robots.txt it could not download (a host that does not resolve, a
    connection refused) as an ERROR with the whole traceback, once per host; the crawl goes on as if the file allowed
    everything. This filter, on that middleware's logger, makes it one warning line with the reason and counts it:
    ``newswatch/robots/fetch_failed/<reason>`` (the reasons of ``fetch error`` stats)."""

    def __init__(self, crawler):
        super().__init__()
        self.crawler = crawler  # its stats exist only once the crawl starts

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or not str(record.msg).startswith("Error downloading"):
            return True
        exception = record.exc_info[1]
        request = (record.args or {}).get("request") if isinstance(record.args, dict) else None
        url = getattr(request, "url", None)
        reason = fetch_error_reason(exception, url)
        self.crawler.stats.inc_value(f"newswatch/robots/fetch_failed/{reason}")
        robots = urljoin(url, "/robots.txt") if url else "robots.txt"
        record.msg, record.args = "%s not read (%s: %s); its host is crawled as if it allowed everything", (
            robots, reason, str(exception)[:300])
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


#: The most of a robots.txt that is read: RFC 9309 (2.5) asks a crawler to read at least 500 KiB, where Google stops.
ROBOTS_MAX_BYTES = 500 * 1024
_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body")


class _HostSkipped:
    """A host's robots.txt answer that skips the host for this run (a server error): what every request to it meets
    instead of a parser."""

    def __init__(self, url: str, status: int):
        self.url, self.status = url, status

    def allowed(self, url, user_agent) -> bool:
        return False


class GuardedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, for a robots.txt that is not a file of rules.

    A 200 that is an HTML page (a soft 404: the site's "page not found" or its front page) is read as no rules at
    all, not line by line (``newswatch/robots/html_page``); a file over :data:`ROBOTS_MAX_BYTES` is read up to
    its last whole line before that (``newswatch/robots/truncated``: thousands of rules, each checked on every
    request, or a file that is not one); an answer of 400 or more is no file, whatever its body says. A robots.txt
    the download refused (over ``DOWNLOAD_MAXSIZE``, a gzip bomb inflating past it) failed without a word: it is
    counted as ``newswatch/robots/fetch_failed/<reason>`` and logged, as :class:`RobotsFailureFilter` does for
    other failures. Each case's host is crawled as if it allowed everything.

    A robots.txt answered with a server error (5xx, or 429) after its retries (``RETRY_TIMES``, with backoff) is
    read as RFC 9309 (2.3.1.3) asks: "disallow everything". Its host is skipped for this run
    (``newswatch/robots/server_error``, one warning a host); each of its requests fails as
    ``newswatch/fetch/error/robots_unavailable``; the next run asks again. The RFC lets a crawler fall back to
    "allow" only after a long unreachability (30 days); a crawl every few hours loses a host for a run or two of a
    brief outage and sends nothing to a server that says it is failing."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self._schemes: dict[str, str] = {}

    async def robot_parser(self, request):
        url = urlparse_cached(request)
        self._schemes.setdefault(url.netloc, url.scheme)
        return await super().robot_parser(request)

    def _robots_url(self, netloc: str) -> str:
        return f"{self._schemes.get(netloc, 'http')}://{netloc}/robots.txt"

    async def _parse_robots(self, response, netloc, request):
        body = response.body
        robots = self._robots_url(netloc)
        # the file's own URL in the log line; where a redirect took it (a login page, the front page) after it
        where = robots if response.url == robots else f"{robots} (redirected to {response.url})"
        if response.status == 429 or 500 <= response.status <= 599:
            self._skip_host(response, netloc, where)
            return
        if response.status >= 400:
            body = b""
        elif body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML_OPENINGS):
            self.crawler.stats.inc_value("newswatch/robots/html_page")
            logger.warning("%s is an HTML page, not rules (a soft 404?); its host is crawled as if it allowed "
                           "everything", where)
            body = b""
        elif len(body) > ROBOTS_MAX_BYTES:
            self.crawler.stats.inc_value("newswatch/robots/truncated")
            logger.warning("%s is %d bytes; only its first %d are read, as Google does", where, len(body),
                           ROBOTS_MAX_BYTES)
            body = body[:body.rfind(b"\n", 0, ROBOTS_MAX_BYTES) + 1]
        if body is not response.body:
            response = response.replace(body=body)
        await super()._parse_robots(response, netloc, request)

    def _skip_host(self, response, netloc: str, where: str) -> None:
        self.crawler.stats.inc_value("robotstxt/response_count")
        self.crawler.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        self.crawler.stats.inc_value("newswatch/robots/server_error")
        tries = response.request.meta.get("retry_times", 0) + 1 if response.request is not None else 1
        logger.warning("%s answered %d (a server error, %d time(s)): read as 'disallow everything' (RFC 9309); "
                       "%s is skipped for this run, the next run asks again", where, response.status, tries, netloc)
        skipped = _HostSkipped(self._robots_url(netloc), response.status)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = skipped
        waiting.callback(skipped)

    def process_request_2(self, rp, request):
        if isinstance(rp, _HostSkipped):
            raise RobotsUnavailable(f"{rp.url} answered {rp.status}: host skipped for this run")
        super().process_request_2(rp, request)

    def _robots_error(self, exc, netloc):
        # Scrapy says nothing of a refused download (IgnoreRequest); the guard counts its own refusals.
        if isinstance(exc, IgnoreRequest) and not isinstance(exc, PrivateAddressBlocked):
            robots = self._robots_url(netloc)
            reason = fetch_error_reason(exc, robots)
            self.crawler.stats.inc_value(f"newswatch/robots/fetch_failed/{reason}")
            logger.warning("%s not read (%s: %s); its host is crawled as if it allowed everything", robots, reason,
                           str(exc)[:300])
        super()._robots_error(exc, netloc)


def quiet_robots_failures(crawler) -> None:
    """Install :class:`RobotsFailureFilter` (once a process) on Scrapy's robots.txt middleware's logger."""
    robots_logger = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    for old in [f for f in robots_logger.filters if isinstance(f, RobotsFailureFilter)]:
        robots_logger.removeFilter(old)
    robots_logger.addFilter(RobotsFailureFilter(crawler))
