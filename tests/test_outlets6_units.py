"""Round 6's fixes on small inputs: the next page of a feed that pages (``discovery._feed_next_page``), the period a
child sitemap's name gives (``discovery._named_period_end``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newswatch.discovery import _named_period_end, feed_document

_WP = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>Блог редакции</title><atom:link href="{self}" rel="self" type="application/rss+xml" />
<generator>https://wordpress.org/?v=6.7.1</generator>
<item><title>Мэрия Харькова открыла новые пункты несокрушимости</title><link>https://blog.example/punkty/</link>
<pubDate>Fri, 27 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>"""


@pytest.mark.parametrize(("url", "expected"), [
    ("https://blog.example/feed/", "https://blog.example/feed/?paged=2"),
    ("https://blog.example/category/war/feed/?paged=9", "https://blog.example/category/war/feed/?paged=10"),
    ("https://blog.example/feed/?cat=4&paged=2", "https://blog.example/feed/?cat=4&paged=3"),
    ("https://blog.example/?feed=rss2", "https://blog.example/?feed=rss2&paged=2"),
])
def test_a_wordpress_feed_goes_on_at_paged(url, expected):
    rows, notes = feed_document(_WP.format(self=url).encode(), url)
    assert len(rows) == 1 and notes.next_page == expected


def test_a_feed_names_its_next_page_with_rel_next():
    rss = _WP.replace("<generator>https://wordpress.org/?v=6.7.1</generator>",
                      '<atom:link rel="next" href="/news/rss?page=2"/>').format(self="https://site.example/news/rss")
    assert feed_document(rss.encode(), "https://site.example/news/rss")[1].next_page == \
        "https://site.example/news/rss?page=2"
    atom = """<feed xmlns="http://www.w3.org/2005/Atom"><title>Archive</title>
<link rel="self" href="https://site.example/atom"/><link rel="next" href="https://site.example/atom?before=88112"/>
<entry><title>Sweden hands over Archer howitzers</title><link href="https://site.example/a/1"/>
<updated>2026-11-27T10:00:00Z</updated></entry></feed>"""
    assert feed_document(atom.encode(), "https://site.example/atom")[1].next_page == \
        "https://site.example/atom?before=88112"


def test_a_feed_that_names_no_next_page_has_none():
    rss = _WP.replace("<generator>https://wordpress.org/?v=6.7.1</generator>", "<generator>Bitrix</generator>")
    assert feed_document(rss.format(self="https://site.example/rss").encode(), "https://site.example/rss")[1] \
        .next_page is None


@pytest.mark.parametrize(("name", "zone", "end"), [
    ("https://zn.example/sitemaps/news-2026-11-24.xml", None, "2026-11-25T12:00:00+00:00"),
    ("https://zn.example/sitemaps/news-2026-11-24.xml", "Europe/Kyiv", "2026-11-24T22:00:00+00:00"),
    ("https://site.example/sitemap/2026/11/30.xml", "America/New_York", "2026-12-01T05:00:00+00:00"),
    ("https://site.example/sitemap-posts-2026-10.xml", None, "2026-11-01T12:00:00+00:00"),
    ("https://site.example/sitemap-posts-2026-12.xml", "Europe/Moscow", "2026-12-31T21:00:00+00:00"),
])
def test_a_sitemap_named_by_its_day_or_month_ends_with_that_period_on_the_outlets_clock(name, zone, end):
    """Its last moment: on the declared clock, else as late as any clock's (UTC-12); round 6's holdout read the two
    daily sitemaps before the window (a day's margin past the period, whatever the clock)."""
    assert _named_period_end(name, ZoneInfo(zone) if zone else None) == datetime.fromisoformat(end)


_STORY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{{{{iso:{age}h}}}}"></head>
<body><article><h1>{title}</h1><p>{text}</p></article></body></html>"""
_WP_FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Blog</title>
<generator>https://wordpress.org/?v=6.7.1</generator>
<item><title>Kyiv says Russian drones hit a power plant near Lviv</title><link>{{base}}/wp/lviv</link>
<pubDate>{{rfc822:5h}}</pubDate></item></channel></rss>"""


def test_a_feed_whose_server_ignores_paged_is_read_once_more_not_ten_times(tmp_path):
    """A WordPress-generated feed behind a cache or proxy that drops the query answers page 1 again at ``?paged=2``:
    the crawl sees the repeat and stops there (one extra request, not nine)."""
    from tests.crawling import run_crawl
    from tests.mocksite import MockNewsSite, _text

    text = ("Ukraine's energy ministry said Russian drones struck a thermal power plant near Lviv overnight, cutting "
            "power to several districts while NATO allies pledged more air defence for Ukraine.")
    routes = {"/wp/feed/": _text(_WP_FEED, "application/rss+xml"),
              "/wp/lviv": _text(_STORY.format(title="Kyiv says Russian drones hit a power plant near Lviv", age=5,
                                              text=text), "text/html; charset=utf-8")}
    with MockNewsSite(routes=routes) as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/wp/feed/"), "since": "3d"},
                        settings={"NEWSWATCH_TOPIC_FILTER": "tag", "NEWSWATCH_EXTRACT_WORKERS": "0"}, timeout=120)
        hits = dict(site.hits)
    assert hits["/wp/feed/"] == 2, hits
    assert run.stats.get("newswatch/discovery/feed_pages") == 1
    assert "repeats page 1: it does not page" in run.log
