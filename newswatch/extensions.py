"""Crawl-level extensions: the final stats as a JSON file, and a log formatter that keeps logs readable.

``StatsFile``: with ``NEWSWATCH_STATS_FILE`` set (a path; ``{spider}`` and ``{time}``
are substituted), the crawl's final stats are written there as JSON when the spider
closes. Off (``NotConfigured``) when unset.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.logformatter import LogFormatter


class StatsFile:
    def __init__(self, crawler, path_template: str):
        self.crawler = crawler
        self.path_template = path_template

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("NEWSWATCH_STATS_FILE")
        if not path:
            raise NotConfigured("NEWSWATCH_STATS_FILE is not set")
        ext = cls(crawler, path)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        path = Path(self.path_template.format(spider=spider.name, time=datetime.now(UTC).strftime("%Y%m%dT%H%M%S")))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")
        spider.logger.info("stats written to %s", path)


class QuietLogFormatter(LogFormatter):
    """Dropped items are logged as one INFO line with the reason, not the whole article."""

    def dropped(self, item, exception, response, spider):
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
