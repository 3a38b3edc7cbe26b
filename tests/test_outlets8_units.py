"""Outlets round 8's fixes on their own: a feed that holds only its last N items, every one inside ``since``, with no
next page: the rest of the window is read from the sitemaps the robots.txt of its stories' host names
(``NewsSpider._window_in_sitemaps``; tests/fixtures/outlets8 ``babel8``)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from newswatch.sources import parse_sources
from newswatch.spiders.outlets import spider_class_for

FEED = "https://babel.ua/rss"


def _spider(since="2026-11-25T00:00:00+00:00", **entry):
    source = parse_sources({"babel": {"name": "Бабель", "url": "https://babel.ua/", "languages": ["uk"],
                                      "feeds": [FEED], **entry}})["babel"]
    cls = spider_class_for(source)
    crawler = get_crawler(cls, settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0})
    spider = cls.from_crawler(crawler, since=since)
    crawler.spider = spider
    return spider


def _rss(*dates: str, extra: str = "") -> bytes:
    items = "".join(f"<item><title>Новина {n}</title><link>https://babel.ua/news/{n}-novyna</link>"
                    f"<pubDate>{d}</pubDate></item>" for n, d in enumerate(dates, 1))
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>Бабель</title>{extra}{items}</channel></rss>").encode()


def _requests(spider, body: bytes, url: str = FEED) -> list[Request]:
    response = TextResponse(url, body=body, encoding="utf-8", request=Request(url))

    async def collect():
        return [r async for r in spider.parse_feed(response)]

    return [r for r in asyncio.run(collect()) if isinstance(r, Request)]


FRESH = ("Sat, 28 Nov 2026 08:30:00 +0200", "Fri, 27 Nov 2026 18:05:00 +0200")


def test_a_feed_whose_every_item_is_inside_since_reads_on_in_robots_sitemaps():
    spider = _spider()
    robots = [r for r in _requests(spider, _rss(*FRESH)) if r.url.endswith("/robots.txt")]
    assert [r.url for r in robots] == ["https://babel.ua/robots.txt"]
    assert spider.crawler.stats.get_value("newswatch/discovery/feed_window_short") == 1
    # once per host: a second feed of the same site does not ask again
    assert not [r for r in _requests(spider, _rss(*FRESH), "https://babel.ua/rss/ru") if r.url.endswith("robots.txt")]


def test_the_fallback_stays_off_where_the_feed_covers_the_window_or_sitemaps_are_named():
    old = _rss(*FRESH, "Mon, 23 Nov 2026 10:00:00 +0200")  # the feed reaches back past since
    assert not [r for r in _requests(_spider(), old) if r.url.endswith("robots.txt")]
    paged = _rss(*FRESH, extra='<atom:link rel="next" href="https://babel.ua/rss?page=2"/>')
    assert [r.url for r in _requests(_spider(), paged) if "robots" in r.url or "page=2" in r.url] == [
        "https://babel.ua/rss?page=2"]  # its next page is read instead
    named = _spider(sitemaps=["https://babel.ua/sitemap-news.xml"])  # read anyway
    assert not [r for r in _requests(named, _rss(*FRESH)) if r.url.endswith("robots.txt")]
    everything = _spider(since="all")  # would be the whole archive
    assert not [r for r in _requests(everything, _rss(*FRESH)) if r.url.endswith("robots.txt")]


def test_the_robots_txt_asked_is_the_stories_host_not_the_feeds():
    body = _rss(*FRESH).replace(b"https://babel.ua/news", b"https://www.dw.com/uk/news")
    robots = [r.url for r in _requests(_spider(), body, "https://rss.dw.com/xml/rss-uk-all") if "robots" in r.url]
    assert robots == ["https://www.dw.com/robots.txt"]


def test_a_site_without_robots_txt_leaves_the_feeds_window_as_it_is():
    spider = _spider()
    missing = TextResponse("https://babel.ua/robots.txt", status=404, body=b"<h1>Not found</h1>", encoding="utf-8")
    assert list(spider._parse_fallback_robots(missing)) == []
    listed = TextResponse("https://babel.ua/robots.txt", body=b"User-agent: *\nSitemap: https://babel.ua/news.xml\n",
                          encoding="utf-8")
    assert [r.url for r in spider._parse_fallback_robots(listed)] == ["https://babel.ua/news.xml"]


INDEX = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         b"<sitemap><loc>https://zn.ua/sitemap/2026-11-24.xml</loc></sitemap>"
         b"<sitemap><loc>https://zn.ua/sitemap/2026-11-25.xml</loc></sitemap></sitemapindex>")


def test_a_day_named_sitemap_is_read_on_the_clock_guessed_for_the_outlet():
    from newswatch.discovery import parse_sitemap

    # no timezone: declared: the day of a zn.ua sitemap's name is a Kyiv day (what genoutlet suggests for .ua)
    ends = dict(parse_sitemap(INDEX, "https://zn.ua/sitemap.xml", period_zone="Europe/Kyiv").sitemaps)
    assert ends["https://zn.ua/sitemap/2026-11-24.xml"] == datetime(2026, 11, 24, 22, tzinfo=UTC)
    # declared, it wins; neither: the westmost clock (a day may end as late as noon UTC of the next)
    declared = dict(parse_sitemap(INDEX, "https://zn.ua/sitemap.xml", zone="Asia/Tokyo", period_zone="Europe/Kyiv")
                    .sitemaps)
    assert declared["https://zn.ua/sitemap/2026-11-24.xml"] == datetime(2026, 11, 24, 15, tzinfo=UTC)
    unknown = dict(parse_sitemap(INDEX, "https://zn.ua/sitemap.xml").sitemaps)
    assert unknown["https://zn.ua/sitemap/2026-11-24.xml"] == datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_the_spider_guesses_the_outlets_clock_only_when_none_is_declared():
    zn = parse_sources({"zn": {"name": "ДТ", "url": "https://zn.ua/", "languages": ["uk", "ru"],
                               "sitemaps": ["https://zn.ua/robots.txt"]}})["zn"]
    cls = spider_class_for(zn)
    assert cls.from_crawler(get_crawler(cls, settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0}))._period_zone == \
        "Europe/Kyiv"
    assert _spider(timezone="Europe/Kyiv")._period_zone is None  # the declared zone is read as it is
    babel = _spider()
    assert babel._period_zone == "Europe/Kyiv"  # babel.ua: by its domain


def _sitemap_requests(spider, url: str, body: bytes) -> list[Request]:
    response = TextResponse(url, body=body, encoding="utf-8", request=Request(url))

    async def collect():
        return [r async for r in spider.parse_sitemap(response)]

    return [r for r in asyncio.run(collect()) if isinstance(r, Request)]


def test_a_sitemap_read_for_the_window_adds_its_dated_entries_only():
    spider = _spider()
    robots = TextResponse("https://babel.ua/robots.txt", encoding="utf-8",
                          body=b"Sitemap: https://babel.ua/wp-sitemap.xml\nSitemap: https://babel.ua/news.xml\n")
    assert len(list(spider._parse_fallback_robots(robots))) == 2
    # WordPress's index: undated children (every post the site ran) are not read; a dated one is
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>https://babel.ua/wp-sitemap-posts-post-1.xml</loc></sitemap>"
             b"<sitemap><loc>https://babel.ua/news-2.xml</loc><lastmod>2026-11-27T10:00:00+02:00</lastmod></sitemap>"
             b"</sitemapindex>")
    assert [r.url for r in _sitemap_requests(spider, "https://babel.ua/wp-sitemap.xml", index)] == [
        "https://babel.ua/news-2.xml"]
    urlset = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              b"<url><loc>https://babel.ua/news/1-a</loc><lastmod>2026-11-26T10:00:00+02:00</lastmod></url>"
              b"<url><loc>https://babel.ua/about/</loc></url></urlset>")
    assert [r.url for r in _sitemap_requests(spider, "https://babel.ua/news-2.xml", urlset)] == [
        "https://babel.ua/news/1-a"]
    assert spider.crawler.stats.get_value("newswatch/discovery/feed_window_undated") == 2
    # a sitemap the outlet names itself is read whole, as before
    named = _spider(sitemaps=["https://babel.ua/news-2.xml"])
    assert len(_sitemap_requests(named, "https://babel.ua/news-2.xml", urlset)) == 2
