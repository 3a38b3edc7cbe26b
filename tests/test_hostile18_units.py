"""Hostile round 18's fixes, directly, each with its look-alike that must go through untouched: UTF-16 without a BOM
told by the byte position its NULs sit in (Cyrillic leaves the other one non-NUL); a UTF-8 BOM winning over a feed's
XML declaration of another encoding; a robots.txt ``Sitemap:`` that is no web page refused and said; a typographic
space around a feed's link (or its permalink ``<guid>``) said; a page gzipped twice under one ``Content-Encoding``;
and a MongoDB write (or the store's opening) refused because the database is locked taken as the store's passing
state, not the article's fault nor a reason not to crawl.
"""

from __future__ import annotations

import gzip
import sqlite3
import uuid

import pymongo
import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from newswatch.discovery import Notes, _absolute, parse_feed, robots_sitemaps
from newswatch.extract._html import _utf16_without_bom, decode_html, sniff_binary
from newswatch.middlewares import PlainBodyMiddleware
from newswatch.storage import StoreUnavailable, open_store
from tests._mongo_server import nx_available

_UK = ("<!DOCTYPE html><html lang=\"uk\"><head><title>Україна отримала від НАТО нові системи ППО</title></head><body>"
       "<article><h1>Україна отримала від НАТО нові системи ППО</h1><p>Генеральний секретар НАТО заявив, що альянс "
       "посилить протиповітряну оборону України до кінця зими. У Харкові після нічної атаки без світла залишилися "
       "кілька тисяч будинків.</p></article></body></html>")


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
def test_a_cyrillic_page_in_utf16_without_a_bom_is_read_as_utf16(codec):
    data = _UK.encode(codec)
    assert data.count(0) < len(data) // 4  # the old test (a quarter of the bytes NUL) missed it
    assert _utf16_without_bom(data[:2048]) == codec
    assert decode_html(data) == _UK
    assert sniff_binary(data) is None


def test_bytes_with_nuls_in_both_positions_are_no_utf16():
    padded = b"<html><head><title>NATO</title></head>" + b"\x00" * 3001 + b"<body><p>Story.</p></body></html>"
    assert _utf16_without_bom(padded[:2048]) is None
    archive = bytes(range(256)) * 16  # NULs, and every other byte value, at both positions
    assert _utf16_without_bom(archive[:2048]) is None
    assert _utf16_without_bom(_UK.encode("utf-8")[:2048]) is None


_FEED = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel><title>{title}</title>'
         "<item><title>{title}</title><link>https://news.example/{path}</link></item></channel></rss>")


def test_a_utf8_bom_wins_over_an_xml_declaration_of_another_encoding():
    body = b"\xef\xbb\xbf" + _FEED.format(title="Україна і НАТО", path="новини/ппо").encode("utf-8")
    notes = Notes()
    (entry,) = parse_feed(body, "https://news.example/rss", notes=notes)
    assert entry.url == "https://news.example/новини/ппо" and entry.title == "Україна і НАТО"
    assert [reason for reason, _ in notes.repairs] == ["byte_order_mark"]


@pytest.mark.parametrize("body", [
    # no BOM: the declaration is all there is, and it is right
    _FEED.format(title="Café crème à Genève", path="caf%C3%A9").encode("latin-1"),
    # a BOM before latin-1 bytes that are no UTF-8: the declaration is right, the BOM a template's stray one
    b"\xef\xbb\xbf" + _FEED.format(title="Café crème à Genève", path="caf%C3%A9").encode("latin-1"),
])
def test_a_feed_in_the_encoding_it_declares_is_read_by_it(body):
    notes = Notes()
    (entry,) = parse_feed(body, "https://news.example/rss", notes=notes)
    assert entry.title == "Café crème à Genève"
    assert "byte_order_mark" not in [reason for reason, _ in notes.repairs]


def test_a_robots_sitemap_that_is_no_web_page_is_refused_and_said():
    text = ("User-agent: *\nDisallow: /admin/\nSitemap: file:///etc/passwd\nSitemap: gopher://10.0.0.5:70/_x\n"
            "Sitemap: /sitemap-news.xml\nSitemap: https://cdn.example/sitemaps/index.xml\n")
    notes = Notes()
    assert robots_sitemaps(text, "https://news.example/robots.txt", notes) == [
        "https://news.example/sitemap-news.xml", "https://cdn.example/sitemaps/index.xml"]
    assert [link for link, _ in notes.refused] == ["file:///etc/passwd", "gopher://10.0.0.5:70/_x"]
    assert "file:" in notes.refused[0][1]


def test_a_good_robots_txt_refuses_nothing():
    notes = Notes()
    assert robots_sitemaps("Sitemap: https://news.example/sitemap.xml\n", "https://news.example/robots.txt", notes)
    assert not notes.refused and not notes.repairs


@pytest.mark.parametrize("href", ["\u00a0https://news.example/story\u00a0", "\u3000https://news.example/story",
                                  "https://news.example/story\u202f"])
def test_a_typographic_space_around_a_link_is_removed_and_said(href):
    notes = Notes()
    assert _absolute("https://news.example/rss", href, notes) == "https://news.example/story"
    assert [reason for reason, _ in notes.repairs] == ["invisible_characters"]


