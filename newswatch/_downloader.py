"""Scrapy's downloader with per-site concurrency that holds, and an HTTP parser that reads a response whose
``Content-Length`` is no number.

In Scrapy 2.19 the downloader counts a request as transferring only once its
download task first runs, but hands the whole slot queue to new tasks in one
loop before any of them has run. With many requests queued for one site (a feed
or sitemap yields them all at once) ``CONCURRENT_REQUESTS_PER_DOMAIN`` and the
outlets' ``politeness.concurrency`` were exceeded (9 requests in flight for a
limit of 2 against the mock site). Counting the request when its task is
created restores the limit. Enabled by the ``DOWNLOADER`` setting.

Twisted refuses a response whose ``Content-Length`` is not a number (``1234abc``, ``none``: a PHP script that
prints its own header) before Scrapy sees it, and the page is lost. Browsers read such a response as one without
a length, to the end of the connection; so does the crawl once this module is loaded (by the ``DOWNLOADER``
setting): the value is moved to an ``X-Newswatch-Bad-Content-Length`` header, which
:class:`newswatch.middlewares.PlainBodyMiddleware` counts (``newswatch/fetch/bad_content_length``) and logs with
the URL.

Scrapy's HTTP/1.1 handler closes its connection pool with a one-second timer that fires the pool's "closed"
deferred itself when the pool hangs. When the pool closes within the timer's last loop turn (a loaded machine,
many connections), both fire and Twisted logs ``AlreadyCalledError`` with a traceback at CRITICAL after a crawl
that went well. Once this module is loaded, the timer fires the deferred only when nothing else has; the same
handler class serves scrapy-playwright's (it inherits the close).

Twisted also drops the connection on a header line over 16 KB, and the page is lost: a 100 KB ``Set-Cookie`` (a
session blob a CMS keeps in a cookie), a CSP or ``Link`` header listing hundreds of hosts. Browsers read lines of
that size; the crawl reads them up to :data:`MAX_HEADER_LINE` (256 KB) and names each one in an
``X-Newswatch-Long-Header`` header, which the middleware counts (``newswatch/fetch/long_header``) and logs. The
crawl keeps no cookies (``COOKIES_ENABLED`` off), so such a cookie is never sent back.
"""

from __future__ import annotations

import re

from scrapy.core.downloader import Downloader

#: Where the bad value goes, for the middleware to count and log.
BAD_CONTENT_LENGTH = b"X-Newswatch-Bad-Content-Length"
# One length, or the same one repeated ("42, 42"), as Twisted accepts; anything else is not a length.
_LENGTH = re.compile(rb"\s*\d+\s*(,\s*\d+\s*)*")
#: Where a header line over Twisted's own limit is named (``<name> <bytes>``), for the middleware to count and log.
LONG_HEADER = b"X-Newswatch-Long-Header"
#: Longest header line read (bytes); a longer one still drops the connection (a fetch error, counted).
MAX_HEADER_LINE = 256 * 1024
_TWISTED_HEADER_LINE = 16384


class PoliteDownloader(Downloader):
    def _wait_for_download(self, slot, request, queue_dfd):
        # A set: _download adds it again when the task runs, and removes it when the response is in.
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)


def _tolerate_bad_content_length() -> None:
    try:
        from scrapy.core.downloader.handlers import http11
        base = http11._LenientHTTPClientParser
    except (ImportError, AttributeError):  # another Scrapy: its parser as it is
        return
    if getattr(base, "newswatch_tolerant", False):
        return

    class TolerantParser(base):
        """Scrapy's lenient parser (header lines without a colon skipped) that also reads past a Content-Length
        that is no number, as if there were none. It holds no state of its own: Scrapy swaps the class of the
        parser object Twisted made."""

        newswatch_tolerant = True
        MAX_LENGTH = MAX_HEADER_LINE

        def headerReceived(self, name, value):  # noqa: N802 (Twisted's naming)
            if name.lower() == b"content-length" and not _LENGTH.fullmatch(value):
                name = BAD_CONTENT_LENGTH
            if len(name) + len(value) > _TWISTED_HEADER_LINE:
                super().headerReceived(LONG_HEADER, name[:100] + b" " + str(len(value)).encode())
            super().headerReceived(name, value)

    http11._LenientHTTPClientParser = TolerantParser



def _fire_once(deferred) -> None:
    if not deferred.called:
        deferred.callback(None)


def _close_pool_once() -> None:
    try:
        from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
        from scrapy.utils.defer import maybe_deferred_to_future
    except ImportError:  # another Scrapy: its handler as it is
        return
    if getattr(HTTP11DownloadHandler.close, "newswatch_once", False):
        return

    async def close(self) -> None:
        from twisted.internet import reactor

        pool_closed = self._pool.closeCachedConnections()
        # closeCachedConnections can hang on a server that never closes its side (twisted#7738): give up after
        # the handler's disconnect timeout, as Scrapy does
        give_up = reactor.callLater(self._disconnect_timeout, _fire_once, pool_closed)
        try:
            await maybe_deferred_to_future(pool_closed)
        finally:
            if give_up.active():
                give_up.cancel()

    close.newswatch_once = True
    HTTP11DownloadHandler.close = close


_tolerate_bad_content_length()
_close_pool_once()
