"""Hostile round 9's fixes, directly: a body compressed in another coding than its label, tracking parameters
left out of the request, a Content-Length that is no number, a spill journal that cannot be written, and
maintenance notices (with the news briefs about a site's maintenance they must not catch)."""

from __future__ import annotations

import gzip
import logging
import zlib

import brotli
import pytest
from backports import zstd
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newswatch.extract import error_page_reason
from newswatch.middlewares import PlainBodyMiddleware
from newswatch.spiders._base import request_url
from newswatch.storage._spill import Journal

_HTML = (b"<!DOCTYPE html><html><body><article><p>" + "Повітряні сили ЗСУ. ".encode() * 40
         + b"</p></article></body></html>")


@pytest.mark.parametrize(("label", "encode", "read_as"), [
    (b"br", gzip.compress, b"gzip"),
    (b"deflate", gzip.compress, b"gzip"),
    (b"gzip", zlib.compress, b"deflate"),
    (b"br", zlib.compress, b"deflate"),
    (b"gzip", zstd.compress, b"zstd"),
    (b"zstd", gzip.compress, b"gzip"),
    # labelled right: left to Scrapy as they are
    (b"gzip", gzip.compress, b"gzip"),
    (b"br", brotli.compress, b"br"),
    (b"deflate", zlib.compress, b"deflate"),
    # no magic number to recognize brotli by: left to fail as bad_content_encoding (round 6's /u/br-labelled-gzip)
    (b"gzip", brotli.compress, b"gzip"),
    (b"gzip, br", gzip.compress, b"gzip, br"),
])
def test_a_body_is_read_in_the_coding_its_bytes_are_in(label, encode, read_as):
    crawler = get_crawler()
    middleware = PlainBodyMiddleware.from_crawler(crawler)
    response = HtmlResponse("https://news.example/a", body=encode(_HTML), headers={"Content-Encoding": label})
    out = middleware.process_response(Request(response.url), response)
    assert out.headers.get(b"Content-Encoding") == read_as
    assert crawler.stats.get_value("newswatch/fetch/content_encoding_corrected", 0) == int(read_as != label)


@pytest.mark.parametrize("label", [b"br", b"deflate", b"zstd"])
def test_a_gzip_body_under_another_label_is_recognized_whatever_its_header_time(label):
    # The gzip header carries the compression time; brotli reads the first bytes of some of those streams without
    # an error, which made CI's /v/br-label-on-gzip fail about one run in 25.
    middleware = PlainBodyMiddleware.from_crawler(get_crawler())
    read_as = [middleware.process_response(Request("https://news.example/a"), HtmlResponse(
        "https://news.example/a", body=gzip.compress(_HTML, mtime=1_700_000_000 + 7919 * i),
        headers={"Content-Encoding": label})).headers.get(b"Content-Encoding") for i in range(600)]
    assert set(read_as) == {b"gzip"}


def test_real_brotli_streams_stay_brotli():
    middleware = PlainBodyMiddleware.from_crawler(get_crawler())
    for quality in range(12):
        for size in (40, 200, 900):
            body = brotli.compress(_HTML[:size] + str(quality * size).encode(), quality=quality)
            out = middleware.process_response(Request("https://news.example/a"), HtmlResponse(
                "https://news.example/a", body=body, headers={"Content-Encoding": "br"}))
            assert out.headers.get(b"Content-Encoding") == b"br"


@pytest.mark.parametrize(("url", "fetched"), [
    ("https://www.pravda.com.ua/news/2026/11/28/7500001/?utm_source=facebook&utm_medium=social",
     "https://www.pravda.com.ua/news/2026/11/28/7500001/"),
    ("https://ria.ru/20261128/ataka.html?yclid=4471&_openstat=ZGlyZWN0&in=t", "https://ria.ru/20261128/ataka.html?in=t"),
    ("https://news.example/a?id=7&fbclid=IwAR0#comments", "https://news.example/a?id=7#comments"),
    ("https://news.example/%d0%bd%d0%be?page=2", "https://news.example/%D0%BD%D0%BE?page=2"),
    ("https://news.example/a?q=%2fx&gclid=1", "https://news.example/a?q=%2Fx"),
    ("https://news.example/a?id=7", "https://news.example/a?id=7"),
    ("https://news.example/a", "https://news.example/a"),
])
def test_a_story_is_fetched_without_its_tracking_parameters(url, fetched):
    assert request_url(url) == fetched


def test_a_content_length_that_is_no_number_is_moved_aside_for_the_middleware():
    from scrapy.core.downloader.handlers import http11

    import newswatch._downloader as downloader

    assert getattr(http11._LenientHTTPClientParser, "newswatch_tolerant", False)
    for value in (b"1234abc", b"none", b"12 34"):
        assert not downloader._LENGTH.fullmatch(value), value
    for value in (b"1234", b"42, 42", b" 7 "):
        assert downloader._LENGTH.fullmatch(value), value
    crawler = get_crawler()
    middleware = PlainBodyMiddleware.from_crawler(crawler)
    response = HtmlResponse("https://news.example/a", body=_HTML,
                            headers={downloader.BAD_CONTENT_LENGTH.decode(): "1234abc"})
    middleware.process_response(Request(response.url), response)
    assert crawler.stats.get_value("newswatch/fetch/bad_content_length") == 1


def test_a_journal_that_cannot_be_written_is_one_error_line(tmp_path, caplog):
    (tmp_path / "not-a-dir").write_text("a file")
    journal = Journal(tmp_path / "not-a-dir" / "spill")
    with caplog.at_level(logging.ERROR, logger="newswatch.storage._spill"):
        for n in range(5):
            journal.append({"url": f"https://news.example/{n}", "url_key": f"news.example/{n}"})
        assert journal.rotate() is None  # nothing was journaled: no file to hand a batch
        journal.close()
    assert len(caplog.records) == 1 and caplog.records[0].exc_info is None
    assert "cannot be written" in caplog.records[0].getMessage()


@pytest.mark.parametrize(("title", "body"), [
    ("Технічні роботи", "На сайті тривають технічні роботи. Вибачте за тимчасові незручності."),
    ("Сайт на техническом обслуживании", "Сайт временно недоступен. Приносим извинения за неудобства."),
    ("Kyiv Chronicle", "We’ll be back soon!\n\nSorry for the inconvenience. We’re performing some scheduled "
                       "maintenance at the moment."),
    ("Under maintenance | Kyiv Daily", "Please check back later."),
])
def test_a_maintenance_notice_is_an_error_page(title, body):
    assert error_page_reason(title, body)


@pytest.mark.parametrize(("title", "body"), [
    ("Diia is down", "The Diia website is down for maintenance after a cyberattack, the digital ministry said. "
                     "Services will be back on Monday."),
    ("Укренерго: на Київщині тривають технічні роботи", "Енергетики відновлюють мережі після обстрілу."),
    ("Maintenance of Patriot systems: Germany sends crews", "Germany will send engineers to Poland."),
    ("Госуслуги недоступны", "Портал Госуслуги на техническом обслуживании, сообщили в Минцифры."),
])
def test_a_brief_about_someone_else_s_maintenance_is_not(title, body):
    assert error_page_reason(title, body) is None
