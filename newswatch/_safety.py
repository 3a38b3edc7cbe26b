"""The private-address guard: the crawler never talks to loopback, private, link-local or metadata addresses.

A feed, a sitemap, an article link or a redirect may point anywhere, and a public name may resolve to an
internal address (DNS rebinding); following it would let a hostile page make the crawler probe the
network it runs on (cloud metadata at 169.254.169.254, admin panels on 10.x, services on localhost).
Two layers, both on by default:

* :class:`newswatch.middlewares.PrivateAddressGuardMiddleware` refuses a request whose host is an IP
  literal (IPv4, IPv6, IPv4-mapped IPv6) outside the public internet. Redirects and robots.txt requests
  pass through the downloader middlewares again, so they are checked too.
* :class:`GuardedResolver` (``TWISTED_DNS_RESOLVER``) checks the answer the connection will really use: a host
  *name* that resolves to such an address fails with :class:`PrivateAddressBlocked`.

``NEWSWATCH_ALLOW_PRIVATE_HOSTS=1`` (Scrapy setting or environment variable; default off) switches both
off, for the tests and the demo that crawl the loopback mock site.
Limit: pages fetched by a browser (``js: true`` outlets, scrapy-playwright) are resolved by Chromium; for
them only the first URL's IP literal is checked.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver

logger = logging.getLogger(__name__)

ALLOW_SETTING = "NEWSWATCH_ALLOW_PRIVATE_HOSTS"
_TRUE = ("1", "true", "yes", "on")


class PrivateAddressBlocked(IgnoreRequest):
    """A request was refused because its host is (or resolves to) a non-public address."""


def private_hosts_allowed(settings=None, environ=os.environ) -> bool:
    """True when ``NEWSWATCH_ALLOW_PRIVATE_HOSTS`` is on, as a Scrapy setting or an environment variable."""
    if settings is not None and settings.getbool(ALLOW_SETTING, False):
        return True
    return str(environ.get(ALLOW_SETTING, "")).strip().lower() in _TRUE


def blocked_reason(address: str) -> str | None:
    """Why ``address`` (an IP literal) must not be contacted, or None when it is a public address.

    Anything ``ipaddress`` does not call global is refused: loopback, RFC 1918 private ranges, link-local
    (including the 169.254.169.254 metadata endpoint), carrier-grade NAT, unspecified, multicast, reserved,
    documentation ranges, and IPv6 unique-local / link-local; IPv4-mapped and 6to4/Teredo IPv6 forms are
    judged by the IPv4 address they carry.
    """
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            reason = blocked_reason(str(embedded))
            return f"{reason} (in {ip})" if reason else None
    for name in ("loopback", "link_local", "private", "unspecified", "multicast", "reserved"):
        if getattr(ip, f"is_{name}"):
            return f"{name} address {ip}"
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


def url_host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching DNS resolver that refuses answers outside the public internet.

    Set as ``TWISTED_DNS_RESOLVER``; off (a plain caching resolver) with ``NEWSWATCH_ALLOW_PRIVATE_HOSTS``.
    """

    def __init__(self, reactor, cache_size: int, timeout: float, allow_private: bool = False):
        super().__init__(reactor, cache_size, timeout)
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = private_hosts_allowed(crawler.settings)
        return resolver

    def getHostByName(self, name, timeout=()):  # noqa: N802 (Twisted's interface)
        d = super().getHostByName(name, timeout)
        if not self.allow_private:
            d.addCallback(self._check, name)
        return d

    @staticmethod
    def _check(address: str, name: str) -> str:
        if _is_ip(name):
            # An IP literal: a request's own host was already judged by the middleware, so this is the
            # operator's proxy (e.g. a local squid), which is trusted.
            return address
        reason = blocked_reason(address)
        if reason:
            message = f"{name} resolves to a {reason}"
            if len(_BLOCKED_NAMES) > 10_000:
                _BLOCKED_NAMES.clear()
            _BLOCKED_NAMES[name.lower()] = message
            logger.warning("private-address guard: %s; not connecting", message)
            raise PrivateAddressBlocked(message)
        return address


#: Names seen resolving to a non-public address in this process. Twisted reports a refused answer as a
#: plain failed lookup, so the middleware (on the retry) and the error reason look the name up here.
_BLOCKED_NAMES: dict[str, str] = {}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def refusal(url: str) -> str | None:
    """Why a request to ``url`` must not be sent (an IP literal, or a name known to resolve privately), or None."""
    host = url_host(url)
    return blocked_reason(host) or _BLOCKED_NAMES.get(host.lower())


class RedirectLoop(IgnoreRequest):
    """A redirect leads back to a URL already visited in the same redirect chain."""


class PartialContent(IgnoreRequest):
    """A ``206 Partial Content`` the crawler never asked for (it sends no ``Range``) whose ``Content-Range`` says the
    body is only a piece of the document, still so after the retries."""


