"""The Article item: every stored field, documented once, here.

One Article becomes one document in the ``articles`` collection (MongoDB) or
one row of the ``articles`` table (embedded SQLite store). Dates are
timezone-aware UTC ``datetime`` objects in the item and in MongoDB, and ISO
8601 strings in JSON/CSV exports.
"""

from __future__ import annotations

import scrapy


class Article(scrapy.Item):
    # --- identity -----------------------------------------------------------
    url = scrapy.Field()
    """The URL the article was fetched from (after redirects)."""
    canonical_url = scrapy.Field()
    """``rel=canonical`` / ``og:url`` when on the same site, otherwise ``url``."""
    url_key = scrapy.Field()
    """The deduplication key derived from ``canonical_url``; unique in the store."""
    urls = scrapy.Field()
    """Every URL this article was seen under (aliases: tracking params, AMP, mobile hosts)."""
    source = scrapy.Field()
    """The outlet's name from ``sources.yaml`` (e.g. ``moscowtimes``); the spider name for ad-hoc crawls."""
    domain = scrapy.Field()
    """Registered host of ``canonical_url`` without ``www.`` (e.g. ``themoscowtimes.com``)."""

    # --- content ------------------------------------------------------------
    title = scrapy.Field()
    """Headline, whitespace collapsed, entities decoded, outlet suffix (" - Site") removed."""
    description = scrapy.Field()
    """Summary: structured data or meta description; else (or when cut short or the site's tagline) the standfirst
    shown under the headline, which the body leaves out."""
    authors = scrapy.Field()
    """List of person names; bylines are split ("By A and B"), 'Staff', emails and URLs are dropped."""
    section = scrapy.Field()
    """The outlet's section (``articleSection`` / ``article:section``), or None."""
    tags = scrapy.Field()
    """Keywords / tags, de-duplicated, in page order (includes ``news:keywords`` from news sitemaps)."""
    language = scrapy.Field()
    """ISO 639-1 code (``en``, ``uk``, ``ru``...), from the page, the feed, the outlet, or detection."""
    published_at = scrapy.Field()
    """First publication time, UTC. Never a modification date."""
    modified_at = scrapy.Field()
    """Last modification time, UTC, or None."""
    body = scrapy.Field()
    """Main text only; paragraphs separated by one blank line; banners, captions, related links removed."""
    word_count = scrapy.Field()
    """Number of words in ``body``."""
    image_url = scrapy.Field()
    """Lead image (``og:image`` / JSON-LD ``image``), absolute URL."""
    paywalled = scrapy.Field()
    """True when the outlet marks the story as not free (``isAccessibleForFree: false``) or only a teaser was served."""

    # --- processing record ----------------------------------------------------
    crawled_at = scrapy.Field()
    """When this copy was fetched, UTC."""
    first_seen_at = scrapy.Field()
    """When the store first saw this ``url_key``; never changes."""
    last_seen_at = scrapy.Field()
    """When the store last saw this ``url_key``."""
    revision = scrapy.Field()
    """1 for the first stored version; +1 each time the normalized body changes."""
    cleaning = scrapy.Field()
    """Audit of the cleaning stage: ``{"rules": {rule: chars_removed}, "chars_removed": total,
    "paywall_markers": [...]}``; rule names are ``generic:<kind>``, ``site:remove``, ``<lang>:<kind>``,
    ``common:<kind>`` or ``title`` (see ``newswatch/clean``)."""
    topics = scrapy.Field()
    """Per topic: ``{"nato": {"score": float, "terms": [...]}, ...}``."""
    topic_names = scrapy.Field()
    """Topics whose score passed the threshold, for indexed queries (``{"topic_names": "nato"}``)."""
    fingerprints = scrapy.Field()
    """Dedup fingerprints: exact body hash, near-duplicate signature, LSH band hashes."""
    story_id = scrapy.Field()
    """Cluster id shared by copies of the same story across outlets."""
    duplicate_of = scrapy.Field()
    """``url_key`` of the story's original when this document is a near/exact copy, else None: the first-seen copy,
    unless another outlet's copy published clearly earlier arrived later (then that one, see ``supersedes``)."""
    syndicated = scrapy.Field()
    """True when this document is a later copy of a story first published from another URL."""
    supersedes = scrapy.Field()
    """``url_key`` of the copy that was the story's original until this earlier-published one arrived (the store
    then makes it and its copies copies of this document), else None."""
    alternates = scrapy.Field()
    """The page's language editions, ``{hreflang: url}`` from ``<link rel="alternate" hreflang>`` (``{}``: none)."""
    translation_of = scrapy.Field()
    """``url_key`` of the first-stored edition of this article in another language (same outlet, same
    ``story_id``) when this document is one, else None; a translation is never ``duplicate_of``."""
    feed = scrapy.Field()
    """What discovery said about the entry: ``{"via": "rss|atom|rdf|sitemap|news-sitemap", "url": ...,
    "title": ..., "published_at": ..., "language": ..., "keywords": [...]}``."""
