"""Leftovers of hostile-input round 6 (docs/reliability.md): feed entries with no link at all (an RSS item whose only
link is a ``tag:`` GUID, a JSON Feed item without ``url``) are counted as ``no_link``, not as an unusable link or
not at all; an unclosed ``<title>`` whose text holds a bare ``<`` is closed where the text ends, not at that ``<``."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from newswatch.discovery import Notes, parse_feed
from newswatch.extract._html import close_raw_text

FEED = "https://news.example/feed"
DATASETS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets"


def _rss(*items: str) -> bytes:
    return f'<rss version="2.0"><channel>{"".join(items)}</channel></rss>'.encode()


def test_an_rss_item_whose_only_link_is_a_tag_guid_counts_as_no_link():
    body = _rss("<item><title>Kyiv talks</title><guid>tag:news.example,2026-11-28:/kyiv-talks</guid></item>",
                "<item><title>Permalink guid</title><guid>https://news.example/guid-story</guid></item>",
                "<item><title>Story</title><link>https://news.example/story</link></item>")
    notes = Notes()
    entries = parse_feed(body, FEED, notes=notes)
    assert [e.url for e in entries] == ["https://news.example/guid-story", "https://news.example/story"]
    assert notes.no_link == 1 and notes.refused == []


def test_an_unusable_rss_link_is_still_a_bad_link_not_a_missing_one():
    body = _rss("<item><title>Script</title><link>javascript:alert(1)</link><guid>tag:x,1</guid></item>")
    notes = Notes()
    assert parse_feed(body, FEED, notes=notes) == []
    assert notes.no_link == 0 and [link for link, _ in notes.refused] == ["javascript:alert(1)"]


def _json_feed(*items: dict) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Desk", "items": list(items)}).encode()


def test_a_json_feed_item_without_a_url_counts_as_no_link():
    body = _json_feed({"id": "1", "title": "No URL", "content_text": "Kyiv"},
                      {"id": "tag:news.example,2026:2", "title": "Tag id", "content_text": "Kharkiv"},
                      {"id": "3", "url": "https://news.example/story", "title": "Story"},
                      {"id": "4", "external_url": "https://other.example/linked", "title": "Linked"},
                      {"id": "5", "url": "mailto:desk@news.example", "title": "Mail"})
    notes = Notes()
    entries = parse_feed(body, FEED, notes=notes)
    assert [e.url for e in entries] == ["https://news.example/story", "https://other.example/linked"]
    assert notes.no_link == 2 and [link for link, _ in notes.refused] == ["mailto:desk@news.example"]


def test_a_json_feed_item_whose_id_is_its_url_is_kept():
    notes = Notes()
    entries = parse_feed(_json_feed({"id": "https://news.example/by-id", "title": "By id"}), FEED, notes=notes)
    assert [e.url for e in entries] == ["https://news.example/by-id"] and notes.no_link == 0


def _bbc_page(title: str) -> bytes:
    html = (DATASETS / "readability-news" / "bbc-1" / "source.html").read_bytes()
    old = b"<title>Obama admits US gun laws are his 'biggest frustration' - BBC News</title>"
    assert old in html
    return html.replace(old, b"<title>" + title.encode(), 1)


@pytest.mark.parametrize("title", [
    "Obama: gun deaths < 100 a day would still be too many - BBC News",
    "Ціни < 100 грн: що подорожчало - BBC News",
    "Obama: 3<4 and 2 < 3 - BBC News",
])
def test_an_unclosed_title_with_a_bare_less_than_is_closed_where_its_text_ends(title, caplog):
    repaired = close_raw_text(_bbc_page(title))
    tree = lxml.html.fromstring(repaired)
    assert tree.findtext(".//title").strip() == title
    assert tree.find(".//meta[@name='description']") is not None
    assert "gun laws" in tree.text_content()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("newswatch.extract")] == [
        "unclosed title: <title> never closed; closed where its text ends"]


def test_an_unclosed_title_on_one_line_with_the_head_is_closed_before_the_next_tag():
    body = (b'<html><head><title>Kyiv < Kharkiv? No<meta name="description" content="d"></head>'
            b"<body><article><p>Text.</p></article></body></html>")
    tree = lxml.html.fromstring(close_raw_text(body))
    assert tree.findtext(".//title") == "Kyiv < Kharkiv? No" and tree.find(".//meta") is not None