class ErrorInDisguise(IgnoreRequest):
    """A ``2xx`` response whose body is an API gateway's error object (``{"error": "rate limited"}``: a rate limit or
    an outage answered as success), still so after the retries."""


class RobotsUnavailable(IgnoreRequest):
    """A request to a host skipped for this run: its robots.txt answered with a server error (5xx, 429) after the
    retries, which RFC 9309 (2.3.1.3) reads as "disallow everything"."""


class BadRedirect(IgnoreRequest):
    """A redirect to nowhere the crawler goes: another scheme (``file:``, ``data:``, ``ftp:``...) or no URL at all."""


#: Where the exceptions raised while undoing a ``Content-Encoding`` come from (gzip, deflate, brotli, zstd).
_DECODING_MODULES = ("gzip", "zlib", "brotli", "_brotli", "brotlicffi", "compression.zstd", "backports.zstd",
                     "zstandard")


_TOO_LARGE_MARKERS = ("max size", "maxsize")
_TIMEOUTS = ("DownloadTimeoutError", "TimeoutError", "TCPTimedOutError")
#: A host name that does not resolve (a dead or mistyped domain, an IDN the resolver does not know).
_DNS_FAILURES = ("CannotResolveHostError", "DNSLookupError")
#: Scrapy's and Twisted's wrappers of a failed download: what failed is only in their message.
_DOWNLOAD_FAILURES = ("DownloadFailedError", "ResponseFailed", "ResponseNeverReceived",
                      "DownloadConnectionRefusedError")
_CONNECTION_LOST_MARKERS = ("connectiondone", "connectionlost", "connection was closed", "connection to the other side",
                            "connectionaborted", "connection reset")


def fetch_error_reason(exception: BaseException | None, url: str | None = None) -> str:
    """A short, stable stats key for why a request failed (``newswatch/fetch/error/<reason>``).

    ``http_<status>`` for an HTTP error, ``too_large`` (over ``DOWNLOAD_MAXSIZE``, also while
    decompressing), ``timeout``, ``redirect_loop`` (also of meta refreshes), ``bad_redirect`` (to another
    scheme, or an unusable ``Location``), ``bad_content_encoding`` (a body its ``Content-Encoding`` cannot
    undo), ``partial_content`` (a 206 whose ``Content-Range`` is a piece of the
    document), ``json_error`` (a 2xx whose body is a JSON error object), ``too_many_redirects``,
    ``robots_disallowed``, ``robots_unavailable`` (a host whose robots.txt
    answered with a server error: skipped this run), ``private_address``, ``connection_refused``,
    ``connection_lost`` (the server hung up, or Twisted did on a response line it could not read),
    ``bad_response`` (a response Twisted could not parse: conflicting lengths, no status line), ``bad_url`` (a
    URL Scrapy could not send), ``dns_lookup`` (a host name that does not resolve), else the exception's class
    name.
    ``url`` (the failed request's) recognizes a lookup the guarded resolver refused.
    """
    if exception is None:
        return "Unknown"
    response = getattr(exception, "response", None)
    if response is not None and getattr(response, "status", None):
        return f"http_{response.status}"
    if isinstance(exception, PrivateAddressBlocked) or (url and url_host(url).lower() in _BLOCKED_NAMES):
        return "private_address"
    if isinstance(exception, RedirectLoop):
        return "redirect_loop"
    if isinstance(exception, BadRedirect):
        return "bad_redirect"
    if isinstance(exception, PartialContent):
        return "partial_content"
    if isinstance(exception, RobotsUnavailable):
        return "robots_unavailable"
    if isinstance(exception, ErrorInDisguise):
        return "json_error"
    if type(exception).__module__.startswith(_DECODING_MODULES):
        return "bad_content_encoding"
    name = type(exception).__name__
    message = str(exception).lower()
    if name == "DownloadCancelledError" or (isinstance(exception, IgnoreRequest)
                                            and any(m in message for m in _TOO_LARGE_MARKERS)):
        return "too_large"
    if "max redirections reached" in message:
        return "too_many_redirects"
    if isinstance(exception, IgnoreRequest) and "forbidden by robots.txt" in message:
        return "robots_disallowed"
    if name in _TIMEOUTS:
        return "timeout"
    if name in _DNS_FAILURES:
        return "dns_lookup"
    if name == "ValueError" and ("hostname" in message or "url" in message):
        return "bad_url"  # a request Scrapy could not send ("invalid hostname: user:pass@host")
    if name in _DOWNLOAD_FAILURES or name.startswith("ConnectionRefused"):
        # The log line carries the detail; the stat says which of the three it was. A response line or header
        # Twisted cannot read (a 100 KB header line, two different Content-Lengths, no status line) ends in a
        # parse error or in Twisted closing the connection itself: both "bad_response" / "connection_lost".
        if "refused" in message:
            return "connection_refused"
        if any(marker in message for marker in _CONNECTION_LOST_MARKERS):
            return "connection_lost"
        return "bad_response"
    return name
