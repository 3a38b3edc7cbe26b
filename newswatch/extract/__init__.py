"""HTML -> article fields: metadata (JSON-LD, OpenGraph, meta, ``<time>``, URL), dates and main text.

Pure functions, no Scrapy imports, no I/O besides the package's own rule files. Parse a page once
and share the tree:

    tree = parse_html(body_bytes)            # never raises; bytes in any common encoding
    meta = extract_metadata(tree, url)       # structured data first; see _metadata.py
    ...                                      # (the cleaning stage may remove elements here)
    text = extract_body(tree, url, article_body=meta["article_body"])
    language = reconcile_language(meta["language"], text)   # the body's script overrides a wrong <html lang>

or all at once with :func:`extract_article`. :mod:`newswatch.extract.normalize` holds the value
normalizers (dates, bylines, language codes, whitespace) that the ArticleLoader uses as processors.
"""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from typing import Any

import lxml.html

from newswatch.extract._errorpage import challenge_name, challenge_vendor, error_page_reason
from newswatch.extract._html import decode_html, parse_html, sniff_binary
from newswatch.extract._language import guess_language, reconcile_language
from newswatch.extract._metadata import empty_metadata, extract_metadata

logger = logging.getLogger(__name__)


def __getattr__(name: str) -> Any:
    # extract_body brings trafilatura and its own imports (courlan, htmldate, justext...): ~4 MB of heap the crawl
    # process, which imports this package for sniffing, charsets and dates but extracts on the workers, does not need.
    if name == "extract_body":
        from newswatch.extract._body import extract_body

        return extract_body
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ARTICLE_FIELDS = (
    "title", "description", "authors", "published_at", "modified_at", "language", "section", "tags",
    "canonical_url", "image_url", "body", "paywalled_hint", "alternates",
)
"""Keys of :func:`extract_article`'s result, in order."""


def extract_article(html: str | bytes | lxml.html.HtmlElement | None, url: str | None = None, *,
                    fetched_at: datetime | None = None, zone: str | tzinfo | None = None) -> dict[str, Any]:
    """Every article field from one page; never raises.

    Returns the keys in :data:`ARTICLE_FIELDS`: strings or ``None``, ``authors`` and ``tags`` as
    lists, ``published_at`` / ``modified_at`` as aware UTC ``datetime`` or ``None``, ``body`` as
    text with paragraphs separated by one blank line (``""`` when none), ``paywalled_hint`` as
    ``True`` / ``False`` / ``None`` from ``isAccessibleForFree``. ``language`` is the declared one
    unless the body's script contradicts it, else guessed from the body. ``fetched_at`` (aware UTC, when
    the page was fetched) lets a publication time the page shows only relatively («Вчора, 18:30», «2 часа
    назад», "30 mins ago") be resolved; without it such a page gets no date from its text. ``zone``: the outlet's
    clock for dates without an offset (an IANA name; see :func:`extract_metadata`), else guessed.
    """
    from newswatch.extract._body import extract_body

    try:
        tree = html if isinstance(html, lxml.html.HtmlElement) else parse_html(html)
        meta = extract_metadata(tree, url, guess=False, fetched_at=fetched_at, zone=zone)
        body = extract_body(tree, url, article_body=meta["article_body"])
        meta["language"] = reconcile_language(meta["language"], body) or guess_language(
            " ".join(filter(None, [meta["title"], meta["description"]]))
        )
    except Exception:  # the pieces already degrade gracefully; this is the last guard
        logger.exception("article extraction failed for %s", url)
        meta, body = empty_metadata(), ""
    meta["body"] = body
    return {field: meta.get(field) for field in ARTICLE_FIELDS}


def preload() -> None:
    """Read and compile every rule file extraction uses (~0.15 s) now rather than on a worker's first pages: the worker
    pool's fork server calls it, so its workers share the rules instead of each building its own. Never raises: a
    rule file that fails to load is logged and left to fail where a page uses it, as without the preload."""
    from newswatch.extract import _appstate, _body, _errorpage, _metadata, normalize

    for load in (_body._rules, _body._prune_xpath, _metadata._rules, _metadata._zone_names,
                 _metadata._page_zone_rules, _appstate._rules, _errorpage._compiled, normalize._date_data,
                 normalize._city_zones, normalize._relative_rules, normalize._day_month_re, normalize._byline_rules,
                 normalize._language_data):
        try:
            load()
        except Exception:
            logger.exception("preloading %s.%s failed", load.__module__, load.__name__)


__all__ = [
    "ARTICLE_FIELDS",
    "challenge_name",
    "challenge_vendor",
    "decode_html",
    "error_page_reason",
    "extract_article",
    "extract_body",
    "extract_metadata",
    "guess_language",
    "parse_html",
    "preload",
    "reconcile_language",
    "sniff_binary",
]
