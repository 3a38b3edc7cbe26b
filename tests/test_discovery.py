"""Feed and sitemap parsing on realistic documents, including broken ones."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from newswatch.discovery import Notes, NotXMLError, parse_feed, parse_sitemap, robots_sitemaps
from tests.mocksite import _ATOM, _NEWS_SITEMAP, _RDF, _RSS, _SITEMAP_INDEX, render

BASE = "https://news.example.org"
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def doc(template: str) -> bytes:
    return render(template, BASE, now=NOW).encode("utf-8")


def test_rss_entries_dates_and_categories():
    entries = parse_feed(doc(_RSS), BASE + "/rss.xml")
    assert [e.url for e in entries][:2] == [
        BASE + "/news/nato-air-defence-ukraine",
        BASE + "/news/kremlin-talks?utm_source=rss&utm_medium=feed",
    ]
    first = entries[0]
    assert first.via == "rss" and first.language == "en"
    assert first.published_at == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert first.keywords == ("NATO", "Ukraine")
    assert entries[1].authors == ("Anna Petrova",)


def test_categories_escaped_inside_cdata_keep_their_ampersand():
    # WordPress (ISW) escapes the term once more inside CDATA: "&amp;" is text there, and its ";" no separator
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Assessment</title>'
            b"<link>https://www.understandingwar.org/research/russia-ukraine/assessment</link>"
            b"<category><![CDATA[Russia &amp; Ukraine]]></category><category>Ukraine; Belarus</category>"
            b"<category><![CDATA[Q&A]]></category></item></channel></rss>")
    entries = parse_feed(feed, "https://www.understandingwar.org/feed")
    assert entries[0].keywords == ("Russia & Ukraine", "Ukraine", "Belarus", "Q&A")


def test_atom_uses_alternate_link_and_separates_published_from_updated():
    entries = parse_feed(doc(_ATOM), BASE + "/atom.xml")
    assert entries[0].url == BASE + "/news/kharkiv-drone-attack"
    assert entries[0].published_at == datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
    assert entries[0].modified_at == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    assert entries[0].authors == ("Serhiy Bondarenko",)
    # no <published>: only the modification date, which still drives the `since` filter
    assert entries[1].published_at is None and entries[1].date == datetime(2026, 11, 27, 0, 0, tzinfo=UTC)


def test_rdf_items_with_dublin_core_dates():
    entries = parse_feed(doc(_RDF), BASE + "/rdf.xml")
    assert [e.via for e in entries] == ["rdf", "rdf"]
    assert entries[0].language == "ru"
    assert entries[0].published_at == datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def test_google_news_sitemap_fields_are_read():
    result = parse_sitemap(doc(_NEWS_SITEMAP), BASE + "/sitemap-news.xml")
    first = result.entries[0]
    assert first.via == "news-sitemap"
    assert first.title == "Зеленський обговорив із генсеком НАТО посилення ППО України"
    assert first.language == "uk"
    assert first.keywords == ("НАТО", "ППО", "Зеленський")
    assert first.published_at == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


def test_sitemap_index_lists_children_with_lastmod():
    result = parse_sitemap(doc(_SITEMAP_INDEX), BASE + "/sitemap_index.xml")
    assert [url for url, _ in result.sitemaps] == [BASE + "/sitemap-news.xml", BASE + "/sitemap-archive.xml"]
    assert result.sitemaps[1][1] < result.sitemaps[0][1]
    assert result.entries == []


def test_gzipped_sitemap():
    result = parse_sitemap(gzip.compress(doc(_NEWS_SITEMAP)), BASE + "/sitemap-news.xml.gz")
    assert len(result.entries) == 4


def test_truncated_feed_keeps_entries_before_the_cut():
    body = doc(_RSS)
    cut = body[: body.index(b"<item><title>Local football")]
    entries = parse_feed(cut, BASE + "/rss.xml")
    assert len(entries) == 2


@pytest.mark.parametrize("body", [b"", b"   ", b"<!DOCTYPE html><html><body>Not a feed</body></html>",
                                  b"\x89PNG\r\n\x1a\n\x00\x00binary", b'{"json": true}'])
def test_not_a_feed_raises_a_clear_error(body):
    with pytest.raises(NotXMLError):
        parse_feed(body, BASE + "/rss.xml")
    with pytest.raises(NotXMLError):
        parse_sitemap(body, BASE + "/sitemap.xml")


def test_declared_entities_are_never_expanded_and_the_links_are_read():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&d;&ext;</title><link>https://news.example.org/a</link></item>
</channel></rss>"""
    # Nothing nested, huge or external is expanded (the title comes out empty); the story's link is still read.
    [entry] = parse_feed(bomb, BASE + "/rss.xml")
    assert entry.url == "https://news.example.org/a" and entry.title is None


