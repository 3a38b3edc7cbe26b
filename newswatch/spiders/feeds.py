"""The generic ``feeds`` spider for ad-hoc crawls of any feed or sitemap.

    scrapy crawl feeds -a feeds=URL[,URL...] -a sitemaps=URL[,URL...] [-a since=YYYY-MM-DD|Nd|all]

Items get ``source`` = the article's site (e.g. ``themoscowtimes.com``).
"""

from newswatch.spiders._base import NewsSpider


class FeedsSpider(NewsSpider):
    name = "feeds"
