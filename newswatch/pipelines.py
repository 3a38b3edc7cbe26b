"""Item pipelines: thin Scrapy shells over the pure stages, in this order.

=====  ====================  ==========================================================
 100   ValidatePipeline      drop items with no usable URL, title or body (stats: newswatch/dropped/<reason>)
 200   CleanPipeline         banner/paywall text removal (newswatch.clean)
 300   TopicsPipeline        topic scores; drop off-topic unless NEWSWATCH_TOPIC_FILTER=tag
 400   DedupPipeline         url_key, fingerprints, story clusters (newswatch.dedup)
 900   StorePipeline         batched idempotent upserts into MongoDB or the embedded store
=====  ====================  ==========================================================

Every dropped item says why in the log and in the stats.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)


class ValidatePipeline:
    """Drop items that are not articles.

    Settings: ``NEWSWATCH_MIN_WORDS`` (default 40): bodies shorter than this are dropped as ``too_short``
    unless the story is paywalled (a teaser is still a story).
    """

    def __init__(self, stats, min_words: int):
        self.stats = stats
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("NEWSWATCH_MIN_WORDS", 40))

    def _drop(self, reason: str, item) -> DropItem:
        self.stats.inc_value(f"newswatch/dropped/{reason}")
        return DropItem(f"{reason}: {item.get('url')}")

    def process_item(self, item):
        if not item.get("url") or not item.get("url_key"):
            raise self._drop("no_url", item)
        if not item.get("title"):
            raise self._drop("no_title", item)
        if not item.get("body"):
            raise self._drop("no_body", item)
        if item.get("word_count", 0) < self.min_words and not item.get("paywalled"):
            raise self._drop("too_short", item)
        self.stats.inc_value("newswatch/validated")
        return item
