"""URL helpers shared by discovery, loading and dedup (pure).

``url_key`` is the storage key. The dedup package refines canonicalization
(tracking parameters, AMP, mobile hosts); this module is the single entry point
the rest of the code calls.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from w3lib.url import canonicalize_url

_STRIP_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def registered_domain(url: str) -> str:
    """Host without www./m./mobile./amp. prefixes: the outlet's site identity."""
    host = host_of(url)
    for prefix in _STRIP_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host


def same_site(a: str, b: str) -> bool:
    da, db = registered_domain(a), registered_domain(b)
    return bool(da) and (da == db or da.endswith("." + db) or db.endswith("." + da))


def url_key(url: str, canonical_url: str | None = None) -> str:
    """The dedup key: scheme-less canonical form of the same-site canonical URL, else of ``url``."""
    chosen = canonical_url if canonical_url and same_site(canonical_url, url) else url
    canon = canonicalize_url(chosen, keep_fragments=False)
    parts = urlsplit(canon)
    path = parts.path.rstrip("/") or "/"
    key = registered_domain(canon) + (f":{parts.port}" if parts.port and parts.port not in (80, 443) else "") + path
    return key + (f"?{parts.query}" if parts.query else "")
