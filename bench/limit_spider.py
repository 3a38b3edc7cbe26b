"""The benchmark's "limit": a bare Scrapy spider that fetches the same pages and does nothing with them."""

from __future__ import annotations

import scrapy

from newswatch.discovery import parse_sitemap


class LimitSpider(scrapy.Spider):
    name = "limit"
    # CONCURRENT_ITEMS as newswatch sets it: Scrapy starts that many tasks per response, items or not.
    custom_settings = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "SPIDER_MIDDLEWARES": {}, "CONCURRENT_ITEMS": 8}

    def __init__(self, sitemap=None, **kwargs):
        super().__init__(**kwargs)
        self.sitemap = sitemap

    async def start(self):
        yield scrapy.Request(self.sitemap, callback=self.parse_sitemap)

    def parse_sitemap(self, response):
        result = parse_sitemap(response.body, response.url)
        for url, _ in result.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, priority=-1)
        for entry in result.entries:
            yield scrapy.Request(entry.url, callback=self.parse_page)

    def parse_page(self, response):
        self.crawler.stats.inc_value("limit/pages")
