"""Hostile round 17's fixes, directly: text encoded twice read back (and real text that looks like it left alone), a
JSON error object answered as success told from a JSON Feed or an API's data, the ``feed:`` scheme of a browser's feed
link, and a page printed twice cut only when the copy is the same document."""

from __future__ import annotations

import pytest

from newswatch.discovery import without_feed_scheme
from newswatch.extract._html import _second_copy_cut
from newswatch.extract._mojibake import undouble_utf8
from newswatch.middlewares import json_error
from tests.test_hostile17 import read_through

_UK = ("Україна отримала від НАТО нові системи протиповітряної оборони. «Це важливий крок», — сказав міністр. "
       "У Харкові після нічної атаки без світла залишилися кілька тисяч будинків.")
_EN = "Zelenskyy’s visit to the café — “a turning point”, said the naïve Señor Müller."


@pytest.mark.parametrize(("text", "codec"), [(_UK, "cp1251"), (_UK, "cp1252"), (_EN, "cp1252")])
def test_text_encoded_twice_is_read_back(text, codec):
    page = f"<html><body><h1>{text[:40]}</h1><p>{text}</p></body></html>"
    assert undouble_utf8(read_through(page, codec)) == page


@pytest.mark.parametrize("text", [
    _UK + " Рік тому Січ, Сім днів, Тієї ночі, «В» В° +5 °C, 25 µg, Ð, Ã, © 2026, № 5, 100 €.",
    "Сі Рі Гі Ді Ті Ві Мі " * 30,  # real words' openings that read back as something, many times over
    "SÃO PAULO — Brazil’s café exports, ±3%, 30°, µ",
])
def test_real_text_that_looks_encoded_twice_is_left_alone(text):
    assert undouble_utf8(text) is text


def test_a_page_encoded_twice_only_in_part_gets_that_part_read_back():
    template = "<nav>Головна · Новини · Політика</nav>"
    story = "<p>Україна отримала від НАТО нові системи. Кремль назвав рішення ескалацією. Київ готується.</p>"
    assert undouble_utf8(template + read_through(story, "cp1251")) == template + story


@pytest.mark.parametrize(("body", "expected"), [
    (b'{"error": "rate limited", "retry_after": 30}', ("rate limited", 30.0)),
    (b'\xef\xbb\xbf {"status": "error", "message": "Too Many Requests"}', ("Too Many Requests", None)),
    (b'{"errors": [{"code": 88, "message": "Rate limit exceeded"}]}',
     ('[{"code": 88, "message": "Rate limit exceeded"}]', None)),
    (b'{"detail": "Request was throttled. Expected available in 2 seconds."}',
     ("Request was throttled. Expected available in 2 seconds.", None)),
])
def test_a_json_error_object_is_recognised(body, expected):
    assert json_error(body) == expected


@pytest.mark.parametrize("body", [
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "News", "items": []}',
    b'{"error": null, "items": [{"url": "https://example.org/a"}]}',
    b'{"errors": [], "data": {"stories": []}}',
    b'{"status": "ok", "message": "fine"}',
    b"<!DOCTYPE html><html><body>{}</body></html>",
    b"[1, 2, 3]",
    b'{"error": "rate limited", "pad": "' + b"x" * 5000 + b'"}',  # too long for an error object: a document
])
def test_a_document_is_no_json_error(body):
    assert json_error(body) is None


@pytest.mark.parametrize(("url", "expected"), [
    ("feed://example.org/rss.xml", "http://example.org/rss.xml"),
    ("feed:https://example.org/rss.xml", "https://example.org/rss.xml"),
    ("FEED:http://example.org/rss", "http://example.org/rss"),
    ("feed:rss.xml", "feed:rss.xml"),
    ("https://example.org/feed://x", "https://example.org/feed://x"),
    ("https://feeds.example.org/rss", "https://feeds.example.org/rss"),
])
def test_the_feed_scheme_of_a_browsers_feed_link_is_dropped(url, expected):
    assert without_feed_scheme(url) == expected


_DOC = b"<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1><p>Story.</p></body></html>"


@pytest.mark.parametrize("between", [b"", b"\n\n", b"\n<!-- W3 Total Cache: served from disk -->\n"])
def test_a_page_printed_twice_is_cut_after_its_first_copy(between):
    page = _DOC % (b"One", b"One")
    assert _second_copy_cut(page + between + page) == page


def test_a_different_document_after_the_page_is_left_alone():
    page = _DOC % (b"Story", b"Story") + b"\n" + _DOC % (b"Fatal error", b"Fatal error")
    assert _second_copy_cut(page) == page