@pytest.mark.parametrize("href", ["  https://news.example/story\n", "\thttps://news.example/story\r\n"])
def test_layout_space_around_a_link_is_removed_silently(href):
    notes = Notes()
    assert _absolute("https://news.example/rss", href, notes) == "https://news.example/story"
    assert not notes.repairs


def _rss_item(item: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News</title>{item}</channel>'
            "</rss>").encode()


def test_a_thin_space_around_a_permalink_guid_is_removed_and_said():
    notes = Notes()
    (entry,) = parse_feed(_rss_item('<item><title>T</title><guid isPermaLink="true">\u2009https://news.example/'
                                    'story\u2009</guid></item>'), "https://news.example/rss", notes=notes)
    assert entry.url == "https://news.example/story"
    assert [reason for reason, _ in notes.repairs] == ["invisible_characters"]


def test_a_guid_that_is_no_link_is_still_an_entry_without_a_link():
    notes = Notes()
    assert not parse_feed(_rss_item("<item><title>T</title><guid>\u2009tag:news.example,2026:1</guid></item>"),
                          "https://news.example/rss", notes=notes)
    assert notes.no_link == 1 and not notes.refused and not notes.repairs


_PAGE = b"<!DOCTYPE html><html><head><title>NATO</title></head><body><p>" + b"A story about NATO. " * 200 + b"</p>"


def _answer(body: bytes, content_type: bytes, cls=HtmlResponse):
    return cls("https://news.example/story", body=body, request=Request("https://news.example/story"),
               headers={b"Content-Type": content_type, b"Content-Encoding": b"gzip"})


def test_a_page_gzipped_twice_is_labelled_with_both_codings():
    crawler = get_crawler()
    response = PlainBodyMiddleware.from_crawler(crawler).process_response(
        None, _answer(gzip.compress(gzip.compress(_PAGE)), b"text/html; charset=utf-8"))
    assert response.headers[b"Content-Encoding"] == b"gzip, gzip"
    assert crawler.stats.get_value("newswatch/fetch/gzipped_twice") == 1


@pytest.mark.parametrize(("body", "content_type"), [
    (gzip.compress(_PAGE), b"text/html; charset=utf-8"),  # gzipped once: the common case
    (gzip.compress(gzip.compress(b"<urlset></urlset>" * 50)), b"application/xml"),  # a .xml.gz sitemap: discovery's
], ids=["page_gzipped_once", "sitemap_xml_gz"])  # gzip stamps the time: ids keep xdist's workers agreeing
def test_a_page_gzipped_once_and_a_gzipped_sitemap_are_left_alone(body, content_type):
    crawler = get_crawler()
    response = PlainBodyMiddleware.from_crawler(crawler).process_response(None, _answer(body, content_type, Response))
    assert response.headers[b"Content-Encoding"] == b"gzip"
    assert not crawler.stats.get_value("newswatch/fetch/gzipped_twice")


def _article(n: int) -> dict:
    return {"url": f"https://news.example/story/{n}", "url_key": f"news.example/story/{n}",
            "title": f"Story {n} about NATO", "body": "NATO allies pledged more air defence for Ukraine. " * 20,
            "language": "en", "source": "example"}


@pytest.mark.skipif(not nx_available(), reason="nx-27017 is not installed")
def test_a_mongodb_write_refused_as_the_database_is_locked_is_the_stores_passing_state(nx_server):
    database = f"locked_{uuid.uuid4().hex[:8]}"
    store = open_store(mongo_uri=nx_server.uri, mongo_database=database, environ={})
    try:
        locker = sqlite3.connect(nx_server.data_dir / "db" / f"{database}.db", isolation_level=None, timeout=10)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreUnavailable, match="locked"):
                store.upsert_articles([_article(1), _article(2)])
        finally:
            locker.execute("COMMIT")
            locker.close()
        assert store.upsert_articles([_article(1), _article(2)]).inserted == 2  # back: the same batch written
    finally:
        store.close()
        with pymongo.MongoClient(nx_server.uri, serverSelectionTimeoutMS=2000) as client:
            client.drop_database(database)


@pytest.mark.skipif(not nx_available(), reason="nx-27017 is not installed")
def test_a_mongodb_locked_when_the_store_opens_is_unavailable_then_opens(nx_server):
    database = f"early_{uuid.uuid4().hex[:8]}"
    with pymongo.MongoClient(nx_server.uri, serverSelectionTimeoutMS=2000) as client:
        client[database]["articles"].insert_one({"url_key": "placeholder"})  # the database's file exists
        client[database]["articles"].delete_many({})
    locker = sqlite3.connect(nx_server.data_dir / "db" / f"{database}.db", isolation_level=None, timeout=10)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable, match="locked"):  # before: OperationFailure, and no crawl at all
            open_store(mongo_uri=nx_server.uri, mongo_database=database, environ={})
    finally:
        locker.execute("COMMIT")
        locker.close()
    store = open_store(mongo_uri=nx_server.uri, mongo_database=database, environ={})
    try:
        assert store.upsert_articles([_article(3)]).inserted == 1
    finally:
        store.close()
        with pymongo.MongoClient(nx_server.uri, serverSelectionTimeoutMS=2000) as client:
            client.drop_database(database)


from tests._mongo_server import nx_server_fixture  # noqa: E402, F401 - registers the nx_server fixture