def test_plain_declared_entities_of_an_old_cms_feed_are_put_in_the_text():
    feed = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [<!ENTITY mdash "&#8212;"><!ENTITY laquo "&#171;"><!ENTITY raquo "&#187;"><!ENTITY site "Ukrinform">]>
<rss version="2.0"><channel><title>&site; news</title>
<item><title>Zelensky &mdash; &laquo;we will not give up land&raquo;</title>
<link>https://news.example.org/z</link></item></channel></rss>"""
    notes = Notes()
    [entry] = parse_feed(feed, BASE + "/rss.xml", notes=notes)
    assert entry.title == "Zelensky — «we will not give up land»"
    assert "declared_entities" in [reason for reason, _ in notes.repairs]


def test_relative_and_unsafe_links():
    body = b"""<rss version="2.0"><channel>
<item><link>/news/relative</link></item>
<item><link>javascript:alert(1)</link></item>
<item><guid isPermaLink="true">https://news.example.org/by-guid</guid></item>
<item><guid isPermaLink="false">12345</guid></item>
</channel></rss>"""
    assert [e.url for e in parse_feed(body, BASE + "/feed")] == [BASE + "/news/relative", BASE + "/by-guid"]


def test_garbage_dates_become_none():
    body = b"""<rss version="2.0"><channel><item><link>https://news.example.org/x</link>
<pubDate>not a date at all</pubDate></item><item><link>https://news.example.org/y</link>
<pubDate>Mon, 01 Jan 2999 00:00:00 GMT</pubDate></item></channel></rss>"""
    assert [e.published_at for e in parse_feed(body, BASE)] == [None, None]


def test_robots_sitemap_lines():
    text = "User-agent: *\nDisallow: /private/\nSitemap: https://a.example/s1.xml\nsitemap:/s2.xml\n"
    assert robots_sitemaps(text, "https://a.example/robots.txt") == ["https://a.example/s1.xml",
                                                                     "https://a.example/s2.xml"]


# --- an outlet's declared clock (``timezone:``) for dates without an offset --------------------------------------

_NAIVE_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://www.e1.ru/text/gorod/2026/11/27/74412093/</loc><lastmod>2026-11-27T14:40:00</lastmod></url>
<url><loc>https://www.e1.ru/text/gorod/2026/11/27/74412100/</loc><lastmod>2026-11-27 14:40</lastmod>
<news:news><news:publication><news:name>E1</news:name><news:language>ru</news:language></news:publication>
<news:publication_date>2026-11-27T14:05:00</news:publication_date><news:title>Пункт сбора помощи</news:title>
</news:news></url>
<url><loc>https://www.e1.ru/text/gorod/2026/11/27/74412111/</loc><lastmod>2026-11-27T14:40:00+03:00</lastmod></url>
</urlset>
""".encode()

_NAIVE_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk"><title>Suspilne Kharkiv</title>
<entry><title>Obstril Kharkova</title><link href="https://suspilne.media/kharkiv/900001-obstril/"/>
<published>2026-11-27T14:40:00</published><updated>2026-11-27T15:10:00Z</updated></entry>
</feed>
"""


