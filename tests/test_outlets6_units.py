"""Round 6's fixes on small inputs: the next page of a feed that pages (``discovery._feed_next_page``)."""

from __future__ import annotations

import pytest

from newswatch.discovery import feed_document

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