def test_a_sitemap_date_without_offset_is_read_in_the_declared_zone():
    plain, news, own_offset = parse_sitemap(_NAIVE_SITEMAP, "https://www.e1.ru/sitemap.xml",
                                            zone="Asia/Yekaterinburg").entries
    assert plain.modified_at == datetime(2026, 11, 27, 9, 40, tzinfo=UTC)
    assert news.published_at == datetime(2026, 11, 27, 9, 5, tzinfo=UTC)
    assert news.modified_at == datetime(2026, 11, 27, 9, 40, tzinfo=UTC)  # "2026-11-27 14:40", space separated
    assert own_offset.modified_at == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)  # its own +03:00 wins


def test_without_a_declared_zone_a_date_without_offset_stays_utc():
    plain, news, own_offset = parse_sitemap(_NAIVE_SITEMAP, "https://www.e1.ru/sitemap.xml").entries
    assert plain.modified_at == datetime(2026, 11, 27, 14, 40, tzinfo=UTC)
    assert news.published_at == datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
    assert own_offset.modified_at == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)


def test_a_feed_date_without_offset_is_read_in_the_declared_zone_and_a_bad_zone_degrades_to_utc():
    [kyiv] = parse_feed(_NAIVE_ATOM, "https://suspilne.media/kharkiv/atom.xml", zone="Europe/Kyiv")
    assert kyiv.published_at == datetime(2026, 11, 27, 12, 40, tzinfo=UTC)  # Kyiv is +2 in November
    assert kyiv.modified_at == datetime(2026, 11, 27, 15, 10, tzinfo=UTC)  # "Z": its own offset
    [bad] = parse_feed(_NAIVE_ATOM, "https://suspilne.media/kharkiv/atom.xml", zone="Kharkiv/Nowhere")
    assert bad.published_at == datetime(2026, 11, 27, 14, 40, tzinfo=UTC)


def test_a_sitemap_index_lastmod_and_an_rss_pubdate_take_the_zone_too():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.e1.ru/sitemap-news-1.xml</loc><lastmod>2026-11-27T14:40:00</lastmod></sitemap>
</sitemapindex>"""
    assert parse_sitemap(index, "https://www.e1.ru/sitemap.xml", zone="Asia/Yekaterinburg").sitemaps == [
        ("https://www.e1.ru/sitemap-news-1.xml", datetime(2026, 11, 27, 9, 40, tzinfo=UTC))]
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>E1</title>
<item><title>Новость</title><link>https://www.e1.ru/text/gorod/2026/11/27/74412093/</link>
<pubDate>Fri, 27 Nov 2026 14:40:00</pubDate></item></channel></rss>""".encode()
    [item] = parse_feed(rss, "https://www.e1.ru/rss.xml", zone="Asia/Yekaterinburg")
    assert item.published_at == datetime(2026, 11, 27, 9, 40, tzinfo=UTC)


def test_entities_declared_past_the_prolog_window_are_settled_in_the_tree():
    # The text pass reads the first 64 KB; a DOCTYPE after a long comment is settled after the parse instead.
    feed = (b'<?xml version="1.0"?>\n<!-- ' + b"x" * 70_000 + b' -->\n'
            b'<!DOCTYPE rss [<!ENTITY site "Ukrinform"><!ENTITY b "&site;&site;">]>\n'
            b'<rss version="2.0"><channel><item><title>&site; reports &b;</title>'
            b"<link>https://news.example.org/s</link></item></channel></rss>")
    notes = Notes()
    [entry] = parse_feed(feed, BASE + "/rss.xml", notes=notes)
    assert entry.title == "Ukrinform reports" and entry.url == "https://news.example.org/s"
    assert "declared_entities" in [reason for reason, _ in notes.repairs]
